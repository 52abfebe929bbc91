"""The role and delegation lookups every module's permissions build on (organs.selectors)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.organs.factories import DepartmentFactory, PostFactory
from zhongshu.organs.models import Delegation, Role
from zhongshu.organs.selectors import delegator_ids, role_holders, role_organ_ids


def test_role_holders_are_the_active_people_with_the_role_through_an_active_post(
    clerk, director, office_a, organ_a
):
    left = PostFactory(department=office_a, roles=[Role.CLERK])
    left.is_active = False
    left.save(update_fields=["is_active"])

    clerks = role_holders(roles={Role.CLERK}, department__organ=organ_a)
    assert list(clerks) == [clerk]
    both = role_holders(roles={Role.CLERK, Role.OFFICE_DIRECTOR}, department=office_a)
    assert set(both) == {clerk, director}


def test_role_organ_ids_can_be_limited_to_posts_in_the_office(clerk, organ_a, organ_b):
    DepartmentFactory(organ=organ_b, name="综合科")
    PostFactory(department__organ=organ_b, holder=clerk, roles=[Role.CLERK])

    assert role_organ_ids(user=clerk, roles={Role.CLERK}) == {organ_a.pk, organ_b.pk}
    assert role_organ_ids(user=clerk, roles={Role.CLERK}, office_only=True) == {organ_a.pk}
    assert role_organ_ids(user=clerk, roles={Role.PRINCIPAL}) == set()


def test_delegator_ids_are_the_principals_of_current_delegations_in_the_scopes(
    clerk, director, principal
):
    now = timezone.now()
    hour = timedelta(hours=1)
    for who, scope, starts, ends in [
        (director, Delegation.Scope.READ, now - hour, now + hour),
        (principal, Delegation.Scope.SIGN_OFF, now - 2 * hour, now - hour),  # over
    ]:
        Delegation.objects.create(
            principal=who,
            delegate=clerk,
            scope=scope,
            starts_at=starts,
            ends_at=ends,
            created_by=principal,
        )

    assert delegator_ids(user=clerk, scopes=[Delegation.Scope.READ]) == {director.pk}
    assert delegator_ids(user=clerk, scopes=[Delegation.Scope.SIGN_OFF]) == set()
    assert delegator_ids(user=clerk, scopes=[Delegation.Scope.DOCUMENTS]) == set()
