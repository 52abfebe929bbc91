"""Reads of notifications, always scoped to the recipient, with their titles under her current
clearance (``shown_title``/``shown_body``: the work items' rule, ``flow.selectors``)."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from zhongshu.notifications.models import Notification


def _shown(qs: QuerySet[Notification], *, user=None, clearance=None) -> QuerySet[Notification]:
    from zhongshu.flow.selectors import with_shown_titles

    return with_shown_titles(
        qs,
        user=user,
        clearance=clearance,
        prefix="work_item__",
        body="body",
        own_classification="classification",
    )


def notifications_for_user(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return _shown(qs, user=user).order_by("-created_at", "-id")


def notification_unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get_for_user(*, user, pk: int) -> Notification:
    """The user's own notification, or 404 (another person's notification does not exist)."""
    return get_object_or_404(_shown(Notification.objects.all(), user=user), pk=pk, recipient=user)


def notifications_for_delivery(*, ids: list[int]) -> list[Notification]:
    """The notifications to hand to the e-mail and SMS channels, with their recipients and
    with ``shown_title``/``shown_body`` as each recipient may see them now: one query for a
    whole batch (the flow scan sends hundreds)."""
    if not ids:
        return []
    return list(
        _shown(
            Notification.objects.filter(pk__in=ids).select_related("recipient"),
            clearance=F("recipient__clearance"),
        ).order_by("id")
    )
