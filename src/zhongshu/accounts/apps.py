from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zhongshu.accounts"
    verbose_name = _("账号与安全")

    def ready(self) -> None:
        # Audit receivers (recording only) and the production start-up checks (zhongshu.E00x).
        from zhongshu.accounts import signals
        from zhongshu.accounts.audit_labels import ACTION_LABELS
        from zhongshu.audit.selectors import register_action_labels
        from zhongshu.config.checks import production_checks

        register_action_labels(ACTION_LABELS)
        signals.connect()
        checks.register(production_checks, checks.Tags.security)
