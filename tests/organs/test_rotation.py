"""交流轮岗: the person moves, the seat's open work goes to the successor (or the seat above)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.flow.factories import WorkItemFactory
from tests.organs.factories import DepartmentFactory, PostFactory, UserFactory
from zhongshu.audit.models import AuditEvent
from zhongshu.flow.models import WorkItem, WorkItemTransition
from zhongshu.organs import services
from zhongshu.organs.models import PostRole, Rotation


@pytest.fixture
def new_post(organ_a):
    """A vacant seat in another department of organ A."""
    return PostFactory(
        department=DepartmentFactory(organ=organ_a, name="综合处"), title="综合处科员", holder=None
    )


def test_rotation_moves_the_person_and_hands_open_work_to_the_successor(
    system_admin, clerk, new_post
):
    """GIVEN the clerk has two open items on her seat (a seat without roles: nothing for the
    安全管理员 to confirm), one done item, and one open item elsewhere
    WHEN she rotates to a new seat with a successor
    THEN the successor holds her old seat and receives the two open items of that seat, she holds
    the new seat, the history keeps her as the original assignee, and one audit line counts 2."""
    old_post = clerk.posts.get()
    PostRole.objects.filter(post=old_post).delete()
    successor = UserFactory(full_name="接任者")
    open_items = [WorkItemFactory(assignee=clerk, post=old_post) for _ in range(2)]
    done = WorkItemFactory(
        assignee=clerk, post=old_post, state=WorkItem.State.DONE, completed_at=timezone.now()
    )
    elsewhere = WorkItemFactory(assignee=clerk, post=None)

    rotation = services.person_rotate(
        person=clerk, from_post=old_post, to_post=new_post, successor=successor, actor=system_admin
    )

    old_post.refresh_from_db()
    new_post.refresh_from_db()
    assert old_post.holder == successor
    assert new_post.holder == clerk
    for item in open_items:
        item.refresh_from_db()
        assert item.assignee == successor
        transition = WorkItemTransition.objects.get(
            item=item, kind=WorkItemTransition.Kind.HAND_OVER
        )
        assert transition.from_assignee == clerk
    done.refresh_from_db()
    elsewhere.refresh_from_db()
    assert done.assignee == clerk and elsewhere.assignee == clerk
    assert rotation.items_handed_over == 2
    assert rotation.handed_over_to == successor
    event = AuditEvent.objects.get(action="organs.person_rotate")
    assert event.extra["items_handed_over"] == 2
    assert event.extra["successor"] == successor.pk


def test_without_a_successor_the_seat_is_vacant_and_work_goes_to_the_seat_above(
    system_admin, clerk, director, new_post
):
    old_post = clerk.posts.get()
    item = WorkItemFactory(assignee=clerk, post=old_post)
    rotation = services.person_rotate(
        person=clerk, from_post=old_post, to_post=new_post, successor=None, actor=system_admin
    )
    old_post.refresh_from_db()
    item.refresh_from_db()
    assert old_post.holder is None
    assert item.assignee == director
    assert rotation.handed_over_to == director


def test_rotation_is_refused_when_open_work_would_have_no_recipient(
    system_admin, principal, new_post
):
    WorkItemFactory(assignee=principal, post=principal.posts.get())
    with pytest.raises(ValidationError, match="接任人员"):
        services.person_rotate(
            person=principal,
            from_post=principal.posts.get(),
            to_post=new_post,
            successor=None,
            actor=system_admin,
        )
    assert principal.posts.get().holder == principal


def test_a_seat_with_no_open_work_may_be_left_vacant_without_a_recipient(
    system_admin, principal, new_post
):
    old_post = principal.posts.get()
    rotation = services.person_rotate(
        person=principal, from_post=old_post, to_post=new_post, successor=None, actor=system_admin
    )
    old_post.refresh_from_db()
    assert old_post.holder is None
    assert rotation.items_handed_over == 0 and rotation.handed_over_to is None


def test_rotation_into_an_occupied_seat_is_refused_and_nothing_moves(system_admin, clerk, director):
    old_post = clerk.posts.get()
    item = WorkItemFactory(assignee=clerk, post=old_post)
    with pytest.raises(ValidationError, match="已有在岗人员"):
        services.person_rotate(
            person=clerk,
            from_post=old_post,
            to_post=director.posts.get(),
            successor=UserFactory(),
            actor=system_admin,
        )
    item.refresh_from_db()
    assert item.assignee == clerk
    assert not Rotation.objects.exists()


def test_only_the_system_admin_rotates_people(security_admin, director, clerk, new_post):
    for actor in (security_admin, director):
        with pytest.raises(PermissionDenied):
            services.person_rotate(
                person=clerk,
                from_post=clerk.posts.get(),
                to_post=new_post,
                successor=None,
                actor=actor,
            )


def test_the_rotation_page_rotates_and_lists_the_record(client, system_admin, clerk, new_post):
    successor = UserFactory(full_name="接任者")
    WorkItemFactory(assignee=clerk, post=clerk.posts.get())
    client.force_login(system_admin)
    response = client.post(
        reverse("organs:rotation_create"),
        {
            "person": clerk.pk,
            "from_post": clerk.posts.get().pk,
            "to_post": new_post.pk,
            "successor": successor.pk,
            "reason": "交流轮岗",
        },
    )
    assert response.status_code == 302
    new_post.refresh_from_db()
    assert new_post.holder == clerk
    page = client.get(reverse("organs:rotation_create")).content.decode()
    assert "张文书" in page and "接任者" in page


def test_the_rotation_page_shows_why_a_rotation_is_refused(
    client, system_admin, clerk, director, new_post
):
    client.force_login(system_admin)
    response = client.post(
        reverse("organs:rotation_create"),
        {"person": clerk.pk, "from_post": director.posts.get().pk, "to_post": new_post.pk},
    )
    assert response.status_code == 200
    assert "该人员不在原岗位上" in response.content.decode()
    new_post.refresh_from_db()
    assert new_post.holder is None


def test_the_rotation_page_offers_only_vacant_posts_as_new_posts(
    client, system_admin, clerk, new_post
):
    client.force_login(system_admin)
    form = client.get(reverse("organs:rotation_create")).context["form"]
    assert list(form.fields["to_post"].queryset) == [new_post]
    assert clerk.posts.get() in form.fields["from_post"].queryset
    assert "（张文书）" in form.fields["from_post"].label_from_instance(clerk.posts.get())


def test_the_rotation_api_returns_the_count(client, system_admin, clerk, new_post):
    successor = UserFactory()
    WorkItemFactory(assignee=clerk, post=clerk.posts.get())
    client.force_login(system_admin)
    response = client.post(
        reverse("api:organs_rotation_create"),
        {
            "person_id": clerk.pk,
            "from_post_id": clerk.posts.get().pk,
            "to_post_id": new_post.pk,
            "successor_id": successor.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["items_handed_over"] == 1


def test_rotating_to_another_organ_ends_delegations_split_across_organs(
    system_admin, principal, clerk, director, outsider
):
    """GIVEN the principal delegated to the clerk and to the director
    WHEN the clerk rotates to a seat in organ B
    THEN the delegation to the clerk ends, the one to the director (still in A) stays."""
    from datetime import timedelta

    from zhongshu.organs.models import Delegation

    now = timezone.now()
    common = {
        "principal": principal,
        "scope": Delegation.Scope.ALL,
        "created_by": principal,
        "starts_at": now - timedelta(hours=1),
        "ends_at": now + timedelta(days=1),
    }
    to_clerk = Delegation.objects.create(delegate=clerk, **common)
    to_director = Delegation.objects.create(delegate=director, **common)
    seat_in_b = PostFactory(department=outsider.posts.get().department, title="科员", holder=None)
    services.person_rotate(
        person=clerk,
        from_post=clerk.posts.get(),
        to_post=seat_in_b,
        successor=UserFactory(),
        actor=system_admin,
    )
    to_clerk.refresh_from_db()
    to_director.refresh_from_db()
    assert to_clerk.revoked_at is not None
    assert to_director.revoked_at is None
    assert AuditEvent.objects.get(action="organs.person_rotate").extra["delegations_revoked"] == 1
