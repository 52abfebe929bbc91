from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "zhongshu.audit"
    verbose_name = _("审计")

    def ready(self) -> None:
        from django.core import checks

        from zhongshu.audit.checks import audit_checks

        checks.register(audit_checks)
