"""The notifications API: my notifications with the unread count, mark one or all read."""

from __future__ import annotations

from datetime import datetime

from django.core.paginator import Paginator
from ninja import Query, Router, Schema

from zhongshu.flow.selectors import MASKED_TITLE
from zhongshu.notifications.selectors import (
    notification_get_for_user,
    notification_unread_count,
    notifications_for_user,
)
from zhongshu.notifications.services import notification_mark_read, notifications_mark_all_read

router = Router(tags=["notifications"])

PAGE_SIZE = 50


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    urgent: bool
    created_at: datetime
    read_at: datetime | None
    work_item_id: int | None

    # the title and body under the reader's clearance (notifications.selectors); a
    # notification read without them shows nothing rather than a title she may not see
    @staticmethod
    def resolve_title(obj) -> str:
        return getattr(obj, "shown_title", None) or str(MASKED_TITLE)

    @staticmethod
    def resolve_body(obj) -> str:
        return getattr(obj, "shown_body", "")


class NotificationListIn(Schema):
    unread: bool = False
    page: int = 1


class NotificationListOut(Schema):
    unread: int
    page: int
    pages: int
    total: int
    items: list[NotificationOut]


class NotificationReadAllOut(Schema):
    count: int


@router.get("/", response=NotificationListOut)
def notification_list(request, params: Query[NotificationListIn]):
    paginator = Paginator(
        notifications_for_user(user=request.user, unread_only=params.unread), PAGE_SIZE
    )
    page = paginator.get_page(params.page)
    return {
        "unread": notification_unread_count(user=request.user),
        "page": page.number,
        "pages": paginator.num_pages,
        "total": paginator.count,
        "items": list(page),
    }


@router.post("/{notification_id}/read", response=NotificationOut)
def notification_read(request, notification_id: int):
    notification = notification_get_for_user(user=request.user, pk=notification_id)
    return notification_mark_read(notification=notification, user=request.user)


@router.post("/read-all", response=NotificationReadAllOut)
def notification_read_all(request):
    return {"count": notifications_mark_all_read(user=request.user)}
