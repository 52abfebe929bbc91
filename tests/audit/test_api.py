"""The audit API: the 审计管理员 lists with filters and verifies the chain; each read is audited."""

from __future__ import annotations

import pytest

from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record


@pytest.fixture
def trail(clerk, outsider, organ_a, organ_b):
    audit_record(actor=clerk, action="document.view", obj=organ_a, organ=organ_a)
    audit_record(
        actor=outsider, action="document.view", obj=organ_b, organ=organ_b, result="denied"
    )


def test_the_auditor_lists_events_with_filters(client, audit_admin, trail, organ_b):
    client.force_login(audit_admin)
    response = client.get("/api/audit/events", {"organ_id": organ_b.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["actor_name"] == "赵外人"
    assert item["result"] == "denied"
    assert item["action_label"] == "document.view"
    assert len(item["digest"]) == 64


def test_the_api_pages_through_events(client, audit_admin, trail):
    client.force_login(audit_admin)
    data = client.get(
        "/api/audit/events", {"action": "document.view", "page_size": 1, "page": 2}
    ).json()
    assert data["count"] == 2
    assert [i["actor_name"] for i in data["items"]] == ["张文书"]


def test_each_api_read_is_audited(client, audit_admin, trail):
    client.force_login(audit_admin)
    client.get("/api/audit/events", {"person": "张文书"})
    event = AuditEvent.objects.get(action="audit.view")
    assert event.extra["filters"] == {"person": "张文书"}
    assert event.extra["api"] is True


def test_a_reversed_period_is_a_400_with_a_chinese_message(client, audit_admin):
    client.force_login(audit_admin)
    response = client.get("/api/audit/events", {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 400
    assert "起始日期不能晚于截止日期" in response.json()["message"]


def test_a_date_outside_the_pages_bounds_is_a_400_as_on_the_page(client, audit_admin):
    client.force_login(audit_admin)
    response = client.get("/api/audit/events", {"date_from": "1999-01-01"})
    assert response.status_code == 400
    assert "日期应在 2000-01-01 至今天之间" in response.json()["message"]


def test_the_auditor_verifies_the_chain_through_the_api(client, audit_admin, trail, tamper_allowed):
    client.force_login(audit_admin)  # itself an audited log-in
    before = AuditEvent.objects.count()
    response = client.post("/api/audit/verify")
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert response.json()["checked"] == before
    assert (response.json()["keyed"], response.json()["legacy"]) == (before, 0)
    AuditEvent.objects.filter(seq=1).update(action="document.delete")
    data = client.post("/api/audit/verify").json()
    assert (data["ok"], data["broken_seq"]) == (False, 1)


def test_the_system_administrator_cannot_read_the_audit_through_the_api(
    client, system_admin, trail
):
    client.force_login(system_admin)
    response = client.get("/api/audit/events")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor=system_admin).exists()
