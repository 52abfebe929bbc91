"""The fault test of ``bench/fault.py``: a small run in CI, and its invariants shown to bite.

The run (marked ``slow``: about a minute and a half) starts the real server on a loopback port
against a fresh database of the engine this test run uses, drives 发文 through the API with
four clients, kills the server or one of its workers three times with SIGKILL, and checks the
invariants after each kill and at the end. The other tests feed the invariant checker a
database that breaks each invariant, so that a run reporting "no failure" means something.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connection

from tests.ops.conftest import Cast
from zhongshu.documents.models import IssuedFile, OutgoingDocument
from zhongshu.flow.models import Sequence

ROOT = Path(__file__).resolve().parents[2]
FAULT = ROOT / "bench" / "fault.py"
INVARIANTS = ROOT / "bench" / "_invariants.py"
PORTS = range(8105, 8110)  # the loopback ports the fault test may use
Status = OutgoingDocument.Status


def _invariants_module():
    spec = importlib.util.spec_from_file_location("bench_fault_invariants", INVARIANTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip(f"no free loopback port in {PORTS.start}–{PORTS.stop - 1}")


@pytest.mark.slow
def test_three_kills_of_the_server_under_write_load_leave_every_invariant_holding(tmp_path):
    """
    GIVEN the server on a fresh database (this run's engine) and four clients taking 发文
          through the route, two on each of two 发文字号 sequences
    WHEN the server, or one of its workers, is killed with SIGKILL three times at random moments
    THEN after each kill and at the end the numbers are contiguous, each document whole, each
         stored file present and matching its digest, and the audit chain verifies
    """
    args = [
        sys.executable,
        str(FAULT),
        "--kills=3",
        "--seconds=90",
        "--clients=4",
        "--min-gap=4",
        "--max-gap=9",
        f"--port={_free_port()}",
        f"--data-dir={tmp_path / 'data'}",
        f"--json={tmp_path / 'report.json'}",
    ]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parsed = urlparse(url)
        fault_db = parsed._replace(path=parsed.path + "_fault").geturl()
        args += ["--engine=postgresql", f"--database-url={fault_db}"]

    result = subprocess.run(  # noqa: S603 (our own script)
        args, capture_output=True, text=True, timeout=400, check=False
    )

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["kills"] == 3
    assert report["survived"] == 3
    assert report["checks"] == 4
    assert report["failures"] == []
    assert report["created"] >= 1
    assert report["final"]["audit_events"] > 0


@pytest.fixture
def fault():
    """bench/_invariants.py, the checks bench/fault.py runs after every kill."""
    return _invariants_module()


@pytest.fixture
def two_issued(data_dir, cast: Cast) -> list[OutgoingDocument]:
    return [cast.advance(cast.draft(), Status.DISPATCHED) for _ in range(2)]


@pytest.mark.django_db
def test_the_invariants_hold_on_documents_the_route_issued(fault, two_issued):
    failures, figures = fault.check_invariants(close=False)

    assert failures == []
    assert figures["numbers"] == 2
    assert figures["issued_files"] == 4
    assert figures["documents"] == {"dispatched": 2}


@pytest.mark.django_db
def test_the_invariants_name_a_gap_in_the_numbers(fault, two_issued):
    Sequence.objects.filter(kind=Sequence.Kind.DOC_NUMBER).update(
        last=3
    )  # a number taken whose register row was lost

    failures, _figures = fault.check_invariants(close=False)

    assert any("numbers [1, 2], last_seq 3" in f for f in failures), failures


@pytest.mark.django_db
def test_the_invariants_name_a_status_without_its_step(fault, two_issued):
    doc = two_issued[0]
    OutgoingDocument.objects.filter(pk=doc.pk).update(status=Status.DISPATCH)

    failures, _figures = fault.check_invariants(close=False)

    assert f"#{doc.pk}: status dispatch, its steps end at dispatched" in failures
    assert f"#{doc.pk} at dispatch: 1 recipients" in failures


@pytest.mark.django_db
def test_the_invariants_name_an_altered_file_and_a_broken_chain(fault, two_issued, data_dir):
    issued = IssuedFile.objects.order_by("id").first()
    (data_dir / "media" / issued.file.name).write_bytes(b"altered")
    if connection.vendor == "sqlite":  # PostgreSQL's trigger refuses the edit itself
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET object_repr = 'x' WHERE seq = 3")

    failures, _figures = fault.check_invariants(close=False)

    assert any(f.startswith("stored file: documents.issuedfile#") for f in failures), failures
    if connection.vendor == "sqlite":
        assert "audit chain broken at 3: 事件内容与摘要不符（事件被篡改或伪造）" in failures
