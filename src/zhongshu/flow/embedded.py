"""The scan inside the web server process, for the embedded default (no Redis, no beat).

``start_embedded_scheduler()`` is called by the demo command once the server starts. It starts
one daemon thread per process that runs ``flow_scan`` every ``SCAN_INTERVAL_MINUTES``, and the
audit trail's periodic work (``audit.services.audit_periodic``: a signed checkpoint). Several
server processes may each run one: the scan claims every item before notifying, so that costs
only a few idle queries. It is never started under tests.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_thread: threading.Thread | None = None
_stop = threading.Event()


def run_once():
    """One tick of the thread: a scan with fresh connections; errors are logged, not raised.

    Returns the ``ScanResult``, or None when the scan failed (the next tick tries again).
    """
    from zhongshu.flow.scan import flow_scan

    try:
        close_old_connections()  # a long-lived thread must not keep a dead connection
        result = flow_scan()
        logger.info("embedded scan: %s", result)
        return result
    except Exception:  # the scheduler must outlive any one failing scan
        logger.exception("embedded scan failed")
        return None
    finally:
        _audit_tick()
        close_old_connections()


def _audit_tick() -> None:
    """The audit trail's periodic work (refusal summaries, a signed checkpoint: the beat
    schedule's ``audit-checkpoint``), on the same tick, whatever became of the scan."""
    from zhongshu.audit.services import audit_periodic

    try:
        audit_periodic()
    except Exception:
        logger.exception("embedded audit checkpoint failed")


def _loop(interval: float) -> None:
    while not _stop.wait(interval):
        run_once()


def start_embedded_scheduler(*, interval_minutes: float | None = None) -> threading.Thread:
    """Start the scan thread once per process (later calls return the running thread)."""
    global _thread
    with _lock:
        if _thread is not None and _thread.is_alive():
            return _thread
        minutes = settings.SCAN_INTERVAL_MINUTES if interval_minutes is None else interval_minutes
        _stop.clear()
        _thread = threading.Thread(
            target=_loop, args=(max(minutes, 0.01) * 60,), name="zhongshu-scan", daemon=True
        )
        _thread.start()
        return _thread


def stop_embedded_scheduler(timeout: float = 5.0) -> None:
    """Stop the thread (used when the server shuts down)."""
    global _thread
    with _lock:
        _stop.set()
        if _thread is not None:
            _thread.join(timeout)
        _thread = None
