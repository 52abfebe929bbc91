"""``zhongshu create-admin --role audit --username shenji --full-name 审计管理员``.

Creates one of the three administrators; production allows no superuser, so installation
starts here. The password comes from ``--password-file`` (or the prompt on a terminal) and
must be changed at first log-in.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhongshu.accounts.models import User
from zhongshu.accounts.services import admin_account_create


class Command(BaseCommand):
    help = "创建系统管理员、安全管理员或审计管理员账号（三员分立；首次登录须修改密码）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--role", required=True, choices=["system", "security", "audit"], help="管理员角色"
        )
        parser.add_argument("--username", required=True, help="用户名")
        parser.add_argument("--full-name", required=True, help="姓名")
        parser.add_argument("--password-file", help="读取初始密码的文件（否则在终端提示输入）")

    def handle(self, *args, role, username, full_name, password_file=None, **options) -> None:
        if password_file:
            password = Path(password_file).read_text(encoding="utf-8").strip()
        elif sys.stdin.isatty():
            password = getpass.getpass("初始密码：")
            if password != getpass.getpass("再次输入："):
                raise CommandError("两次输入的密码不一致。")
        else:
            raise CommandError("请用 --password-file 提供初始密码。")
        try:
            user = admin_account_create(
                role=role, username=username, full_name=full_name, password=password
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        label = User.AdminRole(role).label
        self.stdout.write(f"已创建{label} {user.username}（首次登录须修改密码）。")
