"""Small text helpers the rules share: Chinese characters, numerals and dates as written.

Kept apart from the rules so that each rule module stays about its standard, and so that the
date parsing used for the 2012 regime flag is the same one the date rules use.
"""

from __future__ import annotations

import datetime as dt
import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")

# 〇 is the numeral zero; ○ (U+25CB), O and 0 stand in for it in old copies (fixture README).
_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "O": 0,
    "0": 0,
    "Ｏ": 0,
    "o": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "壹": 1,
    "贰": 2,
    "叁": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
CN_NUMERALS = "〇○零一二三四五六七八九十"
CN_ZERO_LIKE = "〇○零Ｏ"


def is_cjk(ch: str) -> bool:
    return bool(ch) and CJK_CHAR.match(ch) is not None


def chinese_to_int(text: str) -> int | None:
    """Value of a Chinese numeral: 十二, 二十三, 三十, or digit by digit (二〇〇三); None if not one."""
    if not text:
        return None
    if "十" not in text:
        digits = [_CN_DIGITS.get(ch) for ch in text]
        if any(d is None for d in digits):
            return None
        value = 0
        for d in digits:
            value = value * 10 + d  # type: ignore[operator]
        return value
    head, _, tail = text.partition("十")
    if "十" in tail:
        return None
    tens = 1 if head == "" else _CN_DIGITS.get(head) if len(head) == 1 else None
    ones = 0 if tail == "" else _CN_DIGITS.get(tail) if len(tail) == 1 else None
    if tens is None or ones is None:
        return None
    return tens * 10 + ones


def number_value(text: str) -> int | None:
    """An Arabic or Chinese numeral's value (full-width digits included); None if neither."""
    text = text.strip()
    if not text:
        return None
    normal = text.translate(_FULLWIDTH_DIGITS)
    if normal.isascii() and normal.isdigit():
        return int(normal)
    return chinese_to_int(text)


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

DATE_WRITTEN = re.compile(
    rf"(?P<year>[0-9０-９]{{2,4}}|[{CN_NUMERALS}Oo0]{{2,4}})\s*年\s*"
    rf"(?P<month>[0-9０-９]{{1,2}}|[{CN_NUMERALS}]{{1,3}})\s*月\s*"
    rf"(?P<day>[0-9０-９]{{1,2}}|[{CN_NUMERALS}]{{1,4}})\s*日"
)


def parse_written_date(text: str) -> dt.date | None:
    """The date in a 成文日期 as written (2012年7月1日, 二〇一二年七月一日…); None if not a full date."""
    match = DATE_WRITTEN.search(text or "")
    if not match:
        return None
    year = number_value(match["year"])
    month = number_value(match["month"])
    day = number_value(match["day"])
    if year is None or month is None or day is None:
        return None
    if year < 100:
        year += 1900 if year > 50 else 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
