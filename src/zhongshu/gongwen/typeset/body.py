"""The 主体 as grid lines: title, 主送, 正文 with its heading levels, 附件说明, attachments.

Each builder returns ``Block``s of ``FlowLine``s for the paginator; each line draws itself
when told the top of the grid line it landed on (standards.md §2.3).
"""

from __future__ import annotations

import re

from zhongshu.gongwen.model import (
    Document,
    HeadingLevel,
    LayoutFormat,
    MinutesAttendance,
    Paragraph,
    recipients_text,
)
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.context import BODY, BODY_WIDTH_PT, HEI, KAI, TITLE, Context
from zhongshu.gongwen.typeset.paginate import Block, FlowLine, blank
from zhongshu.gongwen.typeset.text import Line, Style, break_lines, width_of
from zhongshu.gongwen.typeset.title import break_title

TITLE_MAX_UNITS = int(
    (L.BODY_WIDTH_MM - 2 * L.pt_to_mm(L.TITLE_FONT_PT)) / L.pt_to_mm(L.TITLE_FONT_PT)
)


def draw_at(ctx: Context, line: Line, left_mm: float, kind: str, size: float = L.BODY_FONT_PT):
    """A FlowLine drawer that puts ``line`` on the grid line's top, ``left_mm`` from the paper."""

    def draw(painter, top_mm: float) -> None:
        baseline = top_mm + L.pt_to_mm(size * L.EM_ASCENT)
        painter.text_line(line, left_mm=left_mm, baseline_mm=baseline, kind=kind)

    return draw


def text_lines(
    ctx: Context,
    lines: list[Line],
    kind: str,
    *,
    movable: bool = True,
    left_mm: float = L.MARGIN_LEFT_MM,
) -> list[FlowLine]:
    return [
        FlowLine(
            kind,
            draw_at(
                ctx, line, left_mm, kind, line.glyphs[0].size if line.glyphs else L.BODY_FONT_PT
            ),
            line.text,
            movable,
        )
        for line in lines
    ]


def centred_lines(ctx: Context, texts: list[str], style: Style, kind: str) -> list[FlowLine]:
    result = []
    for text in texts:
        line = ctx.line(text, style)
        left = L.BODY_CENTER_X_MM - L.pt_to_mm(line.width) / 2
        result.append(FlowLine(kind, draw_at(ctx, line, left, kind, style.size), text))
    return result


_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?[省市县区]")


def place_names(doc: Document) -> list[str]:
    """Names a title line may not split: the organs, and the places inside their names."""
    names = [i.name for i in doc.issuers] + [i.signature_text for i in doc.issuers]
    names += doc.primary_recipients
    for name in list(names):
        names += _PLACE.findall(name)
    return names


def title_block(ctx: Context, doc: Document) -> list[FlowLine]:
    """The title (2号小标宋, centred, balanced lines) and a 题注 under it when there is one."""
    lines: list[FlowLine] = []
    title = doc.title.strip()
    lead = doc.lead_issuer
    if (
        doc.layout == LayoutFormat.ORDER
        and lead
        and title in {lead.masthead_text, lead.name + "令"}
    ):
        title = ""  # the 令's masthead is its title
    if doc.layout == LayoutFormat.MINUTES and lead and title == lead.masthead_text:
        title = ""
    if title:
        keep = place_names(doc)
        parts = break_title(title, TITLE_MAX_UNITS, keep)
        lines += centred_lines(ctx, parts, TITLE, "title")
    if doc.adoption_note:
        for line in ctx.lines(doc.adoption_note, KAI, justify=False):
            left = L.BODY_CENTER_X_MM - L.pt_to_mm(line.width) / 2
            lines.append(
                FlowLine("adoption_note", draw_at(ctx, line, left, "adoption_note"), line.text)
            )
    return lines


def recipient_lines(ctx: Context, names: list[str]) -> list[FlowLine]:
    """主送: flush left, wrapped lines flush left, a full-width colon after the last name."""
    text = recipients_text(names)
    return text_lines(ctx, ctx.lines(text, BODY), "recipients", movable=False)


def _heading_split(paragraph: Paragraph) -> tuple[str, str]:
    """A heading's own words, and the body text that runs on after its first "。"."""
    text = paragraph.text
    if paragraph.level in (HeadingLevel.H1, HeadingLevel.H2):
        cut = text.find("。")
        if 0 <= cut < len(text) - 1:
            return text[: cut + 1], text[cut + 1 :]
        return text, ""
    return "", text


