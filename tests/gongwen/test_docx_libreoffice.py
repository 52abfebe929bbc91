"""The .docx, printed by LibreOffice, lands where our own PDF lands (slow but required).

Each document is written with ``render_docx``, converted with ``libreoffice --headless
--convert-to pdf`` (a private profile per run, so that parallel runs do not clash) and measured
with pdfplumber against ``render_pdf``: same page count, and the 标志's top, the title, the first
line of the 正文 and the 版记's last rule within 2 mm. Samples of every layout, and the 22 real
documents as the reader takes them from their text.

Those comparisons give LibreOffice the same stand-in fonts as the PDF typesetter (a private
fontconfig file aliasing the official family names to ``fonts.FALLBACKS``), so that they measure
layout, not fonts. The examples are also printed with the machine's own fontconfig, as a user's
LibreOffice prints them (``make`` installs the package's aliases, ``fontconfig_aliases``; without
them LibreOffice picks some CJK face): same page count as ``render_pdf`` and 28 characters on
every full line of the 主体. Without ``libreoffice`` the tests skip with the reason, unless
``ZHONGSHU_REQUIRE_BROWSER`` is set (CI), where a missing LibreOffice fails them.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

import pdfplumber
import pytest

from tests.gongwen import samples
from tests.gongwen.fixtures import fixture_names, load_fixture
from zhongshu.gongwen import examples
from zhongshu.gongwen.fonts import FALLBACKS, OFFICIAL_FAMILIES
from zhongshu.gongwen.reader import read_text
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.docx import render_docx
from zhongshu.gongwen.typeset.pdf import render_pdf

TOLERANCE_MM = 2.0
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A private LibreOffice profile and a fontconfig file with the stand-in fonts."""
    if LIBREOFFICE is None:
        reason = "未安装 LibreOffice（libreoffice），无法核对 .docx 的排版位置"
        if os.environ.get("ZHONGSHU_REQUIRE_BROWSER"):
            pytest.fail(f"ZHONGSHU_REQUIRE_BROWSER is set: {reason}", pytrace=False)
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("libreoffice")
    conf = root / "fonts.conf"
    conf.write_text(_fontconfig(), encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(root))
    return root, env


def _family_of(path: str) -> str | None:
    if not Path(path).is_file() or shutil.which("fc-scan") is None:
        return None
    fc_scan = shutil.which("fc-scan") or "fc-scan"
    out = subprocess.run(  # noqa: S603 - a fixed tool on a font path from fonts.FALLBACKS
        [fc_scan, "--format", "%{family[0]}\n", path], capture_output=True, text=True, timeout=30
    )
    return out.stdout.splitlines()[0] if out.stdout else None


def _fontconfig() -> str:
    rules = []
    for role, official in OFFICIAL_FAMILIES.items():
        families = [f for source in FALLBACKS[role] if (f := _family_of(source.path))]
        if not families:
            continue
        targets = "".join(f"<string>{escape(f)}</string>" for f in families)
        rules.append(
            f'<match target="pattern"><test name="family"><string>{escape(official)}</string></test>'
            f'<edit name="family" mode="assign" binding="strong">{targets}</edit></match>'
        )
    return (
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        + "".join(rules)
        + "</fontconfig>"
    )


def _convert(office, docx_bytes: bytes, name: str) -> Path:
    root, env = office
    source = root / f"{name}.docx"
    source.write_bytes(docx_bytes)
    profile = (root / "profile").as_uri()
    subprocess.run(  # noqa: S603 - LibreOffice on a file this test wrote
        [LIBREOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(root), str(source)],
        env=env, capture_output=True, timeout=240, check=False,
    )  # fmt: skip
    pdf = root / f"{name}.pdf"
    assert pdf.exists(), "LibreOffice 未能把 .docx 转换为 PDF"
    return pdf


MM = 25.4 / 72


def _lines(page) -> list[tuple[float, float, str]]:
    """Text lines of a page: (top mm, max size, text), characters grouped by baseline."""
    rows: dict[float, list] = defaultdict(list)
    for char in page.chars:
        rows[round(char["bottom"], 0)].append(char)
    out = []
    for chars in rows.values():
        chars.sort(key=lambda c: c["x0"])
        out.append(
            (
                min(c["top"] for c in chars) * MM,
                max(c["size"] for c in chars),
                "".join(c["text"] for c in chars),
            )
        )
    return sorted(out)


