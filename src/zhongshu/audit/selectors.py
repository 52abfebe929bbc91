"""Reads of the audit trail, for the 审计管理员 only (三员分立: nobody else reads it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongshu.accounts.models import User
from zhongshu.accounts.permissions import ensure_admin
from zhongshu.audit.models import AuditEvent

#: Chinese names of the actions this module and accounts record; other modules' actions are
#: shown by their code until they add theirs with ``register_action_labels``.
ACTION_LABELS: dict[str, Any] = {
    "account.login": _("登录"),
    "account.logout": _("退出"),
    "account.lockout": _("账号锁定"),
    "account.password_change": _("修改密码"),
    "account.otp_enrol": _("绑定动态口令"),
    "account.otp_verify": _("动态口令验证"),
    "account.otp_remove": _("解除动态口令"),
    "account.admin_create": _("创建管理员"),
    "account.unlock": _("解除锁定"),
    "access.denied": _("越权访问"),
    "access_refused": _("拒绝访问"),
    "access_refused_summary": _("拒绝访问（超出每分钟限额的汇总）"),
    "audit.view": _("查看审计记录"),
    "audit.export": _("导出审计记录"),
    "audit.verify": _("校验审计链"),
}


def register_action_labels(labels: dict[str, Any]) -> None:
    """Let another module name its actions in Chinese for the audit page (call in ``ready``)."""
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@dataclass(frozen=True)
class AuditFilters:
    """What the audit page and API filter on; every field optional."""

    person: str = ""
    organ_id: int | None = None
    action: str = ""
    result: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            key: (value.isoformat() if isinstance(value, date) else value)
            for key, value in self.__dict__.items()
            if value not in ("", None)
        }


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _person_q(person: str) -> Q:
    """Events by, for, or on the people whose name contains ``person`` (or whose user name it is).

    The people are resolved to ids first (one small query), then the events are found as
    ``id IN (… UNION ALL …)``, one index lookup per branch: by the person (``audit_actor_seq``),
    for the person (the ``acting_for`` index), on the person's account (``audit_object``). A
    plain ``OR`` of the same branches reads the whole trail on SQLite, whose statistics cannot
    tell that ``acting_for`` is nearly always empty. ``actor_name`` is still matched, but only
    on events without an actor row (failed log-ins under an unknown name, the command line,
    scheduled jobs), found through ``actor IS NULL``. An event whose actor was since renamed
    is found under the person's current name.
    """
    ids = list(
        User.objects.filter(Q(full_name__icontains=person) | Q(username__iexact=person))
        .order_by()
        .values_list("pk", flat=True)[:PERSON_MATCH_LIMIT]
    )
    branches = [Q(actor__isnull=True, actor_name__icontains=person)]
    if ids:
        branches += [
            Q(actor__in=ids),
            Q(acting_for__in=ids),
            Q(object_type="accounts.user", object_id__in=[str(pk) for pk in ids]),
        ]
    first, *rest = [AuditEvent.objects.filter(q).order_by().values("pk") for q in branches]
    return Q(pk__in=first.union(*rest, all=True) if rest else first)


#: A person filter matching more people than this (one character of a common surname) keeps
#: the first ones; the auditor narrows the name.
PERSON_MATCH_LIMIT = 500

#: The audit page and API count matches up to this many and then say "more than" (a
#: ``COUNT(*)`` over millions of events would cost more than the page itself).
COUNT_CAP = 10_000


def audit_count_bounded(qs: QuerySet[AuditEvent]) -> tuple[int, bool]:
    """How many events ``qs`` holds, counting no further than ``COUNT_CAP``; and whether it
    stopped there.

    ``SELECT COUNT(*) FROM (SELECT id … LIMIT cap + 1)``: the database stops reading the index
    after ``cap + 1`` rows however long the trail.
    """
    found = qs.order_by().values("pk")[: COUNT_CAP + 1].count()
    return min(found, COUNT_CAP), found > COUNT_CAP


def audit_events_for(*, user: Any, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """Events matching ``filters``, newest first; only the 审计管理员 may call this.

    ``person`` matches the actor's name or user name, or the account acted upon (so failed
    log-ins on an account, which have no actor, are found under that account's name).
    ``action`` ending in ``.`` is a prefix (``account.``); days are in the local time zone.
    """
    ensure_admin(user, User.AdminRole.AUDIT)
    f = filters or AuditFilters()
    # Newest first by time, then by chain order. ``at`` is stamped under the chain lock, so this
    # is the ``seq`` order, and every index below ends in (at, seq): a filter and a period
    # read one index range in the page's order and stop after the page.
    qs = AuditEvent.objects.select_related("organ", "acting_for").order_by("-at", "-seq")
    if f.person:
        qs = qs.filter(_person_q(f.person))
    if f.organ_id:
        qs = qs.filter(organ_id=f.organ_id)
    if f.action:
        qs = (
            qs.filter(action__startswith=f.action)
            if f.action.endswith(".")
            else qs.filter(action=f.action)
        )
    if f.result:
        qs = qs.filter(result=f.result)
    if f.date_from:
        qs = qs.filter(at__gte=_start_of(f.date_from))
    if f.date_to:
        qs = qs.filter(at__lt=_start_of(f.date_to + timedelta(days=1)))
    if f.text:
        qs = qs.filter(
            Q(object_repr__icontains=f.text)
            | Q(action__icontains=f.text)
            | Q(actor_name__icontains=f.text)
            | Q(ip__icontains=f.text)
            | Q(user_agent__icontains=f.text)
            | Q(extra__icontains=f.text)
            # SQLite keeps JSON with \\uXXXX escapes (json.dumps' default): search that form too.
            | Q(extra__icontains=json.dumps(f.text)[1:-1])
        )
    return qs


def audit_action_choices() -> list[tuple[str, str]]:
    """Every action the application records (the registered Chinese names, complete by
    ``tests/audit/test_action_labels.py``), and each dotted family's prefix (``account.``: all
    of that family's actions). Read from code, not from the trail: no query."""
    actions = set(ACTION_LABELS)
    prefixes = {a.split(".", 1)[0] + "." for a in actions if "." in a}
    choices = [(p, _("%(module)s（全部）") % {"module": p[:-1]}) for p in prefixes]
    choices += [(a, action_label(a)) for a in actions]
    return sorted(choices, key=lambda pair: pair[0])


def audit_last_verification(*, user: Any) -> AuditEvent | None:
    """The most recent recorded verification of the chain (by the page, API or command)."""
    ensure_admin(user, User.AdminRole.AUDIT)
    return AuditEvent.objects.filter(action="audit.verify").order_by("-at", "-seq").first()
