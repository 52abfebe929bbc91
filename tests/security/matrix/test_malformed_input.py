"""Malformed input is a 400 with a Chinese message on every page and API operation, never a 500
(``zhongshu.web.middleware.MalformedInputMiddleware``).

Issue #10 part 5 found a multipart request without a boundary failing in 36 API operations, and
``?q=%00`` failing in the search of 11 pages and the people API on PostgreSQL (which refuses NUL
in text). The routes are generated (``tests/security/matrix/routes.py``), so a new one is covered.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.matrix.probe import probe
from tests.security.matrix.routes import all_routes, resolve_kwargs

ROUTES = all_routes()
GET_ROUTES = [r for r in ROUTES if r.method == "get"]
WRITE_ROUTES = [r for r in ROUTES if r.method != "get" or not r.is_api]

# The query parameters the list pages and the API read (search, filters, paging).
COMMON = ("q", "box", "status", "tab", "kind", "year", "page", "organ", "department", "step")

NUL_MESSAGE = "请求含有空字符（NUL），无法处理。"


def _clerk(world) -> Client:
    client = Client()
    client.force_login(world.users["clerk"])
    return client


@pytest.mark.parametrize("route", GET_ROUTES, ids=str)
def test_a_nul_in_any_query_parameter_is_a_400_not_a_500(world, route):
    client = Client()
    queries = [{"q": "\x00"}, dict.fromkeys(COMMON, "甲\x00乙")]
    for actor in ("clerk", "system_admin", "anonymous"):
        for query in queries:
            outcome = probe(client, route, world, actor, query=query, method="get")
            assert outcome.status == 400, (actor, query, outcome.status, outcome.error)
            assert NUL_MESSAGE in outcome.body


def test_the_people_api_refuses_a_nul_in_its_search_as_json(world):
    response = _clerk(world).get(reverse("api:organs_person_list"), {"q": "\x00"})
    assert response.status_code == 400
    assert response.json() == {"message": NUL_MESSAGE, "extra": {}}


def test_a_page_refuses_a_nul_with_a_chinese_page(world):
    response = _clerk(world).get(reverse("documents:list"), {"q": "公文\x00"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert NUL_MESSAGE in response.content.decode()


def test_the_search_still_works_without_a_nul(world):
    response = _clerk(world).get(reverse("documents:list"), {"box": "all", "q": "安全保密"})
    assert response.status_code == 200
    assert world.secret_document.title in response.content.decode()


@pytest.mark.parametrize("route", WRITE_ROUTES, ids=str)
def test_a_multipart_body_without_boundary_is_a_400_not_a_500(world, route):
    client = _clerk(world)
    url = reverse(route.name, kwargs=resolve_kwargs(route, world) or None)
    method = route.method if route.is_api else "post"
    response = client.generic(
        method.upper(), url, data=b"--x\r\n\r\n--x--", content_type="multipart/form-data"
    )
    assert response.status_code == 400, response.status_code
    text = response.content.decode()
    assert "boundary" in text
    if route.is_api:
        assert response.json()["message"].startswith("上传格式有误")


def test_a_multipart_body_that_does_not_parse_is_a_400(world):
    response = _clerk(world).post(
        reverse("documents:create"),
        data=b"no parts here",
        content_type="multipart/form-data; boundary=zz",
    )
    assert response.status_code in (200, 400)  # an empty form, or the refusal: never a 500


def test_a_nul_in_a_form_field_is_refused(world):
    response = _clerk(world).post(reverse("documents:create"), {"title": "关于\x00的通知"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


def test_a_nul_in_a_multipart_form_field_is_refused(world):
    response = _clerk(world).post(
        reverse("incoming:external"), {"title": "来文\x00"}, format="multipart"
    )
    assert response.status_code == 400


def test_a_nul_escaped_in_a_json_string_is_refused(world):
    body = json.dumps({"content": {"title": "关于\x00的通知"}})
    assert "\\u0000" in body
    response = _clerk(world).post(
        reverse("api:document_create"), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"] == NUL_MESSAGE


def test_an_escaped_backslash_before_u0000_is_no_nul(world):
    """The text ``\\u0000`` typed by a person is a backslash and five characters, not NUL."""
    body = json.dumps({"q": "\\u0000"})
    response = _clerk(world).post(
        reverse("api:document_create"), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"] != NUL_MESSAGE
