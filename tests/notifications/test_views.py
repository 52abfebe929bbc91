"""Notification pages, badge and API through HTTP: only the recipient sees a notification."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from zhongshu.notifications.models import Notification
from zhongshu.notifications.services import notification_send


def test_the_list_shows_my_notifications_only(client, clerk, director):
    notification_send(recipient=clerk, title="请核稿：防汛方案")
    notification_send(recipient=director, title="主任的机密通知")
    client.force_login(clerk)

    response = client.get(reverse("notifications:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "请核稿：防汛方案" in html
    assert "主任的机密通知" not in html
    assert response.context["unread_notifications"] == 1


def test_the_unread_filter(client, clerk):
    read = notification_send(recipient=clerk, title="已读的")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    notification_send(recipient=clerk, title="未读的")
    client.force_login(clerk)
    html = client.get(reverse("notifications:list"), {"unread": "1"}).content.decode()
    assert "未读的" in html
    assert "已读的" not in html


def test_opening_marks_read_and_follows_the_link(client, clerk):
    notification = notification_send(recipient=clerk, title="请核稿", url="/documents/3/")
    client.force_login(clerk)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/documents/3/"
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_an_offsite_link_is_not_followed(client, clerk):
    notification = notification_send(recipient=clerk, title="钓鱼", url="https://evil.example/")
    client.force_login(clerk)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_someone_elses_notification_does_not_exist_for_me(client, clerk, outsider):
    notification = notification_send(recipient=clerk, title="请核稿")
    client.force_login(outsider)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_mark_all_read_by_post(client, clerk):
    for i in range(2):
        notification_send(recipient=clerk, title=f"通知{i}")
    client.force_login(clerk)
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "已将 2 条通知标为已读" in response.content.decode()
    assert not Notification.objects.filter(recipient=clerk, read_at__isnull=True).exists()


def test_the_badge_partial_refreshes_on_return_and_shows_the_unread_count(client, clerk):
    notification_send(recipient=clerk, title="一")
    notification_send(recipient=clerk, title="二")
    client.force_login(clerk)
    response = client.get(reverse("notifications:badge"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-unread="2"' in html
    assert 'hx-trigger="visibilitychange' in html  # not on a timer: see test_policy


def test_every_page_carries_the_unread_count(client, clerk):
    notification_send(recipient=clerk, title="一")
    client.force_login(clerk)
    response = client.get(reverse("web:workbench"))
    assert response.context["unread_notifications"] == 1


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302


def test_the_api_lists_and_marks_read(client, clerk, outsider):
    mine = notification_send(recipient=clerk, title="请核稿")
    notification_send(recipient=clerk, title="请阅")
    theirs = notification_send(recipient=outsider, title="外单位通知")
    client.force_login(clerk)

    listing = client.get("/api/notifications/").json()
    assert listing["unread"] == 2
    assert {n["title"] for n in listing["items"]} == {"请核稿", "请阅"}

    read = client.post(f"/api/notifications/{mine.pk}/read")
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert client.post(f"/api/notifications/{theirs.pk}/read").status_code == 404
    assert client.post("/api/notifications/read-all").json() == {"count": 1}
    assert client.get("/api/notifications/", {"unread": True}).json()["items"] == []


def test_the_list_dates_a_notification_as_today_not_in_iso(client, clerk):
    notification = notification_send(recipient=clerk, title="今天的通知")
    client.force_login(clerk)
    html = client.get(reverse("notifications:list")).content.decode()
    local = timezone.localtime(notification.created_at)
    assert f"今天 {local:%H:%M}" in html
    assert f"{local:%Y-%m-%d}" not in html


def test_the_unread_filter_says_when_nothing_is_unread(client, clerk):
    client.force_login(clerk)
    html = client.get(reverse("notifications:list"), {"unread": "1"}).content.decode()
    assert "没有未读通知" in html
