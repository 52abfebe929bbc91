"""GB/T 9704-2012 layout of the rendered PDF, measured with pdfplumber (``pdfmeasure``).

Each case (the shipped examples, every 文种, and built variants: classified and urgent, joint of
three organs, 上行文 with two signers, a ten-page body with three attachments, a 主送 list too
long for page 1, no seal) is rendered once and measured by many tests. Distances are in mm from
the paper's top-left corner; tolerances follow the standard (版心 ±1 mm) unless stated.

Numbers that standards.md marks unverified, and how they are tested here:
* the red separator's thickness (❌): only its colour, width and position are asserted;
* the thickness and spacing of the 信函格式 double lines (❌): order (thick over thin at the top,
  thin over thick at the bottom), length 170 mm and positions are asserted, not thicknesses;
* 命令格式's 20 mm (◐, 1999 text): asserted as implemented;
* spaces inside "— 1 —" (❌): asserted as one space on each side, the common practice.
"""

from __future__ import annotations

import itertools

import jieba
import pytest

from tests.gongwen.pdfcases import (
    ALL_CASES,
    CHAR,
    PITCH,
    STANDARD_CASES,
    black_body_lines,
    example_data,
    on_grid,
    rendered,
    title_lines,
    with_changes,
)
from tests.gongwen.pdfmeasure import MeasuredPdf, is_red
from zhongshu.gongwen.model import LayoutFormat, load_document
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.pdf import render_pdf

# --- paper, margins, grid ------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_CASES)
def test_every_page_is_a4(name):
    _, result, pdf = rendered(name)
    assert pdf.page_count == result.page_count
    for page in range(1, pdf.page_count + 1):
        width, height = pdf.page_size_mm(page)
        assert abs(width - 210) < 0.1 and abs(height - 297) < 0.1


@pytest.mark.parametrize("name", ALL_CASES)
def test_body_text_stays_inside_the_type_block(name):
    _, _, pdf = rendered(name)
    for page in range(1, pdf.page_count + 1):
        for char in pdf.chars(page):
            if is_red(char.color) or (
                abs(char.size - L.PAGE_NUMBER_FONT_PT) < 0.1 and char.top > 262
            ):
                continue
            assert char.x0 >= L.MARGIN_LEFT_MM - 1, (page, char)
            # Only closing punctuation may hang past the right edge, by one character at most.
            limit = L.BODY_RIGHT_MM + 1 + (CHAR if char.text in "，。、；：？！）》”’〕" else 0)
            assert char.x1 <= limit, (page, char)
            assert char.top >= L.MARGIN_TOP_MM - 1 and char.bottom <= L.BODY_BOTTOM_MM + 1, (
                page,
                char,
            )


@pytest.mark.parametrize("name", ALL_CASES)
def test_body_and_title_lines_snap_to_the_22_line_grid(name):
    document, _, pdf = rendered(name)
    for page in range(1, pdf.page_count + 1):
        lines = black_body_lines(pdf, page) + title_lines(pdf, page)
        if page == 1:
            # The 版头 is placed in mm, not on the grid: check from the title (or, in a 令,
            # from below the 令号) down.
            titles = title_lines(pdf, 1)
            number = pdf.find_line(1, document.order_number) if document.order_number else None
            start = titles[0].top if titles else (number.bottom + 0.1 if number else 0)
            lines = [line for line in lines if line.top >= start - 0.1]
        if document.layout == LayoutFormat.LETTER and page == 1:
            lines = [line for line in lines if line.top > 70]
        for line in lines:
            assert on_grid(line.top), (page, line.text, line.top)


@pytest.mark.parametrize("name", ["notice", "long_with_three_attachments", "bulletin_classified"])
def test_full_body_lines_hold_28_characters_at_the_character_pitch(name):
    _, _, pdf = rendered(name)
    checked = 0
    for page in range(1, pdf.page_count + 1):
        for line in black_body_lines(pdf, page):
            inside = [c for c in line.chars if c.x1 <= L.BODY_RIGHT_MM + 0.5]
            full_width = all("\u3000" <= c.text <= "\uffff" for c in line.chars)
            flush = abs(line.x0 - L.MARGIN_LEFT_MM) < 0.5 and line.x1 > L.BODY_RIGHT_MM - 1
            if full_width and flush:
                assert len(inside) == 28, line.text
                steps = [b.x0 - a.x0 for a, b in itertools.pairwise(inside)]
                assert all(abs(s - CHAR) < 0.1 for s in steps), line.text
                checked += 1
    assert checked >= 5


