"""Chinese names of the audit actions this app records (registered in ``OrgansConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "organs.organ_create": _("新建机关"),
    "organs.organ_update": _("修改机关"),
    "organs.organ_deactivate": _("停用机关"),
    "organs.organ_activate": _("启用机关"),
    "organs.organ_merge": _("合并机关"),
    "organs.organ_dissolve": _("撤销机关"),
    "organs.department_create": _("新建处室"),
    "organs.department_update": _("修改处室"),
    "organs.department_deactivate": _("停用处室"),
    "organs.department_activate": _("启用处室"),
    "organs.person_create": _("新建人员"),
    "organs.person_update": _("修改人员"),
    "organs.person_deactivate": _("停用人员"),
    "organs.person_activate": _("启用人员"),
    "organs.person_reset_password": _("重置密码"),
    "organs.person_set_clearance": _("设置涉密等级"),
    "organs.person_rotate": _("人员轮岗"),
    "organs.post_create": _("新建岗位"),
    "organs.post_update": _("修改岗位"),
    "organs.post_assign_holder": _("指定岗位人员"),
    "organs.post_deactivate": _("停用岗位"),
    "organs.post_set_roles": _("设置岗位角色"),
    "organs.delegation_create": _("委托代办"),
    "organs.delegation_revoke": _("撤销委托"),
    "organs.import": _("导入机关人员"),
    "organs.export": _("导出机关人员"),
}
