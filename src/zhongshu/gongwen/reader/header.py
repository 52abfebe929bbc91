"""The top of a draft, down to where the 正文 starts: 版头, 标题 and 主送机关.

Drafts and web copies put these in every order (the number above the title or below it, the
organ and date under the title as 公报 do, a 题注 in parentheses, page clutter in between), so
each line is tried against every element; the first line that is none of them starts the body.
"""

from __future__ import annotations

import re

from zhongshu.gongwen.model import DocType

from . import result as el
from .dates import DATE_PATTERN, find_date, is_date_line
from .lines import (
    Line,
    clutter_reason,
    ends_like_title,
    heading_level,
    is_organ_list,
    is_organ_name,
    is_title_like,
    norm,
    organ_names,
    split_dateline,
    split_organ_list,
    split_recipient_groups,
    strip,
    strip_footnote,
    strip_page_suffix,
    type_from_title,
)
from .result import Draft

_OPEN = "〔\\[［(（【﹝"
_CLOSE = "〕\\]］)）】﹞"
_NUMBER_CORE = (
    rf"[\u4e00-\u9fffA-Za-z]{{1,20}}?\s*[{_OPEN}]\s*(?:19|20)?\d{{2}}\s*[{_CLOSE}]\s*第?\s*\d+\s*号"
    r"|[\u4e00-\u9fff]{1,12}字第\s*\d+\s*号"
)
_NAME = r"[\u4e00-\u9fff·]{2,4}"
DOC_NUMBER_RE = re.compile(
    rf"^(?P<number>{_NUMBER_CORE})"
    rf"(?:\s*签发人\s*[:：]\s*(?P<signers>.+)|\s+(?P<more>{_NAME}(?:\s+{_NAME})*))?$"
)
# A middle row of several 签发人 rows: names only.
_NAMES_RE = re.compile(rf"^{_NAME}(?:\s+{_NAME})+$")
_NUMBER_SEARCH = re.compile(_NUMBER_CORE)
_SIGNERS_RE = re.compile(r"^签发人\s*[:：]\s*(?P<signers>.+)$")
_COPY_RE = re.compile(r"^\d{6}$")
_SECRET_RE = re.compile(r"^(?P<level>绝密|机密|秘密)\s*(?:★\s*(?P<period>\S+))?$")
_URGENCY_RE = re.compile(r"^(特急|加急)$")
_MASTHEAD_RE = re.compile(r"^(?P<name>[^\s，。：:；]{2,40}?)\s*文件$")
_MINUTES_RE = re.compile(
    r"^(?P<mast>[^\s，。：:；]{2,30}纪要)\s*(?P<number>第?[一二三四五六七八九十〇零\d]+期?)$"
)
_ORDER_LINE_RE = re.compile(
    r"^(?P<mast>[^\s，。：:；]{2,30}?令)\s*(?P<number>[（(]?第\s*\d+\s*号[）)]?)$"
)
_ORDER_MAST_RE = re.compile(r"^(?P<mast>[^\s，。：:；]{2,30}(?:命令|令))$")
_ORDER_NUMBER_RE = re.compile(r"^第\s*\d+\s*号$")
_MINUTES_NUMBER_RE = re.compile(r"^[（(]?第\s*[一二三四五六七八九十百〇零\d]+\s*期[）)]?$")
_PAREN_RE = re.compile(r"^[（(](?P<inner>.+)[）)]$")
_ADOPTED_RE = re.compile(rf"^{DATE_PATTERN}.{{2,60}}(通过|通過|批准|发布|公布)$")
_TITLE_OPENERS = ("关于", "關於", "印发", "转发", "批转")
# A long title set in 2号 takes up to four lines (20 characters each); web copies use 1–3.
_TITLE_MAX_LINES = 5
_VERB = re.compile(r"印发|转发|批转|关于|關於")


def split_names(text: str) -> list[str]:
    return [n for n in re.split(r"[\s、，,]+", strip(text)) if n]


def fixed_element(text: str) -> bool:
    """Lines with a fixed form that are never part of a title."""
    return bool(
        DOC_NUMBER_RE.match(text)
        or _ORDER_NUMBER_RE.match(text)
        or _ORDER_LINE_RE.match(text)
        or is_date_line(text)
        or _PAREN_RE.match(text)
        or _SIGNERS_RE.match(text)
        or _MASTHEAD_RE.match(text)
    )


def next_text(lines: list[Line], i: int) -> tuple[int, str]:
    """Index and text of the first non-blank line at or after ``i`` ((len, "") at the end)."""
    while i < len(lines) and lines[i].blank:
        i += 1
    return (i, lines[i].text) if i < len(lines) else (len(lines), "")


