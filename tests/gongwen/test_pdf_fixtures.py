"""The 22 real 公文 of the shared fixtures, read by the reader and typeset: the typesetter copes
with whatever real documents contain (old forms, long titles, missing elements) and still
puts the 正文 on page 1 and the elements where the standard wants them."""

from __future__ import annotations

import pytest

from tests.gongwen.fixtures import fixture_names, load_fixture
from tests.gongwen.pdfmeasure import MeasuredPdf, is_red
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.pdf import render_pdf

reader = pytest.importorskip("zhongshu.gongwen.reader")


@pytest.mark.parametrize("name", fixture_names())
def test_real_document_renders_with_body_text_on_page_one(name):
    fixture = load_fixture(name)
    document = reader.read_text(fixture.body, hints=fixture.hints()).document
    result = render_pdf(document)
    pdf = MeasuredPdf(result.pdf)
    assert pdf.page_count == result.page_count >= 1
    body = [
        line
        for line in pdf.lines(1)
        if abs(line.size - L.BODY_FONT_PT) < 0.1
        and not line.is_red()
        and line.top < L.BODY_BOTTOM_MM
    ]
    if document.body:
        assert body, "page 1 shows no 正文"
    for page in range(1, pdf.page_count + 1):
        for char in pdf.chars(page):
            if is_red(char.color):
                continue
            assert char.x0 >= L.MARGIN_LEFT_MM - 1
            assert char.x1 <= L.BODY_RIGHT_MM + 1 + L.CHAR_PITCH_MM
    if result.colophon_page:
        assert result.colophon_page % 2 == 0


def test_the_shipped_examples_load_by_name():
    from zhongshu.gongwen import examples

    assert {"notice", "request", "joint_notice", "letter", "order", "minutes"} <= set(
        examples.names()
    )
    assert examples.load("letter").layout.value == "信函格式"
