"""版记 and page numbers (GB/T 9704-2012 §7.4, §7.5; standards.md §2.5).

The 版记 stands at the foot of the last page, its last rule on the 版心's lower edge. Its rows
are one grid line each, in 4号仿宋: moved 主送 and 抄送 (indented one character on each side,
wrapped lines aligned after the colon, a full stop after the last name), then 印发机关 and
印发日期. First and last rules are 0.35 mm, rules between elements 0.25 mm. The 信函格式 版记
has neither the 印发 line nor rules (§10.1).

Page numbers: "— N —" in 4号 宋体 half-width digits, the dashes 7 mm below the 版心, odd pages
right and even pages left, one character in.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhongshu.gongwen.model import Document, LayoutFormat
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.context import BODY_WIDTH_PT, COLOPHON, PAGE_NUMBER, Context
from zhongshu.gongwen.typeset.text import Line, break_lines, width_of

INDENT_PT = L.COLOPHON_INDENT_CHARS * L.COLOPHON_FONT_PT


@dataclass
class Colophon:
    """Rows of the 版记 and where the thin rules go (after row index ``thin_after``)."""

    rows: list[list[tuple[Line, float]]]  # each row: pieces (line, x in pt from the 版心's left)
    thin_after: list[int]
    ruled: bool

    @property
    def height_lines(self) -> int:
        return len(self.rows)


def _list_rows(ctx: Context, label: str, names: list[str]) -> list[list[tuple[Line, float]]]:
    head = ctx.shape(f"{label}：", COLOPHON)
    text_x = INDENT_PT + width_of(head)
    width = BODY_WIDTH_PT - INDENT_PT
    lines = break_lines(
        ctx.shape("，".join(names) + "。", COLOPHON), width, first_indent=text_x, indent=text_x
    )
    xs = [INDENT_PT + sum(g.advance for g in head[:i]) for i in range(len(head))]
    lines[0] = Line(head + lines[0].glyphs, xs + lines[0].xs, lines[0].last)
    return [[(line, 0.0)] for line in lines]


def build_colophon(ctx: Context, doc: Document, moved_recipients: list[str]) -> Colophon | None:
    rows: list[list[tuple[Line, float]]] = []
    thin_after: list[int] = []
    if moved_recipients:
        rows += _list_rows(ctx, "主送", moved_recipients)
    if doc.cc_recipients:
        rows += _list_rows(ctx, "抄送", doc.cc_recipients)
    letter = doc.layout == LayoutFormat.LETTER
    printer = doc.printer or (doc.lead_issuer.name if doc.lead_issuer and doc.print_date else "")
    if not letter and (printer or doc.print_date):
        if rows:
            thin_after.append(len(rows) - 1)
        left = ctx.line(printer, COLOPHON)
        shown = doc.print_date_display
        date_text = f"{shown}印发" if shown else ""
        right = ctx.line(date_text, COLOPHON)
        rows.append([(left, INDENT_PT), (right, BODY_WIDTH_PT - INDENT_PT - right.width)])
    if not rows:
        return None
    return Colophon(rows, thin_after, ruled=not letter)


def draw_colophon(ctx: Context, colophon: Colophon) -> None:
    """Draw the 版记 so that its last row sits on the 版心's lower edge."""
    p = ctx.painter
    n = colophon.height_lines
    top = L.BODY_BOTTOM_MM - n * L.LINE_PITCH_MM
    em = L.pt_to_mm(L.COLOPHON_FONT_PT)
    for i, row in enumerate(colophon.rows):
        row_top = top + i * L.LINE_PITCH_MM
        baseline = (
            row_top + (L.LINE_PITCH_MM - em) / 2 + L.pt_to_mm(L.COLOPHON_FONT_PT * L.EM_ASCENT)
        )
        for line, x in row:
            p.text_line(
                line,
                left_mm=L.MARGIN_LEFT_MM + L.pt_to_mm(x),
                baseline_mm=baseline,
                kind="colophon",
            )
    if not colophon.ruled:
        return
    x0, x1 = L.MARGIN_LEFT_MM, L.BODY_RIGHT_MM
    p.rule(x0, x1, top, L.COLOPHON_RULE_THICK_MM, kind="colophon_rule_thick")
    for i in colophon.thin_after:
        p.rule(
            x0,
            x1,
            top + (i + 1) * L.LINE_PITCH_MM,
            L.COLOPHON_RULE_THIN_MM,
            kind="colophon_rule_thin",
        )
    p.rule(x0, x1, L.BODY_BOTTOM_MM, L.COLOPHON_RULE_THICK_MM, kind="colophon_rule_thick")


PAGE_NUMBER_DASH_Y_MM = L.BODY_BOTTOM_MM + L.PAGE_NUMBER_GAP_MM
# The 一字线 of a CJK font lies on the middle of the em box: 0.38 em above the baseline.
_DASH_ABOVE_BASELINE = (L.EM_ASCENT - L.EM_DESCENT) / 2


def draw_page_number(ctx: Context, number: int) -> None:
    """ "— N —" with its dashes 7 mm below the 版心; odd pages right, even pages left."""
    text = f"{L.PAGE_NUMBER_DASH} {number} {L.PAGE_NUMBER_DASH}"
    line = ctx.line(text, PAGE_NUMBER)
    indent = L.PAGE_NUMBER_INDENT_CHARS * L.pt_to_mm(L.PAGE_NUMBER_FONT_PT)
    width = L.pt_to_mm(line.width)
    left = L.BODY_RIGHT_MM - indent - width if number % 2 else L.MARGIN_LEFT_MM + indent
    baseline = PAGE_NUMBER_DASH_Y_MM + L.pt_to_mm(L.PAGE_NUMBER_FONT_PT * _DASH_ABOVE_BASELINE)
    ctx.painter.text_line(line, left_mm=left, baseline_mm=baseline, kind="page_number")
