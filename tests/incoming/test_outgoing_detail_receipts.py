"""The 发文 page shows the sender where each recipient stands (issue 6), its 撤销/废止 marks,
and the mark form for the office director or the archivist."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from tests.incoming.conftest import make_recipient
from tests.organs.factories import DepartmentFactory, OrganFactory, PostFactory
from zhongshu.documents.archive.models import DocumentStatusMark
from zhongshu.documents.incoming import selectors, services
from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.organs.models import Role

Status = IncomingDocument.Status


def _organ_with_clerk(name: str):
    organ = OrganFactory(name=name)
    office = DepartmentFactory(organ=organ, name="办公室", is_office=True)
    clerk = PostFactory(department=office, title="文书", roles=[Role.CLERK]).holder
    return organ, clerk


def _land(outgoing, organ) -> IncomingDocument:
    return services.incoming_receive_dispatch(
        recipient=make_recipient(outgoing, organ), actor=outgoing.drafter
    )


def _row(body: str, name: str) -> str:
    start = body.index(f'data-recipient="{name}"')
    return body[start : body.index("</li>", start)]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_outgoing_page_shows_each_recipients_state_and_links_to_the_receipts(cast):
    """
    GIVEN organ B's document dispatched to four organs
    WHEN one replies, one signs, one refuses with a reason and one has not signed yet
    THEN B's 发文 page shows 已答复, 已签收 with the signer and time, 已拒收 with the reason,
    and 待签收, and links to the receipts page
    """
    replied = cast.receive()
    outgoing = replied.dispatch_recipient.document
    signing_organ, signing_clerk = _organ_with_clerk("丙区人民政府")
    refusing_organ, refusing_clerk = _organ_with_clerk("丁区人民政府")
    waiting_organ, _ = _organ_with_clerk("戊区人民政府")
    signed = _land(outgoing, signing_organ)
    refused = _land(outgoing, refusing_organ)
    _land(outgoing, waiting_organ)
    replied = cast.advance(replied, Status.CLOSED)
    services.incoming_reply(document=replied, actor=cast.clerk, text="已按要求部署落实")
    services.incoming_acknowledge(document=signed, actor=signing_clerk)
    services.incoming_refuse(document=refused, actor=refusing_clerk, reason="非本机关主管事项")
    signed.refresh_from_db()

    response = _client(cast.sender).get(outgoing.get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("incoming:receipts", args=[outgoing.pk]) in body
    assert "已答复" in _row(body, "甲市人民政府") and "已按要求部署落实" in body
    row = _row(body, "丙区人民政府")
    assert "已签收" in row and str(signing_clerk) in row
    # the 发文 page writes dates as 2026年11月27日 20:57, like the 收文 pages
    assert dateformat.format(timezone.localtime(signed.acknowledged_at), "Y年n月j日 H:i") in row
    assert "已拒收" in _row(body, "丁区人民政府") and "非本机关主管事项" in _row(
        body, "丁区人民政府"
    )
    assert "待签收" in _row(body, "戊区人民政府")


def test_a_filed_recipient_reads_as_filed_for_the_sender(cast):
    doc = cast.advance(cast.receive(), Status.FILED)

    [row] = selectors.dispatch_receipts(document=doc.dispatch_recipient.document)

    assert row["state"] == selectors.ReceiptState.FILED
    assert row["state_label"] == "已归档"


def test_a_receiving_clerk_does_not_see_the_other_recipients_on_the_outgoing_page(cast):
    doc = cast.receive()
    outgoing = doc.dispatch_recipient.document

    assert selectors.dispatch_receipts_visible_to(user=cast.clerk, document=outgoing) is False
    assert selectors.dispatch_receipts_visible_to(user=cast.sender, document=outgoing) is True


def test_the_outgoing_page_keeps_the_same_query_count_with_2_and_10_recipients(cast):
    counts = []
    for n, title in [(2, "两家"), (10, "十家")]:
        first = cast.receive(
            title=f"乙县人民政府关于{title}的通知", doc_number=f"乙政〔2026〕{n}号"
        )
        outgoing = first.dispatch_recipient.document
        services.incoming_acknowledge(document=first, actor=cast.clerk)
        for _ in range(n - 1):
            _land(outgoing, _organ_with_clerk(OrganFactory.build().name)[0])
        client = _client(cast.sender)
        client.get(outgoing.get_absolute_url())  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(outgoing.get_absolute_url())
        assert response.status_code == 200
        assert response.content.decode().count("zs-receipt-state") == n
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_office_director_marks_the_outgoing_document_from_its_page(cast):
    """
    GIVEN a dispatched document of organ B, whose office director is the sender
    WHEN the director opens its page and posts 废止 to archive:mark
    THEN the page offered the form, the mark is stored, and the page shows it afterwards
    """
    outgoing = cast.receive().dispatch_recipient.document
    client = _client(cast.sender)
    mark_url = reverse("archive:mark", args=["outgoing", outgoing.pk])
    assert mark_url in client.get(outgoing.get_absolute_url()).content.decode()

    response = client.post(
        mark_url,
        {"mark": "abolish", "reason": "已被新文件替代", "effective_from": "2099-01-01"},
    )

    assert response.status_code == 302
    mark = DocumentStatusMark.objects.get(outgoing=outgoing)
    assert mark.kind == DocumentStatusMark.Kind.ABOLISH and mark.actor == cast.sender
    body = client.get(outgoing.get_absolute_url()).content.decode()
    assert "zs-status-mark" in body and "废止" in body and "已被新文件替代" in body


def test_a_person_without_the_role_gets_no_mark_form_and_cannot_mark(cast, organ_b):
    outgoing = cast.receive().dispatch_recipient.document
    office_b = outgoing.department
    drafter = PostFactory(department=office_b, title="科员", roles=[Role.DRAFTER]).holder
    outgoing.drafter = drafter
    outgoing.save(update_fields=["drafter"])
    client = _client(drafter)
    mark_url = reverse("archive:mark", args=["outgoing", outgoing.pk])
    page = client.get(outgoing.get_absolute_url())
    assert page.status_code == 200
    assert mark_url not in page.content.decode()

    response = client.post(mark_url, {"mark": "revoke", "reason": "误发"})

    assert response.status_code in {302, 403}
    assert not DocumentStatusMark.objects.exists()
