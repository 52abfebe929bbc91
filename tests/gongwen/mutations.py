"""Mutants: real documents broken in exactly one rule's way, to measure the checker's recall.

For every rule id, ``MUTATIONS[rule_id]`` is a function ``(base) -> Mutant | None`` that takes
one real document (as the reader read it, with what the caller would know about it) and breaks
it the way a drafter would break that rule: a 请示 sent to two organs, “一.” for “一、”, a
half-width comma… It returns None where the break makes no sense for that document (a
title rule on a 令, a date-form rule on a document dated under the old regime). The checker must
then report one more finding of that rule id than on the original.

Variety comes from the document itself (its own title, paragraphs, dates and number), and from
the document's index choosing between a few forms of the same mistake.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.gongwen.fixtures import Fixture
from zhongshu.gongwen.checker import CheckContext, OrganRelation, check_document
from zhongshu.gongwen.checker.context import REGIME_2012
from zhongshu.gongwen.checker.rules.numbering import parse_marker
from zhongshu.gongwen.model import (
    Attachment,
    Classification,
    Direction,
    DocType,
    Document,
    HeadingLevel,
    Issuer,
    LayoutFormat,
    Paragraph,
    format_date,
)
from zhongshu.gongwen.reader import read_text

TODAY = dt.date(2026, 11, 27)
TYPE_NAMES = tuple(t.value for t in DocType)


@dataclass
class Base:
    """A real document and the facts a caller would pass with it."""

    name: str
    index: int
    document: Document
    facts: dict[str, Any] = field(default_factory=dict)

    def context(self) -> CheckContext:
        return CheckContext(document=self.document, **self.facts)


@dataclass
class Mutant:
    document: Document
    facts: dict[str, Any]

    def context(self) -> CheckContext:
        return CheckContext(document=self.document, **self.facts)


def base_from_fixture(fx: Fixture, index: int) -> Base:
    document = read_text(fx.body, hints=fx.hints()).document
    return Base(fx.name, index, document, {"complete": fx.is_complete, "today": TODAY})


def _keys(findings: list[Any], rule_id: str) -> set[tuple[str, int, int, str]]:
    return {(f.element, f.start, f.end, f.message) for f in findings if f.rule_id == rule_id}


def is_caught(base: Base, mutant: Mutant, rule_id: str) -> bool:
    """Does the mutant carry a finding of ``rule_id`` that the original did not?"""
    before = _keys(check_document(base.document, base.context()), rule_id)
    after = _keys(check_document(mutant.document, mutant.context()), rule_id)
    return bool(after - before)


# --- helpers ------------------------------------------------------------------------------------


def _copy(base: Base, **changes: Any) -> Document:
    doc = base.document.model_copy(deep=True)
    if "doc_type" in changes:
        doc.layout = LayoutFormat.STANDARD  # 命令格式 and 纪要格式 belong to their own types
    for key, value in changes.items():
        setattr(doc, key, value)
    return doc


def _mutant(base: Base, doc: Document, **facts: Any) -> Mutant:
    return Mutant(doc, {**base.facts, **facts})


def _prose_index(doc: Document) -> int | None:
    """A body paragraph of plain prose (no heading marker, some Chinese, some length)."""
    for i, para in enumerate(doc.body):
        if (
            para.level == HeadingLevel.BODY
            and parse_marker(para.text) is None
            and len(para.text) >= 12
        ):
            return i
    return None


def _with_sentence(base: Base, sentence: str) -> Document | None:
    """The document with ``sentence`` added at the end of its first prose paragraph."""
    doc = _copy(base)
    i = _prose_index(doc)
    if i is None:
        return None
    doc.body[i] = Paragraph(text=doc.body[i].text + sentence, level=doc.body[i].level)
    return doc


def _replace_first(base: Base, old: str, new: str) -> Document | None:
    doc = _copy(base)
    for i, para in enumerate(doc.body):
        start = parse_marker(para.text).end if parse_marker(para.text) else 0
        pos = para.text.find(old, start)
        if pos >= 0:
            doc.body[i] = Paragraph(
                text=para.text[:pos] + new + para.text[pos + len(old) :], level=para.level
            )
            return doc
    return None


def _signing_date(base: Base) -> dt.date:
    return base.context().signing_date or dt.date(2023, 3, 1)


def _current(base: Base) -> bool:
    return base.context().regime_2012


def _issuer(doc: Document) -> str:
    return doc.lead_issuer.name if doc.lead_issuer else "某市人民政府"


def _matter(doc: Document) -> str:
    """The 事由 of the title, or a stand-in for a document that has none."""
    title = re.sub(r"\s+", "", doc.title)
    match = re.search(r"关于(.+?)的?(?:" + "|".join(TYPE_NAMES) + ")$", title)
    if match:
        return match.group(1)
    return "进一步加强安全生产工作"


def _code(doc: Document) -> str:
    match = re.match(r"^([\u4e00-\u9fff]+?)\s*[〔\[（(]", doc.doc_number)
    return match.group(1) if match else "某政发"


def _headings(doc: Document) -> list[int]:
    return [i for i, p in enumerate(doc.body) if parse_marker(p.text) is not None]


# --- one function per rule --------------------------------------------------------------------

Mutation = Callable[[Base], Mutant | None]
MUTATIONS: dict[str, Mutation] = {}


def mutation(rule_id: str) -> Callable[[Mutation], Mutation]:
    def register(func: Mutation) -> Mutation:
        MUTATIONS[rule_id] = func
        return func

    return register


@mutation("attachments.numbering")
def _att_numbering(base: Base) -> Mutant | None:
    matter = _matter(base.document)
    notes = (
        [f"1.{matter}实施方案", f"3.{matter}任务分工"]
        if base.index % 2
        else [f"1、{matter}实施方案", f"2、{matter}任务分工"]
    )
    return _mutant(base, _copy(base, attachment_notes=notes, attachments=[]))


@mutation("attachments.trailing-punct")
def _att_trailing(base: Base) -> Mutant | None:
    notes = base.document.attachment_notes or [f"{_matter(base.document)}实施方案"]
    mark = "。；"[base.index % 2]
    return _mutant(base, _copy(base, attachment_notes=[*notes[:-1], notes[-1] + mark]))


@mutation("attachments.label")
def _att_label(base: Base) -> Mutant | None:
    if _signing_date(base) < REGIME_2012:
        return None  # the label's form is judged by the 2012 standard
    matter = _matter(base.document)
    attachments = [a.model_copy(deep=True) for a in base.document.attachments] or [
        Attachment(title=f"{matter}实施方案")
    ]
    attachments[0].label = ("附：", "附件：", "附 录", "附表")[base.index % 4]
    return _mutant(base, _copy(base, attachments=attachments))


@mutation("attachments.mismatch")
def _att_mismatch(base: Base) -> Mutant | None:
    matter = _matter(base.document)
    doc = _copy(
        base,
        attachment_notes=[f"{matter}实施方案"],
        attachments=[Attachment(title=f"{matter}工作方案")],
    )
    return _mutant(base, doc)


@mutation("classification.period-missing")
def _cls_period_missing(base: Base) -> Mutant | None:
    doc = _copy(
        base,
        classification=Classification.CONFIDENTIAL,
        classification_period="",
        copy_number="000001",
    )
    return _mutant(base, doc)


@mutation("classification.copy-number")
def _cls_copy_number(base: Base) -> Mutant | None:
    doc = _copy(
        base, classification=Classification.SECRET, classification_period="1年", copy_number=""
    )
    return _mutant(base, doc)


@mutation("classification.period-form")
def _cls_period_form(base: Base) -> Mutant | None:
    period = ("一年", "十年", "6月")[base.index % 3]
    doc = _copy(
        base,
        classification=Classification.CONFIDENTIAL,
        classification_period=period,
        copy_number="000001",
    )
    return _mutant(base, doc)


@mutation("classification.period-limit")
def _cls_period_limit(base: Base) -> Mutant | None:
    level, years = ((Classification.SECRET, 15), (Classification.CONFIDENTIAL, 25))[base.index % 2]
    doc = _copy(
        base, classification=level, classification_period=f"{years}年", copy_number="000001"
    )
    return _mutant(base, doc)


@mutation("classification.copy-number-form")
def _cls_copy_form(base: Base) -> Mutant | None:
    doc = _copy(
        base,
        classification=Classification.SECRET,
        classification_period="1年",
        copy_number=("123", "0000123")[base.index % 2],
    )
    return _mutant(base, doc)


@mutation("date.format")
def _date_format(base: Base) -> Mutant | None:
    date = _signing_date(base)
    if date < REGIME_2012:
        return None  # Chinese-numeral dates were the rule then
    forms = (
        f"{date.year}年{date.month:02d}月{date.day:02d}日",
        _chinese_date(date),
        f"{date.year % 100}年{date.month}月{date.day}日",
    )
    text = forms[base.index % 3]
    if text == format_date(date):  # October 10th has no zero to add
        text = _chinese_date(date)
    return _mutant(base, _copy(base, date=date, date_text=text))


def _chinese_date(date: dt.date) -> str:
    digits = "〇一二三四五六七八九"
    year = "".join(digits[int(c)] for c in str(date.year))

    def small(n: int) -> str:
        tens, ones = divmod(n, 10)
        return ("" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")) + (
            "" if ones == 0 else digits[ones]
        )

    return f"{year}年{small(date.month)}月{small(date.day)}日"


@mutation("date.future")
def _date_future(base: Base) -> Mutant | None:
    date = TODAY + dt.timedelta(days=1 + base.index * 17)
    return _mutant(base, _copy(base, date=date, date_text=format_date(date)))


@mutation("date.print-before-signing")
def _print_before(base: Base) -> Mutant | None:
    date = _signing_date(base)
    doc = _copy(base, date=date, print_date=date - dt.timedelta(days=1 + base.index % 5))
    if not doc.date_text:
        doc.date_text = format_date(date)
    return _mutant(base, doc)


@mutation("date.body-consistency")
def _body_dates(base: Base) -> Mutant | None:
    if base.document.doc_type in {DocType.REPORT, DocType.REQUEST}:
        return None  # a 报告 tells what was done by a date, its past dates are right
    date = _signing_date(base)
    deadline = date - dt.timedelta(days=3 + base.index)
    sentence = (
        f"请于{deadline.month}月{deadline.day}日前将落实情况报送。"
        if base.index % 2
        else f"本文件自{format_date(deadline)}起施行。"
    )
    doc = _with_sentence(base, sentence)
    if doc is None:
        return None
    doc.date = date
    doc.date_text = doc.date_text or format_date(date)
    return _mutant(base, doc)


@mutation("number.form")
def _number_form(base: Base) -> Mutant | None:
    doc = base.document
    code, year = _code(doc), _signing_date(base).year
    seq = 7 + base.index
    forms = (
        f"{code}[{year}]{seq}号",
        f"{code}〔{year % 100:02d}〕{seq}号",
        f"{code}〔{year}〕第{seq}号",
        f"{code}〔{year}〕0{seq}号",
        f"{code}（{year}）{seq}号",
        f"{code}〔{year}〕{seq}",
    )
    return _mutant(base, _copy(base, doc_number=forms[base.index % len(forms)]))


@mutation("number.year")
def _number_year(base: Base) -> Mutant | None:
    date = _signing_date(base)
    doc = _copy(
        base, doc_number=f"{_code(base.document)}〔{date.year - 1}〕{3 + base.index}号", date=date
    )
    doc.date_text = doc.date_text or format_date(date)
    return _mutant(base, doc)


@mutation("number.cited-form")
def _number_cited(base: Base) -> Mutant | None:
    year = _signing_date(base).year - 1
    cited = (
        f"（{_code(base.document)}[{year}]5号）",
        f"（{_code(base.document)}〔{year}〕第5号）",
        f"（{_code(base.document)}〔{year % 100:02d}〕5号）",
    )[base.index % 3]
    doc = _with_sentence(base, f"根据《关于加强有关工作的通知》{cited}要求，抓好落实。")
    return _mutant(base, doc) if doc else None


@mutation("header.signer-upward")
def _signer_upward(base: Base) -> Mutant | None:
    doc = _copy(base, issuers=[Issuer(name=_issuer(base.document))])
    if not doc.doc_number:
        doc.doc_number = f"某政〔{_signing_date(base).year}〕1号"
    return _mutant(base, doc, direction=Direction.UP)


@mutation("numbering.marker-form")
def _marker_form(base: Base) -> Mutant | None:
    doc = _copy(base)
    wrong = {1: ("、", "."), 3: (".", "、"), 2: ("（", "("), 4: ("（", "(")}
    for i in _headings(doc):
        marker = parse_marker(doc.body[i].text)
        if marker and marker.correct:
            old, new = wrong[marker.level]
            text = doc.body[i].text
            head = text[: marker.end].replace(old, new, 1)
            if marker.level in (2, 4):
                head = head.replace("）", ")", 1)
            doc.body[i] = Paragraph(text=head + text[marker.end :], level=doc.body[i].level)
            return _mutant(base, doc)
    i = _prose_index(doc)
    if i is None:
        return None
    doc.body[i] = Paragraph(text="一." + doc.body[i].text)
    return _mutant(base, doc)


@mutation("numbering.bracket-punct")
def _bracket_punct(base: Base) -> Mutant | None:
    doc = _copy(base)
    for i in _headings(doc):
        marker = parse_marker(doc.body[i].text)
        if marker and marker.level in (2, 4):
            text = doc.body[i].text
            doc.body[i] = Paragraph(
                text=text[: marker.end] + "、" + text[marker.end :], level=doc.body[i].level
            )
            return _mutant(base, doc)
    i = _prose_index(doc)
    if i is None:
        return None
    doc.body.insert(i, Paragraph(text="（一）、总体要求"))
    return _mutant(base, doc)


@mutation("numbering.level-mismatch")
def _level_mismatch(base: Base) -> Mutant | None:
    doc = _copy(base)
    for i in _headings(doc):
        marker = parse_marker(doc.body[i].text)
        if marker:
            doc.body[i] = Paragraph(text=doc.body[i].text, level=HeadingLevel(marker.level % 4 + 1))
            return _mutant(base, doc)
    i = _prose_index(doc)
    if i is None:
        return None
    doc.body[i] = Paragraph(text=doc.body[i].text, level=HeadingLevel.H1)
    return _mutant(base, doc)


@mutation("numbering.sequence")
def _sequence(base: Base) -> Mutant | None:
    doc = _copy(base)
    heads = _headings(doc)
    by_level: dict[int, list[int]] = {}
    for i in heads:
        by_level.setdefault(parse_marker(doc.body[i].text).level, []).append(i)  # type: ignore[union-attr]
    for _level, items in sorted(by_level.items()):
        if len(items) >= 2:
            i = items[1]
            marker = parse_marker(doc.body[i].text)
            assert marker is not None
            text = doc.body[i].text
            num = text[marker.start : marker.end]
            if base.index % 2:  # repeat the previous number
                new = doc.body[items[0]].text[: parse_marker(doc.body[items[0]].text).end]  # type: ignore[union-attr]
            else:  # skip one
                new = num.replace(_num_str(num, marker.number), _num_str(num, marker.number + 1), 1)
            doc.body[i] = Paragraph(text=new + text[marker.end :], level=doc.body[i].level)
            return _mutant(base, doc)
    i = _prose_index(doc)
    if i is None:
        return None
    doc.body.insert(i, Paragraph(text="一、总体要求", level=HeadingLevel.H1))
    doc.body.insert(i + 2, Paragraph(text="三、工作措施", level=HeadingLevel.H1))
    return _mutant(base, doc)


def _num_str(marker_text: str, n: int) -> str:
    if any(c.isdigit() for c in marker_text):
        return str(n)
    return "一二三四五六七八九十"[n - 1] if n <= 10 else "十" + "一二三四五六七八九"[n - 11]


@mutation("numbering.skipped-level")
def _skipped_level(base: Base) -> Mutant | None:
    doc = _copy(base)
    for i in _headings(doc):
        marker = parse_marker(doc.body[i].text)
        if marker and marker.level == 1:
            doc.body.insert(i + 1, Paragraph(text="1.按照要求抓好落实。", level=HeadingLevel.H3))
            return _mutant(base, doc)
    i = _prose_index(doc)
    if i is None:
        return None
    doc.body.insert(i, Paragraph(text="一、总体要求", level=HeadingLevel.H1))
    doc.body.insert(i + 1, Paragraph(text="（1）按照要求抓好落实。", level=HeadingLevel.H4))
    return _mutant(base, doc)


@mutation("numbers.abbreviated-year")
def _abbrev_year(base: Base) -> Mutant | None:
    year = _signing_date(base).year
    sentence = (
        f"自{year % 100:02d}年3月起开展专项检查。",
        f"截至{year % 100:02d}年6月底全部完成。",
    )[base.index % 2]
    doc = _with_sentence(base, sentence)
    return _mutant(base, doc) if doc else None


@mutation("numbers.mixed-date")
def _mixed_date(base: Base) -> Mutant | None:
    date = _signing_date(base)
    text = _chinese_date(date)
    mixed = (
        text.split("年")[0] + f"年{date.month}月{date.day}日"
        if base.index % 2
        else f"{date.year}年" + text.split("年")[1]
    )
    doc = _with_sentence(base, f"会议于{mixed}召开。")
    return _mutant(base, doc) if doc else None


@mutation("numbers.mixed-number")
def _mixed_number(base: Base) -> Mutant | None:
    amount = 3 + base.index % 7
    sentence = (
        f"共安排资金{amount}千万元。",
        f"培训干部{amount}百人次。",
        f"力争二0{20 + amount}年底前完成。",
    )[base.index % 3]
    doc = _with_sentence(base, sentence)
    return _mutant(base, doc) if doc else None


@mutation("numbers.percent-range")
def _percent_range(base: Base) -> Mutant | None:
    low = 5 + base.index
    dash = "～~—"[base.index % 3]
    doc = _with_sentence(base, f"力争年均增长{low}{dash}{low + 10}%。")
    return _mutant(base, doc) if doc else None


@mutation("punct.western")
def _western(base: Base) -> Mutant | None:
    pairs = (("，", ","), ("；", ";"), ("：", ":"), ("。", "."))
    start = base.index % len(pairs)
    for old, new in pairs[start:] + pairs[:start]:
        doc = _replace_first(base, old, new)
        if doc is not None:
            return _mutant(base, doc)
    return None


@mutation("punct.halfwidth-bracket")
def _half_bracket(base: Base) -> Mutant | None:
    doc = _replace_first(base, "（", "(")
    if doc is None:
        doc = _with_sentence(base, "具体办法(试行)另行制定。")
    return _mutant(base, doc) if doc else None


@mutation("punct.unpaired")
def _unpaired(base: Base) -> Mutant | None:
    for opener in ("“", "《", "（")[base.index % 3 :] + ("“", "《", "（")[: base.index % 3]:
        doc = _replace_first(base, opener, "")
        if doc is not None:
            return _mutant(base, doc)
    doc = _with_sentence(base, "即所谓“一网通办。")
    return _mutant(base, doc) if doc else None


@mutation("punct.doubled")
def _doubled(base: Base) -> Mutant | None:
    old, new = (("，", "，，"), ("。", "。。"), ("，", "，。"))[base.index % 3]
    doc = _replace_first(base, old, new) or _replace_first(base, "。", "。。")
    return _mutant(base, doc) if doc else None


@mutation("punct.range-dash")
def _range_dash(base: Base) -> Mutant | None:
    year = _signing_date(base).year
    dash = ("~", "～", "--")[base.index % 3]
    doc = _with_sentence(base, f"（{year}{dash}{year + 4}年）")
    return _mutant(base, doc) if doc else None


@mutation("recipients.request-single")
def _request_single(base: Base) -> Mutant | None:
    names = base.document.primary_recipients or ["某市人民政府"]
    doc = _copy(base, doc_type=DocType.REQUEST, primary_recipients=[names[0], "某市财政局"])
    return _mutant(base, doc)


@mutation("recipients.upward-cc-subordinate")
def _upward_cc(base: Base) -> Mutant | None:
    if base.index % 2:
        doc = _copy(base, cc_recipients=["各乡镇人民政府"])
        return _mutant(base, doc, direction=Direction.UP)
    doc = _copy(base, cc_recipients=["某县人民政府"])
    return _mutant(
        base, doc, direction=Direction.UP, subordinate_organs=frozenset({"某县人民政府"})
    )


@mutation("recipients.leader-addressee")
def _leader(base: Base) -> Mutant | None:
    leader = ("张市长", "李书记", "王主任")[base.index % 3]
    if base.index % 2:
        return _mutant(base, _copy(base, primary_recipients=[leader]))
    return _mutant(base, _copy(base, cc_recipients=[*base.document.cc_recipients, leader]))


@mutation("title.missing")
def _title_missing(base: Base) -> Mutant | None:
    doc = base.document
    if not base.facts.get("complete", True) or doc.doc_type == DocType.ORDER or not doc.title:
        return None  # the rule trusts a cut-off copy that lost its title, and 令 have none
    return _mutant(base, _copy(base, title=""))


def _typed_title(base: Base) -> str:
    doc = base.document
    return doc.title.strip() or f"{_issuer(doc)}关于{_matter(doc)}的{doc.doc_type.value}"


@mutation("title.type-suffix")
def _type_suffix(base: Base) -> Mutant | None:
    doc = base.document
    if doc.doc_type == DocType.ORDER:
        return None
    title = _typed_title(base)
    other = "通报" if doc.doc_type != DocType.BULLETIN else "通知"
    for suffix in sorted(doc.doc_type.title_suffixes, key=len, reverse=True):
        if title.endswith(suffix):
            title = title[: -len(suffix)]
            break
    return _mutant(base, _copy(base, title=title + (other if base.index % 2 else "")))


@mutation("title.hybrid-type")
def _hybrid(base: Base) -> Mutant | None:
    hybrid = ("请示报告", "报告请示", "申请")[base.index % 3]
    return _mutant(
        base, _copy(base, title=f"{_issuer(base.document)}关于{_matter(base.document)}的{hybrid}")
    )


@mutation("title.punctuation")
def _title_punct(base: Base) -> Mutant | None:
    title = _typed_title(base)
    mark = "，：。"[base.index % 3]
    pos = title.find("关于") + 2 if "关于" in title else len(title) // 2
    return _mutant(base, _copy(base, title=title[:pos] + mark + title[pos:]))


@mutation("title.forward-doubled")
def _forward_doubled(base: Base) -> Mutant | None:
    doc = base.document
    title = (
        f"{_issuer(doc)}关于转发省人民政府关于{_matter(doc)}的通知的通知"
        if base.index % 2
        else f"{_issuer(doc)}关于印发{_matter(doc)}实施方案的通知的通知"
    )
    return _mutant(base, _copy(base, doc_type=DocType.NOTICE, title=title))


@mutation("title.structure")
def _structure(base: Base) -> Mutant | None:
    """Drop the issuer's name from the front of the title, or the 关于 that introduces the matter."""
    doc = base.document
    if doc.doc_type not in {
        DocType.NOTICE,
        DocType.REQUEST,
        DocType.REPLY,
        DocType.LETTER,
        DocType.OPINION,
        DocType.DECISION,
        DocType.BULLETIN,
    }:
        return None
    title = _typed_title(base)
    names = sorted(
        {n for i in doc.issuers for n in (i.name, i.signature_text) if n}, key=len, reverse=True
    )
    stripped = title
    changed = True
    while changed:
        changed = False
        for name in names:
            if stripped.startswith(name):
                stripped, changed = stripped[len(name) :].lstrip(), True
    if stripped != title and doc.issuers:
        return _mutant(base, _copy(base, title=stripped))
    outside = re.sub(r"《[^》]*》", "", title)
    if outside.count("关于") == 1 and not re.search("转发|批转|印发", title):
        return _mutant(base, _copy(base, title=title.replace("关于", "", 1)))
    return None


