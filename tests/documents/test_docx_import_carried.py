"""An uploaded .docx with text after the 成文日期 keeps that text, and the import report says
where it went (issue #13: content the reader cannot name is never dropped silently)."""

from __future__ import annotations

import io

import docx
import pytest

from zhongshu.documents import rendering


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_text_after_the_date_is_kept_and_named_in_the_import_report():
    package = docx.Document()
    for text in (
        "江淮市人民政府办公室关于开展安全生产大检查的通知",
        "各县（市、区）人民政府，市政府各部门：",
        "为切实做好安全生产工作，决定在全市开展安全生产大检查。",
        "江淮市人民政府办公室",
        "2024年6月3日",
        "检查情况请于6月30日前报送市应急管理局。",
    ):
        package.add_paragraph(text)
    data = io.BytesIO()
    package.save(data)

    read = rendering.read_upload(data.getvalue())

    bodies = [p["text"] for a in read.content["attachments"] for p in a["body"]]
    assert bodies == ["检查情况请于6月30日前报送市应急管理局。"]
    assert read.content["primary_recipients"] == ["各县（市、区）人民政府", "市政府各部门"]
    assert not read.unplaced
    assert any(
        "第6段起的文字“检查情况请于6月30日前报送市应急管理局。”" in note and "附件" in note
        for note in read.ignored
    )


def test_the_draft_form_writes_the_attachment_notes_its_help_text_promises(cast, as_user):
    # The typesetter no longer derives a "附件：" line (issue #13); the form does, visibly,
    # when the 附件说明 field is left empty, as its help text says.
    from zhongshu.documents.models import OutgoingDocument

    response = as_user(cast.drafter).post(
        "/documents/new/",
        {
            "doc_type": "通知",
            "layout": "文件格式",
            "title": "甲市人民政府关于开展节能检查的通知",
            "primary_recipients": "乙县人民政府",
            "body": "为推进节能工作，现通知如下。",
            "attachments": "检查表\n单位名称\n\n汇总表",
            "sealed": "on",
        },
    )

    assert response.status_code == 302
    doc = OutgoingDocument.objects.get()
    assert doc.content["attachment_notes"] == ["1.检查表", "2.汇总表"]
