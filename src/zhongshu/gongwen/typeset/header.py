"""The 版头 of page 1 in each format (GB/T 9704-2012 §7.2 and §10; standards.md §2.2, §2.6).

Each ``draw_*`` function draws the header of one layout and returns the grid line (1-based) on
which the 主体 may begin, which is where the title goes. Header elements are placed in exact
millimetres from the standard (the 标志 35 mm below the 版心's top, the separator 4 mm below
the number…); everything from the title down snaps to the 22-line grid.
"""

from __future__ import annotations

import math

from zhongshu.gongwen.fonts import FontRole
from zhongshu.gongwen.model import Document, LayoutFormat
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.context import BODY, HEI, KAI, Context, red
from zhongshu.gongwen.typeset.text import Line, Style, set_line, width_of


def first_line_below(y_mm: float) -> int:
    """The first grid line whose top edge is at or below ``y_mm``."""
    return max(1, math.ceil((y_mm - L.MARGIN_TOP_MM) / L.LINE_PITCH_MM - 1e-6) + 1)


def em_height_mm(size_pt: float) -> float:
    return L.pt_to_mm(size_pt)


def _draw_centred(ctx: Context, text: str, style: Style, top_mm: float, kind: str) -> float:
    """Draw ``text`` centred on the 版心's axis with its em box's top at ``top_mm``."""
    line = ctx.line(text, style)
    left = L.BODY_CENTER_X_MM - L.pt_to_mm(line.width) / 2
    baseline = top_mm + L.pt_to_mm(style.size * L.EM_ASCENT)
    ctx.painter.text_line(line, left_mm=left, baseline_mm=baseline, kind=kind)
    return top_mm + em_height_mm(style.size)


def draw_masthead(
    ctx: Context, text: str, top_mm: float, size_pt: float, kind: str = "masthead"
) -> float:
    """A red 小标宋 标志 centred on the 版心, squeezed horizontally (then shrunk) to fit it.

    Returns the bottom of its em box (mm from the paper's top).
    """
    size = size_pt
    style = red(Style(FontRole.XIAOBIAOSONG, size, size))
    line = ctx.line(text, style)
    natural = L.pt_to_mm(line.width)
    hscale = min(1.0, L.MASTHEAD_MAX_WIDTH_MM / natural) if natural else 1.0
    if hscale < L.MASTHEAD_MIN_HSCALE:
        size = size * hscale / L.MASTHEAD_MIN_HSCALE
        style = red(Style(FontRole.XIAOBIAOSONG, size, size))
        line = ctx.line(text, style)
        hscale = L.MASTHEAD_MIN_HSCALE
        natural = L.pt_to_mm(line.width)
    left = L.BODY_CENTER_X_MM - natural * hscale / 2
    baseline = top_mm + L.pt_to_mm(size * L.EM_ASCENT)
    ctx.painter.text_line(line, left_mm=left, baseline_mm=baseline, kind=kind, hscale=hscale)
    return top_mm + em_height_mm(size)


