"""Send one route's request as one actor (shared by the matrix and the malformed-input tests)."""

from __future__ import annotations

import contextlib
import json
import traceback
from dataclasses import dataclass

from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.matrix.routes import Route, resolve_kwargs


@dataclass(frozen=True)
class Outcome:
    status: int
    body: str
    location: str
    method: str  # the method actually sent
    error: str = ""  # the traceback when the view raised (the test client re-raises)


def probe(
    client: Client,
    route: Route,
    world,
    actor: str,
    *,
    query: dict | None = None,
    method: str | None = None,
) -> Outcome:
    """Log ``actor`` in, send the route's request inside a savepoint rolled back afterwards.

    GET routes get a GET (with ``query``); a page that answers GET with 405 (a POST-only form
    action) gets a POST with an empty form; an API operation without GET gets its method with
    an empty JSON object. The CSRF check is off, as in every Django test client.
    """
    url = reverse(route.name, kwargs=resolve_kwargs(route, world) or None)
    client.logout()
    if actor != "anonymous":
        client.force_login(world.users[actor])
    savepoint = transaction.savepoint()
    try:
        try:
            method = method or route.method
            if method == "get":
                response = client.get(url, data=query or {})
                if response.status_code == 405 and not route.is_api:
                    method = "post"
                    response = client.post(url, data={})
            elif route.is_api:
                response = getattr(client, method)(url, data="{}", content_type="application/json")
            else:
                response = getattr(client, method)(url, data={})
        except Exception:
            return Outcome(500, "", "", method, traceback.format_exc(limit=-8))
        body = b"" if response.streaming else response.content
        if response.get("Content-Type", "").startswith(("text/", "application/json")):
            text = body.decode("utf-8", "replace")
            if response.get("Content-Type", "").startswith("application/json"):
                # the API escapes nothing but ASCII; decode so that markers are found either way
                with contextlib.suppress(ValueError):
                    text = json.dumps(json.loads(text), ensure_ascii=False)
        else:
            text = ""  # PDFs, workbooks: their status says whether they were handed out
        return Outcome(response.status_code, text, response.get("Location", ""), method)
    finally:
        transaction.savepoint_rollback(savepoint)
