"""撤销/废止 mark documents without deleting them; classified copies are tracked by 份号 and
destroyed only with the office director's approval, leaving register lines."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.archive.conftest import make_dispatched
from tests.organs.factories import PostFactory
from zhongshu.audit.models import AuditEvent
from zhongshu.documents.archive import services
from zhongshu.documents.archive.models import CopyRecord, CopyRegisterLine, DocumentStatusMark
from zhongshu.documents.models import DispatchRecipient, OutgoingDocument
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.models import Classification, Role

CopyStatus = CopyRecord.Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_revocation_is_void_from_the_documents_own_date_and_deletes_nothing(
    organ_a, clerk, director
):
    outgoing = make_dispatched(organ_a, clerk, signed_on=date(2026, 3, 9))

    mark = services.document_mark(
        actor=director, kind="revoke", reason="与上位法冲突", outgoing=outgoing
    )

    assert mark.effective_from == date(2026, 3, 9)
    assert OutgoingDocument.objects.filter(pk=outgoing.pk).exists()
    assert AuditEvent.objects.filter(action="document_revoke", actor_id=director.pk).exists()
    with pytest.raises(ApplicationError, match="已撤销"):
        services.document_mark(
            actor=director,
            kind="abolish",
            reason="再废止",
            outgoing=outgoing,
            effective_from=date(2026, 6, 1),
        )


def test_abolition_needs_a_date_not_before_the_document_and_a_reason(organ_a, clerk, archivist):
    outgoing = make_dispatched(organ_a, clerk, signed_on=date(2026, 3, 9))

    with pytest.raises(ValidationError, match="失效日期"):
        services.document_mark(actor=archivist, kind="abolish", reason="到期", outgoing=outgoing)
    with pytest.raises(ValidationError, match="不能早于"):
        services.document_mark(
            actor=archivist,
            kind="abolish",
            reason="到期",
            outgoing=outgoing,
            effective_from=date(2026, 1, 1),
        )
    with pytest.raises(ValidationError, match="理由"):
        services.document_mark(
            actor=archivist,
            kind="abolish",
            reason=" ",
            outgoing=outgoing,
            effective_from=date(2026, 7, 1),
        )
    mark = services.document_mark(
        actor=archivist,
        kind="abolish",
        reason="已被新文件替代",
        outgoing=outgoing,
        effective_from=date(2026, 7, 1),
    )
    assert (mark.kind, mark.effective_from) == ("abolish", date(2026, 7, 1))


def test_a_clerk_or_an_outsider_cannot_mark_a_document(organ_a, clerk, outsider):
    outgoing = make_dispatched(organ_a, clerk)

    for person in (clerk, outsider):
        with pytest.raises(PermissionDenied):
            services.document_mark(actor=person, kind="revoke", reason="x", outgoing=outgoing)
    assert not DocumentStatusMark.objects.exists()


def test_the_mark_api_is_404_outside_scope_and_201_for_the_director(
    organ_a, clerk, director, outsider
):
    outgoing = make_dispatched(organ_a, clerk)
    body = {"kind": "revoke", "document_kind": "outgoing", "id": outgoing.pk, "reason": "错误"}

    foreign = _client(outsider).post(
        reverse("api:archive_mark"), body, content_type="application/json"
    )
    done = _client(director).post(
        reverse("api:archive_mark"), body, content_type="application/json"
    )

    assert foreign.status_code == 404
    assert done.status_code == 201 and done.json()["kind"] == "revoke"


@pytest.fixture
def secret_copies(organ_a, organ_b, clerk, outsider):
    """A 秘密 document of organ A with copies 000003—000004 dispatched to organ B."""
    document = make_dispatched(organ_a, clerk, classification=Classification.SECRET)
    DispatchRecipient.objects.create(
        document=document,
        organ=organ_b,
        name=organ_b.name,
        kind=DispatchRecipient.Kind.PRIMARY,
        copies=2,
        copy_number_from=3,
        copy_number_to=4,
        dispatched_at=timezone.now(),
    )
    return services.copy_records_register(document=document, actor=clerk)


@pytest.fixture
def director_b(outsider, organ_b):
    return PostFactory(
        department=outsider.posts.first().department,
        title="副主任",
        holder__full_name="孙副主任",
        roles=[Role.OFFICE_DIRECTOR],
    ).holder


def test_classified_copies_are_registered_by_number_with_their_holder(secret_copies, organ_b):
    assert [(r.copy_number, r.holder_id, r.status) for r in secret_copies] == [
        (3, organ_b.pk, CopyStatus.DISPATCHED),
        (4, organ_b.pk, CopyStatus.DISPATCHED),
    ]
    assert CopyRegisterLine.objects.filter(to_status=CopyStatus.DISPATCHED).count() == 2


def test_an_unclassified_document_has_no_copy_register(organ_a, clerk):
    with pytest.raises(ApplicationError, match="非涉密"):
        services.copy_records_register(document=make_dispatched(organ_a, clerk), actor=clerk)


def test_destruction_needs_the_holders_office_director_who_is_not_the_requester(
    secret_copies, outsider, director_b, director, clerk
):
    record = secret_copies[0]
    with pytest.raises(ApplicationError, match="不能转为"):
        services.copy_destruction_approve(record=record, actor=director_b)
    with pytest.raises(ValidationError, match="理由"):
        services.copy_destruction_request(record=record, actor=outsider, reason="")
    with pytest.raises(PermissionDenied):
        services.copy_destruction_request(record=record, actor=clerk, reason="不是持有单位")
    services.copy_destruction_request(record=record, actor=outsider, reason="已过保密期限")

    with pytest.raises(PermissionDenied, match="自己"):
        services.copy_destruction_approve(record=record, actor=outsider)
    with pytest.raises(PermissionDenied, match="办公室主任"):
        services.copy_destruction_approve(record=record, actor=director)
    record.refresh_from_db()
    assert record.status == CopyStatus.DESTRUCTION_REQUESTED

    services.copy_destruction_approve(record=record, actor=director_b, note="同意销毁")

    record.refresh_from_db()
    assert (record.status, record.approved_by_id) == (CopyStatus.DESTROYED, director_b.pk)
    assert list(record.lines.values_list("to_status", flat=True)) == [
        CopyStatus.DISPATCHED,
        CopyStatus.DESTRUCTION_REQUESTED,
        CopyStatus.DESTROYED,
    ]
    assert CopyRecord.objects.filter(pk=record.pk).exists()
    with pytest.raises(ApplicationError):
        services.copy_return(record=record, actor=clerk)


def test_a_refused_destruction_needs_a_reason_and_leaves_the_copy_with_its_holder(
    secret_copies, outsider, director_b
):
    record = secret_copies[1]
    services.copy_destruction_request(record=record, actor=outsider, reason="不再需要")

    with pytest.raises(ValidationError, match="理由"):
        services.copy_destruction_reject(record=record, actor=director_b, note="")
    services.copy_destruction_reject(record=record, actor=director_b, note="仍需备查")

    record.refresh_from_db()
    assert record.status == CopyStatus.DISPATCHED


def test_a_copy_is_returned_by_the_issuing_organ_through_the_api(secret_copies, clerk):
    record = secret_copies[0]
    clerk.clearance = Classification.SECRET  # the document's rule: 404 below its 密级
    clerk.save(update_fields=["clearance"])
    url = reverse("api:archive_copy_act", args=[record.pk, "return"])

    assert (
        _client(clerk)
        .post(url, {"note": "已清退"}, content_type="application/json")
        .json()["status"]
        == CopyStatus.RETURNED
    )
    assert _client(clerk).post(url, {}, content_type="application/json").status_code == 409


def test_an_abolished_incoming_document_shows_the_mark_on_its_page(cast, archivist):
    doc = cast.advance(cast.receive(), "closed")
    services.document_mark(
        actor=archivist,
        kind="abolish",
        reason="已被2027年通知替代",
        incoming=doc,
        effective_from=date(2027, 1, 1),
    )

    body = _client(cast.clerk).get(doc.get_absolute_url()).content.decode()

    assert "废止" in body and "已被2027年通知替代" in body and "2027年1月1日" in body


def test_the_copy_register_is_opened_and_read_through_the_api(organ_a, organ_b, clerk, outsider):
    document = make_dispatched(organ_a, clerk, classification=Classification.SECRET)
    DispatchRecipient.objects.create(
        document=document,
        organ=organ_b,
        name=organ_b.name,
        kind=DispatchRecipient.Kind.PRIMARY,
        copies=1,
        copy_number_from=1,
        copy_number_to=1,
        dispatched_at=timezone.now(),
    )
    clerk.clearance = Classification.SECRET
    clerk.save(update_fields=["clearance"])
    client = _client(clerk)

    opened = client.post(reverse("api:archive_copy_register", args=[document.pk]))
    listed = client.get(reverse("api:archive_copy_list", args=[document.pk]))
    foreign = _client(outsider).get(reverse("api:archive_copy_list", args=[document.pk]))

    assert opened.status_code == 201
    assert [(c["copy_number"], c["status"]) for c in opened.json()] == [(1, "dispatched")]
    assert [line["to_status"] for line in listed.json()[0]["lines"]] == ["dispatched"]
    assert foreign.status_code == 404  # the register is the issuing organ's, as its document


def test_the_copy_register_is_404_to_a_colleague_without_clearance(organ_a, clerk, director):
    """A role in the issuing organ is not enough: the 份号 register of a 秘密 document shows
    its copies and holders, and is 404 like the document to someone without clearance."""
    document = make_dispatched(organ_a, clerk, classification=Classification.SECRET)
    director.clearance = Classification.NONE
    director.save(update_fields=["clearance"])

    response = _client(director).get(reverse("api:archive_copy_list", args=[document.pk]))

    assert response.status_code == 404
    assert response.json()["message"] == "对象不存在或无权访问"


def test_the_director_marks_an_incoming_document_from_its_page_and_bad_dates_are_messages(cast):
    doc = cast.advance(cast.receive(), "closed")
    client = _client(cast.director)
    url = reverse("archive:mark", args=["incoming", doc.pk])

    page = client.get(doc.get_absolute_url()).content.decode()
    bad = client.post(
        url, {"mark": "abolish", "reason": "替代", "effective_from": "2026-13-40"}, follow=True
    )
    good = client.post(url, {"mark": "revoke", "reason": "来文单位已撤回"}, follow=True)

    assert url in page
    assert "失效日期格式无效" in bad.content.decode()
    assert good.status_code == 200 and "来文单位已撤回" in good.content.decode()
    assert DocumentStatusMark.objects.get(incoming=doc).kind == "revoke"
    assert url not in _client(cast.clerk).get(doc.get_absolute_url()).content.decode()
    assert _client(cast.sender).post(url, {"mark": "revoke", "reason": "x"}).status_code == 404
