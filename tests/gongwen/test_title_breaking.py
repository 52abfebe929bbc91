"""Title breaking (``typeset.title.break_title``): the lines, and the time they take.

``data/title_breaks.json`` holds the lines the former exhaustive search (every combination of
word boundaries) gave on every fixture title at widths 14–24; the dynamic programme must give
the same. The search was exponential in the title's length: a 300-character title never
finished.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.gongwen.adversarial import CHARS, huge_title_document, least_cpu_seconds
from zhongshu.gongwen.typeset.body import TITLE_MAX_UNITS
from zhongshu.gongwen.typeset.title import _units, break_title, warm_up

CASES = json.loads((Path(__file__).parent / "data" / "title_breaks.json").read_text("utf-8"))


def _random_title(length: int, seed: int) -> str:
    return huge_title_document(length, seed).title


def _cpu_seconds(function, *args) -> float:
    return least_cpu_seconds(function, *args, runs=3)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['fixture']}-{c['max_units']}" for c in CASES])
def test_it_breaks_every_fixture_title_as_the_exhaustive_search_did(case):
    assert break_title(case["title"], case["max_units"], case["keep_whole"]) == case["lines"]


def test_a_300_character_title_breaks_in_under_20_ms():
    warm_up()
    for seed in range(3):
        title = _random_title(300, seed)
        lines = break_title(title, TITLE_MAX_UNITS)
        assert "".join(lines) == title
        assert all(_units(line) <= TITLE_MAX_UNITS for line in lines)
        assert _cpu_seconds(break_title, title, TITLE_MAX_UNITS) < 0.020


@pytest.mark.parametrize("length", [40, 54, 72, 90])
def test_titles_weighed_exactly_stay_fast_when_every_fewest_line_split_breaks_a_rule(length):
    """A title whose every split into the fewest lines puts "，" at a line's start is tried
    with one line more: the exact search's worst case (up to four lines of single-character
    words)."""
    warm_up()
    rng = random.Random(length)
    title = "".join(rng.choice(CHARS + "，、《》（）") for _ in range(length))
    lines = break_title(title, TITLE_MAX_UNITS)
    assert "".join(lines) == title
    assert _cpu_seconds(break_title, title, TITLE_MAX_UNITS) < 0.030


def test_its_time_grows_no_faster_than_the_title():
    """Ten times the title takes at most about ten times the time (quadratic would be 100;
    measured: 19 ms for 3,000 characters, 122 ms for 30,000)."""
    warm_up()
    short = _cpu_seconds(break_title, _random_title(3_000, 7), TITLE_MAX_UNITS)
    long = _cpu_seconds(break_title, _random_title(30_000, 7), TITLE_MAX_UNITS)
    assert long < 25 * max(short, 0.001)


def test_a_huge_title_keeps_every_character_and_the_width():
    warm_up()
    title = _random_title(20_000, 3)
    lines = break_title(title, TITLE_MAX_UNITS, ["江淮市人民政府"])
    assert "".join(lines) == title
    assert max(_units(line) for line in lines) <= TITLE_MAX_UNITS


def test_a_title_with_no_place_to_break_falls_back_to_even_cuts():
    title = "2" * 100  # a number stays whole: no word boundary is allowed anywhere
    lines = break_title(title, 18)
    assert "".join(lines) == title
    assert all(len(line) <= 18 for line in lines)
