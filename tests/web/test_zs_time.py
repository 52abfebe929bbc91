"""Times as a clerk reads them (web/templatetags/zs_time.py): near days named, the year dropped."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from zhongshu.web.templatetags.zs_time import due_today, overdue_by, when

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 27, 14, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _shanghai(settings):
    settings.TIME_ZONE = "Asia/Shanghai"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 11, 27, 20, 40, tzinfo=SHANGHAI), "今天 20:40"),
        (datetime(2026, 11, 26, 9, 5, tzinfo=SHANGHAI), "昨天 09:05"),
        (datetime(2026, 11, 28, 15, 53, tzinfo=SHANGHAI), "明天 15:53"),
        (datetime(2026, 11, 24, 11, 8, tzinfo=SHANGHAI), "11月24日 11:08"),
        (datetime(2027, 1, 3, 9, 0, tzinfo=SHANGHAI), "2027年1月3日 09:00"),
        (None, ""),
    ],
)
def test_it_names_the_day_as_a_clerk_reads_it(value, expected):
    assert when(value, NOW) == expected


def test_it_reads_the_day_in_local_time_not_utc():
    # 2026-11-27 17:30 UTC is 28 November 01:30 in Beijing: tomorrow, not today
    utc = datetime(2026, 11, 27, 17, 30, tzinfo=ZoneInfo("UTC"))
    assert when(utc, NOW) == "明天 01:30"


def test_it_marks_a_deadline_later_today_but_not_a_past_or_later_one():
    assert due_today(NOW + timedelta(hours=3), NOW) is True
    assert due_today(NOW - timedelta(hours=1), NOW) is False  # overdue, marked as such
    assert due_today(NOW + timedelta(days=1), NOW) is False


def test_it_says_how_long_an_item_is_overdue():
    assert overdue_by(NOW - timedelta(days=3, hours=2), NOW) == "已超期 3 天"
    assert overdue_by(NOW - timedelta(hours=5, minutes=10), NOW) == "已超期 5 小时"
    assert overdue_by(NOW - timedelta(minutes=10), NOW) == "已超期 10 分钟"
    assert overdue_by(NOW + timedelta(hours=1), NOW) == ""
