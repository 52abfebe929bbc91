from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zhongshu.accounts"
    verbose_name = _("账号与安全")

    def ready(self) -> None:
        # Audit receivers (recording only) and the production start-up checks (zhongshu.E00x).
        from zhongshu.accounts import signals
        from zhongshu.config.checks import production_checks

        signals.connect()
        checks.register(production_checks, checks.Tags.security)
