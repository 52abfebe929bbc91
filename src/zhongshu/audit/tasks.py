"""Celery tasks of audit: thin wrappers over services (production, with Redis)."""

from celery import shared_task

from zhongshu.audit.services import audit_verify_and_record


@shared_task(name="zhongshu.audit.verify")
def audit_verify_task() -> str:
    """Walk the whole chain and record the outcome (the audit page shows the latest one)."""
    report = audit_verify_and_record(actor_name="定时校验")
    return "OK" if report.ok else f"broken at {report.broken_seq}: {report.reason}"
