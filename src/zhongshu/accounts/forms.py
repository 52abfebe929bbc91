"""Forms of the log-in, password and second-factor pages (field rules only; policy is in services)."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's form (which calls ``authenticate`` with the request, as django-axes needs)."""

    error_messages: ClassVar[dict] = {
        "invalid_login": _("用户名或密码不正确。"),
        "inactive": _("该账号已停用。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self.fields["username"].widget.attrs.update({"class": "form-control", "autofocus": True})
        self.fields["password"].widget.attrs.update({"class": "form-control"})


class NewPasswordForm(forms.Form):
    """The new password twice (the policy is checked by the service, not here)."""

    new_password = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )
    new_password_confirm = forms.CharField(
        label=_("确认新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )


class PasswordChangeForm(NewPasswordForm):
    field_order: ClassVar[list[str]] = ["old_password"]

    old_password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={"class": "form-control", "autocomplete": "current-password"}
        ),
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("动态口令"),
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "pattern": "[0-9 ]*",
            }
        ),
    )


class PasswordCodeRedeemForm(NewPasswordForm):
    """凭设置码设置密码: the user name, the code handed over, and the new password twice."""

    field_order: ClassVar[list[str]] = ["username", "code"]

    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "username"}),
    )
    code = forms.CharField(
        label=_("设置码"),
        max_length=40,
        help_text=_("安全管理员交给您的一次性设置码，如 ABCD-EFGH-JKLM。"),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "one-time-code"}),
    )
