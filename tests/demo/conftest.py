"""The demo city, seeded once per test module.

Seeding writes some 600 rows (1–2 s); most tests here only read the city. The module fixture
opens a transaction, seeds inside it and rolls it back when the module is done; each test's own
``db`` transaction nests inside it as a savepoint, so a test that writes is still undone at its
end, and no other module ever sees the city.
"""

from __future__ import annotations

import pytest
from django.test import TestCase, override_settings

from zhongshu.demo.government import seed_government
from zhongshu.demo.services import demo_seed


def _seed_city_once(django_db_blocker, *, featured: bool):
    # Django's own TestCase transactions (``_enter_atomics``), not a bare ``atomic()``: they are
    # marked as the test case's, so that services opening ``atomic(durable=True)`` (the
    # documents route) may still run inside them, exactly as in a ``db`` test.
    django_db_blocker.unblock()
    atomics = TestCase._enter_atomics()
    try:
        demo_seed(with_documents=False)
        if featured:
            seed_government()
    except BaseException:
        TestCase._rollback_atomics(atomics)
        django_db_blocker.restore()
        raise
    django_db_blocker.restore()
    yield
    django_db_blocker.unblock()
    TestCase._rollback_atomics(atomics)
    django_db_blocker.restore()


@pytest.fixture(scope="module")
def _city_once(django_db_setup, django_db_blocker):
    yield from _seed_city_once(django_db_blocker, featured=False)


@pytest.fixture(scope="module")
def _featured_city_once(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")  # the sealed PDFs and the scan
    with override_settings(MEDIA_ROOT=media):
        for _seeded in _seed_city_once(django_db_blocker, featured=True):
            yield media


@pytest.fixture
def city(_city_once, db) -> None:
    """The seeded demo city (read it; writes are rolled back after the test)."""


@pytest.fixture
def featured_city(_featured_city_once, db, settings) -> None:
    """The city with the work of the 市政府 and its 办公室 (``zhongshu.demo.government``): the
    real documents of the people a visitor logs in as first (without the other organs' 发文
    and 收文, which cost seconds more)."""
    settings.MEDIA_ROOT = _featured_city_once
