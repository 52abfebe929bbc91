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

import datetime as dt
import io
import itertools
import json
from functools import cache
from pathlib import Path

import jieba
import pytest

from tests.gongwen.pdfmeasure import MeasuredPdf, TextLine, is_red
from zhongshu.gongwen.model import DocType, Document, LayoutFormat, load_document
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.pdf import RenderResult, render_pdf

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "zhongshu" / "gongwen" / "examples"
EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.json"))

SENTENCE = (
    "各县区、各部门要坚持以人民为中心的发展思想，统筹发展和安全，认真落实各项工作任务，"
    "加强组织协调和督促检查，确保各项措施落地见效。"
)


def example_data(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def _base(**changes) -> dict:
    data = example_data("notice")
    data.update(changes)
    return data


def _type_case(doc_type: DocType) -> dict:
    """A plausible document of ``doc_type`` in the format it is normally printed in."""
    data = _base(doc_type=doc_type.value, attachments=[], attachment_notes=[])
    data["title"] = (
        f"江淮市人民政府办公室关于加强城市安全运行管理工作的{doc_type.title_suffixes[0]}"
    )
    data["body"] = [
        {"text": SENTENCE * 2},
        {"text": "一、总体要求", "level": 1},
        {"text": SENTENCE * 3},
    ]
    if doc_type == DocType.ORDER:
        data.update(
            layout=LayoutFormat.ORDER.value,
            issuers=[{"name": "江淮市人民政府", "masthead": "江淮市人民政府令"}],
            title="江淮市人民政府令",
            order_number="第19号",
            signer_title="市长",
            signer_name="陈立新",
            sealed=False,
            note="",
        )
    elif doc_type == DocType.MINUTES:
        data.update(
            layout=LayoutFormat.MINUTES.value,
            issuers=[{"name": "江淮市人民政府办公室", "masthead": "江淮市人民政府专题会议纪要"}],
            minutes_number="第3期",
            title="江淮市人民政府城市安全运行专题会议纪要",
            sealed=False,
            minutes_attendance={
                "present": ["陈立新", "刘志强"],
                "absent": [],
                "attending": ["黄明"],
            },
            primary_recipients=[],
        )
    elif doc_type == DocType.LETTER:
        data.update(layout=LayoutFormat.LETTER.value, doc_number="淮政办函〔2026〕15号")
        data["issuers"] = [{"name": "江淮市人民政府办公室"}]
    elif doc_type == DocType.RESOLUTION:
        data.update(
            adoption_note="（2026年1月5日江淮市第十七届人民代表大会第五次会议通过）",
            date=None,
            primary_recipients=[],
            note="",
        )
    elif doc_type in (DocType.ANNOUNCEMENT, DocType.CIRCULAR_PUBLIC, DocType.COMMUNIQUE):
        data["primary_recipients"] = []
    return data


def _upward_two_signers() -> dict:
    data = example_data("request")
    data["issuers"][0]["signers"] = ["周建国", "李海明"]
    return data


def _long_with_attachments() -> dict:
    body = []
    for n in range(1, 9):
        body.append({"text": f"{'一二三四五六七八'[n - 1]}、第{n}项重点工作", "level": 1})
        body += [{"text": SENTENCE * 3} for _ in range(3)]
    attachments = [
        {
            "title": f"江淮市城市安全运行重点任务分工方案（第{n}部分）",
            "body": [{"text": SENTENCE * 4}],
        }
        for n in range(1, 4)
    ]
    return _base(
        body=body,
        attachments=attachments,
        attachment_notes=[f"{n}.{a['title']}" for n, a in enumerate(attachments, 1)],
    )


def _recipients_overflow() -> dict:
    names = [f"江淮市第{n}联络协调工作领导小组办公室" for n in range(1, 16)]
    return _base(primary_recipients=names)


def _no_seal() -> dict:
    return _base(sealed=False)


BUILT = {
    **{f"type_{t.name.lower()}": (lambda t=t: _type_case(t)) for t in DocType},
    "upward_two_signers": _upward_two_signers,
    "long_with_three_attachments": _long_with_attachments,
    "recipients_overflow": _recipients_overflow,
    "no_seal": _no_seal,
}
ALL_CASES = [*EXAMPLE_NAMES, *BUILT]


def case_document(name: str) -> Document:
    data = BUILT[name]() if name in BUILT else example_data(name)
    return load_document(data)


@cache
def rendered(name: str) -> tuple[Document, RenderResult, MeasuredPdf]:
    document = case_document(name)
    result = render_pdf(document)
    return document, result, MeasuredPdf(result.pdf)


def with_changes(name: str, **changes) -> Document:
    data = BUILT[name]() if name in BUILT else example_data(name)
    data.update(changes)
    return load_document(data)


TODAY = dt.date(2026, 1, 5)


PITCH = L.LINE_PITCH_MM
CHAR = L.CHAR_PITCH_MM
STANDARD_CASES = [n for n in ALL_CASES if case_document(n).layout == LayoutFormat.STANDARD]


def _black_body_lines(pdf: MeasuredPdf, page: int) -> list[TextLine]:
    """Lines of black 3号 text inside the 版心 (no page numbers, no 版记)."""
    return [
        line
        for line in pdf.lines(page)
        if abs(line.size - L.BODY_FONT_PT) < 0.1
        and not line.is_red()
        and L.MARGIN_TOP_MM - 1 <= line.top < L.BODY_BOTTOM_MM
    ]


def _title_lines(pdf: MeasuredPdf, page: int = 1) -> list[TextLine]:
    return [
        line
        for line in pdf.lines(page)
        if abs(line.size - L.TITLE_FONT_PT) < 0.1 and not line.is_red()
    ]


def _on_grid(top: float) -> bool:
    offset = (top - L.MARGIN_TOP_MM) / PITCH
    return abs(offset - round(offset)) * PITCH < 0.3


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
        lines = _black_body_lines(pdf, page) + _title_lines(pdf, page)
        if page == 1:
            # The 版头 is placed in mm, not on the grid: check from the title (or, in a 令,
            # from below the 令号) down.
            titles = _title_lines(pdf, 1)
            number = pdf.find_line(1, document.order_number) if document.order_number else None
            start = titles[0].top if titles else (number.bottom + 0.1 if number else 0)
            lines = [line for line in lines if line.top >= start - 0.1]
        if document.layout == LayoutFormat.LETTER and page == 1:
            lines = [line for line in lines if line.top > 70]
        for line in lines:
            assert _on_grid(line.top), (page, line.text, line.top)


@pytest.mark.parametrize("name", ["notice", "long_with_three_attachments", "bulletin_classified"])
def test_full_body_lines_hold_28_characters_at_the_character_pitch(name):
    _, _, pdf = rendered(name)
    checked = 0
    for page in range(1, pdf.page_count + 1):
        for line in _black_body_lines(pdf, page):
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
        tops = sorted({round(line.top, 1) for line in _black_body_lines(pdf, page)})
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
    titles = _title_lines(pdf)
    assert titles
    for line in titles:
        assert abs(line.centre_x - L.BODY_CENTER_X_MM) < 1, line.text
    sep = next(r for r in pdf.rules(1) if is_red(r.color))
    gap = titles[0].top - sep.bottom
    assert 2 * PITCH - 0.1 <= gap < 3 * PITCH


@pytest.mark.parametrize("name", ALL_CASES)
def test_title_lines_never_split_a_word(name):
    document, _, pdf = rendered(name)
    lines = [line.text for line in _title_lines(pdf)]
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
    widths = [line.x1 - line.x0 for line in _title_lines(pdf)]
    if len(widths) >= 3:
        middle = min(widths[1:-1])
        assert not (middle < widths[0] - 1 and middle < widths[-1] - 1), widths


def test_recipients_are_flush_left_one_blank_line_below_the_title_ending_with_a_colon():
    _, _, pdf = rendered("notice")
    titles = _title_lines(pdf)
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
        title = _title_lines(pdf, pages[0])[0]
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


# --- 署名, 成文日期, 印章 ----------------------------------------------------------------------


def _signature(pdf: MeasuredPdf, name: str, date: str):
    for page in range(1, pdf.page_count + 1):
        d = pdf.find_line(page, date)
        s = pdf.find_line(page, name)
        if d and s and d.top > s.top:
            return page, s, d
    raise AssertionError("no signature found")


def test_sealed_date_is_four_characters_from_the_right_and_the_name_centred_over_it():
    _, result, pdf = rendered("notice")
    page, name, date = _signature(pdf, "江淮市人民政府办公室", "2026年1月5日")
    assert abs(date.x1 - (L.BODY_RIGHT_MM - 4 * CHAR)) < 1
    assert abs(name.centre_x - date.centre_x) < 1
    assert abs(date.top - name.top - PITCH) < 0.3
    seal = result.find("seal")[0]
    assert seal.page == page
    assert abs(seal.x + seal.width / 2 - date.centre_x) < 1
    centre_y = seal.top + seal.height / 2
    assert centre_y < (name.top + date.chars[0].bottom) / 2  # the text sits below the centre
    assert seal.top < name.top and seal.top + seal.height > date.chars[0].bottom  # it presses both


def test_seal_top_is_within_one_line_of_the_text_above():
    _, result, pdf = rendered("notice")
    seal = result.find("seal")[0]
    above = [line for line in _black_body_lines(pdf, seal.page) if line.chars[0].bottom < seal.top]
    assert above
    assert seal.top - above[-1].chars[0].bottom <= PITCH


def test_seal_image_is_drawn_centred_on_the_date_axis():
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, 196, 196), outline=(255, 0, 0, 255), width=8)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    document = case_document("notice")
    result = render_pdf(document, seal_images={"江淮市人民政府办公室": buffer.getvalue()})
    assert not any("印章图片" in w for w in result.warnings)
    pdf = MeasuredPdf(result.pdf)
    page, _, date = _signature(pdf, "江淮市人民政府办公室", "2026年1月5日")
    images = pdf.images(page)
    assert len(images) == 1
    assert abs((images[0]["x0"] + images[0]["x1"]) / 2 - date.centre_x) < 1
    assert abs(images[0]["x1"] - images[0]["x0"] - L.SEAL_DIAMETER_MM) < 0.5


