"""Per-person watermark on the PDF of a classified document (domain.md §8: 密级 that only labels).

The sealed PDF itself never changes (its SHA-256 is on record); a cleared person who downloads
a classified document receives a copy with their name, account and the time drawn across every
page. The same update stamps the 份号 of a numbered copy (GB/T 9704 §7.2.1: 涉密公文应当标注份号)
where the typesetter left its line free (``render_pdf(copy_number_slot=True)``), and can put
several numbered copies in one file for the issuing office to print.

The copy is the original bytes plus a PDF *incremental update* (ISO 32000-1 §7.5.6). The marks
are drawn by the typesetter's own painter, in the fonts it embeds (``gongwen.fonts``: TrueType
subsets, so every viewer shows them; an unembedded standard CID font showed nothing in poppler
without poppler-data), into a small overlay PDF; each overlay page becomes a form XObject
(ISO 32000-1 §8.10) with its own resources, so no name can clash with the page's. New versions
of the pages draw the original content (wrapped in q/Q) and then the forms; a new
cross-reference section points back to the original one. No PDF library is needed, and the
original bytes stay intact at the start of the copy.

Only what the typesetter produces is supported (ReportLab: a classic cross-reference table,
page objects as plain dictionaries). Anything else raises ``WatermarkError``, and the caller
refuses the download rather than hand out an unmarked copy.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

_REF = re.compile(rb"(?<![\d.])(\d+)\s+0\s+R\b")
_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")
_WATERMARK_NAME = b"/ZsWm"
_NUMBER_PREFIX = b"/ZsNo"
_EMPTY_TEXT = re.compile(rb"BT\s+/[^\s/]+\s+[\d.]+\s+Tf\s+[\d.]+\s+TL\s+ET")


class WatermarkError(ValueError):
    """The PDF is not one this module can mark safely."""


@dataclass
class _Object:
    number: int
    generation: int
    body: bytes  # between "obj" and "endobj"; empty for a stream object (never rewritten)
    raw: bytes = b""  # between "obj" and "endobj", streams included


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


def _startxref(pdf: bytes) -> int:
    match = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf[-1024:])
    if not match:
        raise WatermarkError("no startxref")
    return int(match.group(1))


def _xref(pdf: bytes, offset: int) -> tuple[dict[int, tuple[int, int]], bytes]:
    """The (last) classic cross-reference section: object → (offset, generation), trailer."""
    if not pdf.startswith(b"xref", offset):
        raise WatermarkError("cross-reference streams are not supported")
    entries: dict[int, tuple[int, int]] = {}
    pos = offset + 4
    trailer_at = pdf.find(b"trailer", pos)
    if trailer_at < 0:
        raise WatermarkError("no trailer")
    lines = pdf[pos:trailer_at].split()
    i = 0
    while i < len(lines):
        first, count = int(lines[i]), int(lines[i + 1])
        i += 2
        for n in range(count):
            off, gen, kind = lines[i], lines[i + 1], lines[i + 2]
            i += 3
            if kind == b"n":
                entries[first + n] = (int(off), int(gen))
    end = pdf.find(b"startxref", trailer_at)
    trailer = pdf[trailer_at + len(b"trailer") : end]
    if b"/Prev" in trailer:
        raise WatermarkError("incrementally updated input is not supported")
    return entries, trailer


def _object(pdf: bytes, number: int, entry: tuple[int, int]) -> _Object:
    offset, generation = entry
    header = re.compile(rb"\s*%d\s+%d\s+obj" % (number, generation))
    match = header.match(pdf, offset)
    if not match:
        raise WatermarkError(f"object {number} not at its offset")
    start = match.end()
    stream = pdf.find(b"stream", start)
    end = pdf.find(b"endobj", start)
    if end < 0:
        raise WatermarkError(f"object {number} has no end")
    if 0 <= stream < end:
        # The data may hold any bytes: skip it by its /Length before looking for "endobj".
        length = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", pdf[start:stream])
        if length is None:
            raise WatermarkError(f"stream {number} without a direct /Length")
        data_at = stream + len(b"stream") + (2 if pdf.startswith(b"\r\n", stream + 6) else 1)
        end = pdf.find(b"endobj", data_at + int(length.group(1)))
        if end < 0:
            raise WatermarkError(f"object {number} has no end")
        return _Object(number, generation, b"", pdf[start:end])
    body = pdf[start:end]
    return _Object(number, generation, body, body)


def _stream_parts(raw: bytes) -> tuple[bytes, bytes]:
    """A stream object's dictionary and its (still encoded) data."""
    at = raw.find(b"stream")
    head = raw[:at]
    length = re.search(rb"/Length\s+(\d+)", head)
    if length is None:
        raise WatermarkError("stream without /Length")
    data_at = at + len(b"stream") + (2 if raw.startswith(b"\r\n", at + 6) else 1)
    return head, raw[data_at : data_at + int(length.group(1))]


