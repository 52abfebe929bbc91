"""Rows of every .xlsx and .csv export: user text goes out as inert text (formula injection).

A person's name stored as ``=cmd|' /C calc'!A0`` is text in the database; an export that
writes it as it is lets the spreadsheet program run it. Every export writes its rows here:

* .xlsx (:func:`xlsx_append`): every string is a string cell (``t="inlineStr"``), never a
  formula; a string that a spreadsheet would read as one (starting with ``= + - @``, tab or
  CR) also gets Excel's quote prefix, so that editing the cell does not turn it into a
  formula either. The text shown is the stored text, character for character (characters
  XML cannot carry at all, such as ``\\x01``, are shown as U+FFFD instead of failing the
  export).
* .csv (:func:`csv_row`): there is no cell type in a CSV, so such a value is prefixed with
  ``'`` (OWASP, "CSV Injection"), which spreadsheets show and never evaluate.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

#: What a spreadsheet program reads as the start of a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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

    Numbers, dates and ``None`` go in as they are (the office sorts and sums them)."""
    row = [
        ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value
        for value in values
    ]
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl made "=..." a formula ("f"): undo it
            if looks_like_formula(cell.value):
                cell.quotePrefix = True


__all__ = ["FORMULA_START", "csv_cell", "csv_row", "looks_like_formula", "xlsx_append"]
