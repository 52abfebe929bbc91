"""Fonts by role (小标宋, 仿宋, 黑体, 楷体, 宋体): the organ's official fonts, or free fallbacks.

GB/T 9704 names typefaces, not files: 方正小标宋简体 for the 标志 and title, 仿宋_GB2312 for the
body, 黑体 and 楷体_GB2312 for headings, 宋体 for page numbers. Organs hold licences for those
and configure them by path (``ZHONGSHU_FONT_<ROLE>`` or a ``FontConfig``); everyone else gets the
Debian fonts listed below. A substitution changes how the printed document looks, so every one is
reported in ``FontSet.substitutions`` and never happens silently.

ReportLab embeds TrueType outlines only: a CFF/OpenType-PS file (Noto CJK, most .otf) cannot be
used and is reported as such. Collections (.ttc) hold several faces; the face index matters
(``path#index`` in the environment variable). cwTeX 仿宋 is a traditional-Chinese font without
many simplified characters, so every role falls back glyph by glyph to AR PL UMing CN, and the
renderer reports the characters that needed it.

Fonts are parsed and registered with ReportLab once per process (``resolve_fonts`` is cached).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class FontRole(StrEnum):
    """What a font is used for in a 公文."""

    XIAOBIAOSONG = "xiaobiaosong"  # 发文机关标志, 标题, attachment titles
    FANGSONG = "fangsong"  # 正文 and most elements
    HEITI = "heiti"  # 一级标题, 密级, 紧急程度, "附件N", 纪要 labels
    KAITI = "kaiti"  # 二级标题, 签发人 names
    SONGTI = "songti"  # page numbers


ENV_VARS: dict[FontRole, str] = {role: f"ZHONGSHU_FONT_{role.value.upper()}" for role in FontRole}

# The typeface the standard means for each role, as Word names it (the .docx writer uses these).
OFFICIAL_FAMILIES: dict[FontRole, str] = {
    FontRole.XIAOBIAOSONG: "方正小标宋简体",
    FontRole.FANGSONG: "仿宋_GB2312",
    FontRole.HEITI: "黑体",
    FontRole.KAITI: "楷体_GB2312",
    FontRole.SONGTI: "宋体",
}

ROLE_NAMES_ZH: dict[FontRole, str] = {
    FontRole.XIAOBIAOSONG: "小标宋",
    FontRole.FANGSONG: "仿宋",
    FontRole.HEITI: "黑体",
    FontRole.KAITI: "楷体",
    FontRole.SONGTI: "宋体",
}


@dataclass(frozen=True)
class FontSource:
    """One font file, with the face index inside a .ttc collection."""

    path: str
    subfont_index: int = 0
    family: str = ""

    @classmethod
    def parse(cls, spec: str) -> FontSource:
        """``/path/font.ttc#1`` → path and face 1 (a plain path means face 0)."""
        path, _, index = spec.partition("#")
        return cls(path=path, subfont_index=int(index) if index.isdigit() else 0)

    @property
    def label(self) -> str:
        name = self.family or Path(self.path).name
        return f"{name}（{self.path}#{self.subfont_index}）" if self.path.endswith(".ttc") else name


