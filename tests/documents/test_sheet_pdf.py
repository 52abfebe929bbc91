"""The 发文稿纸 as a PDF page over HTTP, read back with pdfplumber."""

from __future__ import annotations

import io

import pdfplumber
from django.utils import timezone

from tests.documents.conftest import delegate
from zhongshu.audit.models import AuditEvent
from zhongshu.documents import services
from zhongshu.documents.models import OutgoingDocument
from zhongshu.organs.models import Classification, Delegation

Status = OutgoingDocument.Status


def _text(response) -> str:
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_the_sheet_pdf_shows_the_head_and_every_steps_person_opinion_and_time(cast, client):
    document = cast.advance(cast.draft(), Status.DISPATCHED)
    client.force_login(cast.clerk)

    response = client.get(f"/documents/{document.pk}/sheet.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response).replace(" ", "")
    assert "甲市人民政府发文稿纸" in text
    assert "关于做好2026年安全生产工作的通知" in text
    assert document.doc_number in text
    for name in ("孙拟稿", "周处长", "李主任", "吴副市长", "张文书"):
        assert name in text
    for opinion in ("核稿通过", "审核通过", "同意"):
        assert opinion in text
    signed_at = timezone.localtime(document.steps.get(decision="sign").at)
    assert signed_at.strftime("%H:%M") in text
    assert "非密" in text
    assert "综合处" in text


def test_the_sheet_pdf_names_the_delegate_who_signed_for_the_principal(cast, client, secretary):
    """
    GIVEN a 上行文 waiting for the principal's 签发 and a secretary holding the delegation
    WHEN the secretary signs and the sheet is printed
    THEN the 签发 block reads "郑秘书 代 王主要"
    """
    document = cast.advance(cast.draft(direction="上行文"), Status.SIGN_OFF)
    delegate(cast.principal, secretary, Delegation.Scope.SIGN_OFF)
    services.document_sign_off(document=document, actor=secretary, opinion="同意上报")
    client.force_login(cast.drafter)

    text = _text(client.get(f"/documents/{document.pk}/sheet.pdf")).replace(" ", "")

    assert "郑秘书代王主要" in text
    assert "同意上报" in text


def test_the_sheet_pdf_shows_classification_and_urgency(cast, client):
    cast.drafter.clearance = Classification.SECRET
    cast.drafter.save(update_fields=["clearance"])
    document = cast.draft(classification="秘密", classification_period="1年", urgency="特急")
    client.force_login(cast.drafter)

    response = client.get(f"/documents/{document.pk}/sheet.pdf")

    assert document.classification == Classification.SECRET
    text = _text(response).replace(" ", "")
    assert "秘密" in text
    assert "特急" in text


def test_printing_the_sheet_pdf_is_audited(cast, client):
    document = cast.draft()
    client.force_login(cast.drafter)

    client.get(f"/documents/{document.pk}/sheet.pdf")

    event = AuditEvent.objects.get(action="outgoing_print")
    assert event.actor == cast.drafter
    assert event.extra["file"] == "sheet"


def test_an_outsider_gets_404_for_the_sheet_pdf(cast, client, outsider):
    document = cast.draft()
    client.force_login(outsider)

    response = client.get(f"/documents/{document.pk}/sheet.pdf")

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="outgoing_print").exists()


def test_the_api_serves_the_same_sheet_pdf_and_404s_an_outsider(cast, client, outsider):
    document = cast.advance(cast.draft(), Status.REGISTER)
    client.force_login(cast.drafter)

    response = client.get(f"/api/documents/{document.pk}/sheet.pdf")

    assert response.status_code == 200
    assert "核稿通过" in _text(response)
    client.force_login(outsider)
    assert client.get(f"/api/documents/{document.pk}/sheet.pdf").status_code == 404


def test_without_a_chinese_font_the_sheet_pdf_is_a_chinese_503_not_a_500(cast, client, monkeypatch):
    from zhongshu.documents import sheet_pdf
    from zhongshu.gongwen.fonts import FontUnavailableError

    def no_fonts():
        raise FontUnavailableError("no font")

    monkeypatch.setattr(sheet_pdf, "resolve_fonts", no_fonts)
    document = cast.draft()
    client.force_login(cast.drafter)

    page = client.get(f"/documents/{document.pk}/sheet.pdf")
    api = client.get(f"/api/documents/{document.pk}/sheet.pdf")

    assert page.status_code == 503
    assert "缺少中文字体" in page.content.decode()
    assert api.status_code == 503
    assert "缺少中文字体" in api.json()["message"]


def test_a_sign_off_undone_by_a_return_leaves_the_signature_box_empty(cast, client):
    """
    GIVEN a document signed, registered, then returned from 用印 to 拟稿 with a reason
    WHEN the sheet is printed
    THEN the 签发 box at the top is empty (the signer must sign again); the old 签发 and the
    return stay in the route with their 轮次
    """
    document = cast.advance(cast.draft(), Status.SEAL)
    services.route_return(
        document=document, actor=cast.clerk, to_status=Status.DRAFT, reason="正文数字有误"
    )
    client.force_login(cast.drafter)

    text = _text(client.get(f"/documents/{document.pk}/sheet.pdf"))

    head, route = text.split("办理过程", 1)
    assert "吴副市长" not in head
    assert "吴副市长" in route
    assert "正文数字有误" in route
    assert "轮次" in route


def test_countersigns_undone_by_a_return_leave_the_head_of_the_sheet(cast, client, organ_a):
    from tests.organs.factories import DepartmentFactory, PostFactory
    from zhongshu.organs.models import Role

    finance = DepartmentFactory(organ=organ_a, name="财务处")
    head = PostFactory(
        department=finance, title="处长", holder__full_name="钱处长", roles=[Role.DEPARTMENT_HEAD]
    ).holder
    document = cast.advance(cast.draft(), Status.AUDIT)
    services.route_pass(
        document=document,
        actor=cast.director,
        next_handler=cast.leader,
        countersigns=[{"department": finance, "organ": None, "assignee": head}],
    )
    services.countersign_complete(document=document, actor=head, opinion="同意会签")
    services.route_return(
        document=document, actor=cast.leader, to_status=Status.DRAFT, reason="重拟"
    )
    client.force_login(cast.drafter)

    pdf_head = _text(client.get(f"/documents/{document.pk}/sheet.pdf")).split("办理过程")[0]
    page = client.get(f"/documents/{document.pk}/sheet/").content.decode()

    assert "同意会签" not in pdf_head
    assert "同意会签" not in page.split("<table", 2)[1]
