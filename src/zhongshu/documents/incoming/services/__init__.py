"""Every write of the 收文 module, split by step (style.md §5). Import from here."""

from zhongshu.documents.incoming.services.circulation import (
    circulation_chase,
    circulation_read,
    circulation_start,
)
from zhongshu.documents.incoming.services.corrections import incoming_correction_landed
from zhongshu.documents.incoming.services.receiving import (
    incoming_acknowledge,
    incoming_receive_dispatch,
    incoming_refuse,
    incoming_register_external,
)
from zhongshu.documents.incoming.services.registering import (
    format_receipt_number,
    incoming_findings,
    incoming_register,
    incoming_return,
    incoming_screen,
)
from zhongshu.documents.incoming.services.routing import (
    incoming_assign,
    incoming_chase,
    incoming_close,
    incoming_handle,
    incoming_instruct,
    incoming_propose,
    incoming_reply,
    instruction_task_close,
    instruction_task_create,
)
from zhongshu.documents.incoming.services.viewing import (
    incoming_access_record,
    incoming_register_export_record,
)

__all__ = [
    "circulation_chase",
    "circulation_read",
    "circulation_start",
    "format_receipt_number",
    "incoming_access_record",
    "incoming_acknowledge",
    "incoming_assign",
    "incoming_chase",
    "incoming_close",
    "incoming_correction_landed",
    "incoming_findings",
    "incoming_handle",
    "incoming_instruct",
    "incoming_propose",
    "incoming_receive_dispatch",
    "incoming_refuse",
    "incoming_register",
    "incoming_register_export_record",
    "incoming_register_external",
    "incoming_reply",
    "incoming_return",
    "incoming_screen",
    "instruction_task_close",
    "instruction_task_create",
]
