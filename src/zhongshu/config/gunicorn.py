"""gunicorn's configuration for ``zhongshu serve`` (passed as ``--config python:…``).

Workers share what is read-only (issue #14): the application is imported once in the master
(``preload_app``), and before the first fork the master loads what every worker would otherwise
load for itself on its first document: the fonts (parsed and registered with ReportLab, ~70 MB)
and jieba's dictionary (~70 MB, used to break titles). Forked workers share those pages
copy-on-write; ``gc.freeze()`` keeps the collector from writing to them. Figures in
``bench/README.md`` ("Memory of the workers").
"""

from __future__ import annotations

import gc
import logging

preload_app = True

log = logging.getLogger(__name__)


def warm_up() -> None:
    """Load the fonts and jieba's dictionary now (``gongwen.jobs.warm``, as the preview's
    forkserver does); a missing font is the renderer's to report, jieba then loads on first use."""
    from zhongshu.gongwen import jobs
    from zhongshu.gongwen.fonts import FontUnavailableError

    try:
        jobs.warm()
    except FontUnavailableError as exc:
        log.warning("fonts not preloaded: %s", exc)


def when_ready(server) -> None:  # gunicorn hook: in the master, before the workers are forked
    from django.db import connections

    from zhongshu.lib.bounded import forkserver_start

    warm_up()
    forkserver_start()  # one forkserver for the previews of every worker
    connections.close_all()  # `zhongshu serve` ran the system checks: no socket crosses a fork
    gc.freeze()


def post_fork(server, worker) -> None:  # gunicorn hook: in each worker, just after the fork
    from zhongshu.lib.bounded import forkserver_adopt

    forkserver_adopt()


def worker_pids(master_pid: int) -> list[int]:
    """A running master's workers (benchmarks and tests read them from /proc, Linux): its children
    but the preview forkserver and multiprocessing's resource tracker, which ``when_ready``
    starts in the master too."""
    from pathlib import Path

    helpers = ("multiprocessing.forkserver", "multiprocessing.resource_tracker")
    pids = []
    for child in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace")
        except FileNotFoundError:  # gone since the list was read
            continue
        if not any(helper in command for helper in helpers):
            pids.append(int(child))
    return pids
