"""Helpers shared by the organs services: before/after snapshots for the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audited values of ``fields`` (foreign keys by id, files by name)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            values[name] = getattr(obj, field.attname)
        elif isinstance(field, models.FileField):
            values[name] = getattr(obj, name).name or ""
        else:
            value = getattr(obj, name)
            values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``{"field": {"old": ..., "new": ...}}`` for every field whose value changed."""
    return {k: {"old": old.get(k), "new": v} for k, v in new.items() if old.get(k) != v}


@contextmanager
def unique_or_400(message: str) -> Iterator[None]:
    """Turn a uniqueness race lost to a concurrent writer (``full_clean`` passed, the insert
    did not) into the same ``ValidationError`` the check would have given: 400, not 500."""
    try:
        yield
    except IntegrityError as exc:
        raise ValidationError(message) from exc
