# Raw SQL on purpose (tampering behind the ORM); the table name is the model's own.
# ruff: noqa: S608
"""Tampering behind the application's back is caught by audit_verify and by `zhongshu audit-verify`.

GIVEN a chain of events, WHEN a row is edited, deleted or inserted with raw SQL or a
queryset update (bypassing the model's append-only save), THEN the verification names the
first broken event and the command exits with status 1.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings

from tests.audit.conftest import verify_command
from zhongshu.audit.chain import GENESIS, audit_key, digest
from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record, audit_verify

TABLE = AuditEvent._meta.db_table
pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(clerk, organ_a, tamper_allowed):
    for i in range(5):
        audit_record(
            actor=clerk, action="document.view", obj=organ_a, organ=organ_a, extra={"n": i}
        )
    return list(AuditEvent.objects.order_by("seq"))


def test_an_untouched_chain_verifies_and_the_command_says_ok(chain, capsys):
    report = audit_verify()
    assert (report.ok, report.checked) == (True, 5)
    status, out = verify_command(capsys)
    assert status == 0
    assert "共 5 条事件" in out and "OK" in out


def test_the_command_records_its_outcome_in_the_trail(chain, capsys):
    verify_command(capsys)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.actor_name, event.result) == ("audit.verify", "命令行", "success")
    assert event.extra["checked"] == 5
    AuditEvent.objects.filter(seq=1).update(action="changed")
    verify_command(capsys)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.result, event.extra["broken_seq"]) == ("failure", 1)


def test_an_empty_chain_verifies():
    assert audit_verify().ok is True


def test_a_row_edited_with_raw_sql_is_caught(chain, capsys):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET object_repr = %s WHERE seq = 3", ["改过的对象"])
    report = audit_verify()
    assert (report.ok, report.broken_seq, report.checked) == (False, 3, 2)
    assert "篡改" in report.reason
    status, err = verify_command(capsys)
    assert status == 1
    assert "第 3 条" in err


def test_a_result_changed_with_queryset_update_is_caught(chain, capsys):
    AuditEvent.objects.filter(seq=4).update(result="success", actor_name="别人")
    report = audit_verify()
    assert (report.ok, report.broken_seq) == (False, 4)
    assert verify_command(capsys)[0] == 1


def test_an_edit_that_recomputes_its_own_digest_with_the_key_breaks_the_next_link(chain):
    row = AuditEvent.objects.filter(seq=2).values().get()
    row["extra"] = {"n": 999}
    AuditEvent.objects.filter(seq=2).update(
        extra={"n": 999}, digest=digest(row["prev_digest"], row, row["algorithm"], audit_key())
    )
    report = audit_verify()
    assert (report.ok, report.broken_seq) == (False, 3)


def test_an_edit_that_recomputes_its_own_digest_without_the_key_is_caught_at_that_row(chain):
    row = AuditEvent.objects.filter(seq=2).values().get()
    row["extra"] = {"n": 999}
    AuditEvent.objects.filter(seq=2).update(
        extra={"n": 999}, digest=digest(row["prev_digest"], row, row["algorithm"], b"guess")
    )
    report = audit_verify()
    assert (report.ok, report.broken_seq) == (False, 2)
    assert "篡改" in report.reason


def test_a_deleted_row_is_caught(chain, capsys):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq = 2")
    report = audit_verify()
    assert (report.ok, report.broken_seq) == (False, 3)
    assert "序号不连续" in report.reason
    assert verify_command(capsys)[0] == 1


def test_deleting_the_last_rows_and_renumbering_cannot_hide_a_deletion_in_the_middle(chain):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq = 2")
        cursor.execute(f"UPDATE {TABLE} SET seq = seq - 1 WHERE seq > 2")
    report = audit_verify()
    assert (report.ok, report.broken_seq) == (False, 2)


def test_an_inserted_row_is_caught(chain, clerk, capsys):
    forged = AuditEvent.objects.filter(seq=3).values().get()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET seq = seq + 100 WHERE seq >= 3")
        cursor.execute(f"UPDATE {TABLE} SET seq = seq - 99 WHERE seq >= 103")
    forged.pop("id")
    forged["extra"] = {"forged": True}
    forged["prev_digest"] = chain[1].digest
    forged["digest"] = digest(chain[1].digest, forged, forged["algorithm"], audit_key())
    AuditEvent.objects.bulk_create([AuditEvent(**forged)])
    report = audit_verify()
    assert report.ok is False
    assert report.broken_seq == 4  # the forged row fits, the original row after it does not
    assert verify_command(capsys)[0] == 1


@pytest.mark.postgres
def test_postgresql_itself_refuses_updates_and_deletes(clerk):
    from django.db import DatabaseError, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    audit_record(actor=clerk, action="document.view")
    for sql in (f"UPDATE {TABLE} SET action = 'x'", f"DELETE FROM {TABLE}"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(action="x")
    assert audit_verify().ok is True


def test_the_model_refuses_updates_and_deletes():
    event = audit_record(action="x")
    with pytest.raises(RuntimeError, match="append-only"):
        event.save()
    with pytest.raises(RuntimeError, match="append-only"):
        event.delete()


@override_settings(AUDIT_HASH="sm3")
def test_the_sm3_chain_verifies_and_catches_tampering(chain_sm3):
    assert {e.algorithm for e in AuditEvent.objects.all()} == {"hmac-sm3"}
    assert audit_verify().ok is True
    AuditEvent.objects.filter(seq=2).update(object_repr="改")
    assert audit_verify().broken_seq == 2


@pytest.fixture
def chain_sm3(clerk, organ_a, tamper_allowed):
    with override_settings(AUDIT_HASH="sm3"):
        for _ in range(3):
            audit_record(actor=clerk, action="document.view", obj=organ_a, organ=organ_a)


def test_sm3_and_sha256_give_different_digests_of_the_same_event():
    fields = {"seq": 1, "action": "x"}
    sha = digest(GENESIS, fields, "sha256")
    sm3 = digest(GENESIS, fields, "sm3")
    assert len(sha) == len(sm3) == 64
    assert sha != sm3
    # SM3 of "abc" from GB/T 32905-2016 appendix A, through the same library.
    from gmssl import func
    from gmssl import sm3 as gm

    assert (
        gm.sm3_hash(func.bytes_to_list(b"abc"))
        == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


def test_a_chain_may_switch_algorithm_and_still_verify(clerk):
    audit_record(actor=clerk, action="a")
    with override_settings(AUDIT_HASH="sm3"):
        audit_record(actor=clerk, action="b")
    audit_record(actor=clerk, action="c")
    assert list(AuditEvent.objects.order_by("seq").values_list("algorithm", flat=True)) == [
        "hmac-sha256",
        "hmac-sm3",
        "hmac-sha256",
    ]
    assert audit_verify().ok is True


def test_the_zhongshu_command_line_runs_audit_verify_with_a_dash(clerk, capsys):
    from zhongshu import cli

    audit_record(actor=clerk, action="document.view")

    assert cli.main(["audit-verify"]) == 0
    assert "OK" in capsys.readouterr().out


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain(clerk):
    """GIVEN four threads (four connections) WHEN each appends ten events at the same moment
    THEN every event gets its own seq and the chain verifies."""
    import threading

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises writers")
    barrier = threading.Barrier(4)
    errors = []

    def run():
        try:
            barrier.wait()
            for _ in range(10):
                audit_record(actor=clerk, action="document.view")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.count() == 40
    assert audit_verify().ok is True
