"""任职确认 (issue #10, part 2a): whoever the 系统管理员 puts on a seat with roles holds none of
them until the 安全管理员 confirms the appointment, whatever the path."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.archive.conftest import make_dispatched
from tests.flow.factories import WorkItemFactory
from tests.organs.factories import DepartmentFactory, PostFactory, UserFactory
from zhongshu.audit.models import AuditEvent
from zhongshu.organs import services
from zhongshu.organs.models import PostRole, Role
from zhongshu.organs.selectors import user_roles


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def confidential_post(office_a, director):
    """市委办公室 机要员: a seat of the office carrying the 机要员 role, held by 老机要."""
    return PostFactory(
        department=office_a,
        title="机要员",
        holder__full_name="老机要",
        reports_to=director.posts.get(),
        roles=[Role.CONFIDENTIAL_CLERK],
    )


def test_a_new_person_on_an_emptied_confidential_clerk_seat_sees_nothing_until_confirmed(
    organ_a, clerk, system_admin, security_admin, confidential_post
):
    """GIVEN an office document of organ A and its 机要员 seat
    WHEN the system administrator empties the seat and creates a new person on it
    THEN the new person holds the seat without its role and gets 404 on the organ's document
    (and does not find it in her list) until the security administrator confirms the roles
    on his roles page; then she sees it."""
    document = make_dispatched(organ_a, clerk, title="甲市人民政府关于机要事项的通知")
    services.post_assign_holder(post=confidential_post, actor=system_admin, holder=None)
    newcomer = services.person_create(
        actor=system_admin, username="xinren", full_name="新人", post=confidential_post
    )
    confidential_post.refresh_from_db()
    assert confidential_post.holder == newcomer
    assert confidential_post.pending_roles == [Role.CONFIDENTIAL_CLERK]
    assert user_roles(user=newcomer) == set()
    detail = reverse("documents:detail", args=[document.pk])
    assert _client(newcomer).get(detail).status_code == 404
    assert "机要事项" not in _client(newcomer).get(reverse("documents:list")).content.decode()
    event = AuditEvent.objects.get(action="organs.person_create")
    assert event.extra["roles_pending_confirmation"] == [Role.CONFIDENTIAL_CLERK]

    roles_page = _client(security_admin).get(
        reverse("organs:post_roles", args=[confidential_post.pk])
    )
    assert "保存即确认任职" in roles_page.content.decode()
    confirmed = _client(security_admin).post(
        reverse("organs:post_roles", args=[confidential_post.pk]),
        {"roles": [Role.CONFIDENTIAL_CLERK]},
    )
    assert confirmed.status_code == 302
    confidential_post.refresh_from_db()
    assert confidential_post.pending_roles == []
    assert user_roles(user=newcomer) == {Role.CONFIDENTIAL_CLERK}
    assert _client(newcomer).get(detail).status_code == 200


def test_assigning_an_existing_person_to_a_seat_holds_its_roles(system_admin, confidential_post):
    person = UserFactory(full_name="调入者")
    services.post_assign_holder(post=confidential_post, actor=system_admin, holder=None)
    services.post_assign_holder(post=confidential_post, actor=system_admin, holder=person)
    confidential_post.refresh_from_db()
    assert user_roles(user=person) == set()
    assert confidential_post.pending_roles == [Role.CONFIDENTIAL_CLERK]
    event = AuditEvent.objects.filter(action="organs.post_assign_holder").latest("seq")
    assert event.extra["roles_pending_confirmation"] == [Role.CONFIDENTIAL_CLERK]


def test_a_vacated_seat_keeps_its_roles_for_the_next_confirmed_holder(
    system_admin, confidential_post
):
    services.post_assign_holder(post=confidential_post, actor=system_admin, holder=None)
    assert set(PostRole.objects.filter(post=confidential_post).values_list("role", flat=True)) == {
        Role.CONFIDENTIAL_CLERK
    }


def test_rotation_holds_the_roles_of_both_seats_and_sends_the_work_up(
    organ_a, system_admin, director, confidential_post
):
    """GIVEN 老机要 on the 机要员 seat with an open item, and a 综合处 seat with the 文书 role
    WHEN he rotates to it with a successor
    THEN neither he (new seat) nor the successor (his old seat) holds any role until confirmed,
    and the open item of the seat goes to the seat above (the director), not to the successor
    whose appointment waits."""
    person = confidential_post.holder
    to_post = PostFactory(
        department=DepartmentFactory(organ=organ_a, name="综合处"),
        title="综合处文书",
        holder=None,
        roles=[Role.CLERK],
    )
    successor = UserFactory(full_name="接任者")
    item = WorkItemFactory(assignee=person, post=confidential_post)

    rotation = services.person_rotate(
        person=person,
        from_post=confidential_post,
        to_post=to_post,
        successor=successor,
        actor=system_admin,
    )

    assert user_roles(user=person) == set()
    assert user_roles(user=successor) == set()
    to_post.refresh_from_db()
    confidential_post.refresh_from_db()
    assert to_post.pending_roles == [Role.CLERK]
    assert confidential_post.pending_roles == [Role.CONFIDENTIAL_CLERK]
    item.refresh_from_db()
    assert item.assignee == director
    assert rotation.handed_over_to == director
    event = AuditEvent.objects.get(action="organs.person_rotate")
    assert event.extra["roles_pending_confirmation"] == {
        f"post:{to_post.pk}": [Role.CLERK],
        f"post:{confidential_post.pk}": [Role.CONFIDENTIAL_CLERK],
    }


def test_the_post_list_shows_the_seats_waiting_for_confirmation(
    system_admin, security_admin, confidential_post
):
    services.post_assign_holder(post=confidential_post, actor=system_admin, holder=None)
    services.person_create(
        actor=system_admin, username="xinren2", full_name="新人二", post=confidential_post
    )
    page = _client(security_admin).get(reverse("organs:post_list"), {"pending": "1"})
    body = page.content.decode()
    assert "机要员" in body and "待确认" in body
