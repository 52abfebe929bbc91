"""Work-item pages through HTTP: open, detail, complete, hand-over; scope refusals are 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.flow.factories import WorkItemFactory
from tests.organs.factories import UserFactory
from zhongshu.flow.models import WorkItem, WorkItemTransition
from zhongshu.organs.models import Delegation


def test_opening_my_item_leads_to_its_object(client, clerk):
    item = WorkItemFactory(assignee=clerk, url="/documents/42/")
    client.force_login(clerk)
    response = client.get(reverse("flow:open", args=[item.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/documents/42/"
    assert (
        WorkItem.objects.get(pk=item.pk).state == WorkItem.State.OPEN
    )  # a 待办 is not done by opening


def test_opening_a_to_read_item_marks_it_read(client, clerk):
    item = WorkItemFactory(assignee=clerk, kind=WorkItem.Kind.TO_READ, url="/documents/7/")
    client.force_login(clerk)
    response = client.get(reverse("flow:open", args=[item.pk]))
    assert response["Location"] == "/documents/7/"
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE
    assert item.completed_by == clerk


def test_an_item_with_an_offsite_url_opens_its_detail_page_instead(client, clerk):
    item = WorkItemFactory(assignee=clerk, url="https://evil.example/phish")
    client.force_login(clerk)
    response = client.get(reverse("flow:open", args=[item.pk]))
    assert response["Location"] == reverse("flow:detail", args=[item.pk])


@pytest.mark.parametrize("intruder", ["outsider", "director"])
def test_another_persons_item_does_not_exist_for_me(client, clerk, intruder, request):
    item = WorkItemFactory(assignee=clerk, kind=WorkItem.Kind.TO_READ)
    client.force_login(request.getfixturevalue(intruder))
    assert client.get(reverse("flow:open", args=[item.pk])).status_code == 404
    assert client.get(reverse("flow:detail", args=[item.pk])).status_code == 404
    assert client.post(reverse("flow:complete", args=[item.pk])).status_code == 404
    assert WorkItem.objects.get(pk=item.pk).state == WorkItem.State.OPEN


def test_the_detail_page_shows_the_history_and_the_assignee_completes(client, clerk, director):
    item = WorkItemFactory(assignee=clerk, created_by=director, title="关于防汛的请示")
    WorkItemTransition.objects.create(item=item, kind="create", to_state="open", actor=director)
    client.force_login(clerk)

    page = client.get(reverse("flow:detail", args=[item.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "关于防汛的请示" in html
    assert "李主任" in html  # the creator in the history
    assert reverse("flow:complete", args=[item.pk]) in html

    response = client.post(reverse("flow:complete", args=[item.pk]))
    assert response.status_code == 302
    assert WorkItem.objects.get(pk=item.pk).state == WorkItem.State.DONE
    again = client.post(reverse("flow:complete", args=[item.pk]), follow=True)
    assert "不能再办理" in again.content.decode()


def test_the_creator_may_look_but_not_complete(client, clerk, director):
    item = WorkItemFactory(assignee=clerk, created_by=director)
    client.force_login(director)
    page = client.get(reverse("flow:detail", args=[item.pk]))
    assert page.status_code == 200
    assert reverse("flow:complete", args=[item.pk]) not in page.content.decode()
    assert client.post(reverse("flow:complete", args=[item.pk])).status_code == 403
    assert WorkItem.objects.get(pk=item.pk).state == WorkItem.State.OPEN


def test_completing_requires_post(client, clerk):
    item = WorkItemFactory(assignee=clerk)
    client.force_login(clerk)
    assert client.get(reverse("flow:complete", args=[item.pk])).status_code == 405


def test_the_system_administrator_hands_work_over_through_the_page(client, clerk, system_admin):
    successor = UserFactory(full_name="孙接任")
    items = WorkItemFactory.create_batch(3, assignee=clerk)
    client.force_login(system_admin)
    url = reverse("flow:hand_over")

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"from_username": clerk.username, "to_username": successor.username, "reason": "交流轮岗"},
        follow=True,
    )

    assert response.status_code == 200
    assert "已将 3 项待办" in response.content.decode()
    assert {i.assignee_id for i in WorkItem.objects.filter(pk__in=[i.pk for i in items])} == {
        successor.pk
    }


def test_the_hand_over_form_explains_bad_input_in_chinese(client, clerk, system_admin):
    item = WorkItemFactory(assignee=clerk)
    client.force_login(system_admin)
    response = client.post(
        reverse("flow:hand_over"),
        {"from_username": clerk.username, "to_username": "nobody", "reason": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "人员“nobody”不存在" in html
    assert "这个字段是必填项" in html or "必填" in html
    same = client.post(
        reverse("flow:hand_over"),
        {"from_username": clerk.username, "to_username": clerk.username, "reason": "轮岗"},
    )
    assert "不能移交给本人" in same.content.decode()
    assert WorkItem.objects.get(pk=item.pk).assignee == clerk


@pytest.mark.parametrize("who", ["clerk", "security_admin", "audit_admin"])
def test_only_the_system_administrator_reaches_the_hand_over_page(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("flow:hand_over")).status_code == 403


def test_a_delegate_opening_a_to_read_item_reads_it_for_the_principal(
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
    item = WorkItemFactory(assignee=director, kind=WorkItem.Kind.TO_READ, url="/documents/9/")
    client.force_login(clerk)

    response = client.get(reverse("flow:open", args=[item.pk]))

    assert response["Location"] == "/documents/9/"
    item.refresh_from_db()
    assert (item.state, item.completed_by) == (WorkItem.State.DONE, clerk)
    row = item.transitions.get(kind=WorkItemTransition.Kind.COMPLETE)
    assert row.acting_for == director


def test_opening_a_circulated_document_leaves_its_read_to_the_circulation(client, clerk):
    """GIVEN a 收文's 传阅 待阅 (read on the document, with an opinion, where the sender sees who
    has read) WHEN the reader opens it from the workbench THEN it leads there and stays in 待阅
    until the reader 阅毕s it: marked read here, it left the 待阅 while the 传阅 still listed the
    reader as not read."""
    item = WorkItemFactory(
        assignee=clerk, kind=WorkItem.Kind.TO_READ, action="传阅", url="/incoming/7/"
    )
    client.force_login(clerk)
    response = client.get(reverse("flow:open", args=[item.pk]))
    assert response["Location"] == "/incoming/7/"
    item.refresh_from_db()
    assert item.state == WorkItem.State.OPEN


def test_a_step_on_a_document_is_done_on_its_page_not_closed_from_the_item(client, clerk, organ_a):
    """GIVEN a 待办 standing for a step on an object (a 签收, a 核稿) WHEN its assignee opens the
    item THEN the page leads to where the step is taken, and closing it here (page or API) is
    refused with the reason: closed here, it left the workbench while the document still waited."""
    item = WorkItemFactory(assignee=clerk, action="签收", target=organ_a, url="/incoming/5/")
    client.force_login(clerk)
    html = client.get(reverse("flow:detail", args=[item.pk])).content.decode()
    assert "打开办理对象" in html
    assert reverse("flow:complete", args=[item.pk]) not in html

    page = client.post(reverse("flow:complete", args=[item.pk]), follow=True)
    api = client.post(f"/api/flow/items/{item.pk}/complete", content_type="application/json")

    assert "须在公文页面上办理" in page.content.decode()
    assert api.status_code == 409 and "须在公文页面上办理" in api.json()["message"]
    item.refresh_from_db()
    assert item.state == WorkItem.State.OPEN
