"""Lines of a draft and what each one looks like on its own (no context).

Drafts reach the reader as typed by clerks or copied from web pages and PDFs, so the line is the
unit: one paragraph of a .docx, or one line of text. This module only answers local questions
(is this a date? an organ name? page clutter? a heading marker?); deciding what a line *is* needs
its neighbours and is done in ``header`` and ``closing``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from zhongshu.gongwen.model import DocType, HeadingLevel

from .dates import DATE_PATTERN

SPACE = " \t\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"
_WS = re.compile(f"[{SPACE}]+")


@dataclass
class Line:
    """One line: ``no`` is its 1-based number (line of text or paragraph of a .docx)."""

    no: int
    text: str  # without surrounding spaces
    indented: bool = False  # started with spaces: a paragraph start in hard-wrapped copies
    hint: str = ""  # from .docx formatting: "masthead" (red or very large), "title" (2号)

    @property
    def blank(self) -> bool:
        return not self.text


def strip(text: str) -> str:
    return text.strip(SPACE + "\r\n\v\f\u2028\u2029\x85\x1c\x1d\x1e")


# A sentence end followed by spaces inside one physical line: web copies join paragraphs
# with a space ("…整改。 附件：1.…"), so split there. Chinese never needs a space after "。".
_RUN_ON = re.compile(rf"(?<=[。；！？])[{SPACE}]+(?=\S)")
# In a run-on 附件说明: "附件：1.甲 2.乙 国务院办公厅 2016年7月18日 （此件公开发布）"
_NOTE_ITEM = re.compile(rf"[{SPACE}]+(?=\d{{1,2}}[.．、]\D)")
_BEFORE_PAREN = re.compile(rf"[{SPACE}]+(?=[（(])")
_TAIL_SIGNATURE = re.compile(
    rf"^(?P<head>.*\S)[{SPACE}]+(?P<org>\S+)[{SPACE}]+(?P<date>{DATE_PATTERN})$"
)


def split_lines(text: str) -> list[Line]:
    """Text → lines, with run-on lines (several elements glued by spaces) split apart."""
    lines: list[Line] = []
    for no, raw in enumerate(text.splitlines(), 1):
        lines.extend(physical_line(no, raw))
    return lines


def physical_line(no: int, raw: str, hint: str = "") -> list[Line]:
    """One line as typed (or one .docx paragraph) → reader lines numbered ``no``."""
    body = strip(raw)
    indented = bool(body) and raw[:1] in SPACE
    out = []
    for piece in _split_run_on(body):
        out.append(Line(no=no, text=piece, indented=indented, hint=hint))
        indented = False
    return out


def _split_run_on(text: str) -> list[str]:
    if not text:
        return [""]
    pieces: list[str] = []
    for part in _RUN_ON.split(text):
        if re.match(r"^附件[:：]", part):
            for item in _NOTE_ITEM.split(part):
                pieces.extend(_split_tail(item))
        else:
            pieces.append(part)
    return pieces


def _split_tail(text: str) -> list[str]:
    """Split "名单 国务院办公厅 2016年7月18日 （此件公开发布）" into name, signature, note."""
    head, *notes = _BEFORE_PAREN.split(text, maxsplit=1)
    out = [head]
    match = _TAIL_SIGNATURE.match(head)
    if match and is_organ_name(match["org"]) and not is_organ_name(match["head"]):
        out = [match["head"], f"{match['org']} {match['date']}"]
    return out + notes


# --- page clutter ---------------------------------------------------------------------------

_CLUTTER = [
    (re.compile(r"^(首页|当前位置|您的位置|位置)\s*[:：>＞»]|[>＞»].*[>＞»]"), "网页导航"),
    (
        re.compile(
            r"^[-·•\s]*(时\s*间|来\s*源|发布时间|发布日期|更新时间|日期|作者|编辑|责任编辑|浏览次数|"
            r"阅读次数|点击数|访问次数|所属栏目|信息来源|文章来源|字号|索引号|分类)\s*[:：]"
        ),
        "网页元数据",
    ),
    (re.compile(r"【\s*(打印|字体|关闭|大|中|小|收藏)"), "网页按钮"),
    (re.compile(r"^第\s*\[?\s*\d+\s*\]?\s*页\s*[,，]?\s*共\s*\[?\s*\d+\s*\]?\s*页$"), "网页分页"),
    (re.compile(r"星期[一二三四五六日天]|^无障碍|简体\s*[|｜]\s*繁体"), "网页页眉"),
    (re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?$"), "网页发布时间"),
    (re.compile(r"^(收录于|导读\s*[:：]|分享到|扫一扫|注\s*[:：]\s*附件内容点击)"), "网页附加说明"),
    (re.compile(r"丨"), "网页栏目标题"),
    (re.compile(r"^[^/，。；：]{1,30}(/[^/，。；：]{1,40}){2,}$"), "网页路径"),
]


def clutter_reason(text: str) -> str | None:
    """Why a line is page clutter (navigation, metadata rows…), or None for document text."""
    for pattern, reason in _CLUTTER:
        if pattern.search(text):
            return reason
    return None


_DATELINE = re.compile(
    r"^(?P<dateline>[^\s，。：:]{2,12}?\d{1,2}月\d{1,2}日电)[\s\u3000]*(?P<rest>\S.*)$"
)


def split_dateline(text: str) -> tuple[str, str] | None:
    """ "新华网北京3月16日电 第十届…决议" → (电头, 其余); the news dateline is not the document."""
    match = _DATELINE.match(text)
    return (match["dateline"], match["rest"]) if match else None


# --- organs ------------------------------------------------------------------------------------

_ORGAN_SUFFIXES = (
    "人民政府", "政府", "委员会", "常委会", "委", "办公厅", "办公室", "办", "厅", "局", "部", "院",
    "会", "署", "处", "科", "所", "站", "中心", "公司", "集团", "街道", "镇", "乡", "村", "社区",
    "队", "法院", "检察院", "党委", "党组", "机构", "部门", "单位", "学校", "大学", "院校", "企业",
    "管委会", "办事处", "银行", "协会", "联合会", "工会", "妇联", "政协", "人大", "部队", "会议",
    "小组", "司", "馆", "府", "廳", "會", "務院", "辦公廳", "局)", "室", "组",
)  # fmt: skip
_PLACE_SUFFIXES = ("省", "市", "县", "区", "州", "旗", "盟")
_ORGAN_CHARS = re.compile(r"^[\u4e00-\u9fff\u3400-\u4dbf（）()〔〕0-9·“”\"]+$")
_NOT_ORGAN = re.compile(r"关于|關於|[。，；：！？、]|通知$|决定$|意见$|报告$|请示$|批复$")


def is_organ_name(text: str, *, places: bool = False) -> bool:
    """Does ``text`` read as one organ's name ("国务院办公厅", "市民政局", "双龙湖街道")?

    A suffix test, deliberately: the reader must recognise organs it has never seen. With
    ``places`` a bare place ("广东省") also counts, as in 主送 lists.
    """
    text = strip(text)
    if not (2 <= len(text) <= 40) or not _ORGAN_CHARS.match(text) or _NOT_ORGAN.search(text):
        return False
    suffixes = _ORGAN_SUFFIXES + (_PLACE_SUFFIXES if places else ())
    core = re.sub(r"[（(][^（()）]*[）)]$", "", text)  # "…管委会（推进办公室）"
    return text.endswith(suffixes) or (core != text and core.endswith(suffixes))


def organ_names(text: str) -> list[str] | None:
    """A line of one or more organ names separated by spaces (joint 署名), else None."""
    parts = [p for p in _WS.split(strip(text)) if p]
    if parts and all(is_organ_name(p) for p in parts):
        return parts
    return None


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    """``text`` split at ``separators`` that stand outside any bracket, parts stripped, empty
    parts left out."""
    parts: list[str] = []
    current = ""
    depth = 0
    for char in strip(text):
        if char in "（(〔[【":
            depth += 1
        elif char in "）)〕]】":
            depth = max(0, depth - 1)
        if depth == 0 and char in separators:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [strip(p) for p in parts if strip(p)]


def split_organ_list(text: str) -> list[str]:
    """ "各县（市、区）人民政府，市政府各部门" → names; separators inside brackets do not split."""
    return _split_outside_brackets(text, "，,、；;")


def split_recipient_groups(text: str) -> list[str]:
    """A 主送/抄送 line → its groups as the author separated them: split on ，and ；only.

    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构" → two groups; the 、 inside a group
    is the author's and is printed as written (the typesetter joins groups with ，).
    """
    return _split_outside_brackets(text, "，,；;")


def is_organ_list(text: str) -> bool:
    """A 主送/抄送 list: every name an organ, a place or a collective ("各…", "…各部门")."""
    if re.search(r"[。！？]", text) or len(text) > 300:
        return False
    names = split_organ_list(text)
    if not names:
        return False
    return all(
        is_organ_name(n, places=True) or (n.startswith("各") and len(n) <= 30) for n in names
    )


# --- headings and titles ---------------------------------------------------------------------

_CN_NUM = "[一二三四五六七八九十百零〇]+"
_HEADINGS = [
    (re.compile(rf"^{_CN_NUM}、"), HeadingLevel.H1),
    (re.compile(rf"^[（(]{_CN_NUM}[）)]"), HeadingLevel.H2),
    (re.compile(r"^\d{1,3}[.．](?!\d)"), HeadingLevel.H3),
    (re.compile(r"^\d{1,3}、"), HeadingLevel.H3),
    (re.compile(r"^[（(]\d{1,3}[）)]"), HeadingLevel.H4),
]


def heading_level(text: str) -> HeadingLevel:
    """The level a paragraph's marker gives it: 一、 （一） 1.（or 1、） （1）; BODY otherwise."""
    for pattern, level in _HEADINGS:
        if pattern.match(text):
            return level
    return HeadingLevel.BODY


