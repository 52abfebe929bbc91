"""Writes on the organ tree and departments: create, edit, deactivate, merge, dissolve.

Only the 系统管理员 changes the tree. Organs are never deleted: merger and dissolution mark the
organ inactive and move what it had to the successor (条例 第三十七条: documents move with the
organ), leaving an ``OrganSuccession`` record and an audit line with old and new values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.accounts.permissions import ensure_admin
from zhongshu.audit.services import audit_record
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.models import Department, Organ, OrganSuccession, Post
from zhongshu.organs.selectors import organ_descendant_ids
from zhongshu.organs.services._common import (
    reject_unknown_fields,
    save_changes,
    snapshot,
    switch_active,
    unique_or_400,
)

if TYPE_CHECKING:
    from zhongshu.accounts.models import User

SYSTEM = "system"

#: Callables ``hook(source, target)`` run inside the merge (or dissolve-with-successor)
#: transaction, after the departments and posts have moved. Other modules append to this list
#: (e.g. documents move their records to ``target``); an exception in a hook undoes the merge.
ORGAN_MERGE_HOOKS: list[Callable[[Organ, Organ], Any]] = []

ORGAN_FIELDS = ["name", "short_name", "org_code", "kind", "parent", "sort_order", "seal"]
DEPARTMENT_FIELDS = ["name", "is_office", "sort_order"]


def _check_parent(organ: Organ | None, parent: Organ | None) -> None:
    if parent is None:
        return
    if not parent.is_active:
        raise ValidationError({"parent": _("上级机关已撤销或停用。")})
    if (
        organ is not None
        and organ.pk is not None
        and (parent.pk == organ.pk or parent.pk in organ_descendant_ids(organ=organ))
    ):
        raise ValidationError({"parent": _("上级机关不能是本机关或其下级机关。")})


def organ_create(
    *,
    actor: User,
    name: str,
    short_name: str,
    kind: str,
    org_code: str = "",
    parent: Organ | None = None,
    sort_order: int = 0,
    seal: Any = None,
    request: Any = None,
) -> Organ:
    """Add an organ to the tree."""
    ensure_admin(actor, SYSTEM, request=request)
    _check_parent(None, parent)
    organ = Organ(
        name=(name or "").strip(),
        short_name=(short_name or "").strip(),
        org_code=(org_code or "").strip(),
        kind=kind,
        parent=parent,
        sort_order=sort_order or 0,
    )
    if seal:
        organ.seal = seal
    organ.full_clean()
    with unique_or_400(_("名称已被使用，请换一个。")), transaction.atomic(durable=True):
        organ.save()
        audit_record(
            actor=actor,
            action="organs.organ_create",
            obj=organ,
            organ=organ,
            request=request,
            extra={"new": snapshot(organ, ORGAN_FIELDS)},
        )
    return organ


def organ_update(*, organ: Organ, actor: User, request: Any = None, **fields: Any) -> Organ:
    """Change an organ's names, code, kind, parent, order or seal (only the fields given)."""
    ensure_admin(actor, SYSTEM, request=request)
    reject_unknown_fields(fields, ORGAN_FIELDS, "organ")
    if not organ.is_active:
        raise ApplicationError(_("机关已撤销或停用，不能修改。"))
    if "parent" in fields:
        _check_parent(organ, fields["parent"])
    old = snapshot(organ, ORGAN_FIELDS)
    for key, value in fields.items():
        if key == "seal" and not value:
            continue  # no new file: keep the current seal
        if isinstance(value, str):
            value = value.strip()
        setattr(organ, key, value)
    organ.full_clean()
    save_changes(
        organ,
        fields=ORGAN_FIELDS,
        old=old,
        actor=actor,
        action="organs.organ_update",
        organ=organ,
        request=request,
        unique_message=_("名称已被使用，请换一个。"),
    )
    return organ


def _refuse_if_in_use(organ: Organ) -> None:
    """An organ with active children or occupied posts cannot simply stop existing."""
    children = organ.children.filter(is_active=True).count()
    held = Post.objects.filter(
        department__organ=organ, is_active=True, holder__isnull=False
    ).count()
    if children or held:
        raise ApplicationError(
            _(
                "该机关仍有 %(children)d 个有效下级机关、%(held)d 个在岗岗位，"
                "请先调整，或指定承继机关。"
            )
            % {"children": children, "held": held},
            extra={"children": children, "held_posts": held},
        )


def organ_deactivate(*, organ: Organ, actor: User, request: Any = None) -> Organ:
    """停用: take an organ out of use without a successor (refused while it is in use)."""
    ensure_admin(actor, SYSTEM, request=request)
    if not organ.is_active:
        raise ApplicationError(_("机关已停用。"))
    _refuse_if_in_use(organ)
    with transaction.atomic(durable=True):
        switch_active(
            organ,
            active=False,
            actor=actor,
            action="organs.organ_deactivate",
            organ=organ,
            request=request,
        )
    return organ


