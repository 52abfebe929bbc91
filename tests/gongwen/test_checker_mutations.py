"""Recall on mutants of real documents, and the table that shows it (printed even without ``-s``).

Every rule has a mutation (``tests/gongwen/mutations.py``) that breaks real documents its way.
The checker must flag at least 95% of all mutants with the right rule id, and the unmutated
documents must stay quiet (the false-alarm column: real documents where the rule raises a
warning or error that the fixture README does not record).
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from tests.gongwen.fixtures import all_fixtures
from tests.gongwen.mutations import MUTATIONS, Base, base_from_fixture, is_caught, mutants_for
from tests.gongwen.test_checker_fixtures import EXPECTED
from zhongshu.gongwen.checker import RULES, Severity, check_document


@cache
def bases() -> tuple[Base, ...]:
    return tuple(base_from_fixture(fx, i) for i, fx in enumerate(all_fixtures()))


@cache
def table() -> tuple[tuple[str, int, int, int], ...]:
    """(rule id, mutants, caught, false alarms) for every registered rule."""
    false_alarms: Counter[str] = Counter()
    for base in bases():
        expected = EXPECTED.get(base.name, (Counter(), ""))[0]
        seen = Counter(
            (f.rule_id, f.element)
            for f in check_document(base.document, base.context())
            if f.severity != Severity.HINT
        )
        for rule_id, _element in seen - expected:
            false_alarms[rule_id] += 1
    rows = []
    for rule_id in RULES:
        pairs = mutants_for(rule_id, list(bases()))
        caught = sum(is_caught(base, mutant, rule_id) for base, mutant in pairs)
        rows.append((rule_id, len(pairs), caught, false_alarms[rule_id]))
    return tuple(rows)


def test_every_rule_has_a_mutation_and_every_mutation_a_rule():
    assert set(MUTATIONS) == set(RULES)


def test_the_checker_flags_at_least_95_percent_of_all_mutants_with_the_right_rule(capsys):
    rows = table()
    total = sum(r[1] for r in rows)
    caught = sum(r[2] for r in rows)
    with capsys.disabled():
        print("\n\n规则                                   变异数  检出  误报")
        for rule_id, mutants, hit, alarms in rows:
            print(f"{rule_id:38} {mutants:5} {hit:5} {alarms:5}")
        print(
            f"{'合计':36} {total:5} {caught:5} {sum(r[3] for r in rows):5}"
            f"   检出率 {caught / total:.1%}，样本 {len(bases())} 份\n"
        )
    assert caught >= 0.95 * total


@pytest.mark.parametrize("rule_id", list(RULES))
def test_each_rule_catches_most_mutants_made_for_it(rule_id):
    row = next(r for r in table() if r[0] == rule_id)
    _, mutants, caught, _alarms = row
    assert mutants >= 5, "变异样本太少，无法说明该规则的检出能力"
    assert caught >= 0.8 * mutants


def test_mutants_of_the_richer_example_documents_are_caught_too(capsys):
    """The examples carry what the web copies lack (签发人, 抄送, 附件, 密级), so a rule's
    mutation meets the element it breaks already filled in."""
    from pathlib import Path

    from tests.gongwen.mutations import TODAY
    from zhongshu.gongwen.model import load_document

    folder = Path(__file__).resolve().parents[2] / "src/zhongshu/gongwen/examples"
    examples = [
        Base(path.stem, i, load_document(path.read_bytes()), {"today": TODAY})
        for i, path in enumerate(sorted(folder.glob("*.json")))
    ]
    pairs = [(rule_id, b, m) for rule_id in RULES for b, m in mutants_for(rule_id, examples)]
    caught = sum(is_caught(b, m, rule_id) for rule_id, b, m in pairs)
    with capsys.disabled():
        print(
            f"\n示例公文{len(examples)}份的变异：{len(pairs)}个，检出{caught}个（{caught / len(pairs):.1%}）"
        )
    assert caught >= 0.95 * len(pairs)


def test_no_rule_raises_a_false_alarm_on_the_real_documents():
    assert [r for r in table() if r[3]] == []
