"""The periodic scan: remind people before deadlines, escalate overdue items to supervisors.

Runs every few minutes, as a Celery beat task in production (``zhongshu.config.schedule``),
as a thread in the embedded server (``zhongshu.flow.embedded``), or by hand (``zhongshu scan``).
It may run twice at once (two beat processes, a manual run during an automatic one), so each
item is *claimed* with a conditional UPDATE before anyone is told: only the process whose
UPDATE changed the row sends the notification (the pattern of healthchecks' sendalerts).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zhongshu.flow.models import WorkItem
from zhongshu.flow.selectors import workitem_delegates
from zhongshu.notifications.services import notification_send
from zhongshu.organs.selectors import supervisor_of

logger = logging.getLogger(__name__)

BATCH = 500  # items claimed per query; the next scan takes the rest


@dataclass
class ScanResult:
    """What one scan did: how many reminders and escalations it sent, and which it could not."""

    reminded: int = 0
    escalated: int = 0
    no_supervisor: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return _("提醒 %(r)d 项，督促 %(e)d 项，无上级可督促 %(n)d 项") % {
            "r": self.reminded,
            "e": self.escalated,
            "n": len(self.no_supervisor),
        }


def _local(dt) -> str:
    return date_format(timezone.localtime(dt), "Y-m-d H:i")


def _remind(item: WorkItem, now) -> bool:
    """Claim the item's reminder and notify the assignee; False if another scan claimed it."""
    with transaction.atomic():
        claimed = WorkItem.objects.filter(
            pk=item.pk, state=WorkItem.State.OPEN, reminded_at__isnull=True
        ).update(reminded_at=now)
        if claimed != 1:
            return False
        # Re-read: a hand-over may have changed the assignee since the scan listed the item.
        item.refresh_from_db(fields=["assignee", "deadline"])
        overdue = item.deadline < now
        title = (
            _("已超期：%(title)s") % {"title": item.title}
            if overdue
            else _("即将到期：%(title)s") % {"title": item.title}
        )
        notification_send(
            recipient=item.assignee,
            title=title,
            body=_("环节“%(action)s”的办理期限为 %(deadline)s。")
            % {"action": item.action, "deadline": _local(item.deadline)},
            url=item.url,
            urgent=item.urgent,
            work_item=item,
        )
        # A reminder survives delegation: whoever acts for the assignee now is told as well.
        for delegate in workitem_delegates(item=item, at=now):
            notification_send(
                recipient=delegate,
                title=_("（代 %(name)s）%(title)s") % {"name": item.assignee, "title": title},
                body=_("环节“%(action)s”的办理期限为 %(deadline)s。")
                % {"action": item.action, "deadline": _local(item.deadline)},
                url=item.url,
                urgent=item.urgent,
                work_item=item,
            )
    return True


def _escalate(item: WorkItem, now, result: ScanResult) -> bool:
    """Claim the item's escalation and notify the assignee's supervisor.

    With no supervisor (a principal at the top of the tree) the claim still stands, so the
    item is not retried every few minutes; the scan result lists it for the operator.
    """
    with transaction.atomic():
        claimed = WorkItem.objects.filter(
            pk=item.pk, state=WorkItem.State.OPEN, escalated_at__isnull=True
        ).update(escalated_at=now)
        if claimed != 1:
            return False
        # Re-read: a hand-over may have changed the assignee since the scan listed the item.
        item.refresh_from_db(fields=["assignee", "post", "deadline"])
        boss = supervisor_of(user=item.assignee, post=item.post)
        if boss is None:
            result.no_supervisor.append(item.pk)
            return False
        notification_send(
            recipient=boss,
            title=_("超期督促：%(name)s 的“%(title)s”")
            % {"name": item.assignee, "title": item.title},
            body=_("环节“%(action)s”已于 %(deadline)s 到期，尚未办结。")
            % {"action": item.action, "deadline": _local(item.deadline)},
            url=item.url,
            urgent=item.urgent,
            work_item=item,
        )
    return True


def flow_scan(*, now=None) -> ScanResult:
    """Send due reminders and escalations once each.

    1. Reminders: open items whose deadline is within ``REMIND_BEFORE_HOURS`` (or already
       past) and that were never reminded go to their current assignee.
    2. Escalations: open items past their deadline and never escalated go to the supervisor
       of the item's post (``supervisor_of``).
    Each item is claimed in its own short transaction, so one failing notification does not
    undo the others, and its claim rolls back with it to be retried by the next scan.
    """
    now = now or timezone.now()
    result = ScanResult()
    horizon = now + timedelta(hours=settings.REMIND_BEFORE_HOURS)
    due = WorkItem.objects.filter(
        state=WorkItem.State.OPEN, deadline__isnull=False, deadline__lte=horizon
    )
    for item in due.filter(reminded_at__isnull=True).order_by("deadline", "pk")[:BATCH]:
        try:
            if _remind(item, now):
                result.reminded += 1
        except Exception:  # one bad item must not stop the scan
            logger.exception("reminder for work item %s failed", item.pk)
    overdue = due.filter(deadline__lt=now, escalated_at__isnull=True)
    for item in overdue.order_by("deadline", "pk")[:BATCH]:
        try:
            if _escalate(item, now, result):
                result.escalated += 1
        except Exception:  # one bad item must not stop the scan
            logger.exception("escalation of work item %s failed", item.pk)
    return result
