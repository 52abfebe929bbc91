"""The audit page's bounds: a default period, real date inputs, a bounded count, and filters that
read no more of the trail than they need (no DISTINCT for the action list, people by id)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhongshu.audit import selectors
from zhongshu.audit.forms import DEFAULT_PERIOD_DAYS
from zhongshu.audit.models import AuditEvent
from zhongshu.audit.selectors import ACTION_LABELS, audit_action_choices
from zhongshu.audit.services import audit_record

URL = reverse("audit:events")


@pytest.fixture
def auditor(client, audit_admin):
    client.force_login(audit_admin)
    return audit_admin


def test_the_first_visit_shows_the_last_30_days_with_date_inputs(client, auditor, clerk):
    """GIVEN an event 40 days old and one of today
    WHEN the auditor opens the page without parameters
    THEN only today's is listed, the inputs show the period, and the links carry it."""
    with time_machine.travel(timezone.now() - timedelta(days=40), tick=False):
        audit_record(actor=clerk, action="document.view", extra={"old": "旧事件"})
    audit_record(actor=clerk, action="document.view", extra={"new": "新事件"})
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "新事件" in body and "旧事件" not in body
    today = timezone.localdate()
    start = today - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    assert f'type="date" name="date_from" value="{start.isoformat()}"' in body
    assert f'name="date_to" value="{today.isoformat()}"' in body
    assert f"date_from={start.isoformat()}" in response.context["query"]
    view = AuditEvent.objects.filter(action="audit.view").latest("seq")
    assert view.extra["filters"] == {"date_from": start.isoformat(), "date_to": today.isoformat()}


def test_clearing_both_dates_shows_the_whole_trail(client, auditor, clerk):
    with time_machine.travel(timezone.now() - timedelta(days=400), tick=False):
        audit_record(actor=clerk, action="document.view", extra={"old": "旧事件"})
    body = client.get(URL, {"date_from": "", "date_to": ""}).content.decode()
    assert "旧事件" in body


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "起始日期无效"),
        ("27/11/2026", "起始日期无效"),
        ("0026-11-27", "日期应在 2000-01-01 至今天之间"),
        ("2999-01-01", "日期应在 2000-01-01 至今天之间"),
    ],
)
def test_a_bad_date_is_a_400_with_a_chinese_message(client, auditor, value, message):
    response = client.get(URL, {"date_from": value})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_count_stops_at_the_cap_and_says_more(client, auditor, clerk, monkeypatch):
    """GIVEN more matching events than the cap
    WHEN the page is opened
    THEN it says "超过 N 条" and still pages through the first N."""
    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    for i in range(8):
        audit_record(actor=clerk, action="document.view", extra={"i": i})
    body = client.get(URL, {"action": "document.view"}).content.decode()
    assert "超过 5 条，请缩小筛选范围" in body
    assert "共 " not in body
    small = client.get(URL, {"action": "audit.view"}).content.decode()
    assert "共 2 条" in small  # this page's own two reads, under the cap


def test_the_api_count_is_bounded_too(client, audit_admin, clerk, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    for _ in range(4):
        audit_record(actor=clerk, action="document.view")
    client.force_login(audit_admin)
    data = client.get("/api/audit/events", {"action": "document.view"}).json()
    assert (data["count"], data["count_capped"]) == (3, True)
    data = client.get("/api/audit/events", {"action": "account.unlock"}).json()
    assert (data["count"], data["count_capped"]) == (0, False)


def test_the_action_list_comes_from_the_registered_names_not_the_trail(client, auditor):
    choices = dict(audit_action_choices())
    assert set(ACTION_LABELS) <= set(choices)
    assert choices["account."] == "account（全部）"
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    assert not [q for q in ctx.captured_queries if "DISTINCT" in q["sql"].upper()]


def test_the_person_filter_finds_what_was_done_by_for_and_to_the_person(
    client, auditor, clerk, director, outsider
):
    """Acts by the person, acts by another for the person (代), acts on the person's account, and
    failed log-ins under a name that has no account."""
    audit_record(actor=clerk, action="document.view", extra={"n": "本人操作"})
    audit_record(actor=director, acting_for=clerk, action="document.view", extra={"n": "代理"})
    audit_record(action="account.lockout", obj=clerk, extra={"n": "账号被锁"})
    audit_record(actor=outsider, action="document.view", extra={"n": "无关"})
    audit_record(action="account.login", actor_name="张文书x", result="failure", extra={"n": "x"})
    body = client.get(URL, {"person": "张文书"}).content.decode()
    for text in ("本人操作", "代理", "账号被锁", "张文书x"):
        assert text in body
    assert "无关" not in body
