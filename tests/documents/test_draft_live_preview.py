"""The live preview of a draft before its first save: the form posted unsaved to the typesetter
and to the checker, built by the save path's own service; nothing stored, nothing audited."""

from __future__ import annotations

import pytest

from tests.documents.conftest import FAKE_PDF
from zhongshu.audit.models import AuditEvent
from zhongshu.documents import rendering
from zhongshu.documents.models import OutgoingDocument
from zhongshu.documents.services._common import parse_content

Status = OutgoingDocument.Status

FORM = {
    "doc_type": "通知",
    "layout": "文件格式",
    "title": "甲市人民政府关于做好2026年防汛工作的通知",
    "primary_recipients": "乙县人民政府",
    "body": "请做好防汛工作。\n一、压实责任\n各地要落实责任。",
    "sealed": "on",
}


@pytest.fixture
def typeset(monkeypatch):
    """The preview typesetter replaced by a recorder returning a fixed PDF."""
    seen: list = []

    def render_preview(model):
        seen.append(model)
        return FAKE_PDF

    monkeypatch.setattr(rendering, "render_preview", render_preview)
    return seen


def _nothing_written():
    assert not OutgoingDocument.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="outgoing_").exists()


def test_the_unsaved_form_comes_back_as_a_pdf_and_nothing_is_stored(cast, client, typeset):
    client.force_login(cast.drafter)

    response = client.post("/documents/new/preview.pdf", FORM)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == FAKE_PDF
    model = typeset[0]
    assert model.title == FORM["title"]
    assert [p.text for p in model.body][1] == "一、压实责任"
    _nothing_written()


def test_the_preview_is_built_as_the_save_path_builds_it(cast, client, typeset):
    """The lead issuer and the 印发机关 are filled in as saving would fill them."""
    client.force_login(cast.drafter)

    client.post("/documents/new/preview.pdf", FORM)
    client.post("/documents/new/", FORM)

    saved = OutgoingDocument.objects.get()
    assert typeset[0].model_dump(mode="json") == saved.content


def test_the_findings_of_the_unsaved_form_come_back_as_the_editor_fragment(cast, client, stand_ins):
    stand_ins["findings"] = [{"severity": "error", "element": "标题", "message": "标题有误"}]
    client.force_login(cast.drafter)

    response = client.post("/documents/new/check/", FORM)

    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text
    assert "标题有误" in text
    assert "尚未保存" in text
    _nothing_written()


def test_bad_input_is_a_400_with_a_chinese_message_not_a_500(cast, client, typeset):
    client.force_login(cast.drafter)

    pdf = client.post("/documents/new/preview.pdf", {**FORM, "title": ""})
    check = client.post("/documents/new/check/", {**FORM, "title": ""})
    number = client.post("/documents/new/preview.pdf", {**FORM, "doc_type": "不存在的文种"})

    assert pdf.status_code == 400
    assert "标题" in pdf.content.decode()
    assert check.status_code == 400
    assert "标题" in check.content.decode()
    assert number.status_code == 400
    assert "文种" in number.content.decode()
    assert typeset == []
    _nothing_written()


def test_several_missing_fields_read_as_one_chinese_sentence(cast, client, typeset):
    client.force_login(cast.drafter)

    text = client.post("/documents/new/preview.pdf", {**FORM, "title": "", "body": ""})

    message = text.content.decode()
    assert text.status_code == 400
    assert "标题" in message and "正文" in message and "；" in message
    assert "。；" not in message and message.endswith("。") and not message.endswith("。。")


def test_a_rule_of_the_save_path_is_a_400_too(cast, client, typeset):
    """An issuer other than the organ is refused by the service the save path uses."""
    client.force_login(cast.drafter)

    response = client.post("/documents/new/preview.pdf", {**FORM, "issuers": "乙县人民政府"})

    assert response.status_code == 400
    assert "主办机关" in response.content.decode()
    _nothing_written()


def test_a_typesetting_failure_is_a_message_not_a_500(cast, client, monkeypatch):
    from zhongshu.lib.errors import ApplicationError

    def broken(model):
        raise ApplicationError("排版失败：测试", status=422)

    monkeypatch.setattr(rendering, "render_preview", broken)
    client.force_login(cast.drafter)

    response = client.post("/documents/new/preview.pdf", FORM)

    assert response.status_code == 422
    assert "排版失败" in response.content.decode()


def test_someone_who_cannot_draft_is_refused(cast, client, typeset):
    client.force_login(cast.director)  # office director, no 拟稿人 post

    assert client.post("/documents/new/preview.pdf", FORM).status_code == 403
    assert client.post("/documents/new/check/", FORM).status_code == 403
    assert client.post("/documents/new/preview.pdf", {}).status_code == 403
    assert typeset == []


def test_it_needs_a_post_and_a_log_in(cast, client):
    assert client.post("/documents/new/preview.pdf", FORM).status_code == 302
    client.force_login(cast.drafter)
    assert client.get("/documents/new/preview.pdf").status_code == 405
    assert client.get("/documents/new/check/").status_code == 405


