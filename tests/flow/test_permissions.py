"""Who gets what on the pages and endpoints of flow, notifications and the workbench.

A work item exists only for the people it concerns (404 for everyone else, administrators
included); the hand-over belongs to the system administrator (403 for everyone else).
"""

from __future__ import annotations

import pytest

from tests.contract import Endpoint, check_matrix, expect
from tests.flow.factories import WorkItemFactory
from zhongshu.accounts.selectors import HOME_URL_NAMES, first_url


@pytest.fixture
def clerk_item(clerk, director):
    return WorkItemFactory(assignee=clerk, created_by=director)


def _item_kwargs(request):
    return {"pk": request.getfixturevalue("clerk_item").pk}


def test_the_workbench_is_for_business_users_and_sends_administrators_home(request, db):
    admin_status = {
        actor: 302 if first_url(HOME_URL_NAMES[role]) else 200
        for actor, role in (
            ("system_admin", "system"),
            ("security_admin", "security"),
            ("audit_admin", "audit"),
        )
    }
    check_matrix(request, Endpoint("web:workbench"), expect(200, **admin_status))


def test_a_work_item_page_exists_only_for_its_assignee_and_creator(request, clerk_item):
    check_matrix(
        request,
        Endpoint("flow:detail", kwargs=_item_kwargs),
        expect(404, clerk=200, director=200),
    )


def test_only_the_assignee_completes_a_work_item_page(request, clerk_item):
    check_matrix(
        request,
        Endpoint("flow:complete", kwargs=_item_kwargs, method="post"),
        expect(404, clerk=302, director=403),
    )


def test_only_the_assignee_completes_a_work_item_by_api(request, clerk_item):
    check_matrix(
        request,
        Endpoint(
            "api:workitem_complete_api",
            kwargs=lambda r: {"item_id": r.getfixturevalue("clerk_item").pk},
            method="post",
        ),
        expect(
            404,
            clerk=200,
            director=403,
            system_admin=403,
            security_admin=403,
            audit_admin=403,
        ),
    )


def test_the_hand_over_page_is_the_system_administrators(request, db):
    check_matrix(request, Endpoint("flow:hand_over"), expect(403, system_admin=200))


def test_the_work_item_list_api_is_for_business_users(request, db):
    check_matrix(
        request,
        Endpoint("api:workitem_list"),
        expect(200, system_admin=403, security_admin=403, audit_admin=403),
    )


def test_everyone_logged_in_has_a_notification_list(request, db):
    check_matrix(request, Endpoint("notifications:list"), expect(200))
    check_matrix(request, Endpoint("notifications:badge"), expect(200))
