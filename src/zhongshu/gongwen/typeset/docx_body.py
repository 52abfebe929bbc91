"""The .docx 主体, attachments and 版记 (see ``docx`` for the order and the page set-up).

Every paragraph of the 主体 is one or more grid lines of exact height, so the .docx keeps the
PDF's line positions; horizontal placement uses indents in grid characters and tab stops
rather than spaces, so that a drafter's edits do not break the layout.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH

from zhongshu.gongwen.fonts import FontRole
from zhongshu.gongwen.model import (
    Document,
    HeadingLevel,
    LayoutFormat,
    Paragraph,
    recipients_text,
)
from zhongshu.gongwen.typeset import docx_xml as X
from zhongshu.gongwen.typeset import layout as L

RED = L.RED_HEX
PITCH = L.DOCX_LINE_PITCH_PT
TITLE_MAX_UNITS = int(
    (L.BODY_WIDTH_MM - 2 * L.pt_to_mm(L.TITLE_FONT_PT)) / L.pt_to_mm(L.TITLE_FONT_PT)
)


def units(text: str) -> float:
    """Width in characters: full-width 1, ASCII (digits, Latin) ½."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in "—“”‘’…·" else 1.0 for ch in text)


def runs(
    paragraph: Any, pieces: list[tuple[str, FontRole]], size_pt: float = L.BODY_FONT_PT
) -> None:
    for text, role in pieces:
        if text:
            X.style_run(paragraph.add_run(text), role, size_pt)


def text_paragraph(
    out: Any,
    text: str,
    role: FontRole = FontRole.FANGSONG,
    *,
    size_pt: float = L.BODY_FONT_PT,
    align: Any = None,
    first_line_chars: float = 0,
) -> Any:
    paragraph = X.add_paragraph(out)
    X.set_spacing(paragraph, line_pt=PITCH)
    if align is not None:
        paragraph.alignment = align
    if first_line_chars:
        X.set_indent(paragraph, first_line=X.char_twips(first_line_chars))
    runs(paragraph, [(text, role)], size_pt)
    return paragraph


def blank_line(out: Any) -> Any:
    paragraph = X.add_paragraph(out)
    X.set_spacing(paragraph, line_pt=PITCH)
    return paragraph


def spacer(out: Any, height_mm: float) -> None:
    """An empty paragraph exactly ``height_mm`` high (used to reach a grid line)."""
    if height_mm <= 0.05:
        return
    paragraph = X.add_paragraph(out)
    X.no_grid_snap(paragraph)
    X.set_spacing(paragraph, line_pt=max(0.5, L.mm_to_pt(height_mm)))
    X.style_run(paragraph.add_run(""), FontRole.FANGSONG, 1)


# A line of fixed height: LibreOffice and Word share the height between ascent and descent as
# the font does (about 4 : 1 for the CJK faces used here), so the em box of a ``size`` font in
# a line of ``line`` points starts this far below the line's top (measured: 0.8·line − size).
ASCENT_SHARE = 0.8


def em_offset_mm(line_pt: float, size_pt: float) -> float:
    """How far below a fixed-height line's top the em box of its text begins (mm)."""
    return L.pt_to_mm(ASCENT_SHARE * line_pt - size_pt)


def docx_line_top_mm(line: int) -> float:
    """Top of grid line ``line`` as Word and LibreOffice lay it (the 28.95 pt pitch)."""
    return L.MARGIN_TOP_MM + (line - 1) * L.pt_to_mm(PITCH)


def goto_line(out: Any, current_mm: float, line: int, *, size_pt: float = L.TITLE_FONT_PT) -> float:
    """Fill from ``current_mm`` so that the next (fixed-height, unsnapped) line's text of
    ``size_pt`` starts on grid line ``line`` as the PDF's does; return that line's top (mm).

    The fill ends on or just above the grid line, never below it: a snapped paragraph that
    follows would otherwise be pushed a whole grid line down and the page would hold 21 lines.
    """
    target = docx_line_top_mm(line)
    spacer(out, target - current_mm - max(0.0, em_offset_mm(PITCH, size_pt)))
    return target


# --- the 主体 ------------------------------------------------------------------------------------


