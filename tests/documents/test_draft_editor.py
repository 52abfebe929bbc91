"""The draft form over HTTP: a .docx read into the form for correction (with the reader's
report), the typeset preview on the edit page refreshed by htmx, and the checker's findings
beside the fields they concern."""

from __future__ import annotations

import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.documents.models import OutgoingDocument

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

LINES = [
    "甲市人民政府关于开展节能检查的通知",
    "乙县人民政府：",
    "为推进节能工作，现通知如下。",
    "一、检查范围",
    "各单位要认真组织。",
    "甲市人民政府",
    "2026年3月1日",
    "（此件公开发布）",
    "这是一行多余的批注文字",
]


def _docx(lines=LINES) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client, url: str, data: bytes, name: str = "草稿.docx"):
    return client.post(
        url, {"import_docx": "1", "docx": SimpleUploadedFile(name, data, content_type=DOCX_TYPE)}
    )


def test_an_uploaded_docx_fills_the_draft_form_without_saving_anything(cast, client):
    client.force_login(cast.drafter)

    response = _upload(client, "/documents/new/", _docx())

    text = response.content.decode()
    assert response.status_code == 200
    assert 'value="甲市人民政府关于开展节能检查的通知"' in text
    assert "为推进节能工作，现通知如下。\n一、检查范围" in text
    assert "（此件公开发布）" in text
    assert not OutgoingDocument.objects.exists()


def test_the_readers_unplaced_lines_are_reported_in_chinese(cast, client):
    client.force_login(cast.drafter)

    text = _upload(client, "/documents/new/", _docx()).content.decode()

    # Text after the 成文日期 is kept (issue #13), and the report says where it went.
    assert "第9段起的文字“这是一行多余的批注文字”" in text
    assert "按无标题附件排在正文之后" in text
    assert "成文日期未采用" in text


def test_a_broken_docx_gives_a_chinese_message_not_a_500(cast, client):
    client.force_login(cast.drafter)

    response = _upload(client, "/documents/new/", b"PK\x03\x04 this is not a zip at all")

    assert response.status_code == 200
    assert "Word 文稿“草稿.docx”不是有效的压缩格式文件（文件已损坏）" in response.content.decode()
    assert not OutgoingDocument.objects.exists()


def test_a_file_that_is_not_docx_is_refused_by_name(cast, client):
    client.force_login(cast.drafter)

    response = _upload(client, "/documents/new/", b"plain text", name="草稿.doc")

    assert response.status_code == 200
    assert "的类型（.doc）不被接受：只接受Word 文档（.docx）" in response.content.decode()


def test_an_empty_upload_is_refused_in_chinese(cast, client):
    client.force_login(cast.drafter)

    response = client.post("/documents/new/", {"import_docx": "1"})

    assert response.status_code == 200
    assert "请选择要导入的 .docx 文件" in response.content.decode()


def test_a_docx_upload_on_the_edit_page_replaces_the_fields_but_not_the_saved_draft(cast, client):
    document = cast.draft()
    client.force_login(cast.drafter)

    response = _upload(client, f"/documents/{document.pk}/edit/", _docx())

    document.refresh_from_db()
    assert response.status_code == 200
    assert 'value="甲市人民政府关于开展节能检查的通知"' in response.content.decode()
    assert document.title == "甲市人民政府关于做好2026年安全生产工作的通知"


def test_an_outsider_cannot_upload_into_someone_elses_draft(cast, client, outsider):
    document = cast.draft()
    client.force_login(outsider)

    response = _upload(client, f"/documents/{document.pk}/edit/", _docx())

    assert response.status_code == 404


def test_the_edit_page_shows_the_typeset_preview_in_the_page(cast, client):
    document = cast.draft()
    client.force_login(cast.drafter)

    text = client.get(f"/documents/{document.pk}/edit/").content.decode()

    assert '<iframe id="draft-preview"' in text
    assert f"/documents/{document.pk}/preview.pdf?v=" in text
    assert f'hx-post="/documents/{document.pk}/edit/"' in text


