"""The permission matrix of the 发文 pages and API, with the shared cast (tests/contract.py).

A draft of the office's clerk (文书 and 拟稿人 of organ A's office): the clerk (its drafter) and
the office director (office staff) see it; the principal is not on its route yet and the
outsider is in another organ (404); administrators are refused outright (403).
"""

from __future__ import annotations

import pytest

from tests.contract import Endpoint, check_matrix, expect
from tests.documents.conftest import content
from zhongshu.documents import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerks_draft(clerk, director):
    return services.draft_create(actor=clerk, content=content())


def _pk(request):
    return {"pk": request.getfixturevalue("clerks_draft").pk}


def _document_id(request):
    return {"document_id": request.getfixturevalue("clerks_draft").pk}


ADMINS_REFUSED = {"system_admin": 403, "security_admin": 403, "audit_admin": 403}


def test_the_document_page_matrix(request):
    check_matrix(
        request,
        Endpoint("documents:detail", kwargs=_pk),
        expect(404, clerk=200, director=200, **ADMINS_REFUSED),
    )


def test_the_sheet_page_matrix(request):
    check_matrix(
        request,
        Endpoint("documents:sheet", kwargs=_pk),
        expect(404, clerk=200, director=200, **ADMINS_REFUSED),
    )


def test_the_edit_page_matrix(request):
    check_matrix(
        request,
        Endpoint("documents:edit", kwargs=_pk),
        expect(404, clerk=200, director=403, **ADMINS_REFUSED),
    )


def test_the_list_page_matrix(request, clerks_draft):
    check_matrix(
        request,
        Endpoint("documents:list"),
        expect(200, **ADMINS_REFUSED),
    )


def test_the_number_register_matrix(request, clerks_draft):
    check_matrix(
        request,
        Endpoint("documents:numbers"),
        expect(403, clerk=200, director=200, outsider=200),
    )


def test_the_api_detail_matrix(request):
    check_matrix(
        request,
        Endpoint("api:document_detail", kwargs=_document_id),
        expect(404, clerk=200, director=200, **ADMINS_REFUSED),
    )


def test_the_api_list_matrix(request, clerks_draft):
    check_matrix(
        request,
        Endpoint("api:document_list", data={"box": "all"}),
        expect(200, **ADMINS_REFUSED),
    )
