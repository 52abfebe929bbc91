"""Placing the 主体 on pages of 22 grid lines.

The body of a 公文 is a flow of grid lines: each ``FlowLine`` fills exactly one line of the grid,
so a full page holds 22 of them. Blocks group lines with rules about page breaks:

* an attachment starts a new page (§7.3.7);
* the 署名/成文日期/印章 block is kept together, and it never stands on a page without 正文
  (standards.md §2.4). The standard's remedy is to adjust spacing so that the text and the
  signature share a page; here the last lines of text are carried over to the next page with
  the block, which is the same adjustment made on the line grid. "此页无正文" is the 1999 rule
  and is not used;
* blank lines that would open a page are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.painter import Painter

DrawLine = Callable[[Painter, float], None]


@dataclass
class FlowLine:
    """One grid line of the 主体. ``draw`` gets the line's top edge in mm from the paper's top."""

    kind: str
    draw: DrawLine | None = None
    text: str = ""
    movable: bool = False  # ordinary text that may move to the next page with the signature
    keep_with_next: bool = False  # a heading's line never ends a page

    @property
    def blank(self) -> bool:
        return self.draw is None


@dataclass
class Block:
    """Lines that are placed together, with their page-break rules."""

    kind: str
    lines: list[FlowLine]
    keep_together: bool = False
    new_page: bool = False
    decorate: DrawLine | None = None  # drawn after the lines (a seal), from the anchor's top
    anchor: int = 0  # index in ``lines`` of the (non-blank) line ``decorate`` is measured from
    reserve_after: int = 0  # free grid lines the block needs below it (a seal's lower part)


@dataclass
class Page:
    lines: dict[int, FlowLine] = field(default_factory=dict)
    decorations: list[tuple[int, DrawLine]] = field(default_factory=list)

    @property
    def last_used(self) -> int:
        return max(self.lines, default=0)


def blank(kind: str = "blank") -> FlowLine:
    return FlowLine(kind)


class Paginator:
    """Fills pages with blocks, starting page 1 at ``first_line``."""

    def __init__(self, first_line: int):
        self.pages = [Page()]
        self.line = first_line

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def _new_page(self) -> None:
        self.pages.append(Page())
        self.line = 1

    def _put(self, flow_line: FlowLine) -> None:
        if self.line > L.LINES_PER_PAGE:
            self._new_page()
        if flow_line.blank and self.line == 1 and len(self.pages) > 1:
            return  # a blank line never opens a page
        if flow_line.keep_with_next and self.line == L.LINES_PER_PAGE:
            self._new_page()
        self.page.lines[self.line] = flow_line
        self.line += 1

    def _room(self) -> int:
        return L.LINES_PER_PAGE - self.line + 1

    def _carry_text_over(self) -> list[FlowLine]:
        """Take the last two lines of 正文 (and any 附件说明 after them) off this page, for the
        signature to keep company."""
        page = self.page
        trailing: list[FlowLine] = []
        n = page.last_used
        texts = 0  # lines of 正文 taken (附件说明 lines come along but do not count)
        while n in page.lines and texts < 2:
            fl = page.lines[n]
            if not fl.blank and not fl.movable:
                break
            trailing.insert(0, page.lines.pop(n))
            texts += 1 if fl.kind == "body" else 0
            n -= 1
        while trailing and trailing[0].blank:
            trailing.pop(0)
        remaining_text = any(not fl.blank for fl in page.lines.values())
        if len(self.pages) == 1 and not remaining_text:
            for k, fl in enumerate(trailing):
                page.lines[n + 1 + k] = fl
            return []
        for k in list(page.lines):
            if k > n:
                del page.lines[k]
        return trailing

    def add(self, block: Block) -> None:
        if block.new_page and (self.page.lines or len(self.pages) > 1 or self.line > 1):
            self._new_page()
        lines = list(block.lines)
        needed = len(lines) + block.reserve_after
        fits_a_page = needed <= L.LINES_PER_PAGE
        if block.keep_together and fits_a_page and needed > self._room():
            carried = self._carry_text_over()
            self._new_page()
            for fl in carried:
                self._put(fl)
            while lines and lines[0].blank and self.line == 1:
                lines.pop(0)
        for fl in lines:
            self._put(fl)
        if block.decorate is not None:
            anchor = block.lines[block.anchor]
            for page in reversed(self.pages):
                found = [n for n, fl in page.lines.items() if fl is anchor]
                if found:
                    page.decorations.append((found[0], block.decorate))
                    break
