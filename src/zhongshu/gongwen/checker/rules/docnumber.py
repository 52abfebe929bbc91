"""发文字号 rules (GB/T 9704-2012 §7.2.5): 机关代字〔2012〕14号, and the same form when a body cites one.

The form is checked piece by piece so that each finding points at the exact wrong character
(the square bracket, the 第, the leading zero) rather than at the whole number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhongshu.gongwen.checker.context import CheckContext
from zhongshu.gongwen.checker.registry import Hit, Severity, rule
from zhongshu.gongwen.model import DocType

_BRACKETS_OPEN = "〔[［(（【﹝〈<{｛"
_BRACKETS_CLOSE = "〕]］)）】﹞〉>}｝"

# Loose shape: code, bracketed year, optional 第, sequence, optional 号 — loose so that wrong
# forms still parse and can be named precisely.
_SHAPE = re.compile(
    rf"^(?P<code>[^{re.escape(_BRACKETS_OPEN)}]*?)(?P<sp1>\s*)(?P<open>[{re.escape(_BRACKETS_OPEN)}])"
    rf"\s*(?P<year>\d+)\s*(?P<close>[{re.escape(_BRACKETS_CLOSE)}])(?P<sp2>\s*)(?P<di>第?)\s*"
    r"(?P<seq>\d+)\s*(?P<hao>号?)$"
)
_NO_YEAR = re.compile(r"^(?P<code>.*?)(?P<di>第?)\s*(?P<seq>\d+)\s*号$")
_ORDER_NUMBER = re.compile(r"令\s*第?\s*\d+\s*号$|^第\s*\d+\s*号$")

# A 文号 cited in running text: "（皖政〔2009〕114号）". The code must touch Chinese letters.
_CITED = re.compile(
    rf"(?P<code>[\u4e00-\u9fffA-Za-z]{{1,12}})(?P<sp1>\s*)(?P<open>[{re.escape(_BRACKETS_OPEN)}])"
    rf"\s*(?P<year>\d{{2,4}})\s*(?P<close>[{re.escape(_BRACKETS_CLOSE)}])(?P<sp2>\s*)(?P<di>第?)"
    r"\s*(?P<seq>\d{1,5})\s*号"
)


def _form_problems(match: re.Match[str], offset: int = 0) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, message, suggestion) for each wrong piece of a parsed 文号."""
    code = match["code"].strip()
    year, seq = match["year"], match["seq"]
    fixed = f"{code}〔{year if len(year) == 4 else '20' + year[-2:]}〕{int(seq)}号"
    if not code:
        yield (
            offset,
            offset + match.end("open"),
            "发文字号缺少发文机关代字",
            "在年份前写明发文机关代字",
        )
    if match["sp1"] or match["sp2"] or " " in match.group(0).strip() or "\u3000" in match.group(0):
        yield offset + match.start(), offset + match.end(), "发文字号中不应有空格", f"写作“{fixed}”"
    if match["open"] != "〔" or match["close"] != "〕":
        yield (
            offset + match.start("open"),
            offset + match.end("close"),
            f"年份应使用六角括号“〔〕”，不用“{match['open']}{match['close']}”",
            f"写作“{fixed}”",
        )
    if len(year) != 4:
        yield (
            offset + match.start("year"),
            offset + match.end("year"),
            "发文字号中的年份应标全称（四位数字），不能简写",
            f"写作“{fixed}”",
        )
    if match["di"]:
        yield (
            offset + match.start("di"),
            offset + match.end("di"),
            "发文顺序号前不加“第”字",
            f"写作“{fixed}”",
        )
    if seq.startswith("0"):
        yield (
            offset + match.start("seq"),
            offset + match.end("seq"),
            "发文顺序号不编虚位（不加前导零）",
            f"写作“{fixed}”",
        )
    if "hao" in match.groupdict() and match.groupdict().get("hao") == "":
        yield (
            offset + match.end("seq"),
            offset + match.end("seq"),
            "发文字号应以“号”结尾",
            f"写作“{fixed}”",
        )


@rule(
    "number.form",
    description="发文字号由机关代字、〔四位年份〕、不加“第”不编虚位的顺序号和“号”组成",
    source="条例第九条（五）；GB/T 9704-2012 §7.2.5",
    severity=Severity.ERROR,
    suggestion="按“机关代字〔2012〕14号”的格式书写",
)
def number_form(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    text = doc.doc_number
    if not text.strip():
        return
    if doc.doc_type == DocType.ORDER and _ORDER_NUMBER.search(text.strip()):
        return  # 令号 (“国务院令第238号”) numbers orders by design, 第 included
    match = _SHAPE.match(text)
    if match:
        for start, end, message, suggestion in _form_problems(match):
            yield Hit("发文字号", start, end, message, suggestion)
        return
    bare = _NO_YEAR.match(text.strip())
    if bare:
        yield Hit(
            "发文字号",
            0,
            len(text),
            "发文字号缺少用六角括号“〔〕”括入的四位年份",
            "写作“机关代字〔年份〕序号号”，如“建规〔1995〕638号”",
        )
        return
    yield Hit("发文字号", 0, len(text), "发文字号格式不规范", "按“机关代字〔2012〕14号”的格式书写")


@rule(
    "number.year",
    description="发文字号中的年份与成文日期的年份一致",
    source="条例第九条（五）；GB/T 9704-2012 §7.2.5",
    severity=Severity.WARNING,
    suggestion="核对发文字号的年份和成文日期",
)
def number_year(ctx: CheckContext) -> Iterator[Hit]:
    match = _SHAPE.match(ctx.document.doc_number)
    date = ctx.signing_date
    if not match or date is None or len(match["year"]) != 4:
        return
    if int(match["year"]) != date.year:
        yield Hit(
            "发文字号",
            match.start("year"),
            match.end("year"),
            f"发文字号年份为{match['year']}，成文日期却在{date.year}年",
        )


@rule(
    "number.cited-form",
    description="正文中引用的发文字号同样使用〔〕、四位年份、不加“第”、不编虚位",
    source="GB/T 9704-2012 §7.2.5；条例第二十条（四）",
    severity=Severity.WARNING,
    suggestion="按“机关代字〔2012〕14号”的格式引用",
)
def number_cited_form(ctx: CheckContext) -> Iterator[Hit]:
    for element in ctx.prose():
        for match in _CITED.finditer(element.text):
            for start, end, message, suggestion in _form_problems(match):
                yield Hit(element.name, start, end, "引用的" + message, suggestion)
