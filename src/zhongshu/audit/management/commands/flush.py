"""``flush`` that can empty the audit table on PostgreSQL outside production.

The ``audit_event_no_truncate`` trigger (migration audit 0005) refuses TRUNCATE, which is what
Django's flush runs on PostgreSQL, so the test suite (TransactionTestCase, live-server tests)
could not empty its database between tests. Outside production this command disables the
trigger for its own flush transaction (as the table's owner; ALTER TABLE is transactional on
PostgreSQL, so the trigger is back when the flush commits or fails). In production, flush
meets the trigger and is refused: the audit trail is not emptied by a maintenance command.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.commands import flush
from django.db import connections

from zhongshu.audit.models import AuditEvent

TRIGGER = "audit_event_no_truncate"


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql" or settings.PRODUCTION:
            return super().handle(**options)
        table = AuditEvent._meta.db_table
        ops = connection.ops
        original = ops.execute_sql_flush

        def execute_sql_flush(sql_list):
            if _has_trigger(connection, table) and any(table in sql for sql in sql_list):
                sql_list = [
                    f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGER}",
                    *sql_list,
                    f"ALTER TABLE {table} ENABLE TRIGGER {TRIGGER}",
                ]
            return original(sql_list)

        ops.execute_sql_flush = execute_sql_flush
        try:
            return super().handle(**options)
        finally:
            del ops.execute_sql_flush  # back to the class's method


def _has_trigger(connection, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgrelid = to_regclass(%s)",
            [TRIGGER, table],
        )
        return cursor.fetchone() is not None
