"""Recording who viewed or downloaded a document (domain.md §8: every such act is audited).

A receiving organ's clerk who opens a dispatched document has read it: their 待阅 on it closes.
"""

from __future__ import annotations

from django.db import transaction

from zhongshu.audit.services import audit_record
from zhongshu.documents.models import RECEIVE_ACTION, OutgoingDocument
from zhongshu.documents.services._common import outgoing_flow
from zhongshu.flow.services import workitem_complete


def document_access_record(
    *,
    document: OutgoingDocument,
    user,
    kind: str = "view",
    request=None,
    file_kind: str = "",
    watermarked: bool = False,
    copy_numbers: list[int] | None = None,
) -> None:
    """Audit one view or download (``kind`` "view", "download", "preview", "print");
    ``copy_numbers``: the 份号 of the copies handed out (a recipient's copies print as "print")."""
    with transaction.atomic():
        audit_record(
            actor=user,
            action=f"outgoing_{kind}",
            obj=document,
            organ=document.organ,
            request=request,
            extra={
                "classification": document.classification,
                "status": document.status,
                **({"file": file_kind, "watermarked": watermarked} if file_kind else {}),
                **({"copy_numbers": copy_numbers} if copy_numbers else {}),
            },
        )
        if document.status == OutgoingDocument.Status.DISPATCHED:
            for item in outgoing_flow.items(document, action=RECEIVE_ACTION, assignee=user):
                workitem_complete(item=item, actor=user)


def number_register_export_record(
    *, user, organ, year: int, query: str = "", count: int, request=None
) -> None:
    """Audit one export of the 发文登记簿 (which organ, year and filter; how many rows)."""
    audit_record(
        actor=user,
        action="outgoing_register_export",
        organ=organ,
        request=request,
        extra={"year": year, "query": query, "rows": count},
    )
