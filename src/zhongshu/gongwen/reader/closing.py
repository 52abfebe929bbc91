"""From the 正文 to the end: body paragraphs, 附件说明, 署名, 成文日期, 附注, 附件 and 版记.

The body ends at the signature block: organ-name lines followed by a date, an organ and a date
on one line, a 令 signature ("总理李鹏") and a date, or a lone date. What follows is 附注,
attachments (after "附件1", a line equal to an attachment's name, or a new title) and the 版记
(抄送, 印发), which drafts also put straight after the date.
"""

from __future__ import annotations

import re
from enum import Enum, auto

from zhongshu.gongwen.model import Attachment, HeadingLevel, Paragraph

from . import result as el
from .dates import DATE_PATTERN, find_date, is_date_line
from .header import gather_title, next_text
from .lines import (
    Line,
    clutter_reason,
    heading_level,
    is_bare_marker,
    norm,
    organ_names,
    split_organ_list,
    split_recipient_groups,
    strip,
)
from .result import Draft

_NOTES_RE = re.compile(r"^附件\s*[:：]\s*(?P<rest>.*)$")
_NOTE_ITEM_RE = re.compile(r"^\d{1,2}\s*[.．、]\s*\S")
_APPENDED_RE = re.compile(r"^附\s*[:：]$")
_ATTACHMENT_HEAD_RE = re.compile(r"^附件\s*(?P<no>\d{0,2})$")
_CC_RE = re.compile(r"^抄送\s*[:：]\s*(?P<names>.*)$")
_BACK_RECIPIENTS_RE = re.compile(r"^主送\s*[:：]\s*(?P<names>.*[。.])$")
_PRINTER_RE = re.compile(rf"^(?P<org>\S.*?)\s*(?P<date>{DATE_PATTERN})\s*印发$")
_ORG_DATE_RE = re.compile(rf"^(?P<org>[^\d]+?)\s*(?P<date>{DATE_PATTERN})$")
_TITLES = (
    "国务院总理|总理|副总理|主席|副主席|委员长|省长|副省长|自治区主席|市长|副市长|县长|副县长|区长|副区长"
    "|州长|旗长|盟长|部长|主任|局长|署长|行长|院长|司令员|政委|书记|秘书长"
)
_ORDER_SIGNER_RE = re.compile(
    rf"^(?P<title>{_TITLES})\s*(?P<name>[\u4e00-\u9fff·]{{2,4}})(?:\s*（?代）?)?$"
)
_NOTE_RE = re.compile(r"^(?P<note>[（(][^）)]*[）)])(?P<rest>.*)$")
_ATTENDANCE_RE = re.compile(r"^(?P<label>出席|请假|列席)\s*[:：]\s*(?P<names>.+)$")


class _State(Enum):
    BODY = auto()
    NOTES = auto()
    AFTER = auto()  # after the date: 附注, 附件, 版记
    ATTACHMENT = auto()


class _Sink:
    """Collects paragraphs, joining hard-wrapped lines when the copy marks paragraphs by indent."""

    def __init__(self, paragraphs: list[Paragraph], indent_mode: bool):
        self.paragraphs = paragraphs
        self.indent_mode = indent_mode
        self.open = False  # the last paragraph may still continue on the next line

    def add(self, line: Line, after_blank: bool) -> None:
        text = line.text
        level = heading_level(text)
        last = self.paragraphs[-1] if self.paragraphs else None
        if (last is not None and is_bare_marker(last.text) and not after_blank) or (
            last is not None
            and self.open
            and self.indent_mode
            and not line.indented
            and not after_blank
            and level == HeadingLevel.BODY
        ):
            last.text = last.text + text
        else:
            self.paragraphs.append(Paragraph(text=text, level=level))
        self.open = True


