"""Creating the three administrators from the command line, and unlocking an account."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from zhongshu.accounts.models import User
from zhongshu.accounts.services import account_unlock, admin_account_create
from zhongshu.audit.models import AuditEvent

GOOD = "Chushi-Mima-2026"


def test_the_command_creates_an_administrator_who_must_change_the_password(db, tmp_path, capsys):
    secret = tmp_path / "pw"
    secret.write_text(GOOD + "\n", encoding="utf-8")
    call_command(
        "create_admin",
        role="audit",
        username="shenji",
        full_name="审计员甲",
        password_file=str(secret),
    )
    user = User.objects.get(username="shenji")
    assert user.admin_role == "audit"
    assert user.must_change_password is True
    assert user.is_superuser is False
    assert user.check_password(GOOD) is True
    assert "已创建审计管理员 shenji" in capsys.readouterr().out
    event = AuditEvent.objects.get(action="account.admin_create")
    assert (event.actor_name, event.extra) == ("命令行", {"admin_role": "audit"})


def test_the_command_refuses_a_weak_password_and_creates_nothing(db, tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("weak", encoding="utf-8")
    with pytest.raises(CommandError, match="至少需要"):
        call_command(
            "create_admin",
            role="system",
            username="xitong",
            full_name="系统员",
            password_file=str(secret),
        )
    assert not User.objects.filter(username="xitong").exists()


def test_the_command_needs_a_password_source_when_not_on_a_terminal(db, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="--password-file"):
        call_command("create_admin", role="system", username="xitong", full_name="系统员")


def test_an_existing_user_name_is_refused(clerk):
    with pytest.raises(ValidationError):
        admin_account_create(
            role="security", username=clerk.username, full_name="重名", password=GOOD
        )


def test_only_the_three_roles_can_be_created(db):
    with pytest.raises(ValidationError, match="管理员角色只能是"):
        admin_account_create(role="", username="nobody", full_name="无", password=GOOD)


def test_only_the_system_administrator_creates_administrators_in_the_application(
    audit_admin, system_admin
):
    with pytest.raises(PermissionDenied):
        admin_account_create(
            role="audit", username="a2", full_name="甲", password=GOOD, actor=audit_admin
        )
    user = admin_account_create(
        role="audit", username="a2", full_name="甲", password=GOOD, actor=system_admin
    )
    assert user.admin_role == "audit"


def test_the_system_administrator_unlocks_a_locked_account(client, clerk, system_admin, login_post):
    for _ in range(5):
        login_post(clerk.username, "wrong-password")
    assert login_post(clerk.username).status_code == 403
    assert account_unlock(actor=system_admin, user=clerk) >= 1
    assert not AccessAttempt.objects.filter(username=clerk.username).exists()
    assert login_post(clerk.username).status_code == 302
    assert AuditEvent.objects.filter(action="account.unlock", actor=system_admin).exists()


def test_other_administrators_cannot_unlock(clerk, security_admin):
    with pytest.raises(PermissionDenied):
        account_unlock(actor=security_admin, user=clerk)


def test_a_created_administrator_logs_in_to_the_password_page(client, db, login_post, password):
    admin_account_create(role="audit", username="shenji", full_name="审计员甲", password=GOOD)
    response = login_post("shenji", GOOD)
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"].startswith(
        reverse("accounts:password_change")
    )


def test_the_people_list_marks_a_locked_account_and_its_unlock_page_lifts_it(
    client, clerk, director, system_admin, login_post
):
    """GIVEN a clerk locked out by five wrong passwords WHEN the system administrator opens the
    people list THEN the clerk's row says 已锁定至 … with a 解除锁定 link (the director's does
    not), and confirming it lets the clerk log in again, audited."""
    for _ in range(5):
        login_post(clerk.username, "wrong-password")
    client.force_login(system_admin)
    html = client.get(reverse("organs:person_list")).content.decode()
    unlock_url = reverse("organs:person_unlock", args=[clerk.pk])
    assert "已锁定至" in html and unlock_url in html
    assert reverse("organs:person_unlock", args=[director.pk]) not in html

    page = client.get(unlock_url)
    assert page.status_code == 200 and "请先与本人核实" in page.content.decode()
    response = client.post(unlock_url)

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=clerk.username).exists()
    assert "已锁定至" not in client.get(reverse("organs:person_list")).content.decode()
    assert AuditEvent.objects.filter(action="account.unlock", actor=system_admin).exists()
    client.logout()
    assert login_post(clerk.username).status_code == 302
