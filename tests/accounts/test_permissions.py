"""三员分立: the permission matrix over the pages of accounts and audit, and the rules module."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from zhongshu.accounts.models import User
from zhongshu.accounts.permissions import (
    AdminAuth,
    admin_required,
    business_required,
    can_manage,
    ensure_admin,
    ensure_business_user,
    is_admin,
    is_business_user,
)
from zhongshu.audit.models import AuditEvent

CAST = ["anonymous", "clerk", "system_admin", "security_admin", "audit_admin"]


def _as(client, request, who):
    if who == "anonymous":
        return None
    user = request.getfixturevalue(who)
    client.force_login(user)
    return user


AUDIT_PAGES = ["audit:events", "audit:export"]
EXPECTED_AUDIT = {
    "anonymous": 302,
    "clerk": 403,
    "system_admin": 403,
    "security_admin": 403,
    "audit_admin": 200,
}


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("page", AUDIT_PAGES)
def test_only_the_audit_administrator_reaches_the_audit_pages(client, request, who, page):
    _as(client, request, who)
    response = client.get(reverse(page))
    assert response.status_code == EXPECTED_AUDIT[who]
    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", CAST)
def test_only_the_audit_administrator_verifies_the_chain(client, request, who):
    _as(client, request, who)
    response = client.post(reverse("audit:chain_status"), HTTP_HX_REQUEST="true")
    if who == "anonymous":  # htmx is sent to the log-in page as a whole page
        assert response.status_code == 204
        assert response["HX-Redirect"].startswith(reverse("accounts:login"))
        return
    assert response.status_code == EXPECTED_AUDIT[who]


@pytest.mark.parametrize("who", CAST)
def test_only_the_audit_administrator_reaches_the_audit_api(client, request, who):
    _as(client, request, who)
    response = client.get("/api/audit/events")
    assert response.status_code == (401 if who == "anonymous" else EXPECTED_AUDIT[who])
    if response.status_code == 403:
        assert response.json()["message"]


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(
    "page", ["accounts:security", "accounts:password_change", "accounts:otp_setup"]
)
def test_everyone_logged_in_reaches_their_own_account_pages(client, request, who, page):
    _as(client, request, who)
    response = client.get(reverse(page))
    assert response.status_code == (302 if who == "anonymous" else 200)


def test_a_refusal_is_itself_audited(client, system_admin):
    client.force_login(system_admin)
    client.get(reverse("audit:events"))
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor_id == system_admin.pk
    assert event.result == "denied"
    assert event.extra["path"] == reverse("audit:events")
    assert event.extra["required_roles"] == ["audit"]


def test_the_chinese_403_page_explains_the_refusal(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("audit:events"))
    assert "无权访问" in response.content.decode()


def test_an_account_holds_one_administrator_role_at_most_structurally():
    field = User._meta.get_field("admin_role")
    assert field.get_internal_type() == "CharField"
    assert {value for value, _label in field.choices} == {"", "system", "security", "audit"}


@pytest.mark.django_db
def test_the_database_refuses_a_combined_role(system_admin):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {User._meta.db_table} SET admin_role = %s WHERE id = %s",  # noqa: S608
            ["sysaudit", system_admin.pk],
        )


def test_the_predicates_tell_administrators_from_business_users(
    clerk, system_admin, security_admin, audit_admin
):
    from django.contrib.auth.models import AnonymousUser

    assert is_business_user(clerk) is True
    assert is_business_user(system_admin) is False
    assert is_business_user(AnonymousUser()) is False
    assert is_admin(audit_admin) is True
    assert is_admin(audit_admin, User.AdminRole.SYSTEM) is False
    assert is_admin(clerk) is False
    assert can_manage(system_admin, "people") is True
    assert can_manage(system_admin, "audit") is False
    assert can_manage(security_admin, "clearances") is True
    assert can_manage(security_admin, "people") is False
    assert can_manage(audit_admin, "audit") is True
    assert can_manage(audit_admin, "organs") is False
    assert can_manage(clerk, "organs") is False


def test_ensure_admin_raises_for_the_wrong_role_and_passes_the_right_one(
    system_admin, security_admin, clerk
):
    ensure_admin(system_admin, User.AdminRole.SYSTEM)
    ensure_admin(security_admin, User.AdminRole.SYSTEM, User.AdminRole.SECURITY)
    with pytest.raises(PermissionDenied, match="无权访问"):
        ensure_admin(security_admin, User.AdminRole.SYSTEM)
    with pytest.raises(PermissionDenied):
        ensure_admin(clerk)


def test_administrators_are_refused_business_content(system_admin, clerk):
    ensure_business_user(clerk)
    with pytest.raises(PermissionDenied, match="管理员账号不能访问业务内容"):
        ensure_business_user(system_admin)


def _view(request):
    return HttpResponse("ok")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("system_admin", 200),
        ("security_admin", 403),
        ("audit_admin", 403),
        ("clerk", 403),
        ("anonymous", 302),
    ],
)
def test_admin_required_guards_a_view(request, who, status):
    from django.contrib.auth.models import AnonymousUser

    view = admin_required(User.AdminRole.SYSTEM)(_view)
    http = RequestFactory().get("/organs/")
    http.user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    try:
        response = view(http)
    except PermissionDenied:
        assert status == 403
        return
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "allowed"), [("clerk", True), ("system_admin", False), ("audit_admin", False)]
)
def test_business_required_keeps_administrators_out(request, who, allowed):
    view = business_required(_view)
    http = RequestFactory().get("/")
    http.user = request.getfixturevalue(who)
    if allowed:
        assert view(http).status_code == 200
    else:
        with pytest.raises(PermissionDenied):
            view(http)


def test_admin_auth_returns_the_user_only_for_the_right_role(security_admin, system_admin):
    auth = AdminAuth(User.AdminRole.SECURITY, csrf=False)
    http = RequestFactory().get("/api/x")
    http.user = security_admin
    assert auth.authenticate(http, None) == security_admin
    http.user = system_admin
    with pytest.raises(PermissionDenied):
        auth.authenticate(http, None)
