"""Breaking a title into balanced lines without splitting a word (GB/T 9704-2012 §7.3.1).

The standard asks that a multi-line title keep words whole, be symmetric and of suitable
length, and take the shape of a trapezoid or a diamond (梯形或菱形): never an hourglass, where
the middle line is the shortest. Word boundaries come from jieba; the names of the issuing
organs are kept whole as well (jieba splits "江淮市" into "江淮" + "市"), and so are 书名号 and
bracket spans where the line budget allows.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable

from zhongshu.gongwen.typeset.text import NO_LINE_END, NO_LINE_START, is_full_width

_jieba_lock = threading.Lock()
_tokenizer = None


def _segment(text: str) -> list[str]:
    global _tokenizer
    with _jieba_lock:
        if _tokenizer is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            _tokenizer = jieba.Tokenizer()
            _tokenizer.initialize()
        return list(_tokenizer.cut(text, HMM=False))


def warm_up() -> None:
    """Load jieba's dictionary now (about a second), not in the first render."""
    _segment("公文")


def _units(text: str) -> float:
    return sum(1.0 if is_full_width(c) else 0.5 for c in text)


def word_boundaries(text: str, keep_whole: Iterable[str] = ()) -> list[int]:
    """Offsets where ``text`` may be broken: between jieba words, never inside a kept name."""
    offsets, pos = [], 0
    for word in _segment(text):
        pos += len(word)
        offsets.append(pos)
    blocked: set[int] = set()
    for name in keep_whole:
        if not name:
            continue
        start = text.find(name)
        while start >= 0:
            blocked.update(range(start + 1, start + len(name)))
            start = text.find(name, start + 1)
    for i in range(1, len(text)):
        if text[i - 1].isdigit() and not is_full_width(text[i - 1]):
            blocked.add(i)  # "2026|年", "2|号": a number stays with its unit
        if text[i] in "市县区省州镇乡" and text[i - 1] not in "和与及、，":
            blocked.add(i)  # "江淮|市": a place name keeps its administrative suffix
    return [o for o in offsets[:-1] if o not in blocked and 0 < o < len(text)]


def _single_char_words(text: str) -> set[int]:
    """Offsets just before a one-character word ("江淮|市"): breaks there split a name."""
    result, pos = set(), 0
    for word in _segment(text):
        if len(word) == 1 and word not in "《（〔【“":
            result.add(pos)
        pos += len(word)
    return result


def _bracket_depth(text: str) -> list[int]:
    depth, result = 0, []
    for char in text:
        if char in "《（〔【“":
            depth += 1
        elif char in "》）〕】”":
            depth = max(0, depth - 1)
        result.append(depth)
    return result


def _shape_cost(lengths: list[float]) -> float:
    if len(lengths) == 1:
        return 0.0
    spread = max(lengths) - min(lengths)
    cost = spread
    if len(lengths) == 2 and lengths[0] < lengths[1]:
        cost += 0.5  # both are trapezoids; the inverted one (long line on top) reads better
    if len(lengths) >= 3:
        middle = lengths[1:-1]
        if min(middle) < lengths[0] and min(middle) < lengths[-1]:
            cost += 100  # an hourglass is neither 梯形 nor 菱形
        rising = all(a <= b for a, b in itertools.pairwise(lengths))
        falling = all(a >= b for a, b in itertools.pairwise(lengths))
        diamond = max(lengths) in middle
        if not (rising or falling or diamond):
            cost += 50
    if min(lengths) <= 2:
        cost += 30  # a lone "通知" line
    return cost


def break_title(text: str, max_units: float, keep_whole: Iterable[str] = ()) -> list[str]:
    """Split ``text`` into lines of at most ``max_units`` characters, balanced and whole-worded."""
    text = text.strip()
    if _units(text) <= max_units:
        return [text]
    keep = tuple(keep_whole)
    boundaries = word_boundaries(text, keep)
    depth = _bracket_depth(text)
    weak = _single_char_words(text)
    minimum = int(-(-_units(text) // max_units))
    best: tuple[float, list[str]] | None = None
    for count in range(minimum, minimum + 2):
        for cuts in itertools.combinations(boundaries, count - 1):
            parts = [text[a:b] for a, b in itertools.pairwise((0, *cuts, len(text)))]
            lengths = [_units(p) for p in parts]
            if max(lengths) > max_units:
                continue
            cost = _shape_cost(lengths) + 2 * (count - minimum)
            for cut in cuts:
                if text[cut] in NO_LINE_START or text[cut - 1] in NO_LINE_END:
                    cost += 1000
                if cut in weak:
                    cost += 6
                if depth[cut - 1] > 0:
                    cost += 8  # breaking inside 《》 or （） is allowed only when it must be
            if best is None or cost < best[0]:
                best = (cost, parts)
        if best is not None and best[0] < 1000:
            break
    if best is None:
        # No whole-word split fits: fall back to even character cuts (reported by the caller).
        size = int(max_units)
        return [text[i : i + size] for i in range(0, len(text), size)]
    return best[1]
