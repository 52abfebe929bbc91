"""Punctuation in Chinese text (GB/T 15834-2011): full-width marks, pairs closed, no doubled marks,
the right 连接号 in ranges.

Half-width marks are flagged only where they touch Chinese characters, so decimals (3.0%),
times (8:30), codes and the "1." heading marker stay quiet; footnote marks like [1] are left to
the publisher.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhongshu.gongwen.checker.context import CheckContext, TextElement
from zhongshu.gongwen.checker.registry import Hit, Severity, rule
from zhongshu.gongwen.checker.rules.numbering import parse_marker
from zhongshu.gongwen.checker.text import CJK

_FULL = {
    ",": "，",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    ".": "。",
    '"': "“”",
    "(": "（",
    ")": "）",
}
_WESTERN = re.compile(rf"(?<=[{CJK}])[,;:?!\"]|[,;:?!\"](?=[{CJK}])|(?<=[{CJK}])\.(?![A-Za-z])")
_HALF_BRACKET = re.compile(rf"(?<=[{CJK}])[()]|[()](?=[{CJK}])|\([^()]*[{CJK}][^()]*\)")
_PAIRS = {
    "“": "”",
    "‘": "’",
    "（": "）",
    "(": ")",
    "《": "》",
    "〈": "〉",
    "【": "】",
    "〔": "〕",
    "「": "」",
    "『": "』",
}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_DOUBLED = re.compile(r"([，。、；：])(?=[，。、；：])|([？！])(?=\2)")
_YEAR_RANGE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(~|～|〜|-{2,}|－+|—{2,}|-)\s*((?:19|20)\d{2})(?=\s*年)"
)
_DATE_RANGE = re.compile(r"(?<=[日月])\s*(~|～|〜|-{2,}|－+)\s*(?=\d{1,4}\s*[年月日])")
_GLUED_YEARS = re.compile(r"(?<!\d)((?:19|20)\d{2})((?:19|20)\d{2})(?=年)")


def _marker_span(element: TextElement) -> tuple[int, int]:
    marker = parse_marker(element.text) if element.kind in {"body", "attachment_body"} else None
    return (marker.start, marker.end) if marker else (0, 0)


@rule(
    "punct.western",
    description="中文文本中使用全角标点，不用半角的逗号、分号、冒号、问号、叹号、句点和引号",
    source="GB/T 15834-2011 §5.1；GB/T 9704-2012 §9",
    severity=Severity.ERROR,
    suggestion="改为全角中文标点",
)
def western(ctx: CheckContext) -> Iterator[Hit]:
    for element in (*ctx.prose(), *ctx.names()):
        _, marker_end = _marker_span(element)  # “一.” is numbering.marker-form's to report
        for match in _WESTERN.finditer(element.text, marker_end):
            mark = match.group(0)
            yield Hit(
                element.name,
                match.start(),
                match.end(),
                f"中文中使用了半角标点“{mark}”",
                f"改为“{_FULL[mark]}”",
            )


@rule(
    "punct.halfwidth-bracket",
    description="中文文本中的括号用全角“（）”",
    source="GB/T 15834-2011 §4.9、§5.1",
    severity=Severity.ERROR,
    suggestion="改为全角括号“（）”",
)
def halfwidth_bracket(ctx: CheckContext) -> Iterator[Hit]:
    for element in (*ctx.prose(), *ctx.names()):
        _, marker_end = _marker_span(element)
        seen: set[int] = set()
        for match in _HALF_BRACKET.finditer(element.text):
            for pos in (match.start(), match.end() - 1):
                if pos < marker_end or pos in seen or element.text[pos] not in "()":
                    continue
                seen.add(pos)
                yield Hit(
                    element.name,
                    pos,
                    pos + 1,
                    f"中文中使用了半角括号“{element.text[pos]}”",
                    f"改为“{_FULL[element.text[pos]]}”",
                )


@rule(
    "punct.unpaired",
    description="引号、括号、书名号成对使用",
    source="GB/T 15834-2011 §4.8、§4.9、§4.15",
    severity=Severity.ERROR,
    suggestion="补齐缺少的另一半标号",
    old_regime="apply",
)
def unpaired(ctx: CheckContext) -> Iterator[Hit]:
    elements = list(ctx.prose())
    last = elements[-1] if elements else None
    for element in elements:
        text = element.text
        _, marker_end = _marker_span(element)
        stack: list[int] = []
        for pos, ch in enumerate(text):
            if pos < marker_end:
                continue
            if ch in _PAIRS:
                stack.append(pos)
            elif ch in _CLOSERS:
                if stack and text[stack[-1]] == _CLOSERS[ch]:
                    stack.pop()
                elif any(text[p] == _CLOSERS[ch] for p in stack):
                    while text[stack[-1]] != _CLOSERS[ch]:
                        opener = stack.pop()
                        yield _unclosed(element, opener)
                    stack.pop()
                else:
                    yield Hit(
                        element.name,
                        pos,
                        pos + 1,
                        f"“{ch}”没有对应的“{_CLOSERS[ch]}”",
                        f"补上“{_CLOSERS[ch]}”或删去“{ch}”",
                    )
        if element is last and not ctx.complete:
            continue  # a cut-off copy ends mid-sentence; its last open mark proves nothing
        for opener in stack:
            yield _unclosed(element, opener)


def _unclosed(element: TextElement, pos: int) -> Hit:
    ch = element.text[pos]
    return Hit(element.name, pos, pos + 1, f"“{ch}”没有对应的“{_PAIRS[ch]}”", f"补上“{_PAIRS[ch]}”")


@rule(
    "punct.doubled",
    description="点号不连用（如“，，”“。。”“，。”）",
    source="GB/T 15834-2011 §4",
    severity=Severity.ERROR,
    suggestion="只保留一个恰当的标点",
    old_regime="apply",
)
def doubled(ctx: CheckContext) -> Iterator[Hit]:
    for element in ctx.prose():
        for match in _DOUBLED.finditer(element.text):
            start = match.start()
            yield Hit(
                element.name, start, start + 2, f"标点“{element.text[start : start + 2]}”连用"
            )


@rule(
    "punct.range-dash",
    description="标示时间起止用一字线“—”，如“2016—2020年”，不用“~”“--”等",
    source="GB/T 15834-2011 §4.13",
    severity=Severity.WARNING,
    suggestion="年份、日期的起止写作“2016—2020年”“5月13日—22日”",
)
def range_dash(ctx: CheckContext) -> Iterator[Hit]:
    for element in ctx.prose():
        text = element.text
        for match in _YEAR_RANGE.finditer(text):
            dash = match.group(2)
            fixed = f"{match.group(1)}—{match.group(3)}"
            yield Hit(
                element.name,
                match.start(2),
                match.end(2),
                f"年份起止用了“{dash}”",
                f"写作“{fixed}年”",
                Severity.HINT if dash == "-" else None,
            )
        for match in _DATE_RANGE.finditer(text):
            yield Hit(
                element.name,
                match.start(1),
                match.end(1),
                f"日期起止用了“{match.group(1)}”",
                "改为一字线“—”或“至”",
            )
        for match in _GLUED_YEARS.finditer(text):
            yield Hit(
                element.name,
                match.start(),
                match.end(),
                f"“{match.group(0)}”两个年份之间缺少连接号",
                f"写作“{match.group(1)}—{match.group(2)}”",
            )
