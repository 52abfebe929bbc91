"""Answers remembered for the life of one request (issue #11: one visibility computation per
request per object).

``RequestMemoMiddleware`` opens an empty memo for each request and drops it when the response
is returned; outside a request (services called from a task, a seed, a test) nothing is
remembered and every question is computed again. A key names everything its answer depends on
that may change within the request (a document's status and ``updated_at``, which every move
writes), so an answer read before a service moved the object is not the answer after it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, object] | None] = ContextVar("zhongshu_request_memo", default=None)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """The answer remembered under ``key`` in this request, computed (and kept) the first time."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]


def remember(key: Hashable, value: object) -> None:
    """Keep ``value`` under ``key`` for the rest of the request (nothing outside a request)."""
    memo = _memo.get()
    if memo is not None:
        memo[key] = value


@contextmanager
def scope() -> Iterator[None]:
    """A fresh memo for the block (one request), dropped at its end."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class RequestMemoMiddleware:
    """Each request gets its own memo, never shared with another request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with scope():
            return self.get_response(request)
