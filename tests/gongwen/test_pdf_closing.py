"""署名, 成文日期, 印章, 版记 and page numbers of the rendered PDF, measured (GB/T 9704-2012
§7.3.5, §7.4, §7.5; standards.md §2.4, §2.5). Unverified numbers: see test_pdf_layout.py."""

from __future__ import annotations

import io

import pytest

from tests.gongwen.pdfcases import (
    ALL_CASES,
    CHAR,
    PITCH,
    SENTENCE,
    STANDARD_CASES,
    base,
    black_body_lines,
    case_document,
    find_signature,
    rendered,
)
from tests.gongwen.pdfmeasure import MeasuredPdf, is_red
from zhongshu.gongwen.model import DocType, load_document
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.pdf import render_pdf

# --- 署名, 成文日期, 印章 ----------------------------------------------------------------------


def test_sealed_date_is_four_characters_from_the_right_and_the_name_centred_over_it():
    _, result, pdf = rendered("notice")
    page, name, date = find_signature(pdf, "江淮市人民政府办公室", "2026年1月5日")
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
    above = [line for line in black_body_lines(pdf, seal.page) if line.chars[0].bottom < seal.top]
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
    page, _, date = find_signature(pdf, "江淮市人民政府办公室", "2026年1月5日")
    images = pdf.images(page)
    assert len(images) == 1
    assert abs((images[0]["x0"] + images[0]["x1"]) / 2 - date.centre_x) < 1
    assert abs(images[0]["x1"] - images[0]["x0"] - L.SEAL_DIAMETER_MM) < 0.5


def test_missing_seal_image_is_reported_not_silently_skipped():
    _, result, _ = rendered("notice")
    assert any("印章图片" in w for w in result.warnings)


def test_unsealed_name_is_two_characters_from_the_right_and_the_date_two_characters_in():
    _, _, pdf = rendered("no_seal")
    _, name, date = find_signature(pdf, "江淮市人民政府办公室", "2026年1月5日")
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
    _, _, date = find_signature(pdf, "市住房城乡建设局", "2026年1月15日")
    last = seals[-1]
    assert abs(last.x + last.width / 2 - date.centre_x) < 1


@pytest.mark.parametrize("paragraphs", range(4, 12))
def test_signature_never_stands_on_a_page_without_text(paragraphs):
    body = [{"text": SENTENCE * 2}] * paragraphs
    document = load_document(base(body=body, attachments=[], attachment_notes=[], note=""))
    result = render_pdf(document)
    pdf = MeasuredPdf(result.pdf)
    page, name, _ = find_signature(pdf, "江淮市人民政府办公室", "2026年1月5日")
    text_above = [
        line for line in black_body_lines(pdf, page) if line.top < name.top and line.x0 < 60
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
        document = load_document(base(body=body, attachments=[], attachment_notes=[]))
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


def test_a_seal_never_reaches_below_the_type_block_into_the_page_number():
    # One-line paragraphs move the signature down one grid line at a time, through every
    # position on the page.
    for paragraphs in range(1, 30):
        body = [{"text": "各县区要认真落实本通知要求，确保取得实效。"}] * paragraphs
        document = load_document(base(body=body, attachments=[], attachment_notes=[], note=""))
        for seal in render_pdf(document).find("seal"):
            assert seal.top + seal.height <= L.BODY_BOTTOM_MM + 0.5, paragraphs


def test_seal_images_may_be_keyed_by_the_organs_full_name():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (100, 100), (255, 0, 0, 90)).save(buffer, format="PNG")
    result = render_pdf(
        case_document("joint_notice"), seal_images={"江淮市财政局": buffer.getvalue()}
    )
    missing = [w for w in result.warnings if "印章图片" in w]
    assert len(missing) == 2 and not any("市财政局的" in w for w in missing)
