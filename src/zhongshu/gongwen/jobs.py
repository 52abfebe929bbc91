"""The stages the server runs in a child process with a time limit (``zhongshu.lib.bounded``).

Module-level functions (a child finds them by name) with small results that travel by pickle:
the PDF's bytes, the findings as dicts. ``zhongshu.gongwen.preload`` warms fonts and jieba in
the forkserver, so that each child starts with them loaded.
"""

from __future__ import annotations

from typing import Any

from zhongshu.gongwen.checker import CheckContext, check_document
from zhongshu.gongwen.model import Document


def preview_pdf(document: Document) -> bytes:
    """The PDF of ``document`` as it stands (no seal)."""
    from zhongshu.gongwen.typeset.pdf import render_pdf

    return render_pdf(document).pdf


def findings(context: CheckContext) -> list[dict[str, Any]]:
    """The checker's findings on ``context.document``, as dicts."""
    return [finding.to_dict() for finding in check_document(context.document, context)]


def warm() -> None:
    """Load the fonts and jieba's dictionary (about a second) before the first stage."""
    from zhongshu.gongwen.fonts import resolve_fonts
    from zhongshu.gongwen.typeset.title import warm_up

    resolve_fonts()
    warm_up()
