"""What every part of the PDF typesetter shares while rendering one document.

``Context`` holds the fonts, the painter and the warnings, and shapes text in the standard's
styles (3号仿宋 on the grid, 2号小标宋, 4号 for the 版记…). It also notes every character that
a role's font lacks, so that the glyph fallback is reported in the result, never silent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from zhongshu.gongwen.fonts import ROLE_NAMES_ZH, FontRole, FontSet
from zhongshu.gongwen.model import Document
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.painter import Painter
from zhongshu.gongwen.typeset.text import Glyph, Line, Style, break_lines, set_line, shape

BODY = Style(FontRole.FANGSONG, L.BODY_FONT_PT, L.CHAR_PITCH_PT)
HEI = Style(FontRole.HEITI, L.BODY_FONT_PT, L.CHAR_PITCH_PT)
KAI = Style(FontRole.KAITI, L.BODY_FONT_PT, L.CHAR_PITCH_PT)
TITLE = Style(FontRole.XIAOBIAOSONG, L.TITLE_FONT_PT, L.TITLE_FONT_PT)
COLOPHON = Style(FontRole.FANGSONG, L.COLOPHON_FONT_PT, L.COLOPHON_FONT_PT)
PAGE_NUMBER = Style(FontRole.SONGTI, L.PAGE_NUMBER_FONT_PT, L.PAGE_NUMBER_FONT_PT)
BODY_WIDTH_PT = L.mm_to_pt(L.BODY_WIDTH_MM)


def red(style: Style) -> Style:
    return Style(style.role, style.size, style.cell, L.RED_RGB)


@dataclass
class Context:
    document: Document
    fonts: FontSet
    painter: Painter
    seal_images: dict[str, bytes | str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    missing: dict[FontRole, set[str]] = field(default_factory=lambda: defaultdict(set))

    def shape(self, text: str, style: Style) -> list[Glyph]:
        glyphs = shape(text, style, self.fonts)
        primary = self.fonts[style.role]
        for g in glyphs:
            if g.font is not primary:
                self.missing[style.role].add(g.char)
                if not g.font.has_glyph(g.char) and not g.char.isspace():
                    self.warn(
                        f"字符“{g.char}”（U+{ord(g.char):04X}）在所有可用字体中都没有字形，将显示为空框"
                    )
        return glyphs

    def lines(
        self,
        text: str,
        style: Style = BODY,
        *,
        first_indent_chars: float = 0,
        indent_chars: float = 0,
        width_pt: float = BODY_WIDTH_PT,
        justify: bool = True,
    ) -> list[Line]:
        return break_lines(
            self.shape(text, style),
            width_pt,
            first_indent=first_indent_chars * style.cell,
            indent=indent_chars * style.cell,
            justify=justify,
        )

    def line(self, text: str, style: Style = BODY, x0_pt: float = 0.0) -> Line:
        return set_line(self.shape(text, style), x0_pt)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def glyph_report(self) -> list[str]:
        notes = []
        for role, chars in self.missing.items():
            if not chars:
                continue
            font = self.fonts[role]
            sample = "".join(sorted(chars)[:12])
            more = "等" if len(chars) > 12 else ""
            fallback = font.fallback.source.family if font.fallback else "备用字体"
            notes.append(
                f"{ROLE_NAMES_ZH[role]}字体 {font.source.family or font.source.path} 缺 "
                f"{len(chars)} 个字（{sample}{more}），已由 {fallback} 逐字补齐"
            )
        return notes
