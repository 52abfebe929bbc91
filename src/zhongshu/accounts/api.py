"""Accounts API: who am I, and changing one's own password (the same service as the page)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from zhongshu.accounts import selectors, services

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