def _title_lines(document: Document, title: str) -> list[str]:
    """The PDF's lines: the same breaking, keeping the same names (organs, 主送, places) whole."""
    try:
        from zhongshu.gongwen.typeset.body import place_names
        from zhongshu.gongwen.typeset.title import break_title
    except ImportError:  # the PDF typesetter's title breaking is not available
        return [title]
    return break_title(title, TITLE_MAX_UNITS, place_names(document))


def centred_title(out: Any, document: Document, title: str) -> None:
    """2号小标宋, centred, broken into balanced lines (one paragraph, line breaks between)."""
    paragraph = X.add_paragraph(out)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    X.set_spacing(paragraph, line_pt=PITCH)
    X.no_grid_snap(paragraph)  # a 2号 line would take two grid lines if snapped
    for index, part in enumerate(_title_lines(document, title)):
        run = paragraph.add_run()
        if index:
            run.add_break()  # a line break inside the run: the title stays one paragraph
        run.add_text(part)
        X.style_run(run, FontRole.XIAOBIAOSONG, L.TITLE_FONT_PT)


def body_paragraph(out: Any, paragraph: Paragraph) -> None:
    """Indented 2 characters; 一、 heading in 黑体, （一） in 楷体 (up to its first "。")."""
    text = paragraph.text
    role = {HeadingLevel.H1: FontRole.HEITI, HeadingLevel.H2: FontRole.KAITI}.get(paragraph.level)
    head, rest = "", text
    if role is not None:
        cut = text.find("。")
        head, rest = (text[: cut + 1], text[cut + 1 :]) if 0 <= cut < len(text) - 1 else (text, "")
    p = X.add_paragraph(out)
    X.set_spacing(p, line_pt=PITCH)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    X.set_indent(p, first_line=X.char_twips(L.PARAGRAPH_INDENT_CHARS))
    if paragraph.level != HeadingLevel.BODY and len(text) <= 2 * L.CHARS_PER_LINE:
        p.paragraph_format.keep_with_next = True  # a heading never ends a page (as the PDF)
    runs(p, [(head, role or FontRole.FANGSONG), (rest, FontRole.FANGSONG)])


def main_body(
    out: Any,
    document: Document,
    title_top: float,
    warnings: list[str],
    *,
    squeeze_signature: bool = False,
) -> None:
    """Title, 题注, 主送, 正文, 附件说明, signature block, 附注 (the PDF's order).

    ``squeeze_signature``: the PDF kept its sealed 署名 on the text's page by tightening the
    blank lines around it (``paginate.squeeze_shifts``); the .docx tightens the same lines.
    """
    tight = _squeezed_blank_pt(document) if squeeze_signature else None
    title = document.title.strip()
    lead = document.lead_issuer
    if (
        document.layout == LayoutFormat.ORDER
        and lead
        and title in {lead.masthead_text, lead.name + "令"}
    ):
        title = ""
    if document.layout == LayoutFormat.MINUTES and lead and title == lead.masthead_text:
        title = ""
    head = False
    if title:
        centred_title(out, document, title)
        head = True
    if document.adoption_note:
        text_paragraph(out, document.adoption_note, FontRole.KAITI, align=WD_ALIGN_PARAGRAPH.CENTER)
        head = True
    if head:
        for _ in range(L.TITLE_TO_RECIPIENTS_BLANK_LINES):
            blank_line(out)
    if document.primary_recipients:
        text_paragraph(out, recipients_text(document.primary_recipients))
    if not document.body:
        warnings.append("缺少正文")
    for paragraph in document.body:
        body_paragraph(out, paragraph)
    last_text = len(out.paragraphs) - 1
    notes = document.attachment_notes
    if notes:
        attachment_notes(out, notes)
    if document.minutes_attendance is not None:
        attendance(out, document)
    if _has_signature(document) and document.body:
        _keep_with_signature(out.paragraphs[last_text:])
    signature(out, document, warnings, tight=tight)
    if document.note:
        text = document.note.strip()
        if not (text.startswith("（") and text.endswith("）")):
            text = f"（{text.strip('（）()')}）"
        note = text_paragraph(out, text, first_line_chars=L.NOTE_INDENT_CHARS)
        if tight is not None:
            X.no_grid_snap(note)
    if has_seal_block(document):
        # The seal reaches half a line below the date: keep one free line after the block
        # (the PDF's ``reserve_after``), or the block goes to the next page.
        out.paragraphs[-1].paragraph_format.keep_with_next = True
        _tightened(blank_line(out), tight)


