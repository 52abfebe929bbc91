"""``zhongshu demo``: the embedded set-up in one command.

Migrates the SQLite database under ``var/``, loads the demo city, prints who to log in as, and
serves on http://127.0.0.1:8000 with the periodic scan running inside the server. Running it
again keeps the data (migrate and the seed only add what is missing).

The server is gunicorn, not ``runserver``:

- it is the server production runs (``zhongshu serve``), so the demo exercises the real stack,
  and whitenoise serves the static files under it exactly as in production;
- one worker process with threads (gthread): requests are served concurrently, while SQLite in
  WAL mode has readers in parallel and one writing process, whose IMMEDIATE transactions queue
  instead of failing; a second worker process would only add lock waits;
- the scan thread starts in that worker (``post_worker_init``), after the fork: a thread started
  before ``fork()`` does not exist in the child, and a connection opened before it must not be
  shared with it, so every connection of the master is closed before serving.
"""

from __future__ import annotations

import unicodedata

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from zhongshu.demo import data
from zhongshu.demo.services import DemoLogin, demo_logins, demo_seed

DEFAULT_BIND = "127.0.0.1:8000"


def _width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_logins(lines: list[DemoLogin]) -> str:
    """The log-in table, aligned for a terminal (Chinese characters are double width)."""
    header = DemoLogin(_("用户名"), _("姓名"), _("机关"), _("岗位（角色）"))
    rows = [header, *lines]
    widths = [max(_width(getattr(r, f)) for r in rows) for f in ("username", "full_name", "organ")]
    out = []
    for index, row in enumerate(rows):
        cells = [row.username, row.full_name, row.organ]
        out.append(
            "  ".join(_pad(c, w) for c, w in zip(cells, widths, strict=True)) + "  " + row.role
        )
        if index == 0:
            out.append("-" * (sum(widths) + 6 + _width(row.role)))
    return "\n".join(out)


def _start_scan(worker) -> None:
    """gunicorn hook: start the embedded periodic scan in the worker that serves requests."""
    try:
        from zhongshu.flow.embedded import start_embedded_scheduler
    except ImportError:  # a build without the flow app: serve without reminders
        worker.log.warning("zhongshu.flow.embedded is not available: no periodic scan")
        return
    start_embedded_scheduler()
    worker.log.info("embedded periodic scan started")


def serve(*, bind: str, threads: int) -> None:
    """Serve the site with gunicorn in this process until interrupted (Ctrl-C)."""
    from gunicorn.app.base import BaseApplication

    class DemoServer(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", [bind])
            self.cfg.set("workers", 1)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", threads)
            self.cfg.set("timeout", 120)  # typesetting a long document takes a few seconds
            self.cfg.set("accesslog", "-")
            self.cfg.set("post_worker_init", _start_scan)
            if "control_socket_disable" in self.cfg.settings:  # gunicorn >= 25.1
                # No runtime-control socket in the home directory for a local demo (and two
                # demos on one machine would contend for the same path).
                self.cfg.set("control_socket_disable", True)

        def load(self):
            from django.core.wsgi import get_wsgi_application

            return get_wsgi_application()

    connections.close_all()
    DemoServer().run()


class Command(BaseCommand):
    help = _("迁移数据库、载入演示城市并在 http://127.0.0.1:8000 启动服务（含定时扫描）。")

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=DEFAULT_BIND, help=_("监听地址，默认 %(default)s"))
        parser.add_argument(
            "--threads", type=int, default=8, help=_("服务线程数，默认 %(default)s")
        )
        parser.add_argument(
            "--no-serve", action="store_true", help=_("只迁移、载入并打印登录表，不启动服务。")
        )

    def handle(self, *args, bind: str, threads: int, no_serve: bool, **options):
        if threads < 1:
            raise CommandError(_("线程数至少为 1。"))
        self.stdout.write(_("正在迁移数据库……"))
        call_command("migrate", interactive=False, verbosity=0)
        report = demo_seed()
        if report.total:
            self.stdout.write(_("已载入演示城市“江淮市”（新建 %(n)d 项）。") % {"n": report.total})
        else:
            self.stdout.write(_("演示数据已存在，保留原有数据。"))
        self.stdout.write("")
        self.stdout.write(format_logins(demo_logins()))
        self.stdout.write("")
        host, _sep, port = bind.rpartition(":")
        if host in {"", "0.0.0.0", "[::]"}:  # noqa: S104 (listening on all interfaces is the user's choice)
            host = "127.0.0.1"  # a browser cannot open the wildcard address itself
        url = f"http://{host}:{port}"
        self.stdout.write(
            self.style.SUCCESS(
                _("所有演示账号的密码：%(password)s    推荐先以 %(user)s 登录。")
                % {"password": data.DEMO_PASSWORD, "user": data.FEATURED_USERNAME}
            )
        )
        self.stdout.write(
            self.style.SUCCESS(_("请在浏览器中打开 %(url)s （按 Ctrl-C 停止）") % {"url": url})
        )
        if no_serve:
            return
        serve(bind=bind, threads=threads)
