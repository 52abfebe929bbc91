"""Pages of notifications: the list, opening one (marks it read), mark all read, the badge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.notifications.selectors import (
    notification_get_for_user,
    notifications_for_user,
)
from zhongshu.notifications.services import notification_mark_read, notifications_mark_all_read

PAGE_SIZE = 30


@login_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    qs = notifications_for_user(user=request.user, unread_only=unread_only)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "unread_only": unread_only})


@login_required
def notification_open(request, pk: int):
    """Mark the notification read and go where it points (only to this site)."""
    notification = notification_get_for_user(user=request.user, pk=pk)
    notification_mark_read(notification=notification, user=request.user)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_all_read(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, _("已将 %(count)d 条通知标为已读。") % {"count": count})
    return redirect("notifications:list")


@login_required
def notification_badge(request):
    """The htmx-polled badge (``unread_notifications`` comes from the context processor)."""
    return render(request, "notifications/_badge.html")
