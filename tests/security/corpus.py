"""Hostile uploads, built in the test run: zip bombs, polyglots, wrong magic bytes, empty
files and odd names.

The bombs are written by hand (local headers, central directory) so that building a 1 GB
inflation costs ~1 MB and well under a second: one megabyte of the run is deflated once,
ended with a full flush (which resets the compressor's history and aligns to a byte), and that
block is repeated 1024 times; the CRC over the gigabyte is computed once per session.
Writing the headers by hand also lets an entry lie about its sizes.
"""

from __future__ import annotations

import functools
import io
import struct
import zlib
from dataclasses import dataclass

from openpyxl import Workbook

MB = 1024 * 1024

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{type}"/>'
    "</Types>"
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{part}"/></Relationships>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass(frozen=True)
class Entry:
    """One zip entry: ``data`` stored deflated, or a ready raw-deflate ``stream`` with its
    true ``crc`` and ``size``; ``declared`` overrides the size written in the headers."""

    name: str
    data: bytes = b""
    stream: bytes | None = None
    crc: int = 0
    size: int = 0
    declared: int | None = None


def zip_bytes(entries: list[Entry]) -> bytes:
    out = io.BytesIO()
    central = []
    for entry in entries:
        if entry.stream is None:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            stream = compressor.compress(entry.data) + compressor.flush()
            crc, size = zlib.crc32(entry.data), len(entry.data)
        else:
            stream, crc, size = entry.stream, entry.crc, entry.size
        size = entry.declared if entry.declared is not None else size
        name = entry.name.encode()
        offset = out.tell()
        fields = (20, 0x800, 8, 0, 0x21, crc, len(stream), size, len(name), 0)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name + stream)
        central.append(
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHH", *fields)
            + struct.pack("<HHHII", 0, 0, 0, 0, offset)
            + name
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0
        )
    )
    return out.getvalue()


def bomb_stream(prefix: bytes, suffix: bytes, megabytes: int) -> tuple[bytes, int, int]:
    """A raw deflate stream of ``prefix`` + ``megabytes`` MB of b"0" + ``suffix``, with its
    CRC and size; built in milliseconds (plus the CRC's one pass, ~0.5 s per GB)."""
    run = b"0" * MB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(run) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush()
    crc = zlib.crc32(prefix)
    for _ in range(megabytes):
        crc = zlib.crc32(run, crc)
    crc = zlib.crc32(suffix, crc)
    return head + block * megabytes + tail, crc, len(prefix) + megabytes * MB + len(suffix)


@functools.cache
def _docx_bomb_stream(megabytes: int) -> tuple[bytes, int, int]:
    prefix = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'
    )
    return bomb_stream(prefix.encode(), b"</w:t></w:r></w:p></w:body></w:document>", megabytes)


@functools.cache
def _xlsx_bomb_stream(megabytes: int) -> tuple[bytes, int, int]:
    prefix = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{S}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    return bomb_stream(prefix.encode(), b"</t></is></c></row></sheetData></worksheet>", megabytes)


def docx_package(document: Entry) -> bytes:
    return zip_bytes(
        [
            Entry(
                "[Content_Types].xml",
                CONTENT_TYPES.format(part="word/document.xml", type=DOCX_MAIN).encode(),
            ),
            Entry("_rels/.rels", RELS.format(part="word/document.xml").encode()),
            document,
        ]
    )


def word_with(*entries: Entry) -> bytes:
    """A minimal .docx (its content types and an empty ``word/document.xml``) carrying
    ``entries`` besides (embedded files, media)."""
    return zip_bytes(
        [
            Entry(
                "[Content_Types].xml",
                CONTENT_TYPES.format(part="word/document.xml", type=DOCX_MAIN).encode(),
            ),
            Entry("word/document.xml", b"<w:document/>"),
            *entries,
        ]
    )


def xlsx_package(sheet: Entry) -> bytes:
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{S}" xmlns:r="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="人员" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    )
    return zip_bytes(
        [
            Entry(
                "[Content_Types].xml",
                CONTENT_TYPES.format(part="xl/workbook.xml", type=XLSX_MAIN).encode(),
            ),
            Entry("_rels/.rels", RELS.format(part="xl/workbook.xml").encode()),
            Entry("xl/workbook.xml", workbook.encode()),
            Entry("xl/_rels/workbook.xml.rels", workbook_rels.encode()),
            sheet,
        ]
    )


