"""One-time codes (issue #10, part 2b): the 系统管理员 never chooses a password anyone logs in
with; the 安全管理员 issues a code shown once; the person sets her own password with it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhongshu.accounts import services
from zhongshu.accounts.models import PasswordCode
from zhongshu.audit.models import AuditEvent
from zhongshu.organs import services as organs_services

NEW_PASSWORD = "Zi-ji-She-De-7mima"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _issue_over_http(security_admin, code: PasswordCode) -> str:
    """The security administrator's click on 签发并显示: the code as the page shows it."""
    client = _client(security_admin)
    listing = client.get(reverse("accounts:password_code_list")).content.decode()
    assert code.user.username in listing
    page = client.post(reverse("accounts:password_code_issue", args=[code.pk]))
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    return re.search(r'id="password-code">([A-Z0-9-]+)<', page.content.decode()).group(1)


def _redeem(client, username: str, code: str, password: str = NEW_PASSWORD):
    return client.post(
        reverse("accounts:password_code_redeem"),
        {
            "username": username,
            "code": code,
            "new_password": password,
            "new_password_confirm": password,
        },
    )


def _login(client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_a_reset_gives_the_system_admin_no_way_in_and_the_person_sets_her_own_password(
    client, clerk, password, system_admin, security_admin
):
    """GIVEN the clerk's password WHEN the system administrator resets it
    THEN her old password no longer logs in, and nothing he saw logs in either; the security
    administrator issues a code shown once; she sets her own password with it and logs in; the
    code does not work twice; request, issue and use are audited."""
    reset_page = _client(system_admin).post(reverse("organs:person_password", args=[clerk.pk]))
    assert reset_page.status_code == 302
    assert _login(client, clerk.username, password).status_code == 200  # refused
    code = PasswordCode.objects.get(user=clerk, status=PasswordCode.Status.REQUESTED)

    # the system administrator cannot issue (nor list) codes
    assert _client(system_admin).get(reverse("accounts:password_code_list")).status_code == 403
    assert (
        _client(system_admin)
        .post(reverse("accounts:password_code_issue", args=[code.pk]))
        .status_code
        == 403
    )

    plain = _issue_over_http(security_admin, code)
    # shown once: a second click does not show it again
    again = _client(security_admin).post(
        reverse("accounts:password_code_issue", args=[code.pk]), follow=True
    )
    assert plain not in again.content.decode() and "不能再次显示" in again.content.decode()
    code.refresh_from_db()
    assert plain.replace("-", "") not in code.code_hash

    assert _redeem(client, clerk.username, plain.lower()).status_code == 302
    assert _login(client, clerk.username, NEW_PASSWORD).status_code == 302
    client.logout()
    reused = _redeem(Client(), clerk.username, plain, "Another-Own-9pass")
    assert reused.status_code == 400 and "设置码不正确" in reused.content.decode()
    actions = set(
        AuditEvent.objects.filter(object_id=str(clerk.pk)).values_list("action", "result")
    )
    assert {
        ("organs.person_reset_password", "success"),
        ("account.password_code_issue", "success"),
        ("account.password_code_redeem", "success"),
    } <= actions
    assert AuditEvent.objects.filter(
        action="account.password_code_redeem", result="failure", actor_name=clerk.username
    ).exists()


def test_a_new_person_activates_her_account_with_the_code(client, system_admin, security_admin):
    person = organs_services.person_create(actor=system_admin, username="xinren", full_name="新人")
    assert _login(client, "xinren", "anything-At-all-1").status_code == 200
    code = PasswordCode.objects.get(user=person, purpose=PasswordCode.Purpose.ACTIVATE)

    plain = _issue_over_http(security_admin, code)

    assert _redeem(client, "xinren", plain).status_code == 302
    assert _login(client, "xinren", NEW_PASSWORD).status_code == 302
    person.refresh_from_db()
    assert person.must_change_password is False


def test_an_expired_code_is_refused_and_can_be_issued_again(clerk, system_admin, security_admin):
    code = organs_services.person_reset_password(person=clerk, actor=system_admin)
    _entry, plain = services.password_code_issue(code=code, actor=security_admin)
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        late = _redeem(Client(), clerk.username, plain)
        assert late.status_code == 400
        _entry, fresh = services.password_code_issue(code=code, actor=security_admin)
        assert _redeem(Client(), clerk.username, fresh).status_code == 302


def test_wrong_codes_void_the_code_after_five_tries(clerk, system_admin, security_admin):
    code = organs_services.person_reset_password(person=clerk, actor=system_admin)
    _entry, plain = services.password_code_issue(code=code, actor=security_admin)
    for _i in range(services.PASSWORD_CODE_MAX_FAILURES):
        assert _redeem(Client(), clerk.username, "AAAA-BBBB-CCCC").status_code == 400
    code.refresh_from_db()
    assert code.status == PasswordCode.Status.REVOKED
    assert _redeem(Client(), clerk.username, plain).status_code == 400


def test_the_new_password_must_meet_the_policy(clerk, system_admin, security_admin):
    code = organs_services.person_reset_password(person=clerk, actor=system_admin)
    _entry, plain = services.password_code_issue(code=code, actor=security_admin)
    weak = _redeem(Client(), clerk.username, plain, "Password@123")
    assert weak.status_code == 400 and "常见" in weak.content.decode()
    code.refresh_from_db()
    assert code.status == PasswordCode.Status.ISSUED  # still usable with a better password


def test_a_new_request_voids_the_earlier_code(clerk, system_admin, security_admin):
    first = organs_services.person_reset_password(person=clerk, actor=system_admin)
    _entry, plain = services.password_code_issue(code=first, actor=security_admin)
    organs_services.person_reset_password(person=clerk, actor=system_admin)
    first.refresh_from_db()
    assert first.status == PasswordCode.Status.REVOKED
    assert _redeem(Client(), clerk.username, plain).status_code == 400


@pytest.mark.parametrize("who", ["system_admin", "audit_admin", "clerk"])
def test_only_the_security_admin_issues_codes(request, who, clerk, system_admin):
    code = organs_services.person_reset_password(person=clerk, actor=system_admin)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.password_code_issue(code=code, actor=request.getfixturevalue(who))


def test_the_pages_say_in_chinese_that_no_password_is_chosen_by_an_administrator(
    client, clerk, system_admin
):
    reset = _client(system_admin).get(reverse("organs:person_password", args=[clerk.pk]))
    assert "不允许系统管理员设定可登录的密码" in reset.content.decode()
    login = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_code_redeem") in login
    redeem = client.get(reverse("accounts:password_code_redeem")).content.decode()
    assert "任何管理员都不知道您设置的密码" in redeem


@pytest.mark.django_db
def test_the_code_pages_follow_the_permission_matrix(request):
    from tests.contract import Endpoint, check_matrix, expect

    def open_code(r):
        clerk = r.getfixturevalue("clerk")
        system_admin = r.getfixturevalue("system_admin")
        code = PasswordCode.objects.filter(
            user=clerk, status=PasswordCode.Status.REQUESTED
        ).first() or organs_services.person_reset_password(person=clerk, actor=system_admin)
        return {"pk": code.pk}

    check_matrix(request, Endpoint("accounts:password_code_list"), expect(403, security_admin=200))
    check_matrix(
        request,
        Endpoint("accounts:password_code_issue", open_code, "post"),
        expect(403, security_admin=200),
    )
    check_matrix(request, Endpoint("accounts:password_code_redeem"), expect(200, anonymous=200))


def test_the_security_admin_issues_a_code_through_the_api_once(clerk, system_admin, security_admin):
    code = organs_services.person_reset_password(person=clerk, actor=system_admin)
    client = _client(security_admin)
    listed = client.get("/api/accounts/password-codes").json()
    assert [row["username"] for row in listed] == [clerk.username]
    issued = client.post(f"/api/accounts/password-codes/{code.pk}/issue")
    assert issued.status_code == 200
    plain = issued.json()["code"]
    again = client.post(f"/api/accounts/password-codes/{code.pk}/issue")
    assert again.status_code == 409 and "不能再次显示" in again.json()["message"]
    assert (
        _client(system_admin).post(f"/api/accounts/password-codes/{code.pk}/issue").status_code
        == 403
    )
    assert _redeem(Client(), clerk.username, plain).status_code == 302