def test_full_pages_hold_22_lines_from_the_top_of_the_type_block():
    _, result, pdf = rendered("long_with_three_attachments")
    full_pages = 0
    for page in range(2, pdf.page_count):
        tops = sorted({round(line.top, 1) for line in black_body_lines(pdf, page)})
        if len(tops) == 22:
            full_pages += 1
            assert abs(tops[0] - L.MARGIN_TOP_MM) < 0.3
            assert abs(tops[-1] - (L.MARGIN_TOP_MM + 21 * PITCH)) < 0.3
    assert full_pages >= 4
    assert result.page_count >= 10


def test_first_line_of_each_paragraph_is_indented_two_characters():
    _, _, pdf = rendered("notice")
    line = pdf.find_line(1, "元旦、春节临近")
    assert line is not None
    assert abs(line.x0 - (L.MARGIN_LEFT_MM + 2 * CHAR)) < 0.5


# --- 版头 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", STANDARD_CASES)
def test_masthead_is_red_and_starts_35mm_below_the_type_block(name):
    _, _, pdf = rendered(name)
    red = [c for c in pdf.chars(1) if is_red(c.color)]
    assert red
    assert abs(min(c.top for c in red) - (L.MARGIN_TOP_MM + 35)) < 1
    assert min(c.x0 for c in red) >= L.MARGIN_LEFT_MM - 0.5
    assert max(c.x1 for c in red) <= L.BODY_RIGHT_MM + 0.5
    centre = (min(c.x0 for c in red) + max(c.x1 for c in red)) / 2
    assert abs(centre - L.BODY_CENTER_X_MM) < 1


@pytest.mark.parametrize("name", STANDARD_CASES)
def test_red_separator_is_as_wide_as_the_type_block_4mm_under_the_number(name):
    document, _, pdf = rendered(name)
    separators = [r for r in pdf.rules(1) if is_red(r.color)]
    assert len(separators) == 1
    sep = separators[0]
    assert abs(sep.x0 - L.MARGIN_LEFT_MM) < 0.2 and abs(sep.width - 156) < 0.2
    number = pdf.find_line(1, document.doc_number[:3])
    assert number is not None
    assert abs(sep.top - (number.chars[0].bottom + 4)) < 0.6


@pytest.mark.parametrize("name", ["notice", "bulletin_classified"])
def test_doc_number_is_centred_two_lines_below_the_masthead(name):
    document, _, pdf = rendered(name)
    masthead_bottom = max(c.bottom for c in pdf.chars(1) if is_red(c.color))
    number = pdf.find_line(1, document.doc_number[:3])
    assert abs(number.centre_x - L.BODY_CENTER_X_MM) < 1
    assert abs(number.top - (masthead_bottom + 2 * PITCH)) < 1


def test_classified_urgent_document_stacks_copy_number_classification_and_urgency_top_left():
    _, _, pdf = rendered("bulletin_classified")
    expected = [("000028", 1), ("秘密★1年", 2), ("特急", 3)]
    for text, line_no in expected:
        line = pdf.find_line(1, text)
        assert line is not None, text
        assert line.text == text
        assert abs(line.x0 - L.MARGIN_LEFT_MM) < 1
        assert abs(line.top - L.line_top_mm(line_no)) < 1
    assert "Hei" in pdf.find_line(1, "秘密").chars[0].font
    assert "Hei" in pdf.find_line(1, "特急").chars[0].font


def test_short_copy_number_is_padded_to_six_digits():
    document = with_changes("bulletin_classified", copy_number="28")
    pdf = MeasuredPdf(render_pdf(document).pdf)
    assert pdf.find_line(1, "0000").text == "000028"


