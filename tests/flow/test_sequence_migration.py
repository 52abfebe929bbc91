"""The migrations move the old sequence rows into ``flow.Sequence`` and back."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.organs.factories import OrganFactory

BEFORE = [
    ("flow", "0005_sequence"),
    ("documents", "0004_docstep_acting_for_index"),
    ("incoming", "0001_initial"),
    ("archive", "0001_initial"),
]
AFTER = [
    ("documents", "0005_sequence_moved_to_flow"),
    ("incoming", "0002_sequence_moved_to_flow"),
    ("archive", "0002_sequence_moved_to_flow"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_the_old_sequences_move_with_their_last_numbers_and_back(transactional_db):
    organ_a = OrganFactory()
    try:
        apps = _migrate(BEFORE)
        apps.get_model("documents", "DocNumberSequence").objects.create(
            organ_id=organ_a.pk, org_code="甲政", year=2026, last_seq=7
        )
        apps.get_model("incoming", "ReceiptSequence").objects.create(
            organ_id=organ_a.pk, year=2026, last_seq=5
        )
        apps.get_model("archive", "ArchiveSequence").objects.create(
            organ_id=organ_a.pk, year=2026, retention="D30", class_code="BGS", last_seq=3
        )

        apps = _migrate(AFTER)
        rows = apps.get_model("flow", "Sequence").objects.values_list(
            "kind", "organ_id", "key", "year", "last"
        )
        assert set(rows) == {
            ("doc_number", None, "甲政", 2026, 7),
            ("receipt", organ_a.pk, "", 2026, 5),
            ("archive", organ_a.pk, "D30/BGS", 2026, 3),
        }

        apps = _migrate(BEFORE)
        assert apps.get_model("incoming", "ReceiptSequence").objects.get().last_seq == 5
        archive = apps.get_model("archive", "ArchiveSequence").objects.get()
        assert (archive.retention, archive.class_code, archive.last_seq) == ("D30", "BGS", 3)
    finally:
        _migrate(AFTER)
