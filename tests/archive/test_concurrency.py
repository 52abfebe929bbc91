"""件号 under concurrent filing (PostgreSQL): distinct, consecutive, no gap."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from zhongshu.documents.archive import services
from zhongshu.documents.archive.models import ArchiveItem
from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.flow.models import Sequence

Status = IncomingDocument.Status
THREADS = 24


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_24_archivists_filing_at_once_get_24_distinct_consecutive_file_numbers(cast, archivist):
    """
    GIVEN 24 closed incoming documents of one organ, received this year, and no 件号 taken yet
          in their class (the sequence row does not exist)
    WHEN 24 threads, each with its own connection, file them at the same moment in the same
         年度, 保管期限 and 机构（问题）class
    THEN they get the 件号 1…24, each once, with 24 distinct 档号, every document is FILED,
         and the sequence stands at 24
    """
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises writers and has "
            "no row locks to test"
        )
    docs = [cast.advance(cast.receive(), Status.CLOSED) for _ in range(THREADS)]
    assert not Sequence.objects.filter(kind=Sequence.Kind.ARCHIVE).exists()
    barrier = threading.Barrier(len(docs))
    errors: list[BaseException] = []
    guard = threading.Lock()

    def work(doc):
        try:
            barrier.wait(timeout=60)
            services.archive_file(actor=archivist, incoming=doc, class_code="BGS", retention="D30")
        except BaseException as exc:
            with guard:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)

    assert errors == []
    items = ArchiveItem.objects.filter(organ=cast.organ)
    assert sorted(items.values_list("seq", flat=True)) == list(range(1, THREADS + 1))
    assert len(set(items.values_list("archival_code", flat=True))) == THREADS
    assert set(items.values_list("incoming_id", flat=True)) == {d.pk for d in docs}
    assert Sequence.objects.get(kind=Sequence.Kind.ARCHIVE, organ=cast.organ).last == THREADS
    assert (
        IncomingDocument.objects.filter(pk__in=[d.pk for d in docs], status=Status.FILED).count()
        == THREADS
    )
