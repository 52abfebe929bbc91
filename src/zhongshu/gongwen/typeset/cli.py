"""``zhongshu render INPUT(.json|.docx|.txt) -o OUT.pdf [--docx OUT.docx]``: no Django needed.

Exit status: 0 rendered; 2 when the input cannot be read or is not a valid 公文 (the reason on
stderr, in Chinese); 3 when a needed part (the reader, the .docx writer, a font) is missing.
Font substitutions and the typesetter's decisions are printed, never hidden.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zhongshu.gongwen.model import Document, DocumentError, load_document


class _InputError(Exception):
    pass


class _MissingPart(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhongshu render", description="按 GB/T 9704-2012 排版公文，输出 PDF（及 .docx）"
    )
    parser.add_argument("input", help="公文文件：.json（结构化公文）、.docx 或 .txt")
    parser.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")
    parser.add_argument("--docx", help="同时输出可编辑的 .docx 文件")
    parser.add_argument(
        "--seal",
        action="append",
        default=[],
        metavar="机关=图片",
        help="印章图片（PNG，透明底），按署名机关指定，可重复",
    )
    return parser


def _read(path: Path) -> Document:
    if not path.is_file():
        raise _InputError(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            return load_document(path.read_bytes())
        except DocumentError as exc:
            lines = "\n".join(f"  {field}：{message}" for field, message in exc.errors)
            raise _InputError(f"公文数据有误：\n{lines}") from None
    if suffix not in {".docx", ".txt", ".text"}:
        raise _InputError(
            f"不支持的文件类型：{suffix or '（无扩展名）'}；请使用 .json、.docx 或 .txt"
        )
    try:
        from zhongshu.gongwen import reader
    except ImportError as exc:
        raise _MissingPart(
            f"读取 {suffix} 需要公文读取模块（zhongshu.gongwen.reader），当前不可用：{exc}"
        ) from None
    try:
        if suffix == ".docx":
            result = reader.read_docx(path)
        else:
            text = path.read_text(encoding="utf-8-sig")
            result = reader.read_text(text)
    except UnicodeDecodeError:
        raise _InputError(f"{path} 不是 UTF-8 编码的文本") from None
    except DocumentError as exc:
        raise _InputError(f"无法读取公文：{exc}") from None
    except Exception as exc:  # the reader's own errors (e.g. a damaged .docx) are input errors
        raise _InputError(f"无法读取公文：{exc}") from None
    for item in getattr(result, "unplaced", []) or []:
        line, text, reason = (*tuple(item), "", "", "")[:3]
        shown = text if len(text) <= 40 else text[:40] + "…"
        print(f"未排入的行 {line}：{shown}（{reason}）", file=sys.stderr)
    for line, text, where in getattr(result, "carried", []) or []:
        shown = text if len(text) <= 40 else text[:40] + "…"
        print(f"第{line}行起的文字：{shown}（{where}）", file=sys.stderr)
    return result.document


def _seals(specs: list[str]) -> dict[str, str]:
    seals = {}
    for spec in specs:
        name, sep, image = spec.partition("=")
        if not sep or not name or not image:
            raise _InputError(f"--seal 格式应为 机关=图片路径：{spec}")
        if not Path(image).is_file():
            raise _InputError(f"找不到印章图片：{image}")
        seals[name] = image
    return seals


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        document = _read(Path(args.input))
        seals = _seals(args.seal)
    except _InputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except _MissingPart as exc:
        print(str(exc), file=sys.stderr)
        return 3
    from zhongshu.gongwen.fonts import FontUnavailableError
    from zhongshu.gongwen.typeset.pdf import render_pdf

    try:
        result = render_pdf(document, seal_images=seals)
    except FontUnavailableError as exc:
        print(f"缺少字体：{exc}", file=sys.stderr)
        return 3
    except DocumentError as exc:  # beyond the size limits (limits.DocumentTooLarge)
        print(f"无法排版：{exc}", file=sys.stderr)
        return 2
    Path(args.output).write_bytes(result.pdf)
    print(f"已输出 {args.output}（{result.page_count} 页）")
    for note in result.substitutions:
        print(f"字体替代：{note}")
    for note in result.warnings:
        print(f"提示：{note}")
    if args.docx:
        try:
            from zhongshu.gongwen.typeset.docx import render_docx
        except ImportError as exc:
            print(
                f"无法输出 .docx：排版模块 zhongshu.gongwen.typeset.docx 不可用（{exc}）",
                file=sys.stderr,
            )
            return 3
        Path(args.docx).write_bytes(render_docx(document))
        print(f"已输出 {args.docx}")
    return 0
