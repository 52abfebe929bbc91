"""Celery tasks of flow: thin wrappers over services (production, with Redis)."""

from celery import shared_task

from zhongshu.flow.scan import flow_scan


@shared_task(name="zhongshu.flow.scan")
def flow_scan_task() -> str:
    """The periodic scan; safe to overlap with another run (each item is claimed first)."""
    return str(flow_scan())
