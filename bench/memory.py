"""Memory of 4 gunicorn workers, each with fonts and jieba loaded: lazily in every worker (the
old way) against preloaded in the master (``config/gunicorn.py``, what ``zhongshu serve`` uses).

    .venv/bin/python bench/memory.py [--workers 4] [--port 8111]

Prints RSS and PSS (``/proc/<pid>/smaps_rollup``) of the master and each worker once their
memory has settled, and again after 40 requests of the log-in page. PSS divides each shared page
among the processes sharing it: the sum of PSS is what the machine really spends.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from zhongshu.config.gunicorn import worker_pids

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {
    "lazy (each worker loads)": str(ROOT / "bench" / "gunicorn_lazy.py"),
    "preload (config/gunicorn.py)": "python:zhongshu.config.gunicorn",
}


def rollup(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, value = line.partition(":")
        fields[key] = int(value.split()[0])
    return fields["Rss"], fields["Pss"]


def children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def helpers(master: int) -> list[int]:
    """The master's other children: the preview forkserver and multiprocessing's resource
    tracker (started by the preloading configuration's ``when_ready``). They count in the
    machine's memory as much as the workers do."""
    workers = set(worker_pids(master))
    return [p for p in children(master) if p not in workers]


def settle(pids: list[int]) -> None:
    previous = None
    for _ in range(120):
        time.sleep(1)
        now = [rollup(p)[0] for p in pids]
        if previous == now:
            return
        previous = now


def report(label: str, master: int, workers: list[int]) -> None:
    m_rss, m_pss = rollup(master)
    rows = [rollup(w) for w in workers]
    print(f"  {label}: master RSS {m_rss / 1024:.0f} MB PSS {m_pss / 1024:.0f} MB")
    for rss, pss in rows:
        print(f"    worker RSS {rss / 1024:.0f} MB  PSS {pss / 1024:.0f} MB")
    for pid in helpers(master):
        rss, pss = rollup(pid)
        rows.append((rss, pss))
        print(f"    forkserver/tracker RSS {rss / 1024:.0f} MB  PSS {pss / 1024:.0f} MB")
    total_pss = m_pss + sum(p for _, p in rows)
    total_rss = m_rss + sum(r for r, _ in rows)
    print(f"    total RSS {total_rss / 1024:.0f} MB, total PSS {total_pss / 1024:.0f} MB")


def run(name: str, config: str, workers: int, port: int) -> None:
    data = tempfile.mkdtemp(prefix="zhongshu-bench-memory-")
    env = {**os.environ, "ZHONGSHU_DATA_DIR": data, "DATABASE_URL": ""}
    argv = [sys.executable, "-m", "gunicorn", "--config", config, "--workers", str(workers)]
    argv += ["--bind", f"127.0.0.1:{port}", "zhongshu.config.wsgi:application"]
    server = subprocess.Popen(argv, env=env, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        for _ in range(600):
            time.sleep(0.2)
            if len(worker_pids(server.pid)) == workers:
                break
        pids = worker_pids(server.pid)
        settle([server.pid, *pids])
        print(f"{name}, load {os.getloadavg()[0]:.1f}")
        report("settled", server.pid, pids)
        for _ in range(40):
            url = f"http://127.0.0.1:{port}/accounts/login/"
            urllib.request.urlopen(url, timeout=30).read()
        time.sleep(1)
        report("after 40 requests", server.pid, pids)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8111)
    args = parser.parse_args()
    for name, config in CONFIGS.items():
        run(name, config, args.workers, args.port)


if __name__ == "__main__":
    main()
