"""The reader never crashes: arbitrary text and .docx files of arbitrary paragraphs (hypothesis).

Clerks upload anything; a reader that raises on an odd line takes the whole upload down. Every
line must end up somewhere: in an element or in ``unplaced``.
"""

from __future__ import annotations

import io

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhongshu.gongwen.model import Document
from zhongshu.gongwen.reader import read_docx, read_text

# Characters that trigger the reader's rules, mixed with anything at all.
_PIECES = st.sampled_from(
    [
        "附件：", "附件1", "附：", "抄送：", "印发", "签发人：", "文件", "令", "第5号", "关于",
        "的通知", "的决定", "（", "）", "〔2021〕", "[1999]", "号", "一、", "（一）", "1.", "（1）",
        "1、", "：", "。", "，", "、", "2021年5月20日", "二〇〇九年十月二十日", "二○○三年七月",
        "市人民政府", "办公厅", "总理", "李鹏", "机密★1年", "特急", "000001", "\n", "\n\n", "  ",
        "\u3000", "\t", "首页 > ", "来源：", "丨", "/", "[1]", "通过）", "（此件公开发布）",
    ]
)  # fmt: skip
_DRAFTISH = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=60).map("".join)


def _lines_accounted_for(result, text: str) -> None:
    assert isinstance(result.document, Document)
    for line, _, reason in result.unplaced:
        assert 1 <= line <= max(1, len(text.splitlines()))
        assert reason


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_read_text_never_crashes_on_arbitrary_text(text):
    _lines_accounted_for(read_text(text), text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DRAFTISH)
def test_read_text_never_crashes_on_draft_like_text(text):
    _lines_accounted_for(read_text(text), text)


_XML_SAFE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=40,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_XML_SAFE, _PIECES), max_size=25))
def test_read_docx_never_crashes_on_documents_of_arbitrary_paragraphs(paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    result = read_docx(buffer.getvalue())
    assert isinstance(result.document, Document)
    assert all(reason for _, _, reason in result.unplaced)
