"""Run every scripted benchmark against the database ``bench/generate.py`` filled.

Usage: ``python bench/run.py [--repeat N] [--only workbench,audit,organs,documents,scan]
[--database-url …] [--data-dir …]``

Prints, per step, p50/p95/max in ms, queries per request and rows, each with the load average,
then the EXPLAIN of the main queries and, at the end, every sequential scan of a big table that
those plans showed. The scan runs last among the writers' neighbours on purpose: it creates
notifications, which the other steps do not read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import add_database_args, configure, header, loadavg

GROUPS = ("workbench", "audit", "organs", "documents", "scan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", default=",".join(GROUPS))
    add_database_args(parser)
    args = parser.parse_args()
    database = configure(args)

    import scan
    import workbench

    import audit
    import documents
    import organs
    from zhongshu.audit.models import AuditEvent
    from zhongshu.flow.models import WorkItem

    print(
        f"bench on {database}: {WorkItem.objects.count():,} work items, "
        f"{AuditEvent.objects.count():,} audit events, repeat {args.repeat}, {loadavg()}"
    )
    flagged: list[str] = []
    for group in args.only.split(","):
        header(group, database)
        if group == "workbench":
            flagged += workbench.run(args.repeat)
        elif group == "audit":
            flagged += audit.run(args.repeat)
        elif group == "organs":
            flagged += organs.run(args.repeat)
        elif group == "documents":
            flagged += documents.run(args.repeat)
        elif group == "scan":
            flagged += scan.run()
        else:
            sys.exit(f"unknown group {group}; choose from {', '.join(GROUPS)}")
    print(f"\n=== findings ({loadavg()}) ===")
    for note in flagged or ["no sequential scan of a big table in the explained queries"]:
        print(f"  {note}")


if __name__ == "__main__":
    main()