def read_rest(
    lines: list[Line], start: int, d: Draft, *, indent_mode: bool, is_order: bool
) -> None:
    """Fill body, closing elements and attachments of ``d`` from ``lines[start:]``."""
    state = _State.BODY
    sink = _Sink(d.body, indent_mode)
    after_blank = True
    i = start
    while i < len(lines):
        line = lines[i]
        text = line.text
        if line.blank:
            after_blank = True
            sink.open = False
            i += 1
            continue
        reason = clutter_reason(text)
        if reason:
            d.drop(line.no, text, reason)
            i += 1
            continue
        step = _back_matter(lines, i, d)
        if step:
            state = _State.AFTER if state != _State.ATTACHMENT else state
            i = step
            continue
        if state in (_State.BODY, _State.NOTES):
            step = _notes_or_signature(lines, i, d, state)
            if step:
                i, state = step
                after_blank = True
                continue
            if _APPENDED_RE.match(text) or (_ATTACHMENT_HEAD_RE.match(text) and d.attachment_notes):
                i, sink = _start_attachment(lines, i, d, indent_mode, fallback="")
                state = _State.ATTACHMENT
                continue
            state = _State.BODY
            d.mark(el.BODY, line.no)
        elif state in (_State.AFTER, _State.ATTACHMENT):
            if state == _State.AFTER and (match := _NOTE_RE.match(text)):
                d.note = f"{d.note}\n{match['note']}" if d.note else match["note"]
                d.mark(el.NOTE, line.no)
                if strip(match["rest"]):
                    rest = strip(match["rest"])
                    if clutter_reason(rest):
                        d.drop(line.no, rest, clutter_reason(rest))
                    else:
                        # Never dropped (issue #13): the text goes on as a trailing document.
                        sink = _carry_on(line.no, rest, d, indent_mode)
                        sink.add(Line(no=line.no, text=rest, indented=False), True)
                        state = _State.ATTACHMENT
                        after_blank = False
                i += 1
                continue
            started = _attachment_start(lines, i, d, indent_mode, after_date=state == _State.AFTER)
            if started:
                i, sink = started
                state = _State.ATTACHMENT
                continue
            if state == _State.AFTER:
                if not (is_order and d.body):
                    # Text after the 成文日期 is the document a 印发/转发/批转 notice carries,
                    # or something the reader cannot name: either way it is printed after the
                    # notice, never dropped (issue #13); ``found["附件"]`` says where it went.
                    sink = _carry_on(line.no, text, d, indent_mode)
                    state = _State.ATTACHMENT
                    sink.add(line, after_blank)
                    after_blank = False
                    i += 1
                    continue
                quoted = re.search(r"《([^》]{2,60})》", d.body[0].text)
                title = quoted.group(1) if quoted else d.title
                d.attachments.append(Attachment(title=title, body=[]))
                d.mark(el.ATTACHMENTS, line.no)
                sink = _Sink(d.attachments[-1].body, indent_mode)
                state = _State.ATTACHMENT
        if state == _State.ATTACHMENT:
            d.mark(el.ATTACHMENTS, line.no)
        sink.add(line, after_blank)
        after_blank = False
        i += 1


_CARRIED = "成文日期（附注）之后的文字，未能识别为附件，按无标题附件排在正文之后，请核对"


def _carry_on(no: int, text: str, d: Draft, indent_mode: bool) -> _Sink:
    """The sink for text after the 成文日期/附注 that starts no attachment of its own: the last
    attachment, or a new one without a title (the reader does not invent one). The first line
    of such a run is reported in ``carried`` so the clerk sees where it went."""
    d.mark(el.ATTACHMENTS, no)
    d.carry(no, text, _CARRIED)
    if not d.attachments:
        d.attachments.append(Attachment(title="", body=[]))
    return _Sink(d.attachments[-1].body, indent_mode)


def _notes_or_signature(
    lines: list[Line], i: int, d: Draft, state: _State
) -> tuple[int, _State] | None:
    line = lines[i]
    text = line.text
    if match := _NOTES_RE.match(text):
        rest = strip(match["rest"])
        if rest:
            d.attachment_notes.append(rest)
        d.mark(el.ATTACHMENT_NOTES, line.no)
        return i + 1, _State.NOTES
    if state == _State.NOTES and _NOTE_ITEM_RE.match(text):
        d.attachment_notes.append(text)
        d.mark(el.ATTACHMENT_NOTES, line.no)
        return i + 1, _State.NOTES
    if match := _ATTENDANCE_RE.match(text):
        # 纪要's 出席/请假/列席 lists (names separated by 、 or ，).
        d.attendance.setdefault(match["label"], []).extend(split_organ_list(match["names"]))
        d.mark(el.ATTENDANCE, line.no)
        return i + 1, _State.NOTES
    step = _signature(lines, i, d)
    if step:
        return step, _State.AFTER
    return None


def _signature(lines: list[Line], i: int, d: Draft) -> int:
    """Recognise the 署名/日期 block at ``i``; return the index after it, or 0."""
    line = lines[i]
    text = line.text
    if is_date_line(text):
        _set_date(text, line.no, d)
        return i + 1
    if match := _ORG_DATE_RE.match(text):
        names = organ_names(match["org"])
        if names:
            d.signature_names = names
            d.mark(el.SIGNATURE, line.no)
            _set_date(match["date"], line.no, d)
            return i + 1
    if match := _ORDER_SIGNER_RE.match(text):
        j, following = next_text(lines, i + 1)
        if is_date_line(following):
            d.signer_title, d.signer_name = match["title"], match["name"]
            d.mark(el.ORDER_SIGNER, line.no)
            _set_date(following, lines[j].no, d)
            return j + 1
    names: list[str] = []
    numbers: list[int] = []
    j = i
    while j < len(lines) and len(numbers) < 6:
        if lines[j].blank:
            j += 1
            continue
        found = organ_names(lines[j].text)
        if found is None:
            break
        names += found
        numbers.append(lines[j].no)
        j += 1
    if names:
        j, following = next_text(lines, j)
        if is_date_line(following):
            d.signature_names = names
            for no in numbers:
                d.mark(el.SIGNATURE, no)
            _set_date(following, lines[j].no, d)
            return j + 1
        if not following or _CC_RE.match(following) or _ATTACHMENT_HEAD_RE.match(following):
            # 署名 without a date (a draft not yet dated): the organ lines end the text.
            d.signature_names = names
            for no in numbers:
                d.mark(el.SIGNATURE, no)
            return j
    return 0


