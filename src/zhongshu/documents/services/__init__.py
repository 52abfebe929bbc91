"""Every write of the 发文 module, split by entity (style.md §5). Import from here."""

from zhongshu.documents.services.correction import CORRECTION_KINDS, correction_create
from zhongshu.documents.services.dispatch import dispatch
from zhongshu.documents.services.drafting import (
    draft_build,
    draft_create,
    draft_edit_build,
    draft_update,
)
from zhongshu.documents.services.numbering import number_void, register
from zhongshu.documents.services.route import (
    AUDIT_CHECKLIST,
    countersign_complete,
    passed_in_round,
    recheck,
    return_targets,
    route_pass,
    route_return,
    route_submit,
    route_withdraw,
    sign_off,
)
from zhongshu.documents.services.sealing import seal
from zhongshu.documents.services.viewing import (
    document_access_record,
    number_register_export_record,
)

__all__ = [
    "AUDIT_CHECKLIST",
    "CORRECTION_KINDS",
    "correction_create",
    "countersign_complete",
    "dispatch",
    "document_access_record",
    "draft_build",
    "draft_create",
    "draft_edit_build",
    "draft_update",
    "number_register_export_record",
    "number_void",
    "passed_in_round",
    "recheck",
    "register",
    "return_targets",
    "route_pass",
    "route_return",
    "route_submit",
    "route_withdraw",
    "seal",
    "sign_off",
]
