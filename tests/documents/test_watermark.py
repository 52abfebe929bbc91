"""The per-person watermark: an incremental update over the issued PDF."""

from __future__ import annotations

import io
import shutil

import pdfplumber
import pytest

from tests.documents.conftest import FAKE_PDF
from zhongshu.documents.watermark import WatermarkError, add_watermark


def _chars(pdf: bytes, page: int = 0) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join(c["text"] for c in doc.pages[page].chars)


def test_the_mark_is_appended_and_the_original_bytes_stay_intact():
    marked = add_watermark(FAKE_PDF, "赵某 zhao 2026-11-27 秘密")

    assert marked.startswith(FAKE_PDF)
    assert marked.rstrip().endswith(b"%%EOF")
    text = _chars(marked)
    assert "zhongshu test" in text
    assert "zhao" in text
    assert "赵某" in text


def test_every_page_of_a_real_typeset_document_is_marked():
    from tests.documents.conftest import content
    from zhongshu.gongwen.model import load_document
    from zhongshu.gongwen.typeset.pdf import render_pdf

    body = [{"text": "为做好工作，现就有关事项通知如下。" * 12, "level": 0}] * 12
    pdf = render_pdf(load_document(content(body=body))).pdf

    marked = add_watermark(pdf, "钱某 qian")

    with pdfplumber.open(io.BytesIO(marked)) as doc:
        assert len(doc.pages) >= 2
        for page in doc.pages:
            assert "qian" in "".join(c["text"] for c in page.chars)


def test_it_refuses_what_is_not_a_pdf():
    with pytest.raises(WatermarkError):
        add_watermark(b"PK\x03\x04 not a pdf", "x")


def test_it_refuses_an_already_updated_pdf():
    with pytest.raises(WatermarkError, match="incrementally updated"):
        add_watermark(add_watermark(FAKE_PDF, "a"), "b")


# --- the mark renders in every viewer: an embedded TrueType font (not STSong-Light) ----------


def _typeset() -> bytes:
    from tests.documents.conftest import content
    from zhongshu.gongwen.model import load_document
    from zhongshu.gongwen.typeset.pdf import render_pdf

    return render_pdf(load_document(content())).pdf


def _dark_pixels(pdf: bytes, tmp_path, name: str) -> int:
    """Pixels of page 1 darker than white, as poppler's pdftoppm renders it (grey, 36 dpi)."""
    import subprocess

    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
        [
            shutil.which("pdftoppm") or "pdftoppm",
            "-gray",
            "-r",
            "36",
            "-f",
            "1",
            "-l",
            "1",
            str(source),
            str(tmp_path / name),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    image = next(tmp_path.glob(f"{name}*.pgm")).read_bytes()
    # P5 header: magic, width, height, maxval, then one byte a pixel
    header = image.split(maxsplit=4)
    width, height = int(header[1]), int(header[2])
    pixels = image[len(image) - width * height :]
    return sum(1 for value in pixels if value < 250)


def _fonts(pdf: bytes, tmp_path) -> list[tuple[str, str, int]]:
    """pdffonts' list: (name, embedded yes/no, object number)."""
    import subprocess

    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
        [shutil.which("pdffonts") or "pdffonts", str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        rows.append((parts[0], parts[-5], int(parts[-2])))
    return rows


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_poppler_renders_the_watermark(tmp_path):
    pdf = _typeset()

    plain = _dark_pixels(pdf, tmp_path, "plain")
    marked = _dark_pixels(add_watermark(pdf, "钱某 qian 2026-11-27 10:00 秘密"), tmp_path, "marked")

    # the grid of grey text covers much of the page (measured: about 3× the plain page's ink)
    assert marked > plain * 1.5


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_the_watermark_font_is_embedded_and_is_the_typesetters(tmp_path):
    import re

    pdf = _typeset()
    size = int(re.search(rb"/Size\s+(\d+)", pdf[pdf.rindex(b"trailer") :]).group(1))

    marked = add_watermark(pdf, "钱某 qian 2026-11-27 10:00 秘密")

    added = [row for row in _fonts(marked, tmp_path) if row[2] >= size]
    assert added, "the watermark brings its own font"
    assert all(embedded == "yes" for _name, embedded, _n in added)
    assert any("UMing" in name for name, _e, _n in added)  # the typesetter's 宋体
    assert b"STSong" not in marked


def test_a_copy_number_is_stamped_above_the_mark_of_a_master_sealed_before_its_slot():
    """A classified PDF sealed before the 份号 had its line (密级 on line 1): the number goes
    one line higher, in the 天头, never over the 密级."""
    from tests.documents.conftest import content
    from zhongshu.documents.watermark import stamp
    from zhongshu.gongwen.model import load_document
    from zhongshu.gongwen.typeset import layout as L
    from zhongshu.gongwen.typeset.pdf import render_pdf

    pdf = render_pdf(load_document(content(classification="秘密", classification_period="1年"))).pdf

    copy = stamp(pdf, copies=[12])

    with pdfplumber.open(io.BytesIO(copy)) as doc:
        words = doc.pages[0].extract_words()
    number = next(w for w in words if w["text"] == "000012")
    mark = next(w for w in words if w["text"].startswith("秘密"))
    assert number["bottom"] <= mark["top"]
    assert number["top"] * 25.4 / 72 == pytest.approx(L.line_top_mm(1) - L.LINE_PITCH_MM, abs=1.5)


def test_stamping_nothing_returns_the_pdf_unchanged():
    from zhongshu.documents.watermark import stamp

    assert stamp(FAKE_PDF) is FAKE_PDF
