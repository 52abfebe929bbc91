"""用印 and 核发: fixed files with digests, recipients, 份号, the receiving clerks told."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.documents.conftest import FAKE_DOCX, FAKE_PDF
from tests.organs.factories import PostFactory
from zhongshu.documents import services
from zhongshu.documents.models import DispatchRecipient, IssuedFile, OutgoingDocument
from zhongshu.flow.models import WorkItem
from zhongshu.lib.errors import ApplicationError
from zhongshu.notifications.models import Notification
from zhongshu.organs.models import Classification, Role

Status = OutgoingDocument.Status


def test_sealing_stores_the_pdf_and_docx_with_their_sha256(cast, stand_ins, organ_a):
    doc = cast.advance(cast.draft(), Status.SEAL)

    files = services.document_seal(document=doc, actor=cast.clerk)

    doc.refresh_from_db()
    assert doc.status == Status.DISPATCH
    by_kind = {f.kind: f for f in files}
    assert by_kind["pdf"].sha256 == hashlib.sha256(FAKE_PDF).hexdigest()
    assert by_kind["docx"].sha256 == hashlib.sha256(FAKE_DOCX).hexdigest()
    assert by_kind["pdf"].sm3 == ""
    with by_kind["pdf"].file.open("rb") as handle:
        assert handle.read() == FAKE_PDF
    rendered = stand_ins["rendered"][-1]
    assert rendered.doc_number == doc.doc_number
    assert stand_ins["seal_images"]["甲市人民政府"] == b"\x89PNG test seal"
    assert rendered.print_date is not None
    assert doc.content["print_date"] == rendered.print_date.isoformat()


def test_sealing_adds_the_sm3_digest_when_enabled(cast, settings):
    settings.DOCUMENTS_SM3 = True
    doc = cast.advance(cast.draft(), Status.SEAL)

    files = services.document_seal(document=doc, actor=cast.clerk)

    assert all(len(f.sm3) == 64 for f in files)


def test_issued_files_never_change(cast):
    doc = cast.advance(cast.draft(), Status.DISPATCH)
    issued = IssuedFile.objects.filter(document=doc).first()

    with pytest.raises(RuntimeError):
        issued.save()
    with pytest.raises(RuntimeError):
        issued.delete()


def test_sealing_is_refused_without_the_organs_seal_image(cast, organ_a):
    doc = cast.advance(cast.draft(), Status.SEAL)
    organ_a.seal = ""
    organ_a.save(update_fields=["seal"])

    with pytest.raises(ApplicationError, match="印章"):
        services.document_seal(document=doc, actor=cast.clerk)
    assert not IssuedFile.objects.exists()


def test_a_typesetting_failure_leaves_no_files_and_the_status_unchanged(cast, monkeypatch):
    from zhongshu.documents import rendering

    doc = cast.advance(cast.draft(), Status.SEAL)

    def broken(model, seal_images=None):
        raise ApplicationError("排版失败：字体缺失", status=422)

    monkeypatch.setattr(rendering, "render", broken)
    with pytest.raises(ApplicationError, match="排版失败"):
        services.document_seal(document=doc, actor=cast.clerk)
    doc.refresh_from_db()
    assert doc.status == Status.SEAL
    assert not IssuedFile.objects.exists()


def test_sealing_is_for_the_office_clerks_only(cast):
    doc = cast.advance(cast.draft(), Status.SEAL)

    with pytest.raises(PermissionDenied, match="用印"):
        services.document_seal(document=doc, actor=cast.drafter)


def test_dispatch_links_recipients_in_the_deployment_and_lands_in_their_inbox(
    cast, organ_b_below_a, outsider
):
    """
    GIVEN a sealed 通知 to 乙县人民政府 (in this deployment) with 抄送 to an outside organ
    WHEN the clerk dispatches it
    THEN there is one recipient line per name, 乙县 linked to its organ and delivered
    AND the document lands in 乙县's inbox (收文) with a 签收 待办 for its clerk, who is notified
    AND 乙县's clerk may now see the outgoing document
    """
    from zhongshu.documents.incoming.models import IncomingDocument

    doc = cast.advance(cast.draft(cc_recipients=["省政府办公厅"]), Status.DISPATCH)

    rows = services.document_dispatch(document=doc, actor=cast.clerk, copies={"乙县人民政府": 3})

    doc.refresh_from_db()
    assert doc.status == Status.DISPATCHED
    assert doc.dispatched_at is not None
    lines = {r.name: r for r in DispatchRecipient.objects.filter(document=doc)}
    assert set(lines) == {"乙县人民政府", "省政府办公厅"}
    assert lines["乙县人民政府"].organ == organ_b_below_a
    assert lines["乙县人民政府"].kind == DispatchRecipient.Kind.PRIMARY
    assert lines["乙县人民政府"].copies == 3
    assert lines["乙县人民政府"].delivered_at is not None
    assert lines["省政府办公厅"].organ is None
    assert lines["省政府办公厅"].kind == DispatchRecipient.Kind.CC
    assert lines["省政府办公厅"].copy_number_from is None
    assert len(rows) == 2
    landed = IncomingDocument.objects.get(dispatch_recipient=lines["乙县人民政府"])
    assert landed.organ == organ_b_below_a
    assert landed.doc_number == doc.doc_number
    assert not IncomingDocument.objects.filter(dispatch_recipient=lines["省政府办公厅"]).exists()
    item = WorkItem.objects.get(assignee=outsider, state=WorkItem.State.OPEN)
    assert item.target == landed
    assert item.action == "签收"
    assert Notification.objects.filter(recipient=outsider, title__contains=doc.title).exists()

    from zhongshu.documents.selectors import document_get_for_user

    assert document_get_for_user(user=outsider, pk=doc.pk) == doc


def test_without_the_receiving_side_the_clerks_get_a_to_read_item_that_viewing_closes(
    cast, organ_b_below_a, outsider, monkeypatch
):
    import importlib

    dispatch_module = importlib.import_module("zhongshu.documents.services.dispatch")
    monkeypatch.setattr(dispatch_module, "_land", lambda *args, **kwargs: None)
    doc = cast.advance(cast.draft(), Status.DISPATCHED)
    item = WorkItem.objects.get(target_id=doc.pk, assignee=outsider)
    assert item.kind == WorkItem.Kind.TO_READ
    assert Notification.objects.filter(recipient=outsider, work_item=item).exists()

    services.document_access_record(document=doc, user=outsider)

    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE


def test_classified_documents_get_copy_number_ranges_and_only_cleared_clerks_are_told(
    cast, organ_b_below_a, outsider
):
    """
    GIVEN a 秘密 document to 乙县 (2 copies) and 丙县 (3 copies)
    AND 乙县's 机要员 is cleared for 秘密 while its 文书 (the outsider) is not
    WHEN it is dispatched
    THEN 乙县 holds 份号 000001—000002 and 丙县 000003—000005
    AND only the cleared 机要员 is told and gets the 签收
    """
    for person in (cast.drafter, cast.dept_head, cast.director, cast.clerk, cast.leader):
        person.clearance = Classification.SECRET
        person.save(update_fields=["clearance"])
    from tests.organs.factories import OrganFactory

    OrganFactory(
        name="丙县人民政府", short_name="丙县政府", parent=cast.drafter.posts.first().organ
    )
    confidential = PostFactory(
        department=outsider.posts.first().department,
        title="机要员",
        holder__full_name="秦机要",
        holder__clearance=Classification.SECRET,
        roles=[Role.CONFIDENTIAL_CLERK],
    ).holder
    doc = cast.advance(
        cast.draft(
            classification="秘密",
            classification_period="1年",
            primary_recipients=["乙县人民政府", "丙县人民政府"],
        ),
        Status.DISPATCH,
    )

    services.document_dispatch(
        document=doc, actor=cast.clerk, copies={"乙县人民政府": 2, "丙县人民政府": 3}
    )

    lines = {r.name: r for r in DispatchRecipient.objects.filter(document=doc)}
    assert lines["乙县人民政府"].copy_range == "000001—000002"
    assert lines["丙县人民政府"].copy_range == "000003—000005"
    told = set(
        Notification.objects.filter(title__contains=doc.title).values_list("recipient", flat=True)
    )
    assert confidential.pk in told
    assert outsider.pk not in told
    signers = set(
        WorkItem.objects.filter(action="签收", state=WorkItem.State.OPEN).values_list(
            "assignee", flat=True
        )
    )
    assert signers == {confidential.pk}


def test_dispatch_refuses_copies_for_a_name_not_among_the_recipients(cast):
    doc = cast.advance(cast.draft(), Status.DISPATCH)

    with pytest.raises(ValidationError, match="不在主送或抄送中"):
        services.document_dispatch(document=doc, actor=cast.clerk, copies={"丁县人民政府": 1})
    doc.refresh_from_db()
    assert doc.status == Status.DISPATCH
    assert not DispatchRecipient.objects.exists()


def test_dispatch_refuses_a_bad_copy_count(cast):
    doc = cast.advance(cast.draft(), Status.DISPATCH)

    with pytest.raises(ValidationError, match="份数"):
        services.document_dispatch(document=doc, actor=cast.clerk, copies={"乙县人民政府": 0})


def test_dispatch_twice_is_refused(cast):
    doc = cast.advance(cast.draft(), Status.DISPATCHED)

    with pytest.raises(PermissionDenied):
        services.document_dispatch(document=doc, actor=cast.clerk)
