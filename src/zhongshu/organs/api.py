"""The organs API (/api/organs/...): thin endpoints over the same services and selectors as
the pages, so the permission rules are the pages' rules (system admin writes the tree, people
and posts; security admin roles and clearances; business users their own organ and delegations).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from zhongshu.accounts.permissions import BusinessAuth
from zhongshu.organs import selectors, services
from zhongshu.organs.forms import PASSWORD_RESET_EXPLAINED
from zhongshu.organs.models import Delegation, Department, Organ, Post

router = Router(tags=["organs"])


# --- Schemas -----------------------------------------------------------------------------------


class OrganOut(Schema):
    id: int
    name: str
    short_name: str
    org_code: str
    kind: str
    kind_label: str
    parent_id: int | None
    sort_order: int
    is_active: bool
    merged_into_id: int | None
    dissolved_at: datetime | None

    @staticmethod
    def resolve_kind_label(obj: Organ) -> str:
        return str(obj.get_kind_display())


class OrganCreateIn(Schema):
    name: str
    short_name: str
    kind: str
    org_code: str = ""
    parent_id: int | None = None
    sort_order: int = 0


class OrganUpdateIn(Schema):
    name: str | None = None
    short_name: str | None = None
    kind: str | None = None
    org_code: str | None = None
    parent_id: int | None = None
    sort_order: int | None = None


class OrganMergeIn(Schema):
    target_id: int


class OrganDissolveIn(Schema):
    successor_id: int | None = None


class SuccessionOut(Schema):
    id: int
    organ_id: int
    successor_id: int | None
    kind: str
    moved: list[dict]
    posts_moved: int
    children_moved: int
    at: datetime


class DepartmentOut(Schema):
    id: int
    organ_id: int
    name: str
    is_office: bool
    sort_order: int
    is_active: bool


class DepartmentCreateIn(Schema):
    organ_id: int
    name: str
    is_office: bool = False
    sort_order: int = 0


class DepartmentUpdateIn(Schema):
    name: str | None = None
    is_office: bool | None = None
    sort_order: int | None = None


class PostBriefOut(Schema):
    id: int
    title: str
    department_id: int
    department_name: str
    organ_id: int
    organ_name: str


class PersonOut(Schema):
    id: int
    username: str
    full_name: str
    phone: str
    is_active: bool
    clearance: int | None = None
    posts: list[PostBriefOut]


class PersonCreateIn(Schema):
    """No password: the person sets her own with an activation code (三员分立). A ``password``
    sent by an older client is refused (422) rather than silently dropped."""

    model_config = ConfigDict(extra="forbid")

    username: str
    full_name: str
    phone: str = ""
    post_id: int | None = None


class PersonUpdateIn(Schema):
    username: str | None = None
    full_name: str | None = None
    phone: str | None = None


class PersonPasswordResetOut(Schema):
    message: str
    password_code_id: int


class PersonClearanceIn(Schema):
    clearance: int


class PostOut(Schema):
    id: int
    department_id: int
    organ_id: int
    title: str
    holder_id: int | None
    holder_name: str
    reports_to_id: int | None
    roles: list[str]
    pending_roles: list[str]
    sort_order: int
    is_active: bool


class PostCreateIn(Schema):
    department_id: int
    title: str
    reports_to_id: int | None = None
    holder_id: int | None = None
    sort_order: int = 0


class PostUpdateIn(Schema):
    title: str | None = None
    reports_to_id: int | None = None
    sort_order: int | None = None


class PostHolderIn(Schema):
    holder_id: int | None = None


class PostRolesIn(Schema):
    roles: list[str]


class RotationIn(Schema):
    person_id: int
    from_post_id: int
    to_post_id: int
    successor_id: int | None = None
    reason: str = ""


class RotationOut(Schema):
    id: int
    person_id: int
    from_post_id: int
    to_post_id: int
    successor_id: int | None
    handed_over_to_id: int | None
    items_handed_over: int


class DelegationOut(Schema):
    id: int
    principal_id: int
    principal_name: str
    delegate_id: int
    delegate_name: str
    scope: str
    starts_at: datetime
    ends_at: datetime
    reason: str
    revoked_at: datetime | None


class DelegationCreateIn(Schema):
    delegate_id: int
    scope: str
    starts_at: datetime
    ends_at: datetime
    reason: str = ""


# --- Helpers ------------------------------------------------------------------------------------


def _readers_only(user) -> None:
    """People, departments and posts: business users (own organ), system and security admins."""
    if user.admin_role not in ("", "system", "security"):
        raise PermissionDenied(_("无权访问：此功能仅限相应的管理员使用。"))


def _organ_or_400(user, pk: int | None, field: str) -> Organ | None:
    if pk is None:
        return None
    organ = selectors.organs_visible_to(user=user).filter(pk=pk).first()
    if organ is None:
        raise ValidationError({field: _("机关不存在。")})
    return organ


def _post_or_400(user, pk: int | None, field: str) -> Post | None:
    if pk is None:
        return None
    post = selectors.posts_visible_to(user=user).filter(pk=pk).first()
    if post is None:
        raise ValidationError({field: _("岗位不存在。")})
    return post


def _person_or_400(user, pk: int | None, field: str):
    if pk is None:
        return None
    person = selectors.people_visible_to(user=user).filter(pk=pk).first()
    if person is None:
        raise ValidationError({field: _("人员不存在或不在本机关。")})
    return person


def _person_out(person, *, show_clearance: bool) -> dict:
    return {
        "id": person.pk,
        "username": person.username,
        "full_name": person.full_name,
        "phone": person.phone,
        "is_active": person.is_active,
        "clearance": person.clearance if show_clearance else None,
        "posts": [
            {
                "id": p.pk,
                "title": p.title,
                "department_id": p.department_id,
                "department_name": p.department.name,
                "organ_id": p.department.organ_id,
                "organ_name": p.department.organ.name,
            }
            for p in person.posts.all()
            if p.is_active
        ],
    }


def _post_out(post: Post) -> dict:
    return {
        "id": post.pk,
        "department_id": post.department_id,
        "organ_id": post.department.organ_id,
        "title": post.title,
        "holder_id": post.holder_id,
        "holder_name": post.holder.full_name if post.holder_id else "",
        "reports_to_id": post.reports_to_id,
        "roles": sorted(r.role for r in post.roles.all()),
        "pending_roles": list(post.pending_roles or []),
        "sort_order": post.sort_order,
        "is_active": post.is_active,
    }


def _delegation_out(d: Delegation) -> dict:
    return {
        "id": d.pk,
        "principal_id": d.principal_id,
        "principal_name": d.principal.full_name,
        "delegate_id": d.delegate_id,
        "delegate_name": d.delegate.full_name,
        "scope": d.scope,
        "starts_at": d.starts_at,
        "ends_at": d.ends_at,
        "reason": d.reason,
        "revoked_at": d.revoked_at,
    }


# --- Organs -------------------------------------------------------------------------------------


@router.get("/organs", response=list[OrganOut], url_name="organs_organ_list")
def organ_list(request, q: str = "", kind: str = ""):
    """Organs visible to the user (every active organ; admins also see inactive ones)."""
    return list(selectors.organ_search(user=request.user, query=q, kind=kind)[:2000])


@router.get("/organs/{pk}", response=OrganOut, url_name="organs_organ_detail")
def organ_detail(request, pk: int):
    return selectors.organ_get_for_user(user=request.user, pk=pk)


@router.post("/organs", response={201: OrganOut}, url_name="organs_organ_create")
def organ_create(request, payload: OrganCreateIn):
    data = payload.model_dump()
    parent = _organ_or_400(request.user, data.pop("parent_id"), "parent_id")
    organ = services.organ_create(actor=request.user, request=request, parent=parent, **data)
    return Status(201, organ)


@router.patch("/organs/{pk}", response=OrganOut, url_name="organs_organ_update")
def organ_update(request, pk: int, payload: OrganUpdateIn):
    organ = selectors.organ_get_for_user(user=request.user, pk=pk)
    data = payload.model_dump(exclude_unset=True)
    if "parent_id" in data:
        data["parent"] = _organ_or_400(request.user, data.pop("parent_id"), "parent_id")
    nulls = [k for k, v in data.items() if v is None and k != "parent"]
    if nulls:
        raise ValidationError({k: _("不能为空。") for k in nulls})
    return services.organ_update(organ=organ, actor=request.user, request=request, **data)


@router.post("/organs/{pk}/deactivate", response=OrganOut, url_name="organs_organ_deactivate")
def organ_deactivate(request, pk: int):
    organ = selectors.organ_get_for_user(user=request.user, pk=pk)
    return services.organ_deactivate(organ=organ, actor=request.user, request=request)


@router.post("/organs/{pk}/activate", response=OrganOut, url_name="organs_organ_activate")
def organ_activate(request, pk: int):
    organ = selectors.organ_get_for_user(user=request.user, pk=pk)
    return services.organ_activate(organ=organ, actor=request.user, request=request)


@router.post("/organs/{pk}/merge", response=SuccessionOut, url_name="organs_organ_merge")
def organ_merge(request, pk: int, payload: OrganMergeIn):
    organ = selectors.organ_get_for_user(user=request.user, pk=pk)
    target = _organ_or_400(request.user, payload.target_id, "target_id")
    return services.organ_merge(source=organ, target=target, actor=request.user, request=request)


@router.post("/organs/{pk}/dissolve", response=SuccessionOut, url_name="organs_organ_dissolve")
def organ_dissolve(request, pk: int, payload: OrganDissolveIn):
    organ = selectors.organ_get_for_user(user=request.user, pk=pk)
    successor = _organ_or_400(request.user, payload.successor_id, "successor_id")
    return services.organ_dissolve(
        organ=organ, successor=successor, actor=request.user, request=request
    )


# --- Departments --------------------------------------------------------------------------------


@router.get("/departments", response=list[DepartmentOut], url_name="organs_department_list")
def department_list(request, organ_id: int | None = None):
    _readers_only(request.user)
    qs = selectors.departments_visible_to(user=request.user)
    if organ_id:
        qs = qs.filter(organ_id=organ_id)
    return list(qs.order_by("organ_id", "sort_order", "id")[:5000])


@router.get("/departments/{pk}", response=DepartmentOut, url_name="organs_department_detail")
def department_detail(request, pk: int):
    _readers_only(request.user)
    return selectors.department_get_for_user(user=request.user, pk=pk)


@router.post("/departments", response={201: DepartmentOut}, url_name="organs_department_create")
def department_create(request, payload: DepartmentCreateIn):
    data = payload.model_dump()
    organ = _organ_or_400(request.user, data.pop("organ_id"), "organ_id")
    dept = services.department_create(actor=request.user, organ=organ, request=request, **data)
    return Status(201, dept)


@router.patch("/departments/{pk}", response=DepartmentOut, url_name="organs_department_update")
def department_update(request, pk: int, payload: DepartmentUpdateIn):
    _readers_only(request.user)
    dept: Department = selectors.department_get_for_user(user=request.user, pk=pk)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    return services.department_update(department=dept, actor=request.user, request=request, **data)


@router.post(
    "/departments/{pk}/deactivate",
    response=DepartmentOut,
    url_name="organs_department_deactivate",
)
def department_deactivate(request, pk: int):
    _readers_only(request.user)
    dept = selectors.department_get_for_user(user=request.user, pk=pk)
    return services.department_deactivate(department=dept, actor=request.user, request=request)


# --- People -------------------------------------------------------------------------------------


@router.get("/people", response=list[PersonOut], url_name="organs_person_list")
def person_list(request, q: str = "", organ_id: int | None = None):
    _readers_only(request.user)
    people = (
        selectors.people_search(user=request.user, query=q, organ_id=organ_id)
        .prefetch_related("posts__department__organ")
        .order_by("id")[:2000]
    )
    show = request.user.admin_role == "security"
    return [_person_out(p, show_clearance=show) for p in people]


@router.get("/people/{pk}", response=PersonOut, url_name="organs_person_detail")
def person_detail(request, pk: int):
    _readers_only(request.user)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    return _person_out(person, show_clearance=request.user.admin_role == "security")


@router.post("/people", response={201: PersonOut}, url_name="organs_person_create")
def person_create(request, payload: PersonCreateIn):
    data = payload.model_dump()
    post = _post_or_400(request.user, data.pop("post_id"), "post_id")
    person = services.person_create(actor=request.user, post=post, request=request, **data)
    return Status(201, _person_out(person, show_clearance=False))


@router.patch("/people/{pk}", response=PersonOut, url_name="organs_person_update")
def person_update(request, pk: int, payload: PersonUpdateIn):
    _readers_only(request.user)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    person = services.person_update(person=person, actor=request.user, request=request, **data)
    return _person_out(person, show_clearance=False)


@router.post("/people/{pk}/deactivate", response=PersonOut, url_name="organs_person_deactivate")
def person_deactivate(request, pk: int):
    _readers_only(request.user)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    person = services.person_deactivate(person=person, actor=request.user, request=request)
    return _person_out(person, show_clearance=False)


@router.post("/people/{pk}/activate", response=PersonOut, url_name="organs_person_activate")
def person_activate(request, pk: int):
    _readers_only(request.user)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    person = services.person_activate(person=person, actor=request.user, request=request)
    return _person_out(person, show_clearance=False)


@router.post(
    "/people/{pk}/reset-password",
    response={202: PersonPasswordResetOut},
    url_name="organs_person_reset_password",
)
def person_reset_password(request, pk: int):
    """Void the password and request a one-time code, issued by the 安全管理员 (no password)."""
    _readers_only(request.user)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    code = services.person_reset_password(person=person, actor=request.user, request=request)
    return Status(202, {"message": str(PASSWORD_RESET_EXPLAINED), "password_code_id": code.pk})


@router.put("/people/{pk}/clearance", response=PersonOut, url_name="organs_person_clearance")
def person_clearance(request, pk: int, payload: PersonClearanceIn):
    _readers_only(request.user)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    person = services.person_set_clearance(
        person=person, actor=request.user, clearance=payload.clearance, request=request
    )
    return _person_out(person, show_clearance=True)


# --- Posts --------------------------------------------------------------------------------------


@router.get("/posts", response=list[PostOut], url_name="organs_post_list")
def post_list(request, q: str = "", organ_id: int | None = None, department_id: int | None = None):
    _readers_only(request.user)
    posts = selectors.post_search(
        user=request.user, query=q, organ_id=organ_id, department_id=department_id
    )
    return [_post_out(p) for p in posts[:5000]]


@router.get("/posts/{pk}", response=PostOut, url_name="organs_post_detail")
def post_detail(request, pk: int):
    _readers_only(request.user)
    return _post_out(selectors.post_get_for_user(user=request.user, pk=pk))


@router.post("/posts", response={201: PostOut}, url_name="organs_post_create")
def post_create(request, payload: PostCreateIn):
    _readers_only(request.user)
    data = payload.model_dump()
    department = (
        selectors.departments_visible_to(user=request.user)
        .filter(pk=data.pop("department_id"))
        .first()
    )
    if department is None:
        raise ValidationError({"department_id": _("处室不存在。")})
    post = services.post_create(
        actor=request.user,
        department=department,
        reports_to=_post_or_400(request.user, data.pop("reports_to_id"), "reports_to_id"),
        holder=_person_or_400(request.user, data.pop("holder_id"), "holder_id"),
        request=request,
        **data,
    )
    return Status(201, _post_out(selectors.post_get_for_user(user=request.user, pk=post.pk)))


@router.patch("/posts/{pk}", response=PostOut, url_name="organs_post_update")
def post_update(request, pk: int, payload: PostUpdateIn):
    _readers_only(request.user)
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    data = payload.model_dump(exclude_unset=True)
    if "reports_to_id" in data:
        data["reports_to"] = _post_or_400(request.user, data.pop("reports_to_id"), "reports_to_id")
    data = {k: v for k, v in data.items() if v is not None or k == "reports_to"}
    services.post_update(post=post, actor=request.user, request=request, **data)
    return _post_out(selectors.post_get_for_user(user=request.user, pk=pk))


@router.put("/posts/{pk}/holder", response=PostOut, url_name="organs_post_holder")
def post_holder(request, pk: int, payload: PostHolderIn):
    _readers_only(request.user)
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    holder = _person_or_400(request.user, payload.holder_id, "holder_id")
    services.post_assign_holder(post=post, actor=request.user, holder=holder, request=request)
    return _post_out(selectors.post_get_for_user(user=request.user, pk=pk))


@router.put("/posts/{pk}/roles", response=PostOut, url_name="organs_post_roles")
def post_roles(request, pk: int, payload: PostRolesIn):
    _readers_only(request.user)
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    services.post_set_roles(post=post, actor=request.user, roles=payload.roles, request=request)
    return _post_out(selectors.post_get_for_user(user=request.user, pk=pk))


@router.post("/posts/{pk}/deactivate", response=PostOut, url_name="organs_post_deactivate")
def post_deactivate(request, pk: int):
    _readers_only(request.user)
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    services.post_deactivate(post=post, actor=request.user, request=request)
    return _post_out(selectors.post_get_for_user(user=request.user, pk=pk))


# --- Rotation -----------------------------------------------------------------------------------


@router.post("/rotations", response={201: RotationOut}, url_name="organs_rotation_create")
def rotation_create(request, payload: RotationIn):
    _readers_only(request.user)
    user = request.user
    from_post = _post_or_400(user, payload.from_post_id, "from_post_id")
    rotation = services.person_rotate(
        person=_person_or_400(user, payload.person_id, "person_id"),
        from_post=from_post,
        to_post=_post_or_400(user, payload.to_post_id, "to_post_id"),
        successor=_person_or_400(user, payload.successor_id, "successor_id"),
        actor=user,
        reason=payload.reason,
        request=request,
    )
    return Status(201, rotation)


# --- Delegations (business users) ---------------------------------------------------------------


@router.get(
    "/delegations",
    response=list[DelegationOut],
    auth=BusinessAuth(),
    url_name="organs_delegation_list",
)
def delegation_list(request):
    """Delegations the user gave or received."""
    qs = selectors.delegations_visible_to(user=request.user).order_by("-starts_at", "-id")
    return [_delegation_out(d) for d in qs[:1000]]


@router.get(
    "/delegations/{pk}",
    response=DelegationOut,
    auth=BusinessAuth(),
    url_name="organs_delegation_detail",
)
def delegation_detail(request, pk: int):
    return _delegation_out(selectors.delegation_get_for_user(user=request.user, pk=pk))


@router.post(
    "/delegations",
    response={201: DelegationOut},
    auth=BusinessAuth(),
    url_name="organs_delegation_create",
)
def delegation_create(request, payload: DelegationCreateIn):
    data = payload.model_dump()
    delegate = (
        selectors.delegate_candidates(user=request.user).filter(pk=data.pop("delegate_id")).first()
    )
    if delegate is None:
        raise ValidationError({"delegate_id": _("受托人不存在或与委托人不在同一机关。")})
    delegation = services.delegation_create(
        actor=request.user, delegate=delegate, request=request, **data
    )
    return Status(201, _delegation_out(delegation))


@router.post(
    "/delegations/{pk}/revoke",
    response=DelegationOut,
    auth=BusinessAuth(),
    url_name="organs_delegation_revoke",
)
def delegation_revoke(request, pk: int):
    delegation = selectors.delegation_get_for_user(user=request.user, pk=pk)
    return _delegation_out(
        services.delegation_revoke(delegation=delegation, actor=request.user, request=request)
    )
