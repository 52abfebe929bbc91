"""Every periodic job of 中枢, in one place (read by ``zhongshu.config.celery`` for ``zhongshu beat``).

The embedded default does not use Celery beat: ``zhongshu.flow.embedded`` runs the same scan in
the server process at the same interval, and the audit checkpoint with it.
"""

from celery.schedules import crontab
from django.conf import settings

BEAT_SCHEDULE = {
    # Reminders before deadlines and escalations of overdue work items. Every
    # SCAN_INTERVAL_MINUTES (default 5): a reminder 24 hours ahead tolerates minutes of delay,
    # and the scan claims each item, so an overlapping run sends nothing twice.
    "flow-scan": {
        "task": "zhongshu.flow.scan",
        "schedule": settings.SCAN_INTERVAL_MINUTES * 60,
    },
    # A full walk of the audit chain every night at 02:30 (Beijing time, CELERY_TIMEZONE): a walk
    # is O(n) and reads every row, so it runs when nobody works; its outcome is recorded in the
    # chain itself and shown on the audit page, and a break is found within a day.
    "audit-verify": {
        "task": "zhongshu.audit.verify",
        "schedule": crontab(hour=2, minute=30),
    },
    # A signed checkpoint of the audit chain every 10 minutes (skipped when the chain did not
    # move), after the summary lines of refused accesses of past minutes. Rows appended after
    # the last checkpoint are the only ones whose deletion cannot be shown, so the interval
    # bounds that window; a checkpoint costs two index reads.
    "audit-checkpoint": {
        "task": "zhongshu.audit.checkpoint",
        "schedule": 10 * 60,
    },
}
