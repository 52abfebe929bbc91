"""Chinese names of the 收文 audit actions (registered in ``IncomingConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "incoming_receive": _("来文送达"),
    # the sender's 修改/撤销/废止 of a received document reached the organ (handlers told)
    "incoming_source_corrected": _("来文单位更正来文（修改、撤销或废止）"),
    "incoming_register_external": _("登记来文（纸质/外部）"),
    "incoming_acknowledge": _("签收"),
    "incoming_refuse": _("拒收"),
    "incoming_register": _("登记"),
    "incoming_screen": _("初审"),
    "incoming_return": _("退回来文单位"),
    "incoming_propose": _("拟办"),
    "incoming_instruct": _("批示"),
    "instruction_task_create": _("批示转督办"),
    "instruction_task_close": _("督办办结"),
    "incoming_assign": _("交办承办"),
    "incoming_handle": _("承办"),
    "incoming_close": _("办结"),
    "incoming_reply": _("答复"),
    # No longer recorded (归档 is the archive's ``archive_file``); events written before the
    # step moved keep their name on the audit page.
    "incoming_file": _("归档（收文）"),
    "incoming_chase": _("催办"),
    "circulation_start": _("传阅"),
    "circulation_read": _("阅文"),
    "circulation_chase": _("催阅"),
    # incoming_access_record(kind=...)
    "incoming_view": _("查看公文（收文）"),
    "incoming_download": _("下载（收文）"),
    "incoming_print": _("打印（收文）"),
    "incoming_register_export": _("导出收文登记簿"),
}
