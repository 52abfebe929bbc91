from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncomingConfig(AppConfig):
    name = "zhongshu.documents.incoming"
    label = "incoming"
    verbose_name = _("收文")

    def ready(self) -> None:
        from zhongshu.audit.selectors import register_action_labels
        from zhongshu.documents.incoming.audit_labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
