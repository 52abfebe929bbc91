# Raw SQL on purpose (tampering behind the ORM); the table name is the model's own.
# ruff: noqa: S608
"""Tampering with the audit trail in the database, as its owner would, is caught by
``zhongshu audit-verify`` (issue #10, part 8).

GIVEN a keyed chain of events and a signed checkpoint outside the table
WHEN a tamperer deletes the last rows, appends a forged row with a recomputed digest, changes
a middle row and recomputes the chain after it, or empties the table
THEN the command exits with status 1 and says which kind of tampering it found; and on
PostgreSQL a TRUNCATE is refused by the database itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from tests.audit.conftest import tamper_allowed, verify_command  # noqa: F401 (fixture)
from zhongshu.audit.chain import audit_key, digest
from zhongshu.audit.checkpoints import audit_checkpoint_write, checkpoints_read
from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record, audit_verify

TABLE = AuditEvent._meta.db_table
pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(clerk, organ_a, tamper_allowed):  # noqa: F811 (the imported fixture)
    """Six events, a checkpoint of all six, then two more events after it."""
    for i in range(6):
        audit_record(actor=clerk, action="document.view", obj=organ_a, extra={"n": i})
    assert audit_checkpoint_write().written is True
    for i in range(6, 8):
        audit_record(actor=clerk, action="document.view", obj=organ_a, extra={"n": i})
    return list(AuditEvent.objects.order_by("seq"))


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def _append_forged(row: dict, algorithm: str) -> None:
    """Append ``row`` as the next event with a digest recomputed the plain way (no key)."""
    head = AuditEvent.objects.order_by("-seq").first()
    row = {**row, "seq": head.seq + 1, "prev_digest": head.digest, "algorithm": algorithm}
    row.pop("id")
    row["digest"] = digest(head.digest, row, "sha256")
    AuditEvent.objects.bulk_create([AuditEvent(**row)])


def test_the_untouched_chain_verifies_against_its_checkpoint(chain, capsys):
    report = audit_verify()
    assert (report.ok, report.checked, report.keyed, report.legacy) == (True, 8, 8, 0)
    assert (report.checkpoints, report.checkpoint_seq) == (1, 6)
    status, out = verify_command(capsys)
    assert status == 0
    assert "与 1 个检查点相符" in out and "OK" in out


def test_deleting_the_last_rows_is_caught_by_the_checkpoint(chain, capsys):
    _sql(f"DELETE FROM {TABLE} WHERE seq >= 5")

    report = audit_verify()

    assert (report.ok, report.broken_seq) == (False, 5)
    assert "末尾的 2 条事件被删除" in report.reason
    status, err = verify_command(capsys)
    assert status == 1
    assert "末尾的 2 条事件被删除" in err


def test_a_forged_last_row_with_a_recomputed_plain_digest_is_caught(chain, capsys):
    _append_forged(AuditEvent.objects.filter(seq=8).values().get(), algorithm="sha256")

    report = audit_verify()

    assert (report.ok, report.broken_seq) == (False, 9)
    assert "伪造" in report.reason
    status, err = verify_command(capsys)
    assert status == 1
    assert "第 9 条事件" in err and "未加密钥" in err


def test_a_forged_last_row_claiming_a_keyed_digest_is_caught(chain, capsys):
    _append_forged(AuditEvent.objects.filter(seq=8).values().get(), algorithm="hmac-sha256")

    report = audit_verify()

    assert (report.ok, report.broken_seq) == (False, 9)
    assert "事件内容与摘要不符" in report.reason
    assert verify_command(capsys)[0] == 1


def test_a_middle_row_changed_and_the_chain_after_it_recomputed_is_caught(chain, capsys):
    rows = list(AuditEvent.objects.order_by("seq").values())
    prev = rows[2]["prev_digest"]
    for row in rows[2:]:  # from seq 3 on, as a tamperer without the key would
        if row["seq"] == 3:
            row["object_repr"] = "改过的对象"
        row["prev_digest"], row["algorithm"] = prev, "sha256"
        row["digest"] = prev = digest(prev, row, "sha256")
        AuditEvent.objects.filter(pk=row["id"]).update(
            object_repr=row["object_repr"],
            prev_digest=row["prev_digest"],
            digest=row["digest"],
            algorithm="sha256",
        )

    report = audit_verify()

    assert (report.ok, report.broken_seq) == (False, 3)
    assert "未加密钥" in report.reason
    status, err = verify_command(capsys)
    assert status == 1
    assert "第 3 条事件" in err


def test_a_chain_rewritten_with_the_key_itself_is_caught_by_the_checkpoint(chain, capsys):
    """Even someone holding the key (but not the checkpoints) cannot rewrite history."""
    rows = list(AuditEvent.objects.order_by("seq").values())
    prev = rows[2]["prev_digest"]
    for row in rows[2:]:
        if row["seq"] == 3:
            row["object_repr"] = "改过的对象"
        row["prev_digest"] = prev
        row["digest"] = prev = digest(prev, row, row["algorithm"], audit_key())
        AuditEvent.objects.filter(pk=row["id"]).update(
            object_repr=row["object_repr"], prev_digest=row["prev_digest"], digest=row["digest"]
        )

    report = audit_verify()

    assert (report.ok, report.broken_seq) == (False, 6)
    assert "检查点不符" in report.reason and "被改写" in report.reason
    assert verify_command(capsys)[0] == 1


def test_deleting_every_row_is_caught_by_the_checkpoint(chain, capsys):
    _sql(f"DELETE FROM {TABLE}")

    report = audit_verify()

    assert (report.ok, report.checked, report.broken_seq) == (False, 0, 1)
    assert "审计表为空" in report.reason and "清空" in report.reason
    status, err = verify_command(capsys)
    assert status == 1
    assert "审计表为空" in err


def test_a_forged_checkpoint_line_is_caught(chain, settings, capsys):
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    line = path.read_text(encoding="utf-8").strip()
    path.write_text(line + "\n" + line.replace('"count":6', '"count":2') + "\n", "utf-8")

    report = audit_verify()

    assert report.ok is False
    assert "检查点文件第 2 行签名不符" in report.reason
    assert verify_command(capsys)[0] == 1


def test_a_whole_chain_verified_by_the_command_gets_a_checkpoint(
    chain, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert verify_command(capsys)[0] == 0

    latest = checkpoints_read().latest
    head = AuditEvent.objects.order_by("-seq").first()
    assert head.action == "audit.verify"
    assert (latest.last_seq, latest.last_digest, latest.count) == (9, head.digest, 9)


def test_a_broken_chain_gets_no_checkpoint(chain, capsys, django_capture_on_commit_callbacks):
    _sql(f"DELETE FROM {TABLE} WHERE seq = 3")
    with django_capture_on_commit_callbacks(execute=True):
        assert verify_command(capsys)[0] == 1

    assert [p.last_seq for p in checkpoints_read().points] == [6]


@pytest.mark.postgres
def test_postgresql_refuses_truncate_of_the_audit_table(clerk):
    if connection.vendor != "postgresql":
        pytest.skip("the TRUNCATE trigger exists on PostgreSQL only")
    audit_record(actor=clerk, action="document.view")
    _sql("SET CONSTRAINTS ALL IMMEDIATE")  # the insert's deferred foreign-key checks first
    for statement in (f"TRUNCATE {TABLE}", "TRUNCATE accounts_user CASCADE"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _sql(statement)
    assert AuditEvent.objects.count() == 1
    assert audit_verify().ok is True


@pytest.mark.postgres
def test_postgresql_truncate_with_the_trigger_disabled_is_caught_by_the_checkpoint(chain, capsys):
    from tests.audit.conftest import _alter

    if connection.vendor != "postgresql":
        pytest.skip("the TRUNCATE trigger exists on PostgreSQL only")
    _alter(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_event_no_truncate")
    _sql(f"TRUNCATE {TABLE}")
    _alter(f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_event_no_truncate")

    report = audit_verify()

    assert (report.ok, report.checked) == (False, 0)
    assert "审计表为空" in report.reason
    assert verify_command(capsys)[0] == 1
