"""交流轮岗: move a person to another post and hand their open work on, in one step.

The open work of the old seat belongs to the seat, not the person: it goes to the successor,
or, when the seat is left vacant, to whoever holds the seat above it. The work items keep their
history (flow records the original assignee); here one ``Rotation`` row and one audit line
with the counts record the move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.accounts.permissions import ensure_admin
from zhongshu.audit.services import audit_record
from zhongshu.organs.models import Post, Rotation
from zhongshu.organs.selectors import supervisor_of
from zhongshu.organs.services.appointments import (
    appointment_hold_roles,
    appointment_needs_confirmation,
)
from zhongshu.organs.services.delegations import delegations_end_split

if TYPE_CHECKING:
    from zhongshu.accounts.models import User


def _recipient(*, person: User, from_post: Post, successor: User | None) -> User | None:
    """Who receives the open work: the successor, else the holder of the nearest seat above.

    The work of a seat with roles is role-derived: a successor whose appointment still waits
    for the security administrator's confirmation must not receive it, so it goes up as for
    a vacant seat.
    """
    if successor is not None and not appointment_needs_confirmation(post=from_post):
        return successor
    return supervisor_of(user=person, post=from_post)


def _has_open_work(person: User, post: Post) -> bool:
    """Whether the person has open work items on the seat (only then is a recipient needed)."""
    from zhongshu.flow.models import WorkItem

    return WorkItem.objects.filter(assignee=person, post=post, state=WorkItem.State.OPEN).exists()


def person_rotate(
    *,
    person: User,
    from_post: Post,
    to_post: Post,
    successor: User | None,
    actor: User,
    reason: str = "",
    request: Any = None,
) -> Rotation:
    """Rotate ``person`` from ``from_post`` to ``to_post``.

    1. Check (system administrator; person holds ``from_post``; ``to_post`` active and vacant;
       successor, if any, an active business user other than the person).
    2. Lock both seats and re-check their holders (two concurrent rotations of one seat).
    3. ``from_post.holder = successor`` (None leaves it vacant), ``to_post.holder = person``.
    4. Hand the open work of ``person`` on ``from_post`` to the recipient through flow (the
       seat above instead of a successor who waits for confirmation).
    5. End the person's delegations that the move splits across organs.
    6. Hold the roles of both seats for the 安全管理员 to confirm the new holders.
    7. One ``Rotation`` row and one audit line with the counts.
    """
    from zhongshu.flow.services import workitem_hand_over

    ensure_admin(actor, "system", request=request)
    errors: dict[str, str] = {}
    if from_post.holder_id != person.pk or not from_post.is_active:
        errors["from_post"] = _("该人员不在原岗位上。")
    if to_post.pk == from_post.pk:
        errors["to_post"] = _("新岗位不能与原岗位相同。")
    elif not to_post.is_active or not to_post.department.is_active:
        errors["to_post"] = _("新岗位已停用。")
    elif to_post.holder_id is not None:
        errors["to_post"] = _("新岗位已有在岗人员。")
    if successor is not None:
        if successor.pk == person.pk:
            errors["successor"] = _("接任人员不能是轮岗人员本人。")
        elif successor.admin_role or not successor.is_active:
            errors["successor"] = _("接任人员须为在职的业务人员。")
    recipient = _recipient(person=person, from_post=from_post, successor=successor)
    if recipient is None and "successor" not in errors and _has_open_work(person, from_post):
        errors["successor"] = (
            _(
                "原岗位有未办结的待办，接任人员的任职须经安全管理员确认后才能接收，"
                "而原岗位没有在岗的上级岗位；请先为原岗位指定上级岗位或办结待办。"
            )
            if successor is not None
            else _("原岗位将空缺且没有在岗的上级岗位，请指定接任人员以接收待办。")
        )
    if errors:
        raise ValidationError(errors)
    reason = (reason or "").strip() or _("交流轮岗")
    with transaction.atomic(durable=True):
        locked = {
            p.pk: p
            for p in Post.objects.select_for_update().filter(pk__in=[from_post.pk, to_post.pk])
        }
        if locked[from_post.pk].holder_id != person.pk or locked[to_post.pk].holder_id is not None:
            raise ValidationError({"to_post": _("岗位已被他人调整，请刷新后重试。")})
        Post.objects.filter(pk=from_post.pk).update(holder=successor)
        Post.objects.filter(pk=to_post.pk).update(holder=person)
        from_post.holder, to_post.holder = successor, person
        count = (
            workitem_hand_over(
                from_user=person, to_user=recipient, post=from_post, actor=actor, reason=reason
            )
            if recipient is not None
            else 0  # checked above: nothing open on the seat, nobody needs to receive it
        )
        revoked = delegations_end_split(person=person)
        # whoever takes a seat gets its roles only when the 安全管理员 confirms (三员分立)
        held_to = appointment_hold_roles(post=to_post, holder=person)
        held_from = appointment_hold_roles(post=from_post, holder=successor)
        rotation = Rotation.objects.create(
            person=person,
            from_post=from_post,
            to_post=to_post,
            successor=successor,
            handed_over_to=recipient,
            items_handed_over=count,
            actor=actor,
            at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="organs.person_rotate",
            obj=person,
            organ=from_post.organ,
            request=request,
            extra={
                "from_post": from_post.pk,
                "to_post": to_post.pk,
                "successor": successor.pk if successor else None,
                "handed_over_to": recipient.pk if recipient else None,
                "items_handed_over": count,
                "reason": reason,
                "delegations_revoked": revoked,
                "roles_pending_confirmation": {
                    f"post:{to_post.pk}": held_to,
                    f"post:{from_post.pk}": held_from,
                },
                "changes": {
                    f"post:{from_post.pk}.holder": {
                        "old": person.pk,
                        "new": successor.pk if successor else None,
                    },
                    f"post:{to_post.pk}.holder": {"old": None, "new": person.pk},
                },
            },
        )
    return rotation
