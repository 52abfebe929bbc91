import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """argon2 is deliberately slow; the audit tests only need people to exist."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
