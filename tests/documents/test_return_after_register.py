"""退回 after 登记: from 用印 and 核发, before dispatch, to a step passed in this round.

The return voids the number in the same act (kept in the register with its reason, never given
again), the sealed files stop being current (stored, never changed), and the route runs forward
again: the document is numbered and sealed anew. Once dispatched, no return: a correction
document is the way.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhongshu.audit.models import AuditEvent
from zhongshu.documents import services
from zhongshu.documents.models import (
    DocNumber,
    DocumentStep,
    IssuedFile,
    OutgoingDocument,
)
from zhongshu.documents.selectors import number_register
from zhongshu.flow.models import Sequence, WorkItem
from zhongshu.lib.errors import ApplicationError

Status = OutgoingDocument.Status


def _open_items(doc, **filters):
    return WorkItem.objects.filter(
        target_id=doc.pk, module=WorkItem.Module.DOCUMENTS, state=WorkItem.State.OPEN, **filters
    )


def test_the_return_targets_at_seal_are_the_steps_passed_in_this_round_up_to_registration(cast):
    doc = cast.advance(cast.draft(), Status.SEAL)

    assert services.return_targets(doc) == [
        Status.DRAFT,
        Status.REVIEW,
        Status.AUDIT,
        Status.SIGN_OFF,
        Status.RECHECK,
        Status.REGISTER,
    ]


def test_at_dispatch_the_seal_is_no_target_since_the_number_is_voided_with_the_return(cast):
    doc = cast.advance(cast.draft(), Status.DISPATCH)

    targets = services.return_targets(doc)

    assert Status.SEAL not in targets
    assert targets[-1] == Status.REGISTER
    with pytest.raises(ApplicationError, match="只能退回到本轮已经办理过的环节"):
        services.route_return(document=doc, actor=cast.clerk, to_status=Status.SEAL, reason="重印")


def test_a_return_from_seal_to_the_drafter_voids_the_number_and_starts_a_new_round(cast):
    """GIVEN a registered document waiting for 用印
    WHEN the clerk returns it to 拟稿 with a reason
    THEN the number is voided with that reason, the document has no number and no signature,
    the drafter holds it in a new round, and the clerks' 用印 items are cancelled."""
    doc = cast.advance(cast.draft(), Status.SEAL)
    number_text = doc.doc_number

    services.route_return(
        document=doc, actor=cast.clerk, to_status=Status.DRAFT, reason="正文数字有误"
    )

    doc.refresh_from_db()
    number = DocNumber.objects.get(document=doc)
    assert number.is_void is True
    assert number.voided_by == cast.clerk
    assert "正文数字有误" in number.void_reason
    assert "拟稿" in number.void_reason
    assert doc.status == Status.DRAFT
    assert doc.round == 2
    assert doc.current_handler == cast.drafter
    assert doc.doc_number == ""
    assert doc.content["doc_number"] == ""
    assert doc.signer is None
    assert doc.signed_on is None
    assert doc.content["date"] is None
    assert not _open_items(doc, action="用印").exists()
    assert _open_items(doc, action="拟稿修改", assignee=cast.drafter).exists()
    step = doc.steps.order_by("-at", "-id").first()
    assert step.decision == DocumentStep.Decision.RETURN
    assert step.extra["voided_number"] == number_text
    event = AuditEvent.objects.filter(action="outgoing_return").latest("id")
    assert event.extra["voided_number"] == number_text


def test_after_the_return_the_route_runs_again_and_the_next_number_is_new(cast):
    doc = cast.advance(cast.draft(), Status.SEAL)
    first = DocNumber.objects.get(document=doc)
    services.route_return(document=doc, actor=cast.clerk, to_status=Status.DRAFT, reason="修改")
    doc.refresh_from_db()

    cast.advance(doc, Status.DISPATCHED)

    numbers = list(DocNumber.objects.filter(document=doc).order_by("seq"))
    assert [(n.seq, n.is_void) for n in numbers] == [(first.seq, True), (first.seq + 1, False)]
    assert Sequence.objects.get(kind=Sequence.Kind.DOC_NUMBER, key="甲政").last == first.seq + 1
    assert doc.doc_number == numbers[1].text


