"""Forced change at first log-in, expiry, and the idle time-out, through HTTP."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from zhongshu.accounts import services
from zhongshu.audit.models import AuditEvent

NEW_PASSWORD = "Xin-Mima-2026!"


def test_a_first_login_is_held_at_the_password_page_until_changed(client, clerk, password):
    clerk.must_change_password = True
    clerk.save(update_fields=["must_change_password"])
    client.force_login(clerk)
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:password_change") + "?next=")
    assert client.get(reverse("accounts:password_change")).status_code == 200

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password": NEW_PASSWORD,
            "new_password_confirm": NEW_PASSWORD,
            "next": reverse("accounts:security"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:security")
    clerk.refresh_from_db()
    assert clerk.must_change_password is False
    assert clerk.check_password(NEW_PASSWORD) is True
    assert clerk.password_changed_at is not None
    # The session survives the change, and the gate is open.
    assert client.get(reverse("accounts:security")).status_code == 200
    assert (
        AuditEvent.objects.filter(
            action="account.password_change", actor=clerk, result="success"
        ).count()
        == 1
    )


def test_an_expired_password_sends_the_person_to_the_password_page(client, clerk):
    clerk.password_changed_at = timezone.now() - timedelta(days=91)
    clerk.save(update_fields=["password_changed_at"])
    client.force_login(clerk)
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:password_change"))
    assert "密码已过期" in client.get(reverse("accounts:password_change")).content.decode()


def test_a_password_younger_than_the_policy_is_not_held(client, clerk):
    clerk.password_changed_at = timezone.now() - timedelta(days=89)
    clerk.save(update_fields=["password_changed_at"])
    client.force_login(clerk)
    assert client.get(reverse("accounts:security")).status_code == 200


@override_settings(PASSWORD_MAX_AGE_DAYS=30)
def test_the_expiry_follows_the_setting(client, clerk):
    clerk.password_changed_at = timezone.now() - timedelta(days=31)
    clerk.save(update_fields=["password_changed_at"])
    client.force_login(clerk)
    assert client.get(reverse("accounts:security")).status_code == 302


def test_an_htmx_request_is_redirected_with_hx_redirect(client, clerk):
    clerk.must_change_password = True
    clerk.save(update_fields=["must_change_password"])
    client.force_login(clerk)
    response = client.get(reverse("accounts:security"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:password_change"))


def test_the_api_answers_403_json_until_the_password_is_changed(client, clerk):
    clerk.must_change_password = True
    clerk.save(update_fields=["must_change_password"])
    client.force_login(clerk)
    response = client.get("/api/audit/events")
    assert response.status_code == 403
    assert response.json()["extra"]["redirect"] == reverse("accounts:password_change")
    assert "修改密码" in response.json()["message"]


def test_a_person_held_at_the_gate_may_change_the_password_through_the_api(client, clerk, password):
    clerk.must_change_password = True
    clerk.save(update_fields=["must_change_password"])
    client.force_login(clerk)
    assert client.get("/api/accounts/me").json()["must_change_password"] is True
    response = client.post(
        "/api/accounts/password",
        {"old_password": password, "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert client.get("/api/accounts/me").json()["must_change_password"] is False


def test_a_wrong_current_password_is_refused_and_nothing_changes(client, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "not-it",
            "new_password": NEW_PASSWORD,
            "new_password_confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "当前密码不正确" in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.check_password(NEW_PASSWORD) is False
    assert AuditEvent.objects.get(action="account.password_change").result == "failure"


def test_a_weak_new_password_is_refused_with_the_policy_message(client, clerk, password):
    client.force_login(clerk)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password": "simple", "new_password_confirm": "simple"},
    )
    assert response.status_code == 400
    assert "至少需要 10 个字符" in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.password_changed_at is None


def test_a_mismatched_confirmation_is_refused(client, clerk, password):
    client.force_login(clerk)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password": NEW_PASSWORD,
            "new_password_confirm": NEW_PASSWORD + "x",
        },
    )
    assert response.status_code == 400
    assert "两次输入的新密码不一致" in response.content.decode()


def test_the_new_password_must_differ_from_the_old(clerk, password):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="不能与当前密码相同"):
        services.password_change(user=clerk, old_password=password, new_password=password)


def test_the_api_changes_the_password_through_the_same_service(client, clerk, password):
    client.force_login(clerk)
    response = client.post(
        "/api/accounts/password",
        {"old_password": password, "new_password": "short"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "至少需要" in response.json()["message"]
    response = client.post(
        "/api/accounts/password",
        {"old_password": password, "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    clerk.refresh_from_db()
    assert clerk.check_password(NEW_PASSWORD) is True


def test_an_idle_session_ends_after_the_timeout(client, clerk):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(clerk)
        assert client.get(reverse("accounts:security")).status_code == 200
        traveller.shift(timedelta(minutes=29))
        # Activity restarts the idle clock.
        assert client.get(reverse("accounts:security")).status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get(reverse("accounts:security")).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get(reverse("accounts:security"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_me_endpoint_describes_the_logged_in_person(client, security_admin):
    client.force_login(security_admin)
    data = client.get("/api/accounts/me").json()
    assert data["admin_role"] == "security"
    assert data["admin_role_label"] == "安全管理员"
    assert data["must_change_password"] is False


def test_a_wrong_current_password_and_a_weak_new_one_are_both_reported_at_once(client, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not-it", "new_password": "simple", "new_password_confirm": "simpel"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "当前密码不正确" in html
    assert "至少需要 10 个字符" in html
    assert "两次输入的新密码不一致" in html
    clerk.refresh_from_db()
    assert clerk.password_changed_at is None


def test_an_htmx_request_of_a_timed_out_session_goes_to_the_log_in_page_whole(client, db):
    """The badge or a tab body asked for after the idle time-out: a plain redirect would be
    followed by the XHR and htmx would swap the log-in page into the fragment."""
    response = client.get(
        reverse("notifications:badge"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/?tab=done"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:login") + "?next=%2F"
    plain = client.get(reverse("notifications:badge"))
    assert plain.status_code == 302  # a page is redirected as before


def test_the_unread_badge_does_not_poll_the_session_alive(client, clerk):
    """Every request restarts the idle clock, so a badge polled on a timer kept an unattended
    screen logged in for ever; it refreshes when the person comes back to the tab instead."""
    client.force_login(clerk)
    html = client.get(reverse("web:workbench")).content.decode()
    badge = html[html.index('id="zs-unread-badge"') :][:400]
    assert "every " not in badge
    assert "visibilitychange" in badge
