"""Numbers per GB/T 15835-2011: years written in full, one script per expression, % on both ends
of a range.

Only patterns that cannot be read another way are flagged: “12年7月” (a year cut short, since a
month follows), “二〇〇八年8月8日” (two scripts inside one date). Counting phrases such as
“十七届61次” mix categories, not scripts within one number, and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhongshu.gongwen.checker.context import CheckContext
from zhongshu.gongwen.checker.registry import Hit, Severity, rule

_CN = "〇○零一二三四五六七八九十"
_SHORT_YEAR = re.compile(r"(?<![\d.〔\[（(第])(\d{2})(年)(?=\d{1,2}月)")
_SHORT_CN_YEAR = re.compile(rf"(?<![{_CN}百千万])([〇○零][{_CN}]|[一二三四五六七八九][〇○零])(年)")
_DATE = re.compile(
    rf"(?P<y>\d{{4}}|[〇○零一二三四五六七八九]{{4}})年(?P<m>\d{{1,2}}|[{_CN}]{{1,2}})月"
    rf"(?:(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})日)?"
)
# One number written in two scripts: “3千万元”, “5百人” (only 万 and 亿 may follow Arabic digits),
# “二0二五年”. Units that start with 千/百 (千米, 千克, 千瓦, 百分点) are not numerals.
_MIXED_NUMBER = re.compile(
    r"(?<![\d.])\d+[十百千](?![米克瓦伏帕焦赫兆字分])|[〇○零二三四五六七八九十][0-9]|(?<![A-Za-z])[0-9][〇○零]"
)
_PERCENT_RANGE = re.compile(
    r"(?<![\d.%％])(\d+(?:\.\d+)?)\s*([～~〜—\-－])\s*(\d+(?:\.\d+)?)\s*([%％])"
)


@rule(
    "numbers.abbreviated-year",
    description="年份不能简写（“2012年”不写作“12年”，“1990年”不写作“九〇年”）",
    source="GB/T 15835-2011（年份不简写）；GB/T 9704-2012 §7.3.5.4",
    severity=Severity.ERROR,
    suggestion="年份写全称，如“2012年”",
)
def abbreviated_year(ctx: CheckContext) -> Iterator[Hit]:
    for element in ctx.prose():
        for pattern in (_SHORT_YEAR, _SHORT_CN_YEAR):
            for match in pattern.finditer(element.text):
                yield Hit(element.name, match.start(1), match.end(2), f"年份“{match.group(0)}”简写")


@rule(
    "numbers.mixed-date",
    description="同一日期中的年、月、日用同一种数字（不写“二〇〇八年8月8日”）",
    source="GB/T 15835-2011 §4.3（同类别同形式）",
    severity=Severity.ERROR,
    suggestion="全部改用阿拉伯数字，如“2008年8月8日”",
    old_regime="apply",
)
def mixed_date(ctx: CheckContext) -> Iterator[Hit]:
    for element in ctx.prose():
        for match in _DATE.finditer(element.text):
            parts = [match[k] for k in ("y", "m", "d") if match[k]]
            scripts = {part[0].isdigit() for part in parts}
            if len(scripts) > 1:
                yield Hit(
                    element.name,
                    match.start(),
                    match.end(),
                    f"日期“{match.group(0)}”混用了汉字数字和阿拉伯数字",
                )


@rule(
    "numbers.mixed-number",
    description="一个数值不混用汉字数字和阿拉伯数字（不写“3千万”“5百人”“二0二五”）",
    source="GB/T 15835-2011 §4.1、§4.3",
    severity=Severity.WARNING,
    suggestion="写作“3000万”“500人”，或全用汉字数字",
    old_regime="apply",
)
def mixed_number(ctx: CheckContext) -> Iterator[Hit]:
    for element in ctx.prose():
        for match in _MIXED_NUMBER.finditer(element.text):
            yield Hit(
                element.name,
                match.start(),
                match.end(),
                f"“{match.group(0)}”在一个数值中混用了阿拉伯数字和汉字数字",
            )


@rule(
    "numbers.percent-range",
    description="百分数范围两端都加百分号，如“15%～30%”",
    source="GB/T 15835-2011（数值范围）；GB/T 15834-2011 §4.13",
    severity=Severity.WARNING,
    suggestion="写作“15%～30%”",
)
def percent_range(ctx: CheckContext) -> Iterator[Hit]:
    for element in ctx.prose():
        for match in _PERCENT_RANGE.finditer(element.text):
            low, high, pct = match.group(1), match.group(3), match.group(4)
            yield Hit(
                element.name,
                match.start(),
                match.end(),
                f"“{match.group(0)}”只在后一个数后加了百分号",
                f"写作“{low}{pct}～{high}{pct}”",
            )
