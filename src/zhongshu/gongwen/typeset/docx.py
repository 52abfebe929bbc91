"""``render_docx``: a ``Document`` as an editable .docx laid out like the PDF (GB/T 9704-2012).

Drafters revise documents in Word or WPS, so the .docx must be ordinary editable text (no
text drawn as pictures, no absolute positioning of the 主体) and still print on the same
millimetres as the PDF: same page set-up and 22 × 28 grid, every line of the 主体 one grid line
(exact 28.95 pt, see ``layout.DOCX_LINE_PITCH_PT``), the 版头 placed by the same arithmetic as
the PDF's, the 版记 in a frame pinned to the foot of the 版心.

Steps:

1. page set-up, defaults, font fallbacks, odd/even footers with "— N —";
2. 版头 for the document's format (``_header``); it returns where the title must start;
3. title, 题注, 主送, 正文, 附件说明, 署名/日期/印章, 附注 (``docx_body``);
4. attachments, each on a new page;
5. the 版记, on the page the PDF typesetter chose for it (an even page: the back of the last
   sheet), so that both outputs have the same pages.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from zhongshu.gongwen.fonts import FALLBACKS, OFFICIAL_FAMILIES, FontRole
from zhongshu.gongwen.limits import ensure_document_size
from zhongshu.gongwen.model import Document, LayoutFormat
from zhongshu.gongwen.typeset import docx_body as B
from zhongshu.gongwen.typeset import docx_xml as X
from zhongshu.gongwen.typeset import layout as L

if TYPE_CHECKING:
    from zhongshu.gongwen.typeset.pdf import RenderResult

RED = L.RED_HEX

# The fontconfig aliases shipped with the package (``fontconfig_aliases``), installed by
# ``scripts/fontconfig-aliases.sh`` (``make sysdeps-fonts``, ``make demo``, ``make test``).
FONTCONFIG_ALIASES = (
    Path(__file__).resolve().parent.parent / "data" / "fontconfig" / "65-zhongshu-fallbacks.conf"
)
# ``fonts.FALLBACKS`` names faces as a user reads them; fontconfig knows these by another family.
_FONTCONFIG_FAMILY = {"cwTeX 仿宋": "cwTeXFangSong"}


@dataclass
class DocxResult:
    """The .docx and the typesetting decisions a reviewer may need (Chinese warnings)."""

    docx: bytes
    warnings: list[str] = field(default_factory=list)
    colophon_extra_pages: int = 0


def render_docx(document: Document, *, follow_pdf_pagination: bool = True) -> bytes:
    """Typeset ``document`` as .docx bytes (see ``render_docx_result`` for the warnings)."""
    return render_docx_result(document, follow_pdf_pagination=follow_pdf_pagination).docx


def render_docx_result(document: Document, *, follow_pdf_pagination: bool = True) -> DocxResult:
    """Typeset ``document`` as .docx; ``follow_pdf_pagination`` asks the PDF typesetter which
    page the 版记 goes on (it may add a page so that the 版记 prints on the back of a sheet)
    and whether it tightened the sealed 署名's blank lines to keep it on the text's page."""
    ensure_document_size(document)
    out = docx.Document()
    body = out.element.body
    for child in list(body):
        if child.tag != X.qn("w:sectPr"):
            body.remove(child)
    warnings: list[str] = []
    props = out.core_properties
    props.title = document.title
    props.subject = document.doc_type.value
    props.category = document.layout.value  # the 版式, which print alone cannot always tell
    props.author = document.lead_issuer.name if document.lead_issuer else ""
    props.comments = "中枢按 GB/T 9704-2012 排版"
    X.set_defaults(out)
    X.font_table_fallbacks(out)
    section = out.sections[0]
    X.set_page(section)
    _footers(out, section, document)
    title_top = _header(out, document, warnings)
    pdf = _pdf_pages(document) if follow_pdf_pagination else None
    squeeze = pdf is not None and pdf.signature_squeezed
    B.main_body(out, document, title_top, warnings, squeeze_signature=squeeze)
    B.attachments(out, document)
    extra = _colophon_pages(document, pdf) if pdf is not None else 0
    B.colophon(out, document, extra_pages=extra)
    buffer = io.BytesIO()
    out.save(buffer)
    return DocxResult(docx=buffer.getvalue(), warnings=warnings, colophon_extra_pages=extra)


def _pdf_pages(document: Document) -> RenderResult | None:
    """The PDF typesetter's pages for ``document``, which the .docx follows where the grid alone
    cannot tell (the 版记's page, a tightened signature); None when there is nothing to follow
    or no PDF typesetter (no fonts)."""
    if not (document.cc_recipients or document.printer or document.print_date) and not (
        B.has_seal_block(document)
    ):
        return None
    try:
        from zhongshu.gongwen.typeset.pdf import render_pdf

        return render_pdf(document)
    except Exception:  # no fonts or no PDF typesetter: the .docx keeps to its own grid
        return None


def _colophon_pages(document: Document, rendered: RenderResult) -> int:
    """Pages the PDF typesetter adds after the content before its 版记 (0, 1 or 2)."""
    if not (document.cc_recipients or document.printer or document.print_date):
        return 0
    if rendered.colophon_page is None:
        return 0
    used = max(
        (p.page for p in rendered.placements if not p.kind.startswith(("colophon", "page_number"))),
        default=1,
    )
    return max(0, rendered.colophon_page - used)


def _footers(out: Any, section: Any, document: Document) -> None:
    """Odd pages: number right, 1 character in; even pages: left, 1 character in."""
    X.even_and_odd_footers(out)
    indent = X.char_twips(L.PAGE_NUMBER_INDENT_CHARS, L.PAGE_NUMBER_FONT_PT)
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        X.set_spacing(paragraph, line_pt=L.PAGE_NUMBER_FONT_PT * 1.2)
        X.no_grid_snap(paragraph)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            X.set_indent(paragraph, right=indent)
        else:
            X.set_indent(paragraph, left=indent)
        X.page_field(paragraph, FontRole.SONGTI, L.PAGE_NUMBER_FONT_PT)
    if document.layout == LayoutFormat.LETTER:
        section.different_first_page_header_footer = True  # 信函格式: no number on page 1


def _line_of(top_mm: float) -> int:
    """The first grid line whose top is at or below ``top_mm`` (as the PDF's header does)."""
    return max(1, math.ceil((top_mm - L.MARGIN_TOP_MM) / L.LINE_PITCH_MM - 1e-6) + 1)


def _header_block(out: Any, document: Document) -> float:
    """份号, 密级★期限, 紧急程度 on lines 1–3; returns the bottom of the last (mm from the top)."""
    items: list[tuple[str, FontRole]] = []
    if document.copy_number:
        items.append((document.copy_number.zfill(L.COPY_NUMBER_DIGITS), FontRole.FANGSONG))
    if document.classification_mark:
        items.append((document.classification_mark, FontRole.HEITI))
    if document.urgency.value:
        items.append((document.urgency.value, FontRole.HEITI))
    for text, role in items:
        B.text_paragraph(out, text, role)
    return L.MARGIN_TOP_MM + len(items) * L.LINE_PITCH_MM


def _masthead(
    out: Any, text: str, top_mm: float, flow_mm: float, *, size_pt: float
) -> tuple[float, float]:
    """The red 标志 centred with its em box's top at ``top_mm``; returns the em box's bottom
    (where the PDF measures from) and the line's bottom (where the .docx flow continues), mm.

    Squeezed horizontally when wider than the 版心 (then shrunk), as the PDF does.
    """
    natural_pt = B.units(text) * size_pt
    # A little short of the 版心: an editor wraps a line that is a hair too wide.
    limit_pt = L.mm_to_pt(L.MASTHEAD_MAX_WIDTH_MM) * 0.97
    scale = min(1.0, limit_pt / natural_pt) if natural_pt else 1.0
    if scale < L.MASTHEAD_MIN_HSCALE:
        size_pt = size_pt * scale / L.MASTHEAD_MIN_HSCALE
        scale = L.MASTHEAD_MIN_HSCALE
    paragraph = X.add_paragraph(out)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    X.no_grid_snap(paragraph)
    before = top_mm - flow_mm - B.em_offset_mm(size_pt, size_pt)
    X.set_spacing(paragraph, line_pt=size_pt, before_pt=L.mm_to_pt(before))
    run = paragraph.add_run(text)
    X.style_run(run, FontRole.XIAOBIAOSONG, size_pt, color=RED, scale=math.floor(scale * 100))
    line_top = top_mm - B.em_offset_mm(size_pt, size_pt)
    return top_mm + L.pt_to_mm(size_pt), line_top + L.pt_to_mm(size_pt)


def _joint_masthead(
    out: Any, document: Document, top_mm: float, flow_mm: float
) -> tuple[float, float]:
    """Stacked names (one common width) and "文件" to their right, centred on them: a table."""
    names, suffix = [], ""
    for issuer in document.issuers:
        text = issuer.masthead_text
        if text.endswith("文件") and len(text) > 2:
            text, suffix = text[:-2], "文件"
        names.append(text)
    size = L.MASTHEAD_JOINT_FONT_PT
    widest = max(B.units(n) for n in names) * size
    total = widest + (L.mm_to_pt(L.MASTHEAD_JOINT_WORD_GAP_MM) + 2 * size if suffix else 0)
    scale = min(1.0, L.mm_to_pt(L.MASTHEAD_MAX_WIDTH_MM) / total)
    spacer = X.add_paragraph(out)
    X.no_grid_snap(spacer)
    X.set_spacing(spacer, line_pt=max(1.0, L.mm_to_pt(top_mm - flow_mm)))
    table = out.add_table(rows=1, cols=2 if suffix else 1)
    table.alignment = 1  # centred
    pitch_pt = size + L.mm_to_pt(L.MASTHEAD_JOINT_LINE_GAP_MM)
    left = table.cell(0, 0)
    left.width = X.docx_length_pt(widest * scale)
    for index, name in enumerate(names):
        paragraph = left.paragraphs[0] if index == 0 else left.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
        X.no_grid_snap(paragraph)
        X.set_spacing(paragraph, line_pt=pitch_pt if index < len(names) - 1 else size)
        X.style_run(
            paragraph.add_run(name),
            FontRole.XIAOBIAOSONG,
            size,
            color=RED,
            scale=math.floor(scale * 100),
        )
    if suffix:
        right = table.cell(0, 1)
        right.width = X.docx_length_pt(
            (2 * size + L.mm_to_pt(L.MASTHEAD_JOINT_WORD_GAP_MM)) * scale
        )
        right.vertical_alignment = 1  # centre
        paragraph = right.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        X.no_grid_snap(paragraph)
        X.set_spacing(paragraph, line_pt=size)
        X.style_run(
            paragraph.add_run(suffix),
            FontRole.XIAOBIAOSONG,
            size,
            color=RED,
            scale=math.floor(scale * 100),
        )
    widths = [widest * scale + 2]
    if suffix:
        widths.append((2 * size + L.mm_to_pt(L.MASTHEAD_JOINT_WORD_GAP_MM)) * scale + 2)
    X.borderless(table, widths)
    bottom = top_mm + L.pt_to_mm((len(names) - 1) * pitch_pt + size)
    return bottom, bottom


def _number_line(
    out: Any, document: Document, top_mm: float, flow_mm: float, *, separator: bool
) -> float:
    """发文字号 (centred), or for 上行文 number left and 签发人 right; the red separator under it.

    The line is exactly one character plus the 4 mm gap high, so that the separator (its bottom
    border) falls 4 mm below the number as §7.2.7 asks. Returns the separator's lower edge.
    """
    signers = document.all_signers
    gap = L.SEPARATOR_GAP_MM - L.SEPARATOR_THICKNESS_MM / 2 if separator else 0.0
    # The separator is this line's bottom border; the line is tall enough that its bottom lies
    # ``gap`` below the em box of its text (the text sits at ASCENT_SHARE of the line, see
    # docx_body.em_offset_mm): bottom − em bottom = (1 − share)·line + size − size = gap.
    line_pt = (
        max(L.BODY_FONT_PT, L.mm_to_pt(gap) / (1 - B.ASCENT_SHARE)) if separator else L.BODY_FONT_PT
    )
    rows: list[list[str]] = [
        signers[i : i + L.SIGNERS_PER_LINE] for i in range(0, len(signers), L.SIGNERS_PER_LINE)
    ]
    indent = X.char_twips(L.SIGNER_INDENT_CHARS)
    label = "签发人："
    if not rows and not document.doc_number:
        # No number: the separator lies the gap below where the number would stand (as the PDF).
        paragraph = X.add_paragraph(out)
        X.no_grid_snap(paragraph)
        height = max(0.5, top_mm + gap - flow_mm)
        X.set_spacing(paragraph, line_pt=L.mm_to_pt(height))
        bottom = flow_mm + height
        if separator:
            X.border(paragraph, "bottom", width_mm=L.SEPARATOR_THICKNESS_MM, color=RED)
            bottom += L.SEPARATOR_THICKNESS_MM
        return bottom
    for index, row in enumerate(rows[:-1]):
        # Rows of 签发人 names above the number's line: one grid pitch each.
        paragraph = X.add_paragraph(out)
        X.no_grid_snap(paragraph)
        row_top = top_mm - B.em_offset_mm(L.DOCX_LINE_PITCH_PT, L.BODY_FONT_PT)
        X.set_spacing(
            paragraph,
            line_pt=L.DOCX_LINE_PITCH_PT,
            before_pt=L.mm_to_pt(max(0.0, row_top - flow_mm)),
        )
        X.right_tab(paragraph, X.mm_twips(L.BODY_WIDTH_MM) - indent)
        B.runs(
            paragraph,
            [
                ("\t" + (label if index == 0 else ""), FontRole.FANGSONG),
                ("\u3000".join(row), FontRole.KAITI),
            ],
        )
        top_mm += L.LINE_PITCH_MM
        flow_mm = max(row_top, flow_mm) + L.pt_to_mm(L.DOCX_LINE_PITCH_PT)
    paragraph = X.add_paragraph(out)
    X.no_grid_snap(paragraph)
    line_top = top_mm - B.em_offset_mm(line_pt, L.BODY_FONT_PT)
    X.set_spacing(paragraph, line_pt=line_pt, before_pt=L.mm_to_pt(max(0.0, line_top - flow_mm)))
    if rows:
        X.set_indent(paragraph, left=indent)
        X.right_tab(paragraph, X.mm_twips(L.BODY_WIDTH_MM) - 2 * indent)
        head = label if len(rows) == 1 else ""
        B.runs(
            paragraph,
            [
                (document.doc_number, FontRole.FANGSONG),
                ("\t" + head, FontRole.FANGSONG),
                ("\u3000".join(rows[-1]), FontRole.KAITI),
            ],
        )
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        B.runs(paragraph, [(document.doc_number, FontRole.FANGSONG)])
    bottom = max(line_top, flow_mm) + L.pt_to_mm(line_pt)
    if separator:
        X.border(paragraph, "bottom", width_mm=L.SEPARATOR_THICKNESS_MM, color=RED)
        bottom += L.SEPARATOR_THICKNESS_MM
    return bottom


def _header(out: Any, document: Document, warnings: list[str]) -> float:
    """Draw the 版头 of the document's format; return where the title's grid line starts (mm)."""
    layout = document.layout
    lead = document.lead_issuer
    if layout == LayoutFormat.LETTER:
        return B.letter_header(out, document, L.MARGIN_TOP_MM)
    flow = _header_block(out, document)
    if layout == LayoutFormat.ORDER:
        text = lead.masthead_text if lead else document.title
        if lead and not text.endswith(("令", "命令")):
            text += "令"
        top = L.MARGIN_TOP_MM + L.ORDER_MASTHEAD_TOP_FROM_BODY_TOP_MM
        bottom, flow = _masthead(out, text, top, flow, size_pt=L.MASTHEAD_FONT_PT)
        number = document.order_number or document.doc_number
        if number:
            number_top = bottom + L.ORDER_NUMBER_BLANK_LINES * L.LINE_PITCH_MM
            number_doc = document.model_copy(update={"doc_number": number, "issuers": []})
            flow = _number_line(out, number_doc, number_top, flow, separator=False)
            bottom = number_top + L.pt_to_mm(L.BODY_FONT_PT)
        first = _line_of(bottom) + L.ORDER_BODY_BLANK_LINES
        shows_title = bool(document.title) and document.title not in {
            text,
            (lead.name + "令") if lead else "",
        }
        return B.goto_line(
            out, flow, first, size_pt=L.TITLE_FONT_PT if shows_title else L.BODY_FONT_PT
        )
    if layout == LayoutFormat.MINUTES:
        text = lead.masthead_text if lead else "纪要"
        if not text.endswith("纪要"):
            text = document.title if document.title.endswith("纪要") else text + "纪要"
        top = L.MARGIN_TOP_MM + L.MINUTES_MASTHEAD_TOP_FROM_BODY_TOP_MM
        bottom, flow = _masthead(out, text, top, flow, size_pt=L.MASTHEAD_FONT_PT)
        number = document.minutes_number or document.doc_number
        number_doc = document.model_copy(update={"doc_number": number, "issuers": []})
        number_top = bottom + L.DOC_NUMBER_BLANK_LINES * L.LINE_PITCH_MM
        sep = _number_line(out, number_doc, number_top, flow, separator=True)
        return B.goto_line(out, sep, _line_of(sep) + L.TITLE_BLANK_LINES)
    if len(document.issuers) > 1:
        bottom, flow = _joint_masthead(out, document, L.MASTHEAD_TOP_MM, flow)
    elif lead:
        bottom, flow = _masthead(
            out, lead.masthead_text, L.MASTHEAD_TOP_MM, flow, size_pt=L.MASTHEAD_FONT_PT
        )
    else:
        warnings.append("缺少发文机关，版头无发文机关标志")
        B.spacer(out, L.MASTHEAD_TOP_MM - flow)
        bottom = flow = L.MASTHEAD_TOP_MM
    number_top = bottom + L.DOC_NUMBER_BLANK_LINES * L.LINE_PITCH_MM
    sep = _number_line(out, document, number_top, flow, separator=True)
    return B.goto_line(out, sep, _line_of(sep) + L.TITLE_BLANK_LINES)


def fontconfig_aliases() -> str:
    """A fontconfig file that resolves the official family names to ``fonts.FALLBACKS``.

    The .docx names its fonts as the standard does (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312,
    宋体) so that an organ with the official fonts gets them. LibreOffice on a machine without
    them asks fontconfig for a stand-in, and fontconfig alone decides which: LibreOffice's .docx
    import reads only a font's name and character set from the font table and ignores
    ``w:altName``, ``w:panose1``, ``w:family`` and ``w:sig`` (writerfilter ``FontTable.cxx``),
    so nothing in the file can ask for a 仿宋 rather than whatever CJK face comes first (a 黑体
    on Debian). These aliases give LibreOffice the faces the PDF typesetter uses, in the same
    order of preference. Generated from ``fonts.py``; the shipped copy is ``FONTCONFIG_ALIASES``.
    """
    rules = []
    for role, official in OFFICIAL_FAMILIES.items():
        families = dict.fromkeys(
            _FONTCONFIG_FAMILY.get(source.family, source.family) for source in FALLBACKS[role]
        )
        targets = "".join(f"<string>{escape(family)}</string>" for family in families)
        rules.append(
            f"  <!-- {escape(role.value)} -->\n"
            f'  <match target="pattern">\n'
            f'    <test name="family"><string>{escape(official)}</string></test>\n'
            f'    <edit name="family" mode="assign" binding="strong">{targets}</edit>\n'
            "  </match>\n"
        )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        "<!-- 中枢 (Zhongshu): the official 公文 font names resolve to the free Debian fonts the\n"
        "     PDF typesetter uses, so that a .docx opened in LibreOffice looks like the PDF.\n"
        "     Generated from zhongshu/gongwen/fonts.py by typeset.docx.fontconfig_aliases();\n"
        "     installed by scripts/fontconfig-aliases.sh. Do not edit by hand. -->\n"
        "<fontconfig>\n" + "".join(rules) + "</fontconfig>\n"
    )
