"""Every route of 中枢, found by walking the URL conf and the django-ninja API, and how to fill
its path parameters from the security suite's world (``tests/security/matrix/conftest.py``).

A new page or endpoint is in the permission matrix without anyone adding it: its URL name is
classified by the rules of ``tests/security/test_route_matrix.py`` and its path parameters are
filled by ``PARAMETERS``. A parameter that no entry of ``PARAMETERS`` knows makes the matrix fail
with "add a resolver for <param>", so a route cannot slip by untested.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from zhongshu.config.api import api

API_NAMESPACE = "api"


@dataclass(frozen=True)
class Route:
    """One URL name with its pattern, its parameters and the method the matrix sends."""

    name: str  # "documents:detail", "api:document_detail"
    route: str  # the Django pattern, e.g. "documents/<int:pk>/"
    params: tuple[str, ...]
    method: str  # "get", or the one method of an API operation without GET, or "post"
    is_api: bool

    def __str__(self) -> str:
        return self.name


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern)


def api_methods() -> dict[str, str]:
    """URL name (without ``api:``) → the HTTP method of each django-ninja operation."""
    methods: dict[str, str] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                name = getattr(operation, "url_name", None) or api.get_operation_url_name(
                    operation, router=router
                )
                methods[name] = operation.methods[0].lower()
    return methods


# The API's own documentation routes: not operations of a router.
API_DOCUMENTATION = {"api:openapi-json", "api:openapi-view", "api:api-root"}


def all_routes() -> list[Route]:
    """Every named route of the URL conf, API operations with their method (GET where a path
    has one; the path's other operations are routes of their own)."""
    methods = api_methods()
    routes: dict[str, Route] = {}
    for name, route in _walk(get_resolver().url_patterns):
        params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
        is_api = name.startswith(f"{API_NAMESPACE}:")
        if is_api and name not in API_DOCUMENTATION:
            method = methods[name.split(":", 1)[1]]
        else:
            method = "get"
        routes.setdefault(name, Route(name, route, params, method, is_api))
    return sorted(routes.values(), key=lambda r: r.name)


# (URL name prefix, parameter) → the value from the world. The longest matching prefix wins.
Resolver = Callable[[Any], Any]
PARAMETERS: dict[tuple[str, str], Resolver] = {
    # 发文: the 秘密 document of organ A
    ("documents:", "pk"): lambda w: w.secret_document.pk,
    ("documents:", "recipient_pk"): lambda w: w.recipient.pk,
    ("documents:file", "kind"): lambda w: "pdf",
    ("documents:act", "action"): lambda w: "pass",
    ("api:document_", "document_id"): lambda w: w.secret_document.pk,
    ("api:document_file", "kind"): lambda w: "pdf",
    ("api:document_copies", "recipient_id"): lambda w: w.recipient.pk,
    # 收文 of organ A (in circulation), its 督办 task; the 发文 whose receipts are shown
    ("incoming:", "pk"): lambda w: w.incoming.pk,
    ("incoming:", "circulation_pk"): lambda w: w.circulation.pk,
    ("incoming:", "task_pk"): lambda w: w.task.pk,
    ("incoming:", "document_pk"): lambda w: w.secret_document.pk,
    ("incoming:act", "action"): lambda w: "read",
    ("api:incoming_", "pk"): lambda w: w.incoming.pk,
    ("api:incoming_", "circulation_pk"): lambda w: w.circulation.pk,
    ("api:incoming_act", "action"): lambda w: "read",
    # 归档: organ A's archived 收文; the 份号 records of the 秘密 document (held by a receiver)
    ("archive:", "kind"): lambda w: "incoming",
    ("archive:", "pk"): lambda w: w.archived_incoming.pk,
    ("archive:copy_act", "incoming_pk"): lambda w: w.copy_incoming.pk,
    ("archive:copy_act", "pk"): lambda w: w.copy_record.pk,
    ("archive:copy_act", "action"): lambda w: "request",
    ("api:archive_copy", "document_pk"): lambda w: w.secret_document.pk,
    ("api:archive_copy_act", "pk"): lambda w: w.copy_record.pk,
    ("api:archive_copy_act", "action"): lambda w: "request",
    # 机关、处室、人员、岗位、委托 (organ A, its office, the clerk and her post)
    ("organs:organ_", "pk"): lambda w: w.organ.pk,
    ("organs:department_create", "organ_pk"): lambda w: w.organ.pk,
    ("organs:department_", "pk"): lambda w: w.department.pk,
    ("organs:post_create", "department_pk"): lambda w: w.department.pk,
    ("organs:person_", "pk"): lambda w: w.users["clerk"].pk,
    ("organs:post_", "pk"): lambda w: w.post.pk,
    ("organs:delegation_", "pk"): lambda w: w.delegation.pk,
    ("api:organs_organ_", "pk"): lambda w: w.organ.pk,
    ("api:organs_department_", "pk"): lambda w: w.department.pk,
    ("api:organs_person_", "pk"): lambda w: w.users["clerk"].pk,
    ("api:organs_post_", "pk"): lambda w: w.post.pk,
    ("api:organs_delegation_", "pk"): lambda w: w.delegation.pk,
    # 待办、通知 of the clerk
    ("flow:", "pk"): lambda w: w.work_item.pk,
    ("api:workitem_", "item_id"): lambda w: w.work_item.pk,
    ("notifications:", "pk"): lambda w: w.notification.pk,
    ("api:notification_", "notification_id"): lambda w: w.notification.pk,
    # 设置码 asked for a person of organ A, for the 安全管理员 to issue
    ("accounts:password_code_", "pk"): lambda w: w.password_code.pk,
    ("api:password_code_", "pk"): lambda w: w.password_code.pk,
}


# The entries that point at the 秘密 document (or its copies): 404 to a user without clearance.
CLASSIFIED_PARAMETERS = {
    ("documents:", "pk"),
    ("documents:", "recipient_pk"),
    ("api:document_", "document_id"),
    ("api:document_copies", "recipient_id"),
    ("incoming:", "document_pk"),
    ("api:archive_copy", "document_pk"),
    ("api:archive_copy_act", "pk"),
}


class UnknownParameter(LookupError):
    pass


def resolver_prefix(route: Route, param: str) -> tuple[str, str]:
    """The key of ``PARAMETERS`` that fills ``param`` of ``route`` (the longest prefix)."""
    matches = [
        prefix for (prefix, name) in PARAMETERS if name == param and route.name.startswith(prefix)
    ]
    if not matches:
        raise UnknownParameter(
            f"add a resolver for <{param}> of {route.name} ({route.route}) to "
            "tests/security/matrix/routes.py PARAMETERS"
        )
    return max(matches, key=len), param


def resolve_kwargs(route: Route, world: Any) -> dict[str, Any]:
    """The path arguments of ``route`` from the world; ``UnknownParameter`` for one that no
    entry of ``PARAMETERS`` covers."""
    return {p: PARAMETERS[resolver_prefix(route, p)](world) for p in route.params}
