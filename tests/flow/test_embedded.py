"""The embedded scheduler's tick (the thread itself is never started under tests)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.flow.factories import WorkItemFactory
from zhongshu.flow import embedded
from zhongshu.notifications.models import Notification


@pytest.mark.django_db(transaction=True)
def test_one_tick_runs_the_scan(clerk):
    WorkItemFactory(assignee=clerk, deadline=timezone.now() + timedelta(hours=1))
    result = embedded.run_once()
    assert result is not None
    assert result.reminded == 1
    assert Notification.objects.filter(recipient=clerk).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_scan_is_logged_and_the_tick_survives(monkeypatch, caplog):
    def broken_scan(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("zhongshu.flow.scan.flow_scan", broken_scan)
    assert embedded.run_once() is None
    assert "embedded scan failed" in caplog.text
