"""``zhongshu backup`` and ``zhongshu restore``: a restore into a fresh database and data directory
finds every document, every stored file with its digest and the audit chain; a damaged or
tampered backup, and a database that already holds data, are refused with a clear message.

The backup is taken in the test process from the test database; the restore runs as the real
command in a child process pointed at a fresh database (SQLite: a new data directory; PostgreSQL:
a new database whose name contains ``backup``), which the test then reads directly.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from tests.ops.conftest import Cast
from zhongshu.audit.models import AuditEvent
from zhongshu.documents.models import DocNumber, IssuedFile, OutgoingDocument
from zhongshu.ops.commands import backup_main, restore_main
from zhongshu.ops.manifest import MANIFEST
from zhongshu.ops.stored_files import stored_files_check

Status = OutgoingDocument.Status
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def issued(data_dir, cast: Cast) -> list[OutgoingDocument]:
    """Three issued documents (numbers 1–3 with their PDF and .docx), one sealed, one draft."""
    docs = [
        cast.advance(cast.draft(title=f"关于第{i}项工作的通知"), Status.DISPATCHED)
        for i in range(3)
    ]
    docs.append(cast.advance(cast.draft(title="关于待核发事项的通知"), Status.DISPATCH))
    docs.append(cast.draft(title="关于仍在起草事项的通知"))
    return docs


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fresh_target(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """Environment for a child ``zhongshu`` pointed at a fresh database and data directory."""
    env = dict(os.environ)
    target = tmp_path / "restored"
    env["ZHONGSHU_DATA_DIR"] = str(target)
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (
            f"postgres://postgres@127.0.0.1:5432/zhongshu_backup_restore_{os.getpid()}"
        )
    else:
        env.pop("DATABASE_URL", None)  # SQLite under the data directory, as a fresh install has
    return env, target


def _zhongshu(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-m", "zhongshu.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _restored_rows(env: dict[str, str], target: Path, sql: str) -> list[tuple]:
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as conn:
            return [tuple(r) for r in conn.execute(sql).fetchall()]
    conn = sqlite3.connect(target / "zhongshu.sqlite3")
    try:
        return [tuple(r) for r in conn.execute(sql).fetchall()]
    finally:
        conn.close()


@pytest.fixture
def drop_restored_database():
    yield
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(
                f"DROP DATABASE IF EXISTS zhongshu_backup_restore_{os.getpid()} WITH (FORCE)"
            )


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_a_fresh_database_finds_every_document_file_and_the_audit_chain(
    issued, data_dir, tmp_path, capsys, drop_restored_database
):
    """
    GIVEN three issued documents (numbers, sealed PDF and .docx), one sealed, one draft, the
          organ's seal image, and the audit chain of all that (on SQLite or on PostgreSQL,
          whichever the run uses)
    WHEN ``zhongshu backup`` writes a .tar and ``zhongshu restore`` restores it into a fresh
         database and an empty data directory
    THEN the restore reports the chain and the files verified, and the fresh database holds the
         same documents, numbers, file digests and chain, each file matching its digest
    """
    archive = tmp_path / "backups" / "zhongshu.tar"
    assert backup_main([str(archive)]) == 0
    printed = capsys.readouterr().out
    assert "备份完成" in printed
    assert f"{AuditEvent.objects.count()} 条事件" in printed
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[0] == MANIFEST
    assert sum(n.endswith(".pdf") for n in names) == 4  # three issued, one sealed

    env, target = _fresh_target(tmp_path)
    result = _zhongshu(["restore", str(archive)], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"审计链完整：共 {AuditEvent.objects.count()} 条事件。OK" in result.stdout
    assert "存储文件核对：数据库登记的 9 个文件都在，8 个与登记的 SHA-256 一致。OK" in result.stdout
    documents = list(
        OutgoingDocument.objects.order_by("id").values_list("id", "title", "status", "doc_number")
    )
    assert (
        _restored_rows(
            env,
            target,
            "SELECT id, title, status, doc_number FROM documents_outgoingdocument ORDER BY id",
        )
        == documents
    )
    assert [d[3] for d in documents if d[3]] == [n.text for n in DocNumber.objects.order_by("seq")]
    assert _restored_rows(
        env, target, "SELECT org_code, year, seq FROM documents_docnumber ORDER BY seq"
    ) == list(DocNumber.objects.order_by("seq").values_list("org_code", "year", "seq"))
    files = list(IssuedFile.objects.order_by("id").values_list("file", "sha256"))
    assert (
        _restored_rows(env, target, "SELECT file, sha256 FROM documents_issuedfile ORDER BY id")
        == files
    )
    for name, digest in files:
        assert _sha256(target / "media" / name) == digest
    seal = issued[0].organ.seal.name
    assert (target / "media" / seal).read_bytes() == (data_dir / "media" / seal).read_bytes()
    assert _restored_rows(
        env, target, "SELECT seq, digest FROM audit_auditevent ORDER BY seq"
    ) == list(AuditEvent.objects.order_by("seq").values_list("seq", "digest"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_backup_is_a_pg_dump_archive_of_one_snapshot(
    issued, data_dir, tmp_path, capsys
):
    """
    GIVEN the documents on PostgreSQL
    WHEN ``zhongshu backup`` writes a directory
    THEN the database is a ``pg_dump -Fc`` archive, and the manifest's rows and audit head are
         those of the database (read in the dump's own snapshot)
    """
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    backup = tmp_path / "backup"
    assert backup_main([str(backup)]) == 0
    manifest = json.loads((backup / MANIFEST).read_text())
    assert manifest["database"]["engine"] == "postgresql"
    assert manifest["database"]["tool"].startswith("pg_dump (PostgreSQL) ")
    assert (backup / "database.pgdump").read_bytes()[:5] == b"PGDMP"
    assert manifest["tables"]["documents_outgoingdocument"] == 5
    assert manifest["tables"]["documents_issuedfile"] == 8
    head = AuditEvent.objects.order_by("-seq").first()
    assert (manifest["audit"]["last_seq"], manifest["audit"]["last_digest"]) == (
        head.seq,
        head.digest,
    )
    assert "documents" in manifest["migrations"]


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_backup_whose_file_was_altered_and_restores_nothing(
    issued, data_dir, tmp_path, capsys
):
    """
    GIVEN a backup directory in which one byte was added to an issued PDF
    WHEN it is restored (even with --force)
    THEN the restore is refused naming the file and both digests, and the database and the
         data directory are untouched
    """
    backup = tmp_path / "backup"
    assert backup_main([str(backup)]) == 0
    pdf = next((backup / "files" / "media" / "documents").rglob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"x")
    before = (AuditEvent.objects.count(), OutgoingDocument.objects.count())
    capsys.readouterr()

    assert restore_main([str(backup), "--force"]) == 1

    err = capsys.readouterr().err
    assert "恢复被拒绝：备份已损坏或被篡改" in err
    assert f"{pdf.relative_to(backup).as_posix()} 的 SHA-256 与清单不符" in err
    assert (AuditEvent.objects.count(), OutgoingDocument.objects.count()) == before
    assert stored_files_check().ok is True


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_backup_with_a_file_the_manifest_does_not_list_or_a_missing_one(
    issued, data_dir, tmp_path, capsys
):
    backup = tmp_path / "backup"
    assert backup_main([str(backup)]) == 0
    (backup / "files" / "media" / "planted.pdf").write_bytes(b"%PDF-1.4 planted")
    removed = next((backup / "files" / "media" / "documents").rglob("*.docx"))
    removed.unlink()
    capsys.readouterr()

    assert restore_main([str(backup), "--check-only"]) == 1

    err = capsys.readouterr().err
    assert "清单外的文件 files/media/planted.pdf" in err
    assert f"缺少文件 {removed.relative_to(backup).as_posix()}" in err


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_truncated_archive_and_a_manifest_other_than_the_one_recorded(
    issued, data_dir, tmp_path, capsys
):
    archive = tmp_path / "b.tar"
    assert backup_main([str(archive)]) == 0
    manifest_digest = capsys.readouterr().out.split("清单 SHA-256：")[1].split()[0]
    assert restore_main([str(archive), "--check-only", "--manifest-sha256", manifest_digest]) == 0
    assert restore_main([str(archive), "--check-only", "--manifest-sha256", "0" * 64]) == 1
    assert "manifest.json 的 SHA-256 与给定的不符" in capsys.readouterr().err

    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert restore_main([str(truncated), "--check-only"]) == 1
    err = capsys.readouterr().err
    assert "恢复被拒绝" in err
    assert "缺少文件" in err or "已损坏" in err


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_overwrite_a_database_holding_data_without_force(
    issued, data_dir, tmp_path, capsys
):
    """
    GIVEN a sound backup of this database
    WHEN it is restored over the same database, which holds data, without --force
    THEN the restore is refused, saying the database holds data and how to overwrite it, and
         nothing changes
    """
    backup = tmp_path / "backup"
    assert backup_main([str(backup)]) == 0
    events = AuditEvent.objects.count()
    capsys.readouterr()

    assert restore_main([str(backup)]) == 1

    err = capsys.readouterr().err
    assert "已有数据" in err
    assert "--force" in err
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db(transaction=True)
def test_a_restore_whose_audit_chain_was_broken_before_the_backup_says_so_and_exits_1(
    issued, data_dir, tmp_path
):
    """
    GIVEN an audit event edited directly in the SQLite database (the model refuses it; a person
          with the file does not) before the backup was taken
    WHEN the backup is restored into a fresh database
    THEN the data is restored but the command exits 1, naming the broken event
    """
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's trigger refuses the edit itself (tests/audit/test_tamper.py)")
    event = AuditEvent.objects.filter(action="outgoing_register").order_by("seq").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET object_repr = %s WHERE seq = %s", ["改过的", event.seq]
        )
    backup = tmp_path / "backup"
    assert backup_main([str(backup)]) == 0
    env, _target = _fresh_target(tmp_path)

    result = _zhongshu(["restore", str(backup)], env)

    assert result.returncode == 1
    assert "恢复完成，但校验未通过" in result.stderr
    assert (
        f"审计链断裂：第 {event.seq} 条事件，事件内容与摘要不符（事件被篡改或伪造）"
        in result.stderr
    )


@pytest.mark.django_db
def test_the_stored_files_check_names_a_missing_file_and_an_altered_one(issued, data_dir):
    files = list(IssuedFile.objects.order_by("id"))
    missing, altered = files[0], files[1]
    (data_dir / "media" / missing.file.name).unlink()
    (data_dir / "media" / altered.file.name).write_bytes(b"altered")

    report = stored_files_check()

    assert report.ok is False
    reasons = {(p.model, p.pk): p.reason for p in report.problems}
    assert reasons[("documents.issuedfile", missing.pk)] == "文件缺失"
    assert reasons[("documents.issuedfile", altered.pk)].startswith("SHA-256 与登记的不符")
    assert len(report.problems) == 2


@pytest.mark.django_db(transaction=True)
def test_the_audit_checkpoint_file_is_copied_before_the_dump_and_restored_where_configured(
    issued, data_dir, tmp_path, settings
):
    """
    GIVEN an audit checkpoint file in the data directory (ZHONGSHU_AUDIT_CHECKPOINT_FILE)
    WHEN a backup is taken, and its files are restored into another data directory
    THEN the manifest lists the checkpoint first, as such, and the restore writes it back to the
         configured place, byte for byte
    """
    from zhongshu.ops.restore import _restore_files

    checkpoint = data_dir / "audit" / "checkpoints.json"
    checkpoint.parent.mkdir()
    checkpoint.write_text('{"seq": 7, "digest": "abc"}')
    settings.AUDIT_CHECKPOINT_FILE = str(checkpoint)
    backup = tmp_path / "backup"
    assert backup_main([str(backup)]) == 0
    manifest = json.loads((backup / MANIFEST).read_text())
    first = manifest["files"][0]
    assert (first["path"], first["role"]) == ("files/audit/checkpoints.json", "audit_checkpoint")
    assert [f["path"] for f in manifest["files"]].count("files/audit/checkpoints.json") == 1

    elsewhere = tmp_path / "elsewhere"
    settings.DATA_DIR = elsewhere
    settings.AUDIT_CHECKPOINT_FILE = "audit/checkpoints.json"  # relative: under the data dir
    assert _restore_files(backup, manifest, elsewhere) == len(manifest["files"])

    assert (elsewhere / "audit" / "checkpoints.json").read_bytes() == checkpoint.read_bytes()
    pdf = IssuedFile.objects.filter(kind="pdf").first().file.name
    assert (elsewhere / "media" / pdf).read_bytes() == (data_dir / "media" / pdf).read_bytes()


@pytest.mark.django_db(transaction=True)
def test_with_force_it_replaces_a_database_holding_data_with_the_backup(
    issued, data_dir, tmp_path, capsys, cast: Cast
):
    """
    GIVEN a backup, then a new draft and a file left in the data directory after it
    WHEN the backup is restored over the same database and data directory with --force
    THEN the database is the backup's again (the new draft is gone, every document, number and
         audit event of the backup is back) and the restore reports the chain and files OK
    """
    archive = tmp_path / "b.tar.gz"
    assert backup_main([str(archive)]) == 0
    kept = list(OutgoingDocument.objects.order_by("id").values_list("id", "status", "doc_number"))
    events = list(AuditEvent.objects.order_by("seq").values_list("seq", "digest"))
    cast.draft(title="关于备份之后起草事项的通知")
    capsys.readouterr()

    assert restore_main([str(archive), "--force"]) == 0

    out = capsys.readouterr().out
    assert f"审计链完整：共 {len(events)} 条事件。OK" in out
    assert "存储文件核对：数据库登记的 9 个文件都在" in out
    assert (
        list(OutgoingDocument.objects.order_by("id").values_list("id", "status", "doc_number"))
        == kept
    )
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "digest")) == events
