"""``zhongshu seed-demo``: load the demo city 江淮市 (idempotent: a second run adds nothing)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zhongshu.demo.services import demo_seed


class Command(BaseCommand):
    help = _("载入演示城市“江淮市”的机关、人员、岗位和待办（可重复执行，不会重复创建）。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-work",
            action="store_true",
            help=_("只载入机关和人员，不创建演示待办和通知。"),
        )

    def handle(self, *args, no_work: bool = False, **options):
        report = demo_seed(with_work=not no_work)
        if report.total == 0:
            self.stdout.write(_("演示数据已是最新，未作改动。"))
            return
        details = "，".join(f"{kind} {n}" for kind, n in sorted(report.created.items()))
        self.stdout.write(
            self.style.SUCCESS(_("已载入演示数据：%(details)s") % {"details": details})
        )
