"""Refused accesses (a 403 or 404 answered to a signed-in person) in the audit trail.

A scan of ids must not flood the trail: each person gets at most ``LINES_PER_MINUTE``
``access_refused`` lines a minute; the rest are counted (``RefusalWindow``) and written as one
``access_refused_summary`` line once the minute is over: at the person's next refusal, or by
the periodic job (``audit_refusals_summarise``), whichever comes first.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhongshu.audit.models import AuditEvent, RefusalWindow
from zhongshu.audit.services import audit_record

#: Lines per person and minute: enough to see what a person tried, few enough that a scan of
#: 10,000 ids writes 10 lines and a summary instead of 10,000 lines.
LINES_PER_MINUTE = 10


def _window(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def access_refused_record(*, user: Any, path: str, method: str, status: int) -> bool:
    """Record that ``user`` was refused ``path`` (``status`` 403 or 404), within the limit.

    Returns whether a line of its own was written (False: only counted for the summary).
    Runs in its own transaction; the person's counter row is locked, so two requests of one
    person cannot both take the last line of the minute.
    """
    window = _window(timezone.now())
    with transaction.atomic():
        audit_refusals_summarise(person=user, before=window)
        counter, _ = RefusalWindow.objects.select_for_update().get_or_create(
            person=user, window=window
        )
        if counter.recorded < LINES_PER_MINUTE:
            RefusalWindow.objects.filter(pk=counter.pk).update(recorded=F("recorded") + 1)
            audit_record(
                actor=user,
                action="access_refused",
                result=AuditEvent.Result.DENIED,
                extra={"path": path[:300], "method": method, "status": status},
            )
            return True
        RefusalWindow.objects.filter(pk=counter.pk).update(
            suppressed=F("suppressed") + 1, last_path=path[:300]
        )
        return False


def audit_refusals_summarise(*, person: Any = None, before: datetime | None = None) -> int:
    """Write the summary line of every minute that is over and had refusals beyond the limit,
    and forget those minutes. Returns the number of summary lines written. Safe to run twice:
    the rows are locked and deleted in the same transaction as their summary."""
    before = before or _window(timezone.now())
    written = 0
    with transaction.atomic():
        closed = RefusalWindow.objects.select_for_update().filter(window__lt=before)
        if person is not None:
            closed = closed.filter(person=person)
        rows = list(closed.select_related("person").order_by("window", "pk"))
        for row in rows:
            if row.suppressed:
                audit_record(
                    actor=row.person,
                    action="access_refused_summary",
                    result=AuditEvent.Result.DENIED,
                    extra={
                        "window": timezone.localtime(row.window).isoformat(timespec="minutes"),
                        "window_end": timezone.localtime(
                            row.window + timedelta(minutes=1)
                        ).isoformat(timespec="minutes"),
                        "recorded": row.recorded,
                        "count": row.suppressed,
                        "last_path": row.last_path,
                    },
                )
                written += 1
        RefusalWindow.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return written
