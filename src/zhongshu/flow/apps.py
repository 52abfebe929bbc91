from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlowConfig(AppConfig):
    name = "zhongshu.flow"
    verbose_name = _("待办与流程")