def _matching(text: bytes, start: int) -> int:
    """Index just after the ``>>`` closing the ``<<`` at ``start``."""
    depth = 0
    i = start
    while i < len(text) - 1:
        pair = text[i : i + 2]
        if pair == b"<<":
            depth += 1
            i += 2
            continue
        if pair == b">>":
            depth -= 1
            i += 2
            if depth == 0:
                return i
            continue
        i += 1
    raise WatermarkError("unbalanced dictionary")


def _ref(value: bytes) -> int | None:
    match = re.fullmatch(rb"\s*(\d+)\s+0\s+R\s*", value)
    return int(match.group(1)) if match else None


def _key_ref(body: bytes, key: bytes) -> int:
    match = re.search(re.escape(key) + rb"\s+(\d+)\s+0\s+R", body)
    if not match:
        raise WatermarkError(f"no {key.decode()} reference")
    return int(match.group(1))


def _page_numbers(objects: dict[int, _Object], trailer: bytes) -> tuple[int, list[int]]:
    """The root /Pages object and the page objects in reading order."""
    root = objects.get(_key_ref(trailer, b"/Root"))
    if root is None:
        raise WatermarkError("catalog not found")
    pages_root = _key_ref(root.body, b"/Pages")
    leaves: list[int] = []

    def walk(number: int, depth: int) -> None:
        node = objects.get(number)
        if node is None or depth > 32:
            raise WatermarkError("broken page tree")
        if _PAGE.search(node.body):
            leaves.append(number)
            return
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", node.body)
        if not kids:
            raise WatermarkError("page tree node without /Kids")
        for ref in _REF.finditer(kids.group(1)):
            walk(int(ref.group(1)), depth + 1)

    walk(pages_root, 0)
    if not leaves:
        raise WatermarkError("no pages")
    return pages_root, leaves


def _resources(body: bytes) -> tuple[int, int]:
    """Start and end of a page's inline /Resources dictionary."""
    resources_at = body.find(b"/Resources")
    if resources_at < 0:
        raise WatermarkError("page without /Resources")
    after = body[resources_at + len(b"/Resources") :].lstrip()
    value_at = len(body) - len(after)
    if not after.startswith(b"<<"):
        raise WatermarkError("shared /Resources are not supported")
    return value_at, _matching(body, value_at)


def _parse(pdf: bytes) -> tuple[int, bytes, dict[int, _Object]]:
    if not pdf.startswith(b"%PDF-"):
        raise WatermarkError("not a PDF")
    prev = _startxref(pdf)
    entries, trailer = _xref(pdf, prev)
    return prev, trailer, {n: _object(pdf, n, e) for n, e in entries.items()}


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


def _used_fonts(content: bytes) -> set[bytes]:
    return set(re.findall(rb"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf", content))


