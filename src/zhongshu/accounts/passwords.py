"""The password policy (等保 8.1.4.1 a: authentication data has complexity requirements).

The standard sets no numbers; assessors expect a length, a mix of character classes and no
trace of the account name. The length comes from ``settings.PASSWORD_MIN_LENGTH`` so that an
organ can tighten it without a code change.
"""

from __future__ import annotations

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
