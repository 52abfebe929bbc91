"""Schemathesis over the whole OpenAPI schema of the API: no input makes an operation answer 5xx.

Every operation of ``api.get_openapi_schema()`` gets ``EXAMPLES`` generated requests (path
parameters, query, JSON or multipart bodies from the schema), sent in-process through Django's
test client as the clerk of organ A in the demo city (``tests/security/matrix/conftest.py``). Half of the
examples take their path parameters from the world (``tests/security/matrix/routes.py``), so that the
operation reaches its real object and not only its 404. Each example runs in a savepoint rolled
back afterwards, so a successful write does not change what the next example sees.

The check is schemathesis's ``not_a_server_error`` (status < 500; the test client re-raises an
exception in a view, reported with the request). ``ZHONGSHU_SCHEMATHESIS_EXAMPLES`` raises the
number of examples for a longer run by hand.
"""

from __future__ import annotations

import os
import re

import pytest
import requests
import schemathesis
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.security.matrix.routes import all_routes, resolve_kwargs
from zhongshu.config.api import api

EXAMPLES = int(os.environ.get("ZHONGSHU_SCHEMATHESIS_EXAMPLES", "6"))

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


def _route_of(operation):
    """The matrix route of an operation (for the world's path parameters)."""
    for route in all_routes():
        if not route.is_api or route.method != operation.method.lower():
            continue
        pattern = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.route)
        if pattern == operation.path:
            return route
    return None


def _send(client: Client, case):
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    prepared = requests.Request(
        method=kwargs["method"],
        url=kwargs["url"],
        headers=kwargs.get("headers"),
        params=kwargs.get("params"),
        data=kwargs.get("data"),
        json=kwargs.get("json"),
        files=kwargs.get("files"),
    ).prepare()
    path = prepared.path_url
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode()
    headers = {
        k: v
        for k, v in prepared.headers.items()
        if k.lower() not in {"content-type", "content-length", "cookie", "host"}
    }
    return client.generic(
        prepared.method,
        path,
        data=body,
        content_type=prepared.headers.get("Content-Type", ""),
        headers=headers,
    )


def test_the_schema_has_every_operation():
    assert len(OPERATIONS) >= 80


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: f"{o.method.upper()} {o.path}")
def test_no_generated_request_makes_an_operation_fail_with_5xx(world, operation):
    client = Client()
    client.force_login(world.users["clerk"])
    route = _route_of(operation)
    real = resolve_kwargs(route, world) if route and route.params else {}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), use_world=st.booleans())
    def run(case, use_world):
        if use_world and real:
            case.path_parameters = {**case.path_parameters, **real}
        savepoint = transaction.savepoint()
        try:
            try:
                response = _send(client, case)
            except Exception as exc:
                raise AssertionError(f"{case.method} {case.formatted_path} raised {exc!r}") from exc
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} → {response.status_code}: "
                f"query={case.query!r} body={case.body!r}"
            )
        finally:
            transaction.savepoint_rollback(savepoint)

    run()
