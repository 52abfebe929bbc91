"""``zhongshu scan``: run the reminder and escalation scan once (cron, or by hand)."""

from django.core.management.base import BaseCommand

from zhongshu.flow.scan import flow_scan


class Command(BaseCommand):
    help = "发送到期提醒和超期督促（可重复运行，不会重复发送）"

    def handle(self, *args, **options):
        result = flow_scan()
        self.stdout.write(str(result))
