"""The base layout: product name, who is logged in, and navigation that depends on the role."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from zhongshu.web.context_processors import navigation, navigation_items


def _labels(user) -> list[str]:
    return [str(item["label"]) for item in navigation_items(user=user)]


def test_business_users_see_their_work_and_no_administrator_area(clerk):
    labels = _labels(clerk)
    assert "工作台" in labels
    assert not {"审计", "机关与人员", "角色与密级"} & set(labels)


@pytest.mark.parametrize(
    ("admin", "own", "others"),
    [
        ("system_admin", "机关与人员", {"审计", "角色与密级", "工作台"}),
        ("security_admin", "角色与密级", {"审计", "机关与人员", "工作台"}),
        ("audit_admin", "审计", {"机关与人员", "角色与密级", "工作台"}),
    ],
)
def test_each_administrator_sees_only_their_own_area(request, admin, own, others):
    labels = _labels(request.getfixturevalue(admin))
    assert own in labels
    assert not others & set(labels)


def test_the_current_page_is_marked_active(audit_admin):
    items = navigation_items(user=audit_admin, path=reverse("audit:events"))
    assert items[0]["active"] is True


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("organs:rotation_create", "轮岗"),
        ("organs:import_upload", "导入"),
        ("organs:person_list", "人员"),
        ("organs:organ_list", "机关与人员"),
    ],
)
def test_only_the_closest_entry_is_current_under_a_shared_prefix(system_admin, url_name, current):
    items = navigation_items(user=system_admin, path=reverse(url_name))
    assert [str(item["label"]) for item in items if item["active"]] == [current]


def test_the_top_bar_shows_the_product_the_person_and_their_organ(client, clerk):
    client.force_login(clerk)
    body = client.get(reverse("accounts:security")).content.decode()
    assert 'lang="zh-hans"' in body
    assert "中枢" in body
    assert "张文书" in body
    assert "甲市政府" in body
    assert 'name="viewport"' in body
    assert "vendor/tabler/css/tabler.min.css" in body
    assert "vendor/htmx/htmx.min.js" in body


def test_the_top_bar_shows_an_administrators_role(client, security_admin):
    client.force_login(security_admin)
    body = client.get(reverse("accounts:security")).content.decode()
    assert "安全管理员" in body
    assert reverse("audit:events") not in body


def test_the_audit_administrator_gets_a_link_to_the_audit_page(client, audit_admin):
    client.force_login(audit_admin)
    body = client.get(reverse("accounts:security")).content.decode()
    assert f'href="{reverse("audit:events")}"' in body


def test_messages_are_shown_after_a_redirect(client, clerk, password):
    client.force_login(clerk)
    new = "Xin-Mima-2026!"
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password": new,
            "new_password_confirm": new,
            "next": reverse("accounts:security"),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "密码已修改" in response.content.decode()


def test_the_anonymous_get_no_navigation(db):
    from django.contrib.auth.models import AnonymousUser

    http = RequestFactory().get("/")
    http.user = AnonymousUser()
    assert navigation(http)["nav_items"] == []


def test_the_unread_badge_is_rendered_for_business_users(rf, clerk):
    from django.template.loader import render_to_string

    http = rf.get("/")
    http.user = clerk
    html = render_to_string("web/base.html", {"unread_notifications": 7}, request=http)
    assert 'id="zs-nav-badge"' in html
    assert 'data-unread="7"' in html


def test_administrators_get_no_notification_badge(client, audit_admin):
    client.force_login(audit_admin)
    body = client.get(reverse("audit:events")).content.decode()
    assert "zs-unread-badge" not in body


def test_a_missing_page_is_explained_in_chinese(client, clerk, settings):
    settings.DEBUG = False
    client.force_login(clerk)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_the_error_page_stands_alone_without_context(db):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "系统错误" in html
    assert 'lang="zh-hans"' in html


def test_only_an_archivist_is_offered_the_archive(clerk, office_a):
    from tests.organs.factories import PostFactory
    from zhongshu.organs.models import Role
    from zhongshu.web.context_processors import navigation_items

    archivist = PostFactory(department=office_a, title="档案员", roles=[Role.ARCHIVIST]).holder

    def labels(user):
        return [str(item["label"]) for item in navigation_items(user=user)]

    assert "归档" in labels(archivist)
    assert "归档" not in labels(clerk)
