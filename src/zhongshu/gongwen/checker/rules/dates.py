"""成文日期 (条例 第九条（十二）, GB/T 9704-2012 §7.3.5) and the dates in the 正文 that refer to it.

The 2012 rules write the date in Arabic numerals with the full year and no leading zeros; the
rules before them wrote it in Chinese numerals, so the form rule skips older documents. A date
in the future, a print date before the signing date, or a deadline that had passed when the
document was signed are wrong under any rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from zhongshu.gongwen.checker.context import CheckContext
from zhongshu.gongwen.checker.registry import Hit, Severity, rule
from zhongshu.gongwen.checker.text import DATE_WRITTEN
from zhongshu.gongwen.model import DocType, format_date

_ARABIC_DATE = re.compile(r"^(?:19|20)\d{2}年([1-9]|1[0-2])月([1-9]|[12]\d|3[01])日$")
_CN_NUM = re.compile(r"[〇○零一二三四五六七八九十Oo]")
_DEADLINE = re.compile(
    r"于(?P<date>(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日)(?:前|之前|以前)"
)
_EFFECTIVE = re.compile(
    r"自(?P<date>(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日)起(?:施行|执行|实施|生效)"
)
# “已于6月3日召开”: something already done when the text was written.
_DONE = re.compile(r"已(?:经)?于(?P<date>(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日)")
_ADOPTED = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日.{0,40}?(?:通过|批准)")


@rule(
    "date.format",
    description="成文日期用阿拉伯数字将年、月、日标全，年份标全称，月、日不编虚位",
    source="GB/T 9704-2012 §7.3.5.4；条例第九条（十二）",
    severity=Severity.ERROR,
    suggestion="写作“2012年7月1日”",
    old_regime="skip",
)
def date_format(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    text = doc.date_text.strip()
    if not text:
        return
    raw = doc.date_text
    offset = raw.index(text[0])
    match = DATE_WRITTEN.search(text)
    date = ctx.signing_date
    fixed = f"写作“{format_date(date)}”" if date else "写作“2012年7月1日”"
    if match is None or date is None:
        yield Hit("成文日期", 0, len(raw), f"成文日期“{text}”不完整或无法识别", fixed)
        return
    if _ARABIC_DATE.match(re.sub(r"\s+", "", match.group(0))):
        return
    if _CN_NUM.search(match.group(0)):
        yield Hit(
            "成文日期",
            offset + match.start(),
            offset + match.end(),
            f"成文日期“{match.group(0)}”使用了汉字数字",
            fixed,
        )
        return
    for key, label in (("year", "年份"), ("month", "月"), ("day", "日")):
        part = match[key]
        start = offset + match.start(key)
        if key == "year" and len(part) != 4:
            yield Hit("成文日期", start, start + len(part), "成文日期的年份应标全称", fixed)
        elif key != "year" and part.startswith(("0", "０")):
            yield Hit(
                "成文日期", start, start + len(part), f"成文日期的{label}编了虚位（前导零）", fixed
            )
    if re.search(r"\s", match.group(0)) or re.search(r"[０-９]", match.group(0)):
        yield Hit(
            "成文日期",
            offset + match.start(),
            offset + match.end(),
            "成文日期中有空格或全角数字",
            fixed,
        )


@rule(
    "date.future",
    description="成文日期不能晚于今天",
    source="条例第九条（十二）",
    severity=Severity.ERROR,
    suggestion="成文日期写签发（或会议通过）的日期",
    old_regime="apply",
)
def date_future(ctx: CheckContext) -> Iterator[Hit]:
    date = ctx.signing_date
    if date is not None and date > ctx.today:
        text = ctx.document.date_text or format_date(date)
        yield Hit(
            "成文日期",
            0,
            len(text),
            f"成文日期{format_date(date)}晚于今天（{format_date(ctx.today)}）",
        )


@rule(
    "date.print-before-signing",
    description="印发日期不早于成文日期",
    source="GB/T 9704-2012 §7.4.3",
    severity=Severity.ERROR,
    suggestion="核对印发日期和成文日期",
    old_regime="apply",
)
def print_before_signing(ctx: CheckContext) -> Iterator[Hit]:
    date, printed = ctx.signing_date, ctx.document.print_date
    if date is not None and printed is not None and printed < date:
        text = format_date(printed)
        yield Hit("印发日期", 0, len(text), f"印发日期{text}早于成文日期{format_date(date)}")


def _resolve(match: re.Match[str], signed: dt.date) -> dt.date | None:
    year = int(match["y"]) if match["y"] else signed.year
    try:
        return dt.date(year, int(match["m"]), int(match["d"]))
    except ValueError:
        return None


@rule(
    "date.body-consistency",
    description="正文中的期限、施行日期和通过日期与成文日期相符",
    source="条例第二十条（四）",
    severity=Severity.WARNING,
    suggestion="核对正文中的日期和成文日期",
    old_regime="apply",
)
def body_consistency(ctx: CheckContext) -> Iterator[Hit]:
    signed = ctx.signing_date
    if signed is None:
        return
    # A 报告 or 请示 tells what was done by a date; only documents that assign work set deadlines.
    sets_deadlines = ctx.document.doc_type not in {DocType.REPORT, DocType.REQUEST}
    for element in ctx.prose():
        if element.part:
            continue  # an attachment may quote another document's dates
        for match in _DONE.finditer(element.text):
            when = _resolve(match, signed)
            if when is not None and when > signed and match["y"]:
                yield Hit(
                    element.name,
                    match.start("date"),
                    match.end("date"),
                    f"正文称“已于{match['date']}”，却晚于成文日期{format_date(signed)}",
                )
        if not sets_deadlines:
            continue
        for match in _DEADLINE.finditer(element.text):
            when = _resolve(match, signed)
            if when is not None and when < signed:
                yield Hit(
                    element.name,
                    match.start("date"),
                    match.end("date"),
                    f"期限{format_date(when)}早于成文日期{format_date(signed)}",
                )
        for match in _EFFECTIVE.finditer(element.text):
            when = _resolve(match, signed)
            if when is not None and when < signed:
                yield Hit(
                    element.name,
                    match.start("date"),
                    match.end("date"),
                    f"施行日期{format_date(when)}早于成文日期{format_date(signed)}",
                )
    note = ctx.document.adoption_note
    match = _ADOPTED.search(note)
    if match:
        when = _resolve(match, signed)
        if when is not None and when != signed:
            yield Hit(
                "题注",
                match.start(),
                match.start() + len(match.group(0).split("日")[0]) + 1,
                f"题注中的通过日期{format_date(when)}与成文日期{format_date(signed)}不一致",
            )
