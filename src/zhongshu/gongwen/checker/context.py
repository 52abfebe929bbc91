"""What a check knows: the document plus the facts only the caller has.

The text of a 公文 does not say whether its recipient is the issuer's subordinate, whether the
issuer may issue 命令, or what day it is; the platform knows these from the organ tree and the
clock, the command line from options. ``CheckContext`` carries them, with "unknown" (None) as
the default so that a rule needing a fact stays silent instead of guessing an error.

It also names the document's text elements in Chinese (标题, 正文第3段, 附件说明第2项…), the
names that findings use, so that every rule points at the same place in the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from zhongshu.gongwen.checker.text import parse_written_date
from zhongshu.gongwen.model import Direction, DocType, Document, HeadingLevel

REGIME_2012 = dt.date(2012, 7, 1)
_BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")


def beijing_today() -> dt.date:
    """Today in Beijing time: 成文日期 are written in local time, whatever the server's zone."""
    return dt.datetime.now(_BEIJING).date()


class OrganRelation(StrEnum):
    """The 主送机关's relation to the issuer (条例 第十四条: 行文关系按隶属关系和职权范围)."""

    UNKNOWN = ""
    SUPERIOR = "上级机关"
    SUBORDINATE = "下级机关"
    UNRELATED = "不相隶属机关"


@dataclass(frozen=True, slots=True)
class TextElement:
    """One piece of text a rule reads, with the Chinese name findings use.

    ``part`` groups paragraphs that share one heading numbering: 0 for the 正文, n for 附件n.
    """

    name: str
    text: str
    kind: str
    part: int = 0
    level: HeadingLevel = HeadingLevel.BODY


@dataclass
class CheckContext:
    """A document and what the caller knows about it.

    ``complete=False`` says the text is a cut-off copy (a web page that stops mid-attachment):
    rules about elements that would come at the end (署名, 附注…) then stay silent.
    """

    document: Document
    direction: Direction = Direction.UNKNOWN
    recipient_relation: OrganRelation = OrganRelation.UNKNOWN
    subordinate_organs: frozenset[str] = field(default_factory=frozenset)
    may_issue_order: bool | None = None
    replies_to_request: bool | None = None
    today: dt.date = field(default_factory=beijing_today)
    complete: bool = True
    header_expected: bool | None = None

    # --- dates and regime -----------------------------------------------------------------

    @cached_property
    def signing_date(self) -> dt.date | None:
        """成文日期: the model's date, else the date as written."""
        doc = self.document
        if doc.date is not None:
            return doc.date
        return parse_written_date(doc.date_text)

    @property
    def regime_2012(self) -> bool:
        """True when the 2012 条例 and GB/T 9704-2012 govern (dated from 2012-07-01, or undated)."""
        date = self.signing_date
        return date is None or date >= REGIME_2012

    # --- direction ------------------------------------------------------------------------

    @property
    def known_direction(self) -> Direction:
        """Direction as stated by the caller or the document, or implied by the organ relation."""
        if self.direction != Direction.UNKNOWN:
            return self.direction
        if self.document.direction != Direction.UNKNOWN:
            return self.document.direction
        return {
            OrganRelation.SUPERIOR: Direction.UP,
            OrganRelation.SUBORDINATE: Direction.DOWN,
            OrganRelation.UNRELATED: Direction.LEVEL,
        }.get(self.recipient_relation, Direction.UNKNOWN)

    @property
    def effective_direction(self) -> Direction:
        """Known direction, else the one the 文种 itself implies (请示 and 报告 go up)."""
        known = self.known_direction
        if known != Direction.UNKNOWN:
            return known
        if self.document.doc_type in {DocType.REQUEST, DocType.REPORT}:
            return Direction.UP
        return Direction.UNKNOWN

    # --- text elements --------------------------------------------------------------------

    @cached_property
    def elements(self) -> list[TextElement]:
        """Every text element of the document in reading order."""
        doc = self.document
        out: list[TextElement] = []
        if doc.title:
            out.append(TextElement("标题", doc.title, "title"))
        if doc.adoption_note:
            out.append(TextElement("题注", doc.adoption_note, "adoption_note"))
        for name, text in _listed("主送机关", doc.primary_recipients):
            out.append(TextElement(name, text, "recipient"))
        for i, para in enumerate(doc.body, 1):
            out.append(TextElement(f"正文第{i}段", para.text, "body", 0, para.level))
        for name, text in _listed("附件说明", doc.attachment_notes):
            out.append(TextElement(name, text, "attachment_note"))
        if doc.note:
            out.append(TextElement("附注", doc.note, "note"))
        for name, text in _listed("抄送机关", doc.cc_recipients):
            out.append(TextElement(name, text, "cc"))
        for n, att in enumerate(doc.attachments, 1):
            if att.title:
                out.append(TextElement(f"附件{n}标题", att.title, "attachment_title", n))
            for i, para in enumerate(att.body, 1):
                out.append(
                    TextElement(f"附件{n}第{i}段", para.text, "attachment_body", n, para.level)
                )
        return out

    def prose(self) -> Iterator[TextElement]:
        """Elements written as Chinese prose, where punctuation and numeral rules apply."""
        kinds = {
            "title",
            "adoption_note",
            "body",
            "attachment_note",
            "note",
            "attachment_title",
            "attachment_body",
        }
        return (e for e in self.elements if e.kind in kinds)

    def names(self) -> Iterator[TextElement]:
        """主送 and 抄送 names: Chinese text too, where brackets and commas are full-width."""
        return (e for e in self.elements if e.kind in {"recipient", "cc"})

    def paragraphs(self) -> Iterator[TextElement]:
        """Body and attachment paragraphs (the ones that carry heading numbering)."""
        return (e for e in self.elements if e.kind in {"body", "attachment_body"})

    def body_text(self) -> str:
        return "\n".join(p.text for p in self.document.body)


def _listed(label: str, items: list[str]) -> Iterator[tuple[str, str]]:
    if len(items) == 1:
        yield label, items[0]
        return
    for i, text in enumerate(items, 1):
        yield f"{label}第{i}项", text