def draw_joint_masthead(ctx: Context, names: list[str], suffix: str, top_mm: float) -> float:
    """Several organs' names stacked (主办机关 first) with "文件" to their right, centred on them.

    The names are spread to one common width (分散对齐), as printed 联合行文 mastheads are.
    """
    size = L.MASTHEAD_JOINT_FONT_PT
    style = red(Style(FontRole.XIAOBIAOSONG, size, size))
    glyph_lines = [ctx.shape(name, style) for name in names]
    names_width = max(width_of(g) for g in glyph_lines)
    suffix_glyphs = ctx.shape(suffix, style) if suffix else []
    gap = L.mm_to_pt(L.MASTHEAD_JOINT_WORD_GAP_MM) if suffix else 0.0
    total = names_width + gap + width_of(suffix_glyphs)
    hscale = min(1.0, L.mm_to_pt(L.MASTHEAD_MAX_WIDTH_MM) / total)
    left = L.BODY_CENTER_X_MM - L.pt_to_mm(total * hscale) / 2
    pitch = em_height_mm(size) + L.MASTHEAD_JOINT_LINE_GAP_MM
    for i, glyphs in enumerate(glyph_lines):
        spare = names_width - width_of(glyphs)
        spacing = spare / (len(glyphs) - 1) if len(glyphs) > 1 else 0.0
        line = set_line(glyphs, 0.0, spacing)
        baseline = top_mm + i * pitch + L.pt_to_mm(size * L.EM_ASCENT)
        ctx.painter.text_line(
            line, left_mm=left, baseline_mm=baseline, kind="masthead", hscale=hscale
        )
    bottom = top_mm + (len(names) - 1) * pitch + em_height_mm(size)
    if suffix_glyphs:
        middle = (top_mm + bottom) / 2
        line = set_line(suffix_glyphs)
        baseline = middle - em_height_mm(size) / 2 + L.pt_to_mm(size * L.EM_ASCENT)
        x = left + L.pt_to_mm((names_width + gap) * hscale)
        ctx.painter.text_line(line, left_mm=x, baseline_mm=baseline, kind="masthead", hscale=hscale)
    return bottom


def draw_header_block(ctx: Context, doc: Document, first_top_mm: float | None = None) -> float:
    """份号, 密级★保密期限 and 紧急程度, flush left, one per line in that order (§7.2.1–7.2.3).

    On the grid (lines 1–3 of the 版心) unless ``first_top_mm`` places them (信函格式).
    Returns the bottom of the last one drawn (or ``first_top_mm``/the 版心 top when none).
    """
    items: list[tuple[str, str, object]] = []
    if doc.copy_number:
        number = doc.copy_number
        if len(number) < L.COPY_NUMBER_DIGITS:
            number = number.zfill(L.COPY_NUMBER_DIGITS)
        elif len(number) > L.COPY_NUMBER_DIGITS:
            ctx.warn(f"份号 {number} 超过 6 位，按原样排印")
        items.append(("copy_number", number, BODY))
    if doc.classification_mark:
        items.append(("classification", doc.classification_mark, HEI))
    if doc.urgency.value:
        items.append(("urgency", doc.urgency.value, HEI))
    bottom = L.MARGIN_TOP_MM if first_top_mm is None else first_top_mm
    for i, (kind, text, style) in enumerate(items):
        top = L.line_top_mm(i + 1) if first_top_mm is None else first_top_mm + i * L.LINE_PITCH_MM
        line = ctx.line(text, style)  # type: ignore[arg-type]
        baseline = top + L.pt_to_mm(L.BODY_FONT_PT * L.EM_ASCENT)
        ctx.painter.text_line(line, left_mm=L.MARGIN_LEFT_MM, baseline_mm=baseline, kind=kind)
        bottom = top + em_height_mm(L.BODY_FONT_PT)
    return bottom


def _split_suffix(masthead: str) -> tuple[str, str]:
    for suffix in ("文件",):
        if masthead.endswith(suffix) and len(masthead) > len(suffix):
            return masthead[: -len(suffix)], suffix
    return masthead, ""


