"""Writes on people and posts.

三员分立 splits these writes: the 系统管理员 creates and edits people and posts and assigns
holders; only the 安全管理员 changes what a post may do (roles) and what a person may read
(clearance). Each service checks its administrator first, so pages, API and scripts agree.

Two consequences keep the system administrator away from document contents: he never
chooses a password (a new person and a reset get a one-time code that the security
administrator issues: ``accounts.services.password_code_request``), and a person he puts on a
seat gets its roles only when the security administrator confirms them
(``appointments.appointment_hold_roles``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.accounts.models import PasswordCode
from zhongshu.accounts.models import User as UserModel
from zhongshu.accounts.permissions import ensure_admin
from zhongshu.accounts.services import password_code_request
from zhongshu.audit.services import audit_record
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.models import Classification, Delegation, Department, Post, PostRole, Role
from zhongshu.organs.selectors import user_primary_organ
from zhongshu.organs.services._common import (
    reject_unknown_fields,
    save_changes,
    snapshot,
    switch_active,
    unique_or_400,
)
from zhongshu.organs.services.appointments import appointment_hold_roles
from zhongshu.organs.services.delegations import delegations_end_split

if TYPE_CHECKING:
    from zhongshu.accounts.models import User

SYSTEM = "system"
SECURITY = "security"
PERSON_FIELDS = ["username", "full_name", "phone"]
POST_FIELDS = ["title", "reports_to", "sort_order"]


def _business_person(person: User) -> None:
    """The people pages manage business users only; administrators are set up elsewhere."""
    if person.admin_role:
        raise ApplicationError(_("管理员账号不在人员管理范围内。"), status=404)


def person_create(
    *,
    actor: User,
    username: str,
    full_name: str,
    phone: str = "",
    post: Post | None = None,
    request: Any = None,
) -> User:
    """Create a business user, optionally seated at once on a vacant ``post`` (one step, one
    audit line).

    The person has no password: she sets her own with an activation code that the 安全管理员
    issues (``password_code_request``). On a seat with roles she holds none of them until the
    security administrator confirms the appointment (``appointment_hold_roles``).
    """
    ensure_admin(actor, SYSTEM, request=request)
    if post is not None and (not post.is_active or post.holder_id is not None):
        raise ValidationError({"post": _("所选岗位已停用或已有在岗人员。")})
    person = UserModel(
        username=(username or "").strip(),
        full_name=(full_name or "").strip(),
        phone=(phone or "").strip(),
        must_change_password=False,
    )
    person.set_unusable_password()
    person.full_clean()
    with unique_or_400(_("用户名已被使用，请换一个。")), transaction.atomic(durable=True):
        person.save()
        held: list[str] = []
        if post is not None:
            # compare-and-set: the seat must still be vacant when the person takes it
            if Post.objects.filter(pk=post.pk, holder__isnull=True).update(holder=person) != 1:
                raise ValidationError({"post": _("所选岗位已有在岗人员。")})
            post.holder = person
            held = appointment_hold_roles(post=post, holder=person)
        code = password_code_request(
            user=person, actor=actor, purpose=PasswordCode.Purpose.ACTIVATE
        )
        audit_record(
            actor=actor,
            action="organs.person_create",
            obj=person,
            organ=post.organ if post is not None else None,
            request=request,
            extra={
                "new": {**snapshot(person, PERSON_FIELDS), "post": post.pk if post else None},
                "roles_pending_confirmation": held,
                "password_code": code.pk,
            },
        )
    return person


def person_update(*, person: User, actor: User, request: Any = None, **fields: Any) -> User:
    """Change a person's user name, name or phone."""
    ensure_admin(actor, SYSTEM, request=request)
    _business_person(person)
    reject_unknown_fields(fields, PERSON_FIELDS, "person")
    old = snapshot(person, PERSON_FIELDS)
    for key, value in fields.items():
        setattr(person, key, (value or "").strip())
    person.full_clean(exclude=["password"])
    save_changes(
        person,
        fields=PERSON_FIELDS,
        old=old,
        actor=actor,
        action="organs.person_update",
        organ=user_primary_organ(user=person),
        request=request,
        unchanged="full_name",
        unique_message=_("用户名已被使用，请换一个。"),
    )
    return person


