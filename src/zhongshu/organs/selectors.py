"""Reads about organs and people that every module shares, scoped to the asking user.

These are the one place that answers "which organs does this person act in", "does this person
carry role R", "who is this person's supervisor". Permission checks elsewhere build on them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
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
    from zhongshu.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            posts__is_active=True,
            posts__department__organ=organ,
            posts__roles__role=role,
        )
        .distinct()
        .order_by("id")
    )


def supervisor_of(*, user: User, post: Post | None = None) -> User | None:
    """The holder of the seat above ``post`` (or above the person's first post).

    Walks up ``reports_to`` past vacant seats, so an escalation never falls into a vacancy.
    """
    post = post or user_posts(user=user).first()
    seen: set[int] = set()
    node = post.reports_to if post else None
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        if node.is_active and node.holder_id and node.holder_id != user.pk:
            return node.holder
        node = node.reports_to
    return None


def active_delegations(*, delegate: User, at=None) -> QuerySet[Delegation]:
    """Delegations under which ``delegate`` may act now."""
    at = at or timezone.now()
    return Delegation.objects.filter(
        delegate=delegate, starts_at__lte=at, ends_at__gt=at, revoked_at__isnull=True
    ).select_related("principal")


def can_act_for(*, delegate: User, principal: User, scope: str, at=None) -> bool:
    """Whether ``delegate`` may act for ``principal`` in ``scope`` now (scope ALL covers all)."""
    return (
        active_delegations(delegate=delegate, at=at)
        .filter(principal=principal, scope__in=[scope, Delegation.Scope.ALL])
        .exists()
    )
