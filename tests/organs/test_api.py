"""The organs API: the same services as the pages, errors as {"message", "extra"}."""

from __future__ import annotations

from django.urls import reverse

from tests.organs.factories import UserFactory
from zhongshu.accounts.models import User
from zhongshu.organs.models import Department, Organ, Post, Role


def api(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs or None)


def test_anonymous_callers_get_401(client, organ_a):
    assert client.get(api("organs_organ_list")).status_code == 401


def test_business_users_see_active_organs_only_and_admins_see_all(
    client, clerk, system_admin, organ_a, organ_b
):
    Organ.objects.filter(pk=organ_b.pk).update(is_active=False)
    client.force_login(clerk)
    names = [o["name"] for o in client.get(api("organs_organ_list")).json()]
    assert "甲市人民政府" in names and "乙县人民政府" not in names
    assert client.get(api("organs_organ_detail", pk=organ_b.pk)).status_code == 404
    client.force_login(system_admin)
    names = [o["name"] for o in client.get(api("organs_organ_list")).json()]
    assert "乙县人民政府" in names


def test_the_organ_list_filters_by_query_and_kind(client, clerk, organ_a, organ_b):
    client.force_login(clerk)
    found = client.get(api("organs_organ_list"), {"q": "乙政"}).json()
    assert [o["name"] for o in found] == ["乙县人民政府"]
    found = client.get(api("organs_organ_list"), {"kind": "government"}).json()
    assert [o["kind_label"] for o in found] == ["政府"]


def test_the_system_admin_creates_updates_and_merges_organs(
    client, system_admin, organ_a, organ_b, outsider
):
    client.force_login(system_admin)
    response = client.post(
        api("organs_organ_create"),
        {
            "name": "甲市统计局",
            "short_name": "甲市统计局",
            "kind": "department",
            "parent_id": organ_a.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.patch(
        api("organs_organ_update", pk=pk), {"org_code": "甲统"}, content_type="application/json"
    )
    assert response.json()["org_code"] == "甲统"
    assert response.json()["parent_id"] == organ_a.pk  # untouched when not sent
    response = client.post(
        api("organs_organ_merge", pk=organ_b.pk), {"target_id": pk}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["posts_moved"] == 1
    assert Post.objects.get(holder=outsider).department.organ_id == pk


def test_bad_organ_input_is_400_with_a_chinese_message_and_nothing_written(
    client, system_admin, organ_a
):
    client.force_login(system_admin)
    response = client.post(
        api("organs_organ_create"),
        {"name": organ_a.name, "short_name": "甲", "kind": "department"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "已存在" in response.json()["message"]
    response = client.post(
        api("organs_organ_create"), {"name": "缺字段"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "short_name" in response.json()["extra"]["fields"]
    response = client.post(
        api("organs_organ_create"),
        {"name": "某局", "short_name": "某局", "kind": "department", "parent_id": 999999},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Organ.objects.filter(name__in=["缺字段", "某局"]).exists()


def test_refusing_to_dissolve_an_organ_in_use_is_409_with_the_counts(
    client, system_admin, organ_b, outsider
):
    client.force_login(system_admin)
    response = client.post(
        api("organs_organ_dissolve", pk=organ_b.pk), {}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["extra"] == {"children": 0, "held_posts": 1}


def test_departments_and_people_are_scoped_to_the_own_organ(
    client, clerk, director, outsider, office_a
):
    client.force_login(clerk)
    departments = client.get(api("organs_department_list")).json()
    assert [d["id"] for d in departments] == [office_a.pk]
    people = client.get(api("organs_person_list")).json()
    assert {p["full_name"] for p in people} == {"王主要", "李主任", "张文书"}
    assert all(p["clearance"] is None for p in people)
    assert client.get(api("organs_person_detail", pk=outsider.pk)).status_code == 404
    assert client.get(api("organs_post_detail", pk=outsider.posts.get().pk)).status_code == 404


def test_the_system_admin_manages_people_through_the_api(client, system_admin):
    client.force_login(system_admin)
    response = client.post(
        api("organs_person_create"),
        {"username": "api_user", "full_name": "接口用户"},
        content_type="application/json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    assert User.objects.get(pk=pk).has_usable_password() is False  # an activation code instead
    response = client.patch(
        api("organs_person_update", pk=pk), {"phone": "110"}, content_type="application/json"
    )
    assert response.json()["phone"] == "110"
    response = client.post(api("organs_person_reset_password", pk=pk))
    assert response.status_code == 202
    assert "安全管理员签发一次性设置码" in response.json()["message"]
    assert client.post(api("organs_person_deactivate", pk=pk)).status_code == 200
    assert User.objects.get(pk=pk).is_active is False


def test_the_system_admin_creates_a_post_and_assigns_a_holder(
    client, system_admin, office_a, director
):
    person = UserFactory()
    client.force_login(system_admin)
    response = client.post(
        api("organs_post_create"),
        {"department_id": office_a.pk, "title": "秘书", "reports_to_id": director.posts.get().pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.put(
        api("organs_post_holder", pk=pk), {"holder_id": person.pk}, content_type="application/json"
    )
    assert response.json()["holder_id"] == person.pk
    response = client.patch(
        api("organs_post_update", pk=pk), {"reports_to_id": None}, content_type="application/json"
    )
    assert response.json()["reports_to_id"] is None


def test_the_security_admin_sets_roles_and_sees_clearances(client, security_admin, clerk):
    client.force_login(security_admin)
    post = clerk.posts.get()
    response = client.put(
        api("organs_post_roles", pk=post.pk),
        {"roles": ["archivist"]},
        content_type="application/json",
    )
    assert response.json()["roles"] == [Role.ARCHIVIST]
    response = client.put(
        api("organs_post_roles", pk=post.pk), {"roles": ["tsar"]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert client.get(api("organs_person_detail", pk=clerk.pk)).json()["clearance"] == 0


def test_the_department_endpoints_create_rename_and_close(client, system_admin, organ_a):
    client.force_login(system_admin)
    response = client.post(
        api("organs_department_create"),
        {"organ_id": organ_a.pk, "name": "信息科"},
        content_type="application/json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    client.patch(
        api("organs_department_update", pk=pk), {"name": "信息处"}, content_type="application/json"
    )
    assert client.post(api("organs_department_deactivate", pk=pk)).json()["is_active"] is False
    assert Department.objects.get(pk=pk).name == "信息处"


def test_the_api_refuses_a_password_chosen_by_the_system_admin(client, system_admin):
    """An older client sending an initial password gets 422, not a silently ignored field."""
    client.force_login(system_admin)
    response = client.post(
        api("organs_person_create"),
        {"username": "api_user2", "full_name": "接口用户", "password": "Chushi-Mima-2026"},
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert not User.objects.filter(username="api_user2").exists()
