"""Reads about organs and people that every module shares, scoped to the asking user.

These are the one place that answers "which organs does this person act in", "does this person
carry role R", "who is this person's supervisor". Permission checks elsewhere build on them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from zhongshu.organs.models import Delegation, Organ, Post, PostRole, Role

if TYPE_CHECKING:
    from zhongshu.accounts.models import User


def user_posts(*, user: User) -> QuerySet[Post]:
    """The active posts a person holds, with department and organ loaded."""
    return (
        Post.objects.filter(holder=user, is_active=True)
        .select_related("department__organ")
        .order_by("sort_order", "id")
    )


def user_organ_ids(*, user: User) -> set[int]:
    """Ids of the organs in which the person holds an active post (cached on the user object)."""
    cached = getattr(user, "_organ_ids", None)
    if cached is None:
        cached = set(
            Post.objects.filter(holder=user, is_active=True).values_list(
                "department__organ_id", flat=True
            )
        )
        user._organ_ids = cached
    return cached


def user_primary_organ(*, user: User) -> Organ | None:
    """The organ of the person's first post (the one shown beside their name)."""
    post = user_posts(user=user).first()
    return post.department.organ if post else None


def user_roles(*, user: User, organ: Organ | None = None) -> set[str]:
    """Roles the person carries through active posts, optionally only those in ``organ``."""
    qs = PostRole.objects.filter(post__holder=user, post__is_active=True)
    if organ is not None:
        qs = qs.filter(post__department__organ=organ)
    return set(qs.values_list("role", flat=True))


def user_has_role(*, user: User, role: Role | str, organ: Organ | None = None) -> bool:
    qs = PostRole.objects.filter(post__holder=user, post__is_active=True, role=role)
    if organ is not None:
        qs = qs.filter(post__department__organ=organ)
    return qs.exists()


def people_with_role(*, organ: Organ, role: Role | str) -> QuerySet[User]:
    """Active people carrying ``role`` in ``organ`` (e.g. the 文书 who sign for incoming mail)."""
    return role_holders(roles=[role], department__organ=organ)


def role_holders(*, roles, **post_filters) -> QuerySet[User]:
    """Active business people (no administrators) holding one of ``roles`` through an active
    post; ``post_filters`` narrow the post (``department=…``, ``department__organ=…``,
    ``department__is_office=True``). The pool of a step is built on this."""
    from zhongshu.accounts.models import User

    filters = {f"posts__{key}": value for key, value in post_filters.items()}
    return (
        User.objects.filter(
            is_active=True,
            admin_role="",
            posts__is_active=True,
            posts__roles__role__in=list(roles),
            **filters,
        )
        .distinct()
        .order_by("id")
    )


def role_organ_ids(*, user: User, roles, office_only: bool = False) -> set[int]:
    """Ids of the organs where ``user`` holds one of ``roles`` through an active post (only
    through a post in the organ's office when ``office_only``)."""
    qs = PostRole.objects.filter(post__holder=user, post__is_active=True, role__in=list(roles))
    if office_only:
        qs = qs.filter(post__department__is_office=True)
    return set(qs.values_list("post__department__organ_id", flat=True))


def delegator_ids(*, user: User, scopes, at=None) -> set[int]:
    """Ids of the people ``user`` acts for now under a delegation of one of ``scopes``."""
    return set(
        active_delegations(delegate=user, at=at)
        .filter(scope__in=list(scopes))
        .values_list("principal_id", flat=True)
    )


def supervisor_of(*, user: User, post: Post | None = None) -> User | None:
    """The holder of the seat above ``post`` (or above the person's first post).

    Walks up ``reports_to`` past vacant seats, so an escalation never falls into a vacancy
    (the walk of ``supervisors_for``, for one seat).
    """
    return supervisors_for(seats=[(user, post)])[(user.pk, post.pk if post else None)]


