"""The .docx writer: page set-up, grid, fonts, colours, footers and element order (GB/T 9704).

Checked on the XML Word, WPS and LibreOffice read, because those are what a drafter's editor
honours; where the page lands when printed is checked in ``test_docx_libreoffice``.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zlib

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.gongwen import samples
from zhongshu.gongwen.fonts import FALLBACKS, OFFICIAL_FAMILIES
from zhongshu.gongwen.model import Issuer, Paragraph
from zhongshu.gongwen.reader.docx import _paragraph_texts
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.docx import (
    FONTCONFIG_ALIASES,
    fontconfig_aliases,
    render_docx,
    render_docx_result,
)
from zhongshu.gongwen.typeset.docx_xml import _ORDER, grid_cells_twips


def _open(document) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(document, follow_pdf_pagination=False)))


@pytest.fixture(scope="module")
def notice():
    return _open(samples.notice())


def _mm(length) -> float:
    return length / 36000


def _runs_with(package, text: str):
    return [r for p in package.paragraphs for r in p.runs if text in r.text]


def _font(run) -> tuple[str, int]:
    rpr = run._r.rPr
    return rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")), int(
        rpr.find(qn("w:sz")).get(qn("w:val"))
    )


def test_the_page_is_a4_with_the_standard_margins(notice):
    section = notice.sections[0]
    assert round(_mm(section.page_width), 1) == L.PAGE_WIDTH_MM == 210
    assert round(_mm(section.page_height), 1) == L.PAGE_HEIGHT_MM == 297
    assert round(_mm(section.top_margin), 1) == 37.0  # 天头
    assert round(_mm(section.left_margin), 1) == 28.0  # 订口
    assert round(_mm(section.page_width - section.left_margin - section.right_margin), 1) == 156.0
    assert round(_mm(section.page_height - section.top_margin - section.bottom_margin), 1) == 225.0


def test_the_document_grid_has_22_lines_of_28_characters(notice):
    grid = notice.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines fill the 225 mm 版心
    char_space = int(grid.get(qn("w:charSpace")))
    pitch = L.BODY_FONT_PT + char_space / 4096
    assert int(L.mm_to_pt(L.BODY_WIDTH_MM) // pitch) == 28


def test_indents_in_characters_start_on_a_grid_cell_in_word_and_libreoffice(notice):
    word, libreoffice = grid_cells_twips()
    assert 28 * libreoffice <= 28 * word <= L.mm_to_pt(L.BODY_WIDTH_MM) * 20
    paragraph = next(p for p in notice.paragraphs if p.text.startswith("为做好今年防汛工作"))
    first_line = int(paragraph._p.pPr.find(qn("w:ind")).get(qn("w:firstLine")))
    # Two cells, not a hair more: LibreOffice would start the text in the third cell.
    assert 2 * libreoffice - 1 <= first_line <= 2 * libreoffice


def test_lines_break_as_in_the_pdf_no_widow_control_no_extra_latin_spacing(notice):
    ppr = notice.styles["Normal"].element.pPr
    for tag in ("w:widowControl", "w:autoSpaceDE", "w:autoSpaceDN"):
        assert ppr.find(qn(tag)).get(qn("w:val")) == "0", tag


def test_the_shipped_fontconfig_aliases_are_generated_from_the_font_tables():
    shipped = FONTCONFIG_ALIASES.read_text(encoding="utf-8")
    assert shipped == fontconfig_aliases(), (
        "regenerate: .venv/bin/python -c 'from zhongshu.gongwen.typeset.docx import *; "
        'FONTCONFIG_ALIASES.write_text(fontconfig_aliases(), encoding="utf-8")\''
    )
    for family in OFFICIAL_FAMILIES.values():
        assert f"<string>{family}</string></test>" in shipped


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig (fc-list) 未安装")
def test_every_alias_target_is_a_family_fontconfig_knows_when_its_file_is_installed():
    listed = subprocess.run(  # noqa: S603 - a fixed tool
        [shutil.which("fc-list") or "fc-list", "--format", "%{file}\t%{family}\n"],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    families: dict[str, set[str]] = {}
    for line in listed.splitlines():
        path, _, names = line.partition("\t")
        families.setdefault(path, set()).update(n.strip() for n in names.split(","))
    text = fontconfig_aliases()
    for sources in FALLBACKS.values():
        for source in sources:
            if source.path not in families:
                continue
            known = families[source.path]
            assert any(f"<string>{name}</string>" in text for name in known), (source, known)


def test_fonts_are_named_by_role_with_sizes_of_the_standard(notice):
    assert _font(_runs_with(notice, "为做好今年防汛工作")[0]) == ("仿宋_GB2312", 32)  # 3号
    assert _font(_runs_with(notice, "江淮市人民政府关于做好")[0]) == ("方正小标宋简体", 44)  # 2号
    assert _font(_runs_with(notice, "一、提高认识。")[0]) == ("黑体", 32)
    assert _font(_runs_with(notice, "（一）压实责任。")[0]) == ("楷体_GB2312", 32)
    assert _font(_runs_with(notice, "抄送：")[0]) == ("仿宋_GB2312", 28)  # 4号 版记
    assert _font(_runs_with(notice, "机密★1年")[0])[0] == "黑体"


def test_the_font_table_names_a_fallback_for_every_official_font(notice):
    table = next(
        r.target_part for r in notice.part.rels.values() if r.reltype.endswith("/fontTable")
    )
    root = docx.oxml.parse_xml(table.blob)
    fonts = {f.get(qn("w:name")): f for f in root.findall(qn("w:font"))}
    for family in OFFICIAL_FAMILIES.values():
        assert fonts[family].find(qn("w:altName")) is not None, family


def test_the_masthead_and_the_separator_are_red(notice):
    masthead = _runs_with(notice, "江淮市人民政府文件")[0]
    assert masthead._r.rPr.find(qn("w:color")).get(qn("w:val")) == "FF0000"
    number = next(p for p in notice.paragraphs if p.text == "江政发〔2021〕7号")
    bottom = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"


def test_page_numbers_sit_right_on_odd_and_left_on_even_pages(notice):
    assert notice.settings.odd_and_even_pages_header_footer is True
    section = notice.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT
    for footer in (odd, even):
        assert footer._p.find(qn("w:fldSimple")).get(qn("w:instr")).split()[0] == "PAGE"
        assert footer.text.startswith("— ") and footer.text.endswith(" —")


def test_elements_come_in_the_order_of_the_standard(notice):
    texts = [t.strip() for t in _paragraph_texts(notice) if t.strip()]
    order = [
        "000123", "机密★1年", "特急", "江淮市人民政府文件", "江政发〔2021〕7号",
        "江淮市人民政府关于做好\n2021年防汛工作的通知", "各县（市、区）人民政府，市政府各部门：",
        "为做好今年防汛工作，现将有关事项通知如下。", "附件：1.防汛责任人名单", "2.防汛物资储备表",
        "江淮市人民政府", "2021年5月20日", "（此件公开发布）", "附件1", "防汛责任人名单",
        "附件2", "防汛物资储备表", "抄送：市委办公室，市人大常委会办公室。",
        "江淮市人民政府办公室\t2021年5月21日印发",
    ]  # fmt: skip
    positions = [texts.index(item) for item in order]
    assert positions == sorted(positions)


def test_attachments_start_on_new_pages_and_the_colophon_sits_at_the_foot(notice):
    labels = [p for p in notice.paragraphs if p.text in {"附件1", "附件2"}]
    assert all(p.paragraph_format.page_break_before for p in labels)
    colophon = [p for p in notice.paragraphs if p.text.startswith(("抄送", "江淮市人民政府办公室"))]
    frames = [p._p.pPr.find(qn("w:framePr")) for p in colophon]
    assert frames[-1].get(qn("w:yAlign")) == "bottom"
    assert all(f.get(qn("w:vAnchor")) == "margin" for f in frames)


@pytest.mark.parametrize("name", sorted(samples.ALL))
def test_properties_are_in_schema_order_so_word_opens_the_file(name):
    package = _open(samples.ALL[name]())
    for tag in ("pPr", "rPr", "tblPr"):
        order = _ORDER[tag].split()
        for element in package.element.body.iter(qn(f"w:{tag}")):
            names = [child.tag.rsplit("}", 1)[-1] for child in element]
            ranks = [order.index(n) for n in names if n in order]
            assert ranks == sorted(ranks), names


def _png(path, size: int = 8) -> None:
    """A small red PNG (no image library needed)."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_a_seal_image_floats_over_the_signature_and_a_missing_one_is_reported(tmp_path):
    seal = tmp_path / "seal.png"
    _png(seal)
    issuer = Issuer(name="江淮市人民政府", masthead="江淮市人民政府文件", seal_image=str(seal))
    result = render_docx_result(samples.notice(issuers=[issuer]), follow_pdf_pagination=False)
    package = docx.Document(io.BytesIO(result.docx))
    anchors = list(package.element.body.iter(qn("wp:anchor")))
    assert len(anchors) == 1
    extent = anchors[0].find(qn("wp:extent"))
    assert round(int(extent.get("cx")) / 36000) == L.SEAL_DIAMETER_MM
    assert not any("印章" in w for w in result.warnings)
    missing = render_docx_result(samples.notice(), follow_pdf_pagination=False)
    assert any("印章图片" in w for w in missing.warnings)


