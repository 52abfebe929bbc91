"""The demo city, seeded once per test module.

Seeding writes some 600 rows (1–2 s); most tests here only read the city. The module fixture
opens a transaction, seeds inside it and rolls it back when the module is done; each test's own
``db`` transaction nests inside it as a savepoint, so a test that writes is still undone at its
end, and no other module ever sees the city.
"""

from __future__ import annotations

import pytest
from django.test import TestCase

from zhongshu.demo.services import demo_seed


@pytest.fixture(scope="module")
def _city_once(django_db_setup, django_db_blocker):
    # Django's own TestCase transactions (``_enter_atomics``), not a bare ``atomic()``: they are
    # marked as the test case's, so that services opening ``atomic(durable=True)`` (the
    # documents route) may still run inside them, exactly as in a ``db`` test.
    django_db_blocker.unblock()
    atomics = TestCase._enter_atomics()
    try:
        demo_seed(with_documents=False)
    except BaseException:
        TestCase._rollback_atomics(atomics)
        django_db_blocker.restore()
        raise
    django_db_blocker.restore()
    yield
    django_db_blocker.unblock()
    TestCase._rollback_atomics(atomics)
    django_db_blocker.restore()


@pytest.fixture
def city(_city_once, db) -> None:
    """The seeded demo city (read it; writes are rolled back after the test)."""
