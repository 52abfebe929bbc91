"""Per-person watermark on the PDF of a classified document (domain.md §8: 密级 that only labels).

The sealed PDF itself never changes (its SHA-256 is on record); a cleared person who downloads
a classified document receives a copy with their name, account and the time drawn across every
page. The same update stamps the 份号 of a numbered copy (GB/T 9704 §7.2.1: 涉密公文应当标注份号)
where the typesetter left its line free (``render_pdf(copy_number_slot=True)``), and can put
several numbered copies in one file for the issuing office to print.

The copy is the original bytes plus a PDF *incremental update* (ISO 32000-1 §7.5.6), written by
pypdf's incremental writer (``PdfWriter(incremental=True)``: it reads the file and appends only
the objects added or changed, with a cross-reference section pointing back to the original
one), so the original bytes stay intact at the start of the copy. The marks are drawn by the
typesetter's own painter, in the fonts it embeds (``gongwen.fonts``: TrueType subsets, so every
viewer shows them; an unembedded standard CID font showed nothing in poppler without
poppler-data), into a small overlay PDF; each overlay page becomes a form XObject (ISO 32000-1
§8.10) with its own resources, so no name can clash with the page's. New versions of the pages
draw the original content streams, untouched, wrapped in q/Q, and then the forms.

A file already updated, encrypted or unreadable raises ``WatermarkError``, and the caller
refuses the download rather than hand out an unmarked copy.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
)

_WATERMARK_NAME = "/ZsWm"
_NUMBER_PREFIX = "/ZsNo"
_EMPTY_TEXT = re.compile(rb"BT\s+/[^\s/]+\s+[\d.]+\s+Tf\s+[\d.]+\s+TL\s+ET")
_END_OF_REVISION = re.compile(rb"startxref\s+\d+\s+%%EOF")
_FONT_IN_USE = re.compile(rb"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf")


class WatermarkError(ValueError):
    """The PDF is not one this module can mark safely."""


@dataclass(frozen=True)
class CopyNumberSlot:
    """Where the typesetter left the 份号's line free: page (1-based), the left edge and the top
    of the 3号 em box in mm from the paper's top-left, and the size (``RenderResult``'s
    ``copy_number_slot``)."""

    page: int
    x_mm: float
    top_mm: float
    size_pt: float

    @classmethod
    def from_placement(cls, placement) -> CopyNumberSlot:
        from zhongshu.gongwen.typeset import layout as L

        return cls(placement.page, placement.x, placement.top, L.mm_to_pt(placement.height))

    @classmethod
    def from_dict(cls, data: dict | None) -> CopyNumberSlot | None:
        if not data:
            return None
        return cls(
            int(data["page"]), float(data["x_mm"]), float(data["top_mm"]), float(data["size_pt"])
        )

    def to_dict(self) -> dict[str, float]:
        return {
            "page": self.page,
            "x_mm": self.x_mm,
            "top_mm": self.top_mm,
            "size_pt": self.size_pt,
        }


def legacy_slot() -> CopyNumberSlot:
    """For a classified PDF sealed before the 份号 had its line (its 密级 is on line 1): one line
    above the 版头's first line, in the 天头, so that the number never covers the 密级."""
    from zhongshu.gongwen.typeset import layout as L

    line = L.HEADER_BLOCK_LINES["copy_number"]
    return CopyNumberSlot(
        1, L.MARGIN_LEFT_MM, L.line_top_mm(line) - L.LINE_PITCH_MM, L.BODY_FONT_PT
    )


# --- the overlay: what is drawn, by the typesetter's painter in its embedded fonts -------------


def _overlay(*, watermark: str, numbers: Sequence[str], slot: CopyNumberSlot) -> bytes:
    """A PDF of A4 pages: the watermark first (when given), then one page per 份号 drawn where
    ``slot`` says, as the typesetter draws the 份号 (3号 仿宋, ``header.draw_header_block``)."""
    from zhongshu.gongwen.fonts import FontRole, resolve_fonts
    from zhongshu.gongwen.typeset import layout as L
    from zhongshu.gongwen.typeset.context import BODY
    from zhongshu.gongwen.typeset.painter import Painter
    from zhongshu.gongwen.typeset.text import set_line, shape

    fonts = resolve_fonts()
    painter = Painter()
    first = True
    if watermark:
        _draw_watermark(painter.canvas, watermark, fonts, FontRole.SONGTI)
        first = False
    for number in numbers:
        if not first:
            painter.new_page()
        first = False
        line = set_line(shape(number, BODY, fonts))
        baseline = slot.top_mm + L.pt_to_mm(slot.size_pt * L.EM_ASCENT)
        painter.text_line(line, left_mm=slot.x_mm - L.pt_to_mm(line.xs[0]), baseline_mm=baseline)
    return painter.finish()


