"""发文 核发 → 收文: the sender's dispatch service lands the document here (one transaction)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.incoming.conftest import content
from zhongshu.documents import services as outgoing_services
from zhongshu.documents.incoming import selectors, services
from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.documents.models import DispatchRecipient, OutgoingDocument
from zhongshu.flow.models import WorkItem


def _ready_to_dispatch(sender, **overrides) -> OutgoingDocument:
    """A document of the sender's organ waiting at 核发 (its earlier route has its own tests)."""
    post = sender.posts.first()
    data = content(**overrides)
    return OutgoingDocument.objects.create(
        organ=post.department.organ,
        department=post.department,
        drafter=sender,
        content=data,
        title=data["title"],
        doc_type=data["doc_type"],
        status=OutgoingDocument.Status.DISPATCH,
        doc_number=data["doc_number"],
        signed_on=timezone.localdate(),
    )


def test_a_dispatch_lands_in_the_receiving_inbox_and_the_sender_sees_the_signature(cast):
    """
    GIVEN organ B's document to 甲市人民政府 (主送) and to a paper recipient (抄送), at 核发
    WHEN B's clerk dispatches it through the 发文 service
    THEN one PENDING item lands in organ A with a 签收 待办 for A's clerk (the paper line not),
    AND after A's clerk signs for it, B's view of the dispatch shows who signed and when
    """
    outgoing = _ready_to_dispatch(cast.sender, cc_recipients=["省交通运输厅"])

    outgoing_services.document_dispatch(document=outgoing, actor=cast.sender)

    [incoming] = IncomingDocument.objects.all()
    assert incoming.organ == cast.organ
    assert incoming.status == IncomingDocument.Status.PENDING
    assert incoming.dispatch_recipient.document == outgoing
    assert WorkItem.objects.get(target_id=incoming.pk, action="签收").assignee == cast.clerk
    assert selectors.incoming_box_counts(user=cast.clerk)["pending"] == 1

    services.incoming_acknowledge(document=incoming, actor=cast.clerk)

    rows = {r["recipient"].name: r for r in selectors.dispatch_receipts(document=outgoing)}
    assert rows["甲市人民政府"]["acknowledged_by"] == cast.clerk
    assert rows["甲市人民政府"]["acknowledged_at"] is not None
    assert rows["省交通运输厅"]["landed"] is False
    recipient = DispatchRecipient.objects.get(name="甲市人民政府")
    assert recipient.delivered_at == IncomingDocument.objects.get().acknowledged_at


def test_the_receiving_clerks_notice_of_a_dispatch_leads_to_the_landed_incoming_page(cast):
    """The 来文 notice opens the organ's 收文 (签收 is done there), not the sender's page."""
    from zhongshu.notifications.models import Notification

    outgoing = _ready_to_dispatch(cast.sender)

    outgoing_services.document_dispatch(document=outgoing, actor=cast.sender)

    incoming = IncomingDocument.objects.get()
    notice = Notification.objects.get(recipient=cast.clerk, title__startswith="来文：")
    assert notice.url == incoming.get_absolute_url()


def test_the_dispatch_and_its_landing_commit_together(cast, monkeypatch):
    """
    GIVEN a document at 核发
    WHEN landing it in the receiving inbox fails
    THEN the dispatch fails with it: no recipient line, no status change, nothing half-written
    """
    outgoing = _ready_to_dispatch(cast.sender)

    def broken(**kwargs):
        raise RuntimeError("inbox unavailable")

    monkeypatch.setattr(services, "incoming_receive_dispatch", broken)
    with pytest.raises(RuntimeError, match="inbox unavailable"):
        outgoing_services.document_dispatch(document=outgoing, actor=cast.sender)

    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingDocument.Status.DISPATCH
    assert not DispatchRecipient.objects.exists()
    assert not IncomingDocument.objects.exists()


def test_the_full_route_from_dispatch_to_reply_reaches_the_sender(cast):
    """
    GIVEN a document dispatched from organ B to organ A through the 发文 service
    WHEN A runs it through 签收 … 办结 and replies
    THEN B's dispatch line carries the reply
    """
    outgoing = _ready_to_dispatch(cast.sender)
    outgoing_services.document_dispatch(document=outgoing, actor=cast.sender)
    incoming = IncomingDocument.objects.get()

    incoming = cast.advance(incoming, IncomingDocument.Status.CLOSED)
    services.incoming_reply(document=incoming, actor=cast.clerk, text="已部署落实")

    [row] = selectors.dispatch_receipts(document=outgoing)
    assert row["status"] == IncomingDocument.Status.CLOSED
    assert [r["text"] for r in row["replies"]] == ["已部署落实"]
