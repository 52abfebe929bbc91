"""Dates as clerks write them: "2021年5月20日" and "二〇〇九年十月二十日".

Before 2012 the 成文日期 was written in Chinese numerals, and the copies on the web write the zero
as 〇 (U+3007), ○ (U+25CB), the letter O or the digit 0. All of them must be read, because the
checker judges a document by its own year (GB/T 9704-2012 applies from 2012-07-01) and needs the
date whatever form it was printed in. The text is kept as written beside the parsed value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_ZERO = "〇○OoＯ0０零"
_DIGITS = {**dict.fromkeys(_ZERO, 0), "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_DIGIT = "[" + re.escape(_ZERO) + "一二三四五六七八九]"
_CN_SMALL = "[一二三四五六七八九十]{1,3}"

#: A full date anywhere in a line: Arabic (spaces tolerated) or Chinese numerals.
DATE_PATTERN = (
    r"(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    rf"|{_CN_DIGIT}{{4}}\s*年\s*{_CN_SMALL}\s*月\s*{_CN_SMALL}\s*日)"
)
DATE_RE = re.compile(DATE_PATTERN)
_ONLY_DATE = re.compile(rf"^{DATE_PATTERN}$")


def _small_number(text: str) -> int | None:
    """十 / 十二 / 二十 / 二十一 / 三十一 → int; None when it is not such a numeral."""
    if not text:
        return None
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    tens_value = _DIGITS.get(tens, -1) if tens else 1
    units_value = _DIGITS.get(units, -1) if units else 0
    if tens_value < 0 or units_value < 0:
        return None
    return tens_value * 10 + units_value


def parse_date(text: str) -> dt.date | None:
    """The date written in ``text`` (which must hold nothing else but spaces), or None.

    Impossible dates (2月30日) give None rather than an exception: the reader reports them as
    unplaced instead of guessing.
    """
    found = find_date(text)
    if found is None:
        return None
    value, span = found
    rest = (text[: span[0]] + text[span[1] :]).strip()
    return value if not rest else None


def find_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """The first valid date in ``text`` with its (start, end) span, or None."""
    for match in DATE_RE.finditer(text):
        value = _to_date(match.group(0))
        if value is not None:
            return value, match.span()
    return None


def is_date_line(text: str) -> bool:
    return bool(_ONLY_DATE.match(text.strip())) and parse_date(text) is not None


def _to_date(written: str) -> dt.date | None:
    compact = unicodedata.normalize("NFKC", re.sub(r"\s+", "", written))
    year_text, _, rest = compact.partition("年")
    month_text, _, rest = rest.partition("月")
    day_text = rest.removesuffix("日")
    if year_text.isdigit() and len(year_text) == 4 and month_text.isdigit() and day_text.isdigit():
        year, month, day = int(year_text), int(month_text), int(day_text)
    else:
        digits = [_DIGITS.get(ch) for ch in year_text]
        if len(digits) != 4 or any(d is None for d in digits):
            return None
        year = int("".join(str(d) for d in digits))
        month_value = _small_number(month_text)
        day_value = _small_number(day_text)
        if month_value is None or day_value is None:
            return None
        month, day = month_value, day_value
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
