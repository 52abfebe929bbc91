"""签收 and 拒收 (第二十四条(一)); paper registration; what the sender sees."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from tests.incoming.conftest import make_outgoing, make_recipient
from zhongshu.audit.models import AuditEvent
from zhongshu.documents.incoming import selectors, services
from zhongshu.documents.incoming.models import IncomingDocument, IncomingStep
from zhongshu.flow.models import WorkItem
from zhongshu.lib.errors import ApplicationError
from zhongshu.notifications.models import Notification
from zhongshu.organs.models import Classification

Status = IncomingDocument.Status


def _open_items(document, action=None):
    qs = WorkItem.objects.filter(target_id=document.pk, state=WorkItem.State.OPEN)
    qs = qs.filter(target_type__model="incomingdocument")
    return qs.filter(action=action) if action else qs


def test_a_dispatch_lands_pending_in_the_receiving_organ_with_a_todo_for_its_clerk(cast):
    doc = cast.receive()

    assert doc.status == Status.PENDING
    assert doc.organ == cast.organ
    assert doc.sender_name == "乙县人民政府"
    assert doc.doc_number == "乙政〔2026〕3号"
    assert doc.copies == 2
    assert doc.content["doc_type"] == "通知"
    items = list(_open_items(doc, "签收"))
    assert [i.assignee for i in items] == [cast.clerk]
    assert items[0].deadline is not None
    assert doc.steps.get().action == IncomingStep.Action.RECEIVE
    assert AuditEvent.objects.filter(action="incoming_receive").count() == 1


def test_receiving_the_same_dispatch_line_twice_lands_it_once(cast):
    outgoing = make_outgoing(cast.sender)
    recipient = make_recipient(outgoing, cast.organ)

    first = services.incoming_receive_dispatch(recipient=recipient)
    second = services.incoming_receive_dispatch(recipient=recipient)

    assert first.pk == second.pk
    assert IncomingDocument.objects.count() == 1


def test_a_recipient_outside_the_deployment_cannot_land(cast):
    outgoing = make_outgoing(cast.sender)
    recipient = make_recipient(outgoing, cast.organ)
    recipient.organ = None

    with pytest.raises(ValidationError, match="纸质来文"):
        services.incoming_receive_dispatch(recipient=recipient)


def test_an_urgent_dispatch_gets_a_shorter_acknowledge_deadline(cast):
    ordinary = cast.receive()
    urgent = cast.receive(urgency="extra_urgent")

    [a] = _open_items(ordinary, "签收")
    [b] = _open_items(urgent, "签收")
    assert b.urgent is True
    assert b.deadline - b.created_at < a.deadline - a.created_at


def test_acknowledging_records_signer_time_and_copies_and_the_sender_sees_them(cast):
    """
    GIVEN a document dispatched by organ B to organ A, waiting for 签收
    WHEN A's clerk signs for the two copies
    THEN the item is ACKNOWLEDGED by the clerk, the 签收 待办 is done, a 登记 待办 is open,
    AND B's dispatch line carries the delivery time and the signer
    """
    doc = cast.receive()

    services.incoming_acknowledge(document=doc, actor=cast.clerk, copies=2)

    doc.refresh_from_db()
    assert doc.status == Status.ACKNOWLEDGED
    assert doc.acknowledged_by == cast.clerk
    assert doc.acknowledged_copies == 2
    assert not _open_items(doc, "签收").exists()
    assert _open_items(doc, "收文登记").get().assignee == cast.clerk
    recipient = doc.dispatch_recipient
    recipient.refresh_from_db()
    assert recipient.delivered_at == doc.acknowledged_at
    assert recipient.incoming.acknowledged_by == cast.clerk


def test_a_copy_count_that_differs_must_be_explained(cast):
    doc = cast.receive()

    with pytest.raises(ValidationError, match="不符"):
        services.incoming_acknowledge(document=doc, actor=cast.clerk, copies=1)
    doc.refresh_from_db()
    assert doc.status == Status.PENDING

    services.incoming_acknowledge(
        document=doc, actor=cast.clerk, copies=1, note="缺一份，已电话告知"
    )
    doc.refresh_from_db()
    assert doc.acknowledged_copies == 1
    assert doc.steps.last().opinion == "缺一份，已电话告知"


def test_a_bad_copy_count_is_a_clear_error(cast):
    doc = cast.receive()

    with pytest.raises(ValidationError, match="整数"):
        services.incoming_acknowledge(document=doc, actor=cast.clerk, copies="两份")


def test_acknowledging_twice_is_refused(cast):
    doc = cast.receive()
    services.incoming_acknowledge(document=doc, actor=cast.clerk)

    with pytest.raises(PermissionDenied):
        services.incoming_acknowledge(document=doc, actor=cast.clerk)


def test_only_the_receiving_office_may_acknowledge(cast, head_general):
    doc = cast.receive()

    with pytest.raises(PermissionDenied):
        services.incoming_acknowledge(document=doc, actor=cast.sender)
    with pytest.raises(PermissionDenied):
        services.incoming_acknowledge(document=doc, actor=head_general)


def test_refusing_needs_a_reason_and_tells_the_sender(cast):
    """
    GIVEN a document sent to organ A by mistake
    WHEN A's clerk refuses it with a reason
    THEN it is REFUSED with the reason, the 签收 待办 is cancelled,
    AND the sender's clerk is notified and sees the refusal on the dispatch line
    """
    doc = cast.receive()
    with pytest.raises(ValidationError, match="理由"):
        services.incoming_refuse(document=doc, actor=cast.clerk, reason="  ")

    services.incoming_refuse(document=doc, actor=cast.clerk, reason="非本机关主管事项")

    doc.refresh_from_db()
    assert doc.status == Status.REFUSED
    assert doc.reason == "非本机关主管事项"
    assert not _open_items(doc).exists()
    note = Notification.objects.get(recipient=cast.sender)
    assert "拒收" in note.title
    assert "非本机关主管事项" in note.body
    assert doc.dispatch_recipient.incoming.status == Status.REFUSED


def test_a_refused_document_cannot_be_acknowledged(cast):
    doc = cast.receive()
    services.incoming_refuse(document=doc, actor=cast.clerk, reason="错投")

    with pytest.raises(PermissionDenied):
        services.incoming_acknowledge(document=doc, actor=cast.clerk)


def test_a_classified_dispatch_reaches_only_cleared_clerks(cast, clerk):
    doc = cast.receive(classification=Classification.SECRET)

    assert not _open_items(doc).exists()
    with pytest.raises(Http404):
        selectors.incoming_get_for_user(user=clerk, pk=doc.pk)

    clerk.clearance = Classification.SECRET
    clerk.save(update_fields=["clearance"])
    assert selectors.incoming_get_for_user(user=clerk, pk=doc.pk) == doc


def test_a_paper_document_is_registered_with_its_elements_and_scan(cast):
    scan = SimpleUploadedFile("来文.pdf", b"%PDF-1.4 scan", content_type="application/pdf")

    doc = services.incoming_register_external(
        organ=cast.organ,
        actor=cast.clerk,
        sender_name="省交通运输厅",
        title="关于开展道路安全检查的通知",
        doc_number="皖交〔2026〕8号",
        doc_type="通知",
        copies=3,
        scan=scan,
    )

    doc.refresh_from_db()
    assert doc.source == IncomingDocument.Source.EXTERNAL
    assert doc.status == Status.ACKNOWLEDGED
    assert doc.acknowledged_by == cast.clerk
    assert doc.dispatch_recipient is None
    assert len(doc.scan_sha256) == 64
    with doc.scan.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 scan"
    assert _open_items(doc, "收文登记").get().assignee == cast.clerk


def test_paper_registration_reports_every_bad_field_and_writes_nothing(cast):
    scan = SimpleUploadedFile("来文.exe", b"MZ", content_type="application/octet-stream")

    with pytest.raises(ValidationError) as info:
        services.incoming_register_external(
            organ=cast.organ,
            actor=cast.clerk,
            sender_name="",
            title="",
            copies=0,
            classification=Classification.SECRET,
            scan=scan,
        )

    fields = info.value.message_dict
    assert set(fields) >= {"sender_name", "title", "copies", "classification", "scan"}
    assert IncomingDocument.objects.count() == 0


def test_paper_registration_is_for_the_organs_office_only(cast, head_general):
    with pytest.raises(PermissionDenied):
        services.incoming_register_external(
            organ=cast.organ, actor=head_general, sender_name="省厅", title="来文"
        )
    with pytest.raises(PermissionDenied):
        services.incoming_register_external(
            organ=cast.organ, actor=cast.sender, sender_name="省厅", title="来文"
        )


def test_a_transition_not_in_the_graph_is_refused_by_the_helper(cast):
    from zhongshu.documents.incoming.services._common import StepAction, incoming_flow

    doc = cast.receive()
    with pytest.raises(ApplicationError, match="不能转为"):
        incoming_flow.move(doc, to_status=Status.CLOSED, action=StepAction.CLOSE, actor=cast.clerk)


def test_a_stale_copy_cannot_overwrite_a_newer_status(cast):
    from zhongshu.documents.incoming.services._common import StepAction, incoming_flow

    doc = cast.receive()
    stale = IncomingDocument.objects.get(pk=doc.pk)
    services.incoming_acknowledge(document=doc, actor=cast.clerk)

    with pytest.raises(ApplicationError, match="已被他人处理"):
        incoming_flow.move(
            stale, to_status=Status.REFUSED, action=StepAction.REFUSE, actor=cast.clerk, reason="x"
        )
