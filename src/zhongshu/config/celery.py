"""The Celery app for production (``zhongshu worker`` / ``zhongshu beat``), Redis as broker.

Periodic jobs are declared in ``zhongshu.config.schedule`` (one place, with the reason for each
schedule); in the embedded default the server process runs the same scan itself.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.config.settings")

app = Celery("zhongshu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _install_schedule(sender, **kwargs):
    from zhongshu.config.schedule import BEAT_SCHEDULE

    sender.conf.beat_schedule = BEAT_SCHEDULE
