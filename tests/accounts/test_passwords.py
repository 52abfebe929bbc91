"""The password policy: each branch of ComplexityValidator, and its registration in settings."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.test import override_settings

from zhongshu.accounts.models import User
from zhongshu.accounts.passwords import ComplexityValidator, character_classes


def test_a_long_password_with_three_classes_passes():
    assert ComplexityValidator().validate("abcdEFGH1234") is None


def test_a_password_shorter_than_the_minimum_is_refused():
    with pytest.raises(ValidationError, match="至少需要 10 个字符"):
        ComplexityValidator().validate("aB3$aB3$a")


@override_settings(PASSWORD_MIN_LENGTH=14)
def test_the_minimum_length_follows_the_setting():
    with pytest.raises(ValidationError, match="至少需要 14 个字符"):
        ComplexityValidator().validate("abcdEFGH12345")
    assert ComplexityValidator().validate("abcdEFGH123456") is None


@pytest.mark.parametrize(
    "password", ["abcdefghijkl", "abcdefgh1234", "ABCDEFGH!!!!", "123456789012"]
)
def test_a_password_with_fewer_than_three_classes_is_refused(password):
    with pytest.raises(ValidationError, match="至少三类"):
        ComplexityValidator().validate(password)


def test_letters_digits_and_symbols_count_as_three_classes():
    assert character_classes("abc123!?") == {"lower", "digit", "symbol"}
    assert ComplexityValidator().validate("abcd1234!?xy") is None


def test_a_password_containing_the_user_name_is_refused_whatever_the_case():
    user = User(username="zhangsan")
    with pytest.raises(ValidationError, match="不能包含用户名"):
        ComplexityValidator().validate("X1!ZhangSan-2024", user)


def test_all_failures_are_reported_together():
    with pytest.raises(ValidationError) as info:
        ComplexityValidator().validate("zhangsan", User(username="zhangsan"))
    codes = {e.code for e in info.value.error_list}
    assert codes == {"password_too_short", "password_too_simple", "password_contains_username"}


def test_the_validator_is_registered_for_every_password_change():
    with pytest.raises(ValidationError, match="至少三类"):
        validate_password("onlylowercaseletters")
    assert any("三类" in text for text in password_validators_help_texts())


def test_argon2_is_the_configured_hasher():
    from zhongshu.config import settings as config

    assert config.PASSWORD_HASHERS[0] == "zhongshu.accounts.hashers.Argon2PasswordHasher"