def _has_signature(document: Document) -> bool:
    """Whether a 署名/日期 block follows the text (not for a 决议 with its 题注 alone)."""
    if document.layout == LayoutFormat.ORDER:
        return True
    if document.adoption_note and document.date is None and not document.date_text:
        return False
    return bool(document.issuers or document.date_display)


def has_seal_block(document: Document) -> bool:
    if document.layout == LayoutFormat.ORDER or not document.issuers or not document.sealed:
        return False
    return not (document.adoption_note and document.date is None and not document.date_text)


# The sealed block's blank lines: 2 above the 署名 and the one kept for the seal's lower half.
SEALED_BLANK_LINES = 3


def _squeezed_blank_pt(document: Document) -> float | None:
    """Height of each of the sealed block's blank lines when tightened as the PDF's are."""
    if not has_seal_block(document):
        return None
    kept = (SEALED_BLANK_LINES - L.SIGNATURE_SQUEEZE_LINES) / SEALED_BLANK_LINES
    return kept * PITCH if kept >= L.SIGNATURE_SQUEEZE_MIN_BLANK else None


def _tightened(paragraph: Any, line_pt: float | None) -> Any:
    """Off the grid at ``line_pt`` (a tightened blank line), or unchanged when None."""
    if line_pt is not None:
        X.no_grid_snap(paragraph)
        X.set_spacing(paragraph, line_pt=line_pt)
    return paragraph


def _keep_with_signature(paragraphs: list[Any], lines: int = 2) -> None:
    """Keep the last paragraph of 正文, and the 附件说明 or 出席 after it, with the 署名 that
    follows, so that the signature's page shows 正文 (§7.3.5, as the PDF's paginator), when
    that paragraph is at most ``lines`` lines; a heading before it keeps with it already
    (``body_paragraph``).

    A longer paragraph is not kept: LibreOffice moves a whole paragraph marked so (where the
    PDF moves only its last line), which leaves most of a page empty, or page 1 without 正文
    when the paragraph starts there.
    """
    text = paragraphs[0].text.strip()
    height = math.ceil((units(text) + L.PARAGRAPH_INDENT_CHARS) / L.CHARS_PER_LINE)
    if not text or height > lines:
        return
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True


_NUMBERED = re.compile(r"^(\d+[.．])(.*)$")


def attachment_notes(out: Any, notes: list[str]) -> None:
    """ "附件：1.名称" indented 2; later items aligned under the first item's number."""
    for _ in range(L.ATTACHMENT_NOTE_BLANK_LINES):
        blank_line(out)
    label = "附件："
    items_left = X.char_twips(L.PARAGRAPH_INDENT_CHARS + units(label))
    for index, note in enumerate(notes):
        text = note.strip()
        match = _NUMBERED.match(text)
        number_width = X.char_twips(units(match[1])) if match else 0
        p = X.add_paragraph(out)
        X.set_spacing(p, line_pt=PITCH)
        # Wrapped names align with the first character of the name above (§7.3.4).
        X.set_indent(
            p,
            left=items_left + number_width,
            hanging=(items_left - X.char_twips(L.PARAGRAPH_INDENT_CHARS) if index == 0 else 0)
            + number_width,
        )
        runs(p, [((label if index == 0 else "") + text, FontRole.FANGSONG)])


def attendance(out: Any, document: Document) -> None:
    record = document.minutes_attendance
    assert record is not None
    blank_line(out)
    for label, names in zip(
        L.MINUTES_ATTENDANCE_LABELS, (record.present, record.absent, record.attending), strict=True
    ):
        if not names:
            continue
        p = X.add_paragraph(out)
        X.set_spacing(p, line_pt=PITCH)
        X.set_indent(p, left=X.char_twips(L.PARAGRAPH_INDENT_CHARS + 3), hanging=X.char_twips(3))
        runs(p, [(label, FontRole.HEITI), ("：" + "、".join(names), FontRole.FANGSONG)])


