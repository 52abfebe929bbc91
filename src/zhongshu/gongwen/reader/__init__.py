"""Reading drafts back into the structured ``Document``: plain text and .docx.

``read_text(text, *, hints=None)`` and ``read_docx(path_or_bytes, *, hints=None)`` return a
``ReadResult``:

* ``.document``: a validated ``model.Document``;
* ``.unplaced``: ``Unplaced(line, text, reason)`` for every line that did not land in an
  element (page clutter, repeated titles, text after the date…), reason in Chinese;
* ``.found``: element name (条例 第九条's names: "标题", "发文字号", "成文日期"…) → line numbers.

Line numbers are 1-based lines of the text, or 1-based paragraph ordinals of the .docx (table
cells included, in reading order). ``hints`` passes what the caller knows: ``doc_type`` (or
``文种``) when the title does not say it, ``layout`` (a ``LayoutFormat`` value). Both readers go
through the same line rules (``read_lines``), so a draft reads the same pasted or uploaded; the
.docx reader also uses what formatting says (a red or very large line is the 标志, a 2号 line a
title, Word's list numbering gives back "一、" and "（一）") and the 版式 our writer records.
"""

from .docx import DocxReadError, read_docx
from .result import ReadResult, Unplaced
from .text import read_lines, read_text

__all__ = ["DocxReadError", "ReadResult", "Unplaced", "read_docx", "read_lines", "read_text"]
