"""Audit lines for log-in, log-in failure, log-out and lock-out.

These receivers only record (the one use of signals this codebase allows): Django's auth and
django-axes announce the events, and each becomes one line of the audit trail with the client's
IP address and user agent. They are connected in ``AccountsConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from zhongshu.audit.services import audit_record


def _account(username: str | None) -> Any:
    from zhongshu.accounts.models import User

    if not username:
        return None
    return User.objects.filter(username=username).first()


def _organ(user: Any) -> Any:
    from zhongshu.organs.selectors import user_primary_organ

    if user is None or user.admin_role:
        return None
    return user_primary_organ(user=user)


def record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="account.login", obj=user, organ=_organ(user), request=request)


def record_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    """The account tried is the object, not the actor: whoever typed the name is unknown."""
    username = str(credentials.get("username") or "")[:150]
    account = _account(username)
    audit_record(
        action="account.login",
        result="failure",
        obj=account,
        organ=_organ(account),
        actor_name=username,
        request=request,
        extra={"username": username},
    )


def record_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit_record(actor=user, action="account.logout", obj=user, organ=_organ(user), request=request)


def record_lockout(
    sender: Any,
    request: Any = None,
    username: str | None = None,
    ip_address: Any = None,
    **kwargs: Any,
) -> None:
    account = _account(username)
    audit_record(
        action="account.lockout",
        result="denied",
        obj=account,
        organ=_organ(account),
        actor_name=username or "",
        request=request,
        extra={"username": username or "", "ip": ip_address},
    )


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(record_login, dispatch_uid="zhongshu.accounts.record_login")
    user_login_failed.connect(
        record_login_failed, dispatch_uid="zhongshu.accounts.record_login_failed"
    )
    user_logged_out.connect(record_logout, dispatch_uid="zhongshu.accounts.record_logout")
    user_locked_out.connect(record_lockout, dispatch_uid="zhongshu.accounts.record_lockout")