def organ_activate(*, organ: Organ, actor: User, request: Any = None) -> Organ:
    """启用: undo a 停用. A merged or dissolved organ stays ended (its records have moved)."""
    ensure_admin(actor, SYSTEM, request=request)
    if organ.is_active:
        raise ApplicationError(_("机关已是有效状态。"))
    if organ.merged_into_id or organ.dissolved_at:
        raise ApplicationError(_("已合并或撤销的机关不能重新启用，请新设机关。"))
    if organ.parent_id and not Organ.objects.filter(pk=organ.parent_id, is_active=True).exists():
        raise ApplicationError(_("上级机关已停用，请先启用上级机关或调整隶属关系。"))
    with transaction.atomic(durable=True):
        switch_active(
            organ,
            active=True,
            actor=actor,
            action="organs.organ_activate",
            organ=organ,
            request=request,
        )
    return organ


def _unique_department_name(target: Organ, name: str, source: Organ) -> str:
    taken = set(Department.objects.filter(organ=target).values_list("name", flat=True))
    if name not in taken:
        return name
    candidate = f"原{source.short_name}{name}"[:100]
    n = 2
    while candidate in taken:
        candidate = f"原{source.short_name}{name}{n}"[:100]
        n += 1
    return candidate


def _move_into(*, source: Organ, target: Organ) -> tuple[list[dict], int, int]:
    """Move departments (with their posts) and child organs of ``source`` to ``target``.

    A department whose name is already used in ``target`` is renamed 原<简称><名称>; a moved
    office stops being the office when ``target`` already has one (one office issues per organ).
    """
    moved: list[dict] = []
    target_has_office = Department.objects.filter(
        organ=target, is_office=True, is_active=True
    ).exists()
    posts_moved = Post.objects.filter(department__organ=source).count()
    for dept in list(Department.objects.filter(organ=source).order_by("sort_order", "id")):
        new_name = _unique_department_name(target, dept.name, source)
        is_office = dept.is_office and not target_has_office
        moved.append(
            {
                "id": dept.pk,
                "old_name": dept.name,
                "new_name": new_name,
                "was_office": dept.is_office,
                "is_office": is_office,
            }
        )
        Department.objects.filter(pk=dept.pk).update(
            organ=target, name=new_name, is_office=is_office
        )
        target_has_office = target_has_office or is_office
    children_moved = Organ.objects.filter(parent=source, is_active=True).update(parent=target)
    return moved, posts_moved, children_moved


def _check_successor(source: Organ, target: Organ) -> None:
    if target.pk == source.pk:
        raise ValidationError({"target": _("不能并入机关自身。")})
    if not target.is_active:
        raise ValidationError({"target": _("承继机关已撤销或停用。")})
    if target.pk in organ_descendant_ids(organ=source):
        raise ValidationError({"target": _("不能并入本机关的下级机关。")})


def _succeed(
    *, source: Organ, target: Organ | None, actor: User, kind: str, request: Any
) -> OrganSuccession:
    """The shared body of merge and dissolve (runs inside the caller's transaction).

    1. Lock the source row and re-check that it is still active (two admins, one merge).
    2. Move its departments, posts and child organs to the successor, if any.
    3. Mark it inactive (merged_into / dissolved_at).
    4. Run the hooks of other modules, then record the succession and the audit line.
    """
    locked = Organ.objects.select_for_update().get(pk=source.pk)
    if not locked.is_active:
        raise ApplicationError(_("机关已撤销或停用。"))
    now = timezone.now()
    moved: list[dict] = []
    posts_moved = children_moved = 0
    if target is not None:
        moved, posts_moved, children_moved = _move_into(source=source, target=target)
    else:
        Post.objects.filter(department__organ=source).update(is_active=False)
        Department.objects.filter(organ=source).update(is_active=False)
    update: dict[str, Any] = {"is_active": False}
    if kind == OrganSuccession.Kind.MERGE:
        update["merged_into"] = target
    else:
        update["dissolved_at"] = now
        if target is not None:
            update["merged_into"] = target
    Organ.objects.filter(pk=source.pk).update(**update)
    for key, value in update.items():
        setattr(source, key, value)
    if target is not None:
        for hook in ORGAN_MERGE_HOOKS:
            hook(source, target)
    record = OrganSuccession.objects.create(
        organ=source,
        successor=target,
        kind=kind,
        moved=moved,
        posts_moved=posts_moved,
        children_moved=children_moved,
        actor=actor,
        at=now,
    )
    audit_record(
        actor=actor,
        action=f"organs.organ_{kind}",
        obj=source,
        organ=source,
        request=request,
        extra={
            "changes": {
                "is_active": {"old": True, "new": False},
                "merged_into": {"old": None, "new": target.pk if target else None},
            },
            "successor": target.pk if target else None,
            "departments": moved,
            "posts_moved": posts_moved,
            "children_moved": children_moved,
            "hooks": len(ORGAN_MERGE_HOOKS) if target is not None else 0,
        },
    )
    return record