def _draw_watermark(canvas, text: str, fonts, role) -> None:
    """Light grey ``text``, turned 30°, in a grid over the page (14 pt, in the 宋体 the
    typesetter embeds, each character in the font that has it)."""
    runs: list[tuple[str, str]] = []
    for char in text:
        name = fonts.font_for(role, char).name
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + char)
        else:
            runs.append((name, char))
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillGray(0.75)
    y = -height
    while y < height * 1.5:
        x = -width * 0.2
        while x < width:
            text_object = canvas.beginText()
            text_object.setTextTransform(0.866, 0.5, -0.5, 0.866, x, y)
            for name, run in runs:
                text_object.setFont(name, 14)
                text_object.textOut(run)
            canvas.drawText(text_object)
            x += 14 * len(text) * 0.75 + 60
        y += 110
    canvas.restoreState()


def _used_fonts(content: bytes) -> set[str]:
    return {"/" + name.decode("latin-1") for name in _FONT_IN_USE.findall(content)}


def _page_data(page) -> bytes:
    """The decoded content of a page (its streams joined when /Contents is an array)."""
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    return b"\n".join(s.get_object().get_data() for s in streams)


def _forms(writer: PdfWriter, overlay: bytes) -> list[IndirectObject]:
    """Each page of ``overlay`` as a form XObject of ``writer`` (ISO 32000-1 §8.10) with its
    own resources: the embedded font subsets it draws with, nothing else."""
    forms = []
    for page in PdfReader(io.BytesIO(overlay)).pages:
        # ReportLab opens each page with an empty text object setting its default font
        # (Helvetica, never embedded): drop it, so that only embedded fonts remain.
        data = _EMPTY_TEXT.sub(b"", _page_data(page))
        used = _used_fonts(data)
        resources = DictionaryObject(page["/Resources"].get_object())
        fonts = resources.get("/Font")
        if fonts is not None:
            fonts = fonts.get_object()
            resources[NameObject("/Font")] = DictionaryObject(
                {NameObject(k): v for k, v in fonts.items() if k in used}
            )
        form = DecodedStreamObject()
        form.set_data(data)
        form = form.flate_encode()
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(page.mediabox),
                NameObject("/Resources"): resources.clone(writer),
            }
        )
        forms.append(writer._add_object(form))
    return forms


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _open(pdf: bytes) -> PdfWriter:
    """The PDF opened for an incremental update; refused when it is not one the typesetter
    wrote in a single pass (already updated, encrypted, or not a PDF at all)."""
    if not pdf.startswith(b"%PDF-"):
        raise WatermarkError("not a PDF")
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=True)
        if reader.is_encrypted:
            raise WatermarkError("encrypted input is not supported")
        if len(_END_OF_REVISION.findall(pdf)) > 1:
            raise WatermarkError("incrementally updated input is not supported")
        writer = PdfWriter(reader, incremental=True)
    except PdfReadError as exc:
        raise WatermarkError(f"unreadable PDF: {exc}") from exc
    # pypdf writes the update's cross-reference as a stream (PDF 1.5); the original header says
    # 1.4, so the catalog declares the version (ISO 32000-1 §7.7.2 /Version), in the update.
    root = writer.root_object
    if str(root.get("/Version", "/1.0")) < "/1.5" and reader.pdf_header < "%PDF-1.5":
        root[NameObject("/Version")] = NameObject("/1.5")
    return writer


def _duplicate(writer: PdfWriter, page: PageObject) -> PageObject:
    """A new page object after the last page, showing what ``page`` shows (its content streams
    and resources shared, not copied)."""
    copy = PageObject(writer)
    for key in page:
        if key != "/Parent":
            value = page.raw_get(key)
            if getattr(value, "indirect_reference", None) is not None:
                value = value.indirect_reference  # a shared object stays one object
            copy[NameObject(key)] = value
    return writer.add_page(copy)


