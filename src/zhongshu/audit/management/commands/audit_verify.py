"""``zhongshu audit-verify``: walk the audit chain; exit 1 naming the first broken event."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from zhongshu.audit.services import audit_verify_and_record


class Command(BaseCommand):
    help = (
        "校验审计链：完整时输出事件数与 OK，否则指出第一条断裂的事件并以状态 1 退出。"
        "结果记入审计链，审计页面显示最近一次校验。"
    )

    def handle(self, *args, **options) -> None:
        report = audit_verify_and_record(actor_name="命令行")
        if report.ok:
            self.stdout.write(f"审计链完整：共 {report.checked} 条事件。OK")
            return
        self.stderr.write(
            f"审计链断裂：第 {report.broken_seq} 条事件，{report.reason}（此前 {report.checked} 条完好）"
        )
        sys.exit(1)
