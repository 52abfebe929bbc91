"""The page of the 署名, 成文日期 and 印章, measured (GB/T 9704-2012 §7.3.5; standards.md §2.4).

The block never stands on a page without 正文. When it does not fit under the last text, the
standard adjusts spacing: one line short, the sealed block tightens its blank lines and stays
on the text's page; further short, only the last line of 正文 goes over with it (and a heading
that would be left alone at a page's foot). Every other line keeps the 22-line grid.

The documents are a classified 通知 whose 正文 ends with the heading "一、加强值守" and its
paragraph, the shape in which a tester found the heading and the rest carried to page 2 and
most of page 1 left empty.
"""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from tests.gongwen.pdfcases import PITCH, SENTENCE, base, black_body_lines, on_grid
from tests.gongwen.pdfmeasure import MeasuredPdf, TextLine
from zhongshu.gongwen.model import Document, load_document
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.docx import render_docx
from zhongshu.gongwen.typeset.pdf import RenderResult, render_pdf

HEADING = "一、加强值守"
ORGAN = "江淮市人民政府办公室"
DATE = "2026年1月5日"
TEXT = SENTENCE * 20


def classified_notice(intro_chars: int, tail_chars: int, *, sealed: bool = True) -> Document:
    """A 秘密 通知: an opening paragraph, then HEADING and a paragraph of ``tail_chars``."""
    body = [
        {"text": TEXT[:intro_chars]},
        {"text": HEADING, "level": 1},
        {"text": TEXT[:tail_chars]},
    ]
    data = base(
        body=body,
        attachments=[],
        attachment_notes=[],
        note="",
        sealed=sealed,
        classification="秘密",
        classification_period="1年",
        copy_number="000028",
    )
    return load_document(data)


def measured(document: Document) -> tuple[RenderResult, MeasuredPdf]:
    result = render_pdf(document)
    return result, MeasuredPdf(result.pdf)


def signature_page(pdf: MeasuredPdf) -> tuple[int, TextLine]:
    for page in range(1, pdf.page_count + 1):
        lines = black_body_lines(pdf, page)
        names = [line for line in lines if line.text == ORGAN]
        dates = [line for line in lines if line.text == DATE]
        if names and dates and names[0].top < dates[0].top:
            return page, names[0]
    raise AssertionError("no signature found")


def text_lines(pdf: MeasuredPdf, page: int, above: float = L.BODY_BOTTOM_MM) -> list[TextLine]:
    """正文 lines of ``page`` (the 版头's 份号 and 密级 and the 主送 left out) above ``above``."""
    lines = black_body_lines(pdf, page)
    if page == 1:
        recipients = next(line for line in lines if line.text.endswith("："))
        lines = [line for line in lines if line.top > recipients.top]
    return [line for line in lines if line.top < above - 0.1]


def free_lines_at_foot(lines: list[TextLine]) -> int:
    """Grid lines left empty below the last of ``lines``."""
    last = round((lines[-1].top - L.MARGIN_TOP_MM) / PITCH) + 1
    return L.LINES_PER_PAGE - last


# --- one line short: the blank lines tighten ---------------------------------------------------


def test_a_sealed_signature_one_line_short_stays_on_the_texts_page():
    result, pdf = measured(classified_notice(20, 10))
    page, name = signature_page(pdf)
    assert page == 1  # was page 2, with the heading and its paragraph, page 1 left empty
    texts = text_lines(pdf, 1, above=name.top)
    assert [line.text for line in texts][-2:] == [HEADING, TEXT[:10]]
    assert any("收紧" in w for w in result.warnings)


def test_the_tightened_seal_clears_the_text_and_stays_inside_the_type_block():
    result, pdf = measured(classified_notice(20, 10))
    page, name = signature_page(pdf)
    date = next(line for line in black_body_lines(pdf, page) if line.text == DATE)
    seal = result.find("seal")[0]
    last_text = text_lines(pdf, page, above=name.top)[-1]
    assert last_text.chars[0].bottom < seal.top <= last_text.chars[0].bottom + PITCH
    assert seal.top + seal.height <= L.BODY_BOTTOM_MM + 0.1  # never into the page number
    assert seal.top < name.top and seal.top + seal.height > date.chars[0].bottom
    # The blank lines above the 署名 keep at least SIGNATURE_SQUEEZE_MIN_BLANK of a line each.
    gap = name.top - last_text.top - PITCH
    assert gap >= 2 * L.SIGNATURE_SQUEEZE_MIN_BLANK * PITCH - 0.1
    assert abs(date.top - name.top - PITCH) < 0.3