def _find(lines, start: str, *, min_size: float = 0.0, max_size: float = 99.0) -> float:
    for top, size, text in lines:
        if min_size <= size <= max_size and text.replace(" ", "").startswith(start):
            return top
    raise AssertionError(f"LibreOffice 输出中找不到以“{start}”开头的行")


def _compare(reference, printed: Path) -> list[str]:
    """Differences between our PDF (``reference``) and LibreOffice's print, in Chinese."""
    with pdfplumber.open(printed) as pdf:
        if len(pdf.pages) != reference.page_count:
            return [f"页数：PDF {reference.page_count} 页，LibreOffice {len(pdf.pages)} 页"]
        pages = {n: _lines(page) for n, page in enumerate(pdf.pages, 1)}
        rules = {
            n: [
                (r["top"] + r["bottom"]) / 2 * MM
                for r in page.lines + page.rects
                if r["width"] * MM > 100
            ]
            for n, page in enumerate(pdf.pages, 1)
        }
    checks: list[tuple[str, float, float]] = []
    masthead = reference.find("masthead")
    if masthead:
        first = masthead[0]
        got = _find(pages[first.page], first.text.replace(" ", "")[:2], min_size=30)
        checks.append(("发文机关标志", first.top, got))
    titles = reference.find("title")
    if titles:
        got = _find(pages[titles[0].page], titles[0].text[:4], min_size=20, max_size=26)
        checks.append(("标题", titles[0].top, got))
    bodies = reference.find("body")
    if bodies:
        body = bodies[0]
        checks.append(("正文首行", body.top, _find(pages[body.page], body.text[:4], max_size=17)))
    thick = reference.find("colophon_rule_thick")
    if thick:
        last = thick[-1]
        checks.append(("版记末条线", last.top + last.height / 2, max(rules[last.page])))
    assert checks, "没有可核对的位置"
    return [
        f"{element}：PDF {want:.1f} mm，LibreOffice {got:.1f} mm"
        for element, want, got in checks
        if abs(got - want) > TOLERANCE_MM
    ]


SAMPLES = ["notice", "short", "request", "order", "letter", "joint", "joint_request",
           "letter_format", "minutes", "two_page"]  # fmt: skip


@pytest.mark.parametrize("name", SAMPLES)
def test_libreoffice_prints_the_docx_where_our_pdf_prints(name, office):
    doc = samples.ALL[name]()
    assert _compare(render_pdf(doc), _convert(office, render_docx(doc), name)) == []


@pytest.fixture(scope="module")
def printed_fixtures(office):
    """The 22 real documents (as the reader takes them) written as .docx and printed by
    LibreOffice in one run (one process converts them all: much faster than one each)."""
    root, env = office
    documents = {}
    paths = []
    for name in fixture_names():
        fx = load_fixture(name)
        documents[name] = read_text(fx.body, hints=fx.hints()).document
        path = root / f"fx_{name}.docx"
        path.write_bytes(render_docx(documents[name]))
        paths.append(str(path))
    profile = (root / "profile").as_uri()
    subprocess.run(  # noqa: S603 - LibreOffice on files this test wrote
        [LIBREOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(root), *paths],
        env=env, capture_output=True, timeout=900, check=False,
    )  # fmt: skip
    return root, documents


@pytest.mark.parametrize("name", fixture_names())
def test_each_real_document_prints_from_docx_like_our_pdf(name, printed_fixtures):
    root, documents = printed_fixtures
    printed = root / f"fx_{name}.pdf"
    assert printed.exists(), "LibreOffice 未能把 .docx 转换为 PDF"
    assert _compare(render_pdf(documents[name]), printed) == []


def test_the_masthead_stays_35_mm_below_the_text_block_in_libreoffice(office):
    printed = _convert(office, render_docx(samples.notice()), "masthead")
    with pdfplumber.open(printed) as pdf:
        lines = _lines(pdf.pages[0])
    top = _find(lines, "江淮", min_size=30)
    assert abs(top - L.MASTHEAD_TOP_MM) <= TOLERANCE_MM


