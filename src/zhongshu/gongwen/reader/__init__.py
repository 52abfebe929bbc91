"""Reading drafts back into the structured ``Document``: plain text and .docx.

``read_text(text, hints=None)`` and ``read_docx(path_or_bytes, hints=None)`` return a
``ReadResult`` with ``.document``, ``.unplaced`` ((line, text, reason) for every line that did
not land in an element) and ``.found`` (element name → line numbers). Both go through the same
line rules (``read_lines``), so a draft reads the same pasted or uploaded.
"""

from .docx import DocxReadError, read_docx
from .result import ReadResult, Unplaced
from .text import read_lines, read_text

__all__ = ["DocxReadError", "ReadResult", "Unplaced", "read_docx", "read_lines", "read_text"]
