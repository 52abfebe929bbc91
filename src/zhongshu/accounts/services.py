"""Every write of the accounts module: changing a password, the TOTP second factor, and the
one-time codes with which a person sets a password no administrator knows.

Each service is transactional and audited; the HTML views and the API call the same functions.
Log-in and log-out themselves are Django's (``django.contrib.auth``); their audit lines are
written by the receivers in ``zhongshu.accounts.signals``.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import django_otp
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhongshu.accounts.models import PasswordCode, User
from zhongshu.audit.services import audit_record
from zhongshu.lib.errors import ApplicationError

#: The name of the one TOTP device a person may have; enrolling again replaces it.
DEVICE_NAME = "default"


def _organ(user: User) -> Any:
    from zhongshu.organs.selectors import user_primary_organ

    return None if user.admin_role else user_primary_organ(user=user)


def _check_new_password(
    errors: dict[str, list[str]],
    *,
    user: User,
    new_password: str,
    new_password_confirm: str | None,
) -> None:
    """Add the problems of a new password to ``errors``: the validators of
    ``AUTH_PASSWORD_VALIDATORS`` (unless ``new_password`` already has one) and the confirmation."""
    if "new_password" not in errors:
        try:
            validate_password(new_password, user)
        except ValidationError as exc:
            errors["new_password"] = list(exc.messages)
    if new_password_confirm is not None and new_password != new_password_confirm:
        errors["new_password_confirm"] = [_("两次输入的新密码不一致。")]


def _password_save(user: User, new_password: str, *, at: Any) -> None:
    """Store the person's own new password (she chose it: nothing left to change at log-in)."""
    user.set_password(new_password)
    user.password_changed_at = at
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])


def password_change(
    *,
    user: User,
    old_password: str,
    new_password: str,
    new_password_confirm: str | None = None,
    request: HttpRequest | None = None,
) -> User:
    """Change one's own password under the policy; clears ``must_change_password``.

    1. Check the current password (a stolen open session must not be enough).
    2. Check the confirmation, that it differs from the old one, and the validators of
       ``AUTH_PASSWORD_VALIDATORS`` (``ComplexityValidator``).
    3. Save the hash, the time of change, and keep the session valid when there is one.
    """
    # Every problem at once: a person who mistyped the current password and chose too short a
    # new one should not learn of the second only after fixing the first.
    errors: dict[str, list[str]] = {}
    if not user.check_password(old_password or ""):
        audit_record(
            actor=user,
            action="account.password_change",
            result="failure",
            request=request,
            organ=_organ(user),
            extra={"reason": "wrong_old_password"},
        )
        errors["old_password"] = [_("当前密码不正确。")]
    if new_password == old_password:
        errors["new_password"] = [_("新密码不能与当前密码相同。")]
    _check_new_password(
        errors, user=user, new_password=new_password, new_password_confirm=new_password_confirm
    )
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        _password_save(user, new_password, at=timezone.now())
        audit_record(
            actor=user,
            action="account.password_change",
            obj=user,
            request=request,
            organ=_organ(user),
        )
    if request is not None and getattr(request, "user", None) == user:
        update_session_auth_hash(request, user)
    return user


