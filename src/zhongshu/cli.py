"""The ``zhongshu`` command.

``zhongshu render`` and ``zhongshu check`` are the pure 公文 tools and run without Django. Every
other word is a Django management command (``zhongshu migrate``, ``zhongshu seed-demo``,
``zhongshu audit-verify``…), plus a few that start processes:

- ``demo``: migrate, load the demo city, serve on 127.0.0.1:8000 (the embedded set-up);
- ``serve``: gunicorn in production (``--bind``, ``--workers`` pass through), the application
  preloaded with its fonts and jieba dictionary (``config/gunicorn.py``);
- ``worker`` / ``beat``: the Celery worker and scheduler (production, with REDIS_URL);
- ``backup`` / ``restore``: the database and the stored files with a manifest of hashes
  (``zhongshu.ops``; docs/operations.md §5);
- ``system-check``: Django's own ``check`` (``zhongshu check`` is the 公文 checker).
"""

from __future__ import annotations

import os
import sys

PURE_COMMANDS = {"render", "check"}
# Operations commands with their own argument parsing (zhongshu.ops.commands).
OPS_COMMANDS = {"backup", "restore"}
# Django commands whose names the pure tools took.
RENAMED_COMMANDS = {"system-check": "check"}


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.config.settings")
    import django

    django.setup()


def _serve(args: list[str]) -> int:
    from gunicorn.app.wsgiapp import run

    _django_setup()
    from django.core.management import call_command

    call_command("check")  # production refuses to start insecure (zhongshu.E001-E003)
    # preload and warm-up in the master, so that the workers share fonts and jieba (issue #14)
    sys.argv = ["gunicorn", "--config", "python:zhongshu.config.gunicorn"]
    sys.argv += ["zhongshu.config.wsgi:application", *args]
    if not any(a.startswith("--bind") or a == "-b" for a in args):
        sys.argv += ["--bind", "127.0.0.1:8000"]
    run()
    return 0


def _celery(kind: str, args: list[str]) -> int:
    from zhongshu.config.celery import app

    app.start(argv=[kind, "--loglevel=INFO", *args])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command in PURE_COMMANDS:
        from zhongshu.gongwen.cli import main as gongwen_main

        return gongwen_main([command, *rest])
    if command == "serve":
        return _serve(rest)
    if command in {"worker", "beat"}:
        return _celery(command, rest)
    _django_setup()
    if command in OPS_COMMANDS:
        from zhongshu.ops import commands

        return commands.backup_main(rest) if command == "backup" else commands.restore_main(rest)
    from django.core.management import execute_from_command_line

    if command in RENAMED_COMMANDS:
        command = RENAMED_COMMANDS[command]
    elif not command.startswith("-"):
        command = command.replace("-", "_")  # seed-demo → seed_demo (module names cannot dash)
    execute_from_command_line(["zhongshu", command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
