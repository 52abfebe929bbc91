"""The README, .env.example and docs say what the code does: every setting read in settings.py
is documented, every demo account is listed, the screenshot is there and small."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhongshu.demo import data

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "src" / "zhongshu" / "config" / "settings.py"


def _settings_variables() -> set[str]:
    """Names passed to the env readers (env_str, env_bool, env_int, env_list, env_secret…)."""
    source = SETTINGS.read_text(encoding="utf-8")
    names = set(re.findall(r'env_\w+\(\s*"([A-Z][A-Z0-9_]+)"', source))
    secrets = re.findall(r'env_secret\(\s*"([A-Z][A-Z0-9_]+)"', source)
    return names | {f"{name}_FILE" for name in secrets}


def test_settings_read_some_variables_at_all():
    assert {"DATABASE_URL", "REDIS_URL", "ZHONGSHU_MODE"} <= _settings_variables()


@pytest.mark.parametrize("name", sorted(_settings_variables()))
def test_every_setting_is_in_env_example_with_a_comment_line_above(name):
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines) if re.fullmatch(rf"#?\s*{name}=.*", line)]
    assert found, f"{name} is missing from .env.example"
    above = lines[found[0] - 1]
    is_comment = above.startswith("# ") and not re.fullmatch(r"#\s*[A-Z][A-Z0-9_]*=.*", above)
    assert is_comment, f"{name} has no comment line above it"


@pytest.mark.parametrize("name", sorted(_settings_variables()))
def test_every_setting_is_in_the_readme(name):
    assert f"`{name}`" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_gives_both_commands_the_password_and_the_three_administrators():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert data.DEMO_PASSWORD in readme
    for admin in data.ADMINS:
        assert f"`{admin.username}`" in readme


def test_the_demo_city_page_lists_every_account():
    page = (ROOT / "docs" / "demo-city.md").read_text(encoding="utf-8")
    for username in [p.username for p in data.PEOPLE] + [a.username for a in data.ADMINS]:
        assert f"| `{username}` |" in page, username


def test_the_screenshot_is_a_png_under_300_kb():
    shot = ROOT / "docs" / "screenshot.png"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size < 300 * 1024


def test_every_document_the_readme_links_to_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(((?:docs/|\.env)[^)#]+)\)", readme):
        assert (ROOT / target).exists(), target