def otp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device a person is enrolling (created on first call, then reused).

    Nothing is audited yet: an unconfirmed device cannot be used to log in.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def otp_device_confirm(*, user: User, token: str, request: HttpRequest | None = None) -> TOTPDevice:
    """Confirm enrolment with a first code from the app; it replaces any earlier device.

    On success the current session counts as verified (the person has just proved the factor).
    Replacing an existing device requires a session verified with it.
    """
    has_confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if has_confirmed and not (request is not None and request.user.is_verified()):
        # Replacing a device needs the old one: a password alone must not swap the factor.
        raise PermissionDenied(_("请先用已绑定的设备完成动态口令验证，再重新绑定。"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        raise ValidationError({"token": [_("请先打开绑定页面生成密钥。")]})
    if not _token_ok(device, token):
        audit_record(
            actor=user,
            action="account.otp_enrol",
            result="failure",
            request=request,
            organ=_organ(user),
        )
        raise ValidationError({"token": [_("动态口令不正确或已过期，请重试。")]})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(actor=user, action="account.otp_enrol", request=request, organ=_organ(user))
    if request is not None:
        django_otp.login(request, device)
    return device


def otp_verify(*, request: HttpRequest, token: str) -> TOTPDevice:
    """The second step of log-in: check a code against the person's confirmed device.

    django-otp throttles repeated failures on the device itself.
    """
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    if device is None:
        raise ValidationError({"token": [_("尚未绑定动态口令设备。")]})
    allowed, _info = device.verify_is_allowed()
    if not allowed or not _token_ok(device, token):
        audit_record(
            actor=user,
            action="account.otp_verify",
            result="failure",
            request=request,
            organ=_organ(user),
            extra={"throttled": not allowed},
        )
        if not allowed:
            raise ValidationError({"token": [_("尝试次数过多，请稍后再试。")]})
        raise ValidationError({"token": [_("动态口令不正确或已过期，请重试。")]})
    django_otp.login(request, device)
    audit_record(actor=user, action="account.otp_verify", request=request, organ=_organ(user))
    return device


def otp_device_remove(*, user: User, request: HttpRequest | None = None) -> int:
    """Remove one's own second factor; administrators cannot when it is required of them."""
    from zhongshu.accounts.selectors import otp_required_for

    if otp_required_for(user=user):
        raise PermissionDenied(_("管理员必须使用动态口令，不能解除绑定。"))
    with transaction.atomic():
        count, _detail = TOTPDevice.objects.filter(user=user).delete()
        if count:
            audit_record(
                actor=user, action="account.otp_remove", request=request, organ=_organ(user)
            )
    if request is not None:
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    return count


def _token_ok(device: TOTPDevice, token: str) -> bool:
    token = (token or "").strip().replace(" ", "")
    return token.isdigit() and len(token) == device.digits and device.verify_token(token)


def admin_account_create(
    *,
    role: str,
    username: str,
    full_name: str,
    password: str,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> User:
    """Create one of the three administrators (三员分立), from the command line at installation.

    Production allows no superuser, so this is how the first administrators come to exist.
    The password must meet the policy and is changed at first log-in; the account holds no
    post and exactly one administrator role.
    """
    if role not in {User.AdminRole.SYSTEM, User.AdminRole.SECURITY, User.AdminRole.AUDIT}:
        raise ValidationError(
            {"role": [_("管理员角色只能是系统管理员、安全管理员或审计管理员之一。")]}
        )
    if actor is not None:
        from zhongshu.accounts.permissions import ensure_admin

        ensure_admin(actor, User.AdminRole.SYSTEM, request=request)
    user = User(username=username, full_name=full_name, admin_role=role, must_change_password=True)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean()  # unique user name, required name, valid role
    with transaction.atomic():
        user.save()
        audit_record(
            actor=actor,
            actor_name="" if actor is not None else "命令行",
            action="account.admin_create",
            obj=user,
            request=request,
            extra={"admin_role": role},
        )
    return user


def account_unlock(*, actor: User, user: User, request: HttpRequest | None = None) -> int:
    """Lift a log-in lock-out before its cool-off ends (the 系统管理员 manages accounts)."""
    from axes.utils import reset

    from zhongshu.accounts.permissions import ensure_admin

    ensure_admin(actor, User.AdminRole.SYSTEM, request=request)
    with transaction.atomic():
        count = reset(username=user.username)
        audit_record(
            actor=actor,
            action="account.unlock",
            obj=user,
            request=request,
            extra={"attempts_cleared": count},
        )
    return count


def login_address_refused(*, request: HttpRequest, ip: str, until: Any) -> None:
    """Record a log-in refused because its address is paused (``address_locked_until``).

    The user name typed is kept as the name tried, not as an actor: nobody has logged in.
    """
    username = str(request.POST.get("username", ""))[:150]
    audit_record(
        action="account.address_lockout",
        result="denied",
        actor_name=username,
        request=request,
        extra={"username": username, "ip": ip, "until": until.isoformat()},
    )


# --- One-time codes: a password no administrator knows ---------------------------------------

#: How long an issued code may be used: a working day to hand it over and use it.
PASSWORD_CODE_VALID_FOR = timedelta(hours=24)
#: Wrong codes typed for one person before her code is void (a new one must be requested).
PASSWORD_CODE_MAX_FAILURES = 5
# No 0/O, 1/I: read aloud or copied from paper without doubt. 12 of 32 symbols: 60 bits.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 12


def _code_hash(code: str) -> str:
    """A keyed hash (the code has 60 random bits: no slow hash needed, no rainbow table)."""
    return salted_hmac("zhongshu.accounts.PasswordCode", code, algorithm="sha256").hexdigest()


def _code_normalise(text: str) -> str:
    return "".join(c for c in (text or "").upper() if c.isalnum())


def password_code_request(*, user: User, actor: User, purpose: str) -> PasswordCode:
    """Void the person's log-in password and open a code request for the 安全管理员 to issue.

    Called by the system administrator's services (a new person, a reset) inside their
    transaction, which writes the audit line. A request replaces any open one of the person.
    The old password stops working at once (``set_unusable_password``), which also ends her
    sessions: a reset is usually asked for because a password is known to someone else.
    """
    from zhongshu.accounts.permissions import ensure_admin

    ensure_admin(actor, User.AdminRole.SYSTEM)
    if user.admin_role:
        raise ValidationError(_("管理员账号不使用设置码。"))
    now = timezone.now()
    PasswordCode.objects.filter(user=user, status__in=PasswordCode.OPEN_STATUSES).update(
        status=PasswordCode.Status.REVOKED, closed_at=now
    )
    if user.has_usable_password() or user.must_change_password:
        # a person just created (or imported) without a password has nothing to void: no write
        user.set_unusable_password()
        user.must_change_password = False  # she chooses it herself; nothing to change at log-in
        user.save(update_fields=["password", "must_change_password"])
    return PasswordCode.objects.create(
        user=user, purpose=purpose, requested_by=actor, requested_at=now
    )


def password_code_issue(
    *, code: PasswordCode, actor: User, request: HttpRequest | None = None
) -> tuple[PasswordCode, str]:
    """The 安全管理员 issues a requested code and sees it once (returned, never stored).

    1. Only the security administrator (the second person of the two-person rule).
    2. Compare-and-set from ``requested`` (or from ``issued`` once expired: issue again) to
       ``issued`` with the hash and the expiry, so two tabs cannot both show a valid code.
    3. One audit line (who issued whose code, until when).
    """
    from zhongshu.accounts.permissions import ensure_admin

    ensure_admin(actor, User.AdminRole.SECURITY, request=request)
    plain = "".join(secrets.choice(_CODE_ALPHABET) for _i in range(_CODE_LENGTH))
    now = timezone.now()
    expires = now + PASSWORD_CODE_VALID_FOR
    issuable = Q(status=PasswordCode.Status.REQUESTED) | Q(
        status=PasswordCode.Status.ISSUED, expires_at__lte=now
    )
    with transaction.atomic(durable=True):
        changed = (
            PasswordCode.objects.filter(issuable, pk=code.pk)
            .filter(user__is_active=True)
            .update(
                status=PasswordCode.Status.ISSUED,
                code_hash=_code_hash(plain),
                issued_by=actor,
                issued_at=now,
                expires_at=expires,
                failed_attempts=0,
            )
        )
        if changed != 1:
            raise ApplicationError(
                _("该设置码已签发且仍在有效期内，或已使用、已作废，不能再次显示。"), status=409
            )
        code.refresh_from_db()
        audit_record(
            actor=actor,
            action="account.password_code_issue",
            obj=code.user,
            organ=_organ(code.user),
            request=request,
            extra={"code": code.pk, "purpose": code.purpose, "expires_at": expires.isoformat()},
        )
    return code, "-".join(plain[i : i + 4] for i in range(0, _CODE_LENGTH, 4))


def password_code_redeem(
    *,
    username: str,
    code: str,
    new_password: str,
    new_password_confirm: str | None = None,
    request: HttpRequest | None = None,
) -> User:
    """A person sets her own password with the code she was given (anonymous; single use).

    1. Find her open, issued, unexpired code; a wrong code counts against it and voids it at
       ``PASSWORD_CODE_MAX_FAILURES``. Every refusal says the same thing (no hint whether the
       name, the code or its age was wrong) and is audited.
    2. Check the new password against the policy.
    3. Compare-and-set the code to ``used``, save the password, audit, in one transaction.
    """
    refused = ValidationError({"code": [_("用户名或设置码不正确，或设置码已过期、已使用。")]})
    username = (username or "").strip()
    now = timezone.now()
    entry = (
        PasswordCode.objects.select_related("user")
        .filter(
            user__username=username,
            user__is_active=True,
            user__admin_role="",
            status=PasswordCode.Status.ISSUED,
            expires_at__gt=now,
        )
        .first()
    )
    if entry is None or not constant_time_compare(
        entry.code_hash, _code_hash(_code_normalise(code))
    ):
        _password_code_failed(entry, username=username, request=request)
        raise refused
    user = entry.user
    errors: dict[str, list[str]] = {}
    _check_new_password(
        errors, user=user, new_password=new_password, new_password_confirm=new_password_confirm
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        used = PasswordCode.objects.filter(pk=entry.pk, status=PasswordCode.Status.ISSUED).update(
            status=PasswordCode.Status.USED, closed_at=now
        )
        if used != 1:
            raise refused
        _password_save(user, new_password, at=now)
        audit_record(
            actor=user,
            action="account.password_code_redeem",
            obj=user,
            organ=_organ(user),
            request=request,
            extra={"code": entry.pk, "purpose": entry.purpose},
        )
    return user


def _password_code_failed(
    entry: PasswordCode | None, *, username: str, request: HttpRequest | None
) -> None:
    """Count a wrong code against the person's code (voiding it at the limit) and audit."""
    voided = False
    if entry is not None:
        with transaction.atomic():
            PasswordCode.objects.filter(pk=entry.pk).update(
                failed_attempts=F("failed_attempts") + 1
            )
            voided = bool(
                PasswordCode.objects.filter(
                    pk=entry.pk,
                    status=PasswordCode.Status.ISSUED,
                    failed_attempts__gte=PASSWORD_CODE_MAX_FAILURES,
                ).update(status=PasswordCode.Status.REVOKED, closed_at=timezone.now())
            )
    audit_record(
        action="account.password_code_redeem",
        result="failure",
        actor_name=username[:150],
        obj=entry.user if entry is not None else None,
        request=request,
        extra={"username": username[:150], "voided": voided},
    )