@pytest.fixture(scope="module")
def printed_with_system_fonts(tmp_path_factory):
    """The examples as .docx, printed in one LibreOffice run with the machine's own fontconfig
    (no FONTCONFIG_FILE, the user's HOME): what a user without the official fonts sees."""
    if LIBREOFFICE is None:
        pytest.skip("未安装 LibreOffice（libreoffice），无法核对 .docx 的排版位置")
    root = tmp_path_factory.mktemp("libreoffice_system_fonts")
    documents = {name: examples.load(name) for name in examples.names()}
    paths = []
    for name, document in documents.items():
        path = root / f"{name}.docx"
        path.write_bytes(render_docx(document))
        paths.append(str(path))
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    subprocess.run(  # noqa: S603 - LibreOffice on files this test wrote
        [LIBREOFFICE, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(root), *paths],
        env=env, capture_output=True, timeout=600, check=False,
    )  # fmt: skip
    return root, documents


HANGING = "，。、；：！？）》”’"  # may hang past the 版心's right edge, as in the PDF


def _body_lines(page) -> list[list[dict]]:
    """3号 lines of a page, each its characters from left to right; characters within 4 pt of
    one another's top are one line (stand-ins for missing glyphs sit a little higher or lower)."""
    chars = sorted(
        (c for c in page.chars if abs(c["size"] - L.BODY_FONT_PT) < 0.6 and c["text"] != " "),
        key=lambda c: c["top"],
    )
    groups: list[list[dict]] = []
    for char in chars:
        if groups and char["top"] - groups[-1][0]["top"] < 4:
            groups[-1].append(char)
        else:
            groups.append([char])
    return [sorted(group, key=lambda c: c["x0"]) for group in groups]


def _full_lines(pdf) -> list[tuple[int, int, str]]:
    """Lines of Chinese text that reach the right edge of the 版心: (indent in cells, characters
    inside the 版心, text). A full-width space counts one character even when the PDF leaves it
    out of its text. Lines with Latin letters or digits are left out: each editor gives those
    its own widths (LibreOffice rounds them up to whole grid cells), so only Chinese lines have
    one right count."""
    left, right = L.mm_to_pt(L.MARGIN_LEFT_MM), L.mm_to_pt(L.BODY_RIGHT_MM)
    pitch = L.CHAR_PITCH_PT
    found = []
    for page in pdf.pages:
        for line in _body_lines(page):
            text = "".join(c["text"] for c in line)
            inside = [c for c in line if c["x0"] < right - pitch / 2]
            hanging = line[len(inside) :]
            if (
                not inside
                or any(ord(ch) < 0x2E80 for ch in text)
                or max(c["x1"] for c in inside) < right - pitch / 2
                or inside[0]["x0"] < left - 2
                or any(c["text"] not in HANGING for c in hanging)
            ):
                continue
            gaps = sum(
                max(0, round((b["x0"] - a["x0"]) / pitch) - 1)
                for a, b in itertools.pairwise(inside)
            )
            found.append((round((inside[0]["x0"] - left) / pitch), len(inside) + gaps, text))
    return found


@pytest.mark.parametrize("name", examples.names())
def test_with_the_system_fonts_libreoffice_prints_the_pages_of_our_pdf(
    name, printed_with_system_fonts
):
    root, documents = printed_with_system_fonts
    printed = root / f"{name}.pdf"
    assert printed.exists(), "LibreOffice 未能把 .docx 转换为 PDF"
    with pdfplumber.open(printed) as pdf:
        assert len(pdf.pages) == render_pdf(documents[name]).page_count


@pytest.mark.parametrize("name", examples.names())
def test_with_the_system_fonts_every_full_line_holds_28_characters(name, printed_with_system_fonts):
    root, _ = printed_with_system_fonts
    with pdfplumber.open(root / f"{name}.pdf") as pdf:
        lines = _full_lines(pdf)
    wrong = [
        f"缩进 {indent} 格、版心内 {count} 字：{text}"
        for indent, count, text in lines
        if indent not in (0, L.PARAGRAPH_INDENT_CHARS) or indent + count != L.CHARS_PER_LINE
    ]
    assert wrong == []


def test_with_the_system_fonts_the_examples_have_full_lines_to_count(printed_with_system_fonts):
    root, documents = printed_with_system_fonts
    counted = 0
    for name in documents:
        with pdfplumber.open(root / f"{name}.pdf") as pdf:
            counted += len(_full_lines(pdf))
    assert counted >= 20  # the check above is not vacuous