def gather_title(lines: list[Line], i: int) -> tuple[str, list[int], int] | None:
    """A title of 1–5 lines starting at ``i``: (title, line numbers, next index), or None.

    Lines are joined without a separator (a clerk breaks a long title where it fits), except
    for a space between joint organ names. An organ-name line starts a title only when what
    follows continues it (see the comment below); otherwise it is a 标志 or a 署名. In a .docx
    whose lines carry a "title" hint (2号), the hinted lines are the title.
    """
    first = lines[i].text
    if lines[i].hint == "title":
        return _hinted_title(lines, i)
    if not is_title_like(first) or fixed_element(first):
        return None
    if organ_names(first) is not None:
        # "衡阳市人民政府办公室 / 关于…的复函" and "鹤岗市人民政府 / 鹤岗市中级人民法院印发关于…"
        # are one title; "国务院 / 国务院关于…的通知" is a 标志 above a title, stacked organ
        # lines are a joint 标志 or 署名, and an organ line before a number or a date is a 标志.
        _, following = next_text(lines, i + 1)
        if (
            not following
            or fixed_element(following)
            or following.startswith(first)
            or organ_names(following) is not None
        ):
            return None
        for opener in ("关于", "關於"):
            head = following.split(opener, 1)[0] if opener in following else ""
            if head and not re.search(r"(印发|转发|批转)$", head):
                return None
        if not following.startswith(_TITLE_OPENERS) and len(first) < 0.7 * len(following):
            # A short organ line over a long title ("国家统计局 / 中华人民共和国…统计公报") is
            # the 标志 or the organ the page names; a title is broken into balanced lines.
            return None
    parts: list[str] = []
    numbers: list[int] = []
    j = i
    while j < len(lines) and len(numbers) < _TITLE_MAX_LINES:
        line = lines[j]
        if line.blank:
            j += 1
            continue
        if parts and (not is_title_like(line.text, continuation=True) or fixed_element(line.text)):
            break
        if parts and organ_names(parts[-1]) and organ_names(_VERB.split(line.text)[0]):
            parts.append(" ")  # "鹤岗市人民政府 / 鹤岗市中级人民法院印发…": joint names, one space
        parts.append(line.text)
        numbers.append(line.no)
        j += 1
        if ends_like_title(line.text):
            return strip_footnote("".join(parts)), numbers, j
    return None


def _hinted_title(lines: list[Line], i: int) -> tuple[str, list[int], int]:
    """A title the .docx marks by its 2号 size: every line so marked, up to a blank line."""
    parts: list[str] = []
    numbers: list[int] = []
    j = i
    while j < len(lines) and lines[j].hint == "title" and not lines[j].blank:
        text = lines[j].text
        if parts and organ_names(parts[-1]) and organ_names(_VERB.split(text)[0]):
            parts.append(" ")
        parts.append(text)
        numbers.append(lines[j].no)
        j += 1
    return strip_footnote("".join(parts)), numbers, j


def title_issuers(title: str) -> list[str]:
    """Organs named at the head of a title: "国务院办公厅关于…" → ["国务院办公厅"].

    Also "鹤岗市人民政府 鹤岗市中级人民法院印发关于…" (joint, with the 印发 verb) and the bare
    "国务院公告" (organ + 文种, no 事由).
    """
    head = ""
    for opener in ("关于", "關於"):
        if opener in title:
            head = title.split(opener, 1)[0]
            break
    if not head:
        # Only the bare "organ + 文种" titles of public and order documents ("国务院公告").
        doc_type = type_from_title(title)
        if doc_type not in (
            DocType.ANNOUNCEMENT,
            DocType.CIRCULAR_PUBLIC,
            DocType.COMMUNIQUE,
            DocType.ORDER,
        ):
            return []
        for suffix in doc_type.title_suffixes:
            if title.endswith(suffix):
                head = title[: -len(suffix)]
                break
    head = re.sub(r"(印发|转发|批转)$", "", strip(head))
    names = organ_names(head) if head else None
    return names or []


def read_preamble(lines: list[Line], d: Draft) -> int:
    """Fill the 版头, 标题 and 主送机关 of ``d``; return the index where the body starts."""
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        text = line.text
        if line.blank:
            i += 1
            continue
        reason = clutter_reason(text)
        if reason:
            d.drop(line.no, text, reason)
            i += 1
            continue
        dateline = split_dateline(text)
        if dateline:
            d.drop(line.no, dateline[0], "新闻电头，不属于公文")
            line.text = text = dateline[1]
        step = _header_element(lines, i, d)
        if step:
            i = step
            continue
        if _recipients(line, d):
            return i if line.text else i + 1
        if len(text) <= 2 and heading_level(text) == 0:
            d.drop(line.no, text, "无法识别的短行（网页栏目或标签）")
            i += 1
            continue
        _, following = next_text(lines, i + 1)
        if _headline_like(text) and following and clutter_reason(following):
            d.drop(line.no, text, "网页上的文章标题，不是公文标题")
            i += 1
            continue
        return i
    return n