def person_deactivate(*, person: User, actor: User, request: Any = None) -> User:
    """Disable a person's log-in; refused while they still hold a post (vacate it first)."""
    ensure_admin(actor, SYSTEM, request=request)
    _business_person(person)
    if not person.is_active:
        raise ApplicationError(_("该人员已停用。"))
    held = Post.objects.filter(holder=person, is_active=True).count()
    if held:
        raise ApplicationError(
            _("该人员仍在 %(held)d 个岗位上，请先办理离岗或轮岗。") % {"held": held},
            extra={"held_posts": held},
        )
    with transaction.atomic(durable=True):
        # a person who leaves takes no one's authority with them and leaves none behind
        revoked = Delegation.objects.filter(
            Q(principal=person) | Q(delegate=person),
            revoked_at__isnull=True,
            ends_at__gt=timezone.now(),
        ).update(revoked_at=timezone.now())
        switch_active(
            person,
            active=False,
            actor=actor,
            action="organs.person_deactivate",
            organ=None,
            request=request,
            extra={"delegations_revoked": revoked},
        )
    return person


def person_activate(*, person: User, actor: User, request: Any = None) -> User:
    """Let a deactivated person log in again (with a password change at the next log-in)."""
    ensure_admin(actor, SYSTEM, request=request)
    _business_person(person)
    if person.is_active:
        raise ApplicationError(_("该人员已是有效状态。"))
    with transaction.atomic(durable=True):
        switch_active(
            person,
            active=True,
            actor=actor,
            action="organs.person_activate",
            organ=None,
            request=request,
            also={"must_change_password": True},
        )
    return person


def person_reset_password(*, person: User, actor: User, request: Any = None) -> PasswordCode:
    """Void the person's password and request a one-time code for her (never a password the
    system administrator could log in with): the 安全管理员 issues the code and hands it over,
    she sets her own password with it (``accounts.services.password_code_redeem``)."""
    ensure_admin(actor, SYSTEM, request=request)
    _business_person(person)
    if not person.is_active:
        raise ApplicationError(_("该人员已停用，请先启用。"))
    with transaction.atomic(durable=True):
        code = password_code_request(user=person, actor=actor, purpose=PasswordCode.Purpose.RESET)
        audit_record(
            actor=actor,
            action="organs.person_reset_password",
            obj=person,
            organ=user_primary_organ(user=person),
            request=request,
            extra={"password_code": code.pk, "changes": {"password": {"old": "set", "new": None}}},
        )
    return code


def person_set_clearance(*, person: User, actor: User, clearance: int, request: Any = None) -> User:
    """Change the highest 密级 a person may read (安全管理员 only)."""
    ensure_admin(actor, SECURITY, request=request)
    _business_person(person)
    try:
        clearance = Classification(int(clearance))
    except (TypeError, ValueError) as exc:
        raise ValidationError({"clearance": _("密级无效。")}) from exc
    old = person.clearance
    with transaction.atomic(durable=True):
        person.clearance = clearance
        person.save(update_fields=["clearance"])
        audit_record(
            actor=actor,
            action="organs.person_set_clearance",
            obj=person,
            organ=user_primary_organ(user=person),
            request=request,
            extra={"changes": {"clearance": {"old": old, "new": int(clearance)}}},
        )
    return person


# --- Posts --------------------------------------------------------------------------------------


def _check_reports_to(post: Post, reports_to: Post | None) -> None:
    if reports_to is None:
        return
    if not reports_to.is_active:
        raise ValidationError({"reports_to": _("上级岗位已停用。")})
    node, seen = reports_to, set()
    while node is not None and node.pk not in seen:
        if post.pk is not None and node.pk == post.pk:
            raise ValidationError({"reports_to": _("上级岗位不能是本岗位或其下级岗位。")})
        seen.add(node.pk)
        node = node.reports_to


def _check_holder(holder: User | None) -> None:
    if holder is None:
        return
    if holder.admin_role:
        raise ValidationError({"holder": _("管理员账号不能担任岗位。")})
    if not holder.is_active:
        raise ValidationError({"holder": _("该人员已停用。")})


