"""Template context shared by every page: the navigation of the logged-in person.

Entries depend on the kind of account (三员分立: each administrator sees only their own area,
business users their work). Modules are built in parallel, so an entry whose URL name does not
resolve yet is simply left out instead of breaking every page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from zhongshu.accounts.models import User
from zhongshu.accounts.selectors import first_url, user_home_url
from zhongshu.organs.models import Role as BusinessRole
from zhongshu.organs.selectors import user_roles

Role = User.AdminRole

#: (label, URL names tried in order, icon[, business role needed]) per kind of account.
NAVIGATION: dict[str, list[tuple[Any, ...]]] = {
    Role.NONE: [
        (_("工作台"), ("web:workbench",), "home"),
        (_("发文"), ("documents:list",), "file-text"),
        (_("收文"), ("incoming:inbox",), "inbox"),
        (_("通知"), ("notifications:list",), "bell"),
        (_("通讯录"), ("organs:address_book",), "address-book"),
        (_("委托"), ("organs:delegation_list",), "users"),
        (_("归档"), ("archive:list",), "archive", BusinessRole.ARCHIVIST),
    ],
    Role.SYSTEM: [
        (_("机关与人员"), ("organs:organ_list",), "building"),
        (_("人员"), ("organs:person_list",), "users"),
        (_("导入"), ("organs:import_upload",), "upload"),
        (_("轮岗"), ("organs:rotation_create",), "arrows-exchange"),
        (_("待办移交"), ("flow:hand_over",), "transfer"),
    ],
    Role.SECURITY: [
        (_("角色与密级"), ("organs:post_list",), "shield"),
        (_("人员密级"), ("organs:clearance_list",), "lock"),
        (_("设置码签发"), ("accounts:password_code_list",), "key"),
    ],
    Role.AUDIT: [(_("审计"), ("audit:events",), "list-search")],
}


def navigation_items(*, user: Any, path: str = "") -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    roles: set[str] | None = None
    for label, names, icon, *needs in NAVIGATION.get(user.admin_role, []):
        if needs:
            if roles is None:
                roles = user_roles(user=user)
            if needs[0] not in roles:
                continue
        url = first_url(names)
        if url is None:
            continue
        matches = path == url or (url != "/" and path.startswith(url))
        items.append({"label": label, "url": url, "icon": icon, "active": matches})
    # One entry is current: the longest URL that the path starts with (/organs/rotation/ is
    # 轮岗, not also 机关与人员 at /organs/).
    current = max(
        (item for item in items if item["active"]), key=lambda i: len(i["url"]), default=None
    )
    for item in items:
        item["active"] = item is current
    return items


def _identity(user: Any) -> str:
    """The organ beside the person's name, or the administrator role."""
    if user.admin_role:
        return str(user.get_admin_role_display())
    from zhongshu.organs.selectors import user_primary_organ

    organ = user_primary_organ(user=user)
    return (organ.short_name or organ.name) if organ else ""


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_identity": "", "nav_home_url": first_url(("accounts:login",))}
    return {
        "nav_items": navigation_items(user=user, path=request.path),
        "nav_identity": _identity(user),
        "nav_home_url": user_home_url(user=user),
        "nav_is_admin": bool(user.admin_role),
    }
