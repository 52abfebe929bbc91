"""Measuring a rendered 公文 with pdfplumber, in the standard's terms (mm from the paper's top-left).

Tests measure the PDF, not the typesetter's intentions: characters are read back with their
baseline (from the text matrix), their em box (0.88 em above the baseline, 0.12 below, which is
how an ideographic em box sits whatever the font's declared ascent) and their fill colour;
rules are the filled rectangles the PDF contains.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from itertools import groupby

import pdfplumber

PT = 25.4 / 72
EM_ASCENT = 0.88
PAGE_HEIGHT_MM = 297.0


def mm(points: float) -> float:
    return points * PT


@dataclass(frozen=True)
class Char:
    text: str
    x0: float  # mm from the left edge
    x1: float
    baseline: float  # mm from the top edge
    size: float  # points
    font: str
    color: tuple[float, ...]

    @property
    def top(self) -> float:
        """Top of the em box, mm from the paper's top."""
        return self.baseline - mm(self.size * EM_ASCENT)

    @property
    def bottom(self) -> float:
        return self.baseline + mm(self.size * (1 - EM_ASCENT))

    @property
    def centre_x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class TextLine:
    chars: tuple[Char, ...]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def baseline(self) -> float:
        return self.chars[0].baseline

    @property
    def size(self) -> float:
        return max(c.size for c in self.chars)

    @property
    def centre_x(self) -> float:
        return (self.x0 + self.x1) / 2

    def is_red(self) -> bool:
        return all(is_red(c.color) for c in self.chars)


@dataclass(frozen=True)
class Rule:
    x0: float
    x1: float
    top: float
    bottom: float
    color: tuple[float, ...]

    @property
    def thickness(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def is_red(color: tuple[float, ...] | None, tolerance: float = 0.05) -> bool:
    if not color or len(color) != 3:
        return False
    r, g, b = color
    return r >= 1 - tolerance and g <= tolerance and b <= tolerance


class MeasuredPdf:
    """A rendered PDF opened for measurement; pages are 1-based."""

    def __init__(self, data: bytes):
        self.pdf = pdfplumber.open(io.BytesIO(data))

    def close(self) -> None:
        self.pdf.close()

    @property
    def page_count(self) -> int:
        return len(self.pdf.pages)

    def page_size_mm(self, page: int) -> tuple[float, float]:
        p = self.pdf.pages[page - 1]
        return mm(p.width), mm(p.height)

    def chars(self, page: int) -> list[Char]:
        p = self.pdf.pages[page - 1]
        result = []
        for c in p.chars:
            matrix = c["matrix"]
            baseline_pt = p.height - matrix[5]
            result.append(
                Char(
                    text=c["text"],
                    x0=mm(c["x0"]),
                    x1=mm(c["x1"]),
                    baseline=mm(baseline_pt),
                    size=round(c["size"], 2),
                    font=c["fontname"],
                    color=tuple(c.get("non_stroking_color") or ()),
                )
            )
        return result

    def lines(self, page: int, tolerance: float = 0.3) -> list[TextLine]:
        """Characters grouped into lines by baseline (within ``tolerance`` mm), top to bottom."""
        chars = sorted(self.chars(page), key=lambda c: (round(c.baseline / tolerance), c.x0))
        groups = groupby(chars, key=lambda c: round(c.baseline / tolerance))
        return [TextLine(tuple(sorted(g, key=lambda c: c.x0))) for _, g in groups]

    def find_line(self, page: int, startswith: str) -> TextLine | None:
        for line in self.lines(page):
            if line.text.strip().startswith(startswith):
                return line
        return None

    def find_containing(self, page: int, text: str) -> TextLine | None:
        for line in self.lines(page):
            if text in line.text:
                return line
        return None

    def rules(self, page: int) -> list[Rule]:
        """Filled rectangles (the typesetter draws every rule as one), top to bottom."""
        p = self.pdf.pages[page - 1]
        result = []
        for r in p.rects:
            result.append(
                Rule(
                    x0=mm(r["x0"]),
                    x1=mm(r["x1"]),
                    top=mm(r["top"]),
                    bottom=mm(r["bottom"]),
                    color=tuple(r.get("non_stroking_color") or ()),
                )
            )
        return sorted(result, key=lambda r: r.top)

    def images(self, page: int) -> list[dict[str, float]]:
        p = self.pdf.pages[page - 1]
        return [
            {"x0": mm(i["x0"]), "x1": mm(i["x1"]), "top": mm(i["top"]), "bottom": mm(i["bottom"])}
            for i in p.images
        ]

    def curves(self, page: int) -> list[dict[str, float]]:
        p = self.pdf.pages[page - 1]
        return [
            {"x0": mm(c["x0"]), "x1": mm(c["x1"]), "top": mm(c["top"]), "bottom": mm(c["bottom"])}
            for c in p.curves
        ]
