"""``zhongshu render`` / ``zhongshu check`` and ``python -m zhongshu.gongwen``: no Django needed.

Each word is handled by the module that owns it: ``render`` by ``typeset.cli``, ``check`` by
``checker.cli``, ``schema`` prints the published JSON Schema of a document.
"""

from __future__ import annotations

import json
import sys

USAGE = """用法：
  zhongshu render INPUT(.json|.docx|.txt) -o OUT.pdf [--docx OUT.docx]   排版为 GB/T 9704 PDF/.docx
  zhongshu check INPUT [--format text|json] [--rules]                  审核助手：检查公文
  python -m zhongshu.gongwen schema                                   输出公文 JSON Schema"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "render":
        from zhongshu.gongwen.typeset.cli import main as render_main

        return render_main(rest)
    if command == "check":
        from zhongshu.gongwen.checker.cli import main as check_main

        return check_main(rest)
    if command == "schema":
        from zhongshu.gongwen.model import document_json_schema

        print(json.dumps(document_json_schema(), ensure_ascii=False, indent=2))
        return 0
    print(f"未知命令：{command}\n\n{USAGE}", file=sys.stderr)
    return 2
