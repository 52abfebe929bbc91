"""Accounts API: who am I, changing one's own password, and the 安全管理员's one-time codes
(the same services as the pages)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from zhongshu.accounts import selectors, services
from zhongshu.accounts.models import User
from zhongshu.accounts.permissions import AdminAuth

router = Router(tags=["账号"])


class AccountMeOut(Schema):
    id: int
    username: str
    full_name: str
    admin_role: str
    admin_role_label: str
    must_change_password: bool
    otp_verified: bool


class AccountPasswordChangeIn(Schema):
    old_password: str
    new_password: str


class AccountPasswordChangeOut(Schema):
    message: str


def _me(request: HttpRequest) -> dict:
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "admin_role": user.admin_role,
        "admin_role_label": str(user.get_admin_role_display()),
        "must_change_password": selectors.password_change_required(user=user),
        "otp_verified": bool(user.is_verified()),
    }


@router.get("/me", response=AccountMeOut, summary="当前用户")
def account_me(request: HttpRequest):
    return _me(request)


@router.post("/password", response=AccountPasswordChangeOut, summary="修改本人密码")
def account_password_change(request: HttpRequest, payload: AccountPasswordChangeIn):
    services.password_change(
        user=request.user,
        old_password=payload.old_password,
        new_password=payload.new_password,
        request=request,
    )
    return {"message": "密码已修改。"}


class PasswordCodeOut(Schema):
    id: int
    user_id: int
    username: str
    full_name: str
    purpose: str
    status: str
    requested_at: datetime
    expires_at: datetime | None

    @staticmethod
    def resolve_username(obj) -> str:
        return obj.user.username

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.user.full_name


class PasswordCodeIssuedOut(PasswordCodeOut):
    code: str


@router.get(
    "/password-codes",
    response=list[PasswordCodeOut],
    auth=AdminAuth(User.AdminRole.SECURITY),
    summary="待签发的设置码",
)
def password_code_list_api(request: HttpRequest):
    return list(selectors.password_codes_open(user=request.auth))


@router.post(
    "/password-codes/{int:pk}/issue",
    response=PasswordCodeIssuedOut,
    auth=AdminAuth(User.AdminRole.SECURITY),
    summary="签发设置码（只返回这一次）",
)
def password_code_issue_api(request: HttpRequest, pk: int):
    entry = selectors.password_code_get_for_user(user=request.auth, pk=pk)
    entry, plain = services.password_code_issue(code=entry, actor=request.auth, request=request)
    entry.code = plain  # this response only; only its keyed hash is stored
    return entry