def test_missing_seal_image_is_reported_not_silently_skipped():
    _, result, _ = rendered("notice")
    assert any("印章图片" in w for w in result.warnings)


def test_unsealed_name_is_two_characters_from_the_right_and_the_date_two_characters_in():
    _, _, pdf = rendered("no_seal")
    _, name, date = _signature(pdf, "江淮市人民政府办公室", "2026年1月5日")
    assert (
        abs(name.x1 - (L.BODY_RIGHT_MM - 2 * CHAR)) < 1
        or abs(date.x1 - (L.BODY_RIGHT_MM - 2 * CHAR)) < 1
    )
    assert abs(date.x0 - (name.x0 + 2 * CHAR)) < 0.5
    assert abs(date.top - name.top - PITCH) < 0.3


def test_joint_sealed_document_gives_each_organ_a_seal_that_touches_no_other():
    _, result, pdf = rendered("joint_notice")
    seals = result.find("seal")
    assert len(seals) == 3
    for i, a in enumerate(seals):
        for b in seals[i + 1 :]:
            ca = (a.x + a.width / 2, a.top + a.height / 2)
            cb = (b.x + b.width / 2, b.top + b.height / 2)
            distance = ((ca[0] - cb[0]) ** 2 + (ca[1] - cb[1]) ** 2) ** 0.5
            assert distance > L.SEAL_DIAMETER_MM
        assert a.x >= L.MARGIN_LEFT_MM - 0.5 and a.x + a.width <= L.BODY_RIGHT_MM + 0.5
    _, _, date = _signature(pdf, "市住房城乡建设局", "2026年1月15日")
    last = seals[-1]
    assert abs(last.x + last.width / 2 - date.centre_x) < 1