def _mark(page, *, names: dict[str, IndirectObject], push, pop, draw) -> None:
    """Draw the forms ``names`` over ``page``: its content wrapped in q/Q (the original streams
    untouched), then the stream that draws the forms; its resources name the forms."""
    if "/Contents" not in page:
        raise WatermarkError("page without /Contents")
    contents = page.raw_get("/Contents")
    if isinstance(contents, IndirectObject):
        contents = contents.get_object()
    inner = list(contents) if isinstance(contents, ArrayObject) else [contents]
    refs = [c if isinstance(c, IndirectObject) else c.indirect_reference for c in inner]
    if any(ref is None for ref in refs):
        raise WatermarkError("page content is not an indirect stream")
    page[NameObject("/Contents")] = ArrayObject([push, *refs, pop, draw])
    resources = page.get("/Resources")
    if resources is None:
        raise WatermarkError("page without /Resources")
    resources = DictionaryObject(resources.get_object())
    xobjects = resources.get("/XObject")
    xobjects = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
    xobjects.update({NameObject(k): v for k, v in names.items()})
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources


def stamp(
    pdf: bytes,
    *,
    watermark: str = "",
    copies: Sequence[int | None] = (None,),
    slot: CopyNumberSlot | None = None,
) -> bytes:
    """Return ``pdf`` with the per-person ``watermark`` on every page and, for each entry of
    ``copies``, a copy of the document carrying that 份号 (None: no number) at ``slot``
    (default ``legacy_slot()``). Several entries give one file of the copies one after another.
    The original bytes stay intact at the start.

    1. Open the PDF for an incremental update (pypdf's ``PdfWriter(incremental=True)``).
    2. Draw the marks into an overlay PDF; make each of its pages a form XObject.
    3. For the second and later copies, add a new page object per original page (sharing its
       content streams); then on every page: /Contents become ``q``, the original streams,
       ``Q`` and the stream drawing its forms, and its resources name the forms.
    4. Write only the new and changed objects after the original bytes, with a cross-reference
       section whose /Prev is the original one.
    """
    if not copies:
        raise WatermarkError("no copies")
    numbers = [f"{n:06d}" for n in copies if n is not None]
    if not watermark and not numbers and len(copies) == 1:
        return pdf
    writer = _open(pdf)
    slot = slot or legacy_slot()
    originals = list(writer.pages)
    tree = writer.root_object["/Pages"].indirect_reference
    if len(copies) > 1 and any(p["/Parent"].indirect_reference != tree for p in originals):
        # the copies are added to the root of the page tree, after the original pages
        raise WatermarkError("nested page trees are not supported")
    unique = list(dict.fromkeys(numbers))
    forms = _forms(writer, _overlay(watermark=watermark, numbers=unique, slot=slot))
    watermark_form = forms.pop(0) if watermark else None
    number_forms = dict(zip(unique, forms, strict=True))
    push, pop = _stream(writer, b"q"), _stream(writer, b"Q")
    draws: dict[bytes, IndirectObject] = {}
    pages = [originals] + [[_duplicate(writer, p) for p in originals] for _copy in copies[1:]]
    for copy, copy_pages in zip(copies, pages, strict=True):
        number = None if copy is None else f"{copy:06d}"
        for page_index, page in enumerate(copy_pages, 1):
            names: dict[str, IndirectObject] = {}
            if watermark_form is not None:
                names[_WATERMARK_NAME] = watermark_form
            if number is not None and page_index == slot.page:
                names[_NUMBER_PREFIX + number] = number_forms[number]
            draw = b"\n".join(b"q %s Do Q" % name.encode() for name in names)
            if draw not in draws:
                draws[draw] = _stream(writer, draw)
            _mark(page, names=names, push=push, pop=pop, draw=draws[draw])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_watermark(pdf: bytes, text: str) -> bytes:
    """Return ``pdf`` with ``text`` drawn over each page (the original bytes left intact)."""
    return stamp(pdf, watermark=text)


def watermark_text(*, user, document) -> str:
    """The mark of one person's copy: name, account, local time, 密级."""
    from django.utils import timezone

    now = timezone.localtime()
    name = getattr(user, "full_name", "") or user.get_username()
    return (
        f"{name} {user.get_username()} {now:%Y-%m-%d %H:%M} {document.get_classification_display()}"
    )
