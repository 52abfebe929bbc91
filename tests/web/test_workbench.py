"""The workbench page through HTTP: tabs, counts, overdue marks, delegation, scope, queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.flow.factories import WorkItemFactory
from zhongshu.accounts.selectors import HOME_URL_NAMES, first_url
from zhongshu.flow.models import WorkItem
from zhongshu.organs.models import Delegation

URL = "/"


def test_the_workbench_is_the_site_root():
    assert reverse("web:workbench") == URL


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("admin", ["system_admin", "security_admin", "audit_admin"])
def test_administrators_are_sent_to_their_own_area(client, admin, request):
    user = request.getfixturevalue(admin)
    client.force_login(user)
    response = client.get(URL)
    expected = first_url(HOME_URL_NAMES[user.admin_role])
    if expected is None:  # that area is not built yet: a plain page, no work items
        assert response.status_code == 200
        assert "没有待办事项" in response.content.decode()
    else:
        assert response.status_code == 302
        assert response["Location"] == expected


def test_it_lists_my_open_items_with_counts_deadlines_and_overdue_marks(client, clerk, director):
    now = timezone.now()
    WorkItemFactory(
        assignee=clerk, title="核稿：全市防汛工作方案", deadline=now + timedelta(days=1)
    )
    WorkItemFactory(assignee=clerk, title="逾期：年度工作总结", deadline=now - timedelta(hours=2))
    WorkItemFactory(assignee=clerk, kind=WorkItem.Kind.TO_READ, title="传阅：省委文件")
    WorkItemFactory(assignee=director, title="别人的事项")
    client.force_login(clerk)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "核稿：全市防汛工作方案" in html
    assert "逾期：年度工作总结" in html
    assert "传阅：省委文件" not in html  # that one is on the 待阅 tab
    assert "别人的事项" not in html
    assert html.count('data-overdue="1"') == 1
    counts = response.context["counts"]
    assert (counts["todo"], counts["to_read"], counts["done"], counts["started"]) == (2, 1, 0, 0)
    assert counts["overdue"] == 1
    assert '<span class="badge ms-2 bg-primary text-primary-fg" data-count="todo">2</span>' in html


def test_each_item_opens_through_its_own_link(client, clerk):
    item = WorkItemFactory(assignee=clerk)
    client.force_login(clerk)
    html = client.get(URL).content.decode()
    assert reverse("flow:open", args=[item.pk]) in html


def test_the_to_read_tab_returns_only_the_tab_body_to_htmx(client, clerk):
    WorkItemFactory(assignee=clerk, kind=WorkItem.Kind.TO_READ, title="传阅：省委文件")
    WorkItemFactory(assignee=clerk, title="待办：核稿")
    client.force_login(clerk)

    response = client.get(URL, {"tab": "to_read"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "传阅：省委文件" in html
    assert "待办：核稿" not in html


def test_the_done_and_started_tabs(client, clerk, director):
    done = WorkItemFactory(
        assignee=clerk,
        title="已办完的核稿",
        state=WorkItem.State.DONE,
        completed_by=clerk,
        completed_at=timezone.now(),
    )
    WorkItemFactory(assignee=director, created_by=clerk, title="我请主任审核的稿件")
    client.force_login(clerk)

    done_html = client.get(URL, {"tab": "done"}).content.decode()
    started_html = client.get(URL, {"tab": "started"}).content.decode()

    assert done.title in done_html
    assert "我请主任审核的稿件" not in done_html
    assert "我请主任审核的稿件" in started_html
    assert "李主任" in started_html  # the assignee is shown on 我发起的


def test_it_filters_by_module(client, clerk):
    WorkItemFactory(assignee=clerk, module=WorkItem.Module.MEETINGS, title="会议回执")
    WorkItemFactory(assignee=clerk, module=WorkItem.Module.DOCUMENTS, title="公文核稿")
    client.force_login(clerk)

    response = client.get(URL, {"module": "meetings"})

    html = response.content.decode()
    assert "会议回执" in html
    assert "公文核稿" not in html
    assert response.context["counts"]["todo"] == 1


def test_an_unknown_tab_or_module_falls_back_to_everything(client, clerk):
    WorkItemFactory(assignee=clerk, title="公文核稿")
    client.force_login(clerk)
    response = client.get(URL, {"tab": "nonsense", "module": "astrology"})
    assert response.status_code == 200
    assert response.context["tab"] == "todo"
    assert "公文核稿" in response.content.decode()


def test_a_delegate_sees_the_principals_items_as_acting_for_them(
    client, clerk, director, system_admin
):
    now = timezone.now()
    Delegation.objects.create(
        principal=director,
        delegate=clerk,
        scope=Delegation.Scope.READ,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        created_by=system_admin,
    )
    WorkItemFactory(assignee=director, kind=WorkItem.Kind.TO_READ, title="主任的待阅文件")
    WorkItemFactory(assignee=director, kind=WorkItem.Kind.TODO, title="主任的签发事项")
    client.force_login(clerk)

    html = client.get(URL, {"tab": "to_read"}).content.decode()
    todo_html = client.get(URL).content.decode()

    assert "主任的待阅文件" in html
    assert "张文书 代 李主任" in html
    assert "主任的签发事项" not in todo_html  # the delegation covers reading only


def test_an_item_created_to_act_for_someone_shows_x_dai_y(client, clerk, principal):
    WorkItemFactory(assignee=clerk, acting_for=principal, title="代市长阅批")
    client.force_login(clerk)
    html = client.get(URL).content.decode()
    assert "张文书 代 王主要" in html


def test_it_paginates(client, clerk):
    WorkItem.objects.bulk_create(
        [
            WorkItem(
                assignee=clerk, kind="todo", module="documents", action="核稿", title=f"第{i}件"
            )
            for i in range(25)
        ]
    )
    client.force_login(clerk)
    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5
    assert "page=2" in first.content.decode()


def _bulk_items(user, other, n):
    now = timezone.now()
    WorkItem.objects.bulk_create(
        [
            WorkItem(
                assignee=user,
                acting_for=other if i % 3 == 0 else None,
                created_by=other,
                kind=WorkItem.Kind.TODO if i % 2 else WorkItem.Kind.TO_READ,
                module=WorkItem.Module.DOCUMENTS,
                action="核稿",
                title=f"事项{i}",
                deadline=now + timedelta(hours=i - n // 2),
            )
            for i in range(n)
        ]
    )


def _count_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_workbench_runs_the_same_number_of_queries_for_10_and_1000_items(
    client, clerk, director, django_assert_num_queries
):
    client.force_login(clerk)
    _bulk_items(clerk, director, 10)
    client.get(URL)  # warm the session and the content types
    baseline = _count_queries(client)

    _bulk_items(clerk, director, 990)
    with django_assert_num_queries(baseline):
        response = client.get(URL)
    assert response.context["counts"]["todo"] + response.context["counts"]["to_read"] == 1000


def test_the_overdue_filter_keeps_only_red_items_and_carries_along(client, clerk):
    now = timezone.now()
    WorkItemFactory(assignee=clerk, title="已超期的事项", deadline=now - timedelta(hours=1))
    WorkItemFactory(assignee=clerk, title="未到期的事项", deadline=now + timedelta(hours=1))
    client.force_login(clerk)

    response = client.get(URL, {"overdue": "1"})

    html = response.content.decode()
    assert "已超期的事项" in html
    assert "未到期的事项" not in html
    assert "tab=to_read&amp;overdue=1" in html  # the tabs keep the filter


def _bulk_done(user, other, n):
    """n done items: every third completed by ``user`` for ``other`` (委托), the rest hers."""
    now = timezone.now()
    WorkItem.objects.bulk_create(
        [
            WorkItem(
                assignee=other if i % 3 == 0 else user,
                completed_by=user,
                state=WorkItem.State.DONE,
                completed_at=now - timedelta(minutes=i),
                kind=WorkItem.Kind.TODO,
                module=WorkItem.Module.DOCUMENTS,
                action="核稿",
                title=f"已办{i:04d}",
            )
            for i in range(n)
        ]
    )


def test_the_done_tab_runs_the_same_number_of_queries_for_10_and_1000_items(
    client, clerk, director, django_assert_num_queries
):
    client.force_login(clerk)
    _bulk_done(clerk, director, 10)
    client.get(URL, {"tab": "done"})
    with CaptureQueriesContext(connection) as ctx:
        client.get(URL, {"tab": "done"})
    baseline = len(ctx.captured_queries)
    _bulk_done(clerk, director, 990)
    with django_assert_num_queries(baseline):
        response = client.get(URL, {"tab": "done", "page": 3})
    assert response.context["counts"]["done"] == 1000


def test_the_done_tab_interleaves_own_and_delegated_items_newest_first(client, clerk, director):
    """GIVEN 45 done items, every third the director's done by the clerk for him
    WHEN the clerk opens the 已办 tab's second page
    THEN it holds items 20–39 in completion order, whoever was the assignee."""
    _bulk_done(clerk, director, 45)
    client.force_login(clerk)
    response = client.get(URL, {"tab": "done", "page": 2})
    titles = [item.title for item in response.context["page"]]
    assert titles == [f"已办{i:04d}" for i in range(20, 40)]
    assert "第 2/3 页，共 45 项" in response.content.decode()
    assert "张文书 代 李主任" in response.content.decode()


def test_it_shows_times_as_days_a_clerk_reads_and_marks_what_is_due_today(client, clerk):
    """GIVEN items due tomorrow, later today and two days ago WHEN the clerk opens the workbench
    THEN the times read 今天/明天/月日 (no ISO dates), the one due today says 今日到期 and the
    late one says how late it is."""
    now = timezone.localtime()
    noon = now.replace(hour=12, minute=0, second=0, microsecond=0)
    # later today whatever the hour of the test run (23:59 at the latest)
    later_today = min(now + timedelta(minutes=30), now.replace(hour=23, minute=59, second=59))
    WorkItemFactory(assignee=clerk, title="明天到期", deadline=noon + timedelta(days=1))
    WorkItemFactory(assignee=clerk, title="今天到期", deadline=later_today)
    WorkItemFactory(assignee=clerk, title="两天前到期", deadline=now - timedelta(days=2, hours=1))
    client.force_login(clerk)

    html = client.get(URL).content.decode()

    assert "期限 明天 12:00" in html
    assert html.count('data-due-today="1"') == (1 if later_today > now else 0)
    assert "今日到期" in html or later_today <= now
    assert "已超期 2 天" in html
    assert "收到于 今天" in html
    assert now.strftime("%Y-%m-%d") not in html


def test_an_empty_tab_says_what_is_empty_and_offers_the_way_back_from_a_module_filter(
    client, clerk
):
    client.force_login(clerk)
    assert "没有待办事项" in client.get(URL).content.decode()
    assert "没有待阅文件" in client.get(URL, {"tab": "to_read"}).content.decode()
    html = client.get(URL, {"tab": "todo", "module": WorkItem.Module.MEETINGS}).content.decode()
    assert "查看全部模块" in html
    assert "没有超期的事项" in client.get(URL, {"overdue": "1"}).content.decode()


def test_the_done_tab_shows_no_deadline_to_meet_only_whether_it_was_missed(client, clerk):
    """GIVEN two done items, one finished after its deadline WHEN the 已办 tab shows THEN no
    "期限 明天" sits beside finished work; the late one says 超期办结."""
    now = timezone.now()
    on_time = WorkItemFactory(assignee=clerk, title="按期", deadline=now + timedelta(days=1))
    late = WorkItemFactory(assignee=clerk, title="超期", deadline=now - timedelta(days=2))
    for item in (on_time, late):
        WorkItem.objects.filter(pk=item.pk).update(
            state=WorkItem.State.DONE, completed_at=now, completed_by=clerk
        )
    client.force_login(clerk)
    html = client.get(URL, {"tab": "done"}).content.decode()
    assert "按期" in html and "超期" in html
    assert "期限" not in html.split('id="workbench"')[1]
    assert html.count('data-late="1"') == 1


def test_done_items_say_x_dai_y_only_when_done_under_a_delegation(
    client, clerk, director, organ_a, system_admin
):
    """GIVEN the clerk closed one of the director's items under a delegation, and the director's
    copy of a shared step (both held it; the clerk's act closed both) WHEN the clerk opens 已办
    THEN only the first reads "张文书 代 李主任"; the shared one says it was the same step."""
    from zhongshu.flow.services import workitem_complete, workitems_complete_for_target

    now = timezone.now()
    Delegation.objects.create(
        principal=director,
        delegate=clerk,
        scope=Delegation.Scope.ALL,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        created_by=system_admin,
    )
    delegated = WorkItemFactory(assignee=director, title="主任委托的事项")
    workitem_complete(item=delegated, actor=clerk)
    for person in (clerk, director):
        WorkItemFactory(assignee=person, title="共同的登记编号", target=organ_a)
    workitems_complete_for_target(target=organ_a, actor=clerk)
    client.force_login(clerk)

    html = client.get(URL, {"tab": "done"}).content.decode()

    assert html.count("张文书 代 李主任") == 1
    assert "与 李主任 同一环节，一并办结" in html
    client.force_login(director)
    assert "已由 张文书 办理" in client.get(URL, {"tab": "done"}).content.decode()