def organ_merge(
    *, source: Organ, target: Organ, actor: User, request: Any = None
) -> OrganSuccession:
    """合并: ``source`` becomes part of ``target``; its departments, posts, child organs and
    (through ``ORGAN_MERGE_HOOKS``) its records move there; ``source`` stays, inactive."""
    ensure_admin(actor, SYSTEM, request=request)
    if not source.is_active:
        raise ApplicationError(_("机关已撤销或停用。"))
    _check_successor(source, target)
    with transaction.atomic(durable=True):
        return _succeed(
            source=source,
            target=target,
            actor=actor,
            kind=OrganSuccession.Kind.MERGE,
            request=request,
        )


def organ_dissolve(
    *, organ: Organ, actor: User, successor: Organ | None = None, request: Any = None
) -> OrganSuccession:
    """撤销: end an organ. Without a successor it must be empty (no active children, no occupied
    posts) and its departments and posts are closed; with one, everything moves as in a merger."""
    ensure_admin(actor, SYSTEM, request=request)
    if not organ.is_active:
        raise ApplicationError(_("机关已撤销或停用。"))
    if successor is None:
        _refuse_if_in_use(organ)
    else:
        _check_successor(organ, successor)
    with transaction.atomic(durable=True):
        return _succeed(
            source=organ,
            target=successor,
            actor=actor,
            kind=OrganSuccession.Kind.DISSOLVE,
            request=request,
        )


# --- Departments -------------------------------------------------------------------------------


def department_create(
    *,
    actor: User,
    organ: Organ,
    name: str,
    is_office: bool = False,
    sort_order: int = 0,
    request: Any = None,
) -> Department:
    """Add a 处室 to an active organ."""
    ensure_admin(actor, SYSTEM, request=request)
    if not organ.is_active:
        raise ApplicationError(_("机关已撤销或停用，不能新增处室。"))
    dept = Department(
        organ=organ, name=(name or "").strip(), is_office=is_office, sort_order=sort_order or 0
    )
    dept.full_clean()
    with unique_or_400(_("名称已被使用，请换一个。")), transaction.atomic(durable=True):
        dept.save()
        audit_record(
            actor=actor,
            action="organs.department_create",
            obj=dept,
            organ=organ,
            request=request,
            extra={"new": snapshot(dept, ["organ", *DEPARTMENT_FIELDS])},
        )
    return dept


def department_update(
    *, department: Department, actor: User, request: Any = None, **fields: Any
) -> Department:
    """Rename a department, mark it as the office, or change its order."""
    ensure_admin(actor, SYSTEM, request=request)
    reject_unknown_fields(fields, DEPARTMENT_FIELDS, "department")
    if not department.is_active:
        raise ApplicationError(_("处室已停用，不能修改。"))
    old = snapshot(department, DEPARTMENT_FIELDS)
    for key, value in fields.items():
        setattr(department, key, value.strip() if isinstance(value, str) else value)
    department.full_clean()
    save_changes(
        department,
        fields=DEPARTMENT_FIELDS,
        old=old,
        actor=actor,
        action="organs.department_update",
        organ=department.organ,
        request=request,
        unique_message=_("名称已被使用，请换一个。"),
    )
    return department


def department_deactivate(
    *, department: Department, actor: User, request: Any = None
) -> Department:
    """Close a department; refused while one of its posts is occupied."""
    ensure_admin(actor, SYSTEM, request=request)
    if not department.is_active:
        raise ApplicationError(_("处室已停用。"))
    held = department.posts.filter(is_active=True, holder__isnull=False).count()
    if held:
        raise ApplicationError(
            _("该处室仍有 %(held)d 个在岗岗位，请先调整人员。") % {"held": held},
            extra={"held_posts": held},
        )
    with transaction.atomic(durable=True):
        department.posts.filter(is_active=True).update(is_active=False)
        switch_active(
            department,
            active=False,
            actor=actor,
            action="organs.department_deactivate",
            organ=department.organ,
            request=request,
        )
    return department


def department_activate(*, department: Department, actor: User, request: Any = None) -> Department:
    """Reopen a closed department of an active organ (its posts stay closed until reopened)."""
    ensure_admin(actor, SYSTEM, request=request)
    if department.is_active:
        raise ApplicationError(_("处室已是有效状态。"))
    if not department.organ.is_active:
        raise ApplicationError(_("所属机关已停用，不能启用处室。"))
    with transaction.atomic(durable=True):
        switch_active(
            department,
            active=True,
            actor=actor,
            action="organs.department_activate",
            organ=department.organ,
            request=request,
        )
    return department
