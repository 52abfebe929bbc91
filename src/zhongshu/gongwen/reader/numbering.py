"""Word's automatic paragraph numbering, turned back into the markers clerks see ("一、", "（1）").

A drafter who numbers headings with Word's list feature leaves no "一、" in the paragraph's
text: the marker lives in numbering.xml and is drawn by the editor. Without it the reader would
lose the heading levels, so the markers are rebuilt here from the list definitions (format,
level text, start value) and a counter per list and level.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as list numbering writes them)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = ""
        if rest:
            tail = (
                ("零" + _CN_DIGITS[rest])
                if rest < 10
                else chinese_number(rest)
                if rest >= 20
                else "一" + chinese_number(rest)
            )
        return _CN_DIGITS[n // 100] + "百" + tail
    return str(n)


def _format(n: int, fmt: str) -> str:
    if fmt in {
        "chineseCounting",
        "chineseCountingThousand",
        "ideographTraditional",
        "japaneseCounting",
        "taiwaneseCounting",
    }:
        return chinese_number(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) - ord("0") + 0xFF10) for c in str(n))
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in {"bullet", "none"}:
        return ""
    return str(n)


class Numbering:
    """Counts list paragraphs in reading order and gives each its marker text."""

    def __init__(self, package: Any):
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._counters: dict[str, list[int]] = {}
        try:
            root = package.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                fmt = _val(lvl, "w:numFmt", "decimal")
                text = _val(lvl, "w:lvlText", "")
                start = int(_val(lvl, "w:start", "1") or 1)
                levels[ilvl] = (fmt, text, start)
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None and ref.get(qn("w:val")) in abstract:
                self._levels[num.get(qn("w:numId"))] = abstract[ref.get(qn("w:val"))]

    def marker(self, paragraph: Any) -> str:
        """The marker Word draws before ``paragraph`` (a ``w:p``), or "" when it has none."""
        ppr = paragraph.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is None:
            return ""
        num_id = _val(num_pr, "w:numId", "")
        ilvl = int(_val(num_pr, "w:ilvl", "0") or 0)
        levels = self._levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, [0] * 9)
        ilvl = min(ilvl, 8)
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl][2]
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt in {"bullet", "none"}:
            return ""
        for level in range(ilvl, -1, -1):
            level_fmt, _, level_start = levels.get(level, ("decimal", "", 1))
            value = counters[level] or level_start
            text = text.replace(f"%{level + 1}", _format(value, level_fmt))
        return text


def _val(node: Any, tag: str, default: str) -> str:
    child = node.find(qn(tag))
    if child is None:
        return default
    return child.get(qn("w:val"), default)