def test_only_the_signature_leaves_the_grid_when_it_is_tightened():
    _, pdf = measured(classified_notice(20, 10))
    page, name = signature_page(pdf)
    for line in text_lines(pdf, page, above=name.top):
        assert on_grid(line.top), line.text
    assert not on_grid(name.top)


def test_an_unsealed_signature_has_no_blank_line_to_give_and_takes_text_along():
    result, pdf = measured(classified_notice(20, 60, sealed=False))
    page, name = signature_page(pdf)
    assert on_grid(name.top)
    assert text_lines(pdf, page, above=name.top)
    assert not any("收紧" in w for w in result.warnings)


# --- further short: the fewest lines go over ----------------------------------------------------


def test_only_the_last_line_of_a_long_paragraph_goes_to_the_signature_page():
    _, pdf = measured(classified_notice(468, 200))
    page, name = signature_page(pdf)
    carried = text_lines(pdf, page, above=name.top)
    assert len(carried) == 1  # was 2
    before = text_lines(pdf, page - 1)
    # The block (2 blank lines, 署名, date and the seal's reserve: 5 lines) was two lines short
    # of the 3 left, more than a squeeze gains; the page keeps those and the carried line free.
    assert free_lines_at_foot(before) == 3 + 1  # was 3 + 2


def test_a_heading_is_carried_with_its_paragraphs_only_line():
    _, pdf = measured(classified_notice(664, 20))
    page, name = signature_page(pdf)
    carried = [line.text for line in text_lines(pdf, page, above=name.top)]
    assert carried == [HEADING, TEXT[:20]]


@pytest.mark.parametrize("sealed", [True, False])
@pytest.mark.parametrize("intro", range(20, 700, 36))
def test_the_signature_page_shows_text_and_no_heading_ends_a_page(intro, sealed):
    for tail in (10, 40, 120):
        _, pdf = measured(classified_notice(intro, tail, sealed=sealed))
        page, name = signature_page(pdf)
        carried = text_lines(pdf, page, above=name.top)
        assert carried, (tail, "a signature page without 正文")
        assert text_lines(pdf, 1), (tail, "page 1 without 正文")
        for n in range(1, page + 1):
            lines = text_lines(pdf, n, above=name.top if n == page else L.BODY_BOTTOM_MM)
            if lines:
                assert lines[-1].text != HEADING, (tail, n, "a heading alone at a page's foot")
        if page > 1 and free_lines_at_foot(text_lines(pdf, page - 1)) > 0:
            # Text went over from a page with room left: the last line of 正文 for the
            # signature, or a heading that would have ended the page, with its paragraph.
            texts = [line.text for line in carried]
            assert len(texts) == 1 or texts[0] == HEADING, (tail, texts)


# --- the .docx follows ------------------------------------------------------------------------


def _paragraphs(document: Document):
    return docx.Document(io.BytesIO(render_docx(document))).paragraphs


def _exact_line_pt(paragraph) -> float:
    spacing = paragraph._p.pPr.find(qn("w:spacing"))
    return int(spacing.get(qn("w:line"))) / 20


def _off_grid(paragraph) -> bool:
    snap = paragraph._p.pPr.find(qn("w:snapToGrid"))
    return snap is not None and snap.get(qn("w:val")) == "0"


def test_the_docx_tightens_the_same_blank_lines_when_the_pdf_does():
    paragraphs = _paragraphs(classified_notice(20, 10))
    names = [i for i, p in enumerate(paragraphs) if ORGAN in p.text and DATE not in p.text]
    at = names[-1]
    assert paragraphs[at + 1].text == DATE
    reserve = paragraphs[at + 2]  # the line kept free for the seal's lower half
    kept = (3 - L.SIGNATURE_SQUEEZE_LINES) / 3
    for gap in [*paragraphs[at - 2 : at], reserve]:
        assert not gap.text.strip()
        assert _off_grid(gap)
        assert abs(_exact_line_pt(gap) - kept * L.DOCX_LINE_PITCH_PT) < 0.1
    assert _off_grid(paragraphs[at])


def test_the_docx_keeps_a_heading_and_its_short_paragraph_with_the_signature():
    paragraphs = _paragraphs(classified_notice(664, 20))
    last = next(p for p in paragraphs if p.text == TEXT[:20])
    heading = next(p for p in paragraphs if p.text == HEADING)
    assert last.paragraph_format.keep_with_next is True
    assert heading.paragraph_format.keep_with_next is True
    gaps = paragraphs[paragraphs.index(last) + 1 : paragraphs.index(last) + 3]
    assert all(not g.text.strip() and not _off_grid(g) for g in gaps)  # on the grid