def test_a_joint_masthead_stacks_the_names_beside_one_文件():
    package = _open(samples.joint())
    table = package.tables[0]
    assert [p.text for p in table.cell(0, 0).paragraphs] == ["江淮市人民政府", "江淮市中级人民法院"]
    assert table.cell(0, 1).text == "文件"


def test_the_colophon_goes_on_an_even_page_as_the_pdf_decides():
    short = samples.notice(attachments=[], body=[Paragraph(text="请认真贯彻执行。")], note="")
    result = render_docx_result(short)
    assert result.colophon_extra_pages == 1  # one page of text: the 版记 prints on its back
    long = samples.notice(attachments=[])
    assert render_docx_result(long).colophon_extra_pages == 0  # ends on page 2, room at the foot


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXT, min_size=1, max_size=8), _TEXT)
def test_any_body_and_title_can_be_written(body, title):
    document = samples.notice(title=title, body=[Paragraph(text=t) for t in body])
    assert render_docx(document, follow_pdf_pagination=False)[:2] == b"PK"


def test_a_blank_page_before_the_colophon_and_the_colophon_page_are_not_numbered():
    result = render_docx_result(samples.two_page_notice())
    assert result.colophon_extra_pages == 2
    package = docx.Document(io.BytesIO(result.docx))
    assert len(package.sections) == 2
    last = package.sections[-1]
    assert last.footer.is_linked_to_previous is False
    assert all(not p.text for f in (last.footer, last.even_page_footer) for p in f.paragraphs)
    assert package.sections[0].footer.paragraphs[0].text.startswith("— ")


_NAME = st.text(alphabet="江淮市人民政府办公室财政局国务院一二三", min_size=2, max_size=12)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(samples.ALL)),
    st.fixed_dictionaries(
        {},
        optional={
            "title": _TEXT,
            "primary_recipients": st.lists(_NAME, max_size=4),
            "cc_recipients": st.lists(_NAME, max_size=6),
            "attachment_notes": st.lists(_TEXT, max_size=3),
            "note": _TEXT,
            "printer": _NAME,
            "body": st.lists(_TEXT.map(lambda t: Paragraph(text=t)), max_size=6),
        },
    ),
    st.lists(st.tuples(_NAME, st.lists(_NAME, max_size=3)), max_size=3),
)
def test_any_document_can_be_written_and_read_back_without_error(name, changes, issuers):
    from zhongshu.gongwen.reader import read_docx

    document = samples.ALL[name]().model_copy(update=changes)
    if issuers:
        document = document.model_copy(
            update={"issuers": [Issuer(name=n, signers=s) for n, s in issuers]}
        )
    data = render_docx(document, follow_pdf_pagination=False)
    assert read_docx(data).document is not None
