"""The 待办/待阅 tabs sort and limit ids before joining the people (bench/README.md, slow spot 1).

The order (urgent, nearest deadline, newest) matches no index, so the page must not join every
open item of a person to ``accounts_user`` before keeping twenty: the page is one query whose
inner select orders and limits the work items alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.flow.factories import WorkItemFactory
from zhongshu.flow.models import WorkItem
from zhongshu.flow.selectors import (
    _ORDERING,
    Tab,
    _tab_filters,
    workitem_counts,
    workitems_for_user,
)


def _items(clerk, director):
    now = timezone.now()
    for n in range(30):
        WorkItemFactory(
            assignee=clerk,
            created_by=director,
            title=f"事项{n}",
            urgent=n % 7 == 0,
            deadline=None if n % 3 == 0 else now + timedelta(hours=n),
        )
    WorkItemFactory(assignee=clerk, kind=WorkItem.Kind.TO_READ, title="传阅件")


def test_the_pages_list_exactly_the_tab_in_its_order(clerk, director):
    """GIVEN 30 open 待办 of mixed urgency and deadlines WHEN paged by 20 THEN the pages hold
    what one ordered query over the tab's filter holds, in the same order, and the count is
    the workbench count's."""
    _items(clerk, director)
    expected = list(
        WorkItem.objects.filter(_tab_filters(user=clerk)[Tab.TODO])
        .order_by(*_ORDERING[Tab.TODO])
        .values_list("pk", flat=True)
    )
    paginator = Paginator(workitems_for_user(user=clerk, tab=Tab.TODO), 20)
    got = [item.pk for number in paginator.page_range for item in paginator.page(number)]
    assert got == expected
    assert paginator.count == workitem_counts(user=clerk)["todo"] == 30


def test_the_page_is_one_query_that_limits_the_work_items_before_joining_people(clerk, director):
    _items(clerk, director)
    items = workitems_for_user(user=clerk, tab=Tab.TODO).use_count(30)
    with CaptureQueriesContext(connection) as ctx:
        page = items[0:20]
        assert [item.created_by.full_name for item in page] == ["李主任"] * 20  # joined
    assert len(ctx.captured_queries) == 1
    sql = ctx.captured_queries[0]["sql"].upper()
    inner = sql[sql.index("IN (SELECT") :]
    assert "LIMIT 20" in inner
    assert "ACCOUNTS_USER" not in inner  # the people meet only the page's rows


def test_an_empty_tab_costs_no_page_query(clerk, django_assert_num_queries):
    items = workitems_for_user(user=clerk, tab=Tab.TO_READ).use_count(0)
    with django_assert_num_queries(0):
        assert list(Paginator(items, 20).get_page(1)) == []
