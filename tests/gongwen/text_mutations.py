"""Mutants typed into the text: real documents broken as a clerk would type the mistake, then read
back with the shared reader and checked, so that recall is measured end to end (text → reader →
checker), not only on structured documents.

``TEXT_MUTATIONS[rule_id]`` maps a fixture's page text to a mutated text (or None where the
mistake cannot be typed into that page). Edits are made on a short stretch of the raw text
found from what the reader read, so a hard-wrapped page is edited where its line really is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tests.gongwen.fixtures import Fixture
from tests.gongwen.mutations import TODAY
from zhongshu.gongwen.checker import check_document
from zhongshu.gongwen.checker.rules.numbering import parse_marker
from zhongshu.gongwen.model import Document, HeadingLevel
from zhongshu.gongwen.reader import read_text


@dataclass
class Page:
    """A fixture page and the document the reader makes of it."""

    name: str
    index: int
    text: str
    hints: dict[str, str]
    complete: bool
    document: Document
    found: dict[str, list[int]]

    def findings(self, text: str | None = None) -> list:
        document = self.document if text is None else read_text(text, hints=self.hints).document
        return check_document(document, complete=self.complete, today=TODAY)


def page_from_fixture(fx: Fixture, index: int) -> Page:
    result = read_text(fx.body, hints=fx.hints())
    return Page(fx.name, index, fx.body, fx.hints(), fx.is_complete, result.document, result.found)


def is_caught(page: Page, mutated: str, rule_id: str) -> bool:
    def keys(findings: list) -> set[tuple[str, int, int, str]]:
        return {(f.element, f.start, f.end, f.message) for f in findings if f.rule_id == rule_id}

    return bool(keys(page.findings(mutated)) - keys(page.findings()))


# --- editing helpers ----------------------------------------------------------------------------


def _edit(raw: str, old: str, new: str) -> str | None:
    """Replace the first occurrence of ``old`` in the raw page text, if it is there."""
    if not old or old not in raw:
        return None
    return raw.replace(old, new, 1)


def _edit_element(page: Page, element: str, old: str, new: str) -> str | None:
    """Replace ``old`` on the line(s) the reader took ``element`` from (not on page clutter)."""
    lines = page.text.split("\n")
    for no in page.found.get(element, []):
        if 1 <= no <= len(lines) and old in lines[no - 1]:
            lines[no - 1] = lines[no - 1].replace(old, new, 1)
            return "\n".join(lines)
    return None


def _prose(page: Page) -> list[str]:
    return [
        p.text
        for p in page.document.body
        if p.level == HeadingLevel.BODY and parse_marker(p.text) is None and len(p.text) >= 16
    ]


def _edit_in_prose(page: Page, find: str, replace: Callable[[str], str]) -> str | None:
    """Change the first ``find`` of a prose paragraph, editing a short stretch of the raw text."""
    for text in _prose(page):
        pos = text.find(find)
        while pos >= 0:
            for before, after in ((4, 4), (2, 2), (0, 2), (2, 0)):
                old = text[max(0, pos - before) : pos + len(find) + after]
                if old in page.text and page.text.count(old) == 1:
                    head = text[max(0, pos - before) : pos]
                    tail = text[pos + len(find) : pos + len(find) + after]
                    return page.text.replace(old, head + replace(find) + tail, 1)
            pos = text.find(find, pos + 1)
    return None


def _append_to_prose(page: Page, sentence: str) -> str | None:
    """Add ``sentence`` after the first full sentence of a prose paragraph."""
    for text in _prose(page):
        for match in re.finditer("。", text):
            old = text[max(0, match.start() - 6) : match.end()]
            if page.text.count(old) == 1:
                return page.text.replace(old, old + sentence, 1)
    return None


# --- the mutations -------------------------------------------------------------------------------

TextMutation = Callable[[Page], str | None]
TEXT_MUTATIONS: dict[str, TextMutation] = {}


def text_mutation(rule_id: str) -> Callable[[TextMutation], TextMutation]:
    def register(func: TextMutation) -> TextMutation:
        TEXT_MUTATIONS[rule_id] = func
        return func

    return register


@text_mutation("punct.western")
def _western(page: Page) -> str | None:
    for full, half in (*(("，", ","), ("；", ";"), ("：", ":"))[page.index % 3 :], ("，", ",")):
        text = _edit_in_prose(page, full, lambda _s, half=half: half)
        if text:
            return text
    return None


@text_mutation("punct.halfwidth-bracket")
def _bracket(page: Page) -> str | None:
    return _edit_in_prose(page, "（", lambda _s: "(") or _append_to_prose(
        page, "具体办法(试行)另行制定。"
    )


@text_mutation("punct.unpaired")
def _unpaired(page: Page) -> str | None:
    for opener in ("“", "《", "（"):
        text = _edit_in_prose(page, opener, lambda _s: "")
        if text:
            return text
    return _append_to_prose(page, "即所谓“一网通办。")


@text_mutation("punct.doubled")
def _doubled(page: Page) -> str | None:
    return _edit_in_prose(page, "，", lambda s: s + s) or _edit_in_prose(
        page, "。", lambda s: s + "。"
    )


@text_mutation("punct.range-dash")
def _range(page: Page) -> str | None:
    return _append_to_prose(
        page,
        ("规划期为2021~2025年。", "规划期为2021～2025年。", "规划期为2021--2025年。")[
            page.index % 3
        ],
    )


@text_mutation("numbers.abbreviated-year")
def _short_year(page: Page) -> str | None:
    return _append_to_prose(page, f"自{21 + page.index % 4}年3月起开展专项检查。")


@text_mutation("numbers.mixed-date")
def _mixed_date(page: Page) -> str | None:
    return _append_to_prose(
        page, ("会议于二〇二一年5月20日召开。", "会议于2021年五月二十日召开。")[page.index % 2]
    )


@text_mutation("numbers.mixed-number")
def _mixed_number(page: Page) -> str | None:
    return _append_to_prose(page, ("共安排资金3千万元。", "培训干部5百人次。")[page.index % 2])


@text_mutation("numbers.percent-range")
def _percent(page: Page) -> str | None:
    return _append_to_prose(page, f"力争年均增长{5 + page.index % 5}～{15 + page.index % 5}%。")


@text_mutation("number.cited-form")
def _cited(page: Page) -> str | None:
    return _append_to_prose(
        page,
        (
            "根据市政府《关于加强管理的通知》（市政发[2020]3号）要求抓好落实。",
            "根据市政府《关于加强管理的通知》（市政发〔2020〕第3号）要求抓好落实。",
        )[page.index % 2],
    )


@text_mutation("number.form")
def _number(page: Page) -> str | None:
    number = page.document.doc_number
    if "〔" not in number or number not in page.text:
        return None
    wrong = (
        number.replace("〔", "[").replace("〕", "]"),
        number.replace("〕", "〕第"),
        re.sub(r"〔(\d{2})(\d{2})〕", r"〔\2〕", number),
    )[page.index % 3]
    return _edit(page.text, number, wrong)


@text_mutation("date.format")
def _date(page: Page) -> str | None:
    doc = page.document
    if (
        doc.date is None
        or doc.date.year < 2013
        or not re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", doc.date_text)
    ):
        return None
    padded = f"{doc.date.year}年{doc.date.month:02d}月{doc.date.day:02d}日"
    # The date also closes the signature block; edit its last occurrence (the 成文日期 line).
    head, sep, tail = page.text.rpartition(doc.date_text)
    return head + padded + tail if sep else None


@text_mutation("title.punctuation")
def _title_punct(page: Page) -> str | None:
    title = page.document.title
    pos = title.find("关于")
    if pos < 0:
        return None
    old = title[pos : pos + 6]
    return _edit_element(page, "标题", old, old[:2] + "，" + old[2:]) if len(old) == 6 else None


@text_mutation("title.type-suffix")
def _title_type(page: Page) -> str | None:
    title = page.document.title
    suffix = page.document.doc_type.value
    if len(title) < 8 or suffix == "命令" or not title.endswith(suffix):
        return None
    old = title[-8:]
    other = "通报" if suffix != "通报" else "通知"
    return _edit_element(page, "标题", old, old[: -len(suffix)] + other)


@text_mutation("numbering.marker-form")
def _marker(page: Page) -> str | None:
    for para in page.document.body:
        marker = parse_marker(para.text)
        if marker and marker.correct and marker.level in (1, 3):
            head = para.text[: marker.end + 4]
            wrong = head.replace("、", ".", 1) if marker.level == 1 else head.replace(".", "、", 1)
            text = _edit(page.text, head, wrong)
            if text:
                return text
    return None


@text_mutation("numbering.bracket-punct")
def _bracket_punct(page: Page) -> str | None:
    for para in page.document.body:
        marker = parse_marker(para.text)
        if marker and marker.level in (2, 4):
            head = para.text[: marker.end + 4]
            text = _edit(page.text, head, head[: marker.end] + "、" + head[marker.end :])
            if text:
                return text
    return None


@text_mutation("numbering.sequence")
def _sequence(page: Page) -> str | None:
    seen = 0
    for para in page.document.body:
        marker = parse_marker(para.text)
        if marker and marker.level == 1 and marker.correct:
            seen += 1
            if seen == 2:
                head = para.text[: marker.end + 4]
                return _edit(page.text, head, "四" + head[marker.end - 1 :])
    return None


@text_mutation("attachments.trailing-punct")
def _attachment_punct(page: Page) -> str | None:
    notes = page.document.attachment_notes
    if not notes:
        return None
    last = notes[-1]
    return _edit_element(page, "附件说明", last, last + "。")


@text_mutation("title.missing")
def _title_missing(page: Page) -> str | None:
    """Drop the title, and the web page's repeats of it that the reader would fall back on."""
    title = re.sub(r"\s+", "", page.document.title)
    if not page.complete or not title or page.document.doc_type.value == "命令":
        return None
    title_lines = set(page.found.get("标题", []))
    kept = [
        line
        for no, line in enumerate(page.text.split("\n"), 1)
        if no not in title_lines
        and not (line.strip() and title.startswith(re.sub(r"\s+", "", line)))
        and title not in re.sub(r"\s+", "", line)
    ]
    out = "\n".join(kept)
    return out if out != page.text else None


def mutants_for(rule_id: str, pages: list[Page]) -> list[tuple[Page, str]]:
    out = []
    for page in pages:
        mutated = TEXT_MUTATIONS[rule_id](page)
        if mutated is not None and mutated != page.text:
            out.append((page, mutated))
    return out
