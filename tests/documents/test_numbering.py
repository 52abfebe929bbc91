"""登记编号: 发文字号 gap-free, duplicate-free, per 机关代字 and year, voided numbers kept."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction

from zhongshu.documents import services
from zhongshu.documents.models import DocNumber, OutgoingDocument
from zhongshu.documents.selectors import number_register
from zhongshu.flow.models import Sequence
from zhongshu.lib.errors import ApplicationError

Status = OutgoingDocument.Status


def test_numbers_are_consecutive_per_organ_code_and_year(cast):
    docs = [cast.advance(cast.draft(), Status.REGISTER) for _ in range(3)]

    numbers = [services.document_register(document=d, actor=cast.clerk) for d in docs]

    assert [n.seq for n in numbers] == [1, 2, 3]
    docs[1].refresh_from_db()
    year = numbers[0].year
    assert docs[1].doc_number == f"甲政〔{year}〕2号"
    assert docs[1].content["doc_number"] == docs[1].doc_number
    assert docs[1].status == Status.SEAL
    assert Sequence.objects.get(kind=Sequence.Kind.DOC_NUMBER, key="甲政", year=year).last == 3


def test_a_new_year_starts_a_new_sequence(cast):
    first = cast.advance(cast.draft(), Status.REGISTER)
    second = cast.advance(cast.draft(), Status.REGISTER)

    with time_machine.travel(datetime(2026, 12, 31, 8, 0, tzinfo=UTC), tick=True):
        a = services.document_register(document=first, actor=cast.clerk)
    with time_machine.travel(datetime(2027, 1, 2, 8, 0, tzinfo=UTC), tick=True):
        b = services.document_register(document=second, actor=cast.clerk)

    assert (a.year, a.seq) == (2026, 1)
    assert (b.year, b.seq) == (2027, 1)
    second.refresh_from_db()
    assert second.doc_number == "甲政〔2027〕1号"


def test_no_number_exists_before_registration(cast):
    doc = cast.advance(cast.draft(), Status.RECHECK)

    assert doc.doc_number == ""
    assert not DocNumber.objects.filter(document=doc).exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingDocument.objects.filter(pk=doc.pk).update(doc_number="甲政〔2026〕9号")


def test_registration_is_refused_before_recheck_and_to_people_outside_the_office(cast):
    doc = cast.advance(cast.draft(), Status.RECHECK)
    with pytest.raises(PermissionDenied):
        services.document_register(document=doc, actor=cast.clerk)

    cast.advance(doc, Status.REGISTER)
    with pytest.raises(PermissionDenied, match="登记编号"):
        services.document_register(document=doc, actor=cast.drafter)


def test_a_failed_registration_leaves_no_gap(cast, monkeypatch):
    """
    GIVEN a registration that fails after taking a number (the move to 用印 breaks)
    WHEN the next registration runs
    THEN it gets number 1: the failed one rolled back with its number
    """
    doc = cast.advance(cast.draft(), Status.REGISTER)
    from zhongshu.flow.core import Workflow

    def broken_move(*args, **kwargs):
        raise ApplicationError("模拟故障")

    with monkeypatch.context() as patch:
        patch.setattr(Workflow, "move", broken_move)
        with pytest.raises(ApplicationError, match="模拟故障"):
            services.document_register(document=doc, actor=cast.clerk)

    assert not DocNumber.objects.exists()
    doc.refresh_from_db()
    assert doc.status == Status.REGISTER
    assert services.document_register(document=doc, actor=cast.clerk).seq == 1


def test_an_organ_without_org_code_cannot_number(cast, organ_a):
    doc = cast.advance(cast.draft(), Status.REGISTER)
    organ_a.org_code = ""
    organ_a.save(update_fields=["org_code"])

    with pytest.raises(ApplicationError, match="机关代字"):
        services.document_register(document=doc, actor=cast.clerk)


def test_a_voided_number_stays_in_the_register_and_is_never_given_again(cast):
    """
    GIVEN document 1 numbered 1, whose number is then voided before sealing
    WHEN it and document 2 are registered again
    THEN number 1 stays in the register, voided with its reason, and they get 2 and 3
    """
    first = cast.advance(cast.draft(), Status.SEAL)
    voided = services.number_void(document=first, actor=cast.clerk, reason="年度填写错误")
    first.refresh_from_db()
    assert first.status == Status.REGISTER
    assert first.doc_number == ""
    assert first.content["doc_number"] == ""

    second = cast.advance(cast.draft(), Status.REGISTER)
    again = services.document_register(document=first, actor=cast.clerk)
    other = services.document_register(document=second, actor=cast.clerk)

    assert voided.is_void is True
    assert voided.void_reason == "年度填写错误"
    assert (voided.seq, again.seq, other.seq) == (1, 2, 3)
    register_rows = list(number_register(user=cast.clerk, organ_id=first.organ_id, year=again.year))
    assert [(n.seq, n.is_void) for n in register_rows] == [(1, True), (2, False), (3, False)]


def test_voiding_needs_a_reason_and_a_valid_number(cast):
    doc = cast.advance(cast.draft(), Status.SEAL)

    with pytest.raises(ValidationError, match="原因"):
        services.number_void(document=doc, actor=cast.clerk, reason="")


def test_voiding_is_refused_after_sealing(cast):
    doc = cast.advance(cast.draft(), Status.DISPATCH)

    with pytest.raises(PermissionDenied):
        services.number_void(document=doc, actor=cast.clerk, reason="x")


def test_the_number_register_is_for_the_office_only(cast):
    doc = cast.advance(cast.draft(), Status.SEAL)

    with pytest.raises(PermissionDenied):
        number_register(user=cast.drafter, organ_id=doc.organ_id, year=2026)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_32_parallel_registrations_get_32_distinct_consecutive_numbers(
    drafter, dept_head, director, clerk, leader, principal, sealed_organ_a
):
    """
    GIVEN 32 documents waiting for 登记 in one organ
    WHEN 32 threads, each with its own database connection, register them at the same moment
    THEN they get the numbers 1…32, each once, and the sequence stands at 32
    """
    if not _is_postgres():
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises writers with "
            "IMMEDIATE transactions and has no row locks to test"
        )
    from tests.documents.conftest import Cast

    cast = Cast(drafter, dept_head, director, clerk, leader, principal)
    template = cast.advance(cast.draft(), Status.REGISTER)
    docs = [template]
    for _ in range(31):
        copy = OutgoingDocument.objects.get(pk=template.pk)
        copy.pk = None
        copy.save(force_insert=True)
        docs.append(copy)

    barrier = threading.Barrier(len(docs))
    results: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(doc):
        try:
            barrier.wait(timeout=30)
            number = services.document_register(document=doc, actor=clerk)
            with lock:
                results.append(number.seq)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert errors == []
    assert sorted(results) == list(range(1, 33))
    numbers = DocNumber.objects.filter(org_code="甲政")
    assert numbers.count() == 32
    assert sorted(numbers.values_list("seq", flat=True)) == list(range(1, 33))
    assert Sequence.objects.get(kind=Sequence.Kind.DOC_NUMBER, key="甲政").last == 32
    assert len(set(OutgoingDocument.objects.values_list("doc_number", flat=True))) == 32
