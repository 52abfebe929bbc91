"""Helpers of the accounts tests: a current TOTP code, and log-in through the real form."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_code(device: TOTPDevice) -> str:
    """The code an authenticator app would show now for ``device``."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


@pytest.fixture
def login_post(client, password):
    """POST the log-in form as a browser would (django-axes sees the request)."""

    def post(username: str, secret: str | None = None, **fields):
        return client.post(
            reverse("accounts:login"),
            {"username": username, "password": password if secret is None else secret, **fields},
            HTTP_USER_AGENT="pytest-browser/1.0",
            REMOTE_ADDR="10.1.2.3",
        )

    return post
