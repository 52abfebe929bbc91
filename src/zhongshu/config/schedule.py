"""Every periodic job of 中枢, in one place (read by ``zhongshu.config.celery`` for ``zhongshu beat``).

The embedded default does not use Celery beat: ``zhongshu.flow.embedded`` runs the same scan in
the server process at the same interval.
"""

from django.conf import settings

BEAT_SCHEDULE = {
    # Reminders before deadlines and escalations of overdue work items. Every
    # SCAN_INTERVAL_MINUTES (default 5): a reminder 24 hours ahead tolerates minutes of delay,
    # and the scan claims each item, so an overlapping run sends nothing twice.
    "flow-scan": {
        "task": "zhongshu.flow.scan",
        "schedule": settings.SCAN_INTERVAL_MINUTES * 60,
    },
}
