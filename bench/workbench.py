"""Benchmark: the workbench page, its counts query and the work-item API, at 10, 1,000 and
20,000 items per person.

The workbench is every business user's home page and lists all modules' work in one query
(architecture.md), so its cost per request must stay flat as a person's history grows. The runs
go through the Django test ``Client`` (middleware, session, templates: what a request costs
without the network), logged in with ``force_login``.

Usage: ``python bench/workbench.py [--repeat N] [--database-url …] [--data-dir …]``
(after ``bench/generate.py`` filled the same database).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import (
    BENCH_PERSONS,
    add_database_args,
    capture,
    configure,
    header,
    measure,
    print_explains,
)


def _get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url}: {response.status_code} {response.content[:300]!r}")
    return response


def run(repeat: int) -> list[str]:
    from django.test import Client

    from zhongshu.accounts.models import User
    from zhongshu.flow.models import WorkItem
    from zhongshu.flow.selectors import workitem_counts

    flagged: list[str] = []
    for size, username in BENCH_PERSONS.items():
        user = User.objects.get(username=username)
        rows = WorkItem.objects.filter(assignee=user).count()
        open_rows = WorkItem.objects.filter(assignee=user, state=WorkItem.State.OPEN).count()
        client = Client()
        client.force_login(user)
        rows_note = f"{rows} items, {open_rows} open"
        measure(
            f"workbench GET / 待办 [{size}]",
            lambda c=client: _get(c, "/"),
            n=repeat,
            rows=rows_note,
        )
        measure(
            f"workbench GET /?tab=done 已办 [{size}]",
            lambda c=client: _get(c, "/?tab=done"),
            n=repeat,
            rows=rows_note,
        )

        def counts(u=user):
            u.__dict__.pop("_flow_delegated_q", None)  # per-request cache: measure it cold
            return workitem_counts(user=u)

        measure(f"workitem_counts() [{size}]", counts, n=repeat, rows=str(counts()))
        measure(
            f"API GET /api/flow/items?tab=todo [{size}]",
            lambda c=client: _get(c, "/api/flow/items?tab=todo"),
            n=repeat,
            rows=rows_note,
        )
        measure(
            f"API GET /api/flow/items?tab=done [{size}]",
            lambda c=client: _get(c, "/api/flow/items?tab=done"),
            n=repeat,
            rows=rows_note,
        )
        if size == max(BENCH_PERSONS):
            for label, url in (
                ("workbench 待办", "/"),
                ("workbench 已办", "/?tab=done"),
                ("API 已办", "/api/flow/items?tab=done"),
            ):
                flagged += print_explains(
                    f"{label} [{size}]", capture(lambda c=client, u=url: _get(c, u))
                )
    return flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    add_database_args(parser)
    args = parser.parse_args()
    database = configure(args)
    header("workbench", database)
    run(args.repeat)


if __name__ == "__main__":
    main()
