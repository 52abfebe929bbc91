"""Breaking a title into balanced lines without splitting a word (GB/T 9704-2012 §7.3.1).

The standard asks that a multi-line title keep words whole, be symmetric and of suitable
length, and take the shape of a trapezoid or a diamond (梯形或菱形): never an hourglass, where
the middle line is the shortest. Word boundaries come from jieba; the names of the issuing
organs are kept whole as well (jieba splits "江淮市" into "江淮" + "市"), and so are 书名号 and
bracket spans where the line budget allows.

Every candidate gets a cost (the spread of its line widths plus penalties, ``_FORBIDDEN``…)
and the cheapest wins. Candidates are not enumerated (the number of ways to cut a title is
exponential in its length: issue #23, a pasted web page's title never finished): a dynamic
programme over the cuts finds the cheapest one (``_Breaker.exact``, up to ``EXACT_MAX_LINES``
lines) or a balanced one (``_Breaker.balanced``, beyond), and jieba segments the title once.
"""

from __future__ import annotations

import bisect
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


def _halves(text: str) -> list[int]:
    """Prefix widths in half-units: ``result[i]`` is the width of ``text[:i]`` (full-width = 2)."""
    result = [0]
    for char in text:
        result.append(result[-1] + (2 if is_full_width(char) else 1))
    return result


def _boundaries(words: list[str], text: str, keep_whole: Iterable[str]) -> list[int]:
    """Offsets where ``text`` (cut into jieba's ``words``) may be broken: between words, never
    inside a kept name."""
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
    offsets = list(itertools.accumulate(len(word) for word in words))
    return [o for o in offsets[:-1] if o not in blocked and 0 < o < len(text)]


def _single_char_words(words: list[str]) -> set[int]:
    """Offsets just before a one-character word ("江淮|市"): breaks there split a name."""
    result, pos = set(), 0
    for word in words:
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


# The costs of a break, in half-units of width (a full-width character is 2) so that every
# comparison is exact in integers. A candidate's cost is the spread between its longest and
# shortest line plus these penalties; the cheapest wins, the earliest cuts among equals.
_FORBIDDEN = (
    2000  # a line that starts with "，" or ends with "《" (禁则): only if nothing else fits
)
_BRACKET = 16  # breaking inside 《》 or （） is allowed only when it must be
_WEAK = 12  # a break just before a one-character word ("江淮|市") splits a name
_EXTRA_LINE = 4  # one line more than the width needs
_HOURGLASS = 200  # the middle line shortest: neither 梯形 nor 菱形
_NO_SHAPE = 100  # neither rising, nor falling, nor widest in the middle
_SHORT = 60  # a line of two characters or less (a lone "通知")
_INVERTED = (
    1  # two lines, the shorter on top: both are trapezoids, the long-on-top one reads better
)

# Up to this many lines every candidate is weighed exactly (a title of GB/T 9704 is one to
# three lines; the longest fixture title takes four at 18 characters). Such a title is at most
# 4 × 18 characters wide, so the exact programme's states are bounded by a constant (measured
# worst case: 16 ms for 54 single-character words tried at four lines); longer text is broken
# by the balanced programme, O(lines × cuts × cuts per line). With five lines the exact
# programme took 50 ms on random 72-character titles.
EXACT_MAX_LINES = 4


def _shape_cost(lengths: list[int]) -> int:
    """The shape terms of a candidate's cost, for its line widths in half-units."""
    if len(lengths) == 1:
        return 0
    cost = max(lengths) - min(lengths)
    if len(lengths) == 2 and lengths[0] < lengths[1]:
        cost += _INVERTED
    if len(lengths) >= 3:
        middle = lengths[1:-1]
        if min(middle) < lengths[0] and min(middle) < lengths[-1]:
            cost += _HOURGLASS
        rising = all(a <= b for a, b in itertools.pairwise(lengths))
        falling = all(a >= b for a, b in itertools.pairwise(lengths))
        if not (rising or falling or max(middle) == max(lengths)):
            cost += _NO_SHAPE
    if min(lengths) <= 4:
        cost += _SHORT
    return cost