def _headline_like(text: str) -> bool:
    """A web page's own headline: short, no sentence punctuation (it sits above metadata rows)."""
    return len(text) <= 60 and not re.search(r"[。，；：:！？]", text)


def _header_element(lines: list[Line], i: int, d: Draft) -> int:
    """Recognise the element at line ``i``; return the next index, or 0 when none matched."""
    line = lines[i]
    text = line.text
    if line.hint == "masthead" and not d.title:
        return _hinted_masthead(lines, i, d)
    if not d.title and not d.masthead:
        tokens = text.split()
        if tokens and all(
            _COPY_RE.match(t) or _SECRET_RE.match(t) or _URGENCY_RE.match(t) for t in tokens
        ):
            for token in tokens:
                _block_token(token, line.no, d)
            return i + 1
    if match := _MASTHEAD_RE.match(text):
        d.masthead = text
        d.masthead_names = organ_names(match["name"]) or [match["name"]]
        d.mark(el.MASTHEAD, line.no)
        return i + 1
    if match := _MINUTES_RE.match(text):
        d.minutes_masthead, d.minutes_number = match["mast"], match["number"]
        d.mark(el.MASTHEAD, line.no)
        return i + 1
    if match := DOC_NUMBER_RE.match(text):
        d.doc_number = match["number"]
        d.mark(el.DOC_NUMBER, line.no)
        if match["signers"]:
            d.signers = split_names(match["signers"])
            d.mark(el.SIGNERS, line.no)
        elif match["more"] and d.signers:
            # The last row of several 签发人 rows shares the number's line, without the label.
            d.signers += split_names(match["more"])
            d.mark(el.SIGNERS, line.no)
        elif match["more"]:
            d.drop(line.no, match["more"], "发文字号后的姓名缺少“签发人：”，未能确定其含义")
        return i + 1
    if match := _SIGNERS_RE.match(text):
        d.signers = split_names(match["signers"])
        d.mark(el.SIGNERS, line.no)
        return i + 1
    if d.signers and not d.doc_number and _NAMES_RE.match(text):
        d.signers += split_names(text)
        d.mark(el.SIGNERS, line.no)
        return i + 1
    if match := _ORDER_LINE_RE.match(text):
        d.order_masthead, d.order_number = match["mast"], match["number"]
        d.doc_number = text
        d.mark(el.ORDER_NUMBER, line.no)
        return i + 1
    if "关于" not in text and (match := _ORDER_MAST_RE.match(text)):
        d.order_masthead = match["mast"]
        d.mark(el.MASTHEAD, line.no)
        return i + 1
    if (
        d.minutes_masthead
        and not d.minutes_number
        and re.fullmatch(r"[一二三四五六七八九十百〇零\d]+", text)
    ):
        d.minutes_number = text  # a bare 期号 under the 纪要's 标志
        d.mark(el.MASTHEAD, line.no)
        return i + 1
    if _MINUTES_NUMBER_RE.match(text) and not d.minutes_number:
        # "XX纪要" above "第5期" is the 纪要格式's 标志, not the title (§10.3).
        if not d.minutes_masthead and d.title.endswith("纪要"):
            d.minutes_masthead, d.title, d.title_key = d.title, "", ""
            for no in d.found.pop(el.TITLE, []):
                d.mark(el.MASTHEAD, no)
        d.minutes_number = text
        d.mark(el.MASTHEAD, line.no)
        return i + 1
    if _ORDER_NUMBER_RE.match(text):
        d.order_number = text
        d.doc_number = f"{d.order_masthead} {text}" if d.order_masthead else d.doc_number
        d.mark(el.ORDER_NUMBER, line.no)
        return i + 1
    if _note_line(text, line.no, d):
        return i + 1
    found = gather_title(lines, i)
    if found:
        title, numbers, j = found
        if not d.title:
            d.title, d.title_key = title, norm(title)
            for no in numbers:
                d.mark(el.TITLE, no)
            return j
        if norm(title) == norm(strip_page_suffix(d.title)) and norm(title) != d.title_key:
            # The first copy was the page's title with a year appended; this one is the document's.
            for no in d.found.pop(el.TITLE, []):
                d.drop(no, d.title, "网页标题（附加了年份），正文中另有标题")
            d.title, d.title_key = title, norm(title)
            for no in numbers:
                d.mark(el.TITLE, no)
            return j
        if norm(title) == d.title_key:
            for k in range(i, j):
                if not lines[k].blank:
                    d.drop(lines[k].no, lines[k].text, "重复的标题（网页标题栏）")
            return j
    return _organ_and_date(lines, i, d)


