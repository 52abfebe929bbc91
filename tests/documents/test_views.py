"""The 发文 pages and API through HTTP: response and database state afterwards."""

from __future__ import annotations

import json

import pytest

from tests.documents.conftest import FAKE_PDF, content
from zhongshu.audit.models import AuditEvent
from zhongshu.documents import rendering
from zhongshu.documents.models import OutgoingDocument

Status = OutgoingDocument.Status


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_the_list_shows_the_drafters_documents(cast, as_user):
    doc = cast.draft()

    response = as_user(cast.drafter).get("/documents/?box=mine")

    assert response.status_code == 200
    assert doc.title in response.content.decode()


def test_the_list_filters_by_query_as_an_htmx_partial(cast, as_user):
    cast.draft(title="甲市人民政府关于防汛工作的通知")
    cast.draft(title="甲市人民政府关于教育工作的通知")

    response = as_user(cast.drafter).get("/documents/?box=mine&q=防汛", HTTP_HX_REQUEST="true")

    text = response.content.decode()
    assert response.status_code == 200
    assert "防汛" in text
    assert "教育" not in text
    assert "<html" not in text


def test_the_draft_form_creates_a_document_with_headings_read_from_their_markers(cast, as_user):
    response = as_user(cast.drafter).post(
        "/documents/new/",
        {
            "doc_type": "通知",
            "layout": "文件格式",
            "title": "甲市人民政府关于开展节能检查的通知",
            "primary_recipients": "乙县人民政府\n丙县人民政府",
            "body": "为推进节能工作，现通知如下。\n一、检查范围\n（一）重点单位\n1.工业企业",
            "attachments": "检查表\n单位名称\n\n汇总表",
            "sealed": "on",
        },
    )

    doc = OutgoingDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/documents/{doc.pk}/"
    assert doc.content["primary_recipients"] == ["乙县人民政府", "丙县人民政府"]
    assert [p["level"] for p in doc.content["body"]] == [0, 1, 2, 3]
    assert [a["title"] for a in doc.content["attachments"]] == ["检查表", "汇总表"]


def test_the_draft_form_shows_the_models_errors_in_chinese(cast, as_user):
    response = as_user(cast.drafter).post(
        "/documents/new/",
        {"doc_type": "通知", "layout": "纪要格式", "title": "标题", "body": "正文"},
    )

    assert response.status_code == 200
    assert "纪要格式只用于纪要" in response.content.decode()
    assert not OutgoingDocument.objects.exists()


def test_the_document_page_shows_content_sheet_and_buttons_and_is_audited(cast, as_user):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    response = as_user(cast.dept_head).get(f"/documents/{doc.pk}/")

    text = response.content.decode()
    assert response.status_code == 200
    assert doc.title in text
    assert "孙拟稿" in text  # the sheet's first line
    assert f"/documents/{doc.pk}/act/pass/" in text
    assert AuditEvent.objects.filter(
        action="outgoing_view", actor_id=cast.dept_head.pk, object_id=str(doc.pk)
    ).exists()


def test_an_outsider_gets_404_for_the_page(cast, as_user, outsider):
    doc = cast.draft()

    assert as_user(outsider).get(f"/documents/{doc.pk}/").status_code == 404


def test_posting_a_step_moves_the_document(cast, as_user):
    doc = cast.draft()

    response = as_user(cast.drafter).post(
        f"/documents/{doc.pk}/act/submit/", {"reviewer": cast.dept_head.pk}
    )

    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.REVIEW


def test_posting_a_step_that_is_not_yours_is_403(cast, as_user):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    response = as_user(cast.clerk).post(
        f"/documents/{doc.pk}/act/pass/", {"next_handler": cast.director.pk}
    )

    assert response.status_code == 403
    doc.refresh_from_db()
    assert doc.status == Status.REVIEW


