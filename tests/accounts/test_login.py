"""Log-in, log-out and lock-out through HTTP, with their audit lines."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from zhongshu.audit.models import AuditEvent


def test_the_login_page_is_in_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="zh-hans"' in body
    assert "登录中枢" in body
    assert "用户名" in body and "密码" in body


def test_a_correct_password_logs_in_and_is_audited_with_ip_and_agent(
    client, clerk, organ_a, login_post
):
    response = login_post(clerk.username)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(clerk.pk)
    event = AuditEvent.objects.get(action="account.login")
    assert event.result == "success"
    assert event.actor_id == clerk.pk
    assert event.organ_id == organ_a.pk
    assert event.ip == "10.1.2.3"
    assert event.user_agent == "pytest-browser/1.0"


def test_a_wrong_password_is_refused_in_chinese_and_audited_as_failure(client, clerk, login_post):
    response = login_post(clerk.username, "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="account.login")
    assert event.result == "failure"
    assert event.actor_id is None
    assert event.actor_name == clerk.username
    assert event.object_id == str(clerk.pk)
    assert event.ip == "10.1.2.3"


def test_an_administrator_lands_in_their_own_area_after_login(client, audit_admin, login_post):
    response = login_post(audit_admin.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("audit:events")


def test_logout_needs_post_and_is_audited(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="account.logout", actor=clerk).count() == 1


def test_five_failures_lock_the_account_with_a_chinese_page_saying_when(client, clerk, login_post):
    for _ in range(4):
        assert login_post(clerk.username, "wrong-password").status_code == 200
    locked = login_post(clerk.username, "wrong-password")
    assert locked.status_code == 403
    body = locked.content.decode()
    assert "账号已暂时锁定" in body
    assert "请联系系统管理员核实身份后解除锁定" in body  # the way out before the cool-off ends
    unlock = timezone.localtime(timezone.now() + timedelta(minutes=15))
    assert (
        unlock.strftime("%H:%M") in body
        or (unlock - timedelta(minutes=1)).strftime("%H:%M") in body
    )
    # Even the right password is refused while locked.
    assert login_post(clerk.username).status_code == 403
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="account.lockout", result="denied").exists()
    assert AuditEvent.objects.filter(action="account.lockout").first().object_id == str(clerk.pk)


def test_the_lock_lifts_after_fifteen_minutes(client, clerk, login_post):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            login_post(clerk.username, "wrong-password")
        assert login_post(clerk.username).status_code == 403
        traveller.shift(timedelta(minutes=14))
        assert login_post(clerk.username).status_code == 403
        traveller.shift(timedelta(minutes=16))
        response = login_post(clerk.username)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(clerk.pk)


def test_the_lock_is_per_account_and_spares_other_people(client, clerk, director, login_post):
    for _ in range(5):
        login_post(clerk.username, "wrong-password")
    assert login_post(director.username).status_code == 302


def test_an_inactive_account_cannot_log_in(client, clerk, login_post):
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    response = login_post(clerk.username)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_logged_in_person_visiting_the_login_page_goes_home(client, audit_admin):
    client.force_login(audit_admin)
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("audit:events")


def test_login_refuses_to_redirect_to_another_site(client, clerk, login_post):
    response = login_post(clerk.username, next="https://evil.example.com/")
    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]


def test_login_follows_a_local_next_url(client, audit_admin, login_post):
    response = login_post(audit_admin.username, next=reverse("accounts:security"))
    assert response["Location"] == reverse("accounts:security")


def test_a_failure_with_an_unknown_user_name_is_audited_without_an_object(client, db, login_post):
    response = login_post("no-such-person", "whatever")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="account.login")
    assert (event.result, event.actor_name, event.object_id) == ("failure", "no-such-person", "")
    assert event.extra == {"username": "no-such-person"}


def test_a_deactivated_person_loses_an_open_session(client, clerk):
    client.force_login(clerk)
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
