"""Start-up checks of production mode (``ZHONGSHU_MODE=production``).

Registered from ``AccountsConfig.ready`` at ``Error`` level, so ``zhongshu check``,
``check --deploy``, ``runserver`` and ``zhongshu serve`` (which runs the checks before gunicorn)
refuse to start a production instance that is insecure by construction:

- zhongshu.E001: the demo ``SECRET_KEY`` (sessions and CSRF tokens could be forged);
- zhongshu.E002: ``DEBUG`` on (tracebacks and settings shown to anyone);
- zhongshu.E003: a superuser account exists (三员分立 forbids an all-powerful account).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning
from django.db import DatabaseError


def production_checks(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    if not getattr(settings, "PRODUCTION", False):
        return []
    errors: list[Any] = []
    if not settings.SECRET_KEY or settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY:
        errors.append(
            Error(
                "生产模式不能使用默认的 SECRET_KEY。",
                hint="设置 ZHONGSHU_SECRET_KEY 或 ZHONGSHU_SECRET_KEY_FILE 为足够长的随机值。",
                id="zhongshu.E001",
            )
        )
    if settings.DEBUG:
        errors.append(
            Error(
                "生产模式不能开启 DEBUG。",
                hint="删除 ZHONGSHU_DEBUG 或设为 false。",
                id="zhongshu.E002",
            )
        )
    superusers = _superuser_names()
    if superusers:
        errors.append(
            Error(
                "生产模式不允许存在超级用户账号（三员分立）：{}。".format("、".join(superusers)),
                hint="取消这些账号的超级用户标志，改由系统、安全、审计三类管理员分别管理。",
                id="zhongshu.E003",
            )
        )
    if not settings.REQUIRE_ADMIN_OTP:
        errors.append(
            Warning(
                "生产模式下管理员未强制使用动态口令。",
                hint="设置 ZHONGSHU_REQUIRE_ADMIN_OTP=true。",
                id="zhongshu.W001",
            )
        )
    return errors


def _superuser_names() -> list[str]:
    """Usernames of superusers; none before the first ``migrate`` (the table does not exist)."""
    from django.contrib.auth import get_user_model

    try:
        return list(
            get_user_model()
            .objects.filter(is_superuser=True)
            .values_list("username", flat=True)[:5]
        )
    except DatabaseError:
        return []
