"""Production mode refuses to start with DEBUG, the demo secret or a superuser (zhongshu.E00x)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from tests.organs.factories import UserFactory
from zhongshu.config.checks import production_checks

SAFE = {
    "PRODUCTION": True,
    "DEBUG": False,
    "SECRET_KEY": "x" * 60,
    "REQUIRE_ADMIN_OTP": True,
    "AUDIT_KEY": "k" * 64,  # production refuses to start without one (zhongshu.E010)
}


def _ids(**overrides):
    with override_settings(**{**SAFE, **overrides}):
        return {message.id for message in production_checks()}


@pytest.mark.django_db
def test_a_properly_configured_production_instance_passes():
    assert _ids() == set()


@pytest.mark.django_db
def test_the_demo_mode_is_not_checked():
    assert _ids(PRODUCTION=False, DEBUG=True) == set()


@pytest.mark.django_db
def test_the_default_secret_key_is_refused():
    from django.conf import settings

    assert _ids(SECRET_KEY=settings.DEFAULT_SECRET_KEY) == {"zhongshu.E001"}


@pytest.mark.django_db
def test_debug_is_refused():
    assert _ids(DEBUG=True) == {"zhongshu.E002"}


@pytest.mark.django_db
def test_a_superuser_is_refused_and_named():
    UserFactory(username="root", is_superuser=True)
    with override_settings(**SAFE):
        errors = production_checks()
    assert [e.id for e in errors] == ["zhongshu.E003"]
    assert "root" in errors[0].msg


@pytest.mark.django_db
def test_admins_without_required_otp_draw_a_warning():
    assert _ids(REQUIRE_ADMIN_OTP=False) == {"zhongshu.W001"}


@pytest.mark.django_db
def test_the_check_command_fails_in_insecure_production():
    with (
        override_settings(**{**SAFE, "DEBUG": True}),
        pytest.raises(SystemCheckError, match=r"zhongshu\.E002"),
    ):
        call_command("check")


@pytest.mark.django_db
def test_zhongshu_serve_runs_the_checks_before_starting_gunicorn(monkeypatch):
    import gunicorn.app.wsgiapp

    from zhongshu import cli

    started = []
    monkeypatch.setattr(gunicorn.app.wsgiapp, "run", lambda *a, **k: started.append(True))
    with override_settings(**{**SAFE, "DEBUG": True}), pytest.raises(SystemCheckError):
        cli.main(["serve"])
    assert started == []
    with override_settings(**SAFE):
        assert cli.main(["serve", "--bind", "127.0.0.1:9"]) == 0
    assert started == [True]
