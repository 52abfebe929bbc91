"""The per-person watermark: an incremental update over the issued PDF."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from tests.documents.conftest import FAKE_PDF
from zhongshu.documents.watermark import WatermarkError, add_watermark


def _chars(pdf: bytes, page: int = 0) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join(c["text"] for c in doc.pages[page].chars)


def test_the_mark_is_appended_and_the_original_bytes_stay_intact():
    marked = add_watermark(FAKE_PDF, "赵某 zhao 2026-11-27 秘密")

    assert marked.startswith(FAKE_PDF)
    assert marked.rstrip().endswith(b"%%EOF")
    text = _chars(marked)
    assert "zhongshu test" in text
    assert "zhao" in text
    assert "赵某" in text


def test_every_page_of_a_real_typeset_document_is_marked():
    from tests.documents.conftest import content
    from zhongshu.gongwen.model import load_document
    from zhongshu.gongwen.typeset.pdf import render_pdf

    body = [{"text": "为做好工作，现就有关事项通知如下。" * 12, "level": 0}] * 12
    pdf = render_pdf(load_document(content(body=body))).pdf

    marked = add_watermark(pdf, "钱某 qian")

    with pdfplumber.open(io.BytesIO(marked)) as doc:
        assert len(doc.pages) >= 2
        for page in doc.pages:
            assert "qian" in "".join(c["text"] for c in page.chars)


def test_it_refuses_what_is_not_a_pdf():
    with pytest.raises(WatermarkError):
        add_watermark(b"PK\x03\x04 not a pdf", "x")


def test_it_refuses_an_already_updated_pdf():
    with pytest.raises(WatermarkError, match="incrementally updated"):
        add_watermark(add_watermark(FAKE_PDF, "a"), "b")
