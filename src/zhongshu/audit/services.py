"""Writing and verifying the audit trail. ``audit_record`` is the hook every module calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.chain import (
    GENESIS,
    KEYED_ALGORITHMS,
    PLAIN_ALGORITHMS,
    audit_key,
    digest,
    keyed_algorithm,
)
from zhongshu.audit.checkpoints import Checkpoint, audit_checkpoint_write, checkpoints_read
from zhongshu.audit.context import client_of, current_request
from zhongshu.audit.models import AuditEvent


def audit_record(
    *,
    actor: Any = None,
    action: str,
    obj: Any = None,
    organ: Any = None,
    result: str = AuditEvent.Result.SUCCESS,
    request: HttpRequest | None = None,
    acting_for: Any = None,
    extra: dict[str, Any] | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Append one event to the chain.

    1. Lock the chain (``_lock_chain``) so that two writers cannot both chain onto the same
       head; the lock is held until the caller's transaction ends.
    2. Compute the digest over the previous digest and this event's fields.
    3. Insert. Runs inside the caller's transaction when there is one, so that an audited
       change and its audit line commit or roll back together.

    The client's address and user agent come from ``request`` when the caller passes one, else
    from the request being served (``audit.context``, set by ``AuditRequestMiddleware``).
    """
    context = current_request()
    if request is not None:
        ip, agent = client_of(request)
    elif context is not None:
        ip, agent = context.ip, context.user_agent
    else:
        ip, agent = None, ""
    if context is not None and str(result) == AuditEvent.Result.DENIED:
        context.refusal_recorded = True  # the middleware adds no access_refused line
    if actor is not None and not getattr(actor, "is_authenticated", True):
        actor = None
    with transaction.atomic():
        _lock_chain()
        head = AuditEvent.objects.order_by("-seq").only("seq", "digest").first()
        seq = head.seq + 1 if head else 1
        prev = head.digest if head else GENESIS
        algorithm = keyed_algorithm(settings.AUDIT_HASH)
        fields: dict[str, Any] = {
            "seq": seq,
            "at": timezone.now().astimezone(UTC),
            "actor_id": actor.pk if actor is not None else None,
            "actor_name": actor_name or (str(actor) if actor is not None else ""),
            "acting_for_id": acting_for.pk if acting_for is not None else None,
            "organ_id": organ.pk if organ is not None else None,
            "action": action,
            "object_type": obj._meta.label_lower if obj is not None else "",
            "object_id": str(obj.pk) if obj is not None else "",
            "object_repr": str(obj)[:200] if obj is not None else "",
            "result": str(result),
            "ip": ip,
            "user_agent": agent,
            "extra": extra or {},
        }
        event = AuditEvent(
            **fields,
            prev_digest=prev,
            digest=digest(prev, fields, algorithm, audit_key()),
            algorithm=algorithm,
        )
        event.save(force_insert=True)
    return event


#: Key of the PostgreSQL advisory lock that serialises writers of the chain.
CHAIN_LOCK_KEY = 0x7A68_6175  # "zhau"


