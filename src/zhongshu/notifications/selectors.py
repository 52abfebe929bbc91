"""Reads of notifications, always scoped to the recipient."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhongshu.notifications.models import Notification


def notifications_for_user(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get_for_user(*, user, pk: int) -> Notification:
    """The user's own notification, or 404 (another person's notification does not exist)."""
    return get_object_or_404(Notification, pk=pk, recipient=user)
