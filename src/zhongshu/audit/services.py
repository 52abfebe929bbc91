"""Writing and verifying the audit trail. ``audit_record`` is the hook every module calls."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from zhongshu.audit.chain import GENESIS, digest
from zhongshu.audit.models import AuditEvent


def _client(request: HttpRequest | None) -> tuple[str | None, str]:
    """The client's address and user agent.

    Behind a proxy (``settings.CLIENT_IP_HEADER``, a META key such as ``HTTP_X_REAL_IP``; not
    set means ``REMOTE_ADDR``), the last address of the header is the one the
    proxy itself appended; earlier ones are whatever the client claimed. Anything that is not
    an IP address is ignored rather than allowed to fail the audited act.
    """
    if request is None:
        return None, ""
    ip = None
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        ip = _valid_ip(request.META[header].split(",")[-1])
    ip = ip or _valid_ip(request.META.get("REMOTE_ADDR") or "")
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return ip, agent


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


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
    """
    ip, agent = _client(request)
    if actor is not None and not getattr(actor, "is_authenticated", True):
        actor = None
    with transaction.atomic():
        _lock_chain()
        head = AuditEvent.objects.order_by("-seq").only("seq", "digest").first()
        seq = head.seq + 1 if head else 1
        prev = head.digest if head else GENESIS
        algorithm = settings.AUDIT_HASH
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
            digest=digest(prev, fields, algorithm),
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


def audit_verify(*, batch: int = 2000) -> ChainReport:
    """Walk the whole chain in ``seq`` order and name the first event that does not fit.

    Catches an edited row (its digest no longer matches its fields), a deleted row (a gap in
    ``seq`` or a ``prev_digest`` that does not match), and an inserted row (its ``prev_digest``
    or ``seq`` does not fit its neighbours).
    """
    prev = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=last_seq).order_by("seq").values()[:batch])
        if not rows:
            return ChainReport(ok=True, checked=checked)
        for row in rows:
            seq = row["seq"]
            if seq != expected_seq:
                return ChainReport(
                    False, checked, seq, f"序号不连续：应为 {expected_seq}，实为 {seq}"
                )
            if row["prev_digest"] != prev:
                return ChainReport(False, checked, seq, "前一事件摘要不符（事件被删除或插入）")
            if digest(prev, row, row["algorithm"]) != row["digest"]:
                return ChainReport(False, checked, seq, "事件内容与摘要不符（事件被篡改）")
            prev = row["digest"]
            expected_seq += 1
            checked += 1
            last_seq = seq


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
    ``zhongshu audit-verify`` run on a schedule therefore keeps the page's status fresh.
    """
    report = audit_verify()
    audit_record(
        actor=actor,
        actor_name=actor_name,
        action="audit.verify",
        result=AuditEvent.Result.SUCCESS if report.ok else AuditEvent.Result.FAILURE,
        request=request,
        extra={"checked": report.checked, "broken_seq": report.broken_seq, "reason": report.reason},
    )
    return report
