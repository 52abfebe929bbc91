"""Scoped reads: organ names are public, people and posts are seen within the own organ."""

from __future__ import annotations

from django.urls import reverse

from tests.organs.factories import OrganFactory, PostFactory
from zhongshu.organs import selectors
from zhongshu.organs.models import Organ


def test_every_logged_in_user_sees_every_active_organ(clerk, audit_admin, organ_a, organ_b):
    inactive = OrganFactory(is_active=False)
    for user in (clerk, audit_admin):
        visible = set(selectors.organs_visible_to(user=user))
        assert {organ_a, organ_b} <= visible
        assert inactive not in visible


def test_the_system_and_security_admins_also_see_inactive_organs(system_admin, security_admin):
    inactive = OrganFactory(is_active=False)
    assert inactive in selectors.organs_visible_to(user=system_admin)
    assert inactive in selectors.organs_visible_to(user=security_admin)


def test_business_users_see_the_people_of_their_own_organ_only(
    clerk, director, principal, outsider
):
    assert set(selectors.people_visible_to(user=clerk)) == {clerk, director, principal}
    assert set(selectors.people_visible_to(user=outsider)) == {outsider}


def test_a_person_holding_posts_in_two_organs_sees_both(clerk, outsider, organ_b):
    PostFactory(department=outsider.posts.get().department, holder=clerk, title="挂职")
    visible = set(selectors.people_visible_to(user=clerk))
    assert outsider in visible


def test_administrators_see_business_people_but_never_administrators(
    system_admin, security_admin, clerk, outsider
):
    visible = set(selectors.people_visible_to(user=system_admin))
    assert {clerk, outsider} <= visible
    assert system_admin not in visible and security_admin not in visible


def test_posts_and_departments_are_scoped_like_people(clerk, outsider, office_a, audit_admin):
    assert set(selectors.departments_visible_to(user=clerk)) == {office_a}
    assert outsider.posts.get() not in selectors.posts_visible_to(user=clerk)
    assert not selectors.posts_visible_to(user=audit_admin).exists()


def test_delegations_are_seen_by_their_two_people_only(principal, clerk, director):
    from datetime import timedelta

    from django.utils import timezone

    from zhongshu.organs.models import Delegation

    now = timezone.now()
    d = Delegation.objects.create(
        principal=principal,
        delegate=clerk,
        scope=Delegation.Scope.ALL,
        starts_at=now,
        ends_at=now + timedelta(days=1),
        created_by=principal,
    )
    assert list(selectors.delegations_visible_to(user=principal)) == [d]
    assert list(selectors.delegations_visible_to(user=clerk)) == [d]
    assert not selectors.delegations_visible_to(user=director).exists()


def test_the_tree_puts_children_after_their_parent_with_depth(organ_a):
    child = OrganFactory(parent=organ_a, sort_order=1)
    grandchild = OrganFactory(parent=child)
    other_root = OrganFactory(kind=Organ.Kind.PARTY)
    rows = selectors.organ_tree(organs=list(Organ.objects.all()))
    depth = dict(rows)
    order = [organ for organ, _ in rows]
    assert depth[organ_a] == 0 and depth[child] == 1 and depth[grandchild] == 2
    assert order.index(organ_a) < order.index(child) < order.index(grandchild)
    assert depth[other_root] == 0


def test_a_blank_sort_order_on_the_form_means_zero(client, system_admin, organ_a):
    client.force_login(system_admin)
    response = client.post(
        reverse("organs:department_create", args=[organ_a.pk]), {"name": "无序处", "sort_order": ""}
    )
    assert response.status_code == 302
    assert organ_a.departments.get(name="无序处").sort_order == 0