@pytest.mark.parametrize("paragraphs", range(4, 12))
def test_signature_never_stands_on_a_page_without_text(paragraphs):
    body = [{"text": SENTENCE * 2}] * paragraphs
    document = load_document(_base(body=body, attachments=[], attachment_notes=[], note=""))
    result = render_pdf(document)
    pdf = MeasuredPdf(result.pdf)
    page, name, _ = _signature(pdf, "江淮市人民政府办公室", "2026年1月5日")
    text_above = [
        line for line in _black_body_lines(pdf, page) if line.top < name.top and line.x0 < 60
    ]
    assert len(text_above) >= 1  # never a page with only the 署名 and date


def test_order_format_signs_with_title_and_name_four_characters_from_the_right():
    _, _, pdf = rendered("order")
    sign = pdf.find_line(1, "市长")
    assert sign is not None and "陈立新" in sign.text
    assert abs(sign.x1 - (L.BODY_RIGHT_MM - 4 * CHAR)) < 1
    date = pdf.find_line(1, "2026年1月10日")
    assert abs(date.x1 - (L.BODY_RIGHT_MM - 4 * CHAR)) < 1
    assert abs(date.top - sign.top - 2 * PITCH) < 0.3


def test_order_format_masthead_is_20mm_below_the_type_block_with_no_separator():
    _, _, pdf = rendered("order")
    red = [c for c in pdf.chars(1) if is_red(c.color)]
    assert abs(min(c.top for c in red) - (L.MARGIN_TOP_MM + 20)) < 1
    assert not [r for r in pdf.rules(1) if is_red(r.color)]
    number = pdf.find_line(1, "第18号")
    assert abs(number.centre_x - L.BODY_CENTER_X_MM) < 1
    assert abs(number.top - (max(c.bottom for c in red) + 2 * PITCH)) < 1


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


# --- 版记 and page numbers --------------------------------------------------------------------


