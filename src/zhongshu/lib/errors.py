"""The one application error services raise besides ``ValidationError`` and ``PermissionDenied``."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A refusal the user can understand: a Chinese ``message``, an HTTP ``status`` for the API."""

    def __init__(self, message: str, *, status: int = 409, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.extra = extra or {}
