"""The 收文 pages and API through HTTP: responses and the database afterwards."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.contract import Endpoint, check_matrix, expect
from zhongshu.audit.models import AuditEvent
from zhongshu.documents.incoming import services
from zhongshu.documents.incoming.models import IncomingDocument

Status = IncomingDocument.Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_inbox_shows_its_tabs_with_counts(cast):
    cast.receive(title="乙县人民政府关于甲事项的通知")
    cast.advance(cast.receive(title="乙县人民政府关于乙事项的通知"), Status.REGISTERED)

    response = _client(cast.clerk).get(reverse("incoming:inbox"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "待签收" in body and "办理中" in body and "已办结" in body
    assert "甲事项" in body and "乙事项" not in body
    assert response.context["boxes"][0][2] == 1
    assert response.context["boxes"][1][2] == 1


@pytest.mark.django_db
def test_the_inbox_and_register_pages_permission_matrix(request, cast):
    check_matrix(
        request,
        Endpoint("incoming:inbox"),
        expect(200, system_admin=403, security_admin=403, audit_admin=403),
    )
    check_matrix(
        request,
        Endpoint("incoming:register"),
        expect(
            403,
            clerk=200,
            director=200,
            outsider=200,
        ),
    )


@pytest.mark.django_db
def test_the_item_page_is_404_outside_the_receiving_organ(request, cast):
    doc = cast.receive()
    check_matrix(
        request,
        Endpoint("incoming:detail", kwargs={"pk": doc.pk}),
        expect(404, clerk=200, director=200, system_admin=403, security_admin=403, audit_admin=403),
    )


def test_the_item_page_shows_the_slip_and_the_acknowledge_form_and_is_audited(cast):
    doc = cast.receive()

    response = _client(cast.clerk).get(doc.get_absolute_url())

    body = response.content.decode()
    assert "收文处理笺" in body
    assert reverse("incoming:act", args=[doc.pk, "acknowledge"]) in body
    assert AuditEvent.objects.filter(action="incoming_view", actor_id=cast.clerk.pk).exists()


def test_acknowledging_through_the_page_moves_the_item(cast):
    doc = cast.receive()

    response = _client(cast.clerk).post(
        reverse("incoming:act", args=[doc.pk, "acknowledge"]), {"copies": "2"}
    )

    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.ACKNOWLEDGED


def test_a_bad_form_gives_a_chinese_message_and_writes_nothing(cast):
    doc = cast.receive()

    response = _client(cast.clerk).post(
        reverse("incoming:act", args=[doc.pk, "acknowledge"]), {"copies": "abc"}, follow=True
    )

    assert response.status_code == 200
    assert "签收份数应为整数" in response.content.decode()
    doc.refresh_from_db()
    assert doc.status == Status.PENDING


def test_an_action_that_is_not_yours_is_403_and_outside_scope_404(cast, head_general):
    doc = cast.receive()
    url = reverse("incoming:act", args=[doc.pk, "refuse"])

    assert _client(cast.sender).post(url, {"reason": "x"}).status_code == 404
    doc = cast.advance(doc, Status.PROPOSED)
    assert (
        _client(cast.clerk)
        .post(reverse("incoming:act", args=[doc.pk, "instruct"]), {"text": "阅"})
        .status_code
        == 403
    )
    assert (
        _client(cast.clerk).post(reverse("incoming:act", args=[doc.pk, "nonsense"])).status_code
        == 404
    )


def test_proposing_and_circulating_through_the_page_keep_the_chosen_order(cast):
    doc = cast.advance(cast.receive(), Status.SCREENED)
    director = _client(cast.director)

    director.post(
        reverse("incoming:act", args=[doc.pk, "propose"]),
        {
            "opinion": "请领导阅示",
            "leader_1": cast.principal.pk,
            "leader_2": cast.leader.pk,
            "mode": "sequential",
        },
    )
    _client(cast.clerk).post(
        reverse("incoming:act", args=[doc.pk, "circulate"]),
        {
            "purpose": "阅知",
            "reader_1": cast.director.pk,
            "reader_3": cast.clerk.pk,
            "mode": "sequential",
        },
    )

    assert [i.leader for i in doc.instructions.order_by("order")] == [cast.principal, cast.leader]
    circulation = doc.circulations.get()
    assert [r.person for r in circulation.readers.order_by("position")] == [
        cast.director,
        cast.clerk,
    ]


def test_the_circulation_panel_and_its_chase_button(cast):
    doc = cast.advance(cast.receive(), Status.REGISTERED)
    circulation = services.circulation_start(
        document=doc, actor=cast.clerk, purpose="阅知", readers=[cast.director]
    )
    client = _client(cast.clerk)

    panel = client.get(reverse("incoming:circulation", args=[doc.pk]))
    chased = client.post(
        reverse("incoming:circulation_chase", args=[doc.pk, circulation.pk]),
        HTTP_HX_REQUEST="true",
    )

    assert "在阅" in panel.content.decode() and "李主任" in panel.content.decode()
    assert chased.status_code == 200
    assert circulation.readers.get().chased_at is not None


def test_a_paper_document_is_registered_through_the_form_with_its_scan(cast):
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 paper", content_type="application/pdf")

    response = _client(cast.clerk).post(
        reverse("incoming:external"),
        {
            "organ": cast.organ.pk,
            "sender_name": "省应急管理厅",
            "title": "关于加强汛期值守的通知",
            "classification": "0",
            "urgency": "",
            "copies": "1",
            "scan": scan,
        },
    )

    assert response.status_code == 302
    doc = IncomingDocument.objects.get()
    assert doc.sender_name == "省应急管理厅"
    download = _client(cast.clerk).get(reverse("incoming:scan", args=[doc.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 paper"


def test_the_paper_form_shows_the_services_errors_on_its_fields(cast):
    scan = SimpleUploadedFile("scan.exe", b"MZ", content_type="application/octet-stream")

    response = _client(cast.clerk).post(
        reverse("incoming:external"),
        {
            "organ": cast.organ.pk,
            "sender_name": "省厅",
            "title": "来文",
            "classification": "0",
            "copies": "1",
            "scan": scan,
        },
    )

    assert response.status_code == 200
    assert "扫描件“scan.exe”的类型（.exe）不被接受" in response.content.decode()
    assert not IncomingDocument.objects.exists()


def test_the_register_lists_in_receipt_order_and_exports_xlsx(cast):
    docs = [
        cast.advance(cast.receive(title=f"乙县人民政府关于第{n}项工作的通知"), Status.REGISTERED)
        for n in (1, 2, 3)
    ]
    client = _client(cast.clerk)

    page = client.get(reverse("incoming:register"))
    export = client.get(reverse("incoming:register_export"))

    assert [d.pk for d in page.context["page"]] == [d.pk for d in docs]
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "收文号"
    assert [r[0] for r in rows[1:]] == [d.receipt_number for d in docs]
    assert AuditEvent.objects.filter(action="incoming_register_export").exists()


def test_the_register_filters_by_status(cast):
    cast.advance(cast.receive(), Status.REGISTERED)
    screened = cast.advance(cast.receive(), Status.SCREENED)

    page = _client(cast.clerk).get(reverse("incoming:register"), {"status": "screened"})

    assert [d.pk for d in page.context["page"]] == [screened.pk]


def test_the_task_list_shows_tasks_from_instructions(cast):
    cast.task()

    response = _client(cast.head_general).get(reverse("incoming:tasks"))

    assert "落实防汛责任" in response.content.decode()


def test_the_api_runs_the_route_and_maps_errors(cast):
    """
    GIVEN a dispatched document
    WHEN the clerk acknowledges and registers through the API, and the sender tries to read it
    THEN the API returns the item with its slip; the sender gets 404; bad input is a Chinese 400
    """
    doc = cast.receive()
    clerk = _client(cast.clerk)

    ack = clerk.post(
        f"/api/incoming/{doc.pk}/act/acknowledge/",
        data=json.dumps({"copies": 2}),
        content_type="application/json",
    )
    bad = clerk.post(
        f"/api/incoming/{doc.pk}/act/refuse/",
        data=json.dumps({"reason": ""}),
        content_type="application/json",
    )
    reg = clerk.post(
        f"/api/incoming/{doc.pk}/act/register/", data="{}", content_type="application/json"
    )
    other = _client(cast.sender).get(f"/api/incoming/{doc.pk}/")
    inbox = clerk.get("/api/incoming/", {"box": "open"})

    assert ack.status_code == 200, ack.content
    assert ack.json()["status"] == "acknowledged"
    assert bad.status_code == 403
    assert reg.status_code == 200 and reg.json()["receipt_number"].startswith("甲政收〔")
    assert [s["action"] for s in reg.json()["steps"]] == ["receive", "acknowledge", "register"]
    assert other.status_code == 404
    assert inbox.json()["counts"]["open"] == 1


def test_the_api_refuses_bad_input_with_a_chinese_400(cast):
    doc = cast.advance(cast.receive(), Status.SCREENED)

    response = _client(cast.director).post(
        f"/api/incoming/{doc.pk}/act/propose/",
        data=json.dumps({"opinion": ""}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "拟办意见" in response.json()["message"]


@pytest.mark.django_db
def test_acknowledging_through_the_page_permission_matrix(request, cast):
    check_matrix(
        request,
        Endpoint(
            "incoming:act",
            kwargs=lambda r: {
                "pk": r.getfixturevalue("cast").receive().pk,
                "action": "acknowledge",
            },
            method="post",
            data={"copies": "2"},
        ),
        expect(404, clerk=302, director=302, system_admin=403, security_admin=403, audit_admin=403),
    )


def test_the_item_page_shows_the_received_text_and_serves_the_senders_sealed_pdf(cast):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from zhongshu.documents.models import IssuedFile

    doc = cast.receive()
    outgoing = doc.dispatch_recipient.document
    issued = IssuedFile(
        document=outgoing,
        kind=IssuedFile.Kind.PDF,
        size=9,
        sha256="0" * 64,
        created_at=timezone.now(),
    )
    issued.file.save("sealed.pdf", ContentFile(b"%PDF-seal"), save=False)
    issued.save()
    client = _client(cast.clerk)

    page = client.get(doc.get_absolute_url())
    original = client.get(reverse("incoming:original", args=[doc.pk]))

    body = page.content.decode()
    assert "来文正文" in body and "各地要落实属地管理责任。" in body
    assert original.content == b"%PDF-seal"  # an unclassified original as stored
    assert _client(cast.sender).get(reverse("incoming:original", args=[doc.pk])).status_code == 404


def test_the_api_registers_paper_mail(cast):
    response = _client(cast.clerk).post(
        "/api/incoming/external/",
        data=json.dumps(
            {"organ_id": cast.organ.pk, "sender_name": "省厅", "title": "关于检查的通知"}
        ),
        content_type="application/json",
    )
    refused = _client(cast.sender).post(
        "/api/incoming/external/",
        data=json.dumps(
            {"organ_id": cast.organ.pk, "sender_name": "省厅", "title": "关于检查的通知"}
        ),
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "acknowledged"
    assert refused.status_code == 403


def test_a_task_is_closed_from_the_task_page(cast, staff_general):
    from zhongshu.documents.incoming.models import InstructionTask

    task = cast.task()

    response = _client(staff_general).post(
        reverse("incoming:task_close", args=[task.pk]), {"result": "已办"}
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == InstructionTask.Status.CLOSED
    assert (
        _client(cast.sender)
        .post(reverse("incoming:task_close", args=[task.pk]), {"result": "x"})
        .status_code
        == 404
    )


def test_a_task_closed_without_a_result_stays_open_and_the_page_says_why(cast, staff_general):
    from zhongshu.documents.incoming.models import InstructionTask

    task = cast.task()

    response = _client(staff_general).post(
        reverse("incoming:task_close", args=[task.pk]), {"result": " "}, follow=True
    )

    assert response.status_code == 200
    assert "请填写办理结果。" in response.content.decode()
    task.refresh_from_db()
    assert task.status == InstructionTask.Status.OPEN


def test_the_openapi_schema_lists_the_incoming_endpoints(cast):
    response = _client(cast.clerk).get("/api/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/incoming/{pk}/act/{action}/" in paths
    assert "/api/incoming/external/" in paths


@pytest.mark.parametrize(
    ("status", "who", "action"),
    [
        (Status.PENDING, "clerk", "refuse"),
        (Status.ACKNOWLEDGED, "clerk", "register"),
        (Status.REGISTERED, "clerk", "return"),
        (Status.SCREENED, "director", "propose"),
        (Status.PROPOSED, "leader", "instruct"),
        (Status.INSTRUCTED, "clerk", "assign"),
        (Status.HANDLING, "head_general", "handle"),
        (Status.CLOSED, "clerk", "reply"),
        (Status.FILED, "clerk", "reply"),
        (Status.HANDLING, "leader", None),
    ],
)
def test_the_item_page_offers_each_handler_their_form(cast, status, who, action):
    doc = cast.advance(cast.receive(), status)
    user = getattr(cast, who)

    page = _client(user).get(doc.get_absolute_url())
    slip = _client(user).get(reverse("incoming:slip", args=[doc.pk]))

    assert page.status_code == 200
    assert slip.status_code == 200
    body = page.content.decode()
    if action:
        assert reverse("incoming:act", args=[doc.pk, action]) in body
    else:
        assert "当前没有需要您办理的环节" in body


def test_a_closed_document_waits_for_the_archivist_who_alone_has_the_filing_form(cast):
    """
    GIVEN a closed document
    WHEN the clerk and then the organ's 档案员 open it
    THEN the clerk is told it waits for the archivist and has no 归档 form; the archivist has
         the archive's form (the one way to file)
    """
    doc = cast.advance(cast.receive(), Status.CLOSED)
    archive_form = reverse("archive:file", args=["incoming", doc.pk])

    archivist = cast.archivist()  # the organ has one (without, the page says so: see below)
    clerk_page = _client(cast.clerk).get(doc.get_absolute_url()).content.decode()
    archivist_page = _client(archivist).get(doc.get_absolute_url()).content.decode()

    assert "待本机关档案员归档" in clerk_page
    assert archive_form not in clerk_page
    assert reverse("incoming:act", args=[doc.pk, "file"]) not in clerk_page
    assert archive_form in archivist_page
    assert "待本机关档案员归档" not in archivist_page


def test_the_item_page_writes_its_dates_the_chinese_way(cast):
    """
    GIVEN a signed-for document with a 成文日期
    WHEN the clerk opens it
    THEN 成文日期, the 签收 time and the slip's times read 2026年6月1日 (HH:MM), never 2026-06-01
    """
    doc = cast.receive()
    services.incoming_acknowledge(document=doc, actor=cast.clerk)
    doc.refresh_from_db()
    made = doc.document_date
    signed = timezone.localtime(doc.acknowledged_at)

    body = _client(cast.clerk).get(doc.get_absolute_url()).content.decode()

    assert f"{made.year}年{made.month}月{made.day}日" in body
    assert f"{signed.year}年{signed.month}月{signed.day}日 {signed:%H:%M}" in body
    assert re.search(r"\d{4}-\d{2}-\d{2}", body) is None