def _draw_number_and_signers(ctx: Context, doc: Document, top_mm: float) -> float:
    """发文字号 centred; or, for 上行文, number left and "签发人：" + names right (§7.2.5–7.2.6).

    Returns the bottom of the number's line.
    """
    signers = doc.all_signers
    baseline_in = L.pt_to_mm(L.BODY_FONT_PT * L.EM_ASCENT)
    if not signers:
        if doc.doc_number:
            return _draw_centred(ctx, doc.doc_number, BODY, top_mm, "doc_number")
        return top_mm
    rows = [signers[i : i + L.SIGNERS_PER_LINE] for i in range(0, len(signers), L.SIGNERS_PER_LINE)]
    label = ctx.shape("签发人：", BODY)
    gap = 1.0 * L.CHAR_PITCH_PT  # one character between two names on a line
    row_glyphs = []
    for row in rows:
        glyphs = []
        for k, name in enumerate(row):
            if k:
                glyphs.append(None)
            glyphs.extend(ctx.shape(name, KAI))
        row_glyphs.append(glyphs)
    names_width = max(sum(g.advance if g else gap for g in r) for r in row_glyphs)
    right = L.BODY_RIGHT_MM - L.SIGNER_INDENT_CHARS * L.CHAR_PITCH_MM
    names_left = right - L.pt_to_mm(names_width)
    label_left = names_left - L.pt_to_mm(width_of(label))
    for i, glyphs in enumerate(row_glyphs):
        top = top_mm + i * L.LINE_PITCH_MM
        if i == 0:
            line = set_line(label)
            ctx.painter.text_line(
                line, left_mm=label_left, baseline_mm=top + baseline_in, kind="signer_label"
            )
        x, placed = 0.0, []
        for g in glyphs:
            if g is None:
                x += gap
                continue
            placed.append((g, x))
            x += g.advance
        line = Line([g for g, _ in placed], [x for _, x in placed], last=True)
        ctx.painter.text_line(
            line, left_mm=names_left, baseline_mm=top + baseline_in, kind="signer"
        )
    last_top = top_mm + (len(rows) - 1) * L.LINE_PITCH_MM
    if doc.doc_number:
        line = ctx.line(doc.doc_number, BODY)
        left = L.MARGIN_LEFT_MM + L.SIGNER_INDENT_CHARS * L.CHAR_PITCH_MM
        ctx.painter.text_line(
            line, left_mm=left, baseline_mm=last_top + baseline_in, kind="doc_number"
        )
    return last_top + em_height_mm(L.BODY_FONT_PT)


def draw_separator(ctx: Context, y_mm: float) -> float:
    ctx.painter.rule(
        L.MARGIN_LEFT_MM,
        L.BODY_RIGHT_MM,
        y_mm,
        L.SEPARATOR_THICKNESS_MM,
        L.RED_RGB,
        kind="separator",
    )
    return y_mm + L.SEPARATOR_THICKNESS_MM / 2


def draw_standard(ctx: Context, doc: Document) -> int:
    """文件格式: header block, red 标志 at 72 mm, number (and 签发人), red separator."""
    draw_header_block(ctx, doc)
    issuers = doc.issuers
    if len(issuers) > 1:
        pairs = [_split_suffix(i.masthead_text) for i in issuers]
        suffix = next((s for _, s in pairs if s), "")
        bottom = draw_joint_masthead(ctx, [n for n, _ in pairs], suffix, L.MASTHEAD_TOP_MM)
    elif issuers:
        bottom = draw_masthead(ctx, issuers[0].masthead_text, L.MASTHEAD_TOP_MM, L.MASTHEAD_FONT_PT)
    else:
        ctx.warn("缺少发文机关，版头无发文机关标志")
        bottom = L.MASTHEAD_TOP_MM
    number_top = bottom + L.DOC_NUMBER_BLANK_LINES * L.LINE_PITCH_MM
    number_bottom = _draw_number_and_signers(ctx, doc, number_top)
    sep_bottom = draw_separator(ctx, number_bottom + L.SEPARATOR_GAP_MM)
    return first_line_below(sep_bottom) + L.TITLE_BLANK_LINES


def draw_minutes(ctx: Context, doc: Document) -> int:
    """纪要格式: red "XXX纪要" 35 mm below the 版心's top, 期号 centred, red separator."""
    draw_header_block(ctx, doc)
    lead = doc.lead_issuer
    text = lead.masthead_text if lead else "纪要"
    if not text.endswith("纪要"):
        text = doc.title if doc.title.endswith("纪要") else text + "纪要"
    top = L.MARGIN_TOP_MM + L.MINUTES_MASTHEAD_TOP_FROM_BODY_TOP_MM
    bottom = draw_masthead(ctx, text, top, L.MASTHEAD_FONT_PT)
    number_top = bottom + L.DOC_NUMBER_BLANK_LINES * L.LINE_PITCH_MM
    number = doc.minutes_number or doc.doc_number
    number_bottom = _draw_centred(ctx, number, BODY, number_top, "doc_number") if number else bottom
    sep_bottom = draw_separator(ctx, number_bottom + L.SEPARATOR_GAP_MM)
    return first_line_below(sep_bottom) + L.TITLE_BLANK_LINES


