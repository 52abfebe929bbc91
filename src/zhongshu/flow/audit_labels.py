"""Chinese names of the audit actions this app records (registered in ``FlowConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "workitem_create": _("生成待办"),
    "workitem_complete": _("完成待办"),
    "workitem_cancel": _("撤销待办"),
    "workitems_complete_for_target": _("办结全部待办"),
    "workitem_hand_over": _("移交待办"),
}
