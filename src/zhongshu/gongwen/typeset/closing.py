"""署名, 成文日期 and 印章 (GB/T 9704-2012 §7.3.5; standards.md §2.4), as one kept-together block.

Four variants:

* sealed, one issuer: date 4 characters from the right; the name centred over the date; the seal
  centred on both, its centre a little above them, its top within one line of the text above;
* sealed, joint: seals in rows of two (one when names are long), never touching, the last seal
  on the date's axis pressing its name and the date;
* unsealed: name 1 blank line below the text, 2 characters from the right; the date on the next
  line starting 2 characters right of the name (moved left, and the name with it, when long);
* 命令格式: 职务 + 签名章 2 blank lines below the text, 4 characters from the right, and the date
  1 blank line below, 4 characters from the right.

A missing seal image is drawn as a dashed outline of where the seal goes, with a warning: the
typesetter never draws a seal of its own.
"""

from __future__ import annotations

from zhongshu.gongwen.model import Document, LayoutFormat
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.context import BODY, KAI, Context
from zhongshu.gongwen.typeset.paginate import Block, FlowLine, blank
from zhongshu.gongwen.typeset.text import Line

EM_MM = L.pt_to_mm(L.BODY_FONT_PT)


def _line_at(ctx: Context, line: Line, left_mm: float, kind: str) -> FlowLine:
    def draw(painter, top_mm: float) -> None:
        baseline = top_mm + L.pt_to_mm(L.BODY_FONT_PT * L.EM_ASCENT)
        painter.text_line(line, left_mm=left_mm, baseline_mm=baseline, kind=kind)

    return FlowLine(kind, draw, line.text)


def _pieces_at(ctx: Context, pieces: list[tuple[Line, float]], kind: str) -> FlowLine:
    """Several lines drawn on one grid line (a row of joint names)."""

    def draw(painter, top_mm: float) -> None:
        baseline = top_mm + L.pt_to_mm(L.BODY_FONT_PT * L.EM_ASCENT)
        for line, left in pieces:
            painter.text_line(line, left_mm=left, baseline_mm=baseline, kind=kind)

    return FlowLine(kind, draw, "  ".join(line.text for line, _ in pieces))


def _width_mm(line: Line) -> float:
    return L.pt_to_mm(line.width)


def _seal_image(ctx: Context, name: str, path: str) -> bytes | str | None:
    """The seal of the organ signed as ``name`` (or with that full name, or that image path)."""
    full_names = {i.signature_text: i.name for i in ctx.document.issuers}
    for key in (name, full_names.get(name, ""), path):
        if key and key in ctx.seal_images:
            return ctx.seal_images[key]
    return path or None


def _seal_drawer(ctx: Context, seals: list[tuple[float, float, str, str]]):
    """Draw seals at (centre x, centre y offset from the anchor line's top, organ, image path)."""

    def draw(painter, top_mm: float) -> None:
        d = L.SEAL_DIAMETER_MM
        for cx, dy, name, path in seals:
            cy = top_mm + dy
            image = _seal_image(ctx, name, path)
            if image:
                try:
                    painter.image(image, cx - d / 2, cy - d / 2, d, d)
                except Exception as exc:  # a broken image must not lose the document
                    ctx.warn(f"{name}的印章图片无法读取（{exc}），以虚线圈标示用印位置")
                    painter.seal_placeholder(cx, cy, d)
            else:
                ctx.warn(f"未提供{name}的印章图片，以虚线圈标示用印位置")
                painter.seal_placeholder(cx, cy, d)
            painter.record("seal", cx - d / 2, cy - d / 2, d, d, name)

    return draw


def _date_line(ctx: Context, doc: Document) -> Line | None:
    text = doc.date_display
    if not text:
        ctx.warn("缺少成文日期")
        return None
    return ctx.line(text, BODY)


