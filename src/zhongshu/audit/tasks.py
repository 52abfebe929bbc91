"""Celery tasks of audit: thin wrappers over services (production, with Redis)."""

from celery import shared_task

from zhongshu.audit.services import audit_periodic, audit_verify_and_record


@shared_task(name="zhongshu.audit.verify")
def audit_verify_task() -> str:
    """Walk the whole chain and record the outcome (the audit page shows the latest one)."""
    report = audit_verify_and_record(actor_name="定时校验")
    return "OK" if report.ok else f"broken at {report.broken_seq}: {report.reason}"


@shared_task(name="zhongshu.audit.checkpoint")
def audit_checkpoint_task() -> str:
    """Summarise refused accesses of past minutes, then sign a checkpoint of the chain."""
    outcome = audit_periodic()
    if outcome.problem:
        return f"refused: {outcome.problem}"
    return "written" if outcome.written else "unchanged"
