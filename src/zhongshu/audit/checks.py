"""Start-up checks of the audit trail (registered in ``AuditConfig.ready``).

- zhongshu.E010: production without ``ZHONGSHU_AUDIT_KEY`` (the chain and its checkpoints
  would be keyed with something derivable, and forgeable by whoever can read the code);
- zhongshu.E011: ``ZHONGSHU_AUDIT_HASH`` is neither ``sha256`` nor ``sm3``;
- zhongshu.E012: ``ZHONGSHU_AUDIT_CHECKPOINT_SINK`` names nothing importable.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error
from django.utils.module_loading import import_string


def audit_checks(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    errors: list[Any] = []
    if getattr(settings, "PRODUCTION", False) and not getattr(settings, "AUDIT_KEY", ""):
        errors.append(
            Error(
                "生产模式必须设置审计链密钥。",
                hint=(
                    "设置 ZHONGSHU_AUDIT_KEY_FILE（推荐，文件权限 0400）或 ZHONGSHU_AUDIT_KEY 为"
                    "至少 32 字节的随机值，如 python3 -c 'import secrets; print(secrets.token_hex(32))'；"
                    "密钥不得存入数据库，并须另行备份。"
                ),
                id="zhongshu.E010",
            )
        )
    if settings.AUDIT_HASH not in {"sha256", "sm3"}:
        errors.append(
            Error(
                f"ZHONGSHU_AUDIT_HASH 只能是 sha256 或 sm3，而不是 {settings.AUDIT_HASH!r}。",
                id="zhongshu.E011",
            )
        )
    sink = getattr(settings, "AUDIT_CHECKPOINT_SINK", "")
    if sink:
        try:
            import_string(sink)
        except ImportError as exc:
            errors.append(
                Error(
                    f"ZHONGSHU_AUDIT_CHECKPOINT_SINK 无法导入：{exc}",
                    hint="填写一个可调用对象的完整路径，如 mypackage.sinks.send_checkpoint。",
                    id="zhongshu.E012",
                )
            )
    return errors
