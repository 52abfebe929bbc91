"""Helpers shared by the organs services: before/after snapshots for the audit trail, and the
one way an edit (organ, department, person, post) is checked, saved and audited, and the one
way one of them is switched off (停用) or on again (启用)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from zhongshu.audit.services import audit_record


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


def reject_unknown_fields(fields: Iterable[str], allowed: list[str], noun: str) -> None:
    """An edit may name only the fields its audit snapshot covers; another name is a caller's
    mistake (``ValueError``, a 500), never a user's, and nothing is written."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"unknown {noun} fields: {sorted(unknown)}")


def save_changes(
    obj: models.Model,
    *,
    fields: list[str],
    old: dict[str, Any],
    actor: Any,
    action: str,
    organ: Any,
    request: Any,
    unchanged: str | None = None,
    unique_message: str | None = None,
) -> None:
    """Save an edit already applied and cleaned on ``obj``, and audit it, in one transaction.

    1. Write only the columns that changed since ``old``, so that an edit does not put back a
       column someone else changed meanwhile; with nothing changed, ``unchanged`` alone
       (the first of ``fields`` by default).
    2. Audit the changes read after the save: a new file gets its stored name only there (an
       organ's seal).
    ``unique_message``: the 400 for a uniqueness race lost after ``full_clean`` passed.
    """
    written = changes(old, snapshot(obj, fields))
    unique = unique_or_400(unique_message) if unique_message else nullcontext()
    with unique, transaction.atomic(durable=True):
        obj.save(update_fields=[k for k in fields if k in written] or [unchanged or fields[0]])
        audit_record(
            actor=actor,
            action=action,
            obj=obj,
            organ=organ,
            request=request,
            extra={"changes": changes(old, snapshot(obj, fields))},
        )


def switch_active(
    obj: models.Model,
    *,
    active: bool,
    actor: Any,
    action: str,
    organ: Any,
    request: Any,
    also: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """停用 or 启用 ``obj`` inside the caller's transaction: one UPDATE of ``is_active`` (and of
    the columns in ``also`` that change with it), the instance brought in line, and the audit
    line with the old and new value (and ``extra``).

    The caller has checked that the switch is allowed and writes, in the same transaction,
    what goes with it (a department's posts closed, a person's delegations ended)."""
    columns = {"is_active": active, **(also or {})}
    type(obj)._default_manager.filter(pk=obj.pk).update(**columns)
    for name, value in columns.items():
        setattr(obj, name, value)
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        organ=organ,
        request=request,
        extra={"changes": {"is_active": {"old": not active, "new": active}}, **(extra or {})},
    )
