"""``zhongshu audit-verify``: walk the audit chain and compare it with the signed checkpoints;
exit 1 naming the first problem."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from zhongshu.audit.services import audit_verify_and_record


class Command(BaseCommand):
    help = (
        "校验审计链：逐条核对摘要（旧式摘要和带密钥的摘要分别计数），并与检查点文件中每个"
        "已签名的检查点比对（末尾删除、清空、改写整条链均可发现）。完整时输出事件数与 OK 并写入"
        "新的检查点，否则指出问题并以状态 1 退出。结果记入审计链，审计页面显示最近一次校验。"
    )

    def handle(self, *args, **options) -> None:
        report = audit_verify_and_record(actor_name="命令行")
        if report.ok:
            self.stdout.write(f"审计链完整：{report.summary()}。OK")
            return
        self.stderr.write(f"审计链断裂：{report.problem}（{report.summary()}）")
        sys.exit(1)
