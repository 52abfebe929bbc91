from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "zhongshu.documents"
    verbose_name = _("公文")

    def ready(self) -> None:
        from zhongshu.audit.selectors import register_action_labels
        from zhongshu.documents.audit_labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
