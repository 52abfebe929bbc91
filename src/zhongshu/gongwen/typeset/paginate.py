"""Placing the 主体 on pages of 22 grid lines.

The body of a 公文 is a flow of grid lines: each ``FlowLine`` fills exactly one line of the grid,
so a full page holds 22 of them. Blocks group lines with rules about page breaks:

* an attachment starts a new page (§7.3.7);
* a heading never ends a page: it keeps with the first line of its paragraph;
* the 署名/成文日期/印章 block is kept together, and it never stands on a page without 正文
  (standards.md §2.4). When it does not fit under the last text, the standard's remedy is to
  adjust the spacing (§7.3.5), in this order:

  1. one line short: the block's blank lines (above the 署名, and the one kept for the seal's
     lower half) tighten to gain that line, within ``layout.SIGNATURE_SQUEEZE_MIN_BLANK``, and
     the block stays on the text's page;
  2. otherwise the last line of 正文 (with the 附件说明 after it, and a heading that would be
     left alone above it) goes to the next page with the block: the fewest lines that give the
     signature's page its 正文. "此页无正文" is the 1999 rule and is not used;

* blank lines that would open a page are dropped.

Every page keeps the 22-line grid except the one where the block was tightened, and there only
the block's own lines move.
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
    squeezable: bool = False  # its leading blank lines and reserve may tighten (§7.3.5)
    on_squeeze: Callable[[], None] | None = None  # told when they did (for the warnings)


@dataclass
class Page:
    lines: dict[int, FlowLine] = field(default_factory=dict)
    decorations: list[tuple[int, DrawLine]] = field(default_factory=list)

    @property
    def last_used(self) -> int:
        return max(self.lines, default=0)

    def has_text(self) -> bool:
        return any(fl.kind == "body" and not fl.blank for fl in self.lines.values())


def blank(kind: str = "blank") -> FlowLine:
    return FlowLine(kind)


def _raised(draw: DrawLine, mm: float) -> DrawLine:
    def raised(painter: Painter, top_mm: float) -> None:
        draw(painter, top_mm - mm)

    return raised


def squeeze_shifts(block: Block, short: int) -> list[float] | None:
    """How far (mm) each of ``block``'s lines moves up when its blank lines tighten to gain
    ``short`` grid lines; None when that is more than ``layout.SIGNATURE_SQUEEZE_LINES`` or
    would tighten them past ``layout.SIGNATURE_SQUEEZE_MIN_BLANK``.

    Only the blank lines before the block's first text (the gap above the 署名) and its
    reserve below tighten; the lines inside it (between rows of joint seals) keep the grid's
    pitch, so the seals keep their distances.
    """
    if not block.squeezable or not 0 < short <= L.SIGNATURE_SQUEEZE_LINES:
        return None
    lead = 0
    while lead < len(block.lines) and block.lines[lead].blank:
        lead += 1
    spaces = lead + block.reserve_after
    if spaces == 0:
        return None
    kept = (spaces - short) / spaces  # share of a line each blank keeps
    if kept < L.SIGNATURE_SQUEEZE_MIN_BLANK:
        return None
    step = (1 - kept) * L.LINE_PITCH_MM
    return [step * min(i, lead) for i in range(len(block.lines))]


class Paginator:
    """Fills pages with blocks, starting page 1 at ``first_line``."""

    def __init__(self, first_line: int):
        self.pages = [Page()]
        self.line = first_line
        self.squeezed = False  # a block's blank lines were tightened (``squeeze_shifts``)

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
        self.page.lines[self.line] = flow_line
        self.line += 1

    def _room(self) -> int:
        return L.LINES_PER_PAGE - self.line + 1

    def _carry_text_over(self) -> list[FlowLine]:
        """Take off this page the fewest lines that give the signature's page its 正文: the last
        line of 正文, any 附件说明 (or 出席) after it, and a heading left alone above it.

        Nothing is taken when it would leave this page without 正文 (page 1 must show it,
        §7.3.3); the block then starts the next page alone, which only a 主送 of nearly a
        page could cause.
        """
        page = self.page
        taken: list[int] = []
        has_text = False
        for n in sorted(page.lines, reverse=True):
            fl = page.lines[n]
            if has_text and not fl.blank and not fl.keep_with_next:
                break  # the line above what is taken is text that may end a page
            if not fl.blank and not fl.movable:
                break
            taken.append(n)
            has_text = has_text or (fl.kind == "body" and not fl.blank)
        if not has_text:
            return []
        # Blank lines just above the taken text stay (they would open the next page).
        while taken and page.lines[taken[-1]].blank:
            taken.pop()
        rest = {n: fl for n, fl in page.lines.items() if n < taken[-1]}
        if not any(fl.kind == "body" and not fl.blank for fl in rest.values()):
            return []
        carried = [page.lines[n] for n in sorted(taken)]
        page.lines = rest
        return carried

    def _add_squeezed(self, block: Block, shifts: list[float]) -> None:
        """Place ``block`` on this page with its blank lines tightened by ``shifts``."""
        for i, fl in enumerate(block.lines):
            if fl.draw is not None and shifts[i]:
                fl.draw = _raised(fl.draw, shifts[i])
            self.page.lines[self.line + i] = fl
        if block.decorate is not None:
            anchor_line = self.line + block.anchor
            self.page.decorations.append(
                (anchor_line, _raised(block.decorate, shifts[block.anchor]))
            )
        self.line += len(block.lines) + block.reserve_after
        self.squeezed = True
        if block.on_squeeze is not None:
            block.on_squeeze()

    def _put_all(self, lines: list[FlowLine]) -> None:
        """Put ``lines`` one after another; a heading that would end a page opens the next."""
        for i, fl in enumerate(lines):
            if fl.keep_with_next and (i == 0 or not lines[i - 1].keep_with_next):
                run = 1
                while i + run < len(lines) and lines[i + run].keep_with_next:
                    run += 1
                followed = i + run < len(lines)
                if followed and 1 < self.line <= L.LINES_PER_PAGE < self.line + run:
                    self._new_page()
            self._put(fl)

    def add(self, block: Block) -> None:
        if block.new_page and (self.page.lines or len(self.pages) > 1 or self.line > 1):
            self._new_page()
        lines = list(block.lines)
        needed = len(lines) + block.reserve_after
        fits_a_page = needed <= L.LINES_PER_PAGE
        if block.keep_together and fits_a_page and needed > self._room():
            shifts = squeeze_shifts(block, needed - self._room())
            if shifts is not None and self.page.has_text():
                self._add_squeezed(block, shifts)
                return
            carried = self._carry_text_over()
            self._new_page()
            self._put_all(carried)
            while lines and lines[0].blank and self.line == 1:
                lines.pop(0)
        self._put_all(lines)
        if block.decorate is not None:
            anchor = block.lines[block.anchor]
            for page in reversed(self.pages):
                found = [n for n, fl in page.lines.items() if fl is anchor]
                if found:
                    page.decorations.append((found[0], block.decorate))
                    break