@pytest.mark.parametrize("name", STANDARD_CASES)
def test_colophon_rules_are_035_and_025mm_with_the_last_on_the_type_blocks_lower_edge(name):
    document, result, pdf = rendered(name)
    page = result.colophon_page
    assert page is not None and page % 2 == 0
    rules = [r for r in pdf.rules(page) if not is_red(r.color)]
    assert len(rules) >= 2
    assert abs(rules[0].thickness - 0.35) < 0.05 and abs(rules[-1].thickness - 0.35) < 0.05
    for rule in rules[1:-1]:
        assert abs(rule.thickness - 0.25) < 0.05
    assert abs(rules[-1].middle - L.BODY_BOTTOM_MM) < 1
    for rule in rules:
        assert abs(rule.x0 - L.MARGIN_LEFT_MM) < 0.2 and abs(rule.width - 156) < 0.2
    printed = next(line for line in pdf.lines(page) if line.text.endswith("印发"))
    assert printed.text.startswith(document.printer)
    assert printed.text.endswith(
        f"{document.print_date.year}年{document.print_date.month}月{document.print_date.day}日印发"
    )
    assert printed.size == L.COLOPHON_FONT_PT


def test_cc_line_is_indented_one_character_wraps_after_the_colon_and_ends_with_a_full_stop():
    _, result, pdf = rendered("notice")
    page = result.colophon_page
    cc = pdf.find_line(page, "抄送：")
    one = L.pt_to_mm(L.COLOPHON_FONT_PT)
    assert abs(cc.x0 - (L.MARGIN_LEFT_MM + one)) < 0.5
    following = [line for line in pdf.lines(page) if 0 < line.top - cc.top < PITCH + 1]
    assert following and abs(following[0].x0 - cc.chars[3].x0) < 0.5
    assert following[0].text.endswith("。")


@pytest.mark.parametrize("name", ALL_CASES)
def test_page_numbers_read_dash_n_dash_on_the_outer_side_7mm_below_the_type_block(name):
    _, result, pdf = rendered(name)
    one = L.pt_to_mm(L.PAGE_NUMBER_FONT_PT)
    for page, number in result.numbered_pages.items():
        lines = [line for line in pdf.lines(page) if line.top > L.BODY_BOTTOM_MM]
        assert len(lines) == 1
        line = lines[0]
        assert line.text == f"— {number} —"
        assert line.size == L.PAGE_NUMBER_FONT_PT
        dash = line.chars[0]
        assert abs((dash.top + dash.bottom) / 2 - (L.BODY_BOTTOM_MM + 7)) < 1
        if number % 2:
            assert abs(line.x1 - (L.BODY_RIGHT_MM - one)) < 1
        else:
            assert abs(line.x0 - (L.MARGIN_LEFT_MM + one)) < 1
    for page in range(1, pdf.page_count + 1):
        if page not in result.numbered_pages:
            assert not [line for line in pdf.lines(page) if line.top > L.BODY_BOTTOM_MM]


def test_colophon_needing_an_even_page_gets_a_blank_unnumbered_page_before_it():
    for paragraphs in range(8, 40, 2):
        body = [{"text": SENTENCE * 2}] * paragraphs
        document = load_document(_base(body=body, attachments=[], attachment_notes=[]))
        result = render_pdf(document)
        if result.colophon_page and result.colophon_page - 2 >= 1:
            pdf = MeasuredPdf(result.pdf)
            blank = result.colophon_page - 1
            if not pdf.chars(blank):
                assert blank not in result.numbered_pages
                assert result.colophon_page not in result.numbered_pages
                return
    pytest.fail("no length produced a blank page before the 版记 page")


@pytest.mark.parametrize("doc_type", list(DocType))
def test_every_type_renders_with_its_format_and_reports_what_it_substituted(doc_type):
    _, result, pdf = rendered(f"type_{doc_type.name.lower()}")
    assert result.pdf.startswith(b"%PDF")
    assert pdf.page_count >= 2 or doc_type == DocType.LETTER
    assert result.substitutions  # the test machine has no official fonts: all reported


def test_urgency_alone_takes_the_first_line_of_the_type_block():
    document = with_changes("notice", urgency="加急")
    pdf = MeasuredPdf(render_pdf(document).pdf)
    line = pdf.find_line(1, "加急")
    assert line.text == "加急"
    assert abs(line.top - L.line_top_mm(1)) < 0.5 and abs(line.x0 - L.MARGIN_LEFT_MM) < 0.5


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


def test_a_signature_stamp_image_replaces_nothing_but_is_drawn_over_the_name():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (120, 60), (255, 0, 0, 128)).save(buffer, format="PNG")
    result = render_pdf(case_document("order"), seal_images={"陈立新": buffer.getvalue()})
    assert not any("签名章图片" in w for w in result.warnings)
    pdf = MeasuredPdf(result.pdf)
    sign = pdf.find_line(1, "市长")
    image = pdf.images(1)[0]
    assert abs(image["x1"] - sign.x1) < 1
    assert image["top"] < sign.top < image["bottom"]
