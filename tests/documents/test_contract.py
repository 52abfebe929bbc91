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


# --- 更正 and the live preview of an unsaved draft --------------------------------------------


@pytest.fixture
def clerks_issued(clerk, director, principal, outsider):
    """The clerk's draft run to 核发 (to an organ outside the deployment, so the outsider of
    organ B does not receive it): the principal signed it, the director reviewed it."""
    document = services.draft_create(
        actor=clerk, content=content(sealed=False, primary_recipients=["丙市人民政府"])
    )
    services.route_submit(document=document, actor=clerk, reviewer=director)
    services.route_pass(document=document, actor=director, next_handler=director)
    services.route_pass(document=document, actor=director, next_handler=principal)
    services.document_sign_off(document=document, actor=principal, opinion="同意")
    services.document_recheck(document=document, actor=director)
    services.document_register(document=document, actor=clerk)
    services.document_seal(document=document, actor=clerk)
    services.document_dispatch(document=document, actor=clerk)
    return document


def test_the_correction_page_matrix(request):
    """Only a drafter of the issuing organ starts a correction (the clerk); the director and
    the principal see the document but draft nothing (403)."""
    check_matrix(
        request,
        Endpoint(
            "documents:correct",
            kwargs=lambda r: {"pk": r.getfixturevalue("clerks_issued").pk},
            method="post",
            data={"kind": "revoke"},
        ),
        expect(404, clerk=302, director=403, principal=403, **ADMINS_REFUSED),
    )


def test_the_api_correction_matrix(request):
    check_matrix(
        request,
        Endpoint(
            "api:document_correct",
            kwargs=lambda r: {"document_id": r.getfixturevalue("clerks_issued").pk},
            method="post",
            data={"kind": "amend"},
        ),
        expect(404, clerk=201, director=403, principal=403, **ADMINS_REFUSED),
    )


DRAFT_FORM = {
    "doc_type": "通知",
    "layout": "文件格式",
    "title": "关于做好防汛工作的通知",
    "body": "请做好防汛工作。",
    "sealed": "on",
}


@pytest.fixture
def fast_preview(monkeypatch):
    from tests.documents.conftest import FAKE_PDF
    from zhongshu.documents import rendering

    monkeypatch.setattr(rendering, "render_preview", lambda model: FAKE_PDF)


@pytest.mark.parametrize("url_name", ["documents:draft_preview", "documents:draft_check"])
def test_the_live_preview_matrix(request, fast_preview, url_name, clerk):
    """Anyone holding a 拟稿人 post (the clerk, and the outsider in organ B for organ B's own
    drafts); the director and the principal draft nothing (403)."""
    check_matrix(
        request,
        Endpoint(url_name, method="post", data=DRAFT_FORM),
        expect(403, clerk=200, outsider=200),
    )


@pytest.mark.parametrize("url_name", ["documents:edit_preview", "documents:edit_check"])
def test_the_edit_live_preview_matrix(request, fast_preview, url_name):
    """Like the edit page: its drafter (the clerk); the director sees it but may not edit."""
    check_matrix(
        request,
        Endpoint(url_name, kwargs=_pk, method="post", data=DRAFT_FORM),
        expect(404, clerk=200, director=403, **ADMINS_REFUSED),
    )
