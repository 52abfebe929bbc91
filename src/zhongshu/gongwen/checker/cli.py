"""``zhongshu check INPUT [--format text|json]`` and ``zhongshu check --rules``.

Exit status is the contract for scripts and CI: 1 when any finding is an error, 0 otherwise,
2 when the input cannot be read (with the reason on stderr in Chinese).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from zhongshu.gongwen.checker.context import CheckContext, OrganRelation, beijing_today
from zhongshu.gongwen.checker.engine import check_document
from zhongshu.gongwen.checker.registry import RULES, Finding, Severity
from zhongshu.gongwen.model import Direction, Document, DocumentError, load_document


class InputError(Exception):
    """The input cannot be read as a 公文; the message is for the user."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhongshu check",
        description="审核助手：按条例和 GB/T 9704 等标准检查公文",
    )
    parser.add_argument("input", nargs="?", help="公文文件：.json（结构化公文）、.docx 或纯文本")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    parser.add_argument("--rules", action="store_true", help="列出全部规则")
    parser.add_argument("--today", help="以此日期为“今天”（YYYY-MM-DD）")
    parser.add_argument(
        "--direction",
        choices=[d.value for d in Direction if d.value],
        help="行文方向（上行文、下行文、平行文）",
    )
    parser.add_argument(
        "--relation",
        choices=[r.value for r in OrganRelation if r.value],
        help="主送机关与发文机关的关系",
    )
    parser.add_argument("--doc-type", help="文种（读取纯文本或 .docx 时提示）")
    parser.add_argument(
        "--partial", action="store_true", help="输入是不完整的摘录，不检查缺少的结尾要素"
    )
    return parser


def read_input(
    path: Path, doc_type: str | None = None
) -> tuple[Document, list[tuple[int, str, str]]]:
    """The document in a .json, .docx or text file, and the lines the reader could not place.

    Raises ``InputError`` with a clear reason when the file cannot be read as a 公文.
    """
    if not path.exists():
        raise InputError(f"找不到文件：{path}")
    if path.is_dir():
        raise InputError(f"{path} 是目录，不是公文文件")
    hints = {"doc_type": doc_type} if doc_type else None
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            return load_document(path.read_bytes()), []
        if suffix == ".docx":
            from zhongshu.gongwen.reader import read_docx

            result = read_docx(path, hints=hints)
            return result.document, [tuple(u) for u in result.unplaced]
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise InputError(f"{path} 不是 UTF-8 或 GB18030 编码的文本") from None
        if "\x00" in text:
            raise InputError(f"{path} 是二进制文件，不是文本")
        if not text.strip():
            raise InputError(f"{path} 是空文件")
        from zhongshu.gongwen.reader import read_text

        result = read_text(text, hints=hints)
        return result.document, [tuple(u) for u in result.unplaced]
    except DocumentError as exc:
        raise InputError(f"{path} 不是有效的公文：{exc}") from None
    except InputError:
        raise
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"无法读取 {path}：{exc}") from None
    except Exception as exc:
        raise InputError(f"无法读取 {path}：{type(exc).__name__} {exc}") from None


def _rules_text() -> str:
    lines = [f"共{len(RULES)}条规则：", ""]
    for r in RULES.values():
        lines.append(f"{r.id}  [{r.severity.label}]  {r.description}")
        lines.append(f"    依据：{r.source}")
        lines.append(f"    建议：{r.suggestion}")
    return "\n".join(lines)


def _rules_json() -> str:
    data = [
        {
            "id": r.id,
            "description": r.description,
            "source": r.source,
            "severity": r.severity.value,
            "suggestion": r.suggestion,
        }
        for r in RULES.values()
    ]
    return json.dumps(data, ensure_ascii=False, indent=2)


def _element_text(document: Document, ctx: CheckContext, element: str) -> str:
    for e in ctx.elements:
        if e.name == element:
            return e.text
    return {"发文字号": document.doc_number, "成文日期": document.date_text}.get(element, "")


def report_text(
    document: Document,
    ctx: CheckContext,
    findings: list[Finding],
    unplaced: list[tuple[int, str, str]] = (),
) -> str:
    """A readable Chinese report: a summary line, then one block per finding with an excerpt.

    Lines the reader could not place are listed at the end: they were not checked, and a clerk
    must know that.
    """
    counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    title = document.title or "（无标题）"
    head = (
        f"审核结果：{title}\n"
        f"错误 {counts[Severity.ERROR]} 项，警告 {counts[Severity.WARNING]} 项，提示 {counts[Severity.HINT]} 项"
    )
    tail = []
    if unplaced:
        tail = ["", f"以下{len(unplaced)}行未能归入公文要素，未参与检查："]
        tail += [f"  第{no}行：{text[:40]}（{reason}）" for no, text, reason in unplaced]
    if not findings:
        return "\n".join([head, "未发现问题。", *tail])
    blocks = [head, ""]
    for n, f in enumerate(findings, 1):
        text = _element_text(document, ctx, f.element)
        if f.end - f.start == 1:
            where = f"{f.element}第{f.end}字"
        elif f.end > f.start:
            where = f"{f.element}第{f.start + 1}—{f.end}字"
        else:
            where = f.element
        blocks.append(f"{n}. 【{f.severity.label}】{where}：{f.message}")
        if text and f.end > f.start:
            lo, hi = max(0, f.start - 8), min(len(text), f.end + 8)
            blocks.append(
                f"   原文：{'…' if lo else ''}{text[lo : f.start]}【{text[f.start : f.end]}】"
                f"{text[f.end : hi]}{'…' if hi < len(text) else ''}"
            )
        blocks.append(f"   建议：{f.suggestion}")
        blocks.append(f"   依据：{f.source}（规则 {f.rule_id}）")
    return "\n".join(blocks + tail)


def report_json(
    document: Document, findings: list[Finding], unplaced: list[tuple[int, str, str]] = ()
) -> str:
    data: dict[str, Any] = {
        "title": document.title,
        "doc_type": document.doc_type.value,
        "errors": sum(1 for f in findings if f.severity == Severity.ERROR),
        "warnings": sum(1 for f in findings if f.severity == Severity.WARNING),
        "hints": sum(1 for f in findings if f.severity == Severity.HINT),
        "findings": [f.to_dict() for f in findings],
        "unplaced": [{"line": no, "text": text, "reason": reason} for no, text, reason in unplaced],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.rules:
        print(_rules_json() if args.format == "json" else _rules_text())
        return 0
    if not args.input:
        print("请给出要检查的公文文件，或用 --rules 列出规则", file=sys.stderr)
        return 2
    try:
        today = dt.date.fromisoformat(args.today) if args.today else beijing_today()
    except ValueError:
        print(f"--today 应为 YYYY-MM-DD：{args.today}", file=sys.stderr)
        return 2
    try:
        document, unplaced = read_input(Path(args.input), args.doc_type)
    except InputError as exc:
        print(f"无法读取输入：{exc}", file=sys.stderr)
        return 2
    ctx = CheckContext(
        document=document,
        direction=Direction(args.direction) if args.direction else Direction.UNKNOWN,
        recipient_relation=OrganRelation(args.relation) if args.relation else OrganRelation.UNKNOWN,
        today=today,
        complete=not args.partial,
    )
    try:
        findings = check_document(document, ctx)
    except DocumentError as exc:  # beyond the size limits (limits.DocumentTooLarge)
        print(f"无法检查：{exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(report_json(document, findings, unplaced))
    else:
        print(report_text(document, ctx, findings, unplaced))
    return 1 if any(f.severity == Severity.ERROR for f in findings) else 0