def post_create(
    *,
    actor: User,
    department: Department,
    title: str,
    reports_to: Post | None = None,
    holder: User | None = None,
    sort_order: int = 0,
    request: Any = None,
) -> Post:
    """Add a seat to a department, optionally with the seat above it and a holder."""
    ensure_admin(actor, SYSTEM, request=request)
    if not department.is_active or not department.organ.is_active:
        raise ApplicationError(_("处室或机关已停用，不能新增岗位。"))
    post = Post(department=department, title=(title or "").strip(), sort_order=sort_order or 0)
    _check_reports_to(post, reports_to)
    _check_holder(holder)
    post.reports_to = reports_to
    post.holder = holder
    post.full_clean()
    with transaction.atomic(durable=True):
        post.save()
        audit_record(
            actor=actor,
            action="organs.post_create",
            obj=post,
            organ=department.organ,
            request=request,
            extra={"new": snapshot(post, ["department", "holder", *POST_FIELDS])},
        )
    return post


def post_update(*, post: Post, actor: User, request: Any = None, **fields: Any) -> Post:
    """Change a post's title, the seat it reports to, or its order."""
    ensure_admin(actor, SYSTEM, request=request)
    reject_unknown_fields(fields, POST_FIELDS, "post")
    if not post.is_active:
        raise ApplicationError(_("岗位已停用，不能修改。"))
    if "reports_to" in fields:
        _check_reports_to(post, fields["reports_to"])
    old = snapshot(post, POST_FIELDS)
    for key, value in fields.items():
        setattr(post, key, value.strip() if isinstance(value, str) else value)
    post.full_clean()
    save_changes(
        post,
        fields=POST_FIELDS,
        old=old,
        actor=actor,
        action="organs.post_update",
        organ=post.organ,
        request=request,
    )
    return post


def post_assign_holder(
    *, post: Post, actor: User, holder: User | None, request: Any = None
) -> Post:
    """Put a person on a seat, or leave it vacant (``holder=None``).

    Open work stays with the person; moving work with the seat is ``person_rotate``.
    """
    ensure_admin(actor, SYSTEM, request=request)
    if not post.is_active:
        raise ApplicationError(_("岗位已停用。"))
    _check_holder(holder)
    old = post.holder
    with transaction.atomic(durable=True):
        post.holder = holder
        post.save(update_fields=["holder"])
        held = appointment_hold_roles(post=post, holder=holder) if holder != old else []
        revoked = delegations_end_split(person=old) if old is not None else 0
        audit_record(
            actor=actor,
            action="organs.post_assign_holder",
            obj=post,
            organ=post.organ,
            request=request,
            extra={
                "changes": {
                    "holder": {
                        "old": old.pk if old else None,
                        "new": holder.pk if holder else None,
                    }
                },
                "delegations_revoked": revoked,
                "roles_pending_confirmation": held,
            },
        )
    return post


def post_deactivate(*, post: Post, actor: User, request: Any = None) -> Post:
    """Close a vacant seat (refused while someone holds it)."""
    ensure_admin(actor, SYSTEM, request=request)
    if not post.is_active:
        raise ApplicationError(_("岗位已停用。"))
    if post.holder_id:
        raise ApplicationError(_("岗位仍有在岗人员，请先调整。"))
    with transaction.atomic(durable=True):
        switch_active(
            post,
            active=False,
            actor=actor,
            action="organs.post_deactivate",
            organ=post.organ,
            request=request,
        )
    return post


def post_set_roles(*, post: Post, actor: User, roles: Iterable[str], request: Any = None) -> Post:
    """Replace the roles of a post (安全管理员 only); clears the roles pending confirmation
    (from an import or a change of holder): saving them is the confirmation of the appointment."""
    ensure_admin(actor, SECURITY, request=request)
    wanted: set[str] = set()
    for role in roles:
        if role not in Role.values:
            raise ValidationError({"roles": _("角色无效：%(role)s") % {"role": role}})
        wanted.add(role)
    with transaction.atomic(durable=True):
        current = set(PostRole.objects.filter(post=post).values_list("role", flat=True))
        PostRole.objects.filter(post=post, role__in=current - wanted).delete()
        PostRole.objects.bulk_create(
            [PostRole(post=post, role=r) for r in sorted(wanted - current)]
        )
        pending = list(post.pending_roles or [])
        if pending:
            Post.objects.filter(pk=post.pk).update(pending_roles=[])
            post.pending_roles = []
        audit_record(
            actor=actor,
            action="organs.post_set_roles",
            obj=post,
            organ=post.organ,
            request=request,
            extra={
                "changes": {"roles": {"old": sorted(current), "new": sorted(wanted)}},
                "pending_cleared": pending,
            },
        )
    return post
