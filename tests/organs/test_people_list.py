"""The 系统管理员's people list: 50 to a page, a constant number of queries, the search by organ."""

from __future__ import annotations

from django.urls import reverse

from tests.organs.factories import PostFactory, UserFactory
from zhongshu.organs.views.people import PEOPLE_PAGE_SIZE

URL = reverse("organs:person_list")


def test_the_list_shows_50_people_a_page_with_links_that_keep_the_query(
    client, system_admin, office_a
):
    for n in range(PEOPLE_PAGE_SIZE + 5):
        PostFactory(department=office_a, title=f"科员{n}", holder__full_name=f"科员甲{n:03d}")
    client.force_login(system_admin)
    first = client.get(URL, {"q": "科员甲"})
    assert len(first.context["people"]) == PEOPLE_PAGE_SIZE
    body = first.content.decode()
    assert "第 1/2 页，共 55 人" in body
    assert 'hx-get="?q=%E7%A7%91%E5%91%98%E7%94%B2&amp;page=2"' in body
    second = client.get(URL, {"q": "科员甲", "page": 2}, HTTP_HX_REQUEST="true")
    assert len(second.context["people"]) == 5
    assert "<html" not in second.content.decode()


def test_the_list_costs_the_same_queries_for_5_or_60_people(client, system_admin, office_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(system_admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    for n in range(5):
        PostFactory(department=office_a, title=f"甲{n}")
    queries()
    few = queries()
    for n in range(55):
        PostFactory(department=office_a, title=f"乙{n}")
    assert queries() == few


def test_each_person_appears_once_whatever_their_posts_and_only_active_posts_show(
    client, system_admin, office_a
):
    person = UserFactory(full_name="兼职者")
    PostFactory(department=office_a, title="兼任一", holder=person)
    PostFactory(department=office_a, title="兼任二", holder=person)
    PostFactory(department=office_a, title="已撤岗位", holder=person, is_active=False)
    client.force_login(system_admin)
    response = client.get(URL, {"q": office_a.organ.name}, HTTP_HX_REQUEST="true")
    assert [p.pk for p in response.context["people"]].count(person.pk) == 1
    body = response.content.decode()
    assert "兼任一" in body and "兼任二" in body and "已撤岗位" not in body
