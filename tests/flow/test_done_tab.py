"""The 已办 tab read as two index-ordered arms (own items, items done for others), and the counts.

``workitems_for_user(tab=DONE)`` must list exactly what ``completed_by = u OR assignee = u``
lists, in ``-completed_at, -id`` order, across page boundaries; ``workitem_counts`` must equal
the counts of the single-query definition it replaced.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone

from tests.flow.factories import WorkItemFactory
from tests.organs.factories import UserFactory
from zhongshu.flow.models import WorkItem
from zhongshu.flow.selectors import Tab, _tab_filters, workitem_counts, workitems_for_user
from zhongshu.organs.models import Delegation

State = WorkItem.State


def _done(assignee, completed_by, minutes_ago, **kwargs):
    kwargs.setdefault("completed_at", timezone.now() - timedelta(minutes=minutes_ago))
    return WorkItemFactory(assignee=assignee, state=State.DONE, completed_by=completed_by, **kwargs)


@pytest.fixture
def history(clerk, director):
    """The clerk's done items interleaved in time: her own, ones she did for the director (委托),
    hers done by someone else, hers done by nobody recorded, and two others' she never saw."""
    other = UserFactory(full_name="钱同事")
    items = [
        _done(clerk, clerk, 1),
        _done(director, clerk, 2),  # done by the clerk for the director
        _done(clerk, other, 3),  # hers, done by a colleague (pooled step)
        _done(clerk, clerk, 4),
        _done(clerk, None, 5),  # hers, closed by the system
        _done(director, clerk, 6),
        _done(clerk, director, 7),
    ]
    same_time = items[0].completed_at
    items.append(_done(director, clerk, 0, completed_at=same_time))  # a tie: -id decides
    _done(director, director, 1)  # not hers
    _done(other, other, 2)
    WorkItemFactory(assignee=clerk)  # open: another tab
    WorkItemFactory(assignee=clerk, state=State.CANCELLED)
    return items


def _reference(user):
    return list(
        WorkItem.objects.filter(
            Q(state=State.DONE) & (Q(completed_by=user) | Q(assignee=user))
        ).order_by("-completed_at", "-id")
    )


def test_the_done_tab_lists_own_and_delegated_items_in_one_order(clerk, history):
    items = workitems_for_user(user=clerk, tab=Tab.DONE)
    expected = _reference(clerk)
    assert len(expected) == len(history) == 8
    assert items.count() == 8
    assert [i.pk for i in items[0:8]] == [i.pk for i in expected]
    assert len({i.pk for i in items[0:8]}) == 8  # no item twice (assignee and completer)


@pytest.mark.parametrize("per_page", [1, 3, 5])
def test_the_done_tab_pages_like_the_single_query(clerk, history, per_page):
    expected = [i.pk for i in _reference(clerk)]
    paginator = Paginator(workitems_for_user(user=clerk, tab=Tab.DONE), per_page)
    seen = []
    for number in paginator.page_range:
        seen += [i.pk for i in paginator.page(number)]
    assert seen == expected
    assert paginator.num_pages == -(-len(expected) // per_page)


def test_the_done_tab_honours_the_module_filter(clerk, director):
    _done(clerk, clerk, 1, module=WorkItem.Module.MEETINGS)
    keep = _done(director, clerk, 2, module=WorkItem.Module.MEETINGS)
    _done(clerk, clerk, 3, module=WorkItem.Module.DOCUMENTS)
    items = workitems_for_user(user=clerk, tab=Tab.DONE, module=WorkItem.Module.MEETINGS)
    assert items.count() == 2
    assert keep.pk in [i.pk for i in items[0:20]]


def test_the_done_tab_loads_its_page_in_two_queries_whatever_the_history(
    clerk, director, history, django_assert_num_queries
):
    items = workitems_for_user(user=clerk, tab=Tab.DONE)
    with django_assert_num_queries(2):  # one per arm, people joined
        page = items[0:3]
        names = [(i.assignee.full_name, i.completed_by and i.completed_by.full_name) for i in page]
    assert len(names) == 3
    with django_assert_num_queries(1):
        assert items.count() == 8


def test_the_counts_equal_the_single_query_definition(clerk, director, history):
    """GIVEN the director delegated document work to the clerk, with open items of both
    WHEN the counts are read
    THEN each equals the count of the tab's full filter (the former single aggregate)."""
    now = timezone.now()
    Delegation.objects.create(
        principal=director,
        delegate=clerk,
        scope=Delegation.Scope.DOCUMENTS,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=1),
        created_by=director,
    )
    WorkItemFactory(assignee=director, deadline=now - timedelta(hours=1))  # delegated, overdue
    WorkItemFactory(assignee=director, module=WorkItem.Module.MEETINGS)  # out of scope
    WorkItemFactory(assignee=clerk, kind=WorkItem.Kind.TO_READ, deadline=now - timedelta(days=1))
    WorkItemFactory(assignee=director, created_by=clerk)
    WorkItemFactory(assignee=clerk, created_by=clerk, state=State.CANCELLED)

    counts = workitem_counts(user=clerk, now=now)

    filters = _tab_filters(user=clerk)
    expected = {tab: WorkItem.objects.filter(q).count() for tab, q in filters.items()}
    expected["overdue"] = WorkItem.objects.filter(
        (filters[Tab.TODO] | filters[Tab.TO_READ]) & Q(deadline__lt=now)
    ).count()
    assert counts == expected
    assert counts == {"todo": 3, "to_read": 1, "done": 8, "started": 2, "overdue": 2}
    only_meetings = workitem_counts(user=clerk, module=WorkItem.Module.MEETINGS, now=now)
    assert only_meetings == {"todo": 0, "to_read": 0, "done": 0, "started": 0, "overdue": 0}
