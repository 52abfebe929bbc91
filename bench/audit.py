"""Benchmark: the 审计管理员's audit page filtered by person and by period, and ``audit_verify``
over the whole chain.

Each audit page request is itself an audited act (``audit.view``), so the timed request
includes one append to the chain under its lock: that is what the auditor waits for. The chain
walk is O(n) by design; its rate (events per second) says how long the nightly check takes.

Usage: ``python bench/audit.py [--repeat N] [--database-url …] [--data-dir …]``
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import (
    BENCH_AUDITOR,
    add_database_args,
    capture,
    configure,
    header,
    loadavg,
    measure,
    print_explains,
)


def _get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url}: {response.status_code} {response.content[:300]!r}")
    return response


def _default_period() -> dict:
    from datetime import date

    from zhongshu.audit.forms import default_period

    return {key: date.fromisoformat(value) for key, value in default_period().items()}


def run(repeat: int) -> list[str]:
    from django.test import Client
    from django.utils import timezone

    from zhongshu.accounts.models import User
    from zhongshu.audit.models import AuditEvent
    from zhongshu.audit.services import audit_verify

    auditor = User.objects.get(username=BENCH_AUDITOR)
    client = Client()
    client.force_login(auditor)
    total = AuditEvent.objects.count()
    # A person who acted: the actor of event 1000 (the same person on every run).
    sample = AuditEvent.objects.filter(seq=min(1000, total)).first()
    person = sample.actor_name if sample else "基准"
    person_rows = AuditEvent.objects.filter(actor_name__icontains=person).count()
    today = timezone.localdate()
    period = {"date_from": today - timedelta(days=60), "date_to": today - timedelta(days=31)}
    # The same month length eleven months back: an old period shows whether the query walks
    # every newer event to reach it.
    old = {"date_from": today - timedelta(days=340), "date_to": today - timedelta(days=311)}

    def rows_in(p):
        return AuditEvent.objects.filter(
            at__date__gte=p["date_from"], at__date__lte=p["date_to"]
        ).count()

    urls = {
        f"audit page, person={person}": ("/audit/?" + urlencode({"person": person}), person_rows),
        "audit page, last month": ("/audit/?" + urlencode(period), rows_in(period)),
        "audit page, a month 11 months ago": ("/audit/?" + urlencode(old), rows_in(old)),
        # No parameter at all: the page opens on its default period (the last 30 days).
        "audit page, first visit (default period)": ("/audit/", rows_in(_default_period())),
        # Both dates cleared: the whole trail (what "unfiltered" meant before the default).
        "audit page, whole trail": ("/audit/?date_from=&date_to=", total),
    }
    flagged: list[str] = []
    for label, (url, rows) in urls.items():
        measure(label, lambda u=url: _get(client, u), n=repeat, rows=f"{rows} of {total}")
    for label, (url, _rows) in urls.items():
        flagged += print_explains(label, capture(lambda u=url: _get(client, u)))

    for run_no in (1, 2):
        start = time.perf_counter()
        report = audit_verify()
        seconds = time.perf_counter() - start
        print(
            f"audit_verify run {run_no}: {report.checked:,} events in {seconds:.2f} s = "
            f"{report.checked / seconds:,.0f} events/s, ok={report.ok} {report.reason} ({loadavg()})",
            flush=True,
        )
        if not report.ok:
            flagged.append(f"audit chain broken at seq {report.broken_seq}: {report.reason}")
    return flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    add_database_args(parser)
    args = parser.parse_args()
    database = configure(args)
    header("audit", database)
    run(args.repeat)


if __name__ == "__main__":
    main()