def _import_forms(overlay: bytes, first_number: int) -> tuple[dict[int, bytes], list[int], int]:
    """Each page of ``overlay`` as a form XObject numbered from ``first_number``, with the
    objects its resources reach (the embedded font subsets); unused fonts are left out.

    Returns the new objects (number → body), the form of each overlay page, the next number.
    """
    _prev, trailer, objects = _parse(overlay)
    _root, pages = _page_numbers(objects, trailer)
    mapping: dict[int, int] = {}
    counter = [first_number]

    def number_for(old: int) -> int:
        if old not in mapping:
            mapping[old] = counter[0]
            counter[0] += 1
        return mapping[old]

    def renumber(text: bytes) -> bytes:
        return _REF.sub(lambda m: b"%d 0 R" % number_for(int(m.group(1))), text)

    contents: list[tuple[bytes, bytes, bytes, bytes]] = []  # resources, filter, data, mediabox
    used: set[bytes] = set()
    for number in pages:
        body = objects[number].body
        start, end = _resources(body)
        stream_ref = re.search(rb"/Contents\s+(\d+)\s+0\s+R", body)
        box = re.search(rb"/MediaBox\s*\[([^\]]*)\]", body)
        if stream_ref is None or box is None:
            raise WatermarkError("overlay page without one content stream")
        head, data = _stream_parts(objects[int(stream_ref.group(1))].raw)
        filters = re.search(rb"/Filter\s*(\[[^\]]*\]|/\w+)", head)
        plain = data
        if filters is not None:
            if re.sub(rb"[\[\]\s]", b"", filters.group(1)) != b"/FlateDecode":
                raise WatermarkError("overlay content is not Flate-encoded")
            plain = zlib.decompress(data)
        # ReportLab opens each page with an empty text object setting its default font
        # (Helvetica, never embedded): drop it, so that only embedded fonts remain.
        plain = _EMPTY_TEXT.sub(b"", plain)
        used |= _used_fonts(plain)
        contents.append(
            (body[start:end], b"/Filter /FlateDecode", zlib.compress(plain), box.group(1).strip())
        )
    for resources, _filter, _data, _box in contents:
        font_ref = re.search(rb"/Font\s+(\d+)\s+0\s+R", resources)
        if font_ref is not None:  # keep only the fonts drawn with (ReportLab adds Helvetica)
            fonts = objects[int(font_ref.group(1))]
            kept = [
                m.group(0)
                for m in re.finditer(rb"/([^\s/\[\]<>()]+)\s+\d+\s+0\s+R", fonts.body)
                if m.group(1) in used
            ]
            fonts.body = fonts.raw = b"<< " + b" ".join(kept) + b" >>"
    new: dict[int, bytes] = {}
    forms: list[int] = []
    for resources, filters, data, box in contents:
        form = counter[0]
        counter[0] += 1
        new[form] = (
            b"<< /Type /XObject /Subtype /Form /BBox [ %s ] /Resources %s %s /Length %d >>\n"
            b"stream\n%s\nendstream" % (box, renumber(resources), filters, len(data), data)
        )
        forms.append(form)
    copied: set[int] = set()
    while len(copied) < len(mapping):
        for old in [n for n in mapping if n not in copied]:
            copied.add(old)
            source = objects.get(old)
            if source is None:
                raise WatermarkError(f"overlay object {old} missing")
            if source.body or b"stream" not in source.raw:
                new[mapping[old]] = renumber(source.raw)
            else:
                at = source.raw.find(b"stream")
                new[mapping[old]] = renumber(source.raw[:at]) + source.raw[at:]
    return new, forms, counter[0]


