"""`zhongshu serve` preloads the application and warms fonts and jieba in the master, so that
forked workers share them (issue #14; figures in bench/README.md)."""

from __future__ import annotations

import gc
import sys

import gunicorn.app.wsgiapp
from django.db import connections

from zhongshu import cli
from zhongshu.config import gunicorn as config
from zhongshu.gongwen import fonts
from zhongshu.gongwen.typeset import title


def test_serve_runs_gunicorn_with_the_preloading_configuration(monkeypatch):
    seen = {}
    monkeypatch.setattr(gunicorn.app.wsgiapp, "run", lambda: seen.setdefault("argv", sys.argv))
    monkeypatch.setattr(sys, "argv", ["zhongshu"])

    cli.main(["serve", "--workers", "4"])

    argv = seen["argv"]
    assert argv[1:3] == ["--config", "python:zhongshu.config.gunicorn"]
    assert argv[-4:] == ["--workers", "4", "--bind", "127.0.0.1:8000"]
    assert config.preload_app is True


def test_the_master_loads_fonts_and_jieba_and_closes_its_connections_before_forking(monkeypatch):
    monkeypatch.setattr(title, "_tokenizer", None)
    monkeypatch.setattr(fonts, "_sets", {})
    closed = []
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))

    try:
        config.when_ready(server=None)
        assert title._tokenizer is not None
        assert fonts._sets
        assert closed == [True]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


# A worker forked from the master that started the forkserver: its first bounded run (a live
# preview) uses the master's forkserver, or (without ``forkserver_adopt``) fails, because
# multiprocessing asks a forkserver it did not start whether it lives with ``waitpid``.
_WORKER = """
import os, sys
from multiprocessing import forkserver
from zhongshu.lib import bounded

bounded.forkserver_start()
shared = forkserver._forkserver._forkserver_pid
pid = os.fork()
if pid == 0:
    try:
        if sys.argv[1] == "adopt":
            bounded.forkserver_adopt()
        answer = bounded.run_bounded(abs, -7, timeout=60)
        os._exit(0 if answer == 7 and forkserver._forkserver._forkserver_pid == shared else 3)
    except ChildProcessError:
        os._exit(4)
    except BaseException:
        os._exit(5)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _forked_worker(mode: str) -> int:
    import subprocess

    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _WORKER, mode], timeout=180, check=False
    )
    return done.returncode


def test_a_forked_worker_uses_the_masters_forkserver_instead_of_starting_its_own():
    assert _forked_worker("adopt") == 0


def test_without_adopting_it_a_forked_worker_cannot_use_the_masters_forkserver():
    assert _forked_worker("plain") == 4
