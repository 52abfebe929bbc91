"""委托: a leader lets a colleague (usually a secretary) act for them for a period and scope.

Only the leader gives or revokes their own delegation, only to a colleague of the same organ,
and never twice for the same person, scope and overlapping period. Acts done under a delegation
are recorded elsewhere as "X 代 Y" (``can_act_for`` in selectors answers whether X may).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.accounts.permissions import ensure_business_user
from zhongshu.audit.services import audit_record
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.models import Delegation, Post
from zhongshu.organs.selectors import user_may_delegate, user_organ_ids, user_primary_organ

if TYPE_CHECKING:
    from zhongshu.accounts.models import User


def _notify(delegation: Delegation, title: str) -> None:
    """Tell the delegate (in the same transaction: no message about a delegation not made)."""
    from zhongshu.notifications.services import notification_send

    start = timezone.localtime(delegation.starts_at).strftime("%Y-%m-%d %H:%M")
    end = timezone.localtime(delegation.ends_at).strftime("%Y-%m-%d %H:%M")
    notification_send(
        recipient=delegation.delegate,
        title=title,
        body=_("期限：%(start)s 至 %(end)s") % {"start": start, "end": end},
        url=reverse("organs:delegation_detail", args=[delegation.pk]),
    )


def delegation_create(
    *,
    actor: User,
    delegate: User,
    scope: str,
    starts_at: datetime,
    ends_at: datetime,
    reason: str = "",
    request: Any = None,
) -> Delegation:
    """The actor (a leader) delegates ``scope`` to ``delegate`` from ``starts_at`` to ``ends_at``."""
    ensure_business_user(actor, request=request)
    if not user_may_delegate(user=actor):
        raise PermissionDenied(_("只有领导岗位可以委托他人代理。"))
    errors: dict[str, str] = {}
    if scope not in Delegation.Scope.values:
        errors["scope"] = _("委托范围无效。")
    if starts_at is None or ends_at is None:
        errors["ends_at"] = _("请填写委托期限。")
    elif timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        errors["ends_at"] = _("委托期限须带时区。")
    elif ends_at <= starts_at:
        errors["ends_at"] = _("结束时间须晚于开始时间。")
    elif ends_at <= timezone.now():
        errors["ends_at"] = _("结束时间已过。")
    if delegate.pk == actor.pk:
        errors["delegate"] = _("不能委托给本人。")
    elif delegate.admin_role or not delegate.is_active:
        errors["delegate"] = _("受托人须为在岗的业务人员。")
    elif not (user_organ_ids(user=actor) & user_organ_ids(user=delegate)):
        errors["delegate"] = _("受托人须与委托人同属一个机关。")
    if errors:
        raise ValidationError(errors)
    delegation = Delegation(
        principal=actor,
        delegate=delegate,
        scope=scope,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=(reason or "").strip(),
        created_by=actor,
    )
    delegation.full_clean()
    with transaction.atomic(durable=True):
        overlapping = Delegation.objects.select_for_update().filter(
            principal=actor,
            delegate=delegate,
            scope=scope,
            revoked_at__isnull=True,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        if overlapping.exists():
            raise ApplicationError(_("已有相同范围且期限重叠的委托。"))
        delegation.save()
        _notify(
            delegation,
            _("%(principal)s 委托您代为办理：%(scope)s")
            % {"principal": actor, "scope": delegation.get_scope_display()},
        )
        audit_record(
            actor=actor,
            action="organs.delegation_create",
            obj=delegation,
            organ=user_primary_organ(user=actor),
            request=request,
            extra={
                "new": {
                    "principal": actor.pk,
                    "delegate": delegate.pk,
                    "scope": scope,
                    "starts_at": starts_at.isoformat(),
                    "ends_at": ends_at.isoformat(),
                    "reason": delegation.reason,
                }
            },
        )
    return delegation


def delegation_revoke(*, delegation: Delegation, actor: User, request: Any = None) -> Delegation:
    """The leader who gave a delegation ends it now (it stays on record as revoked)."""
    ensure_business_user(actor, request=request)
    if delegation.principal_id != actor.pk:
        raise PermissionDenied(_("只有委托人可以撤回委托。"))
    now = timezone.now()
    with transaction.atomic(durable=True):
        changed = Delegation.objects.filter(pk=delegation.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if changed != 1:
            raise ApplicationError(_("该委托已撤回。"))
        delegation.revoked_at = now
        _notify(
            delegation,
            _("%(principal)s 已撤回对您的委托：%(scope)s")
            % {"principal": actor, "scope": delegation.get_scope_display()},
        )
        audit_record(
            actor=actor,
            action="organs.delegation_revoke",
            obj=delegation,
            organ=user_primary_organ(user=actor),
            request=request,
            extra={"changes": {"revoked_at": {"old": None, "new": now.isoformat()}}},
        )
    return delegation


def _organ_ids(user_id: int) -> set[int]:
    """Fresh (uncached) organs of a person: holders have just changed in this transaction."""
    return set(
        Post.objects.filter(holder_id=user_id, is_active=True).values_list(
            "department__organ_id", flat=True
        )
    )


def delegations_end_split(*, person: User) -> int:
    """A delegation needs both people in one organ (as when it was given): end those of
    ``person`` that a change of posts has split across organs. Runs inside the caller's
    transaction; the caller's audit line carries the count."""
    now = timezone.now()
    split = [
        d.pk
        for d in Delegation.objects.filter(
            Q(principal=person) | Q(delegate=person), revoked_at__isnull=True, ends_at__gt=now
        )
        if not (_organ_ids(d.principal_id) & _organ_ids(d.delegate_id))
    ]
    return Delegation.objects.filter(pk__in=split).update(revoked_at=now) if split else 0
