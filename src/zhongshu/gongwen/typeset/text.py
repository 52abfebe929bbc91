"""Shaping and line breaking of Chinese text on the GB/T 9704 character grid.

A 公文 is set on a grid: every full-width character takes one cell (156 mm / 28), whatever the
font's own advance (cwTeX 仿宋 draws its ideographs 0.92 em wide, so the font's advances cannot
be trusted to hold the grid). Half-width text (digits, Latin) takes its natural width. Lines
are broken greedily with the rules of GB/T 15834 §5.1 (standards.md §3.2): closing punctuation
never starts a line (it hangs past the right edge, as Word's 允许标点溢出边界 does), opening
punctuation never ends one, and 破折号/省略号 are never split. Lines other than a paragraph's
last are justified to the full width.

All x values here are points from the left edge of the text block (the 版心 or a box inside it).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

from zhongshu.gongwen.fonts import FontRole, FontSet, ResolvedFont

NO_LINE_START = set("，。、；：？！）》〉”’〕】」』…—～·%‰℃")
NO_LINE_END = set("（《〈“‘〔【「『")
HANGABLE = set("，。、；：？！）》〉”’〕】」』")
_ASCII_WORD = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,%:/-+_@#&'")


def is_full_width(char: str) -> bool:
    """Whether ``char`` takes a whole grid cell (CJK, full-width forms, Chinese punctuation)."""
    return unicodedata.east_asian_width(char) in "WFA" and char != "·"


@lru_cache(maxsize=65536)
def natural_width(char: str, font_name: str, size: float) -> float:
    return stringWidth(char, font_name, size)


@dataclass
class Glyph:
    """One character with the font that draws it and its advance on the grid (points)."""

    char: str
    font: ResolvedFont
    size: float
    advance: float
    role: FontRole
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)
    offset: float = 0.0  # where the glyph sits inside its cell (opening marks sit at the right)

    @property
    def natural(self) -> float:
        return natural_width(self.char, self.font.name, self.size)


@dataclass
class Token:
    """Glyphs that may not be separated by a line break."""

    glyphs: list[Glyph]

    @property
    def width(self) -> float:
        return sum(g.advance for g in self.glyphs)

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)


@dataclass
class Line:
    """A laid-out line: glyphs with x positions (points from the box's left edge)."""

    glyphs: list[Glyph] = field(default_factory=list)
    xs: list[float] = field(default_factory=list)
    last: bool = False

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def width(self) -> float:
        if not self.glyphs:
            return 0.0
        return self.xs[-1] + self.glyphs[-1].advance - self.xs[0]


@dataclass(frozen=True)
class Style:
    """Font role, size and the advance of a full-width character (the grid's cell)."""

    role: FontRole
    size: float
    cell: float
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)


def shape(text: str, style: Style, fonts: FontSet) -> list[Glyph]:
    """Glyphs of ``text`` in ``style``, each with the font that has it (reporting is the caller's)."""
    glyphs = []
    for char in text:
        font = fonts.font_for(style.role, char)
        advance = style.cell if is_full_width(char) else natural_width(char, font.name, style.size)
        glyph = Glyph(char, font, style.size, advance, style.role, style.color)
        if char in NO_LINE_END and glyph.natural < advance:
            glyph.offset = advance - glyph.natural  # a narrow “ hugs the word it opens
        glyphs.append(glyph)
    return glyphs


def tokenize(glyphs: list[Glyph]) -> list[Token]:
    """Group glyphs into unbreakable tokens: Latin/digit words, 破折号 and 省略号 pairs."""
    tokens: list[Token] = []
    i = 0
    while i < len(glyphs):
        g = glyphs[i]
        if g.char in _ASCII_WORD:
            j = i
            while j < len(glyphs) and glyphs[j].char in _ASCII_WORD:
                j += 1
            tokens.append(Token(glyphs[i:j]))
            i = j
            continue
        if g.char in "—…" and i + 1 < len(glyphs) and glyphs[i + 1].char == g.char:
            tokens.append(Token(glyphs[i : i + 2]))
            i += 2
            continue
        tokens.append(Token([g]))
        i += 1
    return tokens


def _no_start(token: Token) -> bool:
    return token.text[:1] in NO_LINE_START


def _no_end(token: Token) -> bool:
    return token.text[-1:] in NO_LINE_END


# At most this many tokens move to the next line for 禁则 (a line may not start with "，" nor
# end with "《"); real text needs one or two.
_MAX_CARRY = 4


def break_lines(
    glyphs: list[Glyph],
    width: float,
    *,
    first_indent: float = 0.0,
    indent: float = 0.0,
    justify: bool = True,
) -> list[Line]:
    """Break ``glyphs`` into lines of at most ``width`` points (hanging punctuation excepted).

    ``first_indent`` and ``indent`` are the left indents of the first and following lines.
    """
    eps = 0.01
    lines: list[list[Token]] = []
    hanging: list[bool] = []
    current: list[Token] = []
    x = first_indent
    tokens = tokenize(glyphs)
    k = 0
    while k < len(tokens):
        token = tokens[k]
        line_width = width - (first_indent if not lines else indent)
        if token.width > line_width and len(token.glyphs) > 1:
            # A word longer than a line is split between characters.
            tokens[k : k + 1] = [Token([g]) for g in token.glyphs]
            continue
        limit = width
        if x + token.width <= limit + eps:
            current.append(token)
            x += token.width
            k += 1
            continue
        if _no_start(token) and token.text[0] in HANGABLE and len(token.glyphs) == 1 and current:
            current.append(token)
            lines.append(current)
            hanging.append(True)
            current, x = [], indent
            k += 1
            continue
        carry: list[Token] = []
        if _no_start(token) and len(current) > 1:
            carry.insert(0, current.pop())
        while len(current) > 1 and _no_end(current[-1]) and len(carry) < _MAX_CARRY:
            carry.insert(0, current.pop())
        if len(carry) == _MAX_CARRY and len(current) > 1 and _no_end(current[-1]):
            # A run of opening brackets longer than 禁则 can move: carrying all of it left one
            # character per line (a 50,000-bracket line took 2,000 pages); break inside it.
            current += carry
            carry = []
        lines.append(current)
        hanging.append(False)
        current = carry
        x = indent + sum(t.width for t in carry)
    if current or not lines:
        lines.append(current)
        hanging.append(False)

    result: list[Line] = []
    for n, (tokens_of_line, hangs) in enumerate(zip(lines, hanging, strict=True)):
        start = first_indent if n == 0 else indent
        last = n == len(lines) - 1
        body = tokens_of_line[:-1] if hangs else tokens_of_line
        used = sum(t.width for t in body)
        extra = 0.0
        if justify and not last and len(body) > 1:
            extra = max(0.0, (width - start - used) / (len(body) - 1))
        line = Line(last=last)
        x = start
        for i, token in enumerate(tokens_of_line):
            for g in token.glyphs:
                line.glyphs.append(g)
                line.xs.append(x)
                x += g.advance
            if i < len(body) - 1:
                x += extra
        result.append(line)
    return result


def set_line(glyphs: list[Glyph], x0: float = 0.0, spacing: float = 0.0) -> Line:
    """One unbroken line starting at ``x0``, with ``spacing`` added after every glyph."""
    line = Line(last=True)
    x = x0
    for g in glyphs:
        line.glyphs.append(g)
        line.xs.append(x)
        x += g.advance + spacing
    return line


def width_of(glyphs: list[Glyph]) -> float:
    return sum(g.advance for g in glyphs)