def signature(
    out: Any, document: Document, warnings: list[str], *, tight: float | None = None
) -> None:
    """署名, 成文日期 and 印章 in the four variants of §7.3.5 (see the PDF's ``closing``);
    ``tight``: the height of the sealed block's tightened blank lines (None: the grid's)."""
    date = document.date_display
    if document.layout == LayoutFormat.ORDER:
        for _ in range(L.ORDER_STAMP_BLANK_LINES):
            blank_line(out)
        p = text_paragraph(out, "", align=WD_ALIGN_PARAGRAPH.RIGHT)
        X.set_indent(p, right=X.char_twips(L.ORDER_STAMP_RIGHT_INDENT_CHARS))
        gap = "\u3000" * L.ORDER_TITLE_GAP_CHARS
        runs(
            p,
            [
                (document.signer_title, FontRole.FANGSONG),
                (gap, FontRole.FANGSONG),
                (document.signer_name, FontRole.KAITI),
            ],
        )
        for _ in range(L.ORDER_DATE_BLANK_LINES):
            blank_line(out)
        if date:
            p = text_paragraph(out, date, align=WD_ALIGN_PARAGRAPH.RIGHT)
            X.set_indent(p, right=X.char_twips(L.ORDER_STAMP_RIGHT_INDENT_CHARS))
        return
    if document.adoption_note and document.date is None and not document.date_text:
        return
    if not document.issuers:
        if date:
            blank_line(out)
            p = text_paragraph(out, date, align=WD_ALIGN_PARAGRAPH.RIGHT)
            X.set_indent(p, right=X.char_twips(L.UNSEALED_NAME_RIGHT_INDENT_CHARS))
        return
    if not date:
        warnings.append("缺少成文日期")
    if document.sealed:
        _sealed(out, document, date, warnings, tight)
    else:
        _unsealed(out, document, date)


def _sealed(
    out: Any, document: Document, date: str, warnings: list[str], tight: float | None
) -> None:
    """Date 4 characters from the right; names centred on the date's axis, joint names in rows
    of two (each seal over its own name, never touching), as the PDF's ``sealed_block``."""
    date_units = units(date) if date else 9.0
    axis = L.BODY_WIDTH_MM - (L.SEALED_DATE_RIGHT_INDENT_CHARS + date_units / 2) * L.CHAR_PITCH_MM
    names = [i.signature_text for i in document.issuers]
    widest = max(units(n) for n in names) * L.CHAR_PITCH_MM
    spacing = max(L.SEAL_DIAMETER_MM + L.SEAL_GAP_MM, widest + L.CHAR_PITCH_MM)
    two_fit = axis - spacing - max(L.SEAL_DIAMETER_MM, widest) / 2 >= 0  # stays in the 版心
    per_row = 2 if len(names) > 1 and two_fit else 1
    rows = [list(range(i, min(i + per_row, len(names)))) for i in range(0, len(names), per_row)]
    rows_gap = 4  # grid lines from one row of names to the next: their seals never touch
    for _ in range(2):
        _tightened(blank_line(out), tight).paragraph_format.keep_with_next = True
    for r, row in enumerate(rows):
        xs = [axis - spacing * (len(row) - 1 - k) for k in range(len(row))]
        p = text_paragraph(out, "")
        if tight is not None:
            X.no_grid_snap(p)  # off the grid below the tightened lines, as the PDF's
        p.paragraph_format.keep_with_next = bool(date) or r < len(rows) - 1
        X.center_tabs(p, [X.mm_twips(x) for x in xs])
        runs(p, [("\t" + "\t".join(names[i] for i in row), FontRole.FANGSONG)])
        for i, x in zip(row, xs, strict=True):
            issuer = document.issuers[i]
            _seal(p, issuer.seal_image, issuer.signature_text, x, warnings)
        if r < len(rows) - 1:
            for _ in range(rows_gap - 1):
                gap = blank_line(out)
                gap.paragraph_format.keep_with_next = True
                if tight is not None:
                    X.no_grid_snap(gap)
    if date:
        p = text_paragraph(out, date, align=WD_ALIGN_PARAGRAPH.RIGHT)
        X.set_indent(p, right=X.char_twips(L.SEALED_DATE_RIGHT_INDENT_CHARS))
        if tight is not None:
            X.no_grid_snap(p)
        if document.note:
            p.paragraph_format.keep_with_next = True


