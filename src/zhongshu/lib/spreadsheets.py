"""Rows of every .xlsx and .csv export: user text goes out as inert text (formula injection).

A person's name stored as ``=cmd|' /C calc'!A0`` is text in the database; an export that
writes it as it is lets the spreadsheet program run it. Every export writes its rows here:

* .xlsx (:func:`xlsx_append`): every string is a string cell (``t="inlineStr"``), never a
  formula; a string that a spreadsheet would read as one (starting with ``= + - @``, tab or
  CR) also gets Excel's quote prefix, so that editing the cell does not turn it into a
  formula either. The text shown is the stored text, character for character (characters
  XML cannot carry at all, such as ``\\x01``, are shown as U+FFFD instead of failing the
  export).
* a whole .xlsx export of one sheet (:func:`xlsx_file`): a bold header, then the rows through
  :func:`xlsx_append`, streamed by openpyxl's write-only mode to a temporary file.
* .csv (:func:`csv_row`): there is no cell type in a CSV, so such a value is prefixed with
  ``'`` (OWASP, "CSV Injection"), which spreadsheets show and never evaluate.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping
from typing import IO, Any

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: What a spreadsheet program reads as the start of a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_RISKY_START = frozenset(FORMULA_START) | {"#"}  # "#N/A" and the other error codes


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_cell(value: Any) -> str:
    """One CSV field: the value as text, quoted with ``'`` when it would be a formula."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


def csv_row(values: Iterable[Any]) -> list[str]:
    return [csv_cell(value) for value in values]


def xlsx_append(sheet: Any, values: Iterable[Any]) -> None:
    """Append one row to an openpyxl worksheet, every string as inert text.

    Numbers, dates and ``None`` go in as they are (the office sorts and sums them). Strings
    go in as ready-made cells: a plain value starting with "=" would become a formula.
    """
    sheet.append([_inert(sheet, value) for value in values])


def xlsx_file(
    *,
    title: str,
    columns: Iterable[Any],
    rows: Iterable[list[Any]],
    widths: Mapping[int, int] | None = None,
    formats: Mapping[int, str] | None = None,
) -> tuple[IO[bytes], int]:
    """One sheet named ``title``: ``columns`` as a bold header, then ``rows`` (every row through
    :func:`xlsx_append`); ``widths`` and number ``formats`` by 1-based column. Returns the
    .xlsx in a temporary file at its start (for the response to stream and close) and the
    number of rows.

    openpyxl's write-only mode writes each row to disk as it comes: pass an iterator
    (``QuerySet.iterator()``) and memory stays flat whatever the number of rows.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for column, width in (widths or {}).items():  # before any row, in write-only mode
        sheet.column_dimensions[get_column_letter(column)].width = width
    bold = Font(bold=True)
    header = []
    for text in columns:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = bold
        header.append(cell)
    xlsx_append(sheet, header)
    count = 0
    for row in rows:
        for column, number_format in (formats or {}).items():
            cell = WriteOnlyCell(sheet, value=row[column - 1])
            cell.number_format = number_format
            row[column - 1] = cell
        xlsx_append(sheet, row)
        count += 1
    output = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the response, which closes it)
    book.save(output)
    output.seek(0)
    return output, count


def _inert(sheet: Any, value: Any) -> Any:
    # Most text is left to openpyxl, which stores it as a string: only what it would take for
    # a formula or an error code, or cannot store, becomes a ready-made cell (an export of
    # thousands of rows pays for the few, not for every cell).
    if isinstance(value, str) and (
        value[:1] in _RISKY_START or value in ERROR_CODES or ILLEGAL_CHARACTERS_RE.search(value)
    ):
        return _cell(sheet, value)
    return value


def _cell(sheet: Any, text: str) -> Cell:
    # A row and column (append moves it to its place): openpyxl's write-only append formats a
    # cell it cannot take as a value with its coordinate, which needs them.
    cell = Cell(sheet, row=1, column=1, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))
    cell.data_type = "s"  # openpyxl guessed "f" for "=…" (and "e" for "#N/A"): it is text
    if looks_like_formula(text):
        cell.quotePrefix = True  # editing the cell in Excel keeps it text
    return cell


__all__ = [
    "FORMULA_START",
    "XLSX",
    "csv_cell",
    "csv_row",
    "looks_like_formula",
    "xlsx_append",
    "xlsx_file",
]
