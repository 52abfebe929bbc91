"""The 22 real 公文 of the shared fixture set, loaded for tests (no pytest fixtures here: helpers).

Each file is a header block between ``---`` lines (source, 文种, 发文机关, 发文字号, 成文日期, 标题,
主送机关, complete) and then the page text as published. The header is what a careful person read
off the page; the text is what a reader, checker or typesetter must cope with. See the README
beside the files.

The header block was left NFKC-normalised (ASCII ``(),:``, half-width spaces) while the bodies had
their full-width punctuation restored, so compare header values with text through ``norm_key``
(NFKC, then drop every kind of space), never with ``==``.

Where the files live: ``ZHONGSHU_GONGWEN_FIXTURES`` if set, else ``fixtures/gongwen`` of the
shared project folder (``/work/shared``), else a copy under ``tests/gongwen/data/fixtures``.

Usage::

    from tests.gongwen.fixtures import all_fixtures, fixture_names, load_fixture

    @pytest.mark.parametrize("name", fixture_names())
    def test_something(name):
        fx = load_fixture(name)
        fx.title, fx.doc_number, fx.body, fx.body_lines, fx.recipients, fx.is_complete
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_CANDIDATES = (
    Path("/work/shared/fixtures/gongwen"),
    _HERE.parents[1].parent / "shared" / "fixtures" / "gongwen",
    _HERE / "data" / "fixtures",
)

HEADER_KEYS = ("source", "文种", "发文机关", "发文字号", "成文日期", "标题", "主送机关", "complete")


def fixture_dir() -> Path:
    """Folder of the real documents; fails loudly, because every reader test depends on it."""
    env = os.environ.get("ZHONGSHU_GONGWEN_FIXTURES")
    if env:
        return Path(env)
    for candidate in _CANDIDATES:
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    raise FileNotFoundError(
        "找不到公文样本目录：请设置 ZHONGSHU_GONGWEN_FIXTURES，或把样本放到 "
        + " / ".join(str(c) for c in _CANDIDATES)
    )


_SPACES = re.compile(r"\s+")


def norm_key(text: str) -> str:
    """Comparison key: NFKC (full-width ↔ ASCII punctuation, 〔〕 kept) and no whitespace at all.

    The header block is NFKC-normalised and the bodies are not; the bodies also carry stray
    spaces from PDF extraction ("文 件"). Both sides go through this before comparing.
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


def split_names(text: str) -> list[str]:
    """An organ list as the header writes it ("A、B,C") → ["A", "B", "C"] (normalised keys).

    A separator inside brackets does not split: "各县(市、区)人民政府" is one name.
    """
    key = norm_key(text).rstrip(":：")
    names, current, depth = [], "", 0
    for char in key:
        if char in "(（〔[":
            depth += 1
        elif char in ")）〕]":
            depth = max(0, depth - 1)
        if depth == 0 and char in "、,，;；":
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    return [name for name in names if name]


@dataclass(frozen=True)
class Fixture:
    """One real document: its header values (empty string when the page did not show one)."""

    name: str  # file stem, e.g. "001_通知"
    path: Path
    header: dict[str, str]
    body: str  # everything after the header block, as published
    body_start_line: int = field(default=0)  # 1-based line number of the body's first line

    @property
    def source(self) -> str:
        return self.header.get("source", "")

    @property
    def doc_type(self) -> str:
        return self.header.get("文种", "")

    @property
    def issuer(self) -> str:
        """发文机关 as in the header; joint issuers are separated by a space there."""
        return self.header.get("发文机关", "")

    @property
    def issuers(self) -> list[str]:
        return [part for part in self.issuer.split() if part]

    @property
    def doc_number(self) -> str:
        return self.header.get("发文字号", "")

    @property
    def date_text(self) -> str:
        return self.header.get("成文日期", "")

    @property
    def title(self) -> str:
        return self.header.get("标题", "")

    @property
    def recipients_text(self) -> str:
        return self.header.get("主送机关", "")

    @property
    def recipients(self) -> list[str]:
        """主送机关 split into names (normalised keys, see ``norm_key``)."""
        return split_names(self.recipients_text)

    @property
    def is_complete(self) -> bool:
        return self.header.get("complete", "").strip() == "yes"

    @property
    def body_lines(self) -> list[str]:
        """The body split into lines (no trailing newline), blank lines kept."""
        return self.body.splitlines()

    def in_body(self, value: str) -> bool:
        """Does the body contain ``value`` (compared by ``norm_key``, line breaks ignored)?"""
        return bool(value) and norm_key(value) in norm_key(self.body)

    def hints(self) -> dict[str, str]:
        """What a caller may pass to the reader as known: the 文种 from the header."""
        return {"doc_type": self.doc_type} if self.doc_type else {}


def parse_fixture(text: str, *, name: str = "", path: Path | None = None) -> Fixture:
    """Split a fixture file into header and body; raise ValueError when the header is malformed."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ValueError(f"{name}: 样本文件应以 --- 开头的头部信息块开始")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ValueError(f"{name}: 头部信息块没有结束的 ---") from None
    header: dict[str, str] = {}
    for raw in lines[1:end]:
        key, sep, value = raw.partition(":")
        if not sep:
            raise ValueError(f"{name}: 头部信息行缺少冒号：{raw!r}")
        header[key.strip()] = value.strip()
    body = "\n".join(lines[end + 1 :])
    return Fixture(
        name=name, path=path or Path(name), header=header, body=body, body_start_line=end + 2
    )


@cache
def fixture_names() -> tuple[str, ...]:
    """Stems of all fixture files, sorted ("001_通知", …)."""
    return tuple(sorted(p.stem for p in fixture_dir().glob("*.txt")))


@cache
def load_fixture(name: str) -> Fixture:
    """Load one fixture by stem ("001_通知") or by its number prefix ("001")."""
    directory = fixture_dir()
    path = directory / f"{name}.txt"
    if not path.exists():
        matches = sorted(directory.glob(f"{name}_*.txt"))
        if len(matches) != 1:
            raise FileNotFoundError(f"没有名为 {name} 的公文样本")
        path = matches[0]
    return parse_fixture(path.read_text(encoding="utf-8"), name=path.stem, path=path)


def all_fixtures() -> list[Fixture]:
    return [load_fixture(name) for name in fixture_names()]
