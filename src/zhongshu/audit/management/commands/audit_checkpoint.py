"""``zhongshu audit-checkpoint``: sign and append a checkpoint of the audit chain now."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from zhongshu.audit.checkpoints import checkpoint_path
from zhongshu.audit.services import audit_periodic


class Command(BaseCommand):
    help = (
        "写入审计链检查点（事件数、最后一条事件的摘要、时间，以审计密钥签名）到检查点文件、"
        "日志和外部接收端；链未变化时不重复写入。与上一个检查点矛盾时拒绝写入并以状态 1 退出。"
    )

    def handle(self, *args, **options) -> None:
        outcome = audit_periodic()
        if outcome.problem:
            self.stderr.write(f"未写入检查点：{outcome.problem}请运行 zhongshu audit-verify。")
            sys.exit(1)
        point = outcome.checkpoint
        state = "已写入" if outcome.written else "链未变化，沿用"
        self.stdout.write(
            f"{state}检查点：共 {point.count} 条事件，至第 {point.last_seq} 条，"
            f"{point.local_time}（{checkpoint_path()}）"
        )