def supervisors_for(
    *, seats: list[tuple[User, Post | None]]
) -> dict[tuple[int, int | None], User | None]:
    """``supervisor_of`` for many (person, post) pairs at once, keyed by (user id, post id).

    The same walk up ``reports_to`` past vacant seats, one query per level of the tree for the
    whole batch (plus one for the first posts of people given without a post and one for the
    holders) instead of one query per level per person: the flow scan escalates hundreds of
    items in one run.
    """
    from zhongshu.accounts.models import User as UserModel

    first_post: dict[int, int] = {}
    missing = {user.pk for user, post in seats if post is None}
    if missing:
        rows = (
            Post.objects.filter(holder_id__in=missing, is_active=True)
            .order_by("sort_order", "id")
            .values_list("holder_id", "pk")
        )
        for holder_id, post_id in rows:
            first_post.setdefault(holder_id, post_id)
    posts: dict[int, tuple[int | None, int | None, bool]] = {}  # pk: (reports_to, holder, active)
    wanted = {post.pk for _user, post in seats if post is not None} | set(first_post.values())
    while wanted:
        rows = Post.objects.filter(pk__in=wanted).values_list(
            "pk", "reports_to_id", "holder_id", "is_active"
        )
        for pk, reports_to_id, holder_id, is_active in rows:
            posts[pk] = (reports_to_id, holder_id, is_active)
        wanted = {up for up, _h, _a in posts.values() if up is not None and up not in posts}
    found: dict[tuple[int, int | None], int | None] = {}
    for user, post in seats:
        start = post.pk if post is not None else first_post.get(user.pk)
        node = posts[start][0] if start in posts else None
        seen: set[int] = set()
        boss = None
        while node is not None and node not in seen and node in posts:
            seen.add(node)
            up, holder_id, is_active = posts[node]
            if is_active and holder_id and holder_id != user.pk:
                boss = holder_id
                break
            node = up
        found[(user.pk, post.pk if post is not None else None)] = boss
    holders = UserModel.objects.in_bulk({pk for pk in found.values() if pk is not None})
    return {key: holders.get(pk) if pk is not None else None for key, pk in found.items()}


def active_delegations(*, delegate: User, at=None) -> QuerySet[Delegation]:
    """Delegations under which ``delegate`` may act now (never for a deactivated principal)."""
    at = at or timezone.now()
    return Delegation.objects.filter(
        delegate=delegate,
        starts_at__lte=at,
        ends_at__gt=at,
        revoked_at__isnull=True,
        principal__is_active=True,
    ).select_related("principal")


def can_act_for(*, delegate: User, principal: User, scope: str, at=None) -> bool:
    """Whether ``delegate`` may act for ``principal`` in ``scope`` now (scope ALL covers all)."""
    return (
        active_delegations(delegate=delegate, at=at)
        .filter(principal=principal, scope__in=[scope, Delegation.Scope.ALL])
        .exists()
    )


# --- Scoped reads for pages and the API ---------------------------------------------------------
# Business users see their own organs' departments, people, posts; the system and security
# administrators see all of them (they manage them); organ names are public to everyone.


def _is_staff_admin(user: User) -> bool:
    """System and security administrators manage every organ's people and posts."""
    return getattr(user, "admin_role", "") in {"system", "security"}


def organs_visible_to(*, user: User) -> QuerySet[Organ]:
    """Organs a user may see: every active organ (names are needed to address documents);
    the system and security administrators also see inactive (merged, dissolved) ones."""
    qs = Organ.objects.select_related("parent")
    if _is_staff_admin(user):
        return qs.order_by("sort_order", "id")
    return qs.filter(is_active=True).order_by("sort_order", "id")


