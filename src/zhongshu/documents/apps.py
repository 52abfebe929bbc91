from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "zhongshu.documents"
    verbose_name = _("公文")

    def ready(self) -> None:
        from zhongshu.audit.selectors import register_action_labels
        from zhongshu.documents.audit_labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)

        from zhongshu.documents.succession import documents_follow_successor
        from zhongshu.organs.services import ORGAN_MERGE_HOOKS

        if documents_follow_successor not in ORGAN_MERGE_HOOKS:  # ready() may run twice
            ORGAN_MERGE_HOOKS.append(documents_follow_successor)
