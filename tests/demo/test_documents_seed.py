"""The demo's outgoing documents: made through the documents services, in every state, once."""

from __future__ import annotations

import time

import pytest
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from zhongshu.accounts.models import User
from zhongshu.audit.services import audit_verify
from zhongshu.demo.documents import CLASSIFIED_TITLE, DOCUMENTS, seed_documents
from zhongshu.demo.services import demo_seed
from zhongshu.documents.archive.models import CopyRecord
from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.documents.models import DispatchRecipient, DocNumber, DocumentStep, OutgoingDocument
from zhongshu.organs.models import Classification

Status = OutgoingDocument.Status


@pytest.fixture(scope="module")
def _documents_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The city's organs and people, then the documents, seeded once for the module inside a
    test-case transaction rolled back at its end (as tests/demo/conftest.py does for the city);
    their files under a temporary MEDIA_ROOT."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        django_db_blocker.unblock()
        atomics = TestCase._enter_atomics()
        try:
            demo_seed(with_work=False)
            started = time.monotonic()
            created = seed_documents()
            seconds = time.monotonic() - started
        except BaseException:
            TestCase._rollback_atomics(atomics)
            django_db_blocker.restore()
            raise
        django_db_blocker.restore()
        yield created, seconds
        django_db_blocker.unblock()
        TestCase._rollback_atomics(atomics)
        django_db_blocker.restore()


@pytest.fixture
def seeded(_documents_once, db):
    return _documents_once


def test_every_demo_document_is_created_in_well_under_a_minute(seeded):
    created, seconds = seeded

    assert created == len(DOCUMENTS)
    assert (
        OutgoingDocument.objects.filter(title__in=[d.title for d in DOCUMENTS]).count() == created
    )
    assert seconds < 60


def test_every_state_of_the_route_is_present(seeded):
    statuses = set(
        OutgoingDocument.objects.filter(title__in=[d.title for d in DOCUMENTS]).values_list(
            "status", flat=True
        )
    )

    assert statuses == set(Status.values)


def test_each_document_stops_where_its_spec_says(seeded):
    stops = {d.title: d.stop for d in DOCUMENTS}

    for document in OutgoingDocument.objects.filter(title__in=stops):
        assert document.status == stops[document.title], document.title


def test_every_state_was_reached_through_the_route_not_written(seeded):
    """Each document past 拟稿 has one 发文稿纸 line per move, ending in its present state."""
    for document in OutgoingDocument.objects.filter(title__in=[d.title for d in DOCUMENTS]):
        if document.status == Status.DRAFT and document.round == 1:
            assert not document.steps.exists()
            continue
        last = document.steps.order_by("at", "id").last()
        assert last.to_status == document.status, document.title


def test_one_number_is_voided_and_stays_in_the_register(seeded):
    voided = DocNumber.objects.filter(voided_at__isnull=False)

    assert voided.count() == 1
    document = voided.get().document
    assert document.status == Status.DISPATCHED
    assert document.doc_number != voided.get().text


def test_a_returned_draft_and_a_completed_countersign_are_on_the_sheets(seeded):
    assert DocumentStep.objects.filter(decision=DocumentStep.Decision.RETURN).exists()
    assert OutgoingDocument.objects.filter(
        countersigns__done_at__isnull=False, status=Status.DISPATCHED
    ).exists()


def test_dispatched_documents_land_in_the_receiving_organs_inboxes(seeded):
    dispatched = OutgoingDocument.objects.filter(
        title__in=[d.title for d in DOCUMENTS], status=Status.DISPATCHED
    )

    assert dispatched.count() >= 10
    assert (
        IncomingDocument.objects.filter(dispatch_recipient__document__in=dispatched).count() >= 20
    )


def test_a_secret_document_is_dispatched_with_numbered_copies_and_their_records(seeded):
    document = OutgoingDocument.objects.get(title=CLASSIFIED_TITLE)

    assert document.status == Status.DISPATCHED
    assert document.classification == Classification.SECRET
    assert document.content["classification_period"] == "1年"
    ranges = list(
        DispatchRecipient.objects.filter(document=document)
        .order_by("copy_number_from")
        .values_list("organ__short_name", "copies", "copy_number_from", "copy_number_to")
    )
    assert ranges == [
        ("淮东区委", 3, 1, 3),
        ("淮西区委", 3, 4, 6),
        ("青山县委", 3, 7, 9),
    ]
    records = CopyRecord.objects.filter(document=document).order_by("copy_number")
    assert [r.copy_number for r in records] == list(range(1, 10))
    assert {r.holder.short_name for r in records} == {"淮东区委", "淮西区委", "青山县委"}
    assert IncomingDocument.objects.filter(dispatch_recipient__document=document).count() == 3


def test_everyone_on_the_secret_documents_route_is_cleared_for_it(seeded):
    document = OutgoingDocument.objects.get(title=CLASSIFIED_TITLE)
    actors = User.objects.filter(pk__in=document.steps.values("actor"))

    assert actors.count() >= 3
    assert all(a.clearance >= Classification.SECRET for a in actors)


def test_the_secret_document_is_shown_to_its_clerk_and_hidden_from_the_uncleared(seeded):
    """GIVEN the 秘密 notice of the 市委办公室 and two people of that office
    WHEN its 文书 陈静 (cleared for 秘密) and 林晓宇 (非密) open it
    THEN she sees it with its 密级, and to him it does not exist (page and PDF)."""
    document = OutgoingDocument.objects.get(title=CLASSIFIED_TITLE)
    detail = reverse("documents:detail", args=[document.pk])
    pdf = reverse("documents:preview", args=[document.pk])
    clerk, uncleared = Client(), Client()
    clerk.force_login(User.objects.get(username="chenjing"))
    uncleared.force_login(User.objects.get(username="linxiaoyu"))

    page = clerk.get(detail)
    assert page.status_code == 200
    assert "秘密" in page.content.decode()
    assert "000001—000003" in page.content.decode()
    assert uncleared.get(detail).status_code == 404
    assert uncleared.get(pdf).status_code == 404
    listing = uncleared.get(reverse("documents:list") + "?box=all").content.decode()
    assert CLASSIFIED_TITLE not in listing


def test_seeding_twice_creates_nothing_new(seeded):
    before = (OutgoingDocument.objects.count(), DocumentStep.objects.count())

    assert seed_documents() == 0
    assert (OutgoingDocument.objects.count(), DocumentStep.objects.count()) == before


def test_the_full_demo_seeding_after_them_changes_none_of_them(seeded):
    titles = [d.title for d in DOCUMENTS]
    steps = DocumentStep.objects.filter(document__title__in=titles).count()

    demo_seed()

    assert OutgoingDocument.objects.filter(title__in=titles).count() == len(DOCUMENTS)
    assert DocumentStep.objects.filter(document__title__in=titles).count() == steps


def test_the_audit_chain_still_verifies_after_the_documents(seeded):
    report = audit_verify()

    assert report.ok is True, report.reason