def sealed_block(ctx: Context, doc: Document) -> Block:
    date = _date_line(ctx, doc)
    date_right = L.BODY_RIGHT_MM - L.SEALED_DATE_RIGHT_INDENT_CHARS * L.CHAR_PITCH_MM
    date_w = _width_mm(date) if date else L.CHAR_PITCH_MM * 9
    axis = date_right - date_w / 2
    names = [ctx.line(i.signature_text, BODY) for i in doc.issuers]
    # Seal centre relative to the anchor line's top: a little above the middle of name + date
    # (the last row) or of the name alone (other rows).
    pair_middle = (L.LINE_PITCH_MM + EM_MM) / 2
    name_middle = EM_MM / 2
    widest = max((_width_mm(n) for n in names), default=0.0)
    spacing = max(L.SEAL_DIAMETER_MM + L.SEAL_GAP_MM, widest + L.CHAR_PITCH_MM)
    two_fit = axis - spacing - max(L.SEAL_DIAMETER_MM, widest) / 2 >= L.MARGIN_LEFT_MM
    per_row = 2 if len(names) > 1 and two_fit else 1
    rows = [list(range(i, min(i + per_row, len(names)))) for i in range(0, len(names), per_row)]
    # The last row is right-aligned on the date's axis; fuller rows above share its columns.
    lines: list[FlowLine] = [blank("signature_gap"), blank("signature_gap")]
    seals: list[tuple[float, float, str, str]] = []
    rows_gap = 4  # grid lines between rows: seals of neighbouring rows never touch
    for r, row in enumerate(rows):
        last_row = r == len(rows) - 1
        xs = [axis - spacing * (len(row) - 1 - k) for k in range(len(row))]
        pieces = [(names[i], x - _width_mm(names[i]) / 2) for i, x in zip(row, xs, strict=True)]
        lines.append(_pieces_at(ctx, pieces, "signature"))
        offset = (r * rows_gap) - (len(rows) - 1) * rows_gap  # relative to the last row's line
        middle = pair_middle if last_row else name_middle
        for i, x in zip(row, xs, strict=True):
            issuer = doc.issuers[i]
            dy = offset * L.LINE_PITCH_MM + middle - L.SEAL_ABOVE_TEXT_MM
            seals.append((x, dy, issuer.signature_text, issuer.seal_image))
        if not last_row:
            lines += [blank("signature_gap") for _ in range(rows_gap - 1)]
    anchor = len(lines) - 1
    if date is not None:
        lines.append(_line_at(ctx, date, date_right - date_w, "date"))
    return Block(
        "signature",
        lines,
        keep_together=True,
        decorate=_seal_drawer(ctx, seals),
        anchor=anchor,
        reserve_after=1,  # the seal reaches half a line below the date: never into the page number
        squeezable=True,
        on_squeeze=lambda: ctx.warn("署名、成文日期和印章与正文同页，已按标准收紧其上方空行"),
    )


def unsealed_block(ctx: Context, doc: Document) -> Block:
    date = _date_line(ctx, doc)
    names = [ctx.line(i.signature_text, BODY) for i in doc.issuers]
    right = L.BODY_RIGHT_MM - L.UNSEALED_NAME_RIGHT_INDENT_CHARS * L.CHAR_PITCH_MM
    names_w = max((_width_mm(n) for n in names), default=0.0)
    names_left = right - names_w
    offset = L.UNSEALED_DATE_OFFSET_CHARS * L.CHAR_PITCH_MM
    lines: list[FlowLine] = [blank("signature_gap")]
    if date is not None:
        date_left = names_left + offset
        if date_left + _width_mm(date) > right:
            date_left = right - _width_mm(date)
            names_left = date_left - offset
    lines += [_line_at(ctx, n, names_left, "signature") for n in names]
    if date is not None:
        lines.append(_line_at(ctx, date, date_left, "date"))
    return Block("signature", lines, keep_together=True)


def order_block(ctx: Context, doc: Document) -> Block:
    """命令格式: 职务 + 签名章 (the signer's name stands in for the stamp when there is no image)."""
    date = _date_line(ctx, doc)
    right = L.BODY_RIGHT_MM - L.ORDER_STAMP_RIGHT_INDENT_CHARS * L.CHAR_PITCH_MM
    name = ctx.line(doc.signer_name or "", KAI)
    title = ctx.line(doc.signer_title or "", BODY)
    name_left = right - _width_mm(name)
    title_left = name_left - L.ORDER_TITLE_GAP_CHARS * L.CHAR_PITCH_MM - _width_mm(title)
    if not doc.signer_name:
        ctx.warn("命令格式缺少签署人姓名（签名章）")
    stamp = ctx.seal_images.get(doc.signer_name) or ctx.seal_images.get("签名章")
    lines: list[FlowLine] = [blank("signature_gap") for _ in range(L.ORDER_STAMP_BLANK_LINES)]
    lines.append(_pieces_at(ctx, [(title, title_left), (name, name_left)], "signature"))
    anchor = len(lines) - 1
    lines += [blank("signature_gap") for _ in range(L.ORDER_DATE_BLANK_LINES)]
    if date is not None:
        lines.append(_line_at(ctx, date, right - _width_mm(date), "date"))
    decorate = None
    if stamp:
        width = max(_width_mm(name), 3 * L.CHAR_PITCH_MM)

        def decorate(painter, top_mm: float) -> None:
            height = L.LINE_PITCH_MM * 1.5
            painter.image(stamp, right - width, top_mm + EM_MM / 2 - height / 2, width, height)
            painter.record("seal", right - width, top_mm + EM_MM / 2 - height / 2, width, height)
    else:
        ctx.warn("未提供签名章图片，以签署人姓名代替")
    return Block("signature", lines, keep_together=True, decorate=decorate, anchor=anchor)


def signature_block(ctx: Context, doc: Document) -> Block | None:
    """The closing block for ``doc``, or None when it carries a 题注 instead (决议, 决定)."""
    if doc.layout == LayoutFormat.ORDER:
        return order_block(ctx, doc)
    if doc.adoption_note and doc.date is None and not doc.date_text:
        return None
    if not doc.issuers:
        if not doc.date_display:
            return None
        date = ctx.line(doc.date_display, BODY)
        right = L.BODY_RIGHT_MM - L.UNSEALED_NAME_RIGHT_INDENT_CHARS * L.CHAR_PITCH_MM
        return Block(
            "signature",
            [blank(), _line_at(ctx, date, right - _width_mm(date), "date")],
            keep_together=True,
        )
    if doc.sealed:
        return sealed_block(ctx, doc)
    return unsealed_block(ctx, doc)
