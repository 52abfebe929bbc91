"""The periodic scan: reminders before deadlines, escalation after, each sent exactly once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from tests.organs.factories import PostFactory, UserFactory
from zhongshu.flow import scan
from zhongshu.flow.models import WorkItem
from zhongshu.flow.scan import flow_scan
from zhongshu.flow.services import workitem_complete, workitem_create, workitem_hand_over
from zhongshu.flow.tasks import flow_scan_task
from zhongshu.notifications.models import Notification
from zhongshu.organs.models import Delegation
from zhongshu.organs.selectors import supervisor_of, supervisors_for

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def _item(assignee, deadline, **kwargs):
    return workitem_create(
        assignee=assignee,
        kind=WorkItem.Kind.TODO,
        module=WorkItem.Module.SUPERVISION,
        action="承办",
        title="落实全市防汛工作部署",
        url="/supervision/7/",
        deadline=deadline,
        post=assignee.posts.first(),
        **kwargs,
    )


def test_it_does_not_remind_while_the_deadline_is_far(clerk):
    with time_machine.travel(T0, tick=False):
        _item(clerk, T0 + timedelta(hours=settings.REMIND_BEFORE_HOURS + 1))
        result = flow_scan()
    assert (result.reminded, result.escalated) == (0, 0)
    assert Notification.objects.count() == 0


def test_it_reminds_the_assignee_once_before_the_deadline(clerk):
    """GIVEN an item due in 10 hours (inside the reminder window)
    WHEN the scan runs twice
    THEN the assignee has exactly one reminder, linked to the item."""
    with time_machine.travel(T0, tick=False):
        item = _item(clerk, T0 + timedelta(hours=10))
        first = flow_scan()
        second = flow_scan()

    assert (first.reminded, second.reminded) == (1, 0)
    notification = Notification.objects.get()
    assert notification.recipient == clerk
    assert notification.work_item == item
    assert notification.title.startswith("即将到期")
    assert notification.url == "/supervision/7/"
    item.refresh_from_db()
    assert item.reminded_at == T0
    assert item.escalated_at is None


def test_it_escalates_an_overdue_item_to_the_supervisor_once(clerk, director):
    with time_machine.travel(T0, tick=False):
        item = _item(clerk, T0 + timedelta(hours=30))
    with time_machine.travel(T0 + timedelta(hours=31), tick=False):
        first = flow_scan()
        second = flow_scan()

    assert (first.reminded, first.escalated) == (1, 1)
    assert (second.reminded, second.escalated) == (0, 0)
    to_clerk = Notification.objects.get(recipient=clerk)
    assert to_clerk.title.startswith("已超期")
    to_director = Notification.objects.get(recipient=director)
    assert to_director.title.startswith("超期督促")
    assert "张文书" in to_director.title
    assert to_director.work_item == item


def test_an_item_without_a_supervisor_is_claimed_and_listed_not_retried(principal):
    with time_machine.travel(T0, tick=False):
        item = _item(principal, T0 - timedelta(hours=1))
        first = flow_scan()
        second = flow_scan()
    assert first.escalated == 0
    assert first.no_supervisor == [item.pk]
    assert second.no_supervisor == []
    assert Notification.objects.filter(recipient=principal).count() == 1  # the overdue reminder


def test_done_and_undated_items_are_never_reminded(clerk):
    with time_machine.travel(T0, tick=False):
        done = _item(clerk, T0 + timedelta(hours=1))
        workitem_complete(item=done, actor=clerk)
        _item(clerk, None)
        result = flow_scan()
    assert (result.reminded, result.escalated) == (0, 0)
    assert Notification.objects.count() == 0


def test_a_pending_reminder_survives_hand_over_and_reaches_the_successor(
    clerk, director, system_admin
):
    """GIVEN an item with a deadline, not yet reminded
    WHEN the clerk's work is handed over and the reminder window opens
    THEN the successor is reminded (the deadline stayed on the item) and the clerk is not."""
    successor = UserFactory(full_name="孙接任")
    with time_machine.travel(T0, tick=False):
        item = _item(clerk, T0 + timedelta(days=3))
        workitem_hand_over(from_user=clerk, to_user=successor, actor=system_admin, reason="轮岗")
    with time_machine.travel(T0 + timedelta(days=2, hours=12), tick=False):
        result = flow_scan()
    assert result.reminded == 1
    reminder = Notification.objects.get(work_item=item)
    assert reminder.recipient == successor
    assert not Notification.objects.filter(recipient=clerk).exists()


def test_the_scan_command_and_the_celery_task_run_the_same_scan(clerk, capsys):
    with time_machine.travel(T0, tick=False):
        _item(clerk, T0 + timedelta(hours=2))
        _item(clerk, T0 + timedelta(hours=3))
        call_command("scan")
        out = capsys.readouterr().out
        assert "提醒 2 项" in out
        assert flow_scan_task().startswith("提醒 0 项")
    assert Notification.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_send_each_reminder_once(clerk, director):
    """GIVEN 20 overdue items
    WHEN two scans run at the same moment in two threads (two connections)
    THEN every item has one reminder and one escalation in total."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent claims need PostgreSQL; SQLite serialises writers")
    with time_machine.travel(T0, tick=False):
        items = [_item(clerk, T0 + timedelta(hours=1)) for _ in range(20)]
    results = []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(flow_scan(now=T0 + timedelta(hours=2)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sum(r.reminded for r in results) == 20
    assert sum(r.escalated for r in results) == 20
    assert Notification.objects.filter(recipient=clerk).count() == 20
    assert Notification.objects.filter(recipient=director).count() == 20
    assert all(WorkItem.objects.get(pk=i.pk).escalated_at is not None for i in items)


def test_a_reminder_also_reaches_whoever_acts_for_the_assignee(clerk, director, system_admin):
    """GIVEN the director delegated document work to the clerk for the week
    WHEN the director's document step nears its deadline
    THEN both the director and the clerk (as "代 李主任") are reminded, once."""
    with time_machine.travel(T0, tick=False):
        Delegation.objects.create(
            principal=director,
            delegate=clerk,
            scope=Delegation.Scope.DOCUMENTS,
            starts_at=T0 - timedelta(days=1),
            ends_at=T0 + timedelta(days=6),
            created_by=system_admin,
        )
        workitem_create(
            assignee=director,
            kind=WorkItem.Kind.TODO,
            module=WorkItem.Module.DOCUMENTS,
            action="审核",
            title="关于防汛的请示",
            deadline=T0 + timedelta(hours=5),
        )
        _item(clerk, T0 + timedelta(days=5))  # the clerk's own item, not yet due
        flow_scan()
        flow_scan()
    assert Notification.objects.filter(recipient=director).count() == 1
    to_clerk = Notification.objects.get(recipient=clerk)
    assert to_clerk.title.startswith("（代 李主任）即将到期")


def _bulk_due(assignee, n, deadline):
    post = assignee.posts.first()
    WorkItem.objects.bulk_create(
        [
            WorkItem(
                assignee=assignee,
                post=post,
                kind=WorkItem.Kind.TODO,
                module=WorkItem.Module.SUPERVISION,
                action="承办",
                title=f"事项{i}",
                deadline=deadline,
            )
            for i in range(n)
        ]
    )


def test_a_backlog_larger_than_a_batch_is_sent_once_in_one_scan(clerk, director, monkeypatch):
    """GIVEN 7 overdue items and batches of 3
    WHEN the scan runs twice
    THEN the first run reminds and escalates all 7 (three batches each), the second nothing."""
    monkeypatch.setattr(scan, "BATCH", 3)
    _bulk_due(clerk, 7, T0 - timedelta(hours=1))
    first = flow_scan(now=T0)
    second = flow_scan(now=T0)
    assert (first.reminded, first.escalated) == (7, 7)
    assert (second.reminded, second.escalated, second.no_supervisor) == (0, 0, [])
    assert Notification.objects.filter(recipient=clerk).count() == 7
    assert Notification.objects.filter(recipient=director).count() == 7
    assert not WorkItem.objects.filter(reminded_at__isnull=True).exists()


def test_the_scan_costs_the_same_queries_for_5_or_50_items(clerk, director):
    """Queries per batch, not per item: list and lock, claim, load, delegations or supervisors,
    one INSERT of the notifications."""

    def queries(now) -> int:
        with CaptureQueriesContext(connection) as ctx:
            result = flow_scan(now=now)
        assert result.reminded and result.escalated
        return len(ctx.captured_queries)

    _bulk_due(clerk, 5, T0 - timedelta(hours=1))
    few = queries(T0)
    _bulk_due(clerk, 50, T0 + timedelta(hours=1))
    assert queries(T0 + timedelta(hours=2)) == few
    assert few <= 20


def test_an_item_whose_message_fails_is_released_for_the_next_scan(clerk, monkeypatch):
    """GIVEN three due items, one of which cannot be worded
    WHEN the scan runs
    THEN the two others are reminded and the third keeps no claim; the next scan sends it."""
    _bulk_due(clerk, 3, T0 + timedelta(hours=1))
    bad = WorkItem.objects.order_by("pk").last()
    real = scan._reminders

    def flaky(item, delegates, now):
        if item.pk == bad.pk:
            raise RuntimeError("wording failed")
        return real(item, delegates, now)

    monkeypatch.setattr(scan, "_reminders", flaky)
    first = flow_scan(now=T0)
    assert first.reminded == 2
    bad.refresh_from_db()
    assert bad.reminded_at is None
    monkeypatch.setattr(scan, "_reminders", real)
    assert flow_scan(now=T0).reminded == 1
    assert Notification.objects.filter(work_item=bad).count() == 1


def test_supervisors_for_a_batch_agree_with_supervisor_of(clerk, director, principal, office_a):
    """Vacant seats are skipped, a person without a post uses their first post, the top has
    nobody; the batch answer equals the one-person walk for each."""
    vacant = PostFactory(
        department=office_a, title="副主任", holder=None, reports_to=director.posts.first()
    )
    under_vacant = PostFactory(department=office_a, title="科员", reports_to=vacant)
    newcomer = under_vacant.holder
    seats = [
        (clerk, clerk.posts.first()),
        (clerk, None),
        (newcomer, under_vacant),
        (newcomer, None),
        (principal, principal.posts.first()),
        (UserFactory(), None),  # no post at all
    ]
    batch = supervisors_for(seats=seats)
    for user, post in seats:
        assert batch[(user.pk, post.pk if post else None)] == supervisor_of(user=user, post=post)
    assert batch[(newcomer.pk, under_vacant.pk)] == director


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_in_small_batches_send_each_message_once(clerk, director, monkeypatch):
    """GIVEN 25 overdue items and batches of 4 (so the scans interleave batch by batch)
    WHEN two scans run at once
    THEN between them every item is reminded and escalated exactly once."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent claims need PostgreSQL; SQLite serialises writers")
    monkeypatch.setattr(scan, "BATCH", 4)
    _bulk_due(clerk, 25, T0 - timedelta(hours=1))
    results = []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(flow_scan(now=T0))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(results) == 2
    assert sum(r.reminded for r in results) == 25
    assert sum(r.escalated for r in results) == 25
    assert Notification.objects.filter(recipient=clerk).count() == 25
    assert Notification.objects.filter(recipient=director).count() == 25
    assert flow_scan(now=T0).reminded == 0
