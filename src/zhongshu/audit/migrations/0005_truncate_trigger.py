"""On PostgreSQL, the database refuses TRUNCATE of the audit table too.

The row triggers of 0002 do not fire on TRUNCATE, so one statement emptied the trail. This
statement-level trigger refuses it (also ``TRUNCATE … CASCADE`` from a referenced table). The
owner can still ``ALTER TABLE … DISABLE TRIGGER`` first (a logged DDL statement); the signed
checkpoints outside the database then show the loss (``zhongshu audit-verify``). The test
suite's flush lifts the guard for its own transaction (``audit/management/commands/flush.py``).
"""

from django.db import migrations

CREATE = """
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
"""

DROP = "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;"


def _run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_keyed_chain_refusal_windows")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