def is_bare_marker(text: str) -> bool:
    """ "一、" alone on its line (a page broke the heading from its text)."""
    return heading_level(text) != HeadingLevel.BODY and bool(
        re.fullmatch(rf"{_CN_NUM}、|[（(]{_CN_NUM}[）)]|\d{{1,3}}[.．、]|[（(]\d{{1,3}}[）)]", text)
    )


TYPE_ENDINGS: tuple[tuple[str, DocType], ...] = tuple(
    sorted(
        [(suffix, t) for t in DocType for suffix in t.title_suffixes]
        + [("決定", DocType.DECISION), ("决议", DocType.RESOLUTION), ("決議", DocType.RESOLUTION)],
        key=lambda item: -len(item[0]),
    )
)
# Titles of regulations published by a 令, and of attachments.
_OTHER_ENDINGS = ("条例", "條例", "规定", "办法", "细则", "规则", "方案", "计划", "要点", "制度",
                  "章程", "名单", "清单", "目录", "规划", "纲要", "守则", "标准", "指引", "指南")  # fmt: skip
_FOOTNOTE = re.compile(r"(\[\d{1,2}\])+$")


def strip_footnote(text: str) -> str:
    """ "…统计公报[1]" → "…统计公报": footnote marks of web copies are not part of the title."""
    return _FOOTNOTE.sub("", text)