def organ_get_for_user(*, user: User, pk: int) -> Organ:
    """One organ, or 404 when the user may not see it."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(organs_visible_to(user=user), pk=pk)


def organ_search(*, user: User, query: str = "", kind: str = "") -> QuerySet[Organ]:
    """Organs matching ``query`` in full name, short name or 机关代字, optionally of one kind."""
    qs = organs_visible_to(user=user)
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(short_name__icontains=query) | Q(org_code__icontains=query)
        )
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def organ_tree(*, organs: list[Organ]) -> list[tuple[Organ, int]]:
    """``organs`` in tree order with their depth (parents before children).

    Organs whose parent is not in the list are treated as roots, so a filtered list still shows.
    """
    ids = {o.pk for o in organs}
    children: dict[int | None, list[Organ]] = {}
    for organ in organs:
        key = organ.parent_id if organ.parent_id in ids else None
        children.setdefault(key, []).append(organ)
    rows: list[tuple[Organ, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for organ in children.get(parent_id, []):
            rows.append((organ, depth))
            if depth < 32:
                walk(organ.pk, depth + 1)

    walk(None, 0)
    return rows


def organ_descendant_ids(*, organ: Organ) -> set[int]:
    """Ids of every organ below ``organ`` (used to refuse a cycle in the tree)."""
    found: set[int] = set()
    frontier = {organ.pk}
    while frontier:
        frontier = set(
            Organ.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found |= frontier
    return found


def departments_visible_to(*, user: User) -> QuerySet:
    """Departments of the user's own organs (all of them for the system/security admins)."""
    from zhongshu.organs.models import Department

    qs = Department.objects.select_related("organ")
    if _is_staff_admin(user):
        return qs
    if getattr(user, "admin_role", ""):
        return qs.none()
    return qs.filter(organ_id__in=user_organ_ids(user=user), is_active=True)


def department_get_for_user(*, user: User, pk: int):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(departments_visible_to(user=user), pk=pk)


def people_visible_to(*, user: User) -> QuerySet[User]:
    """People a user may see: business users see the active people holding posts in their own
    organs; the three administrators see every business user (never the administrators)."""
    from zhongshu.accounts.models import User as UserModel

    qs = UserModel.objects.filter(admin_role="")
    if getattr(user, "admin_role", ""):
        return qs.order_by("id")
    return (
        qs.filter(
            is_active=True,
            posts__is_active=True,
            posts__department__organ_id__in=user_organ_ids(user=user),
        )
        .distinct()
        .order_by("id")
    )


def person_get_for_user(*, user: User, pk: int) -> User:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(people_visible_to(user=user), pk=pk)


def people_search(*, user: User, query: str = "", organ_id: int | None = None) -> QuerySet[User]:
    """People matching ``query`` in name, username or the name of an organ they hold a post in.

    The organ match is a subquery on posts (``id IN (SELECT holder_id …)``) rather than a join:
    a join repeats a person once per post and needs ``DISTINCT`` over every user column, which
    the database can only do by reading and sorting every match before the first page.
    """
    qs = people_visible_to(user=user)
    query = query.strip()
    if query:
        in_organ = Post.objects.filter(
            Q(department__organ__name__icontains=query)
            | Q(department__organ__short_name__icontains=query),
            holder__isnull=False,
        ).values("holder_id")
        qs = qs.filter(
            Q(full_name__icontains=query) | Q(username__icontains=query) | Q(pk__in=in_organ)
        )
    if organ_id:
        qs = qs.filter(
            pk__in=Post.objects.filter(department__organ_id=organ_id, holder__isnull=False).values(
                "holder_id"
            )
        )
    return qs


def people_active_posts() -> Prefetch:
    """Prefetch for a list of people: their active posts with department and organ, in one
    query (``person.active_posts``) instead of three (posts, departments, organs)."""
    return Prefetch(
        "posts",
        queryset=Post.objects.filter(is_active=True)
        .select_related("department__organ")
        .order_by("sort_order", "id"),
        to_attr="active_posts",
    )


