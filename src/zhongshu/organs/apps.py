from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgansConfig(AppConfig):
    name = "zhongshu.organs"
    verbose_name = _("机关与人员")
