"""The TOTP second factor: enrolment, verification at log-in, and the administrators' duty."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import totp_code
from zhongshu.audit.models import AuditEvent


def _enrol(client, user):
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return page, device


def test_a_person_enrols_with_the_qr_image_and_a_first_code(client, clerk):
    client.force_login(clerk)
    page, device = _enrol(client, clerk)
    body = page.content.decode()
    assert "<svg" in body
    assert "密钥" in body
    # Reloading the page keeps the same secret (the app may already have scanned it).
    client.get(reverse("accounts:otp_setup"))
    assert TOTPDevice.objects.filter(user=clerk).count() == 1

    response = client.post(reverse("accounts:otp_setup"), {"token": totp_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert AuditEvent.objects.filter(
        action="account.otp_enrol", actor=clerk, result="success"
    ).exists()


def test_a_wrong_code_does_not_confirm_enrolment(client, clerk):
    client.force_login(clerk)
    _page, device = _enrol(client, clerk)
    wrong = str((int(totp_code(device)) + 1) % 1000000).zfill(6)
    response = client.post(reverse("accounts:otp_setup"), {"token": wrong})
    assert response.status_code == 400
    assert "动态口令不正确" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False


def _confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def test_a_person_with_a_device_must_enter_a_code_after_the_password(client, clerk, login_post):
    device = _confirmed_device(clerk)
    assert login_post(clerk.username).status_code == 302
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        wrong = "000000" if totp_code(device) != "000000" else "111111"
        bad = client.post(reverse("accounts:otp_verify"), {"token": wrong})
        assert bad.status_code == 400
        assert "动态口令不正确" in bad.content.decode()
        assert client.get(reverse("accounts:security")).status_code == 302
        # django-otp throttles the device after a failure (1 s, doubling): a code is refused.
        throttled = client.post(reverse("accounts:otp_verify"), {"token": totp_code(device)})
        assert "尝试次数过多" in throttled.content.decode()
        traveller.shift(timedelta(seconds=5))
        ok = client.post(
            reverse("accounts:otp_verify"),
            {"token": totp_code(device), "next": reverse("accounts:security")},
        )
    assert ok.status_code == 302
    assert ok["Location"] == reverse("accounts:security")
    assert client.get(reverse("accounts:security")).status_code == 200
    results = list(
        AuditEvent.objects.filter(action="account.otp_verify")
        .order_by("seq")
        .values_list("result", flat=True)
    )
    assert results == ["failure", "failure", "success"]


def test_a_person_without_a_device_needs_no_code(client, clerk, login_post):
    login_post(clerk.username)
    assert client.get(reverse("accounts:security")).status_code == 200


@override_settings(REQUIRE_ADMIN_OTP=True)
@pytest.mark.parametrize("admin", ["system_admin", "security_admin", "audit_admin"])
def test_an_administrator_must_enrol_before_anything_else_when_required(client, admin, request):
    user = request.getfixturevalue(admin)
    client.force_login(user)
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    _page, device = _enrol(client, user)
    assert (
        client.post(reverse("accounts:otp_setup"), {"token": totp_code(device)}).status_code == 302
    )
    assert client.get(reverse("accounts:security")).status_code == 200


@override_settings(REQUIRE_ADMIN_OTP=True)
def test_the_audit_api_refuses_an_administrator_who_has_not_passed_the_second_factor(
    client, audit_admin
):
    _confirmed_device(audit_admin)
    client.force_login(audit_admin)
    response = client.get("/api/audit/events")
    assert response.status_code == 403
    assert response.json()["extra"]["redirect"] == reverse("accounts:otp_verify")


@override_settings(REQUIRE_ADMIN_OTP=False)
def test_administrators_need_no_code_when_not_required(client, audit_admin):
    client.force_login(audit_admin)
    assert client.get(reverse("audit:events")).status_code == 200


@override_settings(REQUIRE_ADMIN_OTP=True)
def test_an_administrator_cannot_remove_a_required_device(client, audit_admin):
    device = _confirmed_device(audit_admin)
    client.force_login(audit_admin)
    client.post(reverse("accounts:otp_verify"), {"token": totp_code(device)})
    response = client.post(reverse("accounts:otp_remove"))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=audit_admin).exists()


def test_a_business_user_may_remove_their_device(client, clerk):
    device = _confirmed_device(clerk)
    client.force_login(clerk)
    client.post(reverse("accounts:otp_verify"), {"token": totp_code(device)})
    assert client.post(reverse("accounts:otp_remove")).status_code == 302
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert AuditEvent.objects.filter(action="account.otp_remove", actor=clerk).exists()


def test_a_password_alone_cannot_change_the_password_or_enrol_a_new_device(
    client, clerk, login_post
):
    """GIVEN someone who knows only the password of a person with a TOTP device
    WHEN they try the password page, the enrolment page, or the API
    THEN each sends them to the code, and nothing changes."""
    _confirmed_device(clerk)
    login_post(clerk.username)
    for page in ("accounts:password_change", "accounts:otp_setup", "accounts:security"):
        response = client.get(reverse(page))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:otp_verify"))
    response = client.post(reverse("accounts:otp_setup"), {"token": "123456"})
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    assert (
        client.post("/api/accounts/password", {}, content_type="application/json").status_code
        == 403
    )
    assert TOTPDevice.objects.filter(user=clerk).count() == 1


def test_the_service_refuses_to_replace_a_device_without_a_verified_session(clerk):
    from django.core.exceptions import PermissionDenied

    from zhongshu.accounts.services import otp_device_confirm, otp_device_start

    _confirmed_device(clerk)
    device = otp_device_start(user=clerk)
    with pytest.raises(PermissionDenied, match="已绑定的设备"):
        otp_device_confirm(user=clerk, token=totp_code(device))


def test_a_verified_person_may_replace_their_device(client, clerk):
    old = _confirmed_device(clerk)
    client.force_login(clerk)
    client.post(reverse("accounts:otp_verify"), {"token": totp_code(old)})
    _page, new = _enrol(client, clerk)
    assert client.post(reverse("accounts:otp_setup"), {"token": totp_code(new)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=clerk).values_list("pk", flat=True)) == [new.pk]


def test_a_session_is_not_stuck_when_the_device_disappears(client, clerk, login_post):
    device = _confirmed_device(clerk)
    login_post(clerk.username)
    assert client.get(reverse("accounts:security")).status_code == 302  # held at the code
    device.delete()
    response = client.get(reverse("accounts:otp_verify"), {"next": reverse("accounts:security")})
    assert response["Location"] == reverse("accounts:security")
    assert client.get(reverse("accounts:security")).status_code == 200
