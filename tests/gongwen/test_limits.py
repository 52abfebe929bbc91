"""The size limits (``gongwen.limits``): what is counted, the refusal's message, and how the
CLIs report it. Beyond them a text is no 公文, and every stage refuses before doing any work."""

from __future__ import annotations

import io
import json
import pickle

import docx
import pytest

from tests.gongwen.adversarial import huge_title_document
from zhongshu.gongwen import limits
from zhongshu.gongwen.checker import check_document
from zhongshu.gongwen.checker.cli import main as check_main
from zhongshu.gongwen.limits import (
    MAX_DOCUMENT_CHARS,
    MAX_PARAGRAPHS,
    MAX_READER_CHARS,
    DocumentTooLarge,
    document_size,
)
from zhongshu.gongwen.model import Attachment, DocumentError, Paragraph
from zhongshu.gongwen.reader import read_docx, read_text
from zhongshu.gongwen.typeset.cli import main as render_main
from zhongshu.gongwen.typeset.docx import render_docx
from zhongshu.gongwen.typeset.pdf import render_pdf


def test_the_size_counts_every_element_and_the_attachments():
    document = huge_title_document(100).model_copy(
        update={
            "attachments": [Attachment(title="附件标题", body=[Paragraph(text="附件正文。")] * 3)],
            "cc_recipients": ["丙局"],
        }
    )
    chars, paragraphs = document_size(document)
    assert paragraphs == 1 + 3
    assert chars >= 100 + 4 + 3 * 5 + 2 + len("江淮市人民政府")


@pytest.mark.parametrize("stage", [check_document, render_pdf, render_docx])
def test_a_document_over_the_character_limit_is_refused_by_every_stage(stage):
    document = huge_title_document(MAX_DOCUMENT_CHARS + 10)
    with pytest.raises(DocumentTooLarge, match="公文过长") as refusal:
        stage(document)
    assert f"{MAX_DOCUMENT_CHARS:,}" in str(refusal.value)
    assert refusal.value.size > refusal.value.limit == MAX_DOCUMENT_CHARS
    assert isinstance(refusal.value, DocumentError)  # refused like any bad input


def test_a_document_over_the_paragraph_limit_is_refused_with_its_count():
    document = huge_title_document(20).model_copy(
        update={"body": [Paragraph(text="一")] * (MAX_PARAGRAPHS + 1)}
    )
    with pytest.raises(DocumentTooLarge, match=f"共 {MAX_PARAGRAPHS + 1:,} 段"):
        render_pdf(document)


def test_a_document_at_the_limits_is_accepted():
    body = [Paragraph(text="一")] * MAX_PARAGRAPHS
    limits.ensure_document_size(huge_title_document(20).model_copy(update={"body": body}))


def test_the_reader_refuses_text_over_its_limit_before_reading():
    with pytest.raises(DocumentTooLarge, match="文本过长"):
        read_text("文" * (MAX_READER_CHARS + 1))


def test_the_docx_reader_stops_counting_at_the_limit():
    package = docx.Document()
    for _ in range(4):
        package.add_paragraph("文" * (MAX_READER_CHARS // 3))
    data = io.BytesIO()
    package.save(data)
    with pytest.raises(DocumentTooLarge, match=f"{MAX_READER_CHARS:,}"):
        read_docx(data.getvalue())


def test_the_refusal_survives_pickling_to_come_back_from_a_child_process():
    refusal = DocumentTooLarge("公文过长", size=9, limit=8, what="字")
    again = pickle.loads(pickle.dumps(refusal))  # noqa: S301 - bytes made just above
    assert (again.message, again.size, again.limit, again.what) == ("公文过长", 9, 8, "字")


def test_zhongshu_render_prints_the_refusal_and_exits_2(tmp_path, capsys):
    source = tmp_path / "huge.json"
    source.write_text(huge_title_document(MAX_DOCUMENT_CHARS + 10).model_dump_json(), "utf-8")

    code = render_main([str(source), "-o", str(tmp_path / "out.pdf")])

    assert code == 2
    assert "公文过长" in capsys.readouterr().err
    assert not (tmp_path / "out.pdf").exists()


def test_zhongshu_render_refuses_a_text_file_over_the_readers_limit(tmp_path, capsys):
    source = tmp_path / "huge.txt"
    source.write_text("关于通知\n" + "文" * (MAX_READER_CHARS + 1), "utf-8")

    assert render_main([str(source), "-o", str(tmp_path / "out.pdf")]) == 2
    assert "文本过长" in capsys.readouterr().err


def test_zhongshu_check_prints_the_refusal_and_exits_2(tmp_path, capsys):
    source = tmp_path / "huge.json"
    source.write_text(
        json.dumps(huge_title_document(MAX_DOCUMENT_CHARS + 10).model_dump(mode="json")), "utf-8"
    )

    assert check_main([str(source)]) == 2
    assert "公文过长" in capsys.readouterr().err