def _seal(paragraph: Any, image: str, organ: str, axis_mm: float, warnings: list[str]) -> None:
    """The seal picture floating over 署名 and date, centred on ``axis_mm`` (PNG path)."""
    if not image:
        warnings.append(f"未提供{organ}的印章图片，请用印时加盖")
        return
    path = Path(image)
    if not path.is_file():
        warnings.append(f"{organ}的印章图片不存在：{image}")
        return
    d = L.SEAL_DIAMETER_MM
    middle = (L.LINE_PITCH_MM + L.pt_to_mm(L.BODY_FONT_PT)) / 2 - L.SEAL_ABOVE_TEXT_MM
    try:
        X.float_picture(
            paragraph.add_run(),
            str(path),
            width_mm=d,
            left_mm=axis_mm - d / 2,
            top_mm=middle - d / 2,
        )
    except Exception as exc:  # a broken image must not lose the document
        warnings.append(f"{organ}的印章图片无法读取（{exc}）")


def _unsealed(out: Any, document: Document, date: str) -> None:
    """Name 2 characters from the right, 1 blank line below the text; the date under it,
    starting 2 characters further right (both moved left when the date is long)."""
    names = [i.signature_text for i in document.issuers]
    width = L.BODY_WIDTH_MM
    right = width - L.UNSEALED_NAME_RIGHT_INDENT_CHARS * L.CHAR_PITCH_MM
    names_w = max(units(n) for n in names) * L.CHAR_PITCH_MM
    names_left = right - names_w
    date_left = names_left + L.UNSEALED_DATE_OFFSET_CHARS * L.CHAR_PITCH_MM
    date_w = units(date) * L.CHAR_PITCH_MM
    if date and date_left + date_w > right:
        date_left = right - date_w
        names_left = date_left - L.UNSEALED_DATE_OFFSET_CHARS * L.CHAR_PITCH_MM
    for _ in range(L.UNSEALED_BLANK_LINES):
        blank_line(out)
    for name in names:
        p = text_paragraph(out, name)
        X.set_indent(p, left=X.mm_twips(names_left))
    if date:
        p = text_paragraph(out, date)
        X.set_indent(p, left=X.mm_twips(date_left))


# --- attachments and 版记 --------------------------------------------------------------------


def attachments(out: Any, document: Document) -> None:
    """Each on a new page: "附件N" (黑体) on line 1, its title on line 3, then its body."""
    for attachment, written in zip(document.attachments, document.attachment_labels, strict=True):
        label = text_paragraph(out, written, FontRole.HEITI)
        label.paragraph_format.page_break_before = True
        blank_line(out)
        centred_title(out, document, attachment.title)
        blank_line(out)
        for paragraph in attachment.body:
            body_paragraph(out, paragraph)


def _rows_of(text: str, size_pt: float, indent_chars: float) -> int:
    """Lines a 版记 entry takes: wrapped lines align after the label (estimate by width)."""
    per_line = (
        L.mm_to_pt(L.BODY_WIDTH_MM) - (2 * L.COLOPHON_INDENT_CHARS + indent_chars) * size_pt
    ) / size_pt
    return max(1, math.ceil((units(text) - indent_chars) / max(1.0, per_line)))