def test_a_refused_sign_off_shows_the_findings_instead_of_failing(cast, as_user, stand_ins):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)
    stand_ins["findings"] = [
        {"rule_id": "r", "severity": "error", "element": "标题", "message": "标题有多余标点"}
    ]

    response = as_user(cast.leader).post(
        f"/documents/{doc.pk}/act/sign_off/", {"opinion": "同意"}, follow=True
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "标题有多余标点" in text
    doc.refresh_from_db()
    assert doc.status == Status.SIGN_OFF


def test_the_sealed_pdf_downloads_and_the_download_is_audited(cast, as_user):
    doc = cast.advance(cast.draft(), Status.DISPATCH)

    response = as_user(cast.clerk).get(f"/documents/{doc.pk}/files/pdf/")

    assert response.status_code == 200
    assert response.content == FAKE_PDF  # unclassified: the file as issued
    assert AuditEvent.objects.filter(action="outgoing_download", object_id=str(doc.pk)).exists()


def test_the_sheet_prints_every_step(cast, as_user):
    doc = cast.advance(cast.draft(), Status.RECHECK)

    response = as_user(cast.director).get(f"/documents/{doc.pk}/sheet/")

    text = response.content.decode()
    assert response.status_code == 200
    for name in ("孙拟稿", "周处长", "李主任", "吴副市长"):
        assert name in text


def test_the_preview_is_a_pdf(cast, as_user, monkeypatch):
    doc = cast.draft()
    monkeypatch.setattr(rendering, "render_preview", lambda model: FAKE_PDF)

    response = as_user(cast.drafter).get(f"/documents/{doc.pk}/preview.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == FAKE_PDF


def test_the_api_runs_the_route_and_reports_errors_as_json(cast, as_user, outsider):
    """
    GIVEN the drafter on the API
    WHEN they create a draft and submit it to their department head
    THEN the document waits at 核稿 with the reviewer as handler
    AND an invalid draft is a 400 with a Chinese message, an outsider's read a 404
    """
    client = as_user(cast.drafter)
    created = client.post(
        "/api/documents/", json.dumps({"content": content()}), content_type="application/json"
    )
    assert created.status_code == 201
    doc_id = created.json()["id"]

    submitted = client.post(
        f"/api/documents/{doc_id}/submit",
        json.dumps({"reviewer_id": cast.dept_head.pk}),
        content_type="application/json",
    )
    assert submitted.status_code == 200
    assert submitted.json()["status"] == Status.REVIEW
    assert submitted.json()["current_handler"]["id"] == cast.dept_head.pk

    bad = client.post(
        "/api/documents/",
        json.dumps({"content": content(doc_number="甲政〔2026〕1号")}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "发文字号" in bad.json()["message"]

    client.force_login(outsider)
    assert client.get(f"/api/documents/{doc_id}").status_code == 404


def test_the_api_lists_what_waits_for_me(cast, as_user):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    response = as_user(cast.dept_head).get("/api/documents/?box=todo")

    assert response.status_code == 200
    assert [d["id"] for d in response.json()["items"]] == [doc.pk]


def test_the_auditor_sees_the_checkers_findings_and_the_checklist(cast, as_user, stand_ins):
    doc = cast.advance(cast.draft(), Status.AUDIT)
    stand_ins["findings"] = [
        {"rule_id": "r", "severity": "warning", "element": "正文第2段", "message": "数字用法不规范"}
    ]

    text = as_user(cast.director).get(f"/documents/{doc.pk}/").content.decode()

    assert "审核助手" in text
    assert "数字用法不规范" in text
    assert 'name="checklist"' in text


def test_the_api_check_endpoint_returns_the_findings(cast, as_user, stand_ins):
    doc = cast.draft()
    stand_ins["findings"] = [
        {"rule_id": "r", "severity": "error", "element": "标题", "message": "标题有误"}
    ]

    response = as_user(cast.drafter).get(f"/api/documents/{doc.pk}/check")

    assert response.status_code == 200
    assert response.json()[0]["message"] == "标题有误"


def test_the_number_register_page_shows_voided_numbers(cast, as_user):
    from zhongshu.documents import services

    doc = cast.advance(cast.draft(), Status.SEAL)
    services.number_void(document=doc, actor=cast.clerk, reason="代字有误")

    response = as_user(cast.clerk).get("/documents/numbers/")

    text = response.content.decode()
    assert response.status_code == 200
    assert "已作废" in text
    assert "代字有误" in text


def test_the_number_register_page_is_refused_outside_the_office(cast, as_user):
    assert as_user(cast.drafter).get("/documents/numbers/").status_code == 403


def test_the_list_page_runs_a_fixed_number_of_queries(cast, as_user, django_assert_max_num_queries):
    """The list does not query per row (style.md §39)."""
    client = as_user(cast.drafter)
    cast.draft()
    with django_assert_max_num_queries(30) as few:
        client.get("/documents/?box=mine")
    for _ in range(8):
        cast.draft()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/documents/?box=mine")
    assert response.content.decode().count("/documents/") >= 9


def test_the_issued_register_filters_by_year(cast, as_user):
    doc = cast.advance(cast.draft(), Status.DISPATCHED)
    year = doc.numbers.get().year
    client = as_user(cast.clerk)

    assert doc.title in client.get(f"/documents/?box=issued&year={year}").content.decode()
    assert doc.title not in client.get(f"/documents/?box=issued&year={year - 1}").content.decode()


def test_every_step_runs_through_the_api(cast, as_user, organ_a):
    """
    GIVEN a draft created through the API
    WHEN each handler takes their step through the API (with a 会签 of the 财务处, a return,
    a voided number) up to the dispatch
    THEN the document is dispatched, and the PDF downloads
    """
    from tests.organs.factories import DepartmentFactory, PostFactory
    from zhongshu.organs.models import Role

    finance = DepartmentFactory(organ=organ_a, name="财务处")
    finance_head = PostFactory(
        department=finance, title="处长", holder__full_name="钱处长", roles=[Role.DEPARTMENT_HEAD]
    ).holder

    def post(user, path, data=None):
        client = as_user(user)
        response = client.post(
            f"/api/documents/{path}", json.dumps(data or {}), content_type="application/json"
        )
        assert response.status_code in (200, 201), response.content.decode()
        return response.json()

    doc_id = post(cast.drafter, "", {"content": content()})["id"]
    post(cast.drafter, f"{doc_id}/submit", {"reviewer_id": cast.dept_head.pk})
    post(cast.dept_head, f"{doc_id}/pass", {"next_handler_id": cast.director.pk})
    post(cast.director, f"{doc_id}/return", {"to_status": "review", "reason": "补充依据"})
    post(cast.dept_head, f"{doc_id}/pass", {"next_handler_id": cast.director.pk})
    data = post(
        cast.director,
        f"{doc_id}/pass",
        {
            "next_handler_id": cast.leader.pk,
            "checklist": ["necessity", "format"],
            "countersigns": [{"department_id": finance.pk, "assignee_id": finance_head.pk}],
        },
    )
    assert data["status"] == Status.COUNTERSIGN
    post(finance_head, f"{doc_id}/countersign", {"opinion": "同意"})
    post(cast.leader, f"{doc_id}/sign-off", {"circled": True})
    post(cast.director, f"{doc_id}/recheck", {})
    post(cast.clerk, f"{doc_id}/register")
    post(cast.clerk, f"{doc_id}/void-number", {"reason": "登记错误"})
    data = post(cast.clerk, f"{doc_id}/register")
    assert data["doc_number"].endswith("〕2号")
    post(cast.clerk, f"{doc_id}/seal")
    data = post(cast.clerk, f"{doc_id}/dispatch", {"copies": {"乙县人民政府": 2}})

    assert data["status"] == Status.DISPATCHED
    assert [s["decision"] for s in data["steps"]].count("return") == 1
    assert data["recipients"][0]["copies"] == 2
    download = as_user(cast.clerk).get(f"/api/documents/{doc_id}/files/pdf")
    assert download.status_code == 200


def test_the_api_refuses_a_step_that_is_not_yours_with_403_json(cast, as_user):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    response = as_user(cast.clerk).post(
        f"/api/documents/{doc.pk}/pass",
        json.dumps({"next_handler_id": cast.director.pk}),
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["message"]


def test_the_api_reports_a_blocked_sign_off_with_the_findings(cast, as_user, stand_ins):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)
    stand_ins["findings"] = [{"rule_id": "r", "severity": "error", "message": "有误"}]

    response = as_user(cast.leader).post(
        f"/api/documents/{doc.pk}/sign-off",
        json.dumps({"opinion": "同意"}),
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["extra"]["findings"][0]["rule_id"] == "r"


def test_the_openapi_document_lists_every_outgoing_endpoint(client, clerk):
    client.force_login(clerk)

    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    paths = set(response.json()["paths"])
    for suffix in (
        "submit",
        "pass",
        "countersign",
        "return",
        "withdraw",
        "sign-off",
        "recheck",
        "register",
        "void-number",
        "seal",
        "dispatch",
        "check",
        "content",
    ):
        assert f"/api/documents/{{document_id}}/{suffix}" in paths
    assert "/api/documents/{document_id}/files/{kind}" in paths


def test_a_classified_pdf_downloads_with_the_downloaders_watermark(cast, as_user):
    """
    GIVEN a dispatched 秘密 document
    WHEN the cleared office clerk downloads its PDF
    THEN the copy starts with the issued bytes and carries the clerk's mark on every page
    AND the .docx is not handed out, and the download is audited as watermarked
    """
    import io

    import pdfplumber

    from zhongshu.organs.models import Classification

    for person in (cast.drafter, cast.dept_head, cast.director, cast.clerk, cast.leader):
        person.clearance = Classification.SECRET
        person.save(update_fields=["clearance"])
    doc = cast.advance(
        cast.draft(classification="秘密", classification_period="1年"), Status.DISPATCH
    )
    client = as_user(cast.clerk)

    response = client.get(f"/documents/{doc.pk}/files/pdf/")

    assert response.status_code == 200
    assert response.content.startswith(FAKE_PDF)
    assert len(response.content) > len(FAKE_PDF)
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        marked = "".join(c["text"] for c in pdf.pages[0].chars)
    assert cast.clerk.username in marked
    assert "张文书" in marked
    assert client.get(f"/documents/{doc.pk}/files/docx/").status_code == 403
    event = AuditEvent.objects.get(action="outgoing_download", object_id=str(doc.pk))
    assert event.extra["watermarked"] is True