def type_from_title(title: str) -> DocType | None:
    """The 文种 a title ends with (the regulation's rule: the type closes the title)."""
    core = strip_footnote(strip(title)).rstrip("）)")
    for suffix, doc_type in TYPE_ENDINGS:
        if core.endswith(suffix):
            return doc_type
    return None


_PAGE_SUFFIX = re.compile(r"[（(](19|20)\d{2}年?(修订|修正)?[）)]$")


def strip_page_suffix(text: str) -> str:
    """ "…的决定（2007年）" → "…的决定": the year a web page appends to a title."""
    return _PAGE_SUFFIX.sub("", text)


def ends_like_title(text: str) -> bool:
    core = strip_page_suffix(strip_footnote(strip(text)))
    return type_from_title(core) is not None or core.endswith(_OTHER_ENDINGS)


def is_title_like(text: str, *, continuation: bool = False) -> bool:
    """Could this line be (part of) a title: short, no sentence punctuation, not a number?

    A title's second or third line may start with a digit ("2021年防汛工作的通知"); its first
    line may not (that is a number, a date or a heading).
    """
    core = strip_footnote(strip(text))
    if not (2 <= len(core) <= 120) or re.search(r"[。；！？：:，,]", core):
        return False
    if heading_level(core) != HeadingLevel.BODY or core.startswith("（"):
        return False
    if core[:1].isdigit() and not continuation:
        return False
    return bool(re.search(r"[\u4e00-\u9fff]", core))


def norm(text: str) -> str:
    """Comparison key: NFKC and no spaces (stray spaces come from PDF extraction)."""
    return _WS.sub("", unicodedata.normalize("NFKC", text)).replace(" ", "")
