""".docx → ``Document``: the paragraphs (and table cells) in reading order, then the text reader.

Clerks type drafts in Word or WPS with no styles at all, so formatting cannot be trusted to say
what a paragraph is; the words can. Each paragraph becomes one line and goes through the same
rules as ``read_text``, so a draft reads the same whether pasted or uploaded. Headers and
footers (page numbers) are not part of the document and are skipped.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from zhongshu.gongwen.limits import ensure_reader_chars
from zhongshu.gongwen.model import LayoutFormat

from .lines import Line, physical_line
from .numbering import Numbering
from .result import ReadResult
from .text import read_lines


class DocxReadError(ValueError):
    """The file is not a .docx that can be opened (message in Chinese for the user)."""


def read_docx(
    source: str | Path | bytes | IO[bytes], *, hints: dict[str, Any] | None = None
) -> ReadResult:
    """Read a .docx draft. Numbers in ``unplaced``/``found`` are 1-based paragraph ordinals
    (table-cell paragraphs counted in reading order).

    Raises ``DocxReadError`` when the file is not a readable .docx, ``DocumentTooLarge`` when
    its text is beyond ``limits.MAX_READER_CHARS``.
    """
    try:
        stream = io.BytesIO(source) if isinstance(source, bytes) else source
        stream = str(stream) if isinstance(stream, Path) else stream
        package = open_docx(stream)  # type: ignore[arg-type]
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocxReadError("无法打开该文件：不是有效的 .docx 文档") from exc
    lines: list[Line] = []
    numbering = Numbering(package)
    size = 0
    for number, (text, hint) in enumerate(_paragraphs(package, numbering), 1):
        size += len(text)
        ensure_reader_chars(size)  # before reading the rest of a huge file
        for piece in text.split("\n"):
            lines.extend(physical_line(number, piece, hint))
    hints = dict(hints or {})
    category = (package.core_properties.category or "").strip()
    if category in {f.value for f in LayoutFormat} and "layout" not in hints:
        hints["layout"] = category  # written by our typesetter: the 版式 it used
    return read_lines(lines, hints=hints)


def _paragraph_texts(package: Any, numbering: Numbering | None = None) -> Iterator[str]:
    """Texts of body paragraphs and table-cell paragraphs, in document order, with the
    markers of Word's automatic numbering put back in front ("一、", "（一）")."""
    for text, _ in _paragraphs(package, numbering):
        yield text


def _paragraphs(package: Any, numbering: Numbering | None = None) -> Iterator[tuple[str, str]]:
    """(text, formatting hint) of every paragraph, table cells included, in reading order."""
    body = package.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            marker = numbering.marker(child) if numbering is not None else ""
            yield marker + _text(child), _hint(child)
        elif child.tag == qn("w:tbl"):
            seen: set[int] = set()
            for cell in child.iter(qn("w:tc")):
                if id(cell) in seen:
                    continue
                seen.add(id(cell))
                for paragraph in cell.iterchildren(qn("w:p")):
                    yield _text(paragraph), _hint(paragraph)


def _hint(paragraph: Any) -> str:
    """What the formatting says: a red or very large line is the 标志 (red-header templates),
    a 2号 (20–24 pt) line a title. Unstyled drafts give no hint and are read by words alone."""
    sizes: list[float] = []
    red = False
    for run in paragraph.iter(qn("w:r")):
        if not "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
            continue
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            return ""  # a run in the default style: no hint for the paragraph
        size = rpr.find(qn("w:sz"))
        sizes.append(int(size.get(qn("w:val"), "0")) / 2 if size is not None else 0.0)
        color = rpr.find(qn("w:color"))
        value = (color.get(qn("w:val"), "") if color is not None else "").upper()
        if len(value) == 6 and value != "AUTO":
            r, g, b = (int(value[k : k + 2], 16) for k in (0, 2, 4))
            red = red or (r >= 0xC0 and g <= 0x60 and b <= 0x60)
    if not sizes:
        return ""
    if red or min(sizes) >= 26:
        return "masthead"
    if all(20 <= size <= 24 for size in sizes):
        return "title"
    return ""


def _text(paragraph: Any) -> str:
    """A paragraph's text: runs, tabs as a space run, line and page breaks as new lines."""
    parts: list[str] = []
    # Only inside runs: the paragraph's own properties hold tab stops (w:tabs/w:tab) too.
    nodes = (
        node
        for run in paragraph.iter(qn("w:r"))
        for node in run.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"))
    )
    for node in nodes:
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


__all__ = ["DocxReadError", "read_docx"]
