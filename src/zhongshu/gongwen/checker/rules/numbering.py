"""Heading numbering (GB/T 9704-2012 §7.3.3): 一、 （一） 1. （1）, in order, nothing skipped.

The level is read from the marker the text carries (the model keeps it), so a document typed
by hand and one built in the editor are judged alike. Numbering restarts in each attachment and
under each 第X条 of a regulation, as real documents do; a cut-off copy may start mid-sequence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from zhongshu.gongwen.checker.context import CheckContext, TextElement
from zhongshu.gongwen.checker.registry import Hit, Severity, rule
from zhongshu.gongwen.checker.text import number_value
from zhongshu.gongwen.model import HeadingLevel

_CN = "一二三四五六七八九十"
_RIGHT_FORM = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}

# (level, pattern, correct?) tried in order; "num" is the sequence number, "end" closes the marker.
_MARKERS: list[tuple[int, re.Pattern[str], bool]] = [
    (2, re.compile(rf"^(?P<open>（)(?P<num>[{_CN}]{{1,3}})(?P<close>）)"), True),
    (2, re.compile(rf"^(?P<open>[(（])(?P<num>[{_CN}]{{1,3}})(?P<close>[)）])"), False),
    (4, re.compile(r"^(?P<open>（)(?P<num>\d{1,2})(?P<close>）)"), True),
    (4, re.compile(r"^(?P<open>[(（])(?P<num>\d{1,2})(?P<close>[)）])"), False),
    (1, re.compile(rf"^(?P<num>[{_CN}]{{1,3}})(?P<close>、)"), True),
    (1, re.compile(rf"^(?P<num>[{_CN}]{{1,3}})(?P<close>[.．,，])(?![\d{_CN}])"), False),
    (3, re.compile(r"^(?P<num>\d{1,2})(?P<close>[.．])(?!\d)"), True),
    (3, re.compile(r"^(?P<num>\d{1,2})(?P<close>、|[,，](?!\d))"), False),
]
_AFTER_BRACKET = re.compile(r"[、.．,，:：]")
_ARTICLE = re.compile(rf"^第[{_CN}百零〇]+[条章节]")


@dataclass(frozen=True, slots=True)
class Marker:
    level: int
    number: int
    start: int
    end: int
    correct: bool


@lru_cache(maxsize=4096)
def parse_marker(text: str) -> Marker | None:
    """The heading marker at the start of a paragraph, right or wrong; None for body text.

    Cached: five rules ask for the marker of every paragraph.
    """
    stripped = text.lstrip(" \u3000\t")
    offset = len(text) - len(stripped)
    for level, pattern, correct in _MARKERS:
        match = pattern.match(stripped)
        if match:
            number = number_value(match["num"])
            if number is None or number == 0:
                return None
            return Marker(level, number, offset, offset + match.end(), correct)
    return None


def _markers(ctx: CheckContext) -> Iterator[tuple[TextElement, Marker | None]]:
    for element in ctx.paragraphs():
        yield element, parse_marker(element.text)


@rule(
    "numbering.marker-form",
    description="结构层次序数依次用“一、”“（一）”“1.”“（1）”，符号不能混用",
    source="GB/T 9704-2012 §7.3.3",
    severity=Severity.ERROR,
    suggestion="第一层用“一、”，第二层用“（一）”，第三层用“1.”，第四层用“（1）”",
)
def marker_form(ctx: CheckContext) -> Iterator[Hit]:
    for element, marker in _markers(ctx):
        if marker is None or marker.correct:
            continue
        written = element.text[marker.start : marker.end]
        right = (
            _RIGHT_FORM[marker.level]
            .replace("一", _cn(marker.number))
            .replace("1", str(marker.number))
        )
        yield Hit(
            element.name,
            marker.start,
            marker.end,
            f"序号“{written}”写法不规范，应为“{right}”",
            f"改为“{right}”",
        )


def _cn(n: int) -> str:
    if n <= 10:
        return " 一二三四五六七八九十"[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _cn(tens)) + "十" + ("" if ones == 0 else _cn(ones))


@rule(
    "numbering.bracket-punct",
    description="带括号的序号“（一）”“（1）”后不再加标点",
    source="GB/T 9704-2012 §7.3.3；GB/T 15834-2011",
    severity=Severity.ERROR,
    suggestion="删去括号序号后的顿号或句点",
)
def bracket_punct(ctx: CheckContext) -> Iterator[Hit]:
    for element, marker in _markers(ctx):
        if marker is None or marker.level not in (2, 4):
            continue
        after = element.text[marker.end : marker.end + 1]
        if after and _AFTER_BRACKET.match(after):
            yield Hit(element.name, marker.end, marker.end + 1, f"括号序号后多了“{after}”")


@rule(
    "numbering.level-mismatch",
    description="标题层级与其序号一致",
    source="GB/T 9704-2012 §7.3.3",
    severity=Severity.ERROR,
    suggestion="按层级改正序号，或改正段落层级",
)
def level_mismatch(ctx: CheckContext) -> Iterator[Hit]:
    for element, marker in _markers(ctx):
        if element.level == HeadingLevel.BODY:
            continue
        if marker is None:
            yield Hit(
                element.name,
                0,
                0,
                f"第{int(element.level)}层标题没有序号",
                f"在段首加“{_RIGHT_FORM[int(element.level)]}”类序号",
            )
        elif marker.level != int(element.level):
            yield Hit(
                element.name,
                marker.start,
                marker.end,
                f"段落是第{int(element.level)}层标题，序号却是第{marker.level}层的",
            )


def _walk(ctx: CheckContext) -> Iterator[tuple[TextElement, Marker, dict[int, int], bool]]:
    """Each heading with the open levels before it and whether it is its part's first heading.

    The counters map level → last number; level 1 maps to 0 inside a 第X条 that opened its own
    （一）（二）… list without a numbered 一、 above it.
    """
    counters: dict[int, int] = {}
    part = -1
    first = True
    for element, marker in _markers(ctx):
        if element.part != part:
            part, counters, first = element.part, {}, True
        if marker is None:
            if _ARTICLE.match(element.text.lstrip()):
                counters = {1: counters.get(1, 0)}
            continue
        yield element, marker, dict(counters), first
        first = False
        counters[marker.level] = marker.number
        for deeper in range(marker.level + 1, 5):
            counters.pop(deeper, None)


@rule(
    "numbering.sequence",
    description="同一层级的序号连续，不跳号、不重号",
    source="GB/T 9704-2012 §7.3.3；条例第二十条（四）",
    severity=Severity.ERROR,
    suggestion="按顺序重新编号",
)
def sequence(ctx: CheckContext) -> Iterator[Hit]:
    for element, marker, counters, first in _walk(ctx):
        last = counters.get(marker.level) or None
        shown = element.text[marker.start : marker.end]
        if last is None:
            if marker.number != 1 and (ctx.complete or not first):
                yield Hit(
                    element.name,
                    marker.start,
                    marker.end,
                    f"本层第一个序号是“{shown}”，应从1（一）开始",
                )
        elif marker.number == last:
            yield Hit(element.name, marker.start, marker.end, f"序号“{shown}”与上一个重复")
        elif marker.number != last + 1:
            yield Hit(
                element.name, marker.start, marker.end, f"序号“{shown}”不连续（上一个是第{last}个）"
            )


@rule(
    "numbering.skipped-level",
    description="结构层次不越级使用",
    source="GB/T 9704-2012 §7.3.3",
    severity=Severity.WARNING,
    suggestion="在上一层之下先用紧邻的下一层序号",
)
def skipped_level(ctx: CheckContext) -> Iterator[Hit]:
    for element, marker, counters, _first in _walk(ctx):
        deepest = max(counters, default=0)
        if deepest >= 1 and marker.level > deepest + 1:
            yield Hit(
                element.name,
                marker.start,
                marker.end,
                f"第{deepest}层之下直接用了第{marker.level}层序号“{element.text[marker.start : marker.end]}”",
                f"改用第{deepest + 1}层序号“{_RIGHT_FORM[deepest + 1]}”",
            )
