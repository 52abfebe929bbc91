"""Sending notifications: stored in-app, mailed after commit, urgent ones also by SMS."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from zhongshu.notifications.channels.sms.transport import LoggingBackend
from zhongshu.notifications.models import Notification
from zhongshu.notifications.services import (
    notification_mark_read,
    notification_send,
    notifications_mark_all_read,
)


class RecordingSms:
    """A gateway for tests: what a configured SMS_BACKEND receives."""

    messages: list[tuple[str, str]] = []

    def send(self, phone, text):
        RecordingSms.messages.append((phone, text))


class BrokenSms:
    def send(self, phone, text):
        raise ConnectionError("gateway down")


@pytest.fixture
def reachable_clerk(clerk):
    clerk.email = "zhang@example.org"
    clerk.phone = "13900000001"
    clerk.save(update_fields=["email", "phone"])
    return clerk


def test_it_stores_the_notification_and_mails_after_commit(
    reachable_clerk, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notification_send(
            recipient=reachable_clerk, title="请核稿", body="关于防汛的请示", url="/documents/1/"
        )
        assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    assert Notification.objects.get().pk == notification.pk
    assert notification.read_at is None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["zhang@example.org"]
    assert mailoutbox[0].subject == "【中枢】请核稿"
    assert "/documents/1/" in mailoutbox[0].body


def test_a_rolled_back_step_sends_nothing(
    reachable_clerk, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notification_send(recipient=reachable_clerk, title="不会发出")
        raise RuntimeError("step failed")
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_people_without_an_address_get_the_in_app_copy_only(
    clerk, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipient=clerk, title="只在系统内", urgent=True)
    assert Notification.objects.filter(recipient=clerk).count() == 1
    assert mailoutbox == []


def test_only_urgent_notifications_go_by_sms_through_the_configured_gateway(
    reachable_clerk, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "tests.notifications.test_services.RecordingSms"
    RecordingSms.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipient=reachable_clerk, title="普通通知")
        notification_send(recipient=reachable_clerk, title="紧急：突发事件首报", urgent=True)
    assert RecordingSms.messages == [("13900000001", "【中枢】紧急：突发事件首报")]


def test_the_default_sms_gateway_only_logs(
    reachable_clerk, caplog, django_capture_on_commit_callbacks
):
    LoggingBackend.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipient=reachable_clerk, title="紧急会议", urgent=True)
    assert list(LoggingBackend.sent) == [("13900000001", "【中枢】紧急会议")]
    assert "SMS to 13900000001" in caplog.text


def test_a_broken_gateway_does_not_lose_the_in_app_notification(
    reachable_clerk, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "tests.notifications.test_services.BrokenSms"
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipient=reachable_clerk, title="紧急", urgent=True)
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_notification_needs_a_recipient_and_a_title(clerk):
    with pytest.raises(ValidationError, match="接收人"):
        notification_send(recipient=None, title="无人")
    with pytest.raises(ValidationError):
        notification_send(recipient=clerk, title="  ")
    assert Notification.objects.count() == 0


def test_marking_read_keeps_the_first_read_time_and_refuses_others(clerk, director):
    notification = notification_send(recipient=clerk, title="请阅")
    notification_mark_read(notification=notification, user=clerk)
    first = notification.read_at
    notification_mark_read(notification=notification, user=clerk)
    assert notification.read_at == first is not None
    with pytest.raises(Http404):
        notification_mark_read(notification=notification, user=director)


def test_mark_all_read_touches_only_my_unread(clerk, director):
    for i in range(3):
        notification_send(recipient=clerk, title=f"通知{i}")
    notification_send(recipient=director, title="主任的通知")
    assert notifications_mark_all_read(user=clerk) == 3
    assert notifications_mark_all_read(user=clerk) == 0
    assert Notification.objects.get(recipient=director).read_at is None


def test_the_logging_gateway_keeps_only_its_last_messages():
    """It runs in servers that never read what it keeps: memory must not grow with uptime."""
    LoggingBackend.sent.clear()
    for n in range(LoggingBackend.sent.maxlen + 5):
        LoggingBackend().send("13900000001", f"第{n}条")
    assert len(LoggingBackend.sent) == LoggingBackend.sent.maxlen
    assert LoggingBackend.sent[-1] == ("13900000001", f"第{LoggingBackend.sent.maxlen + 4}条")
    LoggingBackend.sent.clear()
