"""The rules of 三员分立 (three separated administrators), in one place.

GB/T 22239 8.1.5 asks that the system, security and audit administrators be authenticated, act
only through their own interfaces, and be audited; our design adds that the three roles are
mutually exclusive (one ``admin_role`` field), that none of them holds a post or sees business
objects, and that no business user holds any of them. Every page and API endpoint of an
administrator area goes through ``admin_required`` / ``ensure_admin`` / ``AdminAuth`` here, so
that the matrix below is the only statement of who may do what:

============  ==========================================  ==========================
role          may                                         may not
============  ==========================================  ==========================
system        organs, people, posts, configuration         document contents, audit
security      roles, permissions, clearances               change people, audit
audit         read and export the audit trail              change anything
business      their own work through posts                 any administrator area
============  ==========================================  ==========================

A refusal of a logged-in user is recorded in the audit trail (result ``denied``), because
attempts to reach another administrator's area are exactly what an auditor looks for.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import SessionAuth

from zhongshu.accounts.models import User

AdminRole = User.AdminRole

#: What each administrator is responsible for, shown on their pages and used by ``can_manage``.
RESPONSIBILITIES: dict[str, frozenset[str]] = {
    AdminRole.SYSTEM: frozenset({"organs", "people", "posts", "configuration"}),
    AdminRole.SECURITY: frozenset({"roles", "permissions", "clearances"}),
    AdminRole.AUDIT: frozenset({"audit"}),
}


def is_business_user(user: Any) -> bool:
    """A logged-in person who is not one of the three administrators (may hold posts)."""
    return bool(getattr(user, "is_authenticated", False)) and not user.admin_role


def is_admin(user: Any, *roles: str) -> bool:
    """Whether ``user`` is an administrator holding one of ``roles`` (any of the three if none)."""
    if not getattr(user, "is_authenticated", False) or not user.admin_role:
        return False
    return not roles or user.admin_role in roles


def can_manage(user: Any, area: str) -> bool:
    """Whether ``user``'s administrator role covers ``area`` (e.g. ``"people"``, ``"audit"``)."""
    if not is_admin(user):
        return False
    return area in RESPONSIBILITIES.get(user.admin_role, frozenset())


def _otp_missing(user: Any) -> bool:
    """Administrators must have passed the second factor when ``REQUIRE_ADMIN_OTP`` is on."""
    if not settings.REQUIRE_ADMIN_OTP or not is_admin(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified is not None and is_verified())


def _record_denial(user: Any, roles: tuple[str, ...], request: HttpRequest | None) -> None:
    from zhongshu.audit.services import audit_record

    audit_record(
        actor=user,
        action="access.denied",
        result="denied",
        request=request,
        extra={
            "required_roles": list(roles),
            "path": request.path if request is not None else "",
        },
    )


def ensure_admin(user: Any, *roles: str, request: HttpRequest | None = None) -> None:
    """Raise ``PermissionDenied`` (403) unless ``user`` is an administrator with one of ``roles``.

    Services of administrator areas call this first, so that a page, the API and a script all
    meet the same rule. ``roles`` empty means any of the three administrators.
    """
    if not is_admin(user, *roles):
        if getattr(user, "is_authenticated", False):
            _record_denial(user, roles, request)
        raise PermissionDenied(_("无权访问：此功能仅限相应的管理员使用。"))
    if _otp_missing(user):
        raise PermissionDenied(_("管理员须先通过动态口令验证。"))


# ``require_admin`` reads better in services that take a single role.
require_admin = ensure_admin


def ensure_business_user(user: Any, *, request: HttpRequest | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` is a logged-in business user.

    Administrators see no business objects (三员分立): business pages and services call this.
    """
    if not is_business_user(user):
        if getattr(user, "is_authenticated", False):
            _record_denial(user, ("business",), request)
        raise PermissionDenied(_("管理员账号不能访问业务内容。"))


def _login_guarded(check: Callable[[Any, HttpRequest], None]) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check(request.user, request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def admin_required(*roles: str) -> Callable:
    """View decorator: anonymous users go to the log-in page, logged-in users lacking one of
    ``roles`` get 403 (and an audit line). ``@admin_required(User.AdminRole.SYSTEM)``."""
    return _login_guarded(lambda user, request: ensure_admin(user, *roles, request=request))


def business_required(view: Callable) -> Callable:
    """View decorator for business pages: anonymous to log-in, administrators 403."""
    return _login_guarded(lambda user, request: ensure_business_user(user, request=request))(view)


class AdminAuth(SessionAuth):
    """django-ninja auth for administrator endpoints: ``auth=AdminAuth(User.AdminRole.AUDIT)``.

    Session authentication (with CSRF on unsafe methods, as ninja's ``django_auth``), then the
    same rule as the pages: no session gives 401, a session without the role 403.
    """

    def __init__(self, *roles: str, csrf: bool = True) -> None:
        super().__init__(csrf=csrf)
        self.roles = roles

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        ensure_admin(user, *self.roles, request=request)
        return user


class BusinessAuth(SessionAuth):
    """django-ninja auth for business endpoints: administrators get 403."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        ensure_business_user(user, request=request)
        return user
