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
