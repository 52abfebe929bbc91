"""The one gap-free yearly register number: ``flow.core.sequence_next``."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from zhongshu.flow.core import sequence_next
from zhongshu.flow.models import Sequence

Kind = Sequence.Kind
THREADS = 24


def test_numbers_run_on_per_register_and_start_again_each_year(organ_a, organ_b):
    take = lambda **kw: sequence_next(kind=Kind.SUPERVISION, organ=organ_a, **kw)  # noqa: E731
    assert [take(year=2026) for _ in range(3)] == [1, 2, 3]
    assert take(year=2027) == 1
    assert take(year=2026, key="专项") == 1
    assert sequence_next(kind=Kind.JOURNAL, organ=organ_a, year=2026) == 1
    assert sequence_next(kind=Kind.SUPERVISION, organ=organ_b, year=2026) == 1
    assert Sequence.objects.get(kind=Kind.SUPERVISION, organ=organ_a, key="", year=2026).last == 3


@pytest.mark.django_db
def test_a_register_shared_by_a_code_counts_on_whichever_organ_takes_it():
    assert sequence_next(kind=Kind.DOC_NUMBER, key="甲政", year=2026) == 1
    assert sequence_next(kind=Kind.DOC_NUMBER, key="甲政", year=2026) == 2
    assert sequence_next(kind=Kind.DOC_NUMBER, key="乙政", year=2026) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", Kind.values)
def test_concurrent_takers_get_every_number_once_without_a_gap(kind, organ_a):
    """GIVEN 24 threads that take a number of one register at once (the row not yet created)
    WHEN they commit
    THEN they hold 1..24, each once, and the register's last number is 24.
    """
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises writers and has "
            "no row locks to test"
        )
    organ = None if kind == Kind.DOC_NUMBER else organ_a
    barrier = threading.Barrier(THREADS)
    results: list[int] = []
    errors: list[BaseException] = []
    guard = threading.Lock()

    def work():
        try:
            barrier.wait(timeout=60)
            with transaction.atomic(durable=True):
                number = sequence_next(kind=kind, organ=organ, key="K", year=2026)
            with guard:
                results.append(number)
        except BaseException as exc:
            with guard:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert errors == []
    assert sorted(results) == list(range(1, THREADS + 1))
    assert Sequence.objects.get(kind=kind, key="K", year=2026).last == THREADS
