"""The 收文 item page and one step posted from it run a pinned number of queries (style.md
§39), per step and person: the page asks who may see the document once per request (issue #11),
not once per action it might offer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.queries import query_count
from zhongshu.documents.incoming.models import IncomingDocument

Status = IncomingDocument.Status

# Before the visibility answer was remembered for the request the figures were
# (pending/clerk 64, registered/clerk 67, proposed/leader 131, handling/head 129; posted 初审
# 51).
ITEM_PAGE_QUERIES = [
    (Status.PENDING, "clerk", 35),
    (Status.REGISTERED, "clerk", 38),
    (Status.PROPOSED, "leader", 37),
    (Status.HANDLING, "head_general", 35),
]


def _count(client, url: str) -> int:
    """Queries of a second request (the first fills the per-process caches)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return query_count(ctx)


@pytest.mark.parametrize(("status", "who", "expected"), ITEM_PAGE_QUERIES)
def test_the_item_page_runs_a_pinned_number_of_queries(cast, status, who, expected):
    document = cast.advance(cast.receive(), status)
    client = Client()
    client.force_login(getattr(cast, who))

    count = _count(client, document.get_absolute_url())

    assert count == expected


def test_a_posted_step_runs_a_pinned_number_of_queries(cast):
    document = cast.advance(cast.receive(), Status.REGISTERED)
    client = Client()
    client.force_login(cast.clerk)
    client.get(document.get_absolute_url())

    with CaptureQueriesContext(connection) as ctx:
        response = client.post(f"/incoming/{document.pk}/act/screen/", {"opinion": "格式规范"})

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.SCREENED
    assert query_count(ctx) == 49
