"""An uploaded .docx with text after the 成文日期 keeps that text, and the import report says
where it went (issue #13: content the reader cannot name is never dropped silently)."""

from __future__ import annotations

import io

import docx

from zhongshu.documents import rendering


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