def paragraph_lines(ctx: Context, paragraph: Paragraph, kind: str = "body") -> list[FlowLine]:
    """A paragraph indented 2 characters; 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋."""
    head, rest = _heading_split(paragraph)
    style = {HeadingLevel.H1: HEI, HeadingLevel.H2: KAI}.get(paragraph.level, BODY)
    glyphs = ctx.shape(head, style) + ctx.shape(rest, BODY)
    if not glyphs:
        return [blank()]
    lines = break_lines(
        glyphs, BODY_WIDTH_PT, first_indent=L.PARAGRAPH_INDENT_CHARS * L.CHAR_PITCH_PT
    )
    flow = text_lines(ctx, lines, kind)
    if head and not rest:
        for fl in flow:
            fl.keep_with_next = True  # a heading standing alone never ends a page
    return flow


_NUMBERED = re.compile(r"^(\d+[.．])(.*)$")


def attachment_note_lines(ctx: Context, notes: list[str]) -> list[FlowLine]:
    """附件说明: "附件：" indented 2; items numbered "1."; wrapped names align after the number."""
    result: list[FlowLine] = [blank()]
    label = ctx.shape("附件：", BODY)
    label_x = L.PARAGRAPH_INDENT_CHARS * L.CHAR_PITCH_PT
    items_x = label_x + width_of(label)
    for n, note in enumerate(notes):
        match = _NUMBERED.match(note.strip())
        number, name = (match[1], match[2]) if match else ("", note.strip())
        prefix = ctx.shape(number, BODY)
        name_x = items_x + width_of(prefix)
        lines = break_lines(
            ctx.shape(name, BODY), BODY_WIDTH_PT, first_indent=name_x, indent=name_x, justify=True
        )
        lines[-1].last = True
        head = (label if n == 0 else []) + prefix
        x = label_x if n == 0 else items_x
        first = lines[0]
        xs = []
        for g in head:
            xs.append(x)
            x += g.advance
        lines[0] = Line(head + first.glyphs, xs + first.xs, first.last)
        result += text_lines(ctx, lines, "attachment_notes")
    return result


def attendance_lines(ctx: Context, attendance: MinutesAttendance) -> list[FlowLine]:
    """纪要's 出席/请假/列席: 黑体 label indented 2, colon, 仿宋 names aligned after the colon."""
    result: list[FlowLine] = [blank()]
    groups = zip(
        L.MINUTES_ATTENDANCE_LABELS,
        (attendance.present, attendance.absent, attendance.attending),
        strict=True,
    )
    for label_text, names in groups:
        if not names:
            continue
        label = ctx.shape(label_text, HEI) + ctx.shape("：", BODY)
        x0 = L.PARAGRAPH_INDENT_CHARS * L.CHAR_PITCH_PT
        names_x = x0 + width_of(label)
        lines = break_lines(
            ctx.shape("、".join(names), BODY), BODY_WIDTH_PT, first_indent=names_x, indent=names_x
        )
        first = lines[0]
        xs = [x0 + sum(g.advance for g in label[:i]) for i in range(len(label))]
        lines[0] = Line(label + first.glyphs, xs + first.xs, first.last)
        result += text_lines(ctx, lines, "attendance")
    return result


def note_lines(ctx: Context, note: str) -> list[FlowLine]:
    """附注: in round parentheses, indented 2 characters, on the line after the 成文日期."""
    text = note.strip()
    if not (text.startswith("（") and text.endswith("）")):
        text = f"（{text.strip('（）()')}）"
    lines = ctx.lines(text, BODY, first_indent_chars=L.NOTE_INDENT_CHARS)
    return text_lines(ctx, lines, "note", movable=False)


def attachment_blocks(ctx: Context, doc: Document) -> list[Block]:
    """Each attachment on a new page: "附件N" (黑体) on line 1, its title on line 3, then its body."""
    blocks = []
    for attachment, label in zip(doc.attachments, doc.attachment_labels, strict=True):
        lines = text_lines(ctx, [ctx.line(label, HEI)], "attachment_label", movable=False)
        lines.append(blank("attachment_gap"))
        keep = place_names(doc)
        parts = break_title(attachment.title, TITLE_MAX_UNITS, keep)
        lines += centred_lines(ctx, parts, TITLE, "attachment_title")
        lines.append(blank())
        for paragraph in attachment.body:
            lines += paragraph_lines(ctx, paragraph, "attachment_body")
        blocks.append(Block("attachment", lines, new_page=True))
    return blocks
