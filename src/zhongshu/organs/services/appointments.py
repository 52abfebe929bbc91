"""任职确认: a person placed on a seat does not get the seat's roles until the 安全管理员 confirms.

三员分立: only the security administrator grants what a seat may do. The system administrator
places people on seats, so were the roles to follow the seat, he could empty a 机要员 seat,
put a person of his own making on it and read what the seat reads. Whatever the path (a new
person created on a seat, a holder assigned, a rotation, a successor, an import), the roles
of the seat move to ``Post.pending_roles``, the list the security administrator already
confirms for imported roles (``post_set_roles``: the roles page shows them pre-ticked, saving
confirms). Until then the person holds the seat without any role: every permission check
reads ``PostRole`` and finds none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhongshu.organs.models import Post, PostRole, Role

if TYPE_CHECKING:
    from zhongshu.accounts.models import User


def appointment_hold_roles(*, post: Post, holder: User | None) -> list[str]:
    """Move the roles of ``post`` to its pending list because ``holder`` has just taken it.

    Called by every service that gives a seat a new holder, inside its transaction; the
    caller records the returned roles in its audit line. Nothing to hold for a vacated seat.
    """
    if holder is None:
        return []
    held = set(PostRole.objects.filter(post=post).values_list("role", flat=True))
    if not held:
        return []
    wanted = held | set(post.pending_roles or [])
    pending = [role for role in Role.values if role in wanted]  # in the order of Role
    PostRole.objects.filter(post=post).delete()
    Post.objects.filter(pk=post.pk).update(pending_roles=pending)
    post.pending_roles = pending
    return sorted(held)


def appointment_needs_confirmation(*, post: Post) -> bool:
    """Whether a new holder of ``post`` waits for the 安全管理员 (the seat carries roles, held
    or already pending)."""
    return bool(post.pending_roles) or PostRole.objects.filter(post=post).exists()