_ARPHIC = "/usr/share/fonts/truetype/arphic"
UMING = FontSource(f"{_ARPHIC}/uming.ttc", 0, "AR PL UMing CN")
UKAI = FontSource(f"{_ARPHIC}/ukai.ttc", 0, "AR PL UKai CN")
CWTEX_FANGSONG = FontSource("/usr/share/fonts/truetype/cwtex/cwfs.ttf", 0, "cwTeX 仿宋")
WQY_ZENHEI = FontSource("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, "WenQuanYi Zen Hei")
LXGW_WENKAI = FontSource(
    "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0, "LXGW WenKai"
)

# Fallbacks in order of preference per role (architecture.md, Fonts row).
FALLBACKS: dict[FontRole, tuple[FontSource, ...]] = {
    FontRole.XIAOBIAOSONG: (UMING,),
    FontRole.FANGSONG: (CWTEX_FANGSONG, UMING),
    FontRole.HEITI: (WQY_ZENHEI, UMING),
    FontRole.KAITI: (UKAI, LXGW_WENKAI, UMING),
    FontRole.SONGTI: (UMING,),
}
# The font every role falls back to for a missing glyph.
GLYPH_FALLBACK = UMING


@dataclass(frozen=True)
class FontConfig:
    """Official font files by role; a role left out uses its environment variable or a fallback."""

    paths: Mapping[FontRole, FontSource | str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> FontConfig:
        env = os.environ if environ is None else environ
        found = {role: env[var] for role, var in ENV_VARS.items() if env.get(var, "").strip()}
        return cls(paths={role: FontSource.parse(spec.strip()) for role, spec in found.items()})

    def source(self, role: FontRole) -> FontSource | None:
        value = self.paths.get(role)
        if value is None:
            return None
        return FontSource.parse(value) if isinstance(value, str) else value

    def key(self) -> tuple[tuple[str, str, int], ...]:
        return tuple(
            (role.value, src.path, src.subfont_index)
            for role in FontRole
            if (src := self.source(role)) is not None
        )


class FontUnavailableError(RuntimeError):
    """No usable font for a role: neither the configured one nor any fallback could be loaded."""


@dataclass
class ResolvedFont:
    """A font registered with ReportLab under ``name``, used for ``role``."""

    role: FontRole
    name: str
    source: FontSource
    official: bool
    fallback: ResolvedFont | None = None
    _cmap: Mapping[int, int] = field(default_factory=dict, repr=False)

    def has_glyph(self, char: str) -> bool:
        return ord(char) in self._cmap


@dataclass
class FontSet:
    """The fonts of one configuration, and what was substituted (in Chinese, for the user)."""

    fonts: dict[FontRole, ResolvedFont]
    substitutions: list[str]

    def __getitem__(self, role: FontRole) -> ResolvedFont:
        return self.fonts[role]

    def font_for(self, role: FontRole, char: str) -> ResolvedFont:
        """The font that draws ``char`` in ``role``: the role's font, or its glyph fallback."""
        font = self.fonts[role]
        if font.fallback is not None and not font.has_glyph(char) and char not in " \u3000":
            return font.fallback
        return font


_lock = threading.Lock()
_loaded: dict[tuple[str, int], tuple[str, Mapping[int, int]]] = {}
_sets: dict[tuple[tuple[str, str, int], ...], FontSet] = {}


def _load(source: FontSource) -> tuple[str, Mapping[int, int]]:
    """Parse and register a font file once; return its ReportLab name and its cmap."""
    key = (source.path, source.subfont_index)
    if key in _loaded:
        return _loaded[key]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"zs-{Path(source.path).stem}-{source.subfont_index}"
    font = TTFont(name, source.path, subfontIndex=source.subfont_index)
    _cache_tables(font.face)
    pdfmetrics.registerFont(font)
    _loaded[key] = (name, font.face.charToGlyph)
    return _loaded[key]


def _cache_tables(face) -> None:
    """Keep each table ReportLab reads while embedding a subset.

    ReportLab slices the table out of the file for every document it writes; for a 20 MB CJK
    collection that copy of the glyph table costs more than typesetting the whole document.
    The file does not change while the process runs, so one copy is kept.
    """
    read = face.get_table
    tables: dict[str, bytes] = {}

    def get_table(tag: str) -> bytes:
        if tag not in tables:
            tables[tag] = read(tag)
        return tables[tag]

    face.get_table = get_table


def _why_not(source: FontSource) -> str | None:
    if not Path(source.path).is_file():
        return "文件不存在"
    try:
        _load(source)
    except Exception as exc:
        text = str(exc)
        if "postscript" in text.lower() or "CFF" in text or "OTTO" in text:
            return "为 CFF/PostScript 轮廓字体，PDF 无法嵌入（只支持 TrueType）"
        return f"无法读取（{text[:80]}）"
    return None


def resolve_fonts(config: FontConfig | None = None) -> FontSet:
    """Resolve and register the fonts of ``config`` (default: from the environment).

    Raises ``FontUnavailableError`` when a role has no usable font at all.
    """
    config = FontConfig.from_env() if config is None else config
    key = config.key()
    with _lock:
        if key in _sets:
            return _sets[key]
        glyph_name, glyph_cmap = (
            _load(GLYPH_FALLBACK) if Path(GLYPH_FALLBACK.path).is_file() else ("", {})
        )
        glyph_font = (
            ResolvedFont(FontRole.SONGTI, glyph_name, GLYPH_FALLBACK, False, None, glyph_cmap)
            if glyph_name
            else None
        )
        fonts: dict[FontRole, ResolvedFont] = {}
        notes: list[str] = []
        for role in FontRole:
            zh = ROLE_NAMES_ZH[role]
            configured = config.source(role)
            reasons: list[str] = []
            if configured is not None:
                problem = _why_not(configured)
                if problem is None:
                    name, cmap = _load(configured)
                    fonts[role] = ResolvedFont(role, name, configured, True, glyph_font, cmap)
                    continue
                reasons.append(f"配置的 {configured.path} {problem}")
            else:
                reasons.append(f"未配置官方字体（{ENV_VARS[role]}）")
            for candidate in FALLBACKS[role]:
                problem = _why_not(candidate)
                if problem is not None:
                    reasons.append(f"{candidate.family} {problem}")
                    continue
                name, cmap = _load(candidate)
                fallback = glyph_font if candidate != GLYPH_FALLBACK else None
                fonts[role] = ResolvedFont(role, name, candidate, False, fallback, cmap)
                extra = f"，缺字由 {GLYPH_FALLBACK.family} 补" if fallback else ""
                notes.append(
                    f"{zh}（{OFFICIAL_FAMILIES[role]}）：{'；'.join(reasons)}，"
                    f"以 {candidate.label} 代替{extra}"
                )
                break
            else:
                raise FontUnavailableError(f"{zh}：没有可用字体（{'；'.join(reasons)}）")
        result = FontSet(fonts=fonts, substitutions=notes)
        _sets[key] = result
        return result
