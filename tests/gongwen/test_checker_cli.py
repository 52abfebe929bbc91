"""``zhongshu check``: the report, the JSON, the rule list and the exit status contract
(1 on an error finding, 0 otherwise, 2 on unreadable input with a Chinese reason).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gongwen.fixtures import load_fixture
from zhongshu.gongwen.checker import RULES, Severity, check_document
from zhongshu.gongwen.checker.cli import main
from zhongshu.gongwen.model import load_document

EXAMPLES = sorted(
    (Path(__file__).resolve().parents[2] / "src/zhongshu/gongwen/examples").glob("*.json")
)


@pytest.fixture
def notice_with_errors(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(
        "甲市人民政府办公室关于做好防汛工作的通知\n甲政办发[2025]3号\n各区人民政府：\n"
        "一.为做好防汛工作,现通知如下。\n甲市人民政府办公室\n2025年5月6日\n",
        encoding="utf-8",
    )
    return path


def test_a_draft_with_errors_gets_a_chinese_report_and_exit_status_1(notice_with_errors, capsys):
    assert main([str(notice_with_errors), "--today", "2026-11-27"]) == 1
    out = capsys.readouterr().out
    assert "审核结果：甲市人民政府办公室关于做好防汛工作的通知" in out
    assert "【错误】发文字号第5—10字：年份应使用六角括号“〔〕”" in out
    assert "原文：甲政办发【[2025]】3号" in out
    assert "（规则 number.form）" in out


def test_json_output_lists_every_finding_with_its_range(notice_with_errors, capsys):
    assert main([str(notice_with_errors), "--format", "json", "--today", "2026-11-27"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] >= 3
    rules = {(f["rule_id"], f["element"], f["start"], f["end"]) for f in data["findings"]}
    assert ("numbering.marker-form", "正文第1段", 0, 2) in rules
    assert ("punct.western", "正文第1段", 9, 10) in rules
    assert ("punct.western", "正文第1段", 1, 2) not in rules  # the marker's point is numbering's


def test_a_document_with_only_warnings_exits_0(tmp_path, capsys):
    path = tmp_path / "031.txt"
    path.write_text(load_fixture("031_报告").body, encoding="utf-8")
    assert main([str(path), "--partial", "--today", "2026-11-27"]) == 0
    out = capsys.readouterr().out
    assert "【警告】" in out
    assert "行未能归入公文要素，未参与检查" in out  # the web page's clutter is named, not hidden


def test_a_word_file_is_read_and_checked(tmp_path, capsys):
    import docx

    word = docx.Document()
    for line in (
        "甲市人民政府办公室关于做好防汛工作的通知",
        "甲政办发〔2025〕3号",
        "各区人民政府：",
        "为做好防汛工作，现通知如下。",
        "一、加强值守",
        "三、及时报告",
        "甲市人民政府办公室",
        "2025年5月6日",
    ):
        word.add_paragraph(line)
    path = tmp_path / "draft.docx"
    word.save(path)
    assert main([str(path), "--format", "json", "--today", "2026-11-27"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["rule_id"] for f in data["findings"]] == ["numbering.sequence"]


def test_unreadable_input_exits_2_with_a_reason(tmp_path, capsys):
    assert main([str(tmp_path / "none.txt")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert main([str(broken)]) == 2
    assert "无法读取" in capsys.readouterr().err
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    assert main([str(binary)]) == 2
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"doc_type": "便条"}', encoding="utf-8")
    assert main([str(bad_json)]) == 2
    assert "文种" in capsys.readouterr().err


def test_rules_lists_every_rule_with_source_and_severity(capsys):
    assert main(["--rules"]) == 0
    out = capsys.readouterr().out
    assert f"共{len(RULES)}条规则" in out
    for rule_id in RULES:
        assert rule_id in out
    assert main(["--rules", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in listed} == set(RULES)


def test_zhongshu_check_and_python_m_reach_the_same_command():
    done = subprocess.run(
        [sys.executable, "-m", "zhongshu.gongwen", "check", "--rules", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) == len(RULES)
    from zhongshu.cli import main as zhongshu_main

    assert zhongshu_main(["check", "--rules"]) == 0


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_typesetting_examples_are_clean_documents(path):
    document = load_document(path.read_bytes())
    findings = check_document(document, today=__import__("datetime").date(2026, 11, 27))
    assert [f for f in findings if f.severity != Severity.HINT] == []


def test_ten_pages_are_checked_in_well_under_a_second():
    """A loose guard against a pathological regex; bench/check.py measures the 50 ms target."""
    import datetime as dt
    import importlib.util
    import time

    spec = importlib.util.spec_from_file_location(
        "bench_check", Path(__file__).resolve().parents[2] / "bench/check.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    document = bench.ten_pages()
    assert check_document(document, today=dt.date(2026, 11, 27)) == []
    start = time.perf_counter()
    check_document(document, today=dt.date(2026, 11, 27))
    assert time.perf_counter() - start < 0.5
