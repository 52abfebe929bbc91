"""Every write of the 发文 module, split by entity (style.md §5). Import from here."""

from zhongshu.documents.services.correction import CORRECTION_KINDS, correction_create
from zhongshu.documents.services.dispatch import document_dispatch
from zhongshu.documents.services.drafting import (
    draft_build,
    draft_create,
    draft_edit_build,
    draft_update,
)
from zhongshu.documents.services.numbering import document_register, number_void
from zhongshu.documents.services.route import (
    AUDIT_CHECKLIST,
    countersign_complete,
    document_recheck,
    document_sign_off,
    passed_in_round,
    return_targets,
    route_pass,
    route_return,
    route_submit,
    route_withdraw,
)
from zhongshu.documents.services.sealing import document_seal
from zhongshu.documents.services.viewing import (
    document_access_record,
    number_register_export_record,
)

__all__ = [
    "AUDIT_CHECKLIST",
    "CORRECTION_KINDS",
    "correction_create",
    "countersign_complete",
    "document_access_record",
    "document_dispatch",
    "document_recheck",
    "document_register",
    "document_seal",
    "document_sign_off",
    "draft_build",
    "draft_create",
    "draft_edit_build",
    "draft_update",
    "number_register_export_record",
    "number_void",
    "passed_in_round",
    "return_targets",
    "route_pass",
    "route_return",
    "route_submit",
    "route_withdraw",
]
