"""Run the rules: on a structured document, on plain text and on .docx (through the reader).

The order of findings is the reading order of the document (标题 before 正文, 正文第2段 before
正文第3段), then the position inside the element, so that a report reads top to bottom.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from zhongshu.gongwen.checker import rules as _rules  # noqa: F401 - registers the rules
from zhongshu.gongwen.checker.context import CheckContext
from zhongshu.gongwen.checker.registry import RULES, Finding, Rule
from zhongshu.gongwen.limits import ensure_document_size
from zhongshu.gongwen.model import Document

_ELEMENT_ORDER = [
    "份号",
    "密级和保密期限",
    "保密期限",
    "紧急程度",
    "发文机关",
    "发文字号",
    "签发人",
    "文种",
    "标题",
    "题注",
    "主送机关",
    "正文",
    "附件说明",
    "发文机关署名",
    "成文日期",
    "附注",
    "附件",
    "抄送机关",
    "印发日期",
]


def _element_key(name: str) -> tuple[int, int, int]:
    digits = [int(part) for part in _numbers_in(name)]
    for index, prefix in enumerate(_ELEMENT_ORDER):
        if name.startswith(prefix):
            return index, *([*digits, 0, 0])[:2]  # type: ignore[return-value]
    return len(_ELEMENT_ORDER), 0, 0


def _numbers_in(name: str) -> list[str]:
    out, current = [], ""
    for ch in name:
        if ch.isdigit():
            current += ch
        elif current:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def check_document(
    document: Document,
    context: CheckContext | None = None,
    *,
    rules: Iterable[Rule] | None = None,
    **facts: Any,
) -> list[Finding]:
    """Every finding of ``rules`` (default: all) on ``document``, in reading order.

    ``facts`` are ``CheckContext`` fields (direction, today, complete…) for callers that do not
    build a context themselves. Raises ``limits.DocumentTooLarge`` beyond the size limits.
    """
    ensure_document_size(document)
    if context is not None and facts:
        raise TypeError("给了 context 就不要再单独给事实参数：" + "、".join(facts))
    ctx = context if context is not None else CheckContext(document=document, **facts)
    if ctx.document is not document:
        raise ValueError("context.document 与 document 不是同一份公文")
    findings = [f for r in (rules if rules is not None else RULES.values()) for f in r.run(ctx)]
    findings.sort(
        key=lambda f: (_element_key(f.element), f.start, f.end, f.severity.rank, f.rule_id)
    )
    return findings


def check_text(text: str, *, hints: dict[str, Any] | None = None, **facts: Any) -> list[Finding]:
    """Read plain text with the shared reader, then check the document it yields.

    ``hints`` go to the reader (e.g. ``{"doc_type": "请示"}``); ``facts`` to the ``CheckContext``.
    """
    from zhongshu.gongwen.reader import read_text

    return check_document(read_text(text, hints=hints).document, **facts)


def check_docx(
    source: str | Path | bytes, *, hints: dict[str, Any] | None = None, **facts: Any
) -> list[Finding]:
    """Read a .docx (path or bytes) with the shared reader, then check it."""
    from zhongshu.gongwen.reader import read_docx

    return check_document(read_docx(source, hints=hints).document, **facts)