def colophon(out: Any, document: Document, *, extra_pages: int = 0) -> None:
    """抄送 and 印发 rows (4号仿宋, one grid line each) between rules, at the foot of the 版心.

    Two frames: the 印发 row pinned to the 版心's bottom (thick rule under it), and the 抄送
    rows just above it (thick rule above, thin rule between the two). ``extra_pages`` page
    breaks come first when the 版记 goes on a page of its own.
    """
    size = L.COLOPHON_FONT_PT
    letter = document.layout == LayoutFormat.LETTER
    cc = "抄送：" + "，".join(document.cc_recipients) + "。" if document.cc_recipients else ""
    printer = document.printer or (
        document.lead_issuer.name if document.lead_issuer and document.print_date else ""
    )
    has_printer = not letter and bool(printer or document.print_date)
    if not (cc or has_printer):
        return
    if extra_pages >= 2:
        # A blank page before the 版记's page: neither is numbered (§7.5), so both go in a
        # section of their own whose footers are empty.
        from docx.enum.section import WD_SECTION

        section = out.add_section(WD_SECTION.NEW_PAGE)
        for footer in (section.footer, section.even_page_footer, section.first_page_footer):
            footer.is_linked_to_previous = False
            for paragraph in footer.paragraphs:
                for child in list(paragraph._p):
                    if child.tag != X.qn("w:pPr"):
                        paragraph._p.remove(child)
        blank_line(out)  # the blank page's only (empty) line
        extra_pages -= 1
    for _ in range(extra_pages):
        p = X.add_paragraph(out)
        p.paragraph_format.page_break_before = True
        X.set_spacing(p, line_pt=PITCH)
    indent = X.char_twips(L.COLOPHON_INDENT_CHARS, size)
    pitch_mm = L.pt_to_mm(PITCH)
    printer_rows = 1 if has_printer else 0
    if cc:
        rows = _rows_of(cc, size, 3)
        p = X.add_paragraph(out)
        X.set_spacing(p, line_pt=PITCH)
        X.no_grid_snap(p)
        label = X.char_twips(3, size)
        X.set_indent(p, left=indent + label, right=indent, hanging=label)
        if not letter:
            X.border(p, "top", width_mm=L.COLOPHON_RULE_THICK_MM)
            X.border(
                p,
                "bottom",
                width_mm=L.COLOPHON_RULE_THIN_MM if has_printer else L.COLOPHON_RULE_THICK_MM,
            )
        if has_printer:
            X.bottom_frame(p, L.BODY_HEIGHT_MM - (rows + printer_rows) * pitch_mm)
        else:
            X.bottom_frame(p)
        runs(p, [(cc, FontRole.FANGSONG)], size)
    if has_printer:
        shown = document.print_date_display
        date = f"{shown}印发" if shown else ""
        p = X.add_paragraph(out)
        X.set_spacing(p, line_pt=PITCH)
        X.no_grid_snap(p)
        X.set_indent(p, left=indent, right=indent)
        X.right_tab(p, X.mm_twips(L.BODY_WIDTH_MM) - 2 * indent)
        if not cc:
            X.border(p, "top", width_mm=L.COLOPHON_RULE_THICK_MM)
        X.border(p, "bottom", width_mm=L.COLOPHON_RULE_THICK_MM)
        X.bottom_frame(p)
        runs(p, [(f"{printer}\t{date}", FontRole.FANGSONG)], size)
    # A frame needs a paragraph after it to anchor to (LibreOffice drops the frame of the
    # document's last paragraph); a tiny one that cannot push to a new page.
    anchor = X.add_paragraph(out)
    X.no_grid_snap(anchor)
    X.set_spacing(anchor, line_pt=1)


