"""Per-person watermark on the PDF of a classified document (domain.md §8: 密级 that only labels).

The sealed PDF itself never changes (its SHA-256 is on record); a cleared person who downloads
a classified document receives a copy with their name, account and the time drawn across every
page. The copy is the original bytes plus a PDF *incremental update* (ISO 32000-1 §7.5.6): new
objects (a font, one content stream per page) and new versions of the page objects and of their
font dictionaries, then a new cross-reference section pointing back to the original one. No PDF
library is needed, and the original bytes stay intact at the start of the copy.

Only what the typesetter produces is supported (ReportLab: a classic cross-reference table,
page objects as plain dictionaries). Anything else raises ``WatermarkError``, and the caller
refuses the download rather than hand out an unmarked copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A Chinese font every PDF viewer has (one of the Adobe-GB1 standard CID fonts; not embedded).
_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H "
    b"/Encoding /UniGB-UCS2-H /DescendantFonts [ << /Type /Font /Subtype /CIDFontType0 "
    b"/BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) "
    b"/Supplement 2 >> /DW 1000 /FontDescriptor << /Type /FontDescriptor "
    b"/FontName /STSong-Light /Flags 6 /FontBBox [ -25 -254 1000 880 ] /ItalicAngle 0 "
    b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> >> ] >>"
)
_FONT_NAME = b"/ZsWm"


class WatermarkError(ValueError):
    """The PDF is not one this module can mark safely."""


@dataclass
class _Object:
    number: int
    generation: int
    body: bytes  # between "obj" and "endobj"


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
    body = pdf[start:end]
    if 0 <= stream < end:
        body = b""  # a stream object; never rewritten here
    return _Object(number, generation, body)


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


def _utf16_hex(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _content(text: str, width: float, height: float) -> bytes:
    """Light grey text, turned 30°, in a grid over the page."""
    line = _utf16_hex(text)
    ops = [b"q", b"0.75 g", b"BT", _FONT_NAME + b" 14 Tf"]
    y = -height
    while y < height * 1.5:
        x = -width * 0.2
        while x < width:
            ops.append(b"0.866 0.5 -0.5 0.866 %.1f %.1f Tm" % (x, y))
            ops.append(line + b" Tj")
            x += 14 * len(text) * 0.75 + 60
        y += 110
    ops += [b"ET", b"Q"]
    return b"\n".join(ops)


def _page_size(body: bytes) -> tuple[float, float]:
    match = re.search(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", body)
    if not match:
        return 595.28, 841.89  # A4
    x0, y0, x1, y1 = (float(v) for v in match.groups())
    return x1 - x0, y1 - y0


def add_watermark(pdf: bytes, text: str) -> bytes:
    """Return ``pdf`` with ``text`` drawn over each page (the original bytes left intact).

    1. Read the cross-reference table and find the page objects (``/Type /Page``).
    2. Add the font and, per page, a content stream drawing ``text``.
    3. Write new versions of the pages (their /Contents followed by the watermark) and of their
       font dictionaries (with the watermark font added).
    4. Append a cross-reference section and a trailer whose /Prev is the original table.
    """
    if not pdf.startswith(b"%PDF-"):
        raise WatermarkError("not a PDF")
    prev = _startxref(pdf)
    entries, trailer = _xref(pdf, prev)
    size_match = re.search(rb"/Size\s+(\d+)", trailer)
    if not size_match:
        raise WatermarkError("trailer without /Size")
    next_number = int(size_match.group(1))
    objects = {n: _object(pdf, n, e) for n, e in entries.items()}
    pages = [o for o in objects.values() if re.search(rb"/Type\s*/Page(?![s\w])", o.body)]
    if not pages:
        raise WatermarkError("no pages")

    new: dict[int, bytes] = {}
    font_number = next_number
    next_number += 1
    new[font_number] = _FONT
    font_ref = b"%s %d 0 R" % (_FONT_NAME, font_number)
    rewritten_fonts: set[int] = set()

    for page in pages:
        body = page.body.strip()
        if not body.startswith(b"<<"):
            raise WatermarkError("page is not a dictionary")
        width, height = _page_size(body)
        stream = _content(text, width, height)
        stream_number = next_number
        next_number += 1
        new[stream_number] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        watermark_ref = b"%d 0 R" % stream_number

        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)", body)
        if not contents:
            raise WatermarkError("page without /Contents")
        value = contents.group(1)
        merged = (
            value[:-1] + b" " + watermark_ref + b" ]"
            if value.startswith(b"[")
            else b"[ " + value + b" " + watermark_ref + b" ]"
        )
        body = body[: contents.start(1)] + merged + body[contents.end(1) :]

        resources_at = body.find(b"/Resources")
        if resources_at < 0:
            raise WatermarkError("page without /Resources")
        after = body[resources_at + len(b"/Resources") :].lstrip()
        value_at = len(body) - len(after)
        if not after.startswith(b"<<"):
            raise WatermarkError("shared /Resources are not supported")
        resources_end = _matching(body, value_at)
        resources = body[value_at:resources_end]
        font_match = re.search(rb"/Font\s*(\d+\s+0\s+R|<<)", resources)
        if font_match is None:
            resources = resources[:-2] + b" /Font << " + font_ref + b" >> >>"
        elif font_match.group(1) == b"<<":
            insert = font_match.end()
            resources = resources[:insert] + b" " + font_ref + b" " + resources[insert:]
        else:
            number = _ref(font_match.group(1))
            if number is None or number not in objects:
                raise WatermarkError("font dictionary not found")
            if number not in rewritten_fonts:
                fonts = objects[number].body.strip()
                if not fonts.startswith(b"<<") or not fonts.endswith(b">>"):
                    raise WatermarkError("font dictionary is not a dictionary")
                new[number] = fonts[:-2] + b" " + font_ref + b" >>"
                rewritten_fonts.add(number)
        body = body[:value_at] + resources + body[resources_end:]
        new[page.number] = body

    out = bytearray(pdf)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets: dict[int, int] = {}
    for number in sorted(new):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + new[number] + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n"
    for number in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    keep = []
    for key in (rb"/Root\s+\d+\s+0\s+R", rb"/Info\s+\d+\s+0\s+R", rb"/ID\s*\[[^\]]*\]"):
        match = re.search(key, trailer)
        if match:
            keep.append(match.group(0))
    out += b"trailer\n<< /Size %d /Prev %d " % (next_number, prev) + b" ".join(keep) + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def watermark_text(*, user, document) -> str:
    """The mark of one person's copy: name, account, local time, 密级."""
    from django.utils import timezone

    now = timezone.localtime()
    name = getattr(user, "full_name", "") or user.get_username()
    return (
        f"{name} {user.get_username()} {now:%Y-%m-%d %H:%M} {document.get_classification_display()}"
    )


def personal_copy(pdf: bytes, *, user, document) -> tuple[bytes, bool]:
    """The PDF a person receives: watermarked for a classified document, else as issued.

    Returns the bytes and whether they were marked; raises ``ApplicationError`` when a
    classified PDF cannot be marked (an unmarked copy is never handed out).
    """
    from django.utils.translation import gettext as _

    from zhongshu.lib.errors import ApplicationError

    if not document.classification:
        return pdf, False
    try:
        return add_watermark(pdf, watermark_text(user=user, document=document)), True
    except WatermarkError as exc:
        raise ApplicationError(
            _("涉密文件无法加注个人水印，不能下载。"), extra={"reason": str(exc)}
        ) from exc