def docx_bomb(megabytes: int = 1024, *, declared: int | None = None) -> bytes:
    """A .docx whose word/document.xml inflates to ``megabytes`` MB (1 GB: a ~1 MB file).
    ``declared``: the size its headers claim instead of the truth."""
    stream, crc, size = _docx_bomb_stream(megabytes)
    return docx_package(
        Entry("word/document.xml", stream=stream, crc=crc, size=size, declared=declared)
    )


def xlsx_bomb(megabytes: int = 1024, *, declared: int | None = None) -> bytes:
    """An .xlsx whose one sheet inflates to ``megabytes`` MB."""
    stream, crc, size = _xlsx_bomb_stream(megabytes)
    return xlsx_package(
        Entry("xl/worksheets/sheet1.xml", stream=stream, crc=crc, size=size, declared=declared)
    )


def small_docx() -> bytes:
    """A real, small .docx (python-docx)."""
    import docx

    document = docx.Document()
    document.add_paragraph("甲市人民政府关于开展节能检查的通知")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def small_xlsx() -> bytes:
    book = Workbook()
    book.active.append(["a"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def png(width: int = 8, height: int = 8) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="JPEG")
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
GIF_JS = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(document.cookie);//;"


def hostile(extension: str) -> list[tuple[str, str, bytes]]:
    """(case, file name, content) for a field whose files end in ``extension``: every one
    must be refused whatever the field accepts. Names carry the field's own extension where
    the point is the content, so the refusal is the content's, not the name's."""
    ext = extension
    traversal_payload = HTML
    cases = [
        ("docx zip bomb", "草稿.docx", docx_bomb()),
        ("xlsx zip bomb", "人员.xlsx", xlsx_bomb()),
        ("docx bomb that lies about its size", "草稿.docx", docx_bomb(declared=20 * MB)),
        ("docx bomb under the size cap", "草稿.docx", docx_bomb(24)),
        ("html named as the field's kind", f"来文{ext}", HTML),
        ("pdf with an html prefix", "来文.pdf", HTML + b"\n" + PDF),
        ("pdf carrying html", "来文.pdf", PDF[:9] + HTML + PDF[9:]),
        ("svg named png", "印章.png", SVG),
        ("gif/js polyglot named png", "印章.png", GIF_JS),
        ("gif/js polyglot named jpg", "印章.jpg", GIF_JS),
        ("random bytes named docx", "草稿.docx", bytes(range(256)) * 16),
        ("random bytes named xlsx", "人员.xlsx", bytes(range(256)) * 16),
        ("random bytes named as the field's kind", f"文件{ext}", bytes(range(255, -1, -1)) * 16),
        ("png named jpg", "印章.jpg", png()),
        ("jpeg named pdf", "来文.pdf", jpeg()),
        ("a plain zip named docx", "草稿.docx", zip_bytes([Entry("a.txt", b"hello")])),
        ("a workbook named docx", "草稿.docx", small_xlsx()),
        ("a word file named xlsx", "人员.xlsx", small_docx()),
        ("a truncated png", "印章.png", png()[:40]),
        ("an executable named as the field's kind", f"文件{ext}", b"MZ\x90\x00" + bytes(512)),
        (
            "a zip with a path-traversal entry",
            "草稿.docx",
            _small_docx_with("../../evil.xml", b"<x/>"),
        ),
        (
            "a zip with duplicate entries",
            "草稿.docx",
            _small_docx_with("WORD/document.xml", b"<x/>"),
        ),
        ("a name that is only an extension", ext, HTML),
        ("a path-traversal name", f"../../../static/x{ext}", traversal_payload),
        ("a windows path-traversal name", f"..\\..\\x{ext}", traversal_payload),
        ("an encoded path-traversal name", f"&#x2e;&#x2e;&#x2f;x{ext}", traversal_payload),
    ]
    return cases


def _small_docx_with(name: str, data: bytes) -> bytes:
    """A real small .docx with one more entry written after its own."""
    import zipfile

    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(small_docx())) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(name, data)
    return buffer.getvalue()
