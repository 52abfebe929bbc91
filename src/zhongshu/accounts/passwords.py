"""The password policy (等保 8.1.4.1 a: authentication data has complexity requirements).

The standard sets no numbers; assessors expect a length, a mix of character classes and no
trace of the account name. The length comes from ``settings.PASSWORD_MIN_LENGTH`` so that an
organ can tighten it without a code change.
"""

from __future__ import annotations

import re
import string
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES: tuple[tuple[str, Any], ...] = (
    ("lower", lambda c: c in string.ascii_lowercase),
    ("upper", lambda c: c in string.ascii_uppercase),
    ("digit", lambda c: c in string.digits),
    ("symbol", lambda c: not c.isalnum() and not c.isspace()),
)
REQUIRED_CLASSES = 3


def character_classes(password: str) -> set[str]:
    """Which of lower-case letters, capitals, digits and symbols ``password`` uses."""
    return {name for name, test in CLASSES if any(test(c) for c in password)}


class ComplexityValidator:
    """Length, three of four character classes, and not containing the user name."""

    def __init__(self, min_length: int | None = None) -> None:
        self._min_length = min_length

    @property
    def min_length(self) -> int:
        return self._min_length or settings.PASSWORD_MIN_LENGTH

    def validate(self, password: str, user: Any = None) -> None:
        errors = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(
                    _("密码至少需要 %(min_length)d 个字符。"),
                    code="password_too_short",
                    params={"min_length": self.min_length},
                )
            )
        if len(character_classes(password)) < REQUIRED_CLASSES:
            errors.append(
                ValidationError(
                    _("密码须包含小写字母、大写字母、数字、符号中的至少三类。"),
                    code="password_too_simple",
                )
            )
        username = getattr(user, "username", "") or ""
        if len(username) >= 3 and username.lower() in password.lower():
            errors.append(
                ValidationError(_("密码不能包含用户名。"), code="password_contains_username")
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _(
            "密码至少 %(min_length)d 个字符，包含小写字母、大写字母、数字、符号中的至少三类，且不含用户名。"
        ) % {"min_length": self.min_length}


#: Passwords seen again and again on Chinese office systems and in leaked Chinese lists, which
#: Django's (English) list of common passwords lacks; compared without case.
COMMON_CHINESE_PASSWORDS = frozenset(
    {
        "password@123",
        "password@1234",
        "password@123456",
        "passw0rd@123",
        "p@ssw0rd",
        "p@ssw0rd123",
        "p@ssword123",
        "admin@123",
        "admin@1234",
        "admin@123456",
        "admin123!@#",
        "root@123",
        "test@123",
        "abc@123456",
        "abcd@1234",
        "aa123456!",
        "a123456789!",
        "qwer@1234",
        "qwe123!@#",
        "zxcv@1234",
        "asdf@1234",
        "1qaz@wsx",
        "1qaz!qaz",
        "1qaz2wsx!",
        "1qaz2wsx#edc",
        "!qaz2wsx",
        "woaini@1314",
        "woaini1314!",
        "huawei@123",
        "huawei12#$",
        "zhongguo@123",
        "beijing@123",
        "china@123",
        "welcome@123",
        "sys@123456",
        "oa@123456",
        "zhengfu@123",
    }
)

# A word, one or two symbols, then digits (a year, 123, 1234…), perhaps one more symbol:
# "Zhongshu@2026", "Jianghuai#2025!", "Liuyang@1988". The shape people reach for when told to
# mix letters, digits and symbols; the first thing a guesser tries with the organ's name.
WORD_SYMBOL_NUMBER = re.compile(r"^[A-Za-z]{1,16}[^A-Za-z0-9\s]{1,2}\d{1,8}[^A-Za-z0-9\s]?$")
# The same turned round: "2026@Zhongshu", "123@Admin".
NUMBER_SYMBOL_WORD = re.compile(r"^\d{1,8}[^A-Za-z0-9\s]{1,2}[A-Za-z]{1,16}[^A-Za-z0-9\s]?$")


class WeakPatternValidator:
    """Refuse the common Chinese-context passwords and the word + symbol + number shape.

    The demo's published password (``Zhongshu@2026``) has this shape and is refused here on
    purpose: the demo seeds its people's hashes directly (never through validation), so they
    still log in with it, but nobody can choose it, or anything like it, as a new password.
    """

    def validate(self, password: str, user: Any = None) -> None:
        text = (password or "").strip()
        if text.lower() in COMMON_CHINESE_PASSWORDS:
            raise ValidationError(
                _("该密码过于常见，容易被猜中，请换一个。"), code="password_too_common"
            )
        if WORD_SYMBOL_NUMBER.match(text) or NUMBER_SYMBOL_WORD.match(text):
            raise ValidationError(
                _(
                    "“单词+符号+数字”（如 Zhongshu@2026、Admin@123）是最常被猜中的密码形式，"
                    "请在中间混入更多字母、数字或符号。"
                ),
                code="password_word_and_year",
            )

    def get_help_text(self) -> str:
        return _("不能使用常见密码，也不能是“单词+符号+数字”（如 Admin@123）这种形式。")