def _hinted_masthead(lines: list[Line], i: int, d: Draft) -> int:
    """A line the .docx draws red or very large: the 标志, whatever its words."""
    line = lines[i]
    text = line.text
    d.mark(el.MASTHEAD, line.no)
    if text == "文件" and d.masthead_names:
        d.masthead_suffix = text
    elif match := _MASTHEAD_RE.match(text):
        d.masthead = d.masthead or text
        d.masthead_names += organ_names(match["name"]) or [match["name"]]
    elif match := _MINUTES_RE.match(text):
        d.minutes_masthead, d.minutes_number = match["mast"], match["number"]
    elif text.endswith("纪要"):
        d.minutes_masthead = text
    elif (match := _ORDER_MAST_RE.match(text)) and "关于" not in text:
        d.order_masthead = match["mast"]
    else:
        d.masthead = d.masthead or text
        d.masthead_names += organ_names(text) or [text]
    return i + 1


def _block_token(token: str, no: int, d: Draft) -> None:
    if _COPY_RE.match(token):
        d.copy_number = token
        d.mark(el.COPY_NUMBER, no)
    elif match := _SECRET_RE.match(token):
        d.classification, d.classification_period = match["level"], match["period"] or ""
        d.mark(el.CLASSIFICATION, no)
    else:
        d.urgency = token
        d.mark(el.URGENCY, no)


def _note_line(text: str, no: int, d: Draft) -> bool:
    """A 题注 under the title: "（2007年3月16日…会议通过）", "（国函[1999]7号 1999年1月20日）"."""
    match = _PAREN_RE.match(text)
    inner = match["inner"] if match else text
    if not match and not _ADOPTED_RE.match(text):
        return False
    date = find_date(inner)
    without_date = inner[: date[1][0]] + inner[date[1][1] :] if date else inner
    number = _NUMBER_SEARCH.search(without_date)
    if not date and not number:
        return False
    d.adoption_note = text
    d.mark(el.ADOPTION_NOTE, no)
    if date:
        d.preamble_date, d.preamble_date_text = date[0], inner[date[1][0] : date[1][1]]
        d.preamble_date_line = no
    if number and not d.doc_number:
        d.doc_number = strip(number.group(0))
        d.mark(el.DOC_NUMBER, no)
    return True


def _organ_and_date(lines: list[Line], i: int, d: Draft) -> int:
    """An organ line (a 标志 without "文件", or the 署名 that 公报 print under the title)."""
    line = lines[i]
    names = organ_names(line.text)
    if names is None:
        match = re.match(rf"^(?P<org>.+?)\s*(?P<date>{DATE_PATTERN})$", line.text)
        names = organ_names(match["org"]) if match else None
        if names is None or match is None:
            if is_date_line(line.text) and d.title:
                _set_preamble_date(line.text, line.no, d)
                return i + 1
            return 0
        d.preamble_names = names
        _set_preamble_date(match["date"], line.no, d)
        return i + 1
    j, following = next_text(lines, i + 1)
    if d.title or d.doc_number:
        d.preamble_names = d.preamble_names or names
        if is_date_line(following):
            _set_preamble_date(following, lines[j].no, d)
            return j + 1
    else:
        # A joint 标志: the names stacked, then "文件" beside or under them.
        d.masthead_names = [*d.masthead_names, *names]
        d.masthead = d.masthead or line.text
        d.mark(el.MASTHEAD, line.no)
        if following == "文件":
            d.masthead_suffix = following
            d.mark(el.MASTHEAD, lines[j].no)
            return j + 1
    return i + 1


def _set_preamble_date(text: str, no: int, d: Draft) -> None:
    found = find_date(text)
    if found:
        d.preamble_date = found[0]
        d.preamble_date_line = no
        d.preamble_date_text = strip(text[found[1][0] : found[1][1]])


def _recipients(line: Line, d: Draft) -> bool:
    """The 主送 line ("A，B："), or a 主送 glued to the first body sentence ("A：现将…")."""
    text = line.text
    if d.primary_recipients:
        return False
    head, sep, tail = re.sub(r"^主送\s*[:：]", "", text).partition("：")
    if not sep:
        head, sep, tail = text.partition(":")
    if not sep or not head or not is_organ_list(head):
        return False
    names = split_organ_list(head)
    if tail and not any(is_organ_name(n) or n.startswith("各") for n in names):
        return False
    d.primary_recipients = split_recipient_groups(head)
    d.mark(el.RECIPIENTS, line.no)
    line.text = strip(tail)
    return True
