"""The audit middleware: the request context of every audit line, and refused accesses.

1. Opens the request's audit context (client address, user agent: ``audit.context``), so that
   every audit line written while serving the request records them, however deep the service
   that writes it (issue #11).
2. When the answer to a signed-in person is 403 or 404 from one of the application's views
   (a URL that resolved: an object asked for and refused, or not shown to this person), and
   nothing was recorded as denied already, writes ``access_refused`` (rate-limited per
   person: ``audit.refusals``). A failure to record is logged; the person still gets the 403
   or 404, never a 500.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError

from zhongshu.audit.context import request_context
from zhongshu.audit.refusals import access_refused_record

logger = logging.getLogger(__name__)

REFUSED = frozenset({403, 404})


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request) as context:
            response = self.get_response(request)
            if (
                response.status_code in REFUSED
                and not context.refusal_recorded
                and getattr(request, "resolver_match", None) is not None
                and getattr(getattr(request, "user", None), "is_authenticated", False)
            ):
                try:
                    access_refused_record(
                        user=request.user,
                        path=request.get_full_path(),
                        method=request.method or "",
                        status=response.status_code,
                    )
                except DatabaseError:
                    logger.exception("refused access to %s not recorded", request.path)
        return response
