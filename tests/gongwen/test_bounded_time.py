"""Every stage's time is bounded by the size of its input (issue #23).

The reader, the checker and the typesetters get random and adversarial text of up to 100,000
characters (``adversarial.SHAPES``: one huge title, thousands of short lines, no punctuation,
deep bracket nesting, ten thousand headings, one 50,000-character line, random text). Each
either finishes or refuses with ``DocumentTooLarge`` (a Chinese message naming the limit)
within ``BASE + PER_CHAR × characters`` of CPU time.

The bounds: CPU time measured on the 2-core development machine (2026-12-06, ``bench/render.py``
prints the worst case), with a margin of about 3× for slower machines. CPU time, not wall
time: the machine is shared, and a busy neighbour stretches wall time, not the work done.
Before issue #23 a 300-character title never finished; 10,000 lines took seconds in the
reader (a quadratic membership test) and 2,000 pages in the typesetter (deep brackets).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.gongwen.adversarial import FOOT, HEAD, SHAPES, huge_title_document, least_cpu_seconds
from zhongshu.gongwen import jobs
from zhongshu.gongwen.checker import check_document
from zhongshu.gongwen.limits import MAX_DOCUMENT_CHARS, MAX_PARAGRAPHS, DocumentTooLarge
from zhongshu.gongwen.reader import read_text
from zhongshu.gongwen.typeset.docx import render_docx
from zhongshu.gongwen.typeset.pdf import render_pdf

# (base seconds, seconds per character) of CPU time per stage. Measured worst cases per
# character: reader 3 µs, checker 3 µs, PDF 24 µs on small documents (where the fixed cost
# dominates) and 12 µs at 55,000 characters, .docx 65 µs (thousands of one-line paragraphs).
BOUNDS = {
    "read": (0.2, 10e-6),
    "check": (0.2, 10e-6),
    "pdf": (0.3, 40e-6),
    "docx": (0.5, 200e-6),
}

SIZES = (55_000, 100_000)


def bound(stage: str, size: int) -> float:
    base, per_char = BOUNDS[stage]
    return base + per_char * size


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """Fonts and jieba load once per process (about a second), not inside a measured stage."""
    jobs.warm()


def _timed(stage: str, size: int, function: Callable[..., Any], *args: Any) -> Any:
    """Run one stage; check its CPU time against the bound; return its result or refusal."""
    start = time.process_time()
    try:
        result = function(*args)
    except DocumentTooLarge as exc:
        result = exc
    spent = time.process_time() - start
    assert spent <= bound(stage, size), (
        f"{stage}: {spent:.2f} s of CPU for {size} characters, bound {bound(stage, size):.2f} s"
    )
    return result


def _refusal_is_clear(refusal: DocumentTooLarge) -> None:
    assert refusal.size > refusal.limit
    assert f"{refusal.limit:,}" in refusal.message
    assert refusal.what in refusal.message
    assert refusal.limit in {MAX_DOCUMENT_CHARS, MAX_PARAGRAPHS, 2 * MAX_DOCUMENT_CHARS}


def _run_stages(text: str, *, docx: bool = False) -> list[str]:
    """Reader → checker → PDF (→ .docx) on ``text``; the stages that refused."""
    size = len(text)
    refused = []
    read = _timed("read", size, read_text, text)
    if isinstance(read, DocumentTooLarge):
        _refusal_is_clear(read)
        return ["read"]
    document = read.document
    stages: list[tuple[str, Callable[..., Any]]] = [("check", check_document), ("pdf", render_pdf)]
    if docx:
        stages.append(("docx", render_docx))
    for stage, function in stages:
        result = _timed(stage, size, function, document)
        if isinstance(result, DocumentTooLarge):
            _refusal_is_clear(result)
            refused.append(stage)
    assert refused in ([], [stage for stage, _ in stages])  # all refuse, or none does
    return refused


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_each_adversarial_shape_finishes_or_is_refused_in_bounded_time(shape, size):
    refused = _run_stages(SHAPES[shape](size, 1), docx=size == SIZES[0])
    if size > 2 * MAX_DOCUMENT_CHARS:
        assert refused == ["read"]


def test_a_single_50000_character_line_is_typeset_not_refused():
    text = SHAPES["一行五万字"](50_000, 2)
    assert _run_stages(text) == []


def test_ten_thousand_headings_are_refused_with_the_paragraph_limit():
    markers = ("一、", "（一）", "1.", "（2）")
    text = HEAD + "\n".join(markers[i % 4] + "工作" for i in range(10_000)) + FOOT
    assert len(text) < MAX_DOCUMENT_CHARS  # refused for its paragraphs, not its length
    document = read_text(text).document
    with pytest.raises(DocumentTooLarge, match="段落过多") as refusal:
        render_pdf(document)
    assert refusal.value.limit == MAX_PARAGRAPHS


def test_reading_ten_times_the_lines_takes_about_ten_times_as_long():
    """Marking each line as found tested membership in a list of every line before: reading
    grew with the square of the number of lines (a ratio near 50 here)."""
    small = least_cpu_seconds(read_text, SHAPES["成千上万短行"](10_000, 4), runs=2)
    large = least_cpu_seconds(read_text, SHAPES["成千上万短行"](100_000, 4), runs=2)
    assert large < 25 * max(small, 0.005)  # measured: 14×


def test_deep_brackets_fill_their_lines():
    """A run of opening brackets longer than 禁则 can carry is broken inside, not carried
    whole: carrying it left one character per line (20,000 brackets: 470 pages)."""
    document = read_text(SHAPES["括号深度嵌套"](20_000, 5)).document
    pages = render_pdf(document).page_count
    assert pages <= 20_000 // (22 * 28) * 2 + 3


@pytest.mark.parametrize("size", [300, 5_000, 55_000])
def test_a_structured_document_with_a_huge_title_is_typeset_in_bounded_time(size):
    document = huge_title_document(size)
    result = _timed("pdf", size, render_pdf, document)
    assert result.page_count >= 1
    _timed("check", size, check_document, document)


@settings(
    max_examples=int(os.environ.get("BOUNDED_TIME_EXAMPLES", "10")),
    deadline=None,  # the bound is checked in CPU time by the test itself
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(
    shape=st.sampled_from(list(SHAPES)),
    size=st.integers(min_value=0, max_value=100_000),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_random_shapes_and_sizes_finish_or_are_refused_in_bounded_time(shape, size, seed):
    _run_stages(SHAPES[shape](size, seed))
