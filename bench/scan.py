"""Benchmark: ``flow_scan`` over the generated work items, twice.

The first run claims the generator's freshly due items (reminders, and escalations of those
already past their deadline); the second must claim nothing, since every claim is a conditional
UPDATE that only succeeds once. What the second run costs is the price of the periodic scan on
a quiet system: its listing queries over the open items.

To let the bench be run again on the same database, the claims of items due within a day either
side of now are cleared first (the generator's "fresh" items, and nothing long overdue).

Usage: ``python bench/scan.py [--database-url …] [--data-dir …]``
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import (
    add_database_args,
    capture,
    configure,
    header,
    loadavg,
    print_explains,
)


def run() -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from zhongshu.flow.models import WorkItem
    from zhongshu.flow.scan import flow_scan

    now = timezone.now()
    open_items = WorkItem.objects.filter(state=WorkItem.State.OPEN)
    reset = open_items.filter(
        deadline__gt=now - timedelta(days=1), deadline__lte=now + timedelta(days=2)
    ).update(reminded_at=None, escalated_at=None)
    print(
        f"work items {WorkItem.objects.count():,}, open {open_items.count():,}, "
        f"with deadline {open_items.filter(deadline__isnull=False).count():,}; "
        f"claims cleared on {reset} items due within a day of now"
    )
    flagged: list[str] = []
    # Both runs at the same instant: an item falling due between them would be new work.
    for run_no in (1, 2):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            result = flow_scan(now=now)
            seconds = time.perf_counter() - start
        # An escalation claimed for an item with no supervisor is a claim too.
        claimed = result.reminded + result.escalated + len(result.no_supervisor)
        verdict = ""
        if run_no == 2:
            verdict = "OK: nothing new" if claimed == 0 else "FAIL: the second run claimed items"
            if claimed:
                flagged.append(f"flow_scan run 2 claimed {claimed} items")
        print(
            f"flow_scan run {run_no}: reminded {result.reminded}, escalated {result.escalated}, "
            f"no supervisor {len(result.no_supervisor)}; {seconds * 1000:.0f} ms, "
            f"{claimed / seconds:,.0f} items/s, {len(ctx.captured_queries)} queries "
            f"({len(ctx.captured_queries) / max(claimed, 1):.1f} per item) {verdict} ({loadavg()})",
            flush=True,
        )
    flagged += print_explains("flow_scan listing", capture(lambda: flow_scan(now=now)))
    return flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_database_args(parser)
    args = parser.parse_args()
    database = configure(args)
    header("flow_scan", database)
    run()


if __name__ == "__main__":
    main()
