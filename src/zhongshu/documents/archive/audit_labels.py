"""Chinese names of the 归档 audit actions (registered in ``ArchiveConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "archive_file": _("归档"),
    "archive_fonds_set": _("设置全宗号"),
    "archive_export": _("导出归档文件"),
    # document_mark(kind=DocumentStatusMark.Kind)
    "document_revoke": _("撤销文件"),
    "document_abolish": _("废止文件"),
    # 份号: copy_records_register, then _copy_move(to_status=CopyRecord.Status)
    "copy_register": _("登记份号"),
    "copy_dispatched": _("驳回销毁申请"),
    "copy_returned": _("清退"),
    "copy_destruction_requested": _("申请销毁"),
    "copy_destroyed": _("批准销毁"),
}