def posts_visible_to(*, user: User) -> QuerySet[Post]:
    """Posts of the user's own organs (all for the system/security administrators)."""
    qs = Post.objects.select_related("department__organ", "holder", "reports_to").prefetch_related(
        Prefetch("roles", queryset=PostRole.objects.order_by("role"))
    )
    if _is_staff_admin(user):
        return qs
    if getattr(user, "admin_role", ""):
        return qs.none()
    return qs.filter(department__organ_id__in=user_organ_ids(user=user), is_active=True)


def post_get_for_user(*, user: User, pk: int) -> Post:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(posts_visible_to(user=user), pk=pk)


def post_search(
    *, user: User, query: str = "", organ_id: int | None = None, department_id: int | None = None
) -> QuerySet[Post]:
    """Posts matching ``query`` in title, holder's name or organ name."""
    qs = posts_visible_to(user=user)
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(title__icontains=query)
            | Q(holder__full_name__icontains=query)
            | Q(department__name__icontains=query)
            | Q(department__organ__short_name__icontains=query)
            | Q(department__organ__name__icontains=query)
        )
    if organ_id:
        qs = qs.filter(department__organ_id=organ_id)
    if department_id:
        qs = qs.filter(department_id=department_id)
    return qs.order_by(
        "department__organ__sort_order",
        "department__organ_id",
        "department__sort_order",
        "department_id",
        "sort_order",
        "id",
    )


def delegations_visible_to(*, user: User) -> QuerySet[Delegation]:
    """Delegations the user gave or received (business users only; nobody else's)."""
    if getattr(user, "admin_role", ""):
        return Delegation.objects.none()
    return Delegation.objects.filter(Q(principal=user) | Q(delegate=user)).select_related(
        "principal", "delegate"
    )


def delegation_get_for_user(*, user: User, pk: int) -> Delegation:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(delegations_visible_to(user=user), pk=pk)


def delegate_candidates(*, user: User) -> QuerySet[User]:
    """People a leader may delegate to: active colleagues of the same organ(s), not themselves."""
    return people_visible_to(user=user).exclude(pk=user.pk)


def address_book(*, user: User, q: str = "") -> list[dict]:
    """The user's own organs, each with its active departments and their held posts.

    ``q`` keeps the posts whose holder's name, title, department or phone contains it.
    """
    posts_qs = posts_visible_to(user=user).filter(is_active=True, department__is_active=True)
    q = q.strip()
    if q:
        posts_qs = posts_qs.filter(
            Q(holder__full_name__icontains=q)
            | Q(title__icontains=q)
            | Q(department__name__icontains=q)
            | Q(holder__phone__icontains=q)
        )
    posts = list(
        posts_qs.order_by(
            "department__organ_id", "department__sort_order", "department_id", "sort_order", "id"
        )
    )
    book: dict[int, dict] = {}
    for post in posts:
        organ = post.department.organ
        entry = book.setdefault(organ.pk, {"organ": organ, "departments": {}})
        dept = entry["departments"].setdefault(
            post.department_id, {"department": post.department, "posts": []}
        )
        dept["posts"].append(post)
    return [
        {"organ": e["organ"], "departments": list(e["departments"].values())} for e in book.values()
    ]


def rotations_recent(*, user: User, limit: int = 50):
    """The latest rotations, for the system administrator's rotation page."""
    from zhongshu.organs.models import Rotation

    if getattr(user, "admin_role", "") != "system":
        return Rotation.objects.none()
    return Rotation.objects.select_related(
        "person",
        "from_post__department__organ",
        "to_post__department__organ",
        "successor",
        "handed_over_to",
    )[:limit]


#: Roles of a leading seat: only their holders may let someone else act for them (委托).
LEADING_ROLES = {
    Role.PRINCIPAL,
    Role.LEADER,
    Role.OFFICE_DIRECTOR,
    Role.DEPARTMENT_HEAD,
    Role.DUTY_LEADER,
}


def user_may_delegate(*, user: User) -> bool:
    """Whether ``user`` holds a leading seat, so may give a delegation (the service's rule)."""
    return bool(user_roles(user=user) & {str(r) for r in LEADING_ROLES})