def draw_order(ctx: Context, doc: Document) -> int:
    """命令格式: red "XXX令" 20 mm below the 版心's top, 令号 centred 2 lines below; no separator."""
    draw_header_block(ctx, doc)
    lead = doc.lead_issuer
    text = lead.masthead_text if lead else doc.title
    if lead and not (text.endswith(("令", "命令"))):
        text = text + "令"
    top = L.MARGIN_TOP_MM + L.ORDER_MASTHEAD_TOP_FROM_BODY_TOP_MM
    bottom = draw_masthead(ctx, text, top, L.MASTHEAD_FONT_PT)
    number = doc.order_number or doc.doc_number
    number_top = bottom + L.ORDER_NUMBER_BLANK_LINES * L.LINE_PITCH_MM
    number_bottom = _draw_centred(ctx, number, BODY, number_top, "doc_number") if number else bottom
    return first_line_below(number_bottom) + L.ORDER_BODY_BLANK_LINES


def draw_letter_rules(ctx: Context, y_mm: float, thick_first: bool, kind: str) -> float:
    """A red double line, 170 mm long and centred on the paper; returns its lower edge."""
    x0 = (L.PAGE_WIDTH_MM - L.LETTER_RULE_LENGTH_MM) / 2
    x1 = x0 + L.LETTER_RULE_LENGTH_MM
    first, second = (
        (L.LETTER_RULE_THICK_MM, L.LETTER_RULE_THIN_MM)
        if thick_first
        else (L.LETTER_RULE_THIN_MM, L.LETTER_RULE_THICK_MM)
    )
    ctx.painter.rule(x0, x1, y_mm + first / 2, first, L.RED_RGB, kind=kind)
    y2 = y_mm + first / 2 + L.LETTER_RULE_SPACING_MM
    ctx.painter.rule(x0, x1, y2, second, L.RED_RGB, kind=kind)
    return y2 + second / 2


def draw_letter(ctx: Context, doc: Document) -> int:
    """信函格式: 标志 30 mm from the paper's top, red double lines, number top right (§10.1)."""
    lead = doc.lead_issuer
    text = _split_suffix(lead.masthead_text)[0] if lead else ""
    bottom = draw_masthead(ctx, text, L.LETTER_MASTHEAD_TOP_MM, L.LETTER_MASTHEAD_FONT_PT)
    rule_bottom = draw_letter_rules(ctx, bottom + L.LETTER_RULE_GAP_MM, True, "letter_rule")
    bottom_rule_y = L.PAGE_HEIGHT_MM - L.LETTER_BOTTOM_RULE_FROM_BOTTOM_MM
    draw_letter_rules(
        ctx, bottom_rule_y - L.LETTER_RULE_THIN_MM - L.LETTER_RULE_SPACING_MM, False, "letter_rule"
    )
    first_top = rule_bottom + L.LETTER_NUMBER_GAP_MM
    last = draw_header_block(ctx, doc, first_top)
    if doc.doc_number:
        line = ctx.line(doc.doc_number, BODY)
        left = L.BODY_RIGHT_MM - L.pt_to_mm(line.width)
        baseline = first_top + L.pt_to_mm(L.BODY_FONT_PT * L.EM_ASCENT)
        ctx.painter.text_line(line, left_mm=left, baseline_mm=baseline, kind="doc_number")
        last = max(last, first_top + em_height_mm(L.BODY_FONT_PT))
    return first_line_below(last) + L.LETTER_TITLE_BLANK_LINES


def draw_header(ctx: Context, doc: Document) -> int:
    return {
        LayoutFormat.STANDARD: draw_standard,
        LayoutFormat.LETTER: draw_letter,
        LayoutFormat.ORDER: draw_order,
        LayoutFormat.MINUTES: draw_minutes,
    }[doc.layout](ctx, doc)
