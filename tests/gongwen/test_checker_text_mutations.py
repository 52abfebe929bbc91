"""End-to-end recall: mistakes typed into the real pages, read by the shared reader, then checked.

The structured mutation suite (test_checker_mutations.py) measures the rules; this one measures
what a clerk pasting a draft gets. A mistake can be lost on the way when the reader no longer
sees the line for what it is (a title with a comma in it reads as body text), so the floor here
is lower than the 95% of the structured suite; the table shows where recall is lost.
"""

from __future__ import annotations

from functools import cache

from tests.gongwen.fixtures import all_fixtures
from tests.gongwen.text_mutations import (
    TEXT_MUTATIONS,
    Page,
    is_caught,
    mutants_for,
    page_from_fixture,
)
from zhongshu.gongwen.checker import RULES


@cache
def pages() -> tuple[Page, ...]:
    return tuple(page_from_fixture(fx, i) for i, fx in enumerate(all_fixtures()))


@cache
def table() -> tuple[tuple[str, int, int], ...]:
    rows = []
    for rule_id in TEXT_MUTATIONS:
        pairs = mutants_for(rule_id, list(pages()))
        rows.append(
            (rule_id, len(pairs), sum(is_caught(page, text, rule_id) for page, text in pairs))
        )
    return tuple(rows)


def test_every_text_mutation_names_a_registered_rule():
    assert set(TEXT_MUTATIONS) <= set(RULES)


def test_mistakes_typed_into_real_pages_are_caught_end_to_end(capsys):
    rows = table()
    total = sum(r[1] for r in rows)
    caught = sum(r[2] for r in rows)
    with capsys.disabled():
        print("\n\n文本变异（经读取器）                   变异数  检出")
        for rule_id, mutants, hit in rows:
            print(f"{rule_id:38} {mutants:5} {hit:5}")
        print(f"{'合计':36} {total:5} {caught:5}   检出率 {caught / total:.1%}\n")
    assert total >= 200
    assert caught >= 0.9 * total


def test_the_rules_the_reader_keeps_visible_catch_every_typed_mistake():
    lossy = {
        "title.punctuation",
        "title.type-suffix",
    }  # the reader may not take such a line as the title
    for rule_id, mutants, caught in table():
        if rule_id not in lossy:
            assert caught == mutants, rule_id
