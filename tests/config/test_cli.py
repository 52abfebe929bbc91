"""The ``zhongshu`` command routes each word to the tool that owns it."""

import pytest

from zhongshu import cli


def test_system_check_runs_djangos_check(capsys):
    assert cli.main(["system-check"]) == 0
    assert "System check identified no issues" in capsys.readouterr().out


def test_check_is_the_gongwen_checker_and_needs_an_input(capsys):
    assert cli.main(["check"]) == 2
    printed = capsys.readouterr()
    assert "用 --rules 列出规则" in printed.err + printed.out


def test_dashed_words_reach_djangos_underscored_commands(monkeypatch):
    seen = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: seen.append(argv)
    )
    cli.main(["audit-verify"])
    assert seen == [["zhongshu", "audit_verify"]]


@pytest.mark.parametrize("word", ["-h", "--help", "help"])
def test_help_prints_the_words(word, capsys):
    assert cli.main([word]) == 0
    assert "system-check" in capsys.readouterr().out
