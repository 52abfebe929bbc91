"""The TRUNCATE guard of PostgreSQL and Django's flush (the test suite empties its database
with it): outside production the flush lifts the guard for its own transaction only; in
production it is refused."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the TRUNCATE trigger exists on PostgreSQL only")


def test_flush_empties_the_audit_table_and_the_guard_is_back_afterwards(clerk):
    audit_record(actor=clerk, action="document.view")

    call_command("flush", interactive=False, verbosity=0)

    assert AuditEvent.objects.count() == 0
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute("TRUNCATE audit_auditevent")


def test_flush_in_production_is_refused_and_the_trail_kept(clerk, settings):
    audit_record(actor=clerk, action="document.view")
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="couldn't be flushed"):
        call_command("flush", interactive=False, verbosity=0)

    assert AuditEvent.objects.count() == 1
    settings.PRODUCTION = False  # the test's own flush empties the database afterwards
