"""Log-in limits across user names, and the common-password check (issue #10, part 6)."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.organs.factories import UserFactory
from zhongshu.accounts.services import password_change
from zhongshu.audit.models import AuditEvent
from zhongshu.demo.data import DEMO_PASSWORD


def _try(client, username: str, ip: str = "10.9.9.9"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": "Wrong-guess-2026"},
        REMOTE_ADDR=ip,
    )


def test_one_password_tried_on_many_accounts_pauses_the_address(client, settings, clerk, password):
    """GIVEN an address limit of 5 WHEN one address tries one wrong password on five different
    accounts (no account reaches its own limit) THEN the sixth attempt from that address is
    refused with a Chinese 429 page, even with a right password, and is audited; another
    address still logs in."""
    settings.LOCKOUT_ADDRESS_ATTEMPTS = 5
    for person in UserFactory.create_batch(5):
        assert _try(client, person.username).status_code == 200
    refused = client.post(
        reverse("accounts:login"),
        {"username": clerk.username, "password": password},
        REMOTE_ADDR="10.9.9.9",
    )
    assert refused.status_code == 429
    assert "网络地址登录失败的次数过多" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="account.address_lockout")
    assert event.result == "denied"
    assert event.actor_name == clerk.username
    other = client.post(
        reverse("accounts:login"),
        {"username": clerk.username, "password": password},
        REMOTE_ADDR="10.9.9.10",
    )
    assert other.status_code == 302


def test_failures_below_the_address_limit_do_not_pause_it(client, settings, clerk, password):
    settings.LOCKOUT_ADDRESS_ATTEMPTS = 5
    for person in UserFactory.create_batch(4):
        _try(client, person.username)
    response = client.post(
        reverse("accounts:login"),
        {"username": clerk.username, "password": password},
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "weak",
    [
        "Password@123",
        "P@ssw0rd123",
        "1qaz@WSX",
        "Admin@123456",
        "Zhongshu@2026",
        "Jianghuai#2025!",
        "2026@Zhongshu",
        "password123",  # Django's list
    ],
)
def test_common_and_word_symbol_year_passwords_are_refused(db, weak):
    person = UserFactory.build(username="someone")
    with pytest.raises(ValidationError):
        validate_password(weak, person)


@pytest.mark.parametrize("good", ["Zs-test-Passw0rd", "Chushi-Mima-2026", "liu7Yang#qi2Ju"])
def test_mixed_passwords_still_pass(db, good):
    validate_password(good, UserFactory.build(username="someone"))


def test_a_person_cannot_change_to_a_common_password_in_chinese(clerk, password):
    with pytest.raises(ValidationError, match=r"常见|单词"):
        password_change(user=clerk, old_password=password, new_password="Password@123")
    clerk.refresh_from_db()
    assert clerk.check_password(password) is True


def test_the_demo_password_is_refused_as_a_new_choice_but_seeded_hashes_still_log_in(client, db):
    """The demo seeds hashes directly: its published password keeps logging in, but nobody can
    pick it (or its shape) through the policy."""
    person = UserFactory(username="demo_person")
    person.set_password(DEMO_PASSWORD)
    person.save(update_fields=["password"])
    with pytest.raises(ValidationError):
        validate_password(DEMO_PASSWORD, person)
    response = client.post(
        reverse("accounts:login"), {"username": "demo_person", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_behind_a_proxy_the_address_limit_counts_the_client_not_the_proxy(
    client, settings, clerk, password
):
    """GIVEN a reverse proxy that sets X-Real-IP (CLIENT_IP_HEADER) WHEN one client fails five
    times THEN that client is paused and another client behind the same proxy still logs in."""
    settings.LOCKOUT_ADDRESS_ATTEMPTS = 5
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = "10.0.0.1"
    for person in UserFactory.create_batch(5):
        response = client.post(
            reverse("accounts:login"),
            {"username": person.username, "password": "Wrong-guess-2026"},
            REMOTE_ADDR=proxy,
            HTTP_X_REAL_IP="192.168.5.5",
        )
        assert response.status_code == 200
    refused = client.post(
        reverse("accounts:login"),
        {"username": clerk.username, "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_REAL_IP="192.168.5.5",
    )
    assert refused.status_code == 429
    other = client.post(
        reverse("accounts:login"),
        {"username": clerk.username, "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_REAL_IP="192.168.5.6",
    )
    assert other.status_code == 302
