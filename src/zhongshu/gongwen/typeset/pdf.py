"""``render_pdf``: a ``Document`` typeset to GB/T 9704-2012 as PDF, with ReportLab.

Steps:

1. resolve fonts (official by configured path, else the Debian fallbacks; every substitution
   is reported);
2. draw page 1's 版头 for the document's format; it tells where the 主体 begins;
3. build the 主体 as grid lines: title, 主送 (moved to the 版记 when it would push the 正文
   off page 1, §7.3.2), 正文, 附件说明, 纪要 attendance, 署名/日期/印章, 附注, attachments;
4. paginate on the 22-line grid, keeping the signature with text;
5. place the 版记 on an even last page (a blank, unnumbered page is inserted when it needs
   one) and number the pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from zhongshu.gongwen.fonts import FontConfig, FontSet, resolve_fonts
from zhongshu.gongwen.limits import ensure_document_size
from zhongshu.gongwen.model import Document, LayoutFormat
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.body import (
    attachment_blocks,
    attachment_note_lines,
    attendance_lines,
    note_lines,
    paragraph_lines,
    recipient_lines,
    title_block,
)
from zhongshu.gongwen.typeset.closing import signature_block
from zhongshu.gongwen.typeset.colophon import build_colophon, draw_colophon, draw_page_number
from zhongshu.gongwen.typeset.context import Context
from zhongshu.gongwen.typeset.header import draw_header
from zhongshu.gongwen.typeset.paginate import Block, Page, Paginator, blank
from zhongshu.gongwen.typeset.painter import Painter, Placement


@dataclass
class RenderResult:
    """The PDF and what a reviewer needs to know about it.

    ``substitutions`` lists every font substitution (and glyph fallback); ``warnings`` what the
    typesetter had to decide (a moved 主送, a missing seal image…). ``placements`` records where
    each element was drawn, in mm from the paper's top-left, for tests and previews;
    ``numbered_pages`` maps page → printed page number (absent: no number);
    ``signature_squeezed`` whether the 署名 block's blank lines were tightened to keep it on the
    text's page (``paginate.squeeze_shifts``), which puts the 署名 off the grid.
    """

    pdf: bytes
    page_count: int
    substitutions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    numbered_pages: dict[int, int] = field(default_factory=dict)
    colophon_page: int | None = None
    recipients_in_colophon: bool = False
    copy_number_slot: Placement | None = None
    signature_squeezed: bool = False

    def find(self, kind: str) -> list[Placement]:
        return [p for p in self.placements if p.kind == kind]

    @property
    def notes(self) -> list[str]:
        return [*self.substitutions, *self.warnings]


class _CopyNumberSlotPainter(Painter):
    """Leaves the 份号 unprinted and records where it goes (``render_pdf(copy_number_slot=…)``)."""

    def text_line(self, line, *, left_mm, baseline_mm, kind="", hscale=1.0) -> None:
        if kind != "copy_number":
            super().text_line(
                line, left_mm=left_mm, baseline_mm=baseline_mm, kind=kind, hscale=hscale
            )
            return
        size = line.glyphs[0].size
        top = baseline_mm - L.pt_to_mm(size * L.EM_ASCENT)
        self.record(kind, left_mm + L.pt_to_mm(line.xs[0]), top, 0.0, L.pt_to_mm(size), "")


def _load_seal_images(
    doc: Document, seal_images: Mapping[str, bytes | str | Path] | None
) -> dict[str, bytes | str]:
    images: dict[str, bytes | str] = {}
    for key, value in (seal_images or {}).items():
        images[key] = value if isinstance(value, bytes) else str(value)
    return images


def _main_blocks(ctx: Context, doc: Document, first_line: int) -> tuple[list[Block], list[str]]:
    """The 主体's blocks and the 主送 names moved to the 版记 (empty when they stay)."""
    blocks: list[Block] = []
    head = title_block(ctx, doc)
    recipients = recipient_lines(ctx, doc.primary_recipients) if doc.primary_recipients else []
    moved: list[str] = []
    if head:
        head = [*head, *(blank("title_gap") for _ in range(L.TITLE_TO_RECIPIENTS_BLANK_LINES))]
    # Page 1 must show 正文 (§7.3.3): the 主送 goes to the 版记 if it leaves no line for it.
    if recipients and first_line + len(head) + len(recipients) > L.LINES_PER_PAGE:
        moved = list(doc.primary_recipients)
        recipients = []
        ctx.warn("主送机关过多，正文无法在首页起排，已按标准移至版记")
    blocks.append(Block("head", head + recipients))
    body = [fl for p in doc.body for fl in paragraph_lines(ctx, p)]
    if not body:
        ctx.warn("缺少正文")
    blocks.append(Block("body", body))
    notes = doc.attachment_notes
    if notes:
        blocks.append(Block("attachment_notes", attachment_note_lines(ctx, notes)))
    if doc.minutes_attendance is not None:
        blocks.append(Block("attendance", attendance_lines(ctx, doc.minutes_attendance)))
    signature = signature_block(ctx, doc)
    if signature is not None:
        if doc.note:
            signature.lines += note_lines(ctx, doc.note)
        blocks.append(signature)
    elif doc.note:
        blocks.append(Block("note", note_lines(ctx, doc.note)))
    blocks += attachment_blocks(ctx, doc)
    return blocks, moved


