"""签收 is chased after ``ACKNOWLEDGE_HOURS`` (issue 5): the deadline of the 签收 work items is
configurable, urgent documents keep their shorter allowance, and the flow scan chases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.test import Client
from django.urls import reverse

from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.flow.models import WorkItem
from zhongshu.flow.scan import flow_scan
from zhongshu.notifications.models import Notification

START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _acknowledge_item(doc: IncomingDocument) -> WorkItem:
    return WorkItem.objects.get(target_id=doc.pk, action="签收", state=WorkItem.State.OPEN)


def test_the_acknowledge_deadline_follows_the_configured_hours(cast, settings):
    settings.ACKNOWLEDGE_HOURS = 30
    with time_machine.travel(START, tick=False):
        doc = cast.receive()

    assert _acknowledge_item(doc).deadline == START + timedelta(hours=30)


def test_an_urgent_document_keeps_the_shorter_of_the_setting_and_its_urgency(cast, settings):
    settings.ACKNOWLEDGE_HOURS = 72
    with time_machine.travel(START, tick=False):
        extra_urgent = cast.receive(urgency=IncomingDocument.Urgency.EXTRA_URGENT)
        settings.ACKNOWLEDGE_HOURS = 2
        urgent = cast.receive(urgency=IncomingDocument.Urgency.URGENT, doc_number="乙政〔2026〕4号")

    assert _acknowledge_item(extra_urgent).deadline == START + timedelta(hours=4)
    assert _acknowledge_item(urgent).deadline == START + timedelta(hours=2)


def test_an_unsigned_document_is_chased_after_the_configured_hours_and_shows_unsigned(
    cast, settings
):
    """
    GIVEN ACKNOWLEDGE_HOURS = 6 and a document dispatched to organ A at 09:00
    WHEN nobody signs and the flow scan runs at 15:01
    THEN the clerk is reminded, the clerk's supervisor (the office director) is told,
    AND the sender's receipts page still shows organ A as 待签收 with no signature
    """
    settings.ACKNOWLEDGE_HOURS = 6
    settings.REMIND_BEFORE_HOURS = 1
    with time_machine.travel(START, tick=False):
        doc = cast.receive()
    with time_machine.travel(START + timedelta(hours=4), tick=False):
        early = flow_scan()

    with time_machine.travel(START + timedelta(hours=6, minutes=1), tick=False):
        result = flow_scan()

    assert early.reminded == 0 and early.escalated == 0
    assert result.reminded == 1 and result.escalated == 1
    assert Notification.objects.filter(recipient=cast.clerk, title__contains="已超期").exists()
    assert Notification.objects.filter(recipient=cast.director, title__contains="超期督促").exists()
    doc.refresh_from_db()
    assert doc.status == IncomingDocument.Status.PENDING
    client = Client()
    client.force_login(cast.sender)
    response = client.get(reverse("incoming:receipts", args=[doc.dispatch_recipient.document_id]))
    body = response.content.decode()
    assert response.status_code == 200
    row = body[body.index('data-recipient="甲市人民政府"') :]
    row = row[: row.index("</tr>")]
    assert "待签收" in row
    assert "<td>—</td>" in row  # nobody has signed
