"""Reads about accounts: password age, second-factor state, and where a person lands."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp import user_has_device

from zhongshu.accounts.models import User

#: The first page of each kind of account (the first name that resolves wins).
HOME_URL_NAMES: dict[str, tuple[str, ...]] = {
    User.AdminRole.NONE: ("web:workbench",),
    User.AdminRole.SYSTEM: ("organs:organ_list",),
    User.AdminRole.SECURITY: ("organs:post_list",),
    User.AdminRole.AUDIT: ("audit:events",),
}


def first_url(names: tuple[str, ...] | list[str]) -> str | None:
    """The URL of the first name that resolves; modules are built in parallel, some may not exist."""
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def user_home_url(*, user: Any) -> str:
    """Where a person goes after log-in: their workbench, or their administrator area."""
    names = HOME_URL_NAMES.get(getattr(user, "admin_role", ""), HOME_URL_NAMES[""])
    return first_url(names) or reverse("accounts:security")


def password_expires_at(*, user: User) -> datetime | None:
    """When the password must be changed again; ``None`` when its age is not known.

    Accounts whose password was set by an administrator carry ``must_change_password``
    instead, so an unknown age never locks a person out by itself.
    """
    if user.password_changed_at is None or settings.PASSWORD_MAX_AGE_DAYS <= 0:
        return None
    return user.password_changed_at + timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def password_is_expired(*, user: User, at: datetime | None = None) -> bool:
    expires = password_expires_at(user=user)
    return expires is not None and (at or timezone.now()) >= expires


def password_change_required(*, user: User) -> bool:
    """First log-in with an administrator-set password, or a password older than the policy."""
    return bool(user.must_change_password) or password_is_expired(user=user)


def otp_required_for(*, user: User) -> bool:
    """Administrators must use the second factor when ``REQUIRE_ADMIN_OTP`` is on."""
    return bool(user.admin_role) and bool(settings.REQUIRE_ADMIN_OTP)


def otp_has_confirmed_device(*, user: User) -> bool:
    return user_has_device(user, confirmed=True)


def accounts_locked_out(
    *, usernames: list[str], now: datetime | None = None
) -> dict[str, datetime]:
    """Which of ``usernames`` are locked out of log-in now, each with the time the lock ends.

    A lock-out is django-axes' record of ``AXES_FAILURE_LIMIT`` failures whose last one is within
    the cool-off (each failure during a lock-out restarts it, as the lock-out page says). One
    query for a page of people.
    """
    from axes.models import AccessAttempt

    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME) if settings.AXES_COOLOFF_TIME else None
    if not usernames or not settings.AXES_ENABLED:
        return {}
    now = now or timezone.now()
    rows = AccessAttempt.objects.filter(
        username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    if cool_off is not None:
        rows = rows.filter(attempt_time__gt=now - cool_off)
    locked: dict[str, datetime] = {}
    for username, at in rows.values_list("username", "attempt_time"):
        ends = at + cool_off if cool_off is not None else now
        locked[username] = max(ends, locked.get(username, ends))
    return locked


def address_locked_until(*, ip: str | None, now: datetime | None = None) -> datetime | None:
    """When log-in from ``ip`` opens again, or ``None`` when the address is not paused.

    django-axes locks one account after ``AXES_FAILURE_LIMIT`` failures; one wrong password
    tried on many accounts never reaches it. Here every failure from the address counts,
    whatever the user name (axes' ``AccessFailureLog``, one row per failure): at
    ``LOCKOUT_ADDRESS_ATTEMPTS`` within the cool-off the address waits until its oldest
    counted failure leaves the window.
    """
    from axes.models import AccessFailureLog

    limit = settings.LOCKOUT_ADDRESS_ATTEMPTS
    if not ip or limit <= 0 or not settings.AXES_ENABLED or not settings.AXES_COOLOFF_TIME:
        return None
    now = now or timezone.now()
    window = timedelta(hours=settings.AXES_COOLOFF_TIME)
    times = list(
        AccessFailureLog.objects.filter(ip_address=ip, attempt_time__gt=now - window)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)[:limit]
    )
    if len(times) < limit:
        return None
    return times[-1] + window


def password_codes_open(*, user: Any) -> Any:
    """The codes the 安全管理员 has to issue or has issued and not yet seen used, oldest first.

    Only the security administrator sees them (nobody else may learn that a code waits).
    """
    from zhongshu.accounts.models import PasswordCode
    from zhongshu.accounts.permissions import ensure_admin

    ensure_admin(user, User.AdminRole.SECURITY)
    return (
        PasswordCode.objects.filter(status__in=PasswordCode.OPEN_STATUSES, user__is_active=True)
        .select_related("user", "requested_by", "issued_by")
        .order_by("requested_at", "id")
    )


def password_code_get_for_user(*, user: Any, pk: int) -> Any:
    """One open code, for the security administrator (404 otherwise)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(password_codes_open(user=user), pk=pk)
