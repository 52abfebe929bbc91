from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "zhongshu.documents.archive"
    label = "archive"
    verbose_name = _("归档")

    def ready(self) -> None:
        from zhongshu.audit.selectors import register_action_labels
        from zhongshu.documents.archive.audit_labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
