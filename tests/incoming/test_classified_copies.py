"""The 份号 of a received classified document on its 收文 page: the organ sees the numbered copies
it holds with their register lines; its clerk asks to destroy one, its office director approves
or refuses (never their own request); an outsider and a person without clearance get nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.contract import Endpoint, check_matrix, expect
from tests.incoming.conftest import make_outgoing, make_recipient
from zhongshu.documents.archive.models import CopyRecord
from zhongshu.documents.archive.services import copy_records_open
from zhongshu.documents.incoming import services
from zhongshu.organs.models import Classification

CopyStatus = CopyRecord.Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def classified(cast):
    """A 秘密 通知 dispatched to the organ as copies 000003–000004, received there."""
    for person in (cast.sender, cast.clerk, cast.director):
        person.clearance = Classification.SECRET
        person.save(update_fields=["clearance"])
    outgoing = make_outgoing(cast.sender, classification=Classification.SECRET)
    recipient = make_recipient(outgoing, cast.organ)
    recipient.copy_number_from, recipient.copy_number_to = 3, 4
    recipient.save(update_fields=["copy_number_from", "copy_number_to"])
    copy_records_open(document=outgoing, actor=cast.sender)
    return services.incoming_receive_dispatch(recipient=recipient, actor=cast.sender)


def test_the_page_lists_the_copies_the_organ_holds_and_the_clerk_may_ask_to_destroy(
    cast, classified
):
    body = _client(cast.clerk).get(classified.get_absolute_url()).content.decode()

    assert "本机关持有的份号" in body
    assert "000003" in body and "000004" in body
    record = CopyRecord.objects.get(copy_number=3)
    assert reverse("archive:copy_act", args=[classified.pk, record.pk, "request"]) in body


def test_the_clerk_asks_the_director_approves_and_the_register_keeps_both_lines(cast, classified):
    record = CopyRecord.objects.get(copy_number=3)
    url = reverse("archive:copy_act", args=[classified.pk, record.pk, "request"])

    response = _client(cast.clerk).post(url, {"note": "已传达完毕，申请销毁"}, follow=True)

    record.refresh_from_db()
    assert record.status == CopyStatus.DESTRUCTION_REQUESTED
    body = response.content.decode()
    assert "待办公室主任审批" in body
    # the requester cannot approve; the page says who will
    assert reverse("archive:copy_act", args=[classified.pk, record.pk, "approve"]) not in body

    director = _client(cast.director)
    page = director.get(classified.get_absolute_url()).content.decode()
    approve = reverse("archive:copy_act", args=[classified.pk, record.pk, "approve"])
    assert approve in page
    director.post(approve, {"note": "同意"})

    record.refresh_from_db()
    assert record.status == CopyStatus.DESTROYED
    assert [line.to_status for line in record.lines.order_by("at", "id")] == [
        CopyStatus.DISPATCHED,
        CopyStatus.DESTRUCTION_REQUESTED,
        CopyStatus.DESTROYED,
    ]


def test_a_request_without_a_reason_is_refused_in_chinese(cast, classified):
    record = CopyRecord.objects.get(copy_number=4)

    response = _client(cast.clerk).post(
        reverse("archive:copy_act", args=[classified.pk, record.pk, "request"]),
        {"note": " "},
        follow=True,
    )

    assert "申请销毁须说明理由" in response.content.decode()
    record.refresh_from_db()
    assert record.status == CopyStatus.DISPATCHED


def test_a_person_without_clearance_sees_neither_the_document_nor_its_copies(cast, classified):
    cast.head_general.clearance = Classification.NONE
    cast.head_general.save(update_fields=["clearance"])
    record = CopyRecord.objects.get(copy_number=3)

    assert _client(cast.head_general).get(classified.get_absolute_url()).status_code == 404
    response = _client(cast.head_general).post(
        reverse("archive:copy_act", args=[classified.pk, record.pk, "request"]), {"note": "x"}
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_copy_act_permission_matrix(request, cast, classified):
    record = CopyRecord.objects.get(copy_number=3)
    check_matrix(
        request,
        Endpoint(
            "archive:copy_act",
            kwargs={"incoming_pk": classified.pk, "pk": record.pk, "action": "request"},
            method="post",
            data={"note": "申请销毁"},
        ),
        # the organ's clerk may ask (302 back to the page); the director sees the page but is
        # no 文书/机要员/档案员 (403); the principal has not been sent it yet and the sender's
        # office never holds this 收文 (404)
        expect(
            404,
            clerk=302,
            director=403,
            system_admin=403,
            security_admin=403,
            audit_admin=403,
        ),
    )