def test_the_checkers_findings_stand_beside_the_fields_they_concern(cast, client, stand_ins):
    document = cast.draft()
    stand_ins["findings"] = [
        {
            "rule_id": "title.punctuation",
            "severity": "error",
            "element": "标题",
            "message": "标题中有多余标点",
        },
        {
            "rule_id": "body.numbers",
            "severity": "warning",
            "element": "正文第2段",
            "message": "数字用法不规范",
        },
        {
            "rule_id": "cc.sub",
            "severity": "warning",
            "element": "抄送机关1",
            "message": "上行文不抄送下级机关",
        },
    ]
    client.force_login(cast.drafter)

    text = client.get(f"/documents/{document.pk}/edit/").content.decode()

    title_block = text.split('data-field="title"')[1].split("</ul>")[0]
    body_block = text.split('data-field="body"')[1].split("</ul>")[0]
    cc_block = text.split('data-field="cc_recipients"')[1].split("</ul>")[0]
    assert "标题中有多余标点" in title_block
    assert "数字用法不规范" in body_block
    assert "上行文不抄送下级机关" in cc_block
    assert "数字用法不规范" not in title_block
    findings_panel = text.split('id="draft-findings"')[1]
    assert findings_panel.index("标题") < findings_panel.index("正文第2段")


def test_saving_through_htmx_swaps_in_a_fresh_preview_and_the_new_findings(cast, client, stand_ins):
    """
    GIVEN a draft open in the editor
    WHEN the drafter changes the title and clicks 保存并继续修改 (an htmx POST)
    THEN the draft is saved and the editor partial comes back with a new preview address
    """
    document = cast.draft()
    client.force_login(cast.drafter)
    before = client.get(f"/documents/{document.pk}/edit/").content.decode()
    old_src = before.split('<iframe id="draft-preview"')[1].split('src="')[1].split('"')[0]
    stand_ins["findings"] = [{"severity": "warning", "element": "标题", "message": "标题过长"}]

    response = client.post(
        f"/documents/{document.pk}/edit/",
        {
            "doc_type": "通知",
            "layout": "文件格式",
            "title": "甲市人民政府关于做好2026年防汛工作的通知",
            "primary_recipients": "乙县人民政府",
            "body": "请做好防汛工作。",
            "sealed": "on",
        },
        HTTP_HX_REQUEST="true",
    )

    text = response.content.decode()
    document.refresh_from_db()
    assert response.status_code == 200
    assert "<html" not in text
    assert document.title == "甲市人民政府关于做好2026年防汛工作的通知"
    assert "预览已更新" in text
    assert "标题过长" in text
    new_src = text.split('<iframe id="draft-preview"')[1].split('src="')[1].split('"')[0]
    assert new_src.startswith(f"/documents/{document.pk}/preview.pdf?v=")
    assert new_src != old_src


def test_the_preview_the_iframe_loads_is_a_pdf(cast, client, monkeypatch):
    from tests.documents.conftest import FAKE_PDF
    from zhongshu.documents import rendering

    monkeypatch.setattr(rendering, "render_preview", lambda model: FAKE_PDF)
    document = cast.draft()
    client.force_login(cast.drafter)

    response = client.get(f"/documents/{document.pk}/preview.pdf?v=1")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_api_reads_a_docx_into_content_and_reports_unplaced_lines(cast, client):
    client.force_login(cast.drafter)

    response = client.post(
        "/api/documents/read-docx",
        {"file": SimpleUploadedFile("草稿.docx", _docx(), content_type=DOCX_TYPE)},
    )

    body = response.json()
    assert response.status_code == 200
    assert body["content"]["title"] == "甲市人民政府关于开展节能检查的通知"
    # Kept as an untitled attachment (issue #13), and named in the report.
    assert body["content"]["attachments"][0]["body"][0]["text"] == "这是一行多余的批注文字"
    assert any("这是一行多余的批注文字" in note for note in body["ignored"])
    assert not OutgoingDocument.objects.exists()


def test_the_api_answers_a_broken_docx_with_a_chinese_400(cast, client):
    client.force_login(cast.drafter)

    response = client.post(
        "/api/documents/read-docx",
        {"file": SimpleUploadedFile("草稿.docx", b"not a docx", content_type=DOCX_TYPE)},
    )

    assert response.status_code == 400
    body = response.json()
    assert (
        body["message"]
        == "Word 文稿“草稿.docx”的内容是纯文本，不是扩展名所称的Word 文档（.docx）。"
    )
    assert body["extra"]["fields"]["file"] == [body["message"]]
