"""Helpers the benchmark scripts share: which database, timing, query capture, EXPLAIN.

The benchmarks never touch the demo database (``var/zhongshu.sqlite3``): SQLite runs live in
their own data folder (``ZHONGSHU_DATA_DIR``, by default ``$TMPDIR/zhongshu-bench``) and
PostgreSQL runs in a database whose name contains ``bench``, because the generator drops and
recreates it. The environment is set before Django is imported, so the settings module reads
the benchmark's database and nothing else.

Figures are wall-clock milliseconds on a shared machine, so every line carries the 1-minute load
average at the time it was measured: a figure taken at load 6 on 2 cores is not comparable with
one taken at load 0.5.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = Path(tempfile.gettempdir()) / "zhongshu-bench"
DEMO_DATA_DIR = ROOT / "var"

#: Tables large enough that a sequential scan of them on a request path is a finding.
BIG_TABLES = (
    "flow_workitem",
    "audit_auditevent",
    "notifications_notification",
    "accounts_user",
    "organs_post",
    "documents_outgoingdocument",
    "documents_documentstep",
    "documents_docnumber",
    "documents_dispatchrecipient",
    "incoming_incomingdocument",
)

#: Usernames the generator gives the people the scripted runs log in as.
BENCH_ADMIN = "bench_system"
BENCH_AUDITOR = "bench_audit"
BENCH_PERSONS = {10: "bench_p10", 1000: "bench_p1k", 20000: "bench_p20k"}


def add_database_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="postgres://…/<name containing 'bench'>; empty means SQLite in --data-dir",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help=f"SQLite data folder (default {DEFAULT_DATA_DIR})",
    )


def configure(args: argparse.Namespace) -> str:
    """Point the settings at the benchmark database and start Django; return a label for it.

    Refuses the demo database and any PostgreSQL database not named for benchmarks.
    """
    url = (args.database_url or "").strip()
    data_dir = Path(args.data_dir).resolve()
    if data_dir == DEMO_DATA_DIR.resolve():
        sys.exit(f"refusing {data_dir}: that is the demo's data folder")
    if url:
        name = urlparse(url).path.lstrip("/")
        if not url.startswith(("postgres://", "postgresql://")) or "bench" not in name:
            sys.exit(f"refusing {url}: use a PostgreSQL database whose name contains 'bench'")
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["ZHONGSHU_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = url  # empty: SQLite, even if a .env names another database
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhongshu.config.settings"
    os.environ.setdefault("ZHONGSHU_LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    return f"PostgreSQL {urlparse(url).path.lstrip('/')}" if url else f"SQLite {data_dir}"


def loadavg() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def vendor() -> str:
    from django.db import connection

    return connection.vendor


# --- timing -----------------------------------------------------------------------------------


@dataclass
class Figures:
    """Timings (ms) and query counts of N runs of one scripted step."""

    label: str
    times: list[float]
    queries: list[int]
    rows: int | str = ""
    load: str = ""

    def line(self) -> str:
        times = sorted(self.times)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        q = (
            f"{min(self.queries)}"
            if min(self.queries) == max(self.queries)
            else (f"{min(self.queries)}–{max(self.queries)}")
        )
        return (
            f"{self.label:<46} n={len(times):<3} p50 {statistics.median(times):8.1f} ms  "
            f"p95 {p95:8.1f} ms  max {times[-1]:8.1f} ms  queries {q:<5} rows {self.rows}  "
            f"({self.load})"
        )


def measure(label: str, fn: Callable[[], object], *, n: int, rows: int | str = "") -> Figures:
    """Run ``fn`` once to warm caches, then ``n`` times, capturing time and queries of each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times, queries = [], []
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        queries.append(len(ctx.captured_queries))
    figures = Figures(label, times, queries, rows, loadavg())
    print(figures.line(), flush=True)
    return figures


def capture(fn: Callable[[], object]) -> list[dict]:
    """The queries one call of ``fn`` runs (``sql`` with literal parameters, ``time`` in s)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return list(ctx.captured_queries)


# --- EXPLAIN --------------------------------------------------------------------------------

_WRITE = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SELECT pg_)", re.I
)


_DECLARE = re.compile(r"^DECLARE .*? CURSOR WITH(OUT)? HOLD FOR ")
_PK_LOOKUP = re.compile(r'\."id" = \d+( LIMIT \d+)?$')


def main_queries(queries: list[dict], limit: int = 3) -> list[str]:
    """The slowest read queries of a step, primary-key look-ups aside: the ones to EXPLAIN."""
    reads = [q for q in queries if not _WRITE.match(q["sql"]) and not _PK_LOOKUP.search(q["sql"])]
    reads.sort(key=lambda q: float(q["time"]), reverse=True)
    # A server-side cursor (``.iterator()`` on PostgreSQL) is explained by its SELECT.
    return [_DECLARE.sub("", q["sql"]) for q in reads[:limit]]


def shorten(sql: str, limit: int = 700) -> str:
    """The query with its column list elided (the plan, not the columns, is the point)."""
    sql = re.sub(r"^SELECT (?!COUNT|DISTINCT)(.{120,}?) FROM", "SELECT … FROM", sql, count=1)
    return sql if len(sql) <= limit else sql[:limit] + " …"


def explain(sql: str) -> tuple[list[str], list[str]]:
    """The plan of ``sql`` and the big tables it scans sequentially.

    PostgreSQL: ``EXPLAIN (ANALYZE, BUFFERS)`` (runs the query). SQLite: ``EXPLAIN QUERY PLAN``,
    where ``SCAN t`` is the sequential scan (``SCAN t USING [COVERING] INDEX`` walks a whole
    index: also flagged, marked "whole index", since it reads every row's entry).
    """
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines = [row[0] for row in cursor.fetchall()]
            scans = [
                m.group(1)
                for line in lines
                if (m := re.search(r"Seq Scan on (\w+)", line)) and m.group(1) in BIG_TABLES
            ]
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            depth: dict[int, int] = {}
            lines = []
            for node, parent, _unused, detail in cursor.fetchall():
                depth[node] = depth.get(parent, -1) + 1
                lines.append(f"{'  ' * depth[node]}{detail}")
            scans = [
                m.group(1) + (" (whole index)" if " INDEX " in line else "")
                for line in lines
                if (m := re.search(r"\bSCAN (\w+)", line)) and m.group(1) in BIG_TABLES
            ]
    return lines, scans


def print_explains(label: str, queries: list[dict], limit: int = 3) -> list[str]:
    """Print the plan of each main query of one step; return the flagged sequential scans."""
    flagged = []
    for i, sql in enumerate(main_queries(queries, limit), start=1):
        lines, scans = explain(sql)
        print(f"\n  EXPLAIN [{label} #{i}] {shorten(sql)}")
        for line in lines:
            print(f"    {line}")
        for table in dict.fromkeys(scans):  # once per table, however many aliases
            note = f"SEQUENTIAL SCAN of big table {table} in {label} #{i}"
            print(f"  !! {note}")
            flagged.append(note)
    print(flush=True)
    return flagged


def header(title: str, database: str) -> None:
    print(f"\n=== {title} — {database} — {loadavg()} ===", flush=True)
