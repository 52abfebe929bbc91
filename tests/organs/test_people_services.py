"""People and posts: who may change what (三员分立), password rules, audit with old/new values."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.organs.factories import PostFactory, UserFactory
from zhongshu.accounts.models import PasswordCode, User
from zhongshu.audit.models import AuditEvent
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs import services
from zhongshu.organs.models import Classification, PostRole, Role

GOOD_PASSWORD = "Chushi-Mima-2026"


def test_a_new_person_gets_an_activation_code_request_not_a_password(system_admin):
    person = services.person_create(actor=system_admin, username="liuxin", full_name="刘新")
    person.refresh_from_db()
    assert person.has_usable_password() is False
    assert person.admin_role == ""
    code = PasswordCode.objects.get(user=person)
    assert (code.purpose, code.status) == (
        PasswordCode.Purpose.ACTIVATE,
        PasswordCode.Status.REQUESTED,
    )
    event = AuditEvent.objects.get(action="organs.person_create")
    assert event.extra["new"] == {
        "username": "liuxin",
        "full_name": "刘新",
        "phone": "",
        "post": None,
    }
    assert event.extra["password_code"] == code.pk


def test_the_system_admin_cannot_choose_a_new_persons_password(system_admin):
    with pytest.raises(TypeError):
        services.person_create(
            actor=system_admin, username="mine", full_name="自设", password=GOOD_PASSWORD
        )
    assert not User.objects.filter(username="mine").exists()


def test_the_security_admin_cannot_create_or_edit_people(security_admin, clerk):
    with pytest.raises(PermissionDenied):
        services.person_create(actor=security_admin, username="x1", full_name="某")
    with pytest.raises(PermissionDenied):
        services.person_update(person=clerk, actor=security_admin, full_name="改名")
    clerk.refresh_from_db()
    assert clerk.full_name == "张文书"


def test_the_system_admin_cannot_change_roles_or_clearances(system_admin, clerk):
    post = clerk.posts.get()
    with pytest.raises(PermissionDenied):
        services.post_set_roles(post=post, actor=system_admin, roles=[Role.PRINCIPAL])
    with pytest.raises(PermissionDenied):
        services.person_set_clearance(
            person=clerk, actor=system_admin, clearance=Classification.TOP_SECRET
        )
    clerk.refresh_from_db()
    assert clerk.clearance == Classification.NONE
    assert set(post.roles.values_list("role", flat=True)) == {Role.CLERK, Role.DRAFTER}


def test_the_security_admin_sets_roles_with_old_and_new_values_audited(security_admin, clerk):
    post = clerk.posts.get()
    services.post_set_roles(post=post, actor=security_admin, roles=[Role.DRAFTER, Role.ARCHIVIST])
    assert set(PostRole.objects.filter(post=post).values_list("role", flat=True)) == {
        Role.DRAFTER,
        Role.ARCHIVIST,
    }
    event = AuditEvent.objects.get(action="organs.post_set_roles")
    assert event.extra["changes"]["roles"] == {
        "old": sorted([Role.CLERK, Role.DRAFTER]),
        "new": sorted([Role.ARCHIVIST, Role.DRAFTER]),
    }


def test_an_unknown_role_is_refused_and_nothing_changes(security_admin, clerk):
    post = clerk.posts.get()
    with pytest.raises(ValidationError, match="角色无效"):
        services.post_set_roles(post=post, actor=security_admin, roles=[Role.DRAFTER, "emperor"])
    assert set(post.roles.values_list("role", flat=True)) == {Role.CLERK, Role.DRAFTER}


def test_setting_roles_confirms_roles_pending_from_an_import(security_admin, office_a):
    post = PostFactory(department=office_a, pending_roles=[Role.CLERK])
    services.post_set_roles(post=post, actor=security_admin, roles=[Role.CLERK])
    post.refresh_from_db()
    assert post.pending_roles == []
    assert list(post.roles.values_list("role", flat=True)) == [Role.CLERK]


def test_the_security_admin_sets_a_clearance(security_admin, clerk):
    services.person_set_clearance(
        person=clerk, actor=security_admin, clearance=Classification.CONFIDENTIAL
    )
    clerk.refresh_from_db()
    assert clerk.clearance == Classification.CONFIDENTIAL
    event = AuditEvent.objects.get(action="organs.person_set_clearance")
    assert event.extra["changes"]["clearance"] == {"old": 0, "new": 2}


def test_an_invalid_clearance_is_refused(security_admin, clerk):
    with pytest.raises(ValidationError, match="密级无效"):
        services.person_set_clearance(person=clerk, actor=security_admin, clearance=9)


def test_person_update_audits_only_what_changed(system_admin, clerk):
    services.person_update(person=clerk, actor=system_admin, full_name="张文书", phone="0551-1234")
    event = AuditEvent.objects.get(action="organs.person_update")
    assert event.extra["changes"] == {"phone": {"old": "", "new": "0551-1234"}}


def test_a_person_on_a_post_cannot_be_deactivated(system_admin, clerk):
    with pytest.raises(ApplicationError, match="岗位"):
        services.person_deactivate(person=clerk, actor=system_admin)
    clerk.refresh_from_db()
    assert clerk.is_active is True


def test_a_person_without_posts_is_deactivated(system_admin):
    person = UserFactory()
    services.person_deactivate(person=person, actor=system_admin)
    person.refresh_from_db()
    assert person.is_active is False


def test_administrator_accounts_are_outside_people_management(system_admin, audit_admin):
    with pytest.raises(ApplicationError):
        services.person_update(person=audit_admin, actor=system_admin, full_name="改")
    with pytest.raises(ApplicationError):
        services.person_reset_password(person=audit_admin, actor=system_admin)


def test_a_password_reset_voids_the_password_and_requests_a_code(system_admin, clerk, password):
    code = services.person_reset_password(person=clerk, actor=system_admin)
    clerk.refresh_from_db()
    assert clerk.check_password(password) is False
    assert clerk.has_usable_password() is False
    assert (code.purpose, code.status) == (
        PasswordCode.Purpose.RESET,
        PasswordCode.Status.REQUESTED,
    )
    with pytest.raises(TypeError):
        services.person_reset_password(person=clerk, actor=system_admin, password=GOOD_PASSWORD)


def test_a_post_is_created_with_holder_and_reports_to(system_admin, office_a, director):
    person = UserFactory()
    post = services.post_create(
        actor=system_admin,
        department=office_a,
        title="秘书",
        reports_to=director.posts.get(),
        holder=person,
    )
    assert post.holder == person
    assert post.reports_to == director.posts.get()
    event = AuditEvent.objects.get(action="organs.post_create")
    assert event.extra["new"]["holder"] == person.pk


def test_a_post_cannot_report_to_its_own_subordinate(system_admin, clerk, director):
    with pytest.raises(ValidationError, match="下级岗位"):
        services.post_update(
            post=director.posts.get(), actor=system_admin, reports_to=clerk.posts.get()
        )


def test_an_administrator_cannot_hold_a_post(system_admin, office_a, audit_admin):
    with pytest.raises(ValidationError, match="管理员"):
        services.post_create(
            actor=system_admin, department=office_a, title="科员", holder=audit_admin
        )


def test_assigning_a_holder_records_old_and_new_holder(system_admin, clerk):
    post = clerk.posts.get()
    newcomer = UserFactory()
    services.post_assign_holder(post=post, actor=system_admin, holder=newcomer)
    post.refresh_from_db()
    assert post.holder == newcomer
    event = AuditEvent.objects.get(action="organs.post_assign_holder")
    assert event.extra["changes"]["holder"] == {"old": clerk.pk, "new": newcomer.pk}


def test_a_held_post_cannot_be_deactivated(system_admin, clerk):
    with pytest.raises(ApplicationError):
        services.post_deactivate(post=clerk.posts.get(), actor=system_admin)


def test_changes_to_a_person_are_filed_under_their_organ(system_admin, clerk, organ_a):
    services.person_update(person=clerk, actor=system_admin, phone="12345")
    assert AuditEvent.objects.get(action="organs.person_update").organ == organ_a


def test_a_new_person_can_be_seated_on_a_vacant_post_in_the_same_step(
    system_admin, office_a, organ_a
):
    post = PostFactory(department=office_a, title="科员", holder=None)
    person = services.person_create(
        actor=system_admin, username="zuoxi", full_name="左席", post=post
    )
    post.refresh_from_db()
    assert post.holder == person
    event = AuditEvent.objects.get(action="organs.person_create")
    assert event.extra["new"]["post"] == post.pk
    assert event.organ == organ_a


def test_a_new_person_cannot_take_an_occupied_post(system_admin, clerk):
    with pytest.raises(ValidationError, match="在岗人员"):
        services.person_create(
            actor=system_admin,
            username="qiang",
            full_name="抢座",
            post=clerk.posts.get(),
        )
    assert not User.objects.filter(username="qiang").exists()


def test_deactivating_a_person_revokes_their_delegations_both_ways(
    system_admin, principal, office_a
):
    from datetime import timedelta

    from django.utils import timezone

    from zhongshu.organs.models import Delegation
    from zhongshu.organs.selectors import can_act_for

    secretary = UserFactory()
    now = timezone.now()
    given = Delegation.objects.create(
        principal=principal,
        delegate=secretary,
        scope=Delegation.Scope.ALL,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        created_by=principal,
    )
    services.person_deactivate(person=secretary, actor=system_admin)
    given.refresh_from_db()
    assert given.revoked_at is not None
    assert can_act_for(delegate=secretary, principal=principal, scope=Delegation.Scope.ALL) is False
    assert (
        AuditEvent.objects.get(action="organs.person_deactivate").extra["delegations_revoked"] == 1
    )


def test_no_one_acts_for_a_deactivated_principal(principal, clerk):
    from datetime import timedelta

    from django.utils import timezone

    from zhongshu.accounts.models import User as UserModel
    from zhongshu.organs.models import Delegation
    from zhongshu.organs.selectors import can_act_for

    now = timezone.now()
    Delegation.objects.create(
        principal=principal,
        delegate=clerk,
        scope=Delegation.Scope.ALL,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        created_by=principal,
    )
    assert can_act_for(delegate=clerk, principal=principal, scope=Delegation.Scope.ALL) is True
    UserModel.objects.filter(pk=principal.pk).update(is_active=False)
    assert can_act_for(delegate=clerk, principal=principal, scope=Delegation.Scope.ALL) is False


def test_vacating_a_post_ends_the_delegations_it_split(system_admin, principal, clerk):
    from datetime import timedelta

    from django.utils import timezone

    from zhongshu.organs.models import Delegation

    now = timezone.now()
    delegation = Delegation.objects.create(
        principal=principal,
        delegate=clerk,
        scope=Delegation.Scope.READ,
        created_by=principal,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
    )
    services.post_assign_holder(post=clerk.posts.get(), actor=system_admin, holder=None)
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
    assert (
        AuditEvent.objects.get(action="organs.post_assign_holder").extra["delegations_revoked"] == 1
    )


def test_a_deactivated_person_is_activated_with_a_password_change_due(system_admin, security_admin):
    person = UserFactory()
    services.person_deactivate(person=person, actor=system_admin)
    with pytest.raises(PermissionDenied):
        services.person_activate(person=person, actor=security_admin)
    services.person_activate(person=person, actor=system_admin)
    person.refresh_from_db()
    assert person.is_active is True and person.must_change_password is True
    assert AuditEvent.objects.filter(action="organs.person_activate").count() == 1
