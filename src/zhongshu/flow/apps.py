from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlowConfig(AppConfig):
    name = "zhongshu.flow"
    verbose_name = _("待办与流程")

    def ready(self) -> None:
        from zhongshu.audit.selectors import register_action_labels
        from zhongshu.flow.audit_labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