@mutation("type.upward-only")
def _upward_only(base: Base) -> Mutant | None:
    doc_type = (DocType.REQUEST, DocType.REPORT)[base.index % 2]
    return _mutant(base, _copy(base, doc_type=doc_type), direction=Direction.DOWN)


@mutation("type.reply-request")
def _reply_request(base: Base) -> Mutant | None:
    doc = _copy(base, doc_type=DocType.REPLY)
    if base.index % 2:
        return _mutant(base, doc, direction=Direction.UP)
    return _mutant(base, doc, replies_to_request=False)


@mutation("type.letter-relation")
def _letter_relation(base: Base) -> Mutant | None:
    relation = (OrganRelation.SUBORDINATE, OrganRelation.SUPERIOR)[base.index % 2]
    return _mutant(base, _copy(base, doc_type=DocType.LETTER), recipient_relation=relation)


@mutation("type.order-issuer")
def _order_issuer(base: Base) -> Mutant | None:
    doc = _copy(base, doc_type=DocType.ORDER)
    if base.index % 2:
        doc.issuers = [Issuer(name=f"{_issuer(base.document).removesuffix('办公室')}办公室")]
        return _mutant(base, doc)
    return _mutant(base, doc, may_issue_order=False)


@mutation("type.request-in-report")
def _request_in_report(base: Base) -> Mutant | None:
    phrase = ("妥否，请批示。", "以上意见如无不妥，请批准。", "请审批。")[base.index % 3]
    doc = _with_sentence(base, phrase)
    if doc is None:
        return None
    doc.layout = LayoutFormat.STANDARD
    doc.doc_type = DocType.REPORT
    return _mutant(base, doc)


@mutation("type.request-one-matter")
def _one_matter(base: Base) -> Mutant | None:
    doc = _copy(base, doc_type=DocType.REQUEST)
    doc.body.append(Paragraph(text="以上事项，请批准。"))
    doc.body.append(
        Paragraph(
            text=f"另，关于{_matter(base.document)}所需经费，拟由市财政统筹安排，妥否，请批示。"
        )
    )
    return _mutant(base, doc)


@mutation("type.request-contact")
def _request_contact(base: Base) -> Mutant | None:
    if not base.facts.get("complete", True):
        return None  # the 附注 of a cut-off copy may simply be missing from the page
    note = ("", "（此件公开发布）")[base.index % 2]
    return _mutant(base, _copy(base, doc_type=DocType.REQUEST, note=note))


def mutants_for(rule_id: str, bases: list[Base]) -> list[tuple[Base, Mutant]]:
    out = []
    for base in bases:
        mutant = MUTATIONS[rule_id](base)
        if mutant is not None:
            out.append((base, mutant))
    return out


__all__ = ["MUTATIONS", "TODAY", "Base", "Mutant", "base_from_fixture", "is_caught", "mutants_for"]
