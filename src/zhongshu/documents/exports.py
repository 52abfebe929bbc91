"""Spreadsheet exports of 发文: the 发文登记簿 as .xlsx (openpyxl), shared by the page and the API."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhongshu.documents.models import DocNumber
from zhongshu.lib.spreadsheets import xlsx_append

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

REGISTER_COLUMNS = (
    gettext_lazy("发文字号"),
    gettext_lazy("标题"),
    gettext_lazy("文种"),
    gettext_lazy("密级"),
    gettext_lazy("紧急程度"),
    gettext_lazy("拟稿处室"),
    gettext_lazy("拟稿人"),
    gettext_lazy("签发人"),
    gettext_lazy("签发日期"),
    gettext_lazy("登记人"),
    gettext_lazy("登记时间"),
    gettext_lazy("核发时间"),
    gettext_lazy("状态"),
    gettext_lazy("作废原因"),
)


# Dates go in as date cells (the office sorts and filters by them) shown as people read them.
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
_DATE_COLUMNS = {9: DATE_FORMAT, 11: DATETIME_FORMAT, 12: DATETIME_FORMAT}  # 1-based
_WIDTHS = {1: 20, 2: 48, 6: 16, 9: 16, 11: 20, 12: 20, 14: 24}


def _local(value):
    """An aware datetime as the local wall time (Excel cells carry no time zone)."""
    return (
        timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0) if value else None
    )


def register_workbook(
    numbers: Iterable[DocNumber], *, title: Callable[[Any], str] | None = None
) -> bytes:
    """One row per number in the given order (voided numbers marked 已作废), as .xlsx bytes;
    ``title`` gives the title shown for a document (the reader's masking), its own by default."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _("发文登记簿")
    xlsx_append(sheet, [str(c) for c in REGISTER_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for n in numbers:
        d = n.document
        xlsx_append(
            sheet,
            [
                n.text,
                title(d) if title is not None else d.title,
                d.doc_type,
                str(d.get_classification_display()),
                str(d.get_urgency_display()),
                d.department.name,
                str(d.drafter),
                str(d.signer or ""),
                d.signed_on,
                str(n.allocated_by),
                _local(n.allocated_at),
                "" if n.is_void else _local(d.dispatched_at),
                str(_("已作废")) if n.is_void else str(d.get_status_display()),
                n.void_reason,
            ],
        )
    for column, number_format in _DATE_COLUMNS.items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
    for column, width in _WIDTHS.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