def _set_date(text: str, no: int, d: Draft) -> None:
    found = find_date(text)
    if found:
        d.date = found[0]
        d.date_text = strip(text[found[1][0] : found[1][1]])
        d.mark(el.DATE, no)


def _back_matter(lines: list[Line], i: int, d: Draft) -> int:
    """版记 lines: 抄送 (wrapped until "。"), 主送 moved to the 版记, and the 印发 line."""
    text = lines[i].text
    if match := _CC_RE.match(text):
        collected = match["names"]
        j = i + 1
        while not collected.endswith(("。", ".")) and j < len(lines) and not lines[j].blank:
            if _PRINTER_RE.match(lines[j].text) or len(collected) > 300:
                break
            collected += lines[j].text
            j += 1
        d.cc_recipients = split_recipient_groups(collected.rstrip("。."))
        for k in range(i, j):
            d.mark(el.CC, lines[k].no)
        return j
    if (match := _BACK_RECIPIENTS_RE.match(text)) and not d.primary_recipients:
        d.primary_recipients = split_recipient_groups(match["names"].rstrip("。."))
        d.mark(el.RECIPIENTS, lines[i].no)
        return i + 1
    if match := _PRINTER_RE.match(text):
        d.printer = strip(match["org"])
        found = find_date(match["date"])
        d.print_date = found[0] if found else None
        d.print_date_text = strip(match["date"]) if found else ""
        d.mark(el.PRINTER, lines[i].no)
        return i + 1
    return 0


def _attachment_key(note: str) -> str:
    return norm(re.sub(r"^\d{1,2}\s*[.．、]\s*", "", note))


def _attachment_start(
    lines: list[Line], i: int, d: Draft, indent_mode: bool, *, after_date: bool
) -> tuple[int, _Sink] | None:
    """A new attachment at ``i``: "附件1", a line equal to a 附件说明 name, or (after the date)
    a title of its own."""
    text = lines[i].text
    if head := _ATTACHMENT_HEAD_RE.match(text):
        number = head["no"]
        fallback = ""
        if number and d.attachment_notes and int(number) <= len(d.attachment_notes):
            fallback = d.attachment_notes[int(number) - 1]
        elif len(d.attachment_notes) == 1:
            fallback = d.attachment_notes[0]
        return _start_attachment(lines, i, d, indent_mode, fallback=fallback)
    if _APPENDED_RE.match(text):
        return _start_attachment(lines, i, d, indent_mode, fallback="")
    keys = {_attachment_key(n) for n in d.attachment_notes}
    if norm(text) in keys:
        d.mark(el.ATTACHMENTS, lines[i].no)
        d.attachments.append(Attachment(title=text, body=[]))
        return i + 1, _Sink(d.attachments[-1].body, indent_mode)
    if after_date and not d.attachments:
        found = gather_title(lines, i)
        if found:
            title, numbers, j = found
            for no in numbers:
                d.mark(el.ATTACHMENTS, no)
            d.attachments.append(Attachment(title=title, body=[]))
            return j, _Sink(d.attachments[-1].body, indent_mode)
    return None


def _start_attachment(
    lines: list[Line], i: int, d: Draft, indent_mode: bool, *, fallback: str
) -> tuple[int, _Sink]:
    """An attachment whose label ("附件1", "附：", kept as written) is line ``i``: its title is
    the next title-like line(s), or the next line when it repeats the 附件说明 name, or that
    name when the title line is missing."""
    d.mark(el.ATTACHMENTS, lines[i].no)
    label = lines[i].text
    j, text = next_text(lines, i + 1)
    keys = {_attachment_key(n) for n in d.attachment_notes}
    found = gather_title(lines, j) if j < len(lines) else None
    if text and norm(text) in keys:
        title = text
        d.mark(el.ATTACHMENTS, lines[j].no)
        j += 1
    elif found:
        title, numbers, j = found
        for no in numbers:
            d.mark(el.ATTACHMENTS, no)
    elif fallback:
        title = re.sub(r"^\d{1,2}\s*[.．、]\s*", "", fallback)
    elif text:
        title = text
        d.mark(el.ATTACHMENTS, lines[j].no)
        j += 1
    else:
        title = ""
    d.attachments.append(Attachment(title=title, body=[], label=label))
    return j, _Sink(d.attachments[-1].body, indent_mode)
