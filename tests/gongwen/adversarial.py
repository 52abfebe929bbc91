"""Random and adversarial input for the reader, the checker and the typesetter (issue #23).

Each shape makes text of about ``size`` characters from a ``seed``: what broke or could break a
stage's time (one huge title, thousands of short lines, no punctuation at all, deep bracket
nesting, ten thousand headings, one line of 50,000 characters) and plain random text over the
characters the rules look at. Used by ``test_bounded_time.py``, ``test_title_breaking.py``
and ``bench/render.py``, with ``least_cpu_seconds`` to time a stage.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from zhongshu.gongwen.model import DocType, Document, Issuer, Paragraph

HEAD = (
    "江淮市人民政府文件\n江政发〔2026〕3号\n关于加强公文处理工作的通知\n各县（市、区）人民政府：\n"
)
FOOT = "\n江淮市人民政府\n2026年3月1日\n"
# Common characters in no particular order: jieba makes most of them one-character words, the
# worst case for the number of places a title may break.
CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加"
)
# What the rules and the reader look at: numerals, 〔〕, brackets, quotes, markers, dates.
MARKED = (
    CHARS
    + "关于通知请示年月日号第附件：，。、；？！“”《》（）〔〕—～-.:,;%〇一二三0123456789 \u3000\n"
)


def _text(size: int, seed: int, alphabet: str = CHARS) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(max(size, 0)))


def _fill(size: int, make: Callable[[int], str]) -> str:
    """Lines ``make(0)``, ``make(1)``… inside the frame, up to about ``size`` characters."""
    room = size - len(HEAD) - len(FOOT)
    lines: list[str] = []
    used = 0
    while used < room or not lines:
        lines.append(make(len(lines)))
        used += len(lines[-1]) + 1
    return HEAD + "\n".join(lines) + FOOT


def huge_title(size: int, seed: int) -> str:
    return "关于" + _text(size - 30, seed) + "的通知\n各单位：\n现予印发。\n" + FOOT


def short_lines(size: int, seed: int) -> str:
    rng = random.Random(seed)
    return _fill(size, lambda i: _text(rng.randint(1, 8), seed + i) + "。")


def no_punctuation(size: int, seed: int) -> str:
    return _text(size, seed)


def deep_brackets(size: int, seed: int) -> str:
    depth = max((size - len(HEAD) - len(FOOT)) // 3, 1)
    opening = "".join(random.Random(seed).choice("（《〔【“") for _ in range(depth))
    closing = "".join(
        {"（": "）", "《": "》", "〔": "〕", "【": "】", "“": "”"}[c] for c in opening
    )
    return HEAD + opening + _text(depth, seed) + closing[::-1] + FOOT


def headings(size: int, seed: int) -> str:
    markers = ("一、", "（一）", "1.", "（1）")
    return _fill(size, lambda i: markers[i % 4] + _text(3, seed + i))


def one_long_line(size: int, seed: int) -> str:
    return HEAD + "　　" + _text(size - len(HEAD) - len(FOOT), seed, CHARS + "，。") + FOOT


def random_text(size: int, seed: int) -> str:
    return _text(size, seed, MARKED)


SHAPES: dict[str, Callable[[int, int], str]] = {
    "一个超长标题": huge_title,
    "成千上万短行": short_lines,
    "全无标点": no_punctuation,
    "括号深度嵌套": deep_brackets,
    "一万个层次标题": headings,
    "一行五万字": one_long_line,
    "随机文字": random_text,
}


def huge_title_document(size: int, seed: int = 0) -> Document:
    """A structured document whose title alone is ``size`` characters (the draft form's path)."""
    return Document(
        doc_type=DocType.NOTICE,
        issuers=[Issuer(name="江淮市人民政府")],
        title="关于" + _text(size - 5, seed) + "的通知",
        primary_recipients=["各县（市、区）人民政府"],
        body=[Paragraph(text="现予印发，请认真贯彻执行。")],
    )


def least_cpu_seconds(function: Callable[..., Any], *args: Any, runs: int) -> float:
    """The least CPU time of ``runs`` calls: the machine is shared, CPU time is the fair
    measure and the least of a few runs the steadiest."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        function(*args)
        best = min(best, time.process_time() - start)
    return best
