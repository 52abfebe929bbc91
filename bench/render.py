"""Benchmark: GB/T 9704 PDF rendering of the example 通知, against LibreOffice converting its .docx.

Usage: ``python bench/render.py [--iterations N] [--no-libreoffice] [--no-worst-case]``

Fonts and jieba are loaded before timing (a server renders many documents per process). The
render is timed in wall-clock time and in this process's CPU time: on a shared machine the CPU
time is the fairer number, and both are printed with the load average. LibreOffice runs only
when the .docx writer (``zhongshu.gongwen.typeset.docx``) is importable; its first conversion
(profile creation) is reported apart from the warm ones.

Targets (the issue): the 3-page document in under 50 ms, and at least 20× faster than
``libreoffice --headless --convert-to pdf``.

Beside it, the worst case of issue #23: every adversarial shape of ``tests/gongwen/adversarial``
(one huge title, thousands of short lines, no punctuation, deep brackets, 10,000 headings, a
50,000-character line, random text) at 25,000 and 55,000 characters (under the size limit:
read, checked and typeset, unless they have over 5,000 paragraphs) and at 100,000 (read, then
refused by the checker and the typesetter), in CPU time per stage; and a 300-character title
through ``break_title``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(ROOT))  # tests.gongwen.adversarial: the inputs of the worst case

from zhongshu.gongwen.fonts import resolve_fonts  # noqa: E402
from zhongshu.gongwen.limits import DocumentTooLarge  # noqa: E402
from zhongshu.gongwen.model import load_document  # noqa: E402
from zhongshu.gongwen.typeset.pdf import render_pdf  # noqa: E402
from zhongshu.gongwen.typeset.title import warm_up  # noqa: E402

EXAMPLE = ROOT / "src" / "zhongshu" / "gongwen" / "examples" / "notice.json"


def bench_render(iterations: int) -> tuple[float, float, int]:
    document = load_document(EXAMPLE.read_bytes())
    resolve_fonts()
    warm_up()
    pages = render_pdf(document).page_count
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(iterations):
        render_pdf(document)
    wall = (time.perf_counter() - wall0) / iterations
    cpu = (time.process_time() - cpu0) / iterations
    return wall, cpu, pages


def _cpu(function, *args):
    start = time.process_time()
    try:
        result = function(*args)
    except DocumentTooLarge as exc:
        result = exc
    return time.process_time() - start, result


def bench_worst_case(
    sizes: tuple[int, ...] = (25_000, 55_000, 100_000),
) -> list[tuple[str, int, dict[str, float], list[str]]]:
    """CPU seconds per stage for each adversarial shape and size, and the stages that refused."""
    from tests.gongwen.adversarial import SHAPES

    from zhongshu.gongwen.checker import check_document
    from zhongshu.gongwen.reader import read_text

    rows = []
    for name, make in SHAPES.items():
        for size in sizes:
            text = make(size, 1)
            stages: dict[str, float] = {}
            refused: list[str] = []
            spent, read = _cpu(read_text, text)
            stages["read"] = spent
            if isinstance(read, DocumentTooLarge):
                refused.append("read")
            else:
                for stage, function in (("check", check_document), ("pdf", render_pdf)):
                    spent, result = _cpu(function, read.document)
                    stages[stage] = spent
                    if isinstance(result, DocumentTooLarge):
                        refused.append(stage)
            rows.append((name, len(text), stages, refused))
    return rows


def bench_long_title(runs: int = 20) -> float:
    """Best CPU time of breaking a 300-character title (was: never finished)."""
    from tests.gongwen.adversarial import huge_title_document

    from zhongshu.gongwen.typeset.body import TITLE_MAX_UNITS
    from zhongshu.gongwen.typeset.title import break_title

    title = huge_title_document(300).title
    return min(_cpu(break_title, title, TITLE_MAX_UNITS)[0] for _ in range(runs))


def bench_libreoffice(runs: int) -> tuple[float, list[float]] | str:
    try:
        from zhongshu.gongwen.typeset.docx import render_docx
    except ImportError as exc:
        return f"skipped: the .docx writer is not available ({exc})"
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        return "skipped: libreoffice is not installed"
    document = load_document(EXAMPLE.read_bytes())
    with tempfile.TemporaryDirectory(prefix="zhongshu-bench-") as tmp:
        source = Path(tmp) / "notice.docx"
        source.write_bytes(render_docx(document))
        profile = Path(tmp) / "profile"
        command = [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        times = []
        for _ in range(runs + 1):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, timeout=300)  # noqa: S603
            times.append(time.perf_counter() - start)
        if not (Path(tmp) / "notice.pdf").is_file():
            return "failed: LibreOffice produced no PDF"
    return times[0], times[1:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--libreoffice-runs", type=int, default=3)
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--no-worst-case", action="store_true")
    args = parser.parse_args()

    load = os.getloadavg()[0]
    wall, cpu, pages = bench_render(args.iterations)
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f}")
    print(
        f"render_pdf, example 通知 ({pages} pages incl. attachment and 版记), {args.iterations} runs:"
    )
    print(f"  {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU per document")
    print(f"  {1 / wall:.1f} documents/s wall, {1 / cpu:.1f} documents/s CPU")
    print(f"  target < 50 ms: {'met' if min(wall, cpu) < 0.050 else 'NOT met'} (CPU time)")
    if not args.no_worst_case:
        _print_worst_case(cpu)
    if args.no_libreoffice:
        return 0
    office = bench_libreoffice(args.libreoffice_runs)
    if isinstance(office, str):
        print(f"libreoffice --headless --convert-to pdf: {office}")
        return 0
    first, warm = office
    best = min(warm)
    print("libreoffice --headless --convert-to pdf of the same document as .docx:")
    print(
        f"  first run (creates its profile) {first * 1000:.0f} ms; warm runs "
        + ", ".join(f"{t * 1000:.0f}" for t in warm)
        + " ms"
    )
    print(f"  render_pdf is {best / wall:.0f}× faster (wall, against the best warm run)")
    return 0


def _print_worst_case(example_cpu: float) -> None:
    title = bench_long_title()
    print(f"break_title, 300-character title: {title * 1000:.1f} ms CPU (target < 20 ms)")
    rows = bench_worst_case()
    print("adversarial input (issue #23), CPU seconds per stage:")
    for name, size, stages, refused in rows:
        times = ", ".join(f"{stage} {value:.2f}" for stage, value in stages.items())
        note = f"  (refused by {' and '.join(refused)})" if refused else ""
        print(f"  {name}  {size:>7,} chars: {times}{note}")
    name, size, stages, _ = max(rows, key=lambda row: sum(row[2].values()))
    total = sum(stages.values())
    print(
        f"  worst case: {name}, {size:,} chars, {total:.2f} s CPU for read + check + PDF "
        f"(the example: {example_cpu * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    sys.exit(main())
