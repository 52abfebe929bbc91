"""The typed environment readers of zhongshu.config.env."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhongshu.config.env import env_bool, env_int, env_list, env_secret, env_str, load_dotenv


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        (" on ", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("off", False),
        ("", False),
    ],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("ZS_TEST_BOOL", raw)
    assert env_bool("ZS_TEST_BOOL") is expected


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("ZS_TEST_BOOL", raising=False)
    assert env_bool("ZS_TEST_BOOL", True) is True


def test_env_bool_fails_loudly_on_a_typo(monkeypatch):
    monkeypatch.setenv("ZS_TEST_BOOL", "ture")
    with pytest.raises(ImproperlyConfigured, match="ZS_TEST_BOOL must be a boolean"):
        env_bool("ZS_TEST_BOOL")


def test_env_int_parses_and_defaults(monkeypatch):
    monkeypatch.setenv("ZS_TEST_INT", "42")
    assert env_int("ZS_TEST_INT", 7) == 42
    monkeypatch.setenv("ZS_TEST_INT", "  ")
    assert env_int("ZS_TEST_INT", 7) == 7
    monkeypatch.delenv("ZS_TEST_INT")
    assert env_int("ZS_TEST_INT", 7) == 7


def test_env_int_fails_loudly_on_a_non_number(monkeypatch):
    monkeypatch.setenv("ZS_TEST_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="must be an integer"):
        env_int("ZS_TEST_INT", 7)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("ZS_TEST_LIST", "a.gov.cn, b.gov.cn,,")
    assert env_list("ZS_TEST_LIST") == ["a.gov.cn", "b.gov.cn"]
    monkeypatch.delenv("ZS_TEST_LIST")
    assert env_list("ZS_TEST_LIST", ["x"]) == ["x"]


def test_env_secret_prefers_the_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("ZS_TEST_SECRET", "from-env")
    assert env_secret("ZS_TEST_SECRET") == "from-env"
    monkeypatch.setenv("ZS_TEST_SECRET_FILE", str(secret_file))
    assert env_secret("ZS_TEST_SECRET") == "from-file"


def test_env_secret_fails_loudly_on_an_unreadable_file(monkeypatch, tmp_path):
    monkeypatch.setenv("ZS_TEST_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_secret("ZS_TEST_SECRET")


def test_load_dotenv_reads_without_overriding(monkeypatch, tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        '# comment\nZS_TEST_A="quoted"\nZS_TEST_B=set\nnot a line\n', encoding="utf-8"
    )
    monkeypatch.delenv("ZS_TEST_A", raising=False)
    monkeypatch.setenv("ZS_TEST_B", "already")
    load_dotenv(dotenv)
    assert env_str("ZS_TEST_A") == "quoted"
    assert env_str("ZS_TEST_B") == "already"
    monkeypatch.delenv("ZS_TEST_A")


def test_load_dotenv_ignores_a_missing_file(tmp_path):
    assert load_dotenv(tmp_path / "none") is None
