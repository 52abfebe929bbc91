"""Drawing on a ReportLab canvas in the page's own terms: millimetres from the top-left corner.

The standard and the tests speak of distances from the paper's top edge; ReportLab measures
points from the bottom. Everything above this module uses the standard's terms, and only the
painter converts. It also records where each element landed (``Placement``) so that tests and
callers can compare intention with the measured PDF.
"""

from __future__ import annotations

import io
import types
import zlib
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.text import Line


def _tune_reportlab() -> None:
    """Write binary streams at zlib level 1: two thirds of a render was spent in ReportLab's
    pure-Python ASCII85 encoder and in zlib level 6 over the embedded font subsets.

    Both settings are process-wide in ReportLab and only change how streams are encoded (the
    PDF stays valid and a few per cent larger), so they are safe for any other user of it.
    """
    rl_config.useA85 = 0
    pdfdoc.zlib = types.SimpleNamespace(
        compress=lambda data, level=1: zlib.compress(data, level), decompress=zlib.decompress
    )


_tune_reportlab()


@dataclass(frozen=True)
class Placement:
    """Where an element was drawn: page (1-based), box in mm from the paper's top-left."""

    kind: str
    page: int
    x: float
    top: float
    width: float
    height: float
    text: str = ""


class Painter:
    """A canvas that takes mm-from-top coordinates and logs placements."""

    def __init__(self, *, title: str = "", author: str = ""):
        self.buffer = io.BytesIO()
        self.canvas = Canvas(
            self.buffer,
            pagesize=(L.mm_to_pt(L.PAGE_WIDTH_MM), L.mm_to_pt(L.PAGE_HEIGHT_MM)),
            pageCompression=1,
        )
        self.canvas.setTitle(title)
        self.canvas.setAuthor(author)
        self.canvas.setCreator("中枢 zhongshu.gongwen (GB/T 9704-2012)")
        self.page = 1
        self.placements: list[Placement] = []
        self.squeezed: list[str] = []

    # --- coordinates -------------------------------------------------------------------------

    @staticmethod
    def x(mm: float) -> float:
        return L.mm_to_pt(mm)

    @staticmethod
    def y(mm_from_top: float) -> float:
        return L.mm_to_pt(L.PAGE_HEIGHT_MM - mm_from_top)

    def record(self, kind: str, x: float, top: float, width: float, height: float, text: str = ""):
        self.placements.append(Placement(kind, self.page, x, top, width, height, text))

    # --- drawing -----------------------------------------------------------------------------

    def text_line(
        self,
        line: Line,
        *,
        left_mm: float,
        baseline_mm: float,
        kind: str = "",
        hscale: float = 1.0,
    ) -> None:
        """Draw a laid-out line; consecutive glyphs of one font and spacing share one Tj."""
        if not line.glyphs:
            return
        left_mm, hscale = self._keep_inside(line, left_mm, hscale)
        self.canvas._code.append(self._text_operators(line, left_mm, baseline_mm, hscale))
        if kind:
            size = line.glyphs[0].size
            top = baseline_mm - L.pt_to_mm(size * L.EM_ASCENT)
            self.record(
                kind,
                left_mm + L.pt_to_mm(line.xs[0] * hscale),
                top,
                L.pt_to_mm(line.width * hscale),
                L.pt_to_mm(size),
                line.text,
            )

    def _keep_inside(self, line: Line, left_mm: float, hscale: float) -> tuple[float, float]:
        """Move (or, if it is wider than the 版心, squeeze) a line that would leave the 版心.

        Laid-out text never does; a one-line element with absurd content (a 发文字号 or a
        职务 of a hundred characters) would, and must still land on the paper. Each case is
        logged in ``squeezed`` for the result's warnings.
        """
        start = left_mm + L.pt_to_mm(line.xs[0] * hscale)
        width = L.pt_to_mm(line.width * hscale)
        low, high = L.MARGIN_LEFT_MM, L.BODY_RIGHT_MM + L.CHAR_PITCH_MM  # hanging punctuation
        if start >= low - 0.01 and start + width <= high + 0.01:
            return left_mm, hscale
        self.squeezed.append(line.text)
        if width > L.BODY_WIDTH_MM:
            factor = L.BODY_WIDTH_MM / width
            hscale *= factor
            left_mm = low - L.pt_to_mm(line.xs[0] * hscale)
        else:
            shift = low - start if start < low else L.BODY_RIGHT_MM - (start + width)
            left_mm += shift
        return left_mm, hscale

    def _text_operators(self, line: Line, left_mm: float, baseline_mm: float, hscale: float) -> str:
        """PDF text operators for ``line``, written directly (ReportLab's text object formats
        every number through a slow generic path; a page has thousands of them).

        Runs of one font, size, colour and spacing share a Tc; every font subset chunk gets its
        own Tm, because readers disagree on whether Tc follows the last glyph of a string
        (pdfminer omits it) and the grid must measure the same in all of them.
        """
        doc = self.canvas._doc
        escape = self.canvas._escape
        glyphs = line.glyphs
        xs = [x + g.offset for x, g in zip(line.xs, glyphs, strict=True)]
        origin = L.mm_to_pt(left_mm)
        y = L.mm_to_pt(L.PAGE_HEIGHT_MM - baseline_mm)
        ops = ["q BT"]
        if hscale != 1.0:
            ops.append(f"{hscale * 100:.4f} Tz")
        colour = font_key = spacing_now = None
        i, n = 0, len(glyphs)
        while i < n:
            g = glyphs[i]
            spacing = (xs[i + 1] - xs[i]) - g.natural if i + 1 < n else 0.0
            j = i + 1
            while j < n:
                h = glyphs[j]
                if h.font is not g.font or h.size != g.size or h.color != g.color:
                    break
                step = (xs[j + 1] - xs[j]) - h.natural if j + 1 < n else spacing
                if abs(step - spacing) > 0.01:
                    break
                j += 1
            if g.color != colour:
                ops.append("{:.3f} {:.3f} {:.3f} rg".format(*g.color))
                colour = g.color
            if spacing_now is None or abs(spacing - spacing_now) > 1e-4:
                ops.append(f"{spacing:.4f} Tc")
                spacing_now = spacing
            font = pdfmetrics.getFont(g.font.name)
            run = "".join(x.char for x in glyphs[i:j])
            k = i
            for subset, encoded in font.splitString(run, doc):
                key = (subset, g.font.name, g.size)
                if key != font_key:
                    ops.append(f"{font.getSubsetInternalName(subset, doc)} {g.size:.2f} Tf")
                    font_key = key
                x = origin + xs[k] * hscale
                ops.append(f"1 0 0 1 {x:.4f} {y:.4f} Tm ({escape(encoded)}) Tj")
                k += len(encoded)
            i = j
        ops.append("ET Q")
        return " ".join(ops)

    def rule(
        self,
        x0_mm: float,
        x1_mm: float,
        y_mm: float,
        thickness_mm: float,
        color: tuple[float, float, float] = L.BLACK_RGB,
        kind: str = "",
    ) -> None:
        """A horizontal line centred on ``y_mm``, drawn as a filled rectangle of exact thickness."""
        c = self.canvas
        c.saveState()
        c.setFillColorRGB(*color)
        c.rect(
            self.x(x0_mm),
            self.y(y_mm + thickness_mm / 2),
            L.mm_to_pt(x1_mm - x0_mm),
            L.mm_to_pt(thickness_mm),
            stroke=0,
            fill=1,
        )
        c.restoreState()
        if kind:
            self.record(kind, x0_mm, y_mm - thickness_mm / 2, x1_mm - x0_mm, thickness_mm)

    def image(self, data: bytes | str, x_mm: float, top_mm: float, w_mm: float, h_mm: float):
        source = io.BytesIO(data) if isinstance(data, bytes) else data
        self.canvas.drawImage(
            ImageReader(source),
            self.x(x_mm),
            self.y(top_mm + h_mm),
            L.mm_to_pt(w_mm),
            L.mm_to_pt(h_mm),
            mask="auto",
        )

    def seal_placeholder(self, cx_mm: float, cy_mm: float, diameter_mm: float) -> None:
        """A dashed red circle where the organ's seal goes, when no seal image was supplied.

        The platform never fabricates a seal: the real one is applied by the 用印 step (an image
        of the organ's electronic seal, or the physical seal on paper).
        """
        c = self.canvas
        c.saveState()
        c.setStrokeColorRGB(*L.RED_RGB)
        c.setLineWidth(0.8)
        c.setDash(4, 3)
        c.circle(self.x(cx_mm), self.y(cy_mm), L.mm_to_pt(diameter_mm / 2), stroke=1, fill=0)
        c.restoreState()

    def new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()
