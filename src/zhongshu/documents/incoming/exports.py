"""The 收文登记簿 as .xlsx, written row by row (openpyxl write-only) to a temporary file that the
response streams: an organ's year of 100,000 items costs a chunk of rows in memory, not the
year (issue #14). Written by ``lib/spreadsheets.xlsx_file``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhongshu.documents.incoming import selectors
from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.lib.spreadsheets import xlsx_file

CHUNK = 2000

REGISTER_COLUMNS = (
    gettext_lazy("收文号"),
    gettext_lazy("收到时间"),
    gettext_lazy("来文单位"),
    gettext_lazy("来文字号"),
    gettext_lazy("标题"),
    gettext_lazy("文种"),
    gettext_lazy("密级"),
    gettext_lazy("紧急程度"),
    gettext_lazy("份数"),
    gettext_lazy("签收人"),
    gettext_lazy("签收时间"),
    gettext_lazy("办理时限"),
    gettext_lazy("状态"),
    gettext_lazy("办理结果"),
    gettext_lazy("撤销、废止或修改"),
)


def correction_state(d: IncomingDocument) -> str:
    """The register's words for what the sender (or the organ's own mark) did to an item, as
    its page's badges say it (the flags of ``selectors.with_correction_flags``)."""
    words = []
    if d.is_revoked:
        words.append(_("已撤销"))
    elif d.is_abolished:
        words.append(_("已废止"))
    if d.is_amended:
        words.append(_("已修改"))
    return "、".join(words)


def flagged_in_chunks(items: Iterable[IncomingDocument]) -> Iterator[IncomingDocument]:
    """``items`` with their correction flags, read ``CHUNK`` at a time (three queries each)."""
    items = iter(items)
    while chunk := list(islice(items, CHUNK)):
        yield from selectors.with_correction_flags(chunk)


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def incoming_register_workbook_file(items: Iterable[IncomingDocument]) -> tuple[IO[bytes], int]:
    """The register's rows (flagged items, in order) as .xlsx in a temporary file at its start,
    and the number of rows."""
    rows = (
        [
            d.receipt_number,
            _local(d.created_at),
            d.sender_name,
            d.doc_number,
            d.title,
            d.doc_type,
            str(d.get_classification_display()),
            str(d.get_urgency_display()),
            d.copies,
            str(d.acknowledged_by or ""),
            _local(d.acknowledged_at),
            _local(d.deadline),
            str(d.get_status_display()),
            d.result,
            correction_state(d),
        ]
        for d in items
    )
    return xlsx_file(title=_("收文登记簿"), columns=REGISTER_COLUMNS, rows=rows)