def test_a_return_to_sign_off_goes_to_the_signer_and_withdraws_the_signature(cast):
    doc = cast.advance(cast.draft(), Status.SEAL)

    services.route_return(
        document=doc, actor=cast.clerk, to_status=Status.SIGN_OFF, reason="请领导再阅"
    )

    doc.refresh_from_db()
    assert doc.status == Status.SIGN_OFF
    assert doc.current_handler == cast.leader
    assert doc.signer is None
    assert doc.doc_number == ""
    assert _open_items(doc, action="签发", assignee=cast.leader).exists()
    services.document_sign_off(document=doc, actor=cast.leader, opinion="同意")
    doc.refresh_from_db()
    assert doc.status == Status.RECHECK


def test_a_return_to_recheck_keeps_the_signature(cast):
    doc = cast.advance(cast.draft(), Status.SEAL)

    services.route_return(document=doc, actor=cast.clerk, to_status=Status.RECHECK, reason="再核")

    doc.refresh_from_db()
    assert doc.status == Status.RECHECK
    assert doc.current_handler == cast.director
    assert doc.signer == cast.leader
    assert doc.signed_on is not None
    services.document_recheck(document=doc, actor=cast.director)
    doc.refresh_from_db()
    assert doc.status == Status.REGISTER


def test_a_return_to_registration_goes_to_the_office_pool_for_a_new_number(cast):
    doc = cast.advance(cast.draft(), Status.DISPATCH)
    old = doc.doc_number

    services.route_return(
        document=doc, actor=cast.clerk, to_status=Status.REGISTER, reason="机关代字用错"
    )

    doc.refresh_from_db()
    assert doc.status == Status.REGISTER
    assert doc.current_handler is None
    assert doc.doc_number == ""
    assert _open_items(doc, action="登记编号").exists()
    number = services.document_register(document=doc, actor=cast.clerk)
    assert number.text != old


def test_the_sealed_files_stay_stored_but_stop_being_current(cast, client):
    """GIVEN a sealed document waiting for 核发
    WHEN it is returned and then numbered and sealed again
    THEN the first files are still stored, unchanged, under the voided number, while the page,
    the download and the API offer only the new ones."""
    doc = cast.advance(cast.draft(), Status.DISPATCH)
    first_files = {f.pk: (f.sha256, f.file.name) for f in doc.files.all()}
    assert len(first_files) == 2

    services.route_return(document=doc, actor=cast.clerk, to_status=Status.REGISTER, reason="重编")
    doc.refresh_from_db()

    assert not doc.current_files.exists()
    assert IssuedFile.objects.filter(document=doc).count() == 2
    client.force_login(cast.clerk)
    assert client.get(f"/documents/{doc.pk}/files/pdf/").status_code == 403

    cast.advance(doc, Status.DISPATCH)

    kept = {f.pk: (f.sha256, f.file.name) for f in IssuedFile.objects.filter(pk__in=first_files)}
    assert kept == first_files
    for issued in IssuedFile.objects.filter(pk__in=first_files):
        assert issued.number.is_void is True
        assert issued.file.storage.exists(issued.file.name)
    current = list(doc.current_files)
    assert len(current) == 2
    assert {f.number.text for f in current} == {doc.doc_number}
    assert not set(first_files) & {f.pk for f in current}
    response = client.get(f"/documents/{doc.pk}/")
    text = response.content.decode()
    new_pdf = next(f for f in current if f.kind == IssuedFile.Kind.PDF)
    old_pdf = IssuedFile.objects.get(pk__in=first_files, kind=IssuedFile.Kind.PDF)
    assert new_pdf.sha256 in text
    if old_pdf.sha256 != new_pdf.sha256:
        assert old_pdf.sha256 not in text
    api = client.get(f"/api/documents/{doc.pk}").json()
    assert [f["kind"] for f in api["files"]] == ["docx", "pdf"]
    assert IssuedFile.objects.filter(document=doc, kind="pdf").first() == new_pdf


def test_a_return_is_refused_without_a_reason_and_the_number_stays(cast):
    doc = cast.advance(cast.draft(), Status.SEAL)

    with pytest.raises(ValidationError, match="退回须说明理由"):
        services.route_return(document=doc, actor=cast.clerk, to_status=Status.DRAFT, reason=" ")

    assert DocNumber.objects.get(document=doc).is_void is False
    doc.refresh_from_db()
    assert doc.status == Status.SEAL


