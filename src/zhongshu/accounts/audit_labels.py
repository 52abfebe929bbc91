"""Chinese names of the audit actions the accounts module adds (registered in
``AccountsConfig.ready``; the older ``account.*`` names are listed in ``audit.selectors``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "account.address_lockout": _("登录地址暂停登录"),
    "account.password_code_issue": _("签发密码设置码"),
    "account.password_code_redeem": _("凭设置码设置密码"),
}
