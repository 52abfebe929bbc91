"""Counting a request's queries the same way on SQLite and PostgreSQL.

On PostgreSQL every audit line first takes the audit chain's advisory lock
(``SELECT pg_advisory_xact_lock(…)``, see ``audit/services.py``), a query SQLite has no need of:
it serialises writers by its own write lock. Pinned query counts leave those out, so one number
holds on both databases and still moves when a page reads more.
"""

from __future__ import annotations

from django.test.utils import CaptureQueriesContext


def query_count(ctx: CaptureQueriesContext) -> int:
    """The captured queries, without the audit chain's PostgreSQL advisory locks."""
    return sum(1 for q in ctx.captured_queries if "pg_advisory_xact_lock" not in q["sql"])