def test_upward_document_puts_number_left_and_signers_right_on_one_line():
    document, _, pdf = rendered("upward_two_signers")
    signers = pdf.find_containing(1, "签发人")
    assert signers is not None
    assert "周建国" in signers.text and "李海明" in signers.text
    assert abs(signers.x1 - (L.BODY_RIGHT_MM - CHAR)) < 1
    number = pdf.find_line(1, document.doc_number[:3])
    assert number is not None
    assert abs(number.x0 - (L.MARGIN_LEFT_MM + CHAR)) < 1
    assert abs(number.baseline - signers.baseline) < 0.1
    names = [c for c in signers.chars if c.text in "周建国李海明"]
    assert all("Kai" in c.font for c in names)


def test_three_signers_take_two_lines_and_the_number_sits_on_the_last():
    data = example_data("request")
    data["issuers"][0]["signers"] = ["周建国", "李海明", "王立"]
    document = load_document(data)
    pdf = MeasuredPdf(render_pdf(document).pdf)
    last = pdf.find_line(1, document.doc_number[:3])
    assert "王立" in last.text
    first = pdf.find_containing(1, "签发人")
    assert abs(last.baseline - first.baseline - PITCH) < 0.2


def test_joint_masthead_stacks_three_organs_with_wenjian_centred_on_them():
    _, _, pdf = rendered("joint_notice")
    red_lines = [line for line in pdf.lines(1) if line.is_red()]
    assert [n.text[:6] for n in red_lines] == ["江淮市发展和", "江淮市财政局", "江淮市住房和"]
    names_right = max(red_lines[0].x1, red_lines[2].x1)
    wenjian = [c for c in red_lines[1].chars if c.x0 > names_right]
    assert "".join(c.text for c in wenjian) == "文件"
    middle = (red_lines[0].top + red_lines[-1].bottom) / 2
    assert abs((wenjian[0].top + wenjian[0].bottom) / 2 - middle) < 1
    # the names are spread to one width (分散对齐)
    assert (
        abs(red_lines[0].x0 - red_lines[2].x0) < 0.5
        and abs(red_lines[0].x1 - red_lines[2].x1) < 0.5
    )


# --- 主体 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", STANDARD_CASES)
def test_title_is_centred_two_blank_lines_below_the_separator(name):
    _, _, pdf = rendered(name)
    titles = title_lines(pdf)
    assert titles
    for line in titles:
        assert abs(line.centre_x - L.BODY_CENTER_X_MM) < 1, line.text
    sep = next(r for r in pdf.rules(1) if is_red(r.color))
    gap = titles[0].top - sep.bottom
    assert 2 * PITCH - 0.1 <= gap < 3 * PITCH


@pytest.mark.parametrize("name", ALL_CASES)
def test_title_lines_never_split_a_word(name):
    document, _, pdf = rendered(name)
    lines = [line.text for line in title_lines(pdf)]
    if len(lines) < 2:
        return
    assert "".join(lines) == document.title
    offsets, pos = set(), 0
    for word in jieba.cut(document.title, HMM=False):
        pos += len(word)
        offsets.add(pos)
    cut = 0
    for text in lines[:-1]:
        cut += len(text)
        assert cut in offsets, (lines, cut)
        assert not (document.title[cut - 1].isdigit() and document.title[cut] in "年月日号期")


@pytest.mark.parametrize("name", ALL_CASES)
def test_multi_line_titles_are_trapezoids_or_diamonds(name):
    _, _, pdf = rendered(name)
    widths = [line.x1 - line.x0 for line in title_lines(pdf)]
    if len(widths) >= 3:
        middle = min(widths[1:-1])
        assert not (middle < widths[0] - 1 and middle < widths[-1] - 1), widths


def test_recipients_are_flush_left_one_blank_line_below_the_title_ending_with_a_colon():
    _, _, pdf = rendered("notice")
    titles = title_lines(pdf)
    recipients = pdf.find_line(1, "淮东区")
    assert abs(recipients.x0 - L.MARGIN_LEFT_MM) < 0.5
    assert abs(recipients.top - (titles[-1].top + 2 * PITCH)) < 0.3
    assert recipients.text.endswith("：")


