"""The periodic scan: remind people before deadlines, escalate overdue items to supervisors.

Runs every few minutes, as a Celery beat task in production (``zhongshu.config.schedule``),
as a thread in the embedded server (``zhongshu.flow.embedded``), or by hand (``zhongshu scan``).
It may run twice at once (two beat processes, a manual run during an automatic one), so each
item is *claimed* before anyone is told: a batch of due items is locked (``SKIP LOCKED``: rows
another scan holds are left to it) and stamped in one UPDATE, and only the process that
stamped a row sends its notification (the pattern of healthchecks' sendalerts, by the batch).
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
from zhongshu.flow.selectors import workitem_delegation_scopes
from zhongshu.notifications.models import Notification
from zhongshu.notifications.services import notifications_send_many
from zhongshu.organs.models import Delegation
from zhongshu.organs.selectors import supervisors_for

logger = logging.getLogger(__name__)

BATCH = 500  # items claimed per transaction; the scan goes on while batches come back full


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


def _claim(candidates, column: str, now, exclude: set[int]) -> list[int]:
    """Claim up to ``BATCH`` items: lock them, then stamp ``column`` on all in one UPDATE.

    PostgreSQL: ``FOR UPDATE SKIP LOCKED`` takes only rows no other scan holds, and re-checks
    the filter (``column IS NULL``) on the row it locks, so a row another scan claimed and
    committed meanwhile is left out; the UPDATE then changes exactly the locked rows. SQLite
    ignores the lock clause but its IMMEDIATE transactions admit one writer at a time, so the
    list cannot change before the UPDATE. Runs inside the caller's transaction.
    """
    ids = list(
        candidates.exclude(pk__in=exclude)
        .order_by("deadline", "pk")
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)[:BATCH]
    )
    if not ids:
        return []
    claimed = candidates.filter(pk__in=ids).update(**{column: now})
    if claimed != len(ids):  # cannot happen with the locks above; never notify twice anyway
        ids = list(
            candidates.model.objects.filter(pk__in=ids, **{column: now}).values_list(
                "pk", flat=True
            )
        )
    return ids


def _load(ids: list[int]) -> list[WorkItem]:
    """The claimed items with what the messages name (assignee, post), in deadline order."""
    return list(
        WorkItem.objects.filter(pk__in=ids)
        .select_related("assignee", "post")
        .order_by("deadline", "pk")
    )


def _delegates_by_item(items: list[WorkItem], now) -> dict[int, list]:
    """Per item, the people who may act for its assignee on it now (active delegations in the
    item's scopes, ``workitem_delegation_scopes``): one query for the whole batch."""
    delegations = (
        Delegation.objects.filter(
            principal_id__in={item.assignee_id for item in items},
            starts_at__lte=now,
            ends_at__gt=now,
            revoked_at__isnull=True,
            delegate__is_active=True,
        )
        .select_related("delegate")
        .order_by("delegate_id", "pk")
    )
    by_principal: dict[int, list] = {}
    for delegation in delegations:
        by_principal.setdefault(delegation.principal_id, []).append(delegation)
    found = {}
    for item in items:
        scopes = set(workitem_delegation_scopes(item))
        people = {}
        for delegation in by_principal.get(item.assignee_id, []):
            if delegation.scope in scopes:
                people.setdefault(delegation.delegate_id, delegation.delegate)
        found[item.pk] = list(people.values())
    return found


def _reminders(item: WorkItem, delegates: list, now) -> list[Notification]:
    """The assignee's reminder, and one to whoever acts for the assignee now (delegation)."""
    overdue = item.deadline < now
    title = (
        _("已超期：%(title)s") % {"title": item.title}
        if overdue
        else _("即将到期：%(title)s") % {"title": item.title}
    )
    body = _("环节“%(action)s”的办理期限为 %(deadline)s。") % {
        "action": item.action,
        "deadline": _local(item.deadline),
    }
    messages = [
        Notification(
            recipient=item.assignee,
            title=title,
            body=body,
            url=item.url,
            urgent=item.urgent,
            work_item=item,
        )
    ]
    # A reminder survives delegation: whoever acts for the assignee now is told as well.
    messages += [
        Notification(
            recipient=delegate,
            title=_("（代 %(name)s）%(title)s") % {"name": item.assignee, "title": title},
            body=body,
            url=item.url,
            urgent=item.urgent,
            work_item=item,
        )
        for delegate in delegates
    ]
    return messages


def _escalation(item: WorkItem, boss) -> Notification:
    return Notification(
        recipient=boss,
        title=_("超期督促：%(name)s 的“%(title)s”") % {"name": item.assignee, "title": item.title},
        body=_("环节“%(action)s”已于 %(deadline)s 到期，尚未办结。")
        % {"action": item.action, "deadline": _local(item.deadline)},
        url=item.url,
        urgent=item.urgent,
        work_item=item,
    )


def _remind_batch(candidates, now, result: ScanResult, failed: set[int]) -> int:
    """Claim one batch of reminders and store their notifications; the number claimed.

    Claims, notifications and the release of items whose message could not be prepared
    happen in one transaction: if the INSERT fails, every claim of the batch rolls back with
    it and the next scan retries the batch.
    """
    with transaction.atomic():
        ids = _claim(candidates, "reminded_at", now, failed)
        if not ids:
            return 0
        items = _load(ids)
        delegates = _delegates_by_item(items, now)
        messages: list[Notification] = []
        for item in items:
            try:
                messages += _reminders(item, delegates[item.pk], now)
            except Exception:  # one bad item must not stop the scan; it is retried next time
                logger.exception("reminder for work item %s failed", item.pk)
                failed.add(item.pk)
            else:
                result.reminded += 1
        _release(failed & set(ids), "reminded_at", now)
        notifications_send_many(messages)
    return len(ids)


def _escalate_batch(candidates, now, result: ScanResult, failed: set[int]) -> int:
    """Claim one batch of escalations and notify each assignee's supervisor.

    With no supervisor (a principal at the top of the tree) the claim still stands, so the
    item is not retried every few minutes; the scan result lists it for the operator.
    """
    with transaction.atomic():
        ids = _claim(candidates, "escalated_at", now, failed)
        if not ids:
            return 0
        items = _load(ids)
        bosses = supervisors_for(seats=[(item.assignee, item.post) for item in items])
        messages: list[Notification] = []
        for item in items:
            try:
                boss = bosses[(item.assignee_id, item.post_id)]
                if boss is None:
                    result.no_supervisor.append(item.pk)
                    continue
                messages.append(_escalation(item, boss))
            except Exception:  # one bad item must not stop the scan; it is retried next time
                logger.exception("escalation of work item %s failed", item.pk)
                failed.add(item.pk)
            else:
                result.escalated += 1
        _release(failed & set(ids), "escalated_at", now)
        notifications_send_many(messages)
    return len(ids)


def _release(ids: set[int], column: str, now) -> None:
    """Undo this scan's claim on items whose message failed, so that the next scan retries."""
    if ids:
        WorkItem.objects.filter(pk__in=ids, **{column: now}).update(**{column: None})


def flow_scan(*, now=None) -> ScanResult:
    """Send due reminders and escalations once each.

    1. Reminders: open items whose deadline is within ``REMIND_BEFORE_HOURS`` (or already
       past) and that were never reminded go to their current assignee (and to whoever acts
       for them now).
    2. Escalations: open items past their deadline and never escalated go to the supervisor
       of the item's post (``supervisors_for``).
    Items are claimed ``BATCH`` at a time, each batch in one short transaction with a constant
    number of queries (list and lock, claim, load, delegations or supervisors, one INSERT of
    the notifications), until a batch comes back short. The claim is read from the item as it
    is at claim time, so an item handed over since it was due reaches its new assignee.
    """
    now = now or timezone.now()
    result = ScanResult()
    horizon = now + timedelta(hours=settings.REMIND_BEFORE_HOURS)
    due = WorkItem.objects.filter(
        state=WorkItem.State.OPEN, deadline__isnull=False, deadline__lte=horizon
    )
    # Items whose message failed are released and left to the next scan, not retried here.
    failed: set[int] = set()
    while _remind_batch(due.filter(reminded_at__isnull=True), now, result, failed) == BATCH:
        pass
    overdue = due.filter(deadline__lt=now, escalated_at__isnull=True)
    failed = set()
    while _escalate_batch(overdue, now, result, failed) == BATCH:
        pass
    return result
