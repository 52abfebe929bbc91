"""Pages of log-in, lock-out, password change, the second factor and one's account security.

Thin: each view authorises, validates its form, calls one service of ``accounts.services``
and renders or redirects.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from zhongshu.accounts import selectors, services
from zhongshu.accounts.forms import (
    LoginForm,
    PasswordChangeForm,
    PasswordCodeRedeemForm,
    TokenForm,
)
from zhongshu.accounts.middleware import OTP_DEVICE_SESSION_KEY
from zhongshu.accounts.permissions import admin_required
from zhongshu.audit.context import client_of
from zhongshu.lib.errors import ApplicationError


def _next_url(request: HttpRequest, user: Any) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return selectors.user_home_url(user=user)


def _form_errors(form: Any, exc: ValidationError) -> None:
    for field, msgs in exc.message_dict.items():
        for msg in msgs:
            form.add_error(field if field in form.fields else None, msg)


class LoginView(auth_views.LoginView):
    """Django's log-in (django-axes counts failures through ``authenticate``)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return selectors.user_home_url(user=self.request.user)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Refuse before checking any password while the address is paused (429)."""
        refused = address_refusal(request)
        return refused or super().post(request, *args, **kwargs)


def address_refusal(request: HttpRequest) -> HttpResponse | None:
    """The 429 page when too many failures came from the client's address, else ``None``.

    Shared by every page that checks a secret of an anonymous visitor (log-in, setting a
    password with a code), so a guesser cannot move from one to the other.
    """
    ip = get_client_ip_address(request)
    until = selectors.address_locked_until(ip=ip)
    if until is None:
        return None
    services.login_address_refused(request=request, ip=ip or "", until=until)
    return render(
        request, "accounts/lockout.html", {"address": True, "unlocks_at": until}, status=429
    )


login_view = LoginView.as_view()
# POST only (Django 5): a link or an image cannot log anyone out.
logout_view = auth_views.LogoutView.as_view()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for django-axes (``AXES_CLIENT_IP_CALLABLE``): the one the audit
    trail records (``audit.context.client_of``: ``CLIENT_IP_HEADER`` behind a proxy). Without
    it axes would count every failure behind a reverse proxy against the proxy's address, and
    ``address_refusal`` would pause everyone at once."""
    return client_of(request)[0]


def lockout(
    request: HttpRequest,
    response: Any = None,
    credentials: dict | None = None,
    *args: Any,
    **kwargs: Any,
) -> HttpResponse:
    """django-axes' lock-out page (``AXES_LOCKOUT_CALLABLE``): 403, and when it unlocks."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return render(
        request,
        "accounts/lockout.html",
        {"username": username, "unlocks_at": _unlocks_at(request, username)},
        status=403,
    )


def _unlocks_at(request: HttpRequest, username: str) -> datetime | None:
    """The last failure plus the cool-off (each failure during lock-out restarts it)."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    last = (
        AccessAttempt.objects.filter(username=username)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + cool_off


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(user=user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("密码已修改。"))
            return redirect(_next_url(request, user))
    context = {
        "form": form,
        "policy": " ".join(password_validators_help_texts()),
        "forced": selectors.password_change_required(user=user),
        "expired": selectors.password_is_expired(user=user),
        "next": request.GET.get("next", ""),
    }
    return render(
        request, "accounts/password_change.html", context, status=400 if form.errors else 200
    )


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # drop the XML declaration to inline it


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP app: show the QR image and the secret, confirm with a first code."""
    user = request.user
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.otp_device_confirm(
                user=user, token=form.cleaned_data["token"], request=request
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("动态口令设备已绑定。"))
            return redirect(_next_url(request, user))
    device = services.otp_device_start(user=user)
    secret = device.config_url.split("secret=")[1].split("&")[0]
    context = {
        "form": form,
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - our own generated SVG
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": selectors.otp_required_for(user=user),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/otp_setup.html", context, status=400 if form.errors else 200)


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of log-in for a person with a confirmed device."""
    user = request.user
    if not selectors.otp_has_confirmed_device(user=user):
        # The device went away since this session cached that it exists: nothing to verify.
        request.session.pop(OTP_DEVICE_SESSION_KEY, None)
        return redirect(_next_url(request, user))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.otp_verify(request=request, token=form.cleaned_data["token"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect(_next_url(request, user))
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def otp_remove(request: HttpRequest) -> HttpResponse:
    services.otp_device_remove(user=request.user, request=request)  # 403 for administrators
    messages.success(request, _("已解除动态口令绑定。"))
    return redirect("accounts:security")


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """One's own account: role, password age and expiry, second-factor state."""
    user = request.user
    context = {
        "password_expires_at": selectors.password_expires_at(user=user),
        "has_device": selectors.otp_has_confirmed_device(user=user),
        "otp_required": selectors.otp_required_for(user=user),
    }
    return render(request, "accounts/security.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def password_code_redeem(request: HttpRequest) -> HttpResponse:
    """凭设置码设置密码 (anonymous): a new person's activation, or after a reset.

    The same address limit as the log-in page guards it: a code is a secret to guess too.
    """
    if request.method == "POST":
        refused = address_refusal(request)
        if refused is not None:
            return refused
    form = PasswordCodeRedeemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_code_redeem(request=request, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("密码已设置，请用新密码登录。"))
            return redirect("accounts:login")
    context = {"form": form, "policy": " ".join(password_validators_help_texts())}
    return render(
        request, "accounts/password_code_redeem.html", context, status=400 if form.errors else 200
    )


@admin_required("security")
def password_code_list(request: HttpRequest) -> HttpResponse:
    """The 安全管理员's list of codes to issue (new people, resets by the 系统管理员)."""
    codes = selectors.password_codes_open(user=request.user)
    return render(
        request, "accounts/password_code_list.html", {"codes": codes, "now": timezone.now()}
    )


@never_cache
@require_POST
@admin_required("security")
def password_code_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue one code and show it this once (the response is not cached, the code not stored)."""
    entry = selectors.password_code_get_for_user(user=request.user, pk=pk)
    try:
        entry, plain = services.password_code_issue(code=entry, actor=request.user, request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:password_code_list")
    return render(request, "accounts/password_code_issued.html", {"entry": entry, "plain": plain})
