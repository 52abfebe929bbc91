"""The route graph as declared in the model module, and the append-only rows."""

from __future__ import annotations

from zhongshu.documents.models import (
    NUMBERED_STATUSES,
    RETURNABLE_STATUSES,
    ROUTE_ORDER,
    TERMINAL_STATUSES,
    TRANSITIONS,
    OutgoingDocument,
)

Status = OutgoingDocument.Status


def test_every_status_has_its_transitions_declared():
    assert set(TRANSITIONS) == set(Status.values)


def test_terminal_statuses_lead_nowhere():
    for status in TERMINAL_STATUSES:
        assert TRANSITIONS[status] == frozenset()


def test_returns_only_go_backwards_along_the_route():
    for status in RETURNABLE_STATUSES:
        position = ROUTE_ORDER.index(status)
        backwards = {
            s for s in TRANSITIONS[status] if s in ROUTE_ORDER and ROUTE_ORDER.index(s) < position
        }
        assert Status.DRAFT in backwards
        assert all(ROUTE_ORDER.index(s) < position for s in backwards)


def test_numbering_happens_only_after_recheck_or_after_a_number_was_voided():
    sources = {s for s, targets in TRANSITIONS.items() if Status.REGISTER in targets}
    assert sources == {Status.RECHECK, *NUMBERED_STATUSES}


def test_a_return_from_a_numbered_step_goes_back_at_most_to_registration():
    for status in NUMBERED_STATUSES:
        backwards = {s for s in TRANSITIONS[status] if s in ROUTE_ORDER and s != Status.DISPATCH}
        assert max(ROUTE_ORDER.index(s) for s in backwards) == ROUTE_ORDER.index(Status.REGISTER)
    assert Status.SEAL not in TRANSITIONS[Status.DISPATCH]


def test_nothing_leaves_the_dispatched_state():
    assert TRANSITIONS[Status.DISPATCHED] == frozenset()


def test_the_migration_links_files_sealed_before_it_to_the_documents_valid_number(cast):
    """Files sealed before numbers were linked to files belong to the unvoided number."""
    import importlib

    from django.apps import apps

    from zhongshu.documents.models import DocNumber, IssuedFile

    migration = importlib.import_module(
        "zhongshu.documents.migrations.0002_correction_and_return_after_register"
    )
    doc = cast.advance(cast.draft(), Status.DISPATCH)
    IssuedFile.objects.filter(document=doc).update(number=None)
    voided = DocNumber.objects.create(
        organ=doc.organ,
        org_code="甲政",
        year=2000,
        seq=1,
        document=doc,
        allocated_by=cast.clerk,
        allocated_at=doc.created_at,
        voided_at=doc.created_at,
        voided_by=cast.clerk,
        void_reason="测试",
    )

    migration._link_files_to_their_number(apps, None)

    valid = DocNumber.objects.get(document=doc, voided_at__isnull=True)
    assert set(IssuedFile.objects.filter(document=doc).values_list("number", flat=True)) == {
        valid.pk
    }
    assert voided.pk != valid.pk