def test_recipients_too_many_for_page_one_move_to_the_colophon():
    _, result, pdf = rendered("recipients_overflow")
    assert result.recipients_in_colophon is True
    assert any("主送" in w for w in result.warnings)
    assert pdf.find_line(1, "江淮市第1联络") is None
    assert pdf.find_line(1, "元旦、春节临近") is not None  # page 1 shows 正文
    last = result.colophon_page
    zhusong = pdf.find_line(last, "主送：")
    chaosong = pdf.find_line(last, "抄送：")
    assert zhusong is not None and chaosong is not None
    assert zhusong.top < chaosong.top


def test_heading_levels_use_hei_kai_and_fangsong():
    _, _, pdf = rendered("notice")
    h1 = pdf.find_line(1, "一、压紧压实") or pdf.find_line(2, "一、压紧压实")
    assert all("Hei" in c.font for c in h1.chars if c.text not in "、")
    h2 = next(pdf.find_line(p, "（一）突出") for p in (1, 2) if pdf.find_line(p, "（一）突出"))
    heading = list(h2.chars[1:6])
    body = [c for c in h2.chars if c.text in "道路交通"]
    assert all("Kai" in c.font for c in heading)
    assert all("Kai" not in c.font and "Hei" not in c.font for c in body)


def test_attachment_notes_are_indented_two_characters_and_wrapped_items_align():
    _, _, pdf = rendered("long_with_three_attachments")
    for page in range(1, pdf.page_count + 1):
        first = pdf.find_line(page, "附件：1.")
        if first is not None:
            break
    assert abs(first.x0 - (L.MARGIN_LEFT_MM + 2 * CHAR)) < 0.5
    second = pdf.find_line(page, "2.") or pdf.find_line(page + 1, "2.")
    assert second is not None
    label_end = first.chars[2].x1  # after "附件："
    assert abs(second.x0 - label_end) < 0.5


def test_each_attachment_starts_a_new_page_with_its_label_on_line_1_and_title_on_line_3():
    document, result, pdf = rendered("long_with_three_attachments")
    for n in range(1, len(document.attachments) + 1):
        pages = [p for p in range(1, pdf.page_count + 1) if (pdf.find_line(p, f"附件{n}") or None)]
        assert pages, n
        label = pdf.find_line(pages[0], f"附件{n}")
        assert label.text == f"附件{n}"
        assert abs(label.x0 - L.MARGIN_LEFT_MM) < 0.5 and abs(label.top - L.line_top_mm(1)) < 0.5
        assert all("Hei" in c.font for c in label.chars)
        title = title_lines(pdf, pages[0])[0]
        assert abs(title.top - L.line_top_mm(3)) < 0.5
        assert abs(title.centre_x - L.BODY_CENTER_X_MM) < 1
    numbers = sorted(result.numbered_pages)
    assert numbers == list(range(1, len(numbers) + 1))


def test_note_is_in_parentheses_indented_two_characters_after_the_date():
    _, _, pdf = rendered("notice")
    for page in range(1, pdf.page_count + 1):
        note = pdf.find_line(page, "（此件公开发布）")
        if note:
            break
    assert abs(note.x0 - (L.MARGIN_LEFT_MM + 2 * CHAR)) < 0.5
    date = pdf.find_line(page, "2026年1月5日")
    assert abs(note.top - date.top - PITCH) < 0.3


def test_urgency_alone_takes_the_first_line_of_the_type_block():
    document = with_changes("notice", urgency="加急")
    pdf = MeasuredPdf(render_pdf(document).pdf)
    line = pdf.find_line(1, "加急")
    assert line.text == "加急"
    assert abs(line.top - L.line_top_mm(1)) < 0.5 and abs(line.x0 - L.MARGIN_LEFT_MM) < 0.5


def test_a_long_organ_name_is_squeezed_to_stay_inside_the_type_block():
    issuers = [
        {
            "name": "江淮市青山县经济技术开发区管理委员会党政办公室",
            "masthead": "江淮市青山县经济技术开发区管理委员会党政办公室文件",
        }
    ]
    pdf = MeasuredPdf(render_pdf(with_changes("notice", issuers=issuers)).pdf)
    red = [c for c in pdf.chars(1) if is_red(c.color)]
    assert min(c.x0 for c in red) >= L.MARGIN_LEFT_MM - 0.5
    assert max(c.x1 for c in red) <= L.BODY_RIGHT_MM + 0.5
