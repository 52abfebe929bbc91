"""What the sender sees of its dispatch, and what the workbench and the flow scan do with 收文."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from zhongshu.documents.incoming import selectors, services
from zhongshu.documents.incoming.models import IncomingDocument, IncomingStep
from zhongshu.documents.models import RECEIVE_ACTION
from zhongshu.flow.models import WorkItem
from zhongshu.flow.scan import flow_scan
from zhongshu.flow.services import workitem_create
from zhongshu.notifications.models import Notification

Status = IncomingDocument.Status


def test_the_sender_sees_per_recipient_who_signed_when_refusals_and_replies(cast, organ_b):
    """
    GIVEN a dispatch of organ B to organ A
    WHEN A signs for it, handles it and replies
    THEN B's view of the dispatch shows A's signer and time, and the reply, not A's routing
    """
    doc = cast.receive()
    outgoing = doc.dispatch_recipient.document
    before = selectors.dispatch_receipts(document=outgoing)
    assert before[0]["landed"] is True and before[0]["acknowledged_by"] is None

    doc = cast.advance(doc, Status.CLOSED)
    services.incoming_reply(document=doc, actor=cast.clerk, text="已办理")

    [row] = selectors.dispatch_receipts(document=outgoing)
    assert row["acknowledged_by"] == cast.clerk
    assert row["acknowledged_at"] == doc.acknowledged_at
    assert row["acknowledged_copies"] == 2
    assert [r["text"] for r in row["replies"]] == ["已办理"]
    assert row["state"] == selectors.ReceiptState.REPLIED
    assert set(row) == {
        "recipient",
        "state",
        "state_label",
        "landed",
        "status",
        "status_label",
        "acknowledged_by",
        "acknowledged_at",
        "acknowledged_copies",
        "reason",
        "replies",
    }


def test_the_sender_sees_a_refusal_with_its_reason(cast):
    doc = cast.receive()
    services.incoming_refuse(document=doc, actor=cast.clerk, reason="错投")

    [row] = selectors.dispatch_receipts(document=doc.dispatch_recipient.document)

    assert row["status"] == Status.REFUSED
    assert row["reason"] == "错投"


def test_signing_for_it_ends_the_dispatch_notices_of_the_organs_clerks(cast, office_a):
    """
    GIVEN the 核发 gave A's clerk and director a 待阅 "收文" on the outgoing document
    WHEN the clerk signs for the organ
    THEN the clerk's notice is done, the director's withdrawn; notices of other organs stay
    """
    doc = cast.receive()
    outgoing = doc.dispatch_recipient.document

    def notice(person, organ):
        return workitem_create(
            assignee=person,
            kind=WorkItem.Kind.TO_READ,
            module=WorkItem.Module.DOCUMENTS,
            action=RECEIVE_ACTION,
            title=outgoing.title,
            target=outgoing,
            organ=organ,
        )

    mine, colleague, elsewhere = (
        notice(cast.clerk, cast.organ),
        notice(cast.director, cast.organ),
        notice(cast.sender, cast.sender.posts.first().department.organ),
    )

    services.incoming_acknowledge(document=doc, actor=cast.clerk)

    for item in (mine, colleague, elsewhere):
        item.refresh_from_db()
    assert mine.state == WorkItem.State.DONE
    assert colleague.state == WorkItem.State.CANCELLED
    assert elsewhere.state == WorkItem.State.OPEN


def test_an_unsigned_document_is_reminded_then_escalated_by_the_flow_scan(cast):
    """
    GIVEN a document waiting for 签收 (a three-day step)
    WHEN the scan runs near the deadline and again after it
    THEN the clerk is reminded first, and the clerk's supervisor (the director) is told after
    """
    doc = cast.receive()
    [item] = WorkItem.objects.filter(target_id=doc.pk, action="签收")

    with time_machine.travel(item.deadline - timedelta(hours=1)):
        first = flow_scan()
    with time_machine.travel(item.deadline + timedelta(hours=1)):
        second = flow_scan()

    assert first.reminded >= 1
    assert second.escalated >= 1
    assert Notification.objects.filter(recipient=cast.clerk).exists()
    assert Notification.objects.filter(recipient=cast.director).exists()


def test_the_inbox_query_count_does_not_grow_with_the_items(cast):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(cast.clerk)
    cast.receive()
    client.get(reverse("incoming:inbox"))  # warm the session and caches

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("incoming:inbox"))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for _ in range(5):
        cast.receive()
    assert count() == one
    assert one <= 22  # the page, its counts, and three reads of what became of its rows


def test_slip_rows_are_append_only(cast):
    step = cast.receive().steps.get()

    step.opinion = "改写"
    import pytest

    with pytest.raises(RuntimeError, match="append-only"):
        step.save()
    with pytest.raises(RuntimeError, match="append-only"):
        step.delete()
    assert IncomingStep.objects.get(pk=step.pk).opinion == ""


def test_every_status_is_in_the_transition_table_and_terminals_lead_nowhere():
    from zhongshu.documents.incoming.models import TERMINAL_STATUSES, TRANSITIONS

    assert set(TRANSITIONS) == set(Status.values)
    for status in TERMINAL_STATUSES:
        assert TRANSITIONS[status] == frozenset()
    reachable = {Status.PENDING, Status.ACKNOWLEDGED}
    frontier = set(reachable)
    while frontier:
        frontier = {t for s in frontier for t in TRANSITIONS[s]} - reachable
        reachable |= frontier
    assert reachable == set(Status.values)


def test_deadlines_are_aware_and_in_the_future(cast):
    doc = cast.receive()
    item = WorkItem.objects.get(target_id=doc.pk, action="签收")

    assert timezone.is_aware(item.deadline)
    assert item.deadline > timezone.now()


def test_the_senders_receipts_page_shows_each_recipients_state_and_is_404_for_the_receiver(cast):
    from django.test import Client
    from django.urls import reverse

    doc = cast.receive()
    services.incoming_refuse(document=doc, actor=cast.clerk, reason="非本机关主管事项")
    url = reverse("incoming:receipts", args=[doc.dispatch_recipient.document_id])
    sender, receiver = Client(), Client()
    sender.force_login(cast.sender)
    receiver.force_login(cast.clerk)

    response = sender.get(url)

    body = response.content.decode()
    assert response.status_code == 200
    assert "甲市人民政府" in body and "已拒收" in body and "非本机关主管事项" in body
    assert receiver.get(url).status_code == 404
