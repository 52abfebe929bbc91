from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncomingConfig(AppConfig):
    name = "zhongshu.documents.incoming"
    label = "incoming"
    verbose_name = _("收文")
