"""The real page count of a PDF, without a PDF library at run time.

ReportLab writes plain (uncompressed) object definitions, and the per-person watermark is an
incremental update that appends newer versions of changed objects. The count is therefore taken
from the *latest* definition of every object: the number of objects whose dictionary says
``/Type /Page``. A file that hides its objects in object streams is refused rather than guessed.
"""

from __future__ import annotations

import re

_OBJ = re.compile(rb"(?<![0-9])(\d+)\s+(\d+)\s+obj\b(.*?)\bendobj", re.S)
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


class PageCountError(ValueError):
    """The bytes are not a PDF whose pages can be counted."""


def pdf_page_count(data: bytes) -> int:
    if not data.startswith(b"%PDF-"):
        raise PageCountError("not a PDF")
    latest: dict[int, bytes] = {}
    for match in _OBJ.finditer(data):
        latest[int(match.group(1))] = match.group(3)
    pages = sum(1 for body in latest.values() if _PAGE.search(body.split(b"stream", 1)[0]))
    if pages == 0:
        raise PageCountError("no page objects found")
    return pages
