"""The unread badge of the top bar: ``unread_notifications`` (an int) on every page."""

from __future__ import annotations

from zhongshu.notifications.selectors import notification_unread_count


def unread(request):
    """One COUNT query per page for a signed-in person; nothing for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": notification_unread_count(user=user)}
