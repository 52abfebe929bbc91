"""Refused accesses (403/404 to a signed-in person) are audited, at a bounded rate per person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import DatabaseError

from zhongshu.audit import middleware
from zhongshu.audit.models import AuditEvent, RefusalWindow
from zhongshu.audit.refusals import LINES_PER_MINUTE
from zhongshu.audit.tasks import audit_checkpoint_task
from zhongshu.documents.models import OutgoingDocument

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 12, 1, 2, 0, 5, tzinfo=UTC)


def _refusals():
    return AuditEvent.objects.filter(action__startswith="access_refused").order_by("seq")


def test_an_outsider_asking_for_a_document_is_recorded_with_path_method_and_status(
    cast, client, outsider
):
    doc = cast.draft()
    client.force_login(outsider)

    response = client.get(f"/documents/{doc.pk}/", REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 404
    event = _refusals().get()
    assert (event.action, event.actor, event.result) == ("access_refused", outsider, "denied")
    assert event.extra == {"path": f"/documents/{doc.pk}/", "method": "GET", "status": 404}
    assert event.ip == "10.1.2.3"


def test_a_step_that_is_not_yours_is_recorded_as_403(cast, client):
    doc = cast.advance(cast.draft(), OutgoingDocument.Status.REVIEW)
    client.force_login(cast.clerk)

    response = client.post(f"/documents/{doc.pk}/act/pass/", {"next_handler": cast.director.pk})

    assert response.status_code == 403
    assert _refusals().get().extra["status"] == 403


def test_the_api_refusal_is_recorded_too(cast, client, outsider):
    doc = cast.draft()
    client.force_login(outsider)

    assert client.get(f"/api/documents/{doc.pk}").status_code == 404
    assert _refusals().get().extra["path"] == f"/api/documents/{doc.pk}"


def test_a_scan_of_200_ids_leaves_a_bounded_trail_and_one_summary(cast, client, outsider):
    """
    GIVEN an outsider of another organ
    WHEN they request 200 document ids within one minute
    THEN the trail gets LINES_PER_MINUTE lines, and once the minute is over one summary line
      counting the other 190
    """
    doc = cast.draft()
    client.force_login(outsider)
    with time_machine.travel(T0, tick=False):
        for pk in range(doc.pk, doc.pk + 200):
            assert client.get(f"/documents/{pk}/").status_code == 404
    assert _refusals().count() == LINES_PER_MINUTE

    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        assert audit_checkpoint_task() == "written"

    lines = list(_refusals())
    assert len(lines) == LINES_PER_MINUTE + 1
    summary = lines[-1]
    assert (summary.action, summary.actor) == ("access_refused_summary", outsider)
    assert summary.extra["count"] == 200 - LINES_PER_MINUTE
    assert summary.extra["recorded"] == LINES_PER_MINUTE
    assert summary.extra["last_path"] == f"/documents/{doc.pk + 199}/"
    assert not RefusalWindow.objects.exists()


def test_the_summary_is_written_at_the_persons_next_refusal_too(cast, client, outsider):
    client.force_login(outsider)
    with time_machine.travel(T0, tick=False):
        for pk in range(1000, 1000 + LINES_PER_MINUTE + 3):
            client.get(f"/documents/{pk}/")
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        client.get("/documents/99999/")

    actions = list(_refusals().values_list("action", flat=True))
    assert actions[-2:] == ["access_refused_summary", "access_refused"]
    assert _refusals().get(action="access_refused_summary").extra["count"] == 3


def test_each_person_has_their_own_allowance(cast, client, outsider):
    with time_machine.travel(T0, tick=False):
        for person in (outsider, cast.drafter):
            client.force_login(person)
            for pk in range(5000, 5000 + LINES_PER_MINUTE + 1):
                client.get(f"/documents/{pk}/")
    assert _refusals().filter(actor=outsider).count() == LINES_PER_MINUTE
    assert _refusals().filter(actor=cast.drafter).count() == LINES_PER_MINUTE


def test_a_refusal_already_recorded_as_denied_is_not_recorded_twice(client, clerk):
    client.force_login(clerk)

    assert client.get("/audit/").status_code == 403

    assert AuditEvent.objects.filter(action="access.denied").count() == 1
    assert not _refusals().exists()


def test_anonymous_and_unknown_addresses_are_not_recorded(client, clerk):
    assert client.get("/api/documents/1").status_code in (401, 403)
    client.force_login(clerk)
    assert client.get("/no-such-page/").status_code == 404
    assert not _refusals().exists()


def test_a_failure_to_record_still_answers_404_not_500(cast, client, outsider, monkeypatch):
    def broken(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(middleware, "access_refused_record", broken)
    client.force_login(outsider)

    assert client.get(f"/documents/{cast.draft().pk}/").status_code == 404


def test_the_refusal_actions_have_chinese_labels(client, audit_admin, outsider):
    from zhongshu.audit.selectors import action_label

    assert action_label("access_refused") == "拒绝访问"
    assert "汇总" in action_label("access_refused_summary")
