"""Every audit line written while serving a request records the client's address and user
agent, without the services being handed ``request`` (issue #11)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from zhongshu.audit.context import current_request, request_context
from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record
from zhongshu.documents.models import OutgoingDocument

pytestmark = pytest.mark.django_db
Status = OutgoingDocument.Status
AGENT = "Mozilla/5.0 (X11; Linux x86_64) 测试浏览器"


def _post(client, user, path, data, **meta):
    client.force_login(user)
    return client.post(path, data, HTTP_USER_AGENT=AGENT, **meta)


def test_sign_off_seal_and_dispatch_posted_from_the_page_record_the_client(cast, client, settings):
    """
    GIVEN a document waiting for 签发, a proxy that sets X-Real-IP
    WHEN the leader signs it off, then the clerk seals and dispatches it, each from the
      document page (services called without ``request``)
    THEN the three audit lines carry the address from the header and the browser's user agent
    """
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)
    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "203.0.113.7"}

    for user, step, data in (
        (cast.leader, "sign_off", {"opinion": "同意"}),
        (cast.director, "recheck", {}),
        (cast.clerk, "register", {}),
        (cast.clerk, "seal", {}),
        (cast.clerk, "dispatch", {}),
    ):
        response = _post(client, user, f"/documents/{doc.pk}/act/{step}/", data, **meta)
        assert response.status_code == 302, step

    doc.refresh_from_db()
    assert doc.status == Status.DISPATCHED
    for action in ("outgoing_sign_off", "outgoing_seal", "outgoing_dispatch"):
        event = AuditEvent.objects.get(action=action)
        assert (event.ip, event.user_agent) == ("203.0.113.7", AGENT), action


def test_without_the_proxy_header_setting_the_remote_address_is_recorded(cast, client):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)

    _post(
        client,
        cast.leader,
        f"/documents/{doc.pk}/act/sign_off/",
        {"opinion": "同意"},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_REAL_IP="203.0.113.7",
    )

    event = AuditEvent.objects.get(action="outgoing_sign_off")
    assert (event.ip, event.user_agent) == ("10.0.0.9", AGENT)


def test_a_caller_passing_its_request_keeps_its_own_client():
    outer = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_USER_AGENT="outer")
    inner = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_USER_AGENT="inner")
    with request_context(outer):
        event = audit_record(action="x", request=inner)
    assert (event.ip, event.user_agent) == ("10.0.0.2", "inner")


def test_outside_a_request_nothing_is_recorded_and_the_context_is_closed_after_it():
    with request_context(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")):
        assert current_request().ip == "10.0.0.1"
    assert current_request() is None
    event = audit_record(action="x")
    assert (event.ip, event.user_agent) == (None, "")
