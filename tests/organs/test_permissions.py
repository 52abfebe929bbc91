"""Who may open which organs page and API endpoint (the permission contract, tests/contract.py).

System-admin pages: 403 for everyone else; security-admin pages likewise; business pages: 403
for the three administrators; an object of another organ: 404.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.contract import Endpoint, check_matrix, expect
from zhongshu.organs.models import Delegation

# The matrix asks for fixtures dynamically; the mark makes pytest-django set up the test
# database before that (a dynamic first request for ``db`` would find the real database).
pytestmark = pytest.mark.django_db


def organ_a_pk(r):
    return {"pk": r.getfixturevalue("organ_a").pk}


def office_a_pk(r):
    return {"pk": r.getfixturevalue("office_a").pk}


def clerk_pk(r):
    return {"pk": r.getfixturevalue("clerk").pk}


def clerk_post_pk(r):
    return {"pk": r.getfixturevalue("clerk").posts.get().pk}


@pytest.fixture
def delegation(principal, clerk):
    now = timezone.now()
    return Delegation.objects.create(
        principal=principal,
        delegate=clerk,
        scope=Delegation.Scope.ALL,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=2),
        created_by=principal,
    )


def delegation_pk(r):
    return {"pk": r.getfixturevalue("delegation").pk}


SYSTEM_PAGES = [
    Endpoint("organs:organ_list"),
    Endpoint("organs:organ_create"),
    Endpoint("organs:organ_detail", organ_a_pk),
    Endpoint("organs:organ_edit", organ_a_pk),
    Endpoint("organs:organ_deactivate", organ_a_pk),
    Endpoint("organs:organ_activate", organ_a_pk),
    Endpoint("organs:organ_merge", organ_a_pk),
    Endpoint("organs:organ_dissolve", organ_a_pk),
    Endpoint("organs:department_create", lambda r: {"organ_pk": r.getfixturevalue("organ_a").pk}),
    Endpoint("organs:department_detail", office_a_pk),
    Endpoint("organs:department_edit", office_a_pk),
    Endpoint("organs:department_deactivate", office_a_pk),
    Endpoint("organs:department_activate", office_a_pk),
    Endpoint("organs:person_list"),
    Endpoint("organs:person_create"),
    Endpoint("organs:person_edit", clerk_pk),
    Endpoint("organs:person_deactivate", clerk_pk),
    Endpoint("organs:person_password", clerk_pk),
    Endpoint("organs:person_activate", clerk_pk),
    Endpoint("organs:person_unlock", clerk_pk),
    Endpoint("organs:post_create", lambda r: {"department_pk": r.getfixturevalue("office_a").pk}),
    Endpoint("organs:post_edit", clerk_post_pk),
    Endpoint("organs:post_holder", clerk_post_pk),
    Endpoint("organs:post_deactivate", clerk_post_pk),
    Endpoint("organs:rotation_create"),
    Endpoint("organs:import_upload"),
    Endpoint("organs:import_template"),
    Endpoint("organs:export_workbook"),
]

SECURITY_PAGES = [
    Endpoint("organs:post_list"),
    Endpoint("organs:post_roles", clerk_post_pk),
    Endpoint("organs:clearance_list"),
    Endpoint("organs:person_clearance", clerk_pk),
]

BUSINESS_PAGES = [
    Endpoint("organs:delegation_list"),
    Endpoint("organs:address_book"),
]

ADMINS_FORBIDDEN = {"system_admin": 403, "security_admin": 403, "audit_admin": 403}


@pytest.mark.parametrize("endpoint", SYSTEM_PAGES, ids=lambda e: e.url_name)
def test_system_admin_pages_are_for_the_system_admin_only(request, endpoint):
    check_matrix(request, endpoint, expect(403, system_admin=200))


@pytest.mark.parametrize("endpoint", SECURITY_PAGES, ids=lambda e: e.url_name)
def test_security_admin_pages_are_for_the_security_admin_only(request, endpoint):
    check_matrix(request, endpoint, expect(403, security_admin=200))


@pytest.mark.parametrize("endpoint", BUSINESS_PAGES, ids=lambda e: e.url_name)
def test_business_pages_are_closed_to_the_administrators(request, endpoint):
    check_matrix(request, endpoint, expect(200, **ADMINS_FORBIDDEN))


def test_only_leading_seats_may_open_the_new_delegation_form(request):
    # the clerk's every submission would be refused (只有领导岗位可以委托他人代理)
    check_matrix(
        request, Endpoint("organs:delegation_create"), expect(200, clerk=403, **ADMINS_FORBIDDEN)
    )


def test_a_delegation_is_seen_by_its_two_people_only(request):
    check_matrix(
        request,
        Endpoint("organs:delegation_detail", delegation_pk),
        expect(404, principal=200, clerk=200, **ADMINS_FORBIDDEN),
    )


def test_only_the_principal_may_open_the_revoke_page_and_another_organ_gets_404(request):
    check_matrix(
        request,
        Endpoint("organs:delegation_revoke", delegation_pk),
        expect(404, principal=200, clerk=403, **ADMINS_FORBIDDEN),
    )


def test_a_person_card_is_for_colleagues_of_the_same_organ(request):
    check_matrix(
        request,
        Endpoint("organs:person_card", clerk_pk),
        expect(200, outsider=404, **ADMINS_FORBIDDEN),
    )


# --- Writes through the pages ----------------------------------------------------------------


def test_only_the_system_admin_creates_an_organ_through_the_page(request):
    check_matrix(
        request,
        Endpoint(
            "organs:organ_create",
            method="post",
            data={"name": "新设局", "short_name": "新设局", "kind": "department", "sort_order": 0},
        ),
        expect(403, system_admin=302),
    )


def test_the_system_admin_cannot_change_roles_or_clearances_through_the_pages(request):
    check_matrix(
        request,
        Endpoint("organs:post_roles", clerk_post_pk, method="post", data={"roles": ["principal"]}),
        expect(403, security_admin=302),
    )
    check_matrix(
        request,
        Endpoint("organs:person_clearance", clerk_pk, method="post", data={"clearance": 3}),
        expect(403, security_admin=302),
    )


def test_the_security_admin_cannot_create_or_edit_people_through_the_pages(request):
    check_matrix(
        request,
        Endpoint(
            "organs:person_create",
            method="post",
            data={"username": "p1", "full_name": "某", "password": "Chushi-Mima-2026"},
        ),
        expect(403, system_admin=302),
    )
    check_matrix(
        request,
        Endpoint(
            "organs:person_edit",
            clerk_pk,
            method="post",
            data={"username": "clerk2", "full_name": "改名"},
        ),
        expect(403, system_admin=302),
    )


# --- API ---------------------------------------------------------------------------------------

API_READ_ALL = [
    Endpoint("api:organs_organ_list"),
    Endpoint("api:organs_organ_detail", organ_a_pk),
]
API_READ_OWN_ORGAN = [
    Endpoint("api:organs_person_detail", clerk_pk),
    Endpoint("api:organs_post_detail", clerk_post_pk),
    Endpoint("api:organs_department_detail", office_a_pk),
]


@pytest.mark.parametrize("endpoint", API_READ_ALL, ids=lambda e: e.url_name)
def test_organ_names_are_readable_by_every_logged_in_user(request, endpoint):
    check_matrix(request, endpoint, expect(200))


@pytest.mark.parametrize("endpoint", API_READ_OWN_ORGAN, ids=lambda e: e.url_name)
def test_people_posts_and_departments_of_organ_a_are_404_for_organ_b(request, endpoint):
    check_matrix(request, endpoint, expect(200, outsider=404, audit_admin=403))


@pytest.mark.parametrize(
    "url_name", ["api:organs_person_list", "api:organs_post_list", "api:organs_department_list"]
)
def test_list_endpoints_are_closed_to_the_audit_admin(request, url_name):
    check_matrix(request, Endpoint(url_name), expect(200, audit_admin=403))


def test_only_the_system_admin_creates_organs_through_the_api(request):
    check_matrix(
        request,
        Endpoint(
            "api:organs_organ_create",
            method="post",
            data={"name": "新设局", "short_name": "新设局", "kind": "department"},
        ),
        expect(403, system_admin=201),
    )


def test_only_the_system_admin_edits_people_through_the_api(request):
    check_matrix(
        request,
        Endpoint(
            "api:organs_person_update", clerk_pk, method="patch", data={"full_name": "新名字"}
        ),
        expect(403, system_admin=200, outsider=404, audit_admin=403),
    )


def test_only_the_security_admin_sets_roles_and_clearances_through_the_api(request):
    check_matrix(
        request,
        Endpoint("api:organs_post_roles", clerk_post_pk, method="put", data={"roles": ["drafter"]}),
        expect(403, security_admin=200, outsider=404),
    )
    check_matrix(
        request,
        Endpoint("api:organs_person_clearance", clerk_pk, method="put", data={"clearance": 1}),
        expect(403, security_admin=200, outsider=404),
    )


def test_delegation_api_is_for_business_users_and_scoped_to_its_two_people(request):
    check_matrix(request, Endpoint("api:organs_delegation_list"), expect(200, **ADMINS_FORBIDDEN))
    check_matrix(
        request,
        Endpoint("api:organs_delegation_detail", delegation_pk),
        expect(404, principal=200, clerk=200, **ADMINS_FORBIDDEN),
    )
    check_matrix(
        request,
        Endpoint("api:organs_delegation_revoke", delegation_pk, method="post"),
        expect(404, principal=200, clerk=403, **ADMINS_FORBIDDEN),
    )


# --- Every write endpoint of the API -----------------------------------------------------------
# Builders run again for each actor (inside a rolled-back savepoint), so each actor acts on a
# fresh organ, department, person or post when the write would consume it.

GOOD_PASSWORD = "Chushi-Mima-2026"


def fresh_organ(r):
    from tests.organs.factories import OrganFactory

    return {"pk": OrganFactory().pk}


def fresh_department(r):
    from tests.organs.factories import DepartmentFactory

    return {"pk": DepartmentFactory(organ=r.getfixturevalue("organ_a")).pk}


def fresh_person(r):
    from tests.organs.factories import UserFactory

    return {"pk": UserFactory().pk}


def fresh_vacant_post(r):
    from tests.organs.factories import PostFactory

    return {"pk": PostFactory(department=r.getfixturevalue("office_a"), holder=None).pk}


def rotation_body(r):
    clerk = r.getfixturevalue("clerk")
    return {
        "person_id": clerk.pk,
        "from_post_id": clerk.posts.get().pk,
        "to_post_id": fresh_vacant_post(r)["pk"],
        "successor_id": None,
    }


def delegation_body(r):
    now = timezone.now()
    return {
        "delegate_id": r.getfixturevalue("clerk").pk,
        "scope": "read",
        "starts_at": now.isoformat(),
        "ends_at": (now + timedelta(days=1)).isoformat(),
    }


def fresh_inactive_organ(r):
    from tests.organs.factories import OrganFactory

    return {"pk": OrganFactory(is_active=False).pk}


def fresh_inactive_person(r):
    from tests.organs.factories import UserFactory

    return {"pk": UserFactory(is_active=False).pk}


API_WRITES = [
    (
        Endpoint("api:organs_organ_update", organ_a_pk, "patch", {"short_name": "甲府"}),
        expect(403, system_admin=200),
    ),
    (Endpoint("api:organs_organ_deactivate", fresh_organ, "post"), expect(403, system_admin=200)),
    (
        Endpoint(
            "api:organs_organ_merge",
            fresh_organ,
            "post",
            lambda r: {"target_id": r.getfixturevalue("organ_a").pk},
        ),
        expect(403, system_admin=200),
    ),
    (Endpoint("api:organs_organ_dissolve", fresh_organ, "post", {}), expect(403, system_admin=200)),
    (
        Endpoint("api:organs_organ_activate", fresh_inactive_organ, "post"),
        expect(404, system_admin=200, security_admin=403),  # others see active organs only
    ),
    (
        # an inactive person holds no post: business users cannot see them at all
        Endpoint("api:organs_person_activate", fresh_inactive_person, "post"),
        expect(404, system_admin=200, security_admin=403, audit_admin=403),
    ),
    (
        Endpoint(
            "api:organs_department_create",
            method="post",
            data=lambda r: {"organ_id": r.getfixturevalue("organ_a").pk, "name": "新设处"},
        ),
        expect(403, system_admin=201),
    ),
    (
        Endpoint("api:organs_department_update", office_a_pk, "patch", {"sort_order": 3}),
        expect(403, system_admin=200, outsider=404),
    ),
    (
        Endpoint("api:organs_department_deactivate", fresh_department, "post"),
        expect(403, system_admin=200, outsider=404),
    ),
    (
        Endpoint(
            "api:organs_person_create",
            method="post",
            data={"username": "newbie", "full_name": "新人"},
        ),
        expect(403, system_admin=201),
    ),
    (
        # a person without a post belongs to no organ: business users cannot see them at all
        Endpoint("api:organs_person_deactivate", fresh_person, "post"),
        expect(404, system_admin=200, security_admin=403, audit_admin=403),
    ),
    (
        Endpoint("api:organs_person_reset_password", clerk_pk, "post"),
        expect(403, system_admin=202, outsider=404),
    ),
    (
        Endpoint(
            "api:organs_post_create",
            method="post",
            data=lambda r: {"department_id": r.getfixturevalue("office_a").pk, "title": "新岗"},
        ),
        expect(403, system_admin=201, outsider=400),
    ),
    (
        Endpoint("api:organs_post_update", clerk_post_pk, "patch", {"title": "科员"}),
        expect(403, system_admin=200, outsider=404),
    ),
    (
        Endpoint("api:organs_post_holder", clerk_post_pk, "put", {"holder_id": None}),
        expect(403, system_admin=200, outsider=404),
    ),
    (
        Endpoint("api:organs_post_deactivate", fresh_vacant_post, "post"),
        expect(403, system_admin=200, outsider=404),
    ),
    (
        Endpoint("api:organs_rotation_create", method="post", data=rotation_body),
        expect(403, system_admin=201, outsider=400),
    ),
    (
        # the clerk holds no leading post and cannot name herself; the outsider cannot see her
        Endpoint("api:organs_delegation_create", method="post", data=delegation_body),
        expect(400, principal=201, director=201, **ADMINS_FORBIDDEN),
    ),
]


@pytest.mark.parametrize(
    ("endpoint", "expected"), API_WRITES, ids=[e.url_name for e, _ in API_WRITES]
)
def test_every_api_write_follows_the_permission_rules(request, endpoint, expected):
    check_matrix(request, endpoint, expected)