def _place_colophon(pages: list[Page], rows: int) -> tuple[int, list[int]]:
    """Choose the 版记's page: the last page if even and free at the foot; else the next even one.

    Returns the 版记 page (1-based) and the inserted blank pages.
    """
    last = len(pages)
    free_from = L.LINES_PER_PAGE - rows + 1
    if last % 2 == 0 and pages[-1].last_used < free_from:
        return last, []
    if last % 2 == 1:
        pages.append(Page())
        return last + 1, []
    pages.append(Page())
    pages.append(Page())
    return last + 2, [last + 1]


def render_pdf(
    document: Document,
    *,
    fonts: FontConfig | FontSet | None = None,
    seal_images: Mapping[str, bytes | str | Path] | None = None,
    copy_number_slot: bool = False,
) -> RenderResult:
    """Typeset ``document`` to GB/T 9704-2012 and return the PDF with its report.

    ``fonts``: a ``FontConfig`` (official font paths), an already resolved ``FontSet``, or None
    for the environment's configuration. ``seal_images``: seal images (PNG bytes or paths, with
    transparency) by organ name as signed, or by the signer's name/"签名章" for a 令;
    an issuer's ``seal_image`` path is used otherwise. ``copy_number_slot``: a classified
    document without a 份号 keeps line 1 of the 版头 free for it (§7.2.1; the 密级 stays on line
    2) and ``copy_number_slot`` says where each numbered copy's 份号 is to be stamped.
    """
    ensure_document_size(document)  # before any work: beyond the limits it is no 公文
    font_set = fonts if isinstance(fonts, FontSet) else resolve_fonts(fonts)
    doc = document
    slot = copy_number_slot and bool(doc.classification_mark) and not doc.copy_number
    if slot:
        doc = doc.model_copy(update={"copy_number": "0" * L.COPY_NUMBER_DIGITS})
    painter_class = _CopyNumberSlotPainter if slot else Painter
    painter = painter_class(title=doc.title, author=doc.lead_issuer.name if doc.lead_issuer else "")
    ctx = Context(doc, font_set, painter, _load_seal_images(doc, seal_images))
    first_line = draw_header(ctx, doc)
    blocks, moved = _main_blocks(ctx, doc, first_line)
    paginator = Paginator(first_line)
    for block in blocks:
        paginator.add(block)
    pages = paginator.pages
    colophon = build_colophon(ctx, doc, moved)
    colophon_page, blanks = (None, [])
    if colophon is not None:
        if colophon.height_lines >= L.LINES_PER_PAGE:
            ctx.warn("版记（主送、抄送）过长，超出一页的版心")
        colophon_page, blanks = _place_colophon(pages, colophon.height_lines)
    numbered: dict[int, int] = {}
    for index, page in enumerate(pages, 1):
        if index > 1:
            painter.new_page()
        for line_no, flow_line in sorted(page.lines.items()):
            if flow_line.draw is not None:
                flow_line.draw(painter, L.line_top_mm(line_no))
        for line_no, decorate in page.decorations:
            decorate(painter, L.line_top_mm(line_no))
        if colophon is not None and index == colophon_page:
            draw_colophon(ctx, colophon)
        unnumbered = index in blanks or (blanks and index == colophon_page)
        if doc.layout == LayoutFormat.LETTER and index == 1:
            unnumbered = True
        if not unnumbered:
            draw_page_number(ctx, index)
            numbered[index] = index
    pdf = painter.finish()
    for text in dict.fromkeys(painter.squeezed):
        ctx.warn(f"“{text[:20]}”过长，超出版心，已移入或压缩至版心内")
    return RenderResult(
        pdf=pdf,
        page_count=len(pages),
        substitutions=[*font_set.substitutions, *ctx.glyph_report()],
        warnings=list(ctx.warnings),
        placements=painter.placements,
        numbered_pages=numbered,
        colophon_page=colophon_page,
        recipients_in_colophon=bool(moved),
        copy_number_slot=next((p for p in painter.placements if p.kind == "copy_number"), None),
        signature_squeezed=paginator.squeezed,
    )
