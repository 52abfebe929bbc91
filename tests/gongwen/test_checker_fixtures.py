"""The checker on the 22 real documents: exact on what they truly break, silent on the rest.

A document issued by a real organ is the best test of false alarms. Where the fixture README
records a real deviation of a document dated under the current rules, the checker must report
exactly that (``EXPECTED``, each entry quoting the README); anything else of warning or error
severity is a false alarm. Documents dated before 2012-07-01 are judged by their own era: the
old forms they use may only produce hints.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.gongwen.fixtures import fixture_names, load_fixture
from tests.gongwen.mutations import TODAY, base_from_fixture
from zhongshu.gongwen.checker import Severity, check_document, check_text

# (rule id, element) → how many findings; the README line that justifies them.
EXPECTED: dict[str, tuple[Counter[tuple[str, str]], str]] = {
    "022_函": (
        Counter({("number.cited-form", "正文第1段"): 1}),
        "“衡民请 〔2021〕6号”括号前有空格",
    ),
    "031_报告": (
        Counter({("punct.range-dash", "正文第1段"): 1}),
        "“(20212025年)”丢失连接号",
    ),
    "035_通知": (
        Counter({("title.missing", "标题"): 1}),
        "标题未显示",
    ),
    "037_通告": (
        Counter(
            {
                ("punct.range-dash", "正文第1段"): 1,
                ("numbering.marker-form", "正文第2段"): 1,
                ("numbering.marker-form", "正文第3段"): 1,
                ("numbering.marker-form", "正文第4段"): 1,
            }
        ),
        "条目用“1、”；日期区间用“--”",
    ),
}


# The same findings with the exact text they point at.
EXCERPTS: dict[str, Counter[tuple[str, str, str]]] = {
    "022_函": Counter({("number.cited-form", "正文第1段", "衡民请 〔2021〕6号"): 1}),
    "031_报告": Counter({("punct.range-dash", "正文第1段", "20212025"): 1}),
    "035_通知": Counter({("title.missing", "标题", ""): 1}),
    "037_通告": Counter(
        {
            ("punct.range-dash", "正文第1段", "--"): 1,
            ("numbering.marker-form", "正文第2段", "1、"): 1,
            ("numbering.marker-form", "正文第3段", "2、"): 1,
            ("numbering.marker-form", "正文第4段", "3、"): 1,
        }
    ),
}


def findings_of(name: str) -> list:
    fx = load_fixture(name)
    base = base_from_fixture(fx, 0)
    return check_document(base.document, base.context())


def serious(findings: list) -> Counter[tuple[str, str]]:
    return Counter((f.rule_id, f.element) for f in findings if f.severity != Severity.HINT)


@pytest.mark.parametrize("name", fixture_names())
def test_each_real_document_gets_exactly_the_findings_its_readme_records(name):
    expected, _reason = EXPECTED.get(name, (Counter(), ""))
    assert serious(findings_of(name)) == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_recorded_deviation_is_found_on_the_very_characters_the_readme_names(name):
    base = base_from_fixture(load_fixture(name), 0)
    texts = {e.name: e.text for e in base.context().elements}
    found = Counter(
        (f.rule_id, f.element, texts.get(f.element, "")[f.start : f.end])
        for f in findings_of(name)
        if f.severity != Severity.HINT
    )
    assert found == EXCERPTS[name]


@pytest.mark.parametrize("name", [n for n in fixture_names() if n not in EXPECTED])
def test_a_correctly_issued_document_gets_no_error(name):
    errors = [f for f in findings_of(name) if f.severity == Severity.ERROR]
    assert errors == []


def test_every_expected_deviation_is_one_the_readme_records():
    readme = (load_fixture(fixture_names()[0]).path.parent / "README.md").read_text(
        encoding="utf-8"
    )
    for name, (_expected, reason) in EXPECTED.items():
        row = next(line for line in readme.splitlines() if line.startswith(f"| {name}.txt"))
        for part in reason.split("；"):
            assert part in row, f"{name}: README 中没有“{part}”"


def test_no_more_than_two_percent_of_real_documents_get_a_false_alarm(capsys):
    names = fixture_names()
    results = {n: findings_of(n) for n in names}
    alarmed = [n for n in names if serious(results[n]) - EXPECTED.get(n, (Counter(), ""))[0]]
    with_error = [n for n in names if any(f.severity == Severity.ERROR for f in results[n])]
    with_warning = [n for n in names if any(f.severity == Severity.WARNING for f in results[n])]
    with capsys.disabled():
        print(
            f"\n真实公文{len(names)}份：有错误的{len(with_error)}份、有警告的{len(with_warning)}份"
            f"（均为样本说明记录的真实偏差：{'、'.join(sorted(EXPECTED))}），误报{len(alarmed)}份"
        )
    assert len(alarmed) <= 0.02 * len(names), alarmed


def test_documents_of_the_old_regime_keep_their_chinese_numeral_dates_without_a_finding():
    for name in ("001_通知", "011_批复", "014_决定"):
        assert [f for f in findings_of(name) if f.rule_id == "date.format"] == []


def test_old_document_numbers_are_named_but_only_as_hints():
    found = [f for f in findings_of("017_批复") if f.rule_id == "number.form"]
    assert [(f.severity, f.element, f.start, f.end) for f in found] == [
        (Severity.HINT, "发文字号", 2, 8)
    ]
    assert "2012年7月1日前" in found[0].message


def test_findings_point_at_the_exact_characters():
    found = {(f.rule_id, f.element): f for f in findings_of("037_通告")}
    marker = found[("numbering.marker-form", "正文第2段")]
    assert (marker.start, marker.end) == (0, 2)
    dash = found[("punct.range-dash", "正文第1段")]
    base = base_from_fixture(load_fixture("037_通告"), 0)
    assert base.document.body[0].text[dash.start : dash.end] == "--"


def test_check_text_reads_with_the_shared_reader_and_finds_the_same():
    fx = load_fixture("037_通告")
    via_text = check_text(fx.body, hints=fx.hints(), today=TODAY)
    assert serious(via_text) == EXPECTED["037_通告"][0]


def test_check_docx_reads_a_word_file_of_the_same_page_and_finds_the_same():
    import io

    import docx

    from zhongshu.gongwen.checker import check_docx

    fx = load_fixture("037_通告")
    word = docx.Document()
    for line in fx.body.splitlines():
        word.add_paragraph(line)
    buffer = io.BytesIO()
    word.save(buffer)
    via_docx = check_docx(buffer.getvalue(), hints=fx.hints(), today=TODAY)
    assert serious(via_docx) == EXPECTED["037_通告"][0]
