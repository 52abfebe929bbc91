"""Chinese names of the 发文 audit actions (registered in ``DocumentsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "outgoing_draft_create": _("拟稿"),
    "outgoing_draft_update": _("修改文稿"),
    "outgoing_submit": _("提交核稿"),
    "outgoing_pass": _("核稿/办公室审核通过"),
    "outgoing_countersign": _("会签"),
    "outgoing_return": _("退回（发文）"),
    "outgoing_withdraw": _("撤回"),
    "outgoing_sign_off": _("签发"),
    "outgoing_recheck": _("复核"),
    "outgoing_register": _("登记编号"),
    "outgoing_number_void": _("作废文号"),
    "outgoing_seal": _("用印"),
    "outgoing_dispatch": _("核发"),
    "outgoing_correction_create": _("起草更正文件（修改/撤销/废止）"),
    # document_access_record(kind=...)
    "outgoing_view": _("查看公文（发文）"),
    "outgoing_download": _("下载（发文）"),
    "outgoing_preview": _("预览（发文）"),
    "outgoing_print": _("打印（发文）"),
    "outgoing_register_export": _("导出发文登记簿"),
}
