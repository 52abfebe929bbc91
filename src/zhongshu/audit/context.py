"""The request an audit line is written in: client address and user agent, without threading
``request`` through services (issue #11).

``AuditRequestMiddleware`` opens a ``RequestContext`` for each request in a context variable;
``audit_record`` reads it when its caller passes no ``request``. Outside a request (commands,
scheduled jobs) there is none, and the line records no address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


@dataclass
class RequestContext:
    """What the audit trail records of the request being served."""

    ip: str | None
    user_agent: str
    #: Set when a line with result ``denied`` was written during the request (by
    #: ``ensure_admin`` for instance): the middleware then adds no ``access_refused`` line.
    refusal_recorded: bool = False


_current: ContextVar[RequestContext | None] = ContextVar("zhongshu_audit_request", default=None)


def client_of(request: HttpRequest | None) -> tuple[str | None, str]:
    """The client's address and user agent.

    Behind a proxy (``settings.CLIENT_IP_HEADER``, a META key such as ``HTTP_X_REAL_IP``; not
    set means ``REMOTE_ADDR``), the last address of the header is the one the
    proxy itself appended; earlier ones are whatever the client claimed. Anything that is not
    an IP address is ignored rather than allowed to fail the audited act.
    """
    if request is None:
        return None, ""
    ip = None
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        ip = _valid_ip(request.META[header].split(",")[-1])
    ip = ip or _valid_ip(request.META.get("REMOTE_ADDR") or "")
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return ip, agent


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def current_request() -> RequestContext | None:
    """The context of the request being served in this thread, if any."""
    return _current.get()


@contextmanager
def request_context(request: HttpRequest) -> Iterator[RequestContext]:
    """Open the audit context of ``request`` for the duration of the block."""
    ip, agent = client_of(request)
    context = RequestContext(ip=ip, user_agent=agent)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
