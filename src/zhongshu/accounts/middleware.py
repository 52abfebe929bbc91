"""Holds a logged-in person at the account policy's gates until they pass them.

Runs after django-otp's ``OTPMiddleware`` (which tells whether this session passed the second
factor). In order:

1. second factor: a person with a confirmed TOTP device must enter a code; an administrator
   must enrol a device first when ``REQUIRE_ADMIN_OTP`` is on;
2. password: a first log-in with an administrator-set password (``must_change_password``) or a
   password older than ``PASSWORD_MAX_AGE_DAYS`` must be changed.

Pages are redirected (htmx requests get ``HX-Redirect``), the API gets a 403 JSON message. A
person held at a gate reaches only that gate's pages, log-in/log-out and static files.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from zhongshu.accounts.selectors import (
    otp_has_confirmed_device,
    otp_required_for,
    password_change_required,
)

#: Session key caching "this person has a confirmed device", so that a verified-or-not session
#: costs no query per request.
OTP_DEVICE_SESSION_KEY = "zhongshu_otp_has_device"

#: Pages open whatever the gate (leaving is always allowed).
ALWAYS_OPEN = ("accounts:login", "accounts:logout")
#: The pages of each gate: a person held at a gate reaches only these. A gate never opens the
#: pages of a later one (a password alone must not change the password or enrol a new device).
GATE_PAGES: dict[str, tuple[str, ...]] = {
    "accounts:otp_verify": ("accounts:otp_verify",),
    "accounts:otp_setup": ("accounts:otp_setup",),
    "accounts:password_change": (
        "accounts:password_change",
        "api:account_password_change",
        "api:account_me",
    ),
}


class AccountPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._paths: dict[str, frozenset[str]] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._is_free(request.path_info):
            gate = self._gate(request)
            if gate is not None and request.path_info not in self._gate_paths(gate[0]):
                return self._stop(request, *gate)
        response = self.get_response(request)
        if user is not None and not user.is_authenticated:
            return self._to_login_page(request, response)
        return response

    def _to_login_page(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """An htmx request of a session that timed out goes to the log-in page as a whole page.

        ``login_required`` answers with a redirect, which the browser's XHR follows: htmx would
        then swap the log-in page into the fragment (the badge, a tab body), inside the old page.
        """
        login = reverse(settings.LOGIN_URL)
        location = response.get("Location", "") if response.status_code == 302 else ""
        if request.headers.get("HX-Request") != "true" or not location.startswith(login):
            return response
        current = request.headers.get("HX-Current-URL", "")
        path = urlsplit(current).path if current else ""
        target = f"{login}?{urlencode({'next': path})}" if path.startswith("/") else login
        redirected = HttpResponse(status=204)
        redirected["HX-Redirect"] = target
        return redirected

    def _gate_paths(self, gate: str) -> frozenset[str]:
        if self._paths is None:
            self._paths = {
                name: frozenset(reverse(n) for n in (*pages, *ALWAYS_OPEN))
                for name, pages in GATE_PAGES.items()
            }
        return self._paths[gate]

    def _is_free(self, path: str) -> bool:
        return path.startswith((settings.STATIC_URL, "/i18n/"))

    def _gate(self, request: HttpRequest) -> tuple[str, str] | None:
        user = request.user
        if not user.is_verified():
            has_device = request.session.get(OTP_DEVICE_SESSION_KEY)
            if has_device is None:
                has_device = otp_has_confirmed_device(user=user)
                request.session[OTP_DEVICE_SESSION_KEY] = has_device
            if has_device:
                return "accounts:otp_verify", _("请输入动态口令完成登录。")
            if otp_required_for(user=user):
                return "accounts:otp_setup", _("管理员须先绑定动态口令设备。")
        if password_change_required(user=user):
            return "accounts:password_change", _("请先修改密码：首次登录或密码已过期。")
        return None

    def _stop(self, request: HttpRequest, url_name: str, message: str) -> HttpResponse:
        url = reverse(url_name)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"message": message, "extra": {"redirect": url}}, status=403)
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request") == "true":  # HtmxMiddleware runs after this one
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
