"""The permission matrix of every route, generated from the URL conf and the django-ninja API.

For each route (``tests/security/matrix/routes.py``) and each actor of the world
(``tests/security/matrix/conftest.py``), a GET (a POST-only page gets an empty POST, an API operation
without GET its method with ``{}``) must:

- never answer 5xx;
- answer what the route's area allows the actor (``AREAS``; the longest URL-name prefix wins):
  anonymous people go to the log-in page (401 on the API); the three administrators are refused
  business content (403/404); each administrator's pages are his alone; an object of organ A is
  404 to the user of another organ, and the 秘密 document 404 to a user without clearance;
- never show a page or JSON with organ A's titles (``World.markers``) to someone who may not
  see them (200 with content is a leak even when the status looks harmless);
- and the clerk of organ A does get 200 on every GET of her area (so that the refusals above
  are refusals of a reachable object, not of a route that fails for everyone), except the
  routes listed in ``CLERK_EXCEPTIONS`` with the reason.

A new route needs no new test: it is found, its parameters are filled from ``PARAMETERS`` (a
parameter nobody knows fails with "add a resolver for <param>") and its URL name must fall in an
area of ``AREAS`` (else "classify <name>").
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from tests.security.matrix.conftest import ACTORS, ADMINS
from tests.security.matrix.probe import probe
from tests.security.matrix.routes import (
    API_DOCUMENTATION,
    CLASSIFIED_PARAMETERS,
    UnknownParameter,
    all_routes,
    resolver_prefix,
)
from zhongshu.config.api import api

PUBLIC = "public"  # anyone, logged in or not
OWN = "own"  # every logged-in person's own account and notifications
SYSTEM = "system"  # 系统管理员 only
SECURITY = "security"  # 安全管理员 only
AUDIT = "audit"  # 审计管理员 only
DIRECTORY = "directory"  # organ tree, departments, posts, people: reads for everyone logged in
BUSINESS = "business"  # the organs' work: never the three administrators'

AREAS: dict[str, str] = {
    "accounts:": OWN,
    "accounts:login": PUBLIC,
    # 凭设置码设置密码: the person has no password yet, so the page is anonymous
    "accounts:password_code_redeem": PUBLIC,
    # the codes the system administrator's resets ask for: the 安全管理员 issues them
    "accounts:password_code_": SECURITY,
    "api:password_code_": SECURITY,
    "set_language": PUBLIC,
    # The OpenAPI schema and its page describe endpoints, no data; ninja serves them without
    # the API's authentication.
    "api:openapi-": PUBLIC,
    "api:api-root": PUBLIC,
    "api:account_": OWN,
    "notifications:": OWN,
    "api:notification_": OWN,
    "organs:": SYSTEM,
    "organs:post_list": SECURITY,
    "organs:post_roles": SECURITY,
    "organs:clearance_list": SECURITY,
    "organs:person_clearance": SECURITY,
    "organs:delegation_": BUSINESS,
    "organs:address_book": BUSINESS,
    "organs:person_card": BUSINESS,
    "api:organs_": DIRECTORY,  # writes: SYSTEM (see ``area_of``)
    "api:organs_post_roles": SECURITY,
    "api:organs_person_clearance": SECURITY,
    "api:organs_delegation_": BUSINESS,
    "audit:": AUDIT,
    "api:audit_": AUDIT,
    "web:": BUSINESS,
    "documents:": BUSINESS,
    "incoming:": BUSINESS,
    "archive:": BUSINESS,
    "flow:": BUSINESS,
    # 工作交接 of a departing person's open items is the system administrator's
    "flow:hand_over": SYSTEM,
    "api:workitem_hand_over": SYSTEM,
    "api:document_": BUSINESS,
    "api:number_register": BUSINESS,
    "api:incoming_": BUSINESS,
    "api:archive_": BUSINESS,
    "api:workitem_": BUSINESS,
}

# Statuses that refuse without content. An API write sent with ``{}`` may be refused by its
# schema (400) before the rule is asked: that tells nothing either.
REFUSED = {403, 404}
REFUSED_WRITE = {400, 403, 404}

# Pages and operations of the office's roles (文书, 档案员, 拟稿): 403 to people of organ A
# without them (马亮 and 林晓宇 hold neither).
ROLE_ROUTES = (
    "incoming:external",
    "incoming:register",
    "documents:numbers",
    "api:number_register_export",
    "documents:draft_check",
    "documents:draft_preview",
    "archive:list",
    "archive:export",
    "archive:fonds",
    "api:archive_items",
    "api:archive_export",
)

# GETs of the clerk's own area that do not answer 200 in this world, and why.
CLERK_EXCEPTIONS: dict[str, tuple[set[int], str]] = {
    "documents:edit": ({403}, "the 秘密 document is dispatched: no longer editable"),
    "documents:correct": ({302}, "GET goes back to the document page; the form is on it"),
    "incoming:original": ({404}, "the 收文 in circulation came electronically: no scan"),
    "archive:file": ({403}, "the archived 收文 is filed already"),
    "flow:open": ({302}, "opening a work item redirects to its document"),
    "api:archive_export": ({404}, "nothing archived in the current year of the demo clock"),
    "archive:export": ({302}, "the same: back to the archive list with the message"),
    "organs:delegation_create": ({403}, "only leaders delegate; the clerk is not one"),
    "organs:delegation_revoke": ({403}, "only the delegator revokes; the clerk is the delegate"),
}


# Required query parameters of GET operations (a GET without them is refused by its schema
# before the object is fetched, which would test nothing).
QUERIES: dict[str, dict[str, str]] = {
    "api:document_candidates": {"step": "dispatched"},
}


def area_of(route) -> str:
    matches = [prefix for prefix in AREAS if route.name.startswith(prefix)]
    if not matches:
        pytest.fail(f"classify {route.name} ({route.route}) in AREAS of {__name__}")
    area = AREAS[max(matches, key=len)]
    if area == DIRECTORY and route.method != "get":
        return SYSTEM
    return area


def _is_object_route(route) -> bool:
    return bool(route.params)


def _is_classified(route) -> bool:
    return any(resolver_prefix(route, p) in CLASSIFIED_PARAMETERS for p in route.params)


def expected(route, actor: str) -> set[int] | None:
    """The statuses ``actor`` may get on ``route`` (None: any but 5xx)."""
    area = area_of(route)
    if actor == "anonymous":
        if area == PUBLIC:
            return None
        return {401} if route.is_api else {302}
    refused = REFUSED if route.method == "get" else REFUSED_WRITE
    owner = {SYSTEM: "system_admin", SECURITY: "security_admin", AUDIT: "audit_admin"}.get(area)
    if owner:
        return None if actor == owner else refused
    if area in (PUBLIC, OWN):
        if area == OWN and _is_object_route(route) and actor != "clerk":
            return refused  # the clerk's notification
        return None
    if area == DIRECTORY:
        tree = route.name.startswith("api:organs_organ_")  # the organ tree is open to all
        if actor == "outsider" and route.params and not tree:
            return refused  # organ A's departments, posts and people
        if actor == "audit_admin" and not tree:
            return refused
        return None
    # BUSINESS
    if actor in ADMINS:
        if route.name == "web:workbench":
            return {302}  # to the administrator's own page
        return refused
    if actor == "outsider" and _is_object_route(route):
        return refused
    if actor in ("no_clearance", "no_role") and route.name.startswith(ROLE_ROUTES):
        return {403}
    if actor in ("no_clearance", "no_role") and _is_classified(route):
        # the 秘密 document: 404 without clearance; 马亮 has clearance but no part in it
        return refused
    return None


def _leaks(route, actor: str, body: str, markers: dict[str, str]) -> list[str]:
    may_not_see = {
        "outsider": ("secret_document", "incoming"),
        "system_admin": ("secret_document", "incoming"),
        "security_admin": ("secret_document", "incoming"),
        "audit_admin": ("secret_document", "incoming"),
        "no_clearance": ("secret_document",),
        "no_role": ("secret_document",),  # clearance, but outside its 知悉范围
        "anonymous": ("secret_document", "incoming"),
    }.get(actor, ())
    return [name for name in may_not_see if markers[name] in body]


ROUTES = all_routes()


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_route_answers_each_actor_as_its_area_says(world, route):
    area_of(route)
    client = Client()
    markers = world.markers()
    failures = []
    for actor in ACTORS:
        try:
            outcome = probe(client, route, world, actor, query=QUERIES.get(route.name))
        except UnknownParameter as exc:
            pytest.fail(str(exc))
        where = f"{actor}: {outcome.method.upper()} {route.route}"
        if outcome.status >= 500:
            failures.append(f"{where} → {outcome.status}\n{outcome.error}")
            continue
        allowed = expected(route, actor)
        if actor == "clerk" and outcome.method == "get" and area_of(route) == BUSINESS:
            allowed = CLERK_EXCEPTIONS.get(route.name, ({200}, ""))[0]
        if allowed is not None and outcome.status not in allowed:
            failures.append(f"{where} → {outcome.status}, expected {sorted(allowed)}")
        if actor == "anonymous" and outcome.status == 302 and not route.is_api:
            login = resolve_url(settings.LOGIN_URL)
            if area_of(route) != PUBLIC and not outcome.location.startswith(login):
                failures.append(f"{where} → 302 to {outcome.location}, not to {login}")
        leaked = _leaks(route, actor, outcome.body, markers)
        if leaked and outcome.status < 400:
            failures.append(f"{where} → {outcome.status} shows {', '.join(leaked)}")
    assert not failures, "\n".join(failures)


def test_every_operation_of_the_openapi_schema_is_a_route_of_the_matrix():
    """The matrix walks the URL conf; the schema must not know an operation it missed."""
    schema = api.get_openapi_schema()
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert len(operations) >= 80
    covered = set()
    for route in ROUTES:
        if not route.is_api or route.name in API_DOCUMENTATION:
            continue
        path = "/" + route.route
        for param in route.params:
            path = path.replace(f"<int:{param}>", f"{{{param}}}").replace(
                f"<{param}>", f"{{{param}}}"
            )
        covered.add((route.method.upper(), path))
    assert operations - covered == set()


def test_a_route_with_an_unknown_parameter_is_refused_by_name(world):
    from tests.security.matrix.routes import Route, resolve_kwargs

    route = Route("documents:new_thing", "documents/<int:gadget_pk>/", ("gadget_pk",), "get", False)
    with pytest.raises(UnknownParameter, match="add a resolver for <gadget_pk>"):
        resolve_kwargs(route, world)


def test_a_route_outside_every_area_is_refused_by_name():
    from tests.security.matrix.routes import Route

    route = Route("gadgets:list", "gadgets/", (), "get", False)
    with pytest.raises(pytest.fail.Exception, match="classify gadgets:list"):
        area_of(route)
