from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record
from zhongshu.audit.tasks import audit_verify_task
from zhongshu.config.schedule import BEAT_SCHEDULE


def test_the_nightly_task_verifies_the_chain_and_records_the_outcome(clerk, organ_a):
    audit_record(actor=clerk, action="login", organ=organ_a)

    assert audit_verify_task() == "OK"

    last = AuditEvent.objects.order_by("-seq").first()
    assert last.action == "audit.verify"
    assert last.extra["checked"] == 1
    assert last.result == AuditEvent.Result.SUCCESS


def test_the_beat_schedule_names_the_tasks_that_exist():
    from zhongshu.config.celery import app

    app.loader.import_default_modules()
    for entry in BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