def letter_header(out: Any, document: Document, flow_mm: float) -> float:
    """信函格式 (§10.1): the 标志 30 mm from the paper's top with the red double line below it
    (a frame: it lies above the 版心, where no paragraph can go), then under the line 份号/密级/
    紧急 flush left and the number flush right on the first of those lines (in the flow, placed
    as the PDF places them), and the lower red double line in the first page's footer. Returns
    where the title's grid line starts."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lead = document.lead_issuer
    text = lead.masthead_text.removesuffix("文件") if lead else ""
    size = L.LETTER_MASTHEAD_FONT_PT
    p = X.add_paragraph(out)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    X.no_grid_snap(p)
    X.set_spacing(p, line_pt=size)
    frame_top = L.LETTER_MASTHEAD_TOP_MM - em_offset_mm(size, size)
    frame = OxmlElement("w:framePr")
    frame.set(qn("w:w"), str(X.mm_twips(L.LETTER_RULE_LENGTH_MM)))
    frame.set(qn("w:wrap"), "notBeside")
    frame.set(qn("w:vAnchor"), "page")
    frame.set(qn("w:hAnchor"), "page")
    frame.set(qn("w:xAlign"), "center")
    frame.set(qn("w:y"), str(X.mm_twips(frame_top)))
    gap_pt = round(L.mm_to_pt(L.LETTER_RULE_GAP_MM))
    # An exact frame height: where the text below starts must not depend on the editor.
    frame.set(qn("w:h"), str(X.twips(size + gap_pt + 3)))
    frame.set(qn("w:hRule"), "exact")
    X.replace_child(p._p.get_or_add_pPr(), frame)
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "thickThinSmallGap")
    bottom.set(qn("w:sz"), "24")  # 3 pt for both strokes and the gap
    bottom.set(qn("w:space"), str(gap_pt))
    bottom.set(qn("w:color"), RED)
    bdr.append(bottom)
    X.replace_child(p._p.get_or_add_pPr(), bdr)
    X.style_run(p.add_run(text), FontRole.XIAOBIAOSONG, size, color=RED)
    flow = frame_top + L.pt_to_mm(size + gap_pt + 3)  # the text flows on below the frame
    rule_bottom = L.LETTER_MASTHEAD_TOP_MM + L.pt_to_mm(size) + L.LETTER_RULE_GAP_MM
    rule_bottom += L.LETTER_RULE_THICK_MM + L.LETTER_RULE_SPACING_MM + L.LETTER_RULE_THIN_MM / 2
    first_top = rule_bottom + L.LETTER_NUMBER_GAP_MM
    items = [
        (
            document.copy_number.zfill(L.COPY_NUMBER_DIGITS) if document.copy_number else "",
            FontRole.FANGSONG,
        ),
        (document.classification_mark, FontRole.HEITI),
        (document.urgency.value, FontRole.HEITI),
    ]
    lines = [item for item in items if item[0]] or [("", FontRole.FANGSONG)]
    last = first_top
    offset = em_offset_mm(PITCH, L.BODY_FONT_PT)
    for row, (value, role) in enumerate(lines):
        top = first_top + row * L.LINE_PITCH_MM
        if not value and not (row == 0 and document.doc_number):
            continue
        p = X.add_paragraph(out)
        X.no_grid_snap(p)
        X.set_spacing(p, line_pt=PITCH, before_pt=L.mm_to_pt(max(0.0, top - offset - flow)))
        flow = max(flow, top - offset) + L.pt_to_mm(PITCH)
        pieces = [(value, role)]
        if row == 0 and document.doc_number:
            X.right_tab(p, X.mm_twips(L.BODY_WIDTH_MM))
            pieces.append(("\t" + document.doc_number, FontRole.FANGSONG))
        runs(p, pieces)
        last = top + L.pt_to_mm(L.BODY_FONT_PT)
    _letter_footer_rule(out)
    line = (
        max(1, math.ceil((last - L.MARGIN_TOP_MM) / L.LINE_PITCH_MM - 1e-6) + 1)
        + L.LETTER_TITLE_BLANK_LINES
    )
    return goto_line(out, flow, line)


def _letter_footer_rule(out: Any) -> None:
    """The lower red double line (thin above, thick below), 170 mm, 20 mm above the paper's foot."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section = out.sections[0]
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    X.no_grid_snap(p)
    overhang = X.mm_twips((L.LETTER_RULE_LENGTH_MM - L.BODY_WIDTH_MM) / 2)
    X.set_indent(p, left=-overhang, right=-overhang)
    distance = _footer_distance_mm(section)
    X.set_spacing(p, line_pt=L.mm_to_pt(max(1.0, distance - L.LETTER_BOTTOM_RULE_FROM_BOTTOM_MM)))
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "thinThickSmallGap")
    bottom.set(qn("w:sz"), "24")
    bottom.set(qn("w:space"), "0")
    bottom.set(qn("w:color"), RED)
    bdr.append(bottom)
    X.replace_child(p._p.get_or_add_pPr(), bdr)


def _footer_distance_mm(section: Any) -> float:
    return section.footer_distance / 36000
