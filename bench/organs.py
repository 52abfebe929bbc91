"""Benchmark: the 系统管理员's organ tree page and the people search.

The organ tree lists every organ on one page (no paging), so it grows with the city; the
people search matches names, user names and organ names with ``icontains`` across a join, the
shape most likely to read whole tables.

Usage: ``python bench/organs.py [--repeat N] [--database-url …] [--data-dir …]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import (
    BENCH_ADMIN,
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
    from zhongshu.organs.models import Organ
    from zhongshu.organs.selectors import people_search

    admin = User.objects.get(username=BENCH_ADMIN)
    client = Client()
    client.force_login(admin)
    people = User.objects.filter(admin_role="").count()

    def found(query: str) -> str:
        return f"{people_search(user=admin, query=query).count()} of {people} people (page ≤ 500)"

    flagged: list[str] = []
    pages = {
        "organ tree GET /organs/": ("/organs/", f"{Organ.objects.count()} organs"),
        "people search q=王 (surname)": ("/organs/people/?" + urlencode({"q": "王"}), found("王")),
        "people search q=u01234 (user name)": ("/organs/people/?q=u01234", found("u01234")),
        "people search q=区委0010 (organ)": (
            "/organs/people/?" + urlencode({"q": "区委0010"}),
            found("区委0010"),
        ),
        "people list (no query)": ("/organs/people/", found("")),
    }
    for label, (url, rows) in pages.items():
        measure(label, lambda u=url: _get(client, u), n=repeat, rows=rows)
    for label, (url, _rows) in pages.items():
        flagged += print_explains(label, capture(lambda u=url: _get(client, u)))
    return flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    add_database_args(parser)
    args = parser.parse_args()
    database = configure(args)
    header("organs", database)
    run(args.repeat)


if __name__ == "__main__":
    main()
