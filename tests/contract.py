"""The permission matrix: one helper to assert who gets which status on a page or API endpoint.

Usage (in any test module; the actor names are the fixtures of ``tests/conftest.py``)::

    from tests.contract import Endpoint, expect, check_matrix

    def test_organ_list_is_for_the_system_administrator_only(request):
        check_matrix(
            request,
            Endpoint("organs:organ_list"),
            expect(403, system_admin=200),
        )

    def test_person_edit_api(request, clerk):
        check_matrix(
            request,
            Endpoint(
                "api:organs_person_update",
                kwargs=lambda r: {"pk": r.getfixturevalue("clerk").pk},
                method="patch",
                data=lambda r: {"full_name": "新名字"},
            ),
            expect(403, system_admin=200),
        )

- ``Endpoint(url_name, kwargs=None, method="get", data=None)``: ``kwargs`` and ``data`` are a
  dict or a callable receiving pytest's ``request`` (so they can ask for fixtures). Both builders
  are called again for every actor, so a write endpoint may hand each actor a fresh object.
  URL names starting with ``api:`` are API endpoints: ``data`` is sent as JSON (query string for
  GET); other endpoints are pages: ``data`` is sent as a form.
- ``expect(default, **overrides)`` gives the status for every actor: ``clerk``, ``director``,
  ``principal``, ``outsider``, ``system_admin``, ``security_admin``, ``audit_admin`` and
  ``anonymous``. ``anonymous`` defaults to 302 (to the log-in page) for pages and 401 for the
  API; ``expect`` fills that in unless given.
- The test must use the database statically: mark it ``pytest.mark.django_db`` (or take ``db``
  or a cast fixture as an argument). pytest-django does not set up the test database when the
  first request for ``db`` is dynamic, and the matrix asks for the actors dynamically.
- ``check_matrix(request, endpoint, expected)`` logs each actor in (one client, logged out
  between actors) and sends
  the request inside a savepoint that is rolled back afterwards, so that one actor's successful
  write does not change what the next actor sees (the builders are also called once before,
  outside any savepoint, so that the fixtures they ask for exist for good). A 302 for ``anonymous`` is checked to go to
  ``settings.LOGIN_URL``. All mismatches are reported together.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

ACTORS = (
    "clerk",
    "director",
    "principal",
    "outsider",
    "system_admin",
    "security_admin",
    "audit_admin",
    "anonymous",
)
Builder = dict[str, Any] | Callable[[Any], dict[str, Any]] | None


@dataclass(frozen=True)
class Endpoint:
    """A URL name with how to build its arguments and body, and the HTTP method."""

    url_name: str
    kwargs: Builder = None
    method: str = "get"
    data: Builder = None
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. headers: {"HTTP_HX_REQUEST": "true"}

    @property
    def is_api(self) -> bool:
        return self.url_name.startswith("api:")


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Expected status per actor: ``default`` for everyone not named in ``overrides``.

    ``anonymous`` is filled in by ``check_matrix`` (302 for pages, 401 for the API) unless it is
    given here.
    """
    unknown = set(overrides) - set(ACTORS)
    if unknown:
        raise ValueError(f"unknown actors: {sorted(unknown)}")
    result = {actor: default for actor in ACTORS if actor != "anonymous"}
    result.update(overrides)
    return result


def _build(builder: Builder, request: Any) -> dict[str, Any]:
    if builder is None:
        return {}
    return builder(request) if callable(builder) else dict(builder)


def _send(client: Client, endpoint: Endpoint, url: str, data: dict[str, Any]):
    method = getattr(client, endpoint.method.lower())
    if endpoint.is_api and endpoint.method.lower() != "get":
        return method(url, data=json.dumps(data), content_type="application/json", **endpoint.extra)
    return method(url, data=data, **endpoint.extra)


def check_matrix(request: Any, endpoint: Endpoint, expected: dict[str, int]) -> None:
    """Assert the status code of ``endpoint`` for each actor in ``expected`` (see module doc)."""
    expected = dict(expected)
    expected.setdefault("anonymous", 401 if endpoint.is_api else 302)
    login_url = resolve_url(settings.LOGIN_URL)
    failures: list[str] = []
    # Resolve fixtures outside the savepoints: a fixture first created inside one would be
    # rolled back with it while pytest keeps the cached object for the next actor.
    users = {a: request.getfixturevalue(a) for a in expected if a != "anonymous"}
    _build(endpoint.kwargs, request)
    _build(endpoint.data, request)
    # One client for all actors: every new client builds the middleware again, and WhiteNoise
    # then rescans all static files, which made a matrix take seconds.
    client = Client()
    for actor, status in expected.items():
        client.logout()
        savepoint = transaction.savepoint()
        try:
            if actor != "anonymous":
                client.force_login(users[actor])
            url = reverse(endpoint.url_name, kwargs=_build(endpoint.kwargs, request) or None)
            response = _send(client, endpoint, url, _build(endpoint.data, request))
            if response.status_code != status:
                failures.append(
                    f"{actor}: expected {status}, got {response.status_code} "
                    f"({endpoint.method.upper()} {url})"
                )
            elif actor == "anonymous" and status == 302:
                location = response.headers.get("Location", "")
                if not location.startswith(login_url):
                    failures.append(f"anonymous: redirected to {location!r}, not to {login_url!r}")
        finally:
            transaction.savepoint_rollback(savepoint)
    assert not failures, f"{endpoint.url_name}: " + "; ".join(failures)