# --- the update -------------------------------------------------------------------------------


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def _number_name(number: str) -> bytes:
    return _NUMBER_PREFIX + number.encode()


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

    1. Read the cross-reference table and the page tree.
    2. Draw the marks into an overlay PDF; import its pages as form XObjects.
    3. Per copy and page: a page object (the original's new version for the first copy) whose
       /Contents are ``q`` + the original content + ``Q`` + the stream drawing its forms, and
       whose resources name the forms; for several copies, a new version of the page tree root.
    4. Append a cross-reference section and a trailer whose /Prev is the original table.
    """
    if not copies:
        raise WatermarkError("no copies")
    numbers = [f"{n:06d}" for n in copies if n is not None]
    if not watermark and not numbers and len(copies) == 1:
        return pdf
    prev, trailer, objects = _parse(pdf)
    size_match = re.search(rb"/Size\s+(\d+)", trailer)
    if not size_match:
        raise WatermarkError("trailer without /Size")
    pages_root, pages = _page_numbers(objects, trailer)
    slot = slot or legacy_slot()
    new: dict[int, bytes] = {}
    forms: list[int] = []
    next_number = int(size_match.group(1))
    if watermark or numbers:
        overlay = _overlay(watermark=watermark, numbers=list(dict.fromkeys(numbers)), slot=slot)
        new, forms, next_number = _import_forms(overlay, next_number)
    watermark_form = forms.pop(0) if watermark else None
    number_forms = dict(zip(dict.fromkeys(numbers), forms, strict=True))

    def allocate(body: bytes) -> int:
        nonlocal next_number
        new[next_number] = body
        next_number += 1
        return next_number - 1

    push, pop = allocate(_stream(b"q")), allocate(_stream(b"Q"))
    draws: dict[bytes, int] = {}
    shared_xobjects: dict[int, bytes] = {}
    kids: list[int] = []
    for copy_index, copy in enumerate(copies):
        number = None if copy is None else f"{copy:06d}"
        for page_index, page in enumerate(pages, 1):
            body = objects[page].body.strip()
            if not body.startswith(b"<<"):
                raise WatermarkError("page is not a dictionary")
            if len(copies) > 1 and _key_ref(body, b"/Parent") != pages_root:
                raise WatermarkError("nested page trees are not supported")
            names: dict[bytes, int] = {}
            ops: list[bytes] = []
            if watermark_form is not None:
                names[_WATERMARK_NAME] = watermark_form
                ops.append(b"q %s Do Q" % _WATERMARK_NAME)
            if number is not None and page_index == slot.page:
                names[_number_name(number)] = number_forms[number]
                ops.append(b"q %s Do Q" % _number_name(number))
            draw = b"\n".join(ops)
            if draw not in draws:
                draws[draw] = allocate(_stream(draw))

            contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)", body)
            if not contents:
                raise WatermarkError("page without /Contents")
            value = contents.group(1)
            inner = value[1:-1].strip() if value.startswith(b"[") else value
            merged = b"[ %d 0 R %s %d 0 R %d 0 R ]" % (push, inner, pop, draws[draw])
            body = body[: contents.start(1)] + merged + body[contents.end(1) :]

            start, end = _resources(body)
            resources = body[start:end]
            entries = b" ".join(b"%s %d 0 R" % (k, v) for k, v in names.items())
            found = re.search(rb"/XObject\s*(\d+\s+0\s+R|<<)", resources)
            if not names:
                pass
            elif found is None:
                resources = resources[:-2] + b" /XObject << " + entries + b" >> >>"
            elif found.group(1) == b"<<":
                at = found.end()
                resources = resources[:at] + b" " + entries + b" " + resources[at:]
            else:
                shared = _ref(found.group(1))
                if shared is None or shared not in objects:
                    raise WatermarkError("XObject dictionary not found")
                current = shared_xobjects.get(shared, objects[shared].body.strip())
                if not current.startswith(b"<<") or not current.endswith(b">>"):
                    raise WatermarkError("XObject dictionary is not a dictionary")
                shared_xobjects[shared] = current[:-2] + b" " + entries + b" >>"
            body = body[:start] + resources + body[end:]
            if copy_index == 0:
                new[page] = body
                kids.append(page)
            else:
                kids.append(allocate(body))
    new.update(shared_xobjects)
    if len(copies) > 1:
        root = objects[pages_root].body.strip()
        root = re.sub(
            rb"/Kids\s*\[[^\]]*\]",
            b"/Kids [ " + b" ".join(b"%d 0 R" % k for k in kids) + b" ]",
            root,
        )
        root = re.sub(rb"/Count\s+\d+", b"/Count %d" % len(kids), root)
        new[pages_root] = root

    out = bytearray(pdf)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets: dict[int, int] = {}
    for number_ in sorted(new):
        offsets[number_] = len(out)
        out += b"%d 0 obj\n" % number_ + new[number_] + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n"
    for number_ in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (number_, offsets[number_])
    keep = []
    for key in (rb"/Root\s+\d+\s+0\s+R", rb"/Info\s+\d+\s+0\s+R", rb"/ID\s*\[[^\]]*\]"):
        match = re.search(key, trailer)
        if match:
            keep.append(match.group(0))
    out += b"trailer\n<< /Size %d /Prev %d " % (next_number, prev) + b" ".join(keep) + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


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
