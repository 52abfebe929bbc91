"""What the reader hands back: the document, what it found where, and what it could not place.

A reader that silently drops a line is worse than none: a clerk must see every line that did
not land in an element, with the reason in Chinese, so ``unplaced`` is part of the contract.
``found`` maps each recognised element (Chinese name, as in 条例 第九条) to the line numbers
it came from, so the checker can point at the source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from zhongshu.gongwen.model import Attachment, Document, Paragraph


class Unplaced(NamedTuple):
    """A line the reader could not place: (line or paragraph number, text, reason in Chinese)."""

    line: int
    text: str
    reason: str


@dataclass
class ReadResult:
    document: Document
    unplaced: list[Unplaced] = field(default_factory=list)
    found: dict[str, list[int]] = field(default_factory=dict)
    # Text the reader could not name but kept (issue #13: never dropped), with where it went:
    # e.g. the 方案 after a 印发 notice's date, printed as an untitled attachment.
    carried: list[Unplaced] = field(default_factory=list)

    def has(self, element: str) -> bool:
        return element in self.found


# Element names used as keys of ``found``.
COPY_NUMBER = "份号"
CLASSIFICATION = "密级和保密期限"
URGENCY = "紧急程度"
MASTHEAD = "发文机关标志"
DOC_NUMBER = "发文字号"
SIGNERS = "签发人"
TITLE = "标题"
RECIPIENTS = "主送机关"
BODY = "正文"
ATTACHMENT_NOTES = "附件说明"
SIGNATURE = "发文机关署名"
DATE = "成文日期"
NOTE = "附注"
ATTACHMENTS = "附件"
CC = "抄送机关"
PRINTER = "印发机关和印发日期"
ADOPTION_NOTE = "题注"
ORDER_NUMBER = "令号"
ORDER_SIGNER = "签署人"
ATTENDANCE = "出席人员"
DOC_TYPE = "文种"


@dataclass
class Draft:
    """The mutable collector the reader fills before building a validated ``Document``."""

    copy_number: str = ""
    classification: str = ""
    classification_period: str = ""
    urgency: str = ""
    masthead: str = ""
    masthead_names: list[str] = field(default_factory=list)
    masthead_suffix: str = ""
    order_masthead: str = ""
    minutes_masthead: str = ""
    minutes_number: str = ""
    doc_number: str = ""
    signers: list[str] = field(default_factory=list)
    title: str = ""
    title_key: str = ""
    primary_recipients: list[str] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)
    attachment_notes: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    signature_names: list[str] = field(default_factory=list)
    preamble_names: list[str] = field(default_factory=list)
    date: dt.date | None = None
    date_text: str = ""
    preamble_date: dt.date | None = None
    preamble_date_text: str = ""
    preamble_date_line: int = 0
    note: str = ""
    cc_recipients: list[str] = field(default_factory=list)
    printer: str = ""
    print_date: dt.date | None = None
    print_date_text: str = ""
    adoption_note: str = ""
    order_number: str = ""
    signer_title: str = ""
    signer_name: str = ""
    attendance: dict[str, list[str]] = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)
    carried: list[Unplaced] = field(default_factory=list)
    found: dict[str, list[int]] = field(default_factory=dict)
    # The (element, line) pairs of ``found``: a membership test on the lists themselves made
    # marking every line of a long body quadratic.
    _marked: set[tuple[str, int]] = field(default_factory=set, repr=False)

    def mark(self, element: str, line: int) -> None:
        if (element, line) not in self._marked:
            self._marked.add((element, line))
            self.found.setdefault(element, []).append(line)

    def carry(self, line: int, text: str, where: str) -> None:
        self.carried.append(Unplaced(line, text, where))

    def drop(self, line: int, text: str, reason: str) -> None:
        self.unplaced.append(Unplaced(line, text, reason))
