"""The 收文处理笺 as a PDF page: every proposal, instruction, result, reading and reply."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.test import Client
from django.urls import reverse

from tests.incoming.conftest import delegate
from zhongshu.audit.models import AuditEvent
from zhongshu.documents.incoming import services
from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.organs.models import Delegation

Status = IncomingDocument.Status


def _text(pdf_bytes: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return "".join((page.extract_text() or "") for page in pdf.pages).replace(" ", "")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_slip_pdf_prints_the_header_the_instructions_the_handling_the_reading_and_the_reply(
    cast, staff_general
):
    doc = cast.advance(cast.receive(urgency="urgent"), Status.SCREENED)
    services.incoming_propose(
        document=doc,
        actor=cast.director,
        opinion="请王市长、吴副市长阅示",
        leaders=[cast.principal, cast.leader],
    )
    delegate(cast.principal, cast.director, Delegation.Scope.INSTRUCT)
    services.incoming_instruct(document=doc, actor=cast.director, text="同意，请综合处办理")
    services.incoming_instruct(document=doc, actor=cast.leader, text="请法规处配合")
    services.incoming_assign(
        document=doc, actor=cast.clerk, lead_department=cast.general, co_departments=[cast.law]
    )
    services.incoming_handle(document=doc, actor=cast.head_general, result="已部署到各乡镇")
    services.incoming_handle(document=doc, actor=cast.head_law, result="已审核相关条款")
    services.circulation_start(
        document=doc,
        actor=cast.clerk,
        purpose="请知悉防汛部署",
        readers=[staff_general],
        mode="parallel",
    )
    services.circulation_read(document=doc, actor=staff_general, opinion="已知悉")
    services.incoming_close(document=doc, actor=cast.clerk, result="已按要求部署完毕")
    services.incoming_reply(document=doc, actor=cast.clerk, text="我市已部署防汛工作")
    doc.refresh_from_db()

    response = _client(cast.clerk).get(reverse("incoming:slip_pdf", args=[doc.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    for expected in [
        "收文处理笺",
        "来文单位",
        "乙县人民政府",
        "乙政〔2026〕3号",
        doc.receipt_number,
        "收文日期",
        "密级",
        "紧急程度",
        "加急",
        "份数",
        "请王市长、吴副市长阅示",
        "同意，请综合处办理",
        f"{cast.director}代{cast.principal}",
        "请法规处配合",
        str(cast.leader),
        "综合处（主办）：已部署到各乡镇",
        "法规处（协办）：已审核相关条款",
        "请知悉防汛部署",
        "已知悉",
        "已按要求部署完毕",
        "我市已部署防汛工作",
    ]:
        assert expected.replace(" ", "") in text, expected
    assert AuditEvent.objects.filter(action="incoming_print", actor_id=cast.clerk.pk).exists()


def test_a_fresh_slip_pdf_has_every_section_and_nothing_that_has_not_happened(cast):
    doc = cast.receive()

    response = _client(cast.clerk).get(reverse("incoming:slip_pdf", args=[doc.pk]))

    text = _text(response.content)
    assert "拟办意见" in text
    assert "领导批示" in text
    assert "已知悉" not in text


@pytest.mark.django_db
def test_the_slip_pdf_is_404_for_an_outsider(cast):
    doc = cast.receive()
    other = cast.sender

    response = _client(other).get(reverse("incoming:slip_pdf", args=[doc.pk]))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="incoming_print").exists()


def test_a_very_long_result_flows_onto_more_pages_instead_of_failing(cast):
    doc = cast.advance(cast.receive(), Status.HANDLING)
    long_result = "各乡镇已逐项落实防汛责任并完成隐患排查。" * 240  # 4800 characters
    services.incoming_handle(document=doc, actor=cast.head_general, result=long_result)

    response = _client(cast.clerk).get(reverse("incoming:slip_pdf", args=[doc.pk]))

    assert response.status_code == 200
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        assert len(pdf.pages) >= 2
    assert "各乡镇已逐项落实防汛责任" in _text(response.content)
