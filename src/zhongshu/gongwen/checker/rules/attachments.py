"""附件说明 against the attachments (GB/T 9704-2012 §7.3.4, §7.3.7): numbered 1. 2. 3. when there are
several, no punctuation after a name, and the same numbers and names as the attachments.

The 附件说明 lines are the model's ``attachment_notes`` as written (a leading “附件：” tolerated);
when a document carries its attachments, each title must match its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhongshu.gongwen.checker.context import CheckContext
from zhongshu.gongwen.checker.registry import Hit, Severity, rule
from zhongshu.gongwen.model import standard_attachment_label

_PREFIX = re.compile(r"^\s*附\s*件\s*[:：]?\s*")
# A sequence number needs its separator (or a space): “2026年…申报表” does not start with “20”.
_NUMBER = re.compile(r"(?P<num>\d{1,2})(?:(?P<sep>[.．、,，])\s*|\s+)(?!\d)")
_TRAILING = re.compile(r"[。；;，,、.：:！？]+\s*$")


def _notes(ctx: CheckContext) -> list[tuple[str, str, int]]:
    """(element name, text, offset of the content after any “附件：” prefix) per line."""
    notes = ctx.document.attachment_notes
    out = []
    for i, text in enumerate(notes, 1):
        name = "附件说明" if len(notes) == 1 else f"附件说明第{i}项"
        prefix = _PREFIX.match(text)
        out.append((name, text, prefix.end() if prefix else 0))
    return out


def _split(text: str, offset: int) -> tuple[re.Match[str] | None, str]:
    number = _NUMBER.match(text, offset)
    if number and number.end() < len(text):
        return number, text[number.end() :]
    return None, text[offset:]


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", _TRAILING.sub("", name))


def _transmitted(ctx: CheckContext, title: str) -> bool:
    """Is this “attachment” the document a 印发/转发 notice or a 令 publishes?

    Such a document follows the notice and is named in its title or body, not in 附件说明.
    """
    key = _norm(title)
    doc = ctx.document
    if not key:
        return True
    return key in _norm(doc.title) or key in re.sub(r"\s+", "", ctx.body_text())


@rule(
    "attachments.numbering",
    description="附件说明有多个附件时用阿拉伯数字“1.”“2.”依次编号",
    source="GB/T 9704-2012 §7.3.4",
    severity=Severity.ERROR,
    suggestion="写作“附件：1.XXXX”，下一行“2.XXXX”",
)
def numbering(ctx: CheckContext) -> Iterator[Hit]:
    notes = _notes(ctx)
    if len(notes) == 1:
        name, text, offset = notes[0]
        number, _ = _split(text, offset)
        if number and not ctx.document.attachments[1:]:
            yield Hit(
                name,
                number.start(),
                number.end(),
                "只有一个附件时不编序号",
                "删去序号",
                Severity.HINT,
            )
        return
    for expected, (name, text, offset) in enumerate(notes, 1):
        number, _ = _split(text, offset)
        if number is None:
            yield Hit(name, offset, offset, "附件说明缺少序号", f"在名称前加“{expected}.”")
            continue
        value = int(number["num"])
        if value != expected:
            yield Hit(
                name,
                number.start("num"),
                number.end("num"),
                f"附件序号是{value}，应为{expected}",
                f"改为“{expected}.”",
            )
        if (number["sep"] or "") not in (".", "．"):
            yield Hit(
                name,
                number.start(),
                number.end(),
                f"附件序号后应用“.”，不用“{number['sep'] or '空格'}”",
                f"改为“{value}.”",
            )


@rule(
    "attachments.trailing-punct",
    description="附件名称后不加标点符号",
    source="GB/T 9704-2012 §7.3.4",
    severity=Severity.ERROR,
    suggestion="删去附件名称末尾的标点",
)
def trailing_punct(ctx: CheckContext) -> Iterator[Hit]:
    for name, text, _offset in _notes(ctx):
        match = _TRAILING.search(text)
        if match and match.group(0).strip():
            yield Hit(
                name,
                match.start(),
                match.start() + len(match.group(0).rstrip()),
                f"附件名称后有标点“{match.group(0).strip()}”",
            )


@rule(
    "attachments.mismatch",
    description="附件说明的序号和名称与所附附件一致",
    source="GB/T 9704-2012 §7.3.4、§7.3.7",
    severity=Severity.ERROR,
    suggestion="使附件说明与附件的序号、标题逐一对应",
)
def mismatch(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    attachments = doc.attachments
    notes = _notes(ctx)
    if not attachments:
        return
    if not notes:
        listed = [a for a in attachments if not _transmitted(ctx, a.title)]
        if listed:
            yield Hit("附件说明", 0, 0, f"带有{len(listed)}个附件，却没有附件说明")
        return
    for i, (name, text, offset) in enumerate(notes):
        _, title = _split(text, offset)
        if i >= len(attachments):
            if ctx.complete:
                yield Hit(name, offset, len(text), f"附件说明列出的“{_norm(title)}”没有对应的附件")
            continue
        wanted = _norm(attachments[i].title)
        if wanted and _norm(title) != wanted:
            yield Hit(
                name,
                len(text) - len(title),
                len(text),
                f"附件说明“{_norm(title)}”与附件{i + 1}的标题“{wanted}”不一致",
                f"改为“{wanted}”",
            )
    for i in range(len(notes), len(attachments)):
        yield Hit(
            f"附件{i + 1}标题",
            0,
            len(attachments[i].title),
            f"附件{i + 1}“{attachments[i].title}”未列入附件说明",
        )


_LABEL = re.compile(r"^附件(?P<no>\d{0,2})$")


@rule(
    "attachments.label",
    description="附件标识写作“附件”（多个附件时“附件1”“附件2”），在版心左上角第一行",
    source="GB/T 9704-2012 §8",
    severity=Severity.WARNING,
    suggestion="写作“附件”或“附件1”",
    old_regime="skip",
)
def attachment_label(ctx: CheckContext) -> Iterator[Hit]:
    attachments = ctx.document.attachments
    for n, attachment in enumerate(attachments, 1):
        label = re.sub(r"\s+", "", attachment.label)
        if not label:
            continue
        if _LABEL.match(label) is None:
            yield Hit(
                f"附件{n}标题",
                0,
                0,
                f"附件标识写作“{attachment.label}”，不合标准",
                f"写作“{standard_attachment_label(n, len(attachments))}”",
            )