class _Breaker:
    """The cut costs of one title; ``exact`` and ``balanced`` find the best cuts for a count."""

    def __init__(self, text: str, max_units: float, keep_whole: Iterable[str]):
        words = _segment(text)
        weak = _single_char_words(words)
        depth = _bracket_depth(text)
        self.text = text
        self.halves = _halves(text)
        self.limit = int(max_units * 2)
        self.cuts = _boundaries(words, text, keep_whole)
        self.cost: dict[int, int] = {}
        for cut in self.cuts:
            cost = 0
            if text[cut] in NO_LINE_START or text[cut - 1] in NO_LINE_END:
                cost += _FORBIDDEN
            if cut in weak:
                cost += _WEAK
            if depth[cut - 1] > 0:
                cost += _BRACKET
            self.cost[cut] = cost
        self.halves_at_cuts = [self.halves[c] for c in self.cuts]

    def _next_cuts(self, start: int) -> list[int]:
        """Cuts after ``start`` whose line from ``start`` fits the width."""
        first = bisect.bisect_right(self.cuts, start)
        last = bisect.bisect_right(self.halves_at_cuts, self.halves[start] + self.limit)
        return self.cuts[first:last]

    def _fits_rest(self, cut: int, lines_left: int) -> bool:
        return self.halves[-1] - self.halves[cut] <= lines_left * self.limit

    def total(self, cuts: tuple[int, ...], minimum: int) -> int:
        edges = (0, *cuts, len(self.text))
        lengths = [self.halves[b] - self.halves[a] for a, b in itertools.pairwise(edges)]
        cost = _shape_cost(lengths) + _EXTRA_LINE * (len(lengths) - minimum)
        return cost + sum(self.cost[c] for c in cuts)

    def exact(self, count: int, minimum: int) -> tuple[int, tuple[int, ...]] | None:
        """The cheapest cuts into ``count`` lines, every shape weighed (``count`` ≥ 2).

        A partial candidate (the first k lines) is summed up by what its completion's cost
        depends on: first and last widths, narrowest and widest middle line, whether it still
        rises or falls. Of two partials ending at the same cut with the same summary, the
        cheaper (then the one with earlier cuts) is kept: whatever follows costs both the same.
        """
        halves, end = self.halves, len(self.text)
        states: dict[tuple, tuple[int, tuple[int, ...]]] = {}
        for cut in self._next_cuts(0):
            if self._fits_rest(cut, count - 1):
                width = halves[cut]
                states[(cut, width, width, _NONE_MIN, -1, True, True)] = (self.cost[cut], (cut,))
        for done in range(1, count - 1):
            following: dict[tuple, tuple[int, tuple[int, ...]]] = {}
            for (start, first, last, mid_min, mid_max, rising, falling), (
                cost,
                cuts,
            ) in states.items():
                if len(cuts) > 1:
                    mid_min, mid_max = min(mid_min, last), max(mid_max, last)
                for cut in self._next_cuts(start):
                    if not self._fits_rest(cut, count - done - 1):
                        continue
                    width = halves[cut] - halves[start]
                    key = (
                        cut,
                        first,
                        width,
                        mid_min,
                        mid_max,
                        rising and last <= width,
                        falling and last >= width,
                    )
                    value = (cost + self.cost[cut], (*cuts, cut))
                    held = following.get(key)
                    if held is None or value < held:
                        following[key] = value
            states = following
        best: tuple[int, tuple[int, ...]] | None = None
        for (start, *_summary), (_cost, cuts) in states.items():
            if halves[end] - halves[start] > self.limit:
                continue
            value = (self.total(cuts, minimum), cuts)
            if best is None or value < best:
                best = value
        return best

    def balanced(self, count: int, minimum: int) -> tuple[int, tuple[int, ...]] | None:
        """Good cuts into ``count`` lines for text too long for ``exact``: the cut costs plus
        each line's distance from the mean width, minimised over (cut, lines so far). Each
        layer keeps one entry per cut and a pointer back, so the time is O(lines × cuts ×
        cuts per line)."""
        halves, end = self.halves, len(self.text)
        mean = halves[end] / count
        layers: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
        for done in range(count - 1):
            following: dict[int, tuple[float, int]] = {}
            for start, (cost, _parent) in layers[-1].items():
                for cut in self._next_cuts(start):
                    if not self._fits_rest(cut, count - 1 - done):
                        continue
                    width = halves[cut] - halves[start]
                    value = cost + self.cost[cut] + abs(width - mean)
                    if width <= 4:
                        value += _SHORT
                    held = following.get(cut)
                    if held is None or value < held[0]:
                        following[cut] = (value, start)
            layers.append(following)
        best: tuple[int, tuple[int, ...]] | None = None
        for start in layers[-1]:
            if halves[end] - halves[start] > self.limit:
                continue
            cuts, cut = [], start
            for layer in reversed(layers[1:]):
                cuts.append(cut)
                cut = layer[cut][1]
            found = (self.total(tuple(reversed(cuts)), minimum), tuple(reversed(cuts)))
            if best is None or found < best:
                best = found
        return best


_NONE_MIN = 1 << 30  # the narrowest middle line of a partial without middle lines


def break_title(text: str, max_units: float, keep_whole: Iterable[str] = ()) -> list[str]:
    """Split ``text`` into lines of at most ``max_units`` characters, balanced and whole-worded.

    Tries the fewest lines the width allows, and one more when every way to break into the
    fewest lines breaks a 禁则 rule. Titles of up to ``EXACT_MAX_LINES`` lines get the cheapest
    cuts by the costs above (what trying every combination of cuts gave, in polynomial time);
    longer text gets balanced lines in time linear in its length times the number of lines.
    """
    text = text.strip()
    if _units(text) <= max_units:
        return [text]
    breaker = _Breaker(text, max_units, tuple(keep_whole))
    minimum = int(-(-_units(text) // max_units))
    best: tuple[int, tuple[int, ...]] | None = None
    if breaker.limit > 0:
        search = breaker.exact if minimum + 1 <= EXACT_MAX_LINES else breaker.balanced
        for count in range(minimum, minimum + 2):
            found = search(count, minimum) if count - 1 <= len(breaker.cuts) else None
            if found is not None and (best is None or found[0] < best[0]):
                best = found
            if best is not None and best[0] < _FORBIDDEN:
                break
    if best is None:
        # No whole-word split fits: fall back to even character cuts (reported by the caller).
        size = max(int(max_units), 1)
        return [text[i : i + size] for i in range(0, len(text), size)]
    edges = (0, *best[1], len(text))
    return [text[a:b] for a, b in itertools.pairwise(edges)]
