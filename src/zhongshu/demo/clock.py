"""The demo's clock: the seeded work happened over the last weeks, in office hours.

The documents of the demo are made by the real services, which stamp every step, work item,
notification and audit line with ``django.utils.timezone.now()``. A city whose whole history
happened in the second of seeding shows nothing real (every date the same, nothing overdue), so
while the seed drives a document, ``demo_time`` makes ``timezone.now`` return the clock's time
instead. Nothing else changes: the services, their checks and their transactions are the ones a
person's click runs.

The clock never runs ahead of the real time and never goes back before 1 January of the current
year (the 发文字号 and 收文号 of the demo stay in one year). It only moves while its block runs: the
seed is a command run alone, not a thread of a serving process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from unittest import mock

from django.utils import timezone

_real_now = timezone.now
OPENS = time(8, 30)
CLOSES = time(17, 30)


def _office_hours(moment: datetime) -> datetime:
    """``moment``, or the next opening of the office when it falls at night or at a weekend."""
    local = timezone.localtime(moment)
    for _day in range(7):
        if local.weekday() >= 5:
            local = (local + timedelta(days=1)).replace(
                hour=OPENS.hour, minute=OPENS.minute, second=0, microsecond=0
            )
            continue
        if local.time() < OPENS:
            local = local.replace(hour=OPENS.hour, minute=OPENS.minute, second=0, microsecond=0)
        elif local.time() > CLOSES:
            local = (local + timedelta(days=1)).replace(
                hour=OPENS.hour, minute=OPENS.minute, second=0, microsecond=0
            )
            continue
        break
    return local


class DemoClock:
    """A point in the past that the seed moves forward step by step.

    ``now()`` is the clock's time plus the real time elapsed since it was last set, so the
    timestamps written inside one step still increase.
    """

    def __init__(self) -> None:
        self._at: datetime | None = None
        self._set_real: datetime | None = None

    def _floor(self) -> datetime:
        local = timezone.localtime(_real_now())
        return local.replace(month=1, day=1, hour=OPENS.hour, minute=OPENS.minute, second=0)

    def set(self, moment: datetime) -> datetime:
        """Stand at ``moment`` (moved into office hours, never before this year, never ahead)."""
        real = _real_now()
        moment = max(_office_hours(moment), self._floor())
        self._at = min(moment, real)
        self._set_real = real
        return self._at

    def days_ago(self, days: float, *, minutes: int = 0) -> datetime:
        """Stand at the office's opening ``days`` days ago, ``minutes`` later."""
        local = timezone.localtime(_real_now()) - timedelta(days=days)
        opening = local.replace(hour=OPENS.hour, minute=OPENS.minute, second=0, microsecond=0)
        return self.set(opening + timedelta(minutes=minutes))

    def advance(self, *, hours: float = 0, days: int = 0) -> datetime:
        """Move on by ``hours`` of office time (the rest of the day carries to the next
        working morning) and ``days`` working days."""
        moment = self.now()
        for _day in range(days):
            moment = _office_hours(moment + timedelta(days=1))
        remaining = timedelta(hours=hours)
        for _guard in range(30):
            local = _office_hours(moment)
            closing = local.replace(hour=CLOSES.hour, minute=CLOSES.minute, second=0)
            if local + remaining <= closing:
                moment = local + remaining
                break
            remaining -= closing - local
            moment = closing + timedelta(minutes=1)
        return self.set(moment)

    def now(self) -> datetime:
        real = _real_now()
        if self._at is None or self._set_real is None:
            return real
        return min(self._at + (real - self._set_real), real)


@contextmanager
def demo_time(clock: DemoClock) -> Iterator[DemoClock]:
    """Within the block, ``timezone.now()`` (and so ``localtime``/``localdate``) is the clock's."""
    with mock.patch.object(timezone, "now", clock.now):
        yield clock