def _lock_chain() -> None:
    """Serialise appends to the chain until the surrounding transaction ends.

    Locking the head row is not enough on PostgreSQL: a second writer waiting on that row
    reads it again after the first commits, still sees it as the head, and both would take
    the same ``seq``. A transaction-level advisory lock makes the second writer wait, then
    read the new head. SQLite needs nothing: its IMMEDIATE transactions admit one writer.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    #: Events hashed without a key (written before the chain was keyed), and with the key.
    legacy: int = 0
    keyed: int = 0
    #: Valid checkpoints compared with the table, and the latest one's event and time.
    checkpoints: int = 0
    checkpoint_seq: int | None = None
    checkpoint_at: str = ""

    @property
    def problem(self) -> str:
        """What is wrong, with the event where it was found when there is one ("" if whole).

        A problem of the checkpoint file itself (a forged line) has no event.
        """
        if self.broken_seq is None:
            return self.reason
        return _("第 %(seq)s 条事件，%(reason)s") % {"seq": self.broken_seq, "reason": self.reason}

    def summary(self) -> str:
        """One line for the command and the page: what was checked, and against what."""
        text = (
            _("共 %(checked)s 条事件（未加密钥的旧式摘要 %(legacy)s 条，带密钥 %(keyed)s 条）")
            if self.ok
            else _(
                "此前 %(checked)s 条完好（未加密钥的旧式摘要 %(legacy)s 条，带密钥 %(keyed)s 条）"
            )
        ) % {
            "checked": self.checked,
            "legacy": self.legacy,
            "keyed": self.keyed,
        }
        if self.checkpoint_seq is not None:
            template = (
                _("，与 %(count)s 个检查点相符（最近：%(at)s，至第 %(seq)s 条）")
                if self.ok
                else _("，检查点 %(count)s 个（最近：%(at)s，至第 %(seq)s 条）")
            )
            text += template % {
                "count": self.checkpoints,
                "at": self.checkpoint_at,
                "seq": self.checkpoint_seq,
            }
        else:
            text += _("，尚无检查点")
        return text


class _Walk:
    """The state of one walk of the chain (``audit_verify``)."""

    def __init__(self, by_seq: dict[int, list[Checkpoint]]):
        self.by_seq = by_seq
        self.prev = GENESIS
        self.checked = 0
        self.legacy = 0
        self.keyed = 0
        self.last_seq = 0
        self.key = audit_key()

    def problem(self, row: dict[str, Any]) -> str:
        """Why ``row`` does not fit after the rows walked so far ("" when it fits)."""
        seq, algorithm = row["seq"], row["algorithm"]
        if seq != self.last_seq + 1:
            return _("序号不连续：应为 %(expected)s，实为 %(seq)s（事件被删除）") % {
                "expected": self.last_seq + 1,
                "seq": seq,
            }
        if row["prev_digest"] != self.prev:
            return _("前一事件摘要不符（事件被删除或插入）")
        if algorithm not in KEYED_ALGORITHMS | PLAIN_ALGORITHMS:
            return _("未知的摘要算法 %(algorithm)s（事件被伪造）") % {"algorithm": algorithm}
        if algorithm in PLAIN_ALGORITHMS and self.keyed:
            return _(
                "此前已启用带密钥的摘要，此事件却只有未加密钥的 %(algorithm)s 摘要"
                "（事件被伪造，或其后的链被重算）"
            ) % {"algorithm": algorithm}
        if digest(self.prev, row, algorithm, self.key) != row["digest"]:
            return _("事件内容与摘要不符（事件被篡改或伪造）")
        for point in self.by_seq.get(seq, ()):
            if point.last_digest != row["digest"] or point.count != self.checked + 1:
                return _(
                    "与 %(at)s 的检查点不符：检查点记录第 %(seq)s 条事件的摘要为 %(digest)s…，"
                    "共 %(count)s 条（此前的事件被改写，整条链被重算）"
                ) % {
                    "at": point.local_time,
                    "seq": seq,
                    "digest": point.last_digest[:16],
                    "count": point.count,
                }
        return ""

    def accept(self, row: dict[str, Any]) -> None:
        self.prev = row["digest"]
        self.last_seq = row["seq"]
        self.checked += 1
        if row["algorithm"] in KEYED_ALGORITHMS:
            self.keyed += 1
        else:
            self.legacy += 1


def audit_verify(*, batch: int = 2000) -> ChainReport:
    """Walk the whole chain in ``seq`` order, and compare it with the signed checkpoints.

    Catches an edited row (its digest no longer matches its fields: without the key a keyed
    digest cannot be recomputed), a deleted row (a gap in ``seq`` or a ``prev_digest`` that
    does not match), an inserted or appended forged row (its ``prev_digest``, its ``seq``, its
    keyed digest, or a plain digest after keyed ones), a rewritten chain (a checkpoint's
    digest no longer at its event), deleted last rows and an emptied table (the latest
    checkpoint counts more events than the table holds), and a forged checkpoint (its
    signature). Rows written before the chain was keyed verify as before and are counted
    apart (``legacy``).
    """
    file = checkpoints_read()
    by_seq: dict[int, list[Checkpoint]] = {}
    for point in file.points:
        by_seq.setdefault(point.last_seq, []).append(point)
    walk = _Walk(by_seq)

    def report(ok: bool, broken: int | None = None, reason: str = "") -> ChainReport:
        latest = file.latest
        return ChainReport(
            ok,
            walk.checked,
            broken,
            reason,
            legacy=walk.legacy,
            keyed=walk.keyed,
            checkpoints=len(file.points),
            checkpoint_seq=latest.last_seq if latest else None,
            checkpoint_at=latest.local_time if latest else "",
        )

    while True:
        rows = list(
            AuditEvent.objects.filter(seq__gt=walk.last_seq).order_by("seq").values()[:batch]
        )
        if not rows:
            break
        for row in rows:
            problem = walk.problem(row)
            if problem:
                return report(False, row["seq"], problem)
            walk.accept(row)
    latest = file.latest
    if latest is not None and latest.last_seq > walk.last_seq:
        if walk.checked == 0:
            reason = _(
                "审计表为空，但 %(at)s 的检查点记录了 %(count)s 条事件"
                "（审计记录被清空：TRUNCATE 或全部删除）"
            ) % {"at": latest.local_time, "count": latest.count}
        else:
            reason = _(
                "表中的事件只到第 %(last)s 条，但 %(at)s 的检查点记录了 %(count)s 条"
                "（至第 %(seq)s 条）：末尾的 %(missing)s 条事件被删除"
            ) % {
                "last": walk.last_seq,
                "at": latest.local_time,
                "count": latest.count,
                "seq": latest.last_seq,
                "missing": latest.last_seq - walk.last_seq,
            }
        return report(False, walk.last_seq + 1, reason)
    if file.problems:
        return report(False, None, file.problems[0])
    return report(True)


def audit_trail_read(
    *,
    user: Any,
    filters: Any = None,
    request: HttpRequest | None = None,
    purpose: str = "view",
    extra: dict[str, Any] | None = None,
) -> Any:
    """The 审计管理员's read of the trail, itself recorded (``audit.view`` / ``audit.export``).

    Reading the audit trail is an important act in its own right (等保 8.1.5: the auditor's
    actions are audited too), so the page, the partial, the export and the API all come here.
    """
    from zhongshu.accounts.models import User
    from zhongshu.accounts.permissions import ensure_admin
    from zhongshu.audit.selectors import AuditFilters, audit_events_for

    ensure_admin(user, User.AdminRole.AUDIT, request=request)
    filters = filters or AuditFilters()
    audit_record(
        actor=user,
        action=f"audit.{purpose}",
        request=request,
        extra={"filters": filters.as_dict(), **(extra or {})},
    )
    return audit_events_for(user=user, filters=filters)


def audit_chain_check(*, user: Any, request: HttpRequest | None = None) -> ChainReport:
    """Verify the chain on the auditor's demand and record the outcome."""
    from zhongshu.accounts.models import User
    from zhongshu.accounts.permissions import ensure_admin

    ensure_admin(user, User.AdminRole.AUDIT, request=request)
    return audit_verify_and_record(actor=user, request=request)


