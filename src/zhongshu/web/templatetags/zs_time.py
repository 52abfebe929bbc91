"""Times as a clerk reads them: 今天 15:53, 明天 09:00, 11月24日 11:08 (domain.md §7).

ISO dates (2026-11-24 11:08) make a reader count days; the workbench, the notifications and
the delegations name the day relative to today when it is near, drop the year when it is this
year, and always show the local (``TIME_ZONE``) time. The audit trail keeps full timestamps.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def _today(now: datetime | None) -> datetime:
    return timezone.localtime(now or timezone.now())


@register.filter
def when(value: datetime | None, now: datetime | None = None) -> str:
    """``今天 15:53``, ``昨天 …``, ``明天 …``, ``11月24日 11:08`` or ``2025年11月24日 11:08``."""
    if not value:
        return ""
    local = timezone.localtime(value)
    today = _today(now).date()
    clock = local.strftime("%H:%M")
    days = (local.date() - today).days
    named = {-1: _("昨天"), 0: _("今天"), 1: _("明天")}
    if days in named:
        return f"{named[days]} {clock}"
    if local.year == today.year:
        return _("%(month)s月%(day)s日 %(clock)s") % {
            "month": local.month,
            "day": local.day,
            "clock": clock,
        }
    return _("%(year)s年%(month)s月%(day)s日 %(clock)s") % {
        "year": local.year,
        "month": local.month,
        "day": local.day,
        "clock": clock,
    }


@register.filter
def due_today(value: datetime | None, now: datetime | None = None) -> bool:
    """The deadline falls later today (not yet past): the workbench marks it 今日到期."""
    if not value:
        return False
    current = now or timezone.now()
    local = timezone.localtime(value)
    return value >= current and local.date() == _today(current).date()


@register.filter
def overdue_by(value: datetime | None, now: datetime | None = None) -> str:
    """How long past its deadline: ``已超期 3 天`` or ``已超期 5 小时`` (empty when not past)."""
    if not value:
        return ""
    late = (now or timezone.now()) - value
    if late <= timedelta(0):
        return ""
    if late >= timedelta(days=1):
        return _("已超期 %(n)s 天") % {"n": late.days}
    if late >= timedelta(hours=1):
        return _("已超期 %(n)s 小时") % {"n": int(late.total_seconds() // 3600)}
    return _("已超期 %(n)s 分钟") % {"n": max(1, int(late.total_seconds() // 60))}
