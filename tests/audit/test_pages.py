"""The 审计管理员's pages: filters, htmx partial, pagination, CSV export, chain status.

Every read of the audit trail is itself audited.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record


@pytest.fixture
def trail(clerk, director, outsider, organ_a, organ_b):
    """Events by three people in two organs, on two days."""
    day1 = timezone.now() - timedelta(days=3)
    with time_machine.travel(day1, tick=False):
        audit_record(actor=clerk, action="document.view", obj=organ_a, organ=organ_a)
        audit_record(
            actor=director,
            action="document.sign_off",
            obj=organ_a,
            organ=organ_a,
            extra={"doc_number": "甲政〔2026〕12号"},
        )
    audit_record(
        actor=outsider, action="document.view", obj=organ_b, organ=organ_b, result="denied"
    )
    audit_record(
        action="account.login", actor_name="ghost", result="failure", extra={"username": "ghost"}
    )
    return day1


@pytest.fixture
def auditor(client, audit_admin):
    client.force_login(audit_admin)
    return audit_admin


def test_the_audit_page_lists_every_event_newest_first(client, auditor, trail):
    response = client.get(reverse("audit:events"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("赵外人") < body.index("李主任") < body.index("张文书")
    assert "查看审计记录" in body  # the page's own view is recorded and listed
    assert "审计链状态" in body


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"person": "张文书"}, ["张文书"], ["李主任", "赵外人"]),
        ({"action": "document.sign_off"}, ["李主任"], ["张文书", "赵外人"]),
        ({"action": "document."}, ["张文书", "李主任", "赵外人"], ["ghost"]),
        ({"result": "denied"}, ["赵外人"], ["张文书", "李主任"]),
        ({"text": "甲政〔2026〕12号"}, ["李主任"], ["张文书", "赵外人"]),
        ({"person": "ghost"}, ["ghost"], ["张文书"]),
    ],
)
def test_the_filters_narrow_the_list(client, auditor, trail, query, present, absent):
    response = client.get(reverse("audit:events"), query, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body  # the htmx partial, not the whole page
    for name in present:
        assert name in body
    for name in absent:
        assert name not in body


def test_a_filter_matching_nothing_says_so(client, auditor, trail):
    response = client.get(reverse("audit:events"), {"person": "无此人"}, HTTP_HX_REQUEST="true")
    assert "没有符合条件的审计记录" in response.content.decode()


def test_a_history_restore_gets_the_whole_page(client, auditor, trail):
    response = client.get(
        reverse("audit:events"), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_the_organ_and_period_filters(client, auditor, trail, organ_a):
    day = timezone.localdate(trail)
    response = client.get(
        reverse("audit:events"),
        {"organ": organ_a.pk, "date_from": day.isoformat(), "date_to": day.isoformat()},
    )
    body = response.content.decode()
    assert "张文书" in body and "李主任" in body
    assert "赵外人" not in body


def test_a_reversed_period_is_a_clear_400(client, auditor, trail):
    response = client.get(
        reverse("audit:events"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert response.status_code == 400
    assert "起始日期不能晚于截止日期" in response.content.decode()


def test_a_malformed_date_is_a_400_not_a_500(client, auditor):
    response = client.get(reverse("audit:events"), {"date_from": "yesterday"})
    assert response.status_code == 400


def test_the_list_is_paginated(client, auditor, clerk):
    for i in range(60):
        audit_record(actor=clerk, action="document.view", extra={"i": i})
    first = client.get(reverse("audit:events"), {"action": "document.view"})
    assert "共 60 条" in first.content.decode()
    assert "1 / 2" in first.content.decode()
    second = client.get(
        reverse("audit:events"), {"action": "document.view", "page": 2}, HTTP_HX_REQUEST="true"
    )
    assert second.status_code == 200
    assert "2 / 2" in second.content.decode()
    assert "?action=document.view&page=1" in second.content.decode()


def test_every_view_of_the_audit_is_audited_with_its_filters(client, auditor, trail):
    client.get(reverse("audit:events"), {"person": "张文书"})
    client.get(reverse("audit:events"), {"result": "failure"}, HTTP_HX_REQUEST="true")
    views = list(AuditEvent.objects.filter(action="audit.view", actor=auditor).order_by("seq"))
    assert [v.extra["filters"] for v in views] == [{"person": "张文书"}, {"result": "failure"}]


def _csv(response) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_csv_export_opens_in_excel_with_chinese(client, auditor, trail):
    response = client.get(reverse("audit:export"), {"person": "李主任"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    raw, rows = _csv(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows[0][:6] == ["序号", "时间", "操作人", "代理对象", "机关", "动作"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["操作人"] == "李主任"
    assert row["机关"] == "甲市人民政府"
    assert row["动作代码"] == "document.sign_off"
    assert row["结果"] == "成功"
    assert "甲政〔2026〕12号" in row["详情"]
    assert len(row["摘要"]) == 64


def test_the_export_is_audited_with_its_filters(client, auditor, trail):
    response = client.get(reverse("audit:export"), {"result": "denied"})
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get(action="audit.export")
    assert event.actor_id == auditor.pk
    assert event.extra["filters"] == {"result": "denied"}


def test_the_csv_neutralises_spreadsheet_formulas(client, auditor):
    audit_record(action="account.login", actor_name='=HYPERLINK("http://x")', result="failure")
    _raw, rows = _csv(client.get(reverse("audit:export"), {"action": "account.login"}))
    assert rows[1][2].startswith("'=")


def test_the_page_says_when_the_chain_was_never_verified(client, auditor, trail):
    assert "尚未校验" in client.get(reverse("audit:events")).content.decode()


def test_verifying_shows_ok_and_is_audited(client, auditor, trail):
    response = client.post(reverse("audit:chain_status"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "完整" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="audit.verify", actor=auditor, result="success"
    ).exists()


def test_verifying_is_a_post(client, auditor):
    assert client.get(reverse("audit:chain_status")).status_code == 405


def test_verifying_names_the_broken_event(client, auditor, trail, tamper_allowed):
    AuditEvent.objects.filter(seq=2).update(object_repr="改")
    response = client.post(reverse("audit:chain_status"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "断裂" in body and "第 2 条" in body
    assert AuditEvent.objects.filter(action="audit.verify", result="failure").exists()


def test_the_page_shows_the_last_verification_without_walking_the_chain_again(
    client, auditor, trail, tamper_allowed
):
    from django.core.management import call_command

    before = AuditEvent.objects.count()
    call_command("audit_verify")  # e.g. a nightly cron job
    AuditEvent.objects.filter(seq=1).update(object_repr="改")  # not yet noticed
    body = client.get(reverse("audit:events")).content.decode()
    assert f"完整：已校验 {before} 条事件" in body
    response = client.post(reverse("audit:chain_status"))  # without htmx: back to the page
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "断裂：第 1 条事件" in body


def test_the_auditor_changes_nothing_there_is_no_write_endpoint(client, auditor, trail):
    before = AuditEvent.objects.count()
    assert client.post(reverse("audit:events")).status_code in (200, 405)
    assert AuditEvent.objects.filter(seq__lte=before).count() == before


def test_the_list_page_costs_the_same_queries_for_ten_or_fifty_events(
    client, auditor, clerk, organ_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("audit:events")).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(10):
        audit_record(
            actor=clerk, action="document.view", obj=organ_a, organ=organ_a, acting_for=clerk
        )
    queries()  # the first request of a session also caches its second-factor state
    few = queries()
    for _ in range(40):
        audit_record(
            actor=clerk, action="document.view", obj=organ_a, organ=organ_a, acting_for=clerk
        )
    assert queries() == few
    # PostgreSQL adds the advisory lock of the chain to the audited view's append.
    assert few <= (16 if connection.vendor == "postgresql" else 15)


def test_the_details_read_as_named_lines_not_json(client, audit_admin, clerk):
    audit_record(
        actor=clerk,
        action="document.view",
        extra={"filters": {"date_from": "2026-10-29", "date_to": "2026-11-27"}, "reason": "核对"},
    )
    client.force_login(audit_admin)
    html = client.get(reverse("audit:events")).content.decode()
    assert "筛选条件：起始日期 2026-10-29，截止日期 2026-11-27" in html
    assert "原因：核对" in html
    assert "{&quot;filters&quot;" not in html and '{"filters"' not in html


def test_verifying_names_a_tail_deleted_after_the_checkpoint(
    client, auditor, trail, tamper_allowed, django_capture_on_commit_callbacks
):
    from django.db import connection

    for _ in range(2):  # the first one writes the checkpoint the second one is checked with
        with django_capture_on_commit_callbacks(execute=True):
            ok = client.post(reverse("audit:chain_status"), HTTP_HX_REQUEST="true")
    assert "与检查点相符" in ok.content.decode()
    last = AuditEvent.objects.order_by("-seq").first().seq
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq >= %s", [last - 1])

    body = client.post(reverse("audit:chain_status"), HTTP_HX_REQUEST="true").content.decode()

    assert "断裂" in body and "末尾的 2 条事件被删除" in body