def audit_verify_and_record(
    *, actor: Any = None, actor_name: str = "", request: HttpRequest | None = None
) -> ChainReport:
    """Verify the whole chain and append the outcome as an ``audit.verify`` event.

    The audit page shows the last outcome without walking the chain again (a walk is O(n));
    ``zhongshu audit-verify`` run on a schedule therefore keeps the page's status fresh. A
    chain found whole gets a checkpoint once the outcome is committed (never a broken one:
    that would sign the damage).
    """
    report = audit_verify()
    with transaction.atomic():
        audit_record(
            actor=actor,
            actor_name=actor_name,
            action="audit.verify",
            result=AuditEvent.Result.SUCCESS if report.ok else AuditEvent.Result.FAILURE,
            request=request,
            extra={
                "checked": report.checked,
                "broken_seq": report.broken_seq,
                "reason": report.reason,
                "legacy": report.legacy,
                "keyed": report.keyed,
                "checkpoint_seq": report.checkpoint_seq,
            },
        )
        if report.ok:
            transaction.on_commit(audit_checkpoint_write)
    return report


def audit_periodic() -> Any:
    """The periodic work of the audit trail (beat task, the embedded server's scan tick):
    the summary lines of refused accesses of minutes that are over, then a checkpoint of the
    head (nothing when it did not move). Returns the ``CheckpointOutcome``."""
    from zhongshu.audit.refusals import audit_refusals_summarise

    audit_refusals_summarise()
    return audit_checkpoint_write()
