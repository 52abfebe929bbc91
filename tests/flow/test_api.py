"""The work-item API: my items by tab with counts, complete (404/403 outside), hand-over."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.flow.factories import WorkItemFactory
from tests.organs.factories import UserFactory
from zhongshu.flow.models import WorkItem
from zhongshu.flow.services import workitem_hand_over

BASE = "/api/flow"


def test_it_lists_my_items_of_a_tab_with_counts(client, clerk, director):
    WorkItemFactory(assignee=clerk, title="核稿一", deadline=timezone.now() - timedelta(hours=1))
    WorkItemFactory(assignee=clerk, kind=WorkItem.Kind.TO_READ, title="传阅一")
    WorkItemFactory(assignee=director, title="别人的")
    client.force_login(clerk)

    response = client.get(f"{BASE}/items", {"tab": "todo"})

    assert response.status_code == 200
    data = response.json()
    assert data["counts"] == {"todo": 1, "to_read": 1, "done": 0, "started": 0, "overdue": 1}
    assert [i["title"] for i in data["items"]] == ["核稿一"]
    assert data["items"][0]["overdue"] is True
    assert data["items"][0]["assignee"]["full_name"] == "张文书"


def test_a_bad_tab_is_a_400_in_chinese(client, clerk):
    client.force_login(clerk)
    response = client.get(f"{BASE}/items", {"tab": "nonsense", "module": "astrology"})
    assert response.status_code == 400
    assert "未知的分类" in response.json()["message"]
    assert "未知的模块" in response.json()["message"]


def test_the_assignee_completes_an_item(client, clerk):
    item = WorkItemFactory(assignee=clerk)
    client.force_login(clerk)
    response = client.post(f"{BASE}/items/{item.pk}/complete", content_type="application/json")
    assert response.status_code == 200
    assert response.json()["state"] == "done"
    assert WorkItem.objects.get(pk=item.pk).completed_by == clerk


def test_completing_twice_is_a_409(client, clerk):
    item = WorkItemFactory(assignee=clerk)
    client.force_login(clerk)
    client.post(f"{BASE}/items/{item.pk}/complete", content_type="application/json")
    response = client.post(f"{BASE}/items/{item.pk}/complete", content_type="application/json")
    assert response.status_code == 409
    assert "不能再办理" in response.json()["message"]


def test_an_outsider_cannot_complete_my_item_404(client, clerk, outsider):
    item = WorkItemFactory(assignee=clerk)
    client.force_login(outsider)
    response = client.post(f"{BASE}/items/{item.pk}/complete", content_type="application/json")
    assert response.status_code == 404
    assert response.json()["message"]
    assert WorkItem.objects.get(pk=item.pk).state == WorkItem.State.OPEN


def test_the_creator_who_is_not_the_assignee_gets_403(client, clerk, director):
    item = WorkItemFactory(assignee=clerk, created_by=director)
    client.force_login(director)
    response = client.post(f"{BASE}/items/{item.pk}/complete", content_type="application/json")
    assert response.status_code == 403
    assert WorkItem.objects.get(pk=item.pk).state == WorkItem.State.OPEN


def test_an_administrator_has_no_work_items_api(client, system_admin):
    client.force_login(system_admin)
    assert client.get(f"{BASE}/items").status_code == 403


def test_anonymous_requests_are_refused(client, db):
    assert client.get(f"{BASE}/items").status_code == 401


def test_the_system_administrator_hands_over_by_api(client, clerk, system_admin):
    successor = UserFactory()
    WorkItemFactory.create_batch(2, assignee=clerk)
    client.force_login(system_admin)
    response = client.post(
        f"{BASE}/hand-over",
        {"from_user_id": clerk.pk, "to_user_id": successor.pk, "reason": "轮岗"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {"count": 2}
    assert WorkItem.objects.filter(assignee=successor).count() == 2


def test_hand_over_without_successor_is_a_400_and_changes_nothing(client, clerk, system_admin):
    WorkItemFactory(assignee=clerk)
    client.force_login(system_admin)
    response = client.post(
        f"{BASE}/hand-over",
        {"from_user_id": clerk.pk, "to_user_id": None, "reason": "轮岗"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "必须指定接收待办的人员" in response.json()["message"]
    assert WorkItem.objects.filter(assignee=clerk).count() == 1


def test_hand_over_with_unknown_people_is_a_400(client, system_admin):
    client.force_login(system_admin)
    response = client.post(
        f"{BASE}/hand-over",
        {"from_user_id": 99999, "to_user_id": 99998, "reason": "轮岗"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "移交人不存在" in response.json()["message"]


def test_a_business_user_cannot_hand_over(client, clerk, director):
    WorkItemFactory(assignee=clerk)
    client.force_login(director)
    response = client.post(
        f"{BASE}/hand-over",
        {"from_user_id": clerk.pk, "to_user_id": director.pk, "reason": "抢活"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert WorkItem.objects.filter(assignee=clerk).count() == 1


def test_the_overdue_filter_of_the_api(client, clerk):
    WorkItemFactory(assignee=clerk, title="超期", deadline=timezone.now() - timedelta(hours=1))
    WorkItemFactory(assignee=clerk, title="不急")
    client.force_login(clerk)
    data = client.get(f"{BASE}/items", {"overdue": True}).json()
    assert [i["title"] for i in data["items"]] == ["超期"]
    assert data["total"] == 1


def test_an_item_with_its_history_for_the_people_it_concerns_only(
    client, clerk, director, outsider, system_admin
):
    successor = UserFactory(full_name="孙接任")
    item = WorkItemFactory(assignee=clerk, created_by=director)
    workitem_hand_over(from_user=clerk, to_user=successor, actor=system_admin, reason="轮岗")
    client.force_login(director)

    data = client.get(f"{BASE}/items/{item.pk}").json()

    assert data["assignee"]["full_name"] == "孙接任"
    assert [(h["kind"], h["from_assignee"]["full_name"]) for h in data["history"]] == [
        ("hand_over", "张文书")
    ]
    client.force_login(outsider)
    assert client.get(f"{BASE}/items/{item.pk}").status_code == 404