def test_a_return_to_a_step_never_passed_leaves_everything_as_it_was(cast):
    doc = cast.advance(cast.draft(), Status.SEAL)

    with pytest.raises(ApplicationError):
        services.route_return(
            document=doc, actor=cast.clerk, to_status=Status.COUNTERSIGN, reason="补会签"
        )

    doc.refresh_from_db()
    assert doc.status == Status.SEAL
    assert doc.doc_number
    assert DocNumber.objects.get(document=doc).is_void is False


def test_only_the_office_may_return_at_seal_and_dispatch(cast, outsider):
    doc = cast.advance(cast.draft(), Status.SEAL)

    for person in (cast.drafter, cast.leader, cast.dept_head, outsider):
        with pytest.raises(PermissionDenied):
            services.route_return(document=doc, actor=person, to_status=Status.DRAFT, reason="x")

    assert DocNumber.objects.get(document=doc).is_void is False


def test_no_return_after_dispatch_and_the_message_points_to_a_correction(cast, client):
    doc = cast.advance(cast.draft(), Status.DISPATCHED)

    with pytest.raises(PermissionDenied, match="更正文件"):
        services.route_return(document=doc, actor=cast.clerk, to_status=Status.DRAFT, reason="x")
    client.force_login(cast.clerk)
    response = client.post(
        f"/api/documents/{doc.pk}/return", {"to_status": "draft", "reason": "x"}, "application/json"
    )
    assert response.status_code == 403
    assert "更正文件" in response.json()["message"]
    assert DocNumber.objects.get(document=doc).is_void is False


def test_voiding_the_number_still_sends_the_document_back_to_registration(cast):
    doc = cast.advance(cast.draft(), Status.SEAL)

    services.number_void(document=doc, actor=cast.clerk, reason="年份有误")
    doc.refresh_from_db()

    assert doc.status == Status.REGISTER
    assert services.return_targets(doc) == []
    services.document_register(document=doc, actor=cast.clerk)
    doc.refresh_from_db()
    assert services.return_targets(doc)[-1] == Status.REGISTER


def test_the_register_shows_the_voided_number_with_its_reason(cast, client):
    doc = cast.advance(cast.draft(), Status.SEAL)
    number = DocNumber.objects.get(document=doc)
    services.route_return(document=doc, actor=cast.clerk, to_status=Status.DRAFT, reason="标题有误")

    rows = list(number_register(user=cast.clerk, organ_id=doc.organ_id, year=number.year))
    client.force_login(cast.clerk)
    text = client.get(f"/documents/numbers/?year={number.year}").content.decode()

    assert [(r.seq, r.is_void) for r in rows] == [(number.seq, True)]
    assert number.text in text
    assert "已作废" in text
    assert "标题有误" in text


def test_the_page_offers_the_return_at_seal_and_the_clerk_returns_over_http(cast, client):
    doc = cast.advance(cast.draft(), Status.SEAL)
    client.force_login(cast.clerk)

    page = client.get(f"/documents/{doc.pk}/").content.decode()
    assert f'action="/documents/{doc.pk}/act/return/"' in page
    response = client.post(
        f"/documents/{doc.pk}/act/return/", {"to_status": "sign_off", "reason": "请领导再阅"}
    )

    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.SIGN_OFF
    assert DocNumber.objects.get(document=doc).is_void is True


def test_the_api_returns_from_dispatch_and_reports_the_new_state(cast, client):
    doc = cast.advance(cast.draft(), Status.DISPATCH)
    client.force_login(cast.clerk)

    response = client.post(
        f"/api/documents/{doc.pk}/return",
        {"to_status": "draft", "reason": "附件缺页"},
        "application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "draft"
    assert body["doc_number"] == ""
    assert body["files"] == []


def test_the_print_date_set_at_seal_is_cleared_by_the_return_and_set_again(cast):
    doc = cast.advance(cast.draft(), Status.DISPATCH)
    assert doc.content["print_date"] is not None

    services.route_return(document=doc, actor=cast.clerk, to_status=Status.REGISTER, reason="重编")

    doc.refresh_from_db()
    assert doc.content["print_date"] is None
    cast.advance(doc, Status.DISPATCH)
    assert doc.content["print_date"] is not None


def test_a_print_date_the_drafter_wrote_stays(cast):
    doc = cast.advance(cast.draft(print_date="2026-03-01"), Status.DISPATCH)

    services.route_return(document=doc, actor=cast.clerk, to_status=Status.REGISTER, reason="重编")

    doc.refresh_from_db()
    assert doc.content["print_date"] == "2026-03-01"
