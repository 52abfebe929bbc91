from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgansConfig(AppConfig):
    name = "zhongshu.organs"
    verbose_name = _("机关与人员")

    def ready(self) -> None:
        from zhongshu.audit.selectors import register_action_labels
        from zhongshu.organs.audit_labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
