"""The real page count of a PDF, without a PDF library at run time.

ReportLab writes plain (uncompressed) object definitions, and the per-person watermark is an
incremental update that appends newer versions of changed objects. The count is therefore taken
from the *latest* definition of every object: the number of objects whose dictionary says
``/Type /Page``. Scanners often pack their objects into compressed object streams (``/ObjStm``,
PDF 1.5): those are inflated and their page dictionaries counted too. A file whose pages cannot
be found is refused rather than guessed.
"""

from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(?<![0-9])(\d+)\s+(\d+)\s+obj\b(.*?)\bendobj", re.S)
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm")
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.S)


class PageCountError(ValueError):
    """The bytes are not a PDF whose pages can be counted."""


def pdf_page_count(data: bytes) -> int:
    if not data.startswith(b"%PDF-"):
        raise PageCountError("not a PDF")
    latest: dict[int, bytes] = {}
    for match in _OBJ.finditer(data):
        latest[int(match.group(1))] = match.group(3)
    pages = 0
    for body in latest.values():
        head = body.split(b"stream", 1)[0]
        if _PAGE.search(head):
            pages += 1
        elif _OBJSTM.search(head) and b"/FlateDecode" in head:
            match = _STREAM.search(body)
            try:
                inflated = zlib.decompress(match.group(1)) if match else b""
            except zlib.error:
                inflated = b""
            pages += len(_PAGE.findall(inflated))
    if pages == 0:
        raise PageCountError("no page objects found")
    return pages
