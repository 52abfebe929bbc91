"""Audited reads: opening an item, downloading its scan, exporting the register."""

from __future__ import annotations

from zhongshu.audit.services import audit_record
from zhongshu.documents.incoming.models import IncomingDocument


def incoming_access_record(
    *, document: IncomingDocument, user, kind: str = "view", request=None
) -> None:
    """One audit line for a view or a download of an incoming document (密级 included)."""
    audit_record(
        actor=user,
        action=f"incoming_{kind}",
        obj=document,
        organ=document.organ,
        request=request,
        extra={"classification": document.classification},
    )


def incoming_register_export_record(*, user, organ, year, count: int, request=None) -> None:
    audit_record(
        actor=user,
        action="incoming_register_export",
        organ=organ,
        request=request,
        extra={"year": year, "rows": count},
    )
