"""Plain text → ``Document``: the reader used on pasted drafts, web copies and (through
``read_docx``) on .docx files, so that both paths place every line by the same rules.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from zhongshu.gongwen.limits import ensure_reader_chars
from zhongshu.gongwen.model import (
    Classification,
    DocType,
    Document,
    Issuer,
    LayoutFormat,
    MinutesAttendance,
    Urgency,
)

from . import result as el
from .closing import read_rest
from .header import read_preamble, title_issuers
from .lines import Line, split_lines, type_from_title
from .result import Draft, ReadResult


def read_text(text: str, *, hints: dict[str, Any] | None = None) -> ReadResult:
    """Read a draft written as plain text (one line per paragraph, or hard-wrapped).

    ``hints`` passes what the caller already knows: ``doc_type`` (or ``文种``), e.g. from the
    registration form; otherwise the 文种 is taken from the title's ending. Line numbers in
    ``unplaced`` and ``found`` are 1-based lines of ``text``. Raises ``DocumentTooLarge``
    beyond ``limits.MAX_READER_CHARS``.
    """
    ensure_reader_chars(len(text))
    return read_lines(split_lines(text), hints=hints)


def read_lines(lines: list[Line], *, hints: dict[str, Any] | None = None) -> ReadResult:
    """The reader proper, on lines already split (by text lines or .docx paragraphs)."""
    d = Draft()
    start = read_preamble(lines, d)
    doc_type = _doc_type(d, hints or {})
    read_rest(
        lines,
        start,
        d,
        indent_mode=_indent_mode(lines),
        is_order=doc_type == DocType.ORDER or bool(d.order_masthead),
    )
    document = _build(d, doc_type, (hints or {}).get("layout"))
    _report_unaccounted(lines, d, document)
    return ReadResult(
        document=document,
        unplaced=list(d.unplaced),
        found=dict(d.found),
        carried=list(d.carried),
    )


_SPACES = re.compile(r"\s+")


def _report_unaccounted(lines: list[Line], d: Draft, document: Document) -> None:
    """The safety net of issue #13: a line neither placed in an element, nor reported, nor
    found anywhere in the document's text is reported here, never dropped silently."""
    seen = {no for numbers in d.found.values() for no in numbers}
    seen |= {item.line for item in d.unplaced}
    held = _SPACES.sub("", json.dumps(document.model_dump(mode="json"), ensure_ascii=False))
    for line in lines:
        if line.blank or line.no in seen:
            continue
        if _SPACES.sub("", line.text) not in held:
            d.drop(line.no, line.text, "未能归入公文要素，未排入，请核对")


def _indent_mode(lines: list[Line]) -> bool:
    """Do paragraphs start with an indent (so un-indented lines continue the paragraph above)?

    Copies extracted from PDFs and old databases wrap every ~25 characters; the only reliable
    paragraph mark left is the two-space indent of the first line.
    """
    long_lines = [line for line in lines if len(line.text) > 10]
    if len(long_lines) < 3:
        return False
    return sum(line.indented for line in long_lines) / len(long_lines) >= 0.3


def _doc_type(d: Draft, hints: dict[str, Any]) -> DocType:
    hinted = hints.get("doc_type") or hints.get("文种")
    if hinted:
        value = str(getattr(hinted, "value", hinted))
        if value == "令":
            value = "命令"
        try:
            return DocType(value)
        except ValueError:
            pass
    from_title = type_from_title(d.title) if d.title else None
    if from_title is not None:
        for no in d.found.get(el.TITLE, [])[-1:]:
            d.mark(el.DOC_TYPE, no)  # the 文种 closes the title
        return from_title
    if d.order_masthead:
        return DocType.ORDER
    if d.minutes_masthead:
        return DocType.MINUTES
    return DocType.NOTICE


def _issuer_names(d: Draft) -> list[str]:
    """Issuers by the strength of the evidence: 署名 > organs heading the title > an organ line
    near the title > the 标志 > the 令 标志."""
    for names in (
        d.signature_names,
        title_issuers(d.title) if d.title else [],
        d.preamble_names,
        d.masthead_names,
    ):
        if names:
            return list(names)
    if d.order_masthead:
        name = d.order_masthead.removesuffix("命令").removesuffix("令")
        return [name] if name else []
    return []


def _build(d: Draft, doc_type: DocType, layout_hint: Any = None) -> Document:
    names = _issuer_names(d)
    issuers: list[Issuer] = []
    per_issuer = len(d.signers) == len(names) and len(names) > 1
    joint_masthead = len(d.masthead_names) > 1 and d.masthead_suffix
    for index, name in enumerate(names):
        masthead = ""
        if joint_masthead:
            masthead = name + d.masthead_suffix if name in d.masthead_names else ""
        elif index == 0:
            masthead = d.masthead or d.order_masthead or d.minutes_masthead
        signers = [d.signers[index]] if per_issuer else list(d.signers) if index == 0 else []
        issuers.append(Issuer(name=name, masthead=masthead, signers=signers))
    layout = LayoutFormat.STANDARD
    if doc_type == DocType.ORDER and (d.order_masthead or d.order_number):
        layout = LayoutFormat.ORDER
    elif doc_type == DocType.MINUTES and d.minutes_masthead:
        layout = LayoutFormat.MINUTES
    elif doc_type == DocType.LETTER and d.masthead and not d.masthead.endswith("文件"):
        layout = LayoutFormat.LETTER  # 信函格式: the organ's name alone as 标志 (§10.1)
    if layout_hint:
        try:
            hinted = LayoutFormat(str(getattr(layout_hint, "value", layout_hint)))
        except ValueError:
            hinted = None
        allowed = {LayoutFormat.ORDER: DocType.ORDER, LayoutFormat.MINUTES: DocType.MINUTES}
        if hinted is not None and allowed.get(hinted, doc_type) == doc_type:
            layout = hinted
    date: dt.date | None = d.date
    date_text = d.date_text
    if date is None and d.preamble_date is not None:
        date, date_text = d.preamble_date, d.preamble_date_text
        d.mark(el.DATE, d.preamble_date_line)
    elif d.preamble_date is not None and d.preamble_date_line not in d.found.get(
        el.ADOPTION_NOTE, []
    ):
        # A web copy's date row above the text, with the 成文日期 also at the end: not
        # printed, so reported (issue #13: nothing left out silently).
        d.drop(d.preamble_date_line, d.preamble_date_text, "页首的日期行，文末另有成文日期，未排入")
    return Document(
        doc_type=doc_type,
        layout=layout,
        copy_number=d.copy_number,
        classification=Classification(d.classification),
        classification_period=d.classification_period,
        urgency=Urgency(d.urgency),
        issuers=issuers,
        doc_number=d.doc_number,
        title=d.title,
        primary_recipients=d.primary_recipients,
        body=d.body,
        attachment_notes=d.attachment_notes,
        attachments=d.attachments,
        date=date,
        date_text=date_text,
        note=d.note,
        cc_recipients=d.cc_recipients,
        printer=d.printer,
        print_date=d.print_date,
        print_date_text=d.print_date_text,
        adoption_note=d.adoption_note,
        order_number=d.order_number,
        signer_title=d.signer_title,
        signer_name=d.signer_name,
        minutes_number=d.minutes_number,
        minutes_attendance=MinutesAttendance(
            present=d.attendance.get("出席", []),
            absent=d.attendance.get("请假", []),
            attending=d.attendance.get("列席", []),
        )
        if d.attendance
        else None,
    )
