"""What audit_record writes about the client."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from zhongshu.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _request(**meta):
    return RequestFactory().get("/", HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 400, **meta)


def test_it_records_the_remote_address_and_a_truncated_user_agent():
    event = audit_record(action="x", request=_request(REMOTE_ADDR="10.0.0.7"))
    assert event.ip == "10.0.0.7"
    assert len(event.user_agent) == 300


@override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_it_takes_the_address_the_proxy_appended():
    http = _request(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert audit_record(action="x", request=http).ip == "203.0.113.9"


@override_settings(CLIENT_IP_HEADER="HTTP_X_REAL_IP")
def test_a_malformed_proxy_header_falls_back_to_the_remote_address():
    http = _request(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="<script>")
    assert audit_record(action="x", request=http).ip == "10.0.0.1"


def test_a_request_without_an_address_records_none():
    http = _request()
    http.META.pop("REMOTE_ADDR", None)
    assert audit_record(action="x", request=http).ip is None


def test_an_anonymous_actor_is_recorded_as_nobody():
    from django.contrib.auth.models import AnonymousUser

    event = audit_record(action="x", actor=AnonymousUser(), actor_name="访客")
    assert (event.actor_id, event.actor_name) == (None, "访客")