def test_the_new_draft_page_carries_the_live_preview(cast, client):
    client.force_login(cast.drafter)

    text = client.get("/documents/new/").content.decode()

    assert 'data-preview-url="/documents/new/preview.pdf"' in text
    assert 'data-check-url="/documents/new/check/"' in text
    assert '<iframe id="draft-preview"' in text
    assert "documents/draft_preview" in text


def test_the_edit_page_carries_the_live_preview_of_its_own_document(cast, client):
    """The edit page previews live too (its own URLs); its frame starts on the saved preview."""
    document = cast.draft()
    client.force_login(cast.drafter)

    text = client.get(f"/documents/{document.pk}/edit/").content.decode()

    assert f'data-preview-url="/documents/{document.pk}/edit/preview.pdf"' in text
    assert f'data-check-url="/documents/{document.pk}/edit/check/"' in text
    assert f'src="/documents/{document.pk}/preview.pdf?v=' in text
    assert "documents/draft_preview" in text
    assert "保存并预览" not in text


# --- the live preview of a saved draft's unsaved edits -----------------------------------------


def test_the_unsaved_edits_of_a_saved_draft_come_back_as_a_pdf_and_nothing_changes(
    cast, client, typeset
):
    """
    GIVEN a saved draft
    WHEN its drafter changes the title on the edit page (not saved)
    THEN the preview is the changed text, the stored document is untouched and nothing audited
    """
    document = cast.draft()
    stored = (document.content, document.updated_at)
    client.force_login(cast.drafter)
    events = AuditEvent.objects.count()

    response = client.post(
        f"/documents/{document.pk}/edit/preview.pdf",
        {**FORM, "title": "甲市人民政府关于修改后的通知"},
    )

    assert response.status_code == 200
    assert response.content == FAKE_PDF
    assert response["Cache-Control"] == "no-store"
    assert typeset[0].title == "甲市人民政府关于修改后的通知"
    document.refresh_from_db()
    assert (document.content, document.updated_at) == stored
    assert AuditEvent.objects.count() == events


def test_the_edit_preview_is_what_saving_would_store(cast, client, typeset):
    document = cast.draft()
    client.force_login(cast.drafter)
    edited = {**FORM, "title": "甲市人民政府关于修改后的通知", "cc_recipients": "丙县人民政府"}

    client.post(f"/documents/{document.pk}/edit/preview.pdf", edited)
    client.post(f"/documents/{document.pk}/edit/", edited)

    document.refresh_from_db()
    assert typeset[0].model_dump(mode="json") == document.content


def test_the_findings_of_the_unsaved_edits_come_back_as_the_editor_fragment(
    cast, client, stand_ins
):
    document = cast.draft()
    stand_ins["findings"] = [{"severity": "warning", "element": "正文", "message": "正文有误"}]
    client.force_login(cast.drafter)

    response = client.post(f"/documents/{document.pk}/edit/check/", FORM)

    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text
    assert "正文有误" in text
    assert "尚未保存" in text


def test_bad_edits_are_a_400_with_a_chinese_message(cast, client, typeset):
    document = cast.draft()
    client.force_login(cast.drafter)

    empty = client.post(f"/documents/{document.pk}/edit/preview.pdf", {**FORM, "title": ""})
    issuer = client.post(
        f"/documents/{document.pk}/edit/check/", {**FORM, "issuers": "乙县人民政府"}
    )

    assert empty.status_code == 400
    assert "标题" in empty.content.decode()
    assert issuer.status_code == 400
    assert "主办机关" in issuer.content.decode()
    assert typeset == []


def test_at_recheck_the_preview_keeps_the_sign_off_date(cast, client, typeset):
    """复核: the office edits after sign-off; the preview carries the 成文日期 the save keeps."""
    document = cast.advance(cast.draft(), Status.RECHECK)
    signed = parse_content(document.content).date
    client.force_login(cast.director)

    response = client.post(f"/documents/{document.pk}/edit/preview.pdf", FORM)

    assert response.status_code == 200
    assert signed is not None
    assert typeset[0].date == signed


def test_only_who_may_edit_gets_the_edit_preview(cast, client, typeset):
    """The director sees the draft but may not edit it (403); after 送审 the drafter no
    longer edits it either (403)."""
    document = cast.draft()
    client.force_login(cast.director)
    assert client.post(f"/documents/{document.pk}/edit/preview.pdf", FORM).status_code == 403
    assert client.post(f"/documents/{document.pk}/edit/check/", FORM).status_code == 403

    cast.advance(document, Status.REVIEW)
    client.force_login(cast.drafter)
    assert client.post(f"/documents/{document.pk}/edit/preview.pdf", FORM).status_code == 403
    assert client.get(f"/documents/{document.pk}/edit/preview.pdf").status_code == 405
    assert typeset == []
