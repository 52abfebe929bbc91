"""Fixtures of the audit tests; the 发文 cast of tests/documents (people, a sealed organ, the
stand-in typesetter) is reused, as in tests/ops."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.documents.conftest import (  # noqa: F401 (fixtures of the 发文 cast)
    _fast_settings,
    cast,
    department_a,
    dept_head,
    drafter,
    leader,
    sealed_organ_a,
    stand_ins,
)
from zhongshu.audit.models import AuditEvent


@pytest.fixture
def tamper_allowed(db):
    """Tampering as the database owner would: on PostgreSQL the append-only trigger must be
    disabled first (migration audit 0002); it is enabled again afterwards."""
    table = AuditEvent._meta.db_table
    if connection.vendor != "postgresql":
        yield
        return
    _alter(f"ALTER TABLE {table} DISABLE TRIGGER audit_event_append_only")
    yield
    if connection.connection is not None:  # a command run in the test may have closed it
        _alter(f"ALTER TABLE {table} ENABLE TRIGGER audit_event_append_only")


def _alter(sql: str) -> None:
    # Django's foreign keys are deferred: their pending checks must fire before ALTER TABLE.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def verify_command(capsys) -> tuple[int, str]:
    """Run ``audit_verify``: its exit status and what it wrote (stderr when it failed)."""
    try:
        call_command("audit_verify")
    except SystemExit as exc:
        return int(exc.code), capsys.readouterr().err
    return 0, capsys.readouterr().out
