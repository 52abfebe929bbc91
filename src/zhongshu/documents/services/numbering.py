"""登记编号 (第二十五条(二)): the 发文字号 机关代字〔year〕N号, gap-free and never duplicated.

A number is taken only here, after 复核, never while drafting. The register of (机关代字,
year) (``flow.core.sequence_next``) is locked while the number is taken, and the number, the register line and
the document's move to 用印 commit together or not at all, so a failed registration leaves no
hole. A voided number stays in the register, marked voided with its reason, and is never
given again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import audit_record
from zhongshu.documents import permissions
from zhongshu.documents.models import DocNumber, OutgoingDocument
from zhongshu.documents.permissions import Action
from zhongshu.documents.services._common import (
    ACTIONS,
    Decision,
    Status,
    dump_content,
    outgoing_flow,
    parse_content,
    step_pool,
    void_current_number,
)
from zhongshu.flow.core import sequence_next
from zhongshu.flow.models import Sequence
from zhongshu.gongwen.model import format_doc_number
from zhongshu.lib.errors import ApplicationError


def document_register(*, document: OutgoingDocument, actor) -> DocNumber:
    """登记: allocate the 发文字号 and move the document to 用印.

    The year is the year of registration; the code is the organ's 机关代字 now.
    """
    with transaction.atomic(durable=True):
        outgoing_flow.lock(document)
        cap = permissions.require(actor, document, Action.REGISTER)
        organ = document.organ
        org_code = (organ.org_code or "").strip()
        if not org_code:
            raise ApplicationError(_("本机关尚未设置机关代字，不能编号。"))
        if document.numbers.filter(voided_at__isnull=True).exists():
            raise ApplicationError(_("该公文已有有效的发文字号。"))
        clerks = step_pool(document, Status.SEAL)
        now = timezone.now()
        year = timezone.localdate(now).year
        seq = sequence_next(kind=Sequence.Kind.DOC_NUMBER, key=org_code, year=year)
        number = DocNumber.objects.create(
            organ=organ,
            org_code=org_code,
            year=year,
            seq=seq,
            document=document,
            allocated_by=actor,
            allocated_at=now,
        )
        text = format_doc_number(org_code, year, seq)
        model = parse_content(document.content).model_copy(update={"doc_number": text})
        outgoing_flow.close_items(document, status=Status.REGISTER, actor=actor)
        outgoing_flow.move(
            document,
            to_status=Status.SEAL,
            actor=actor,
            acting_for=cap.acting_for,
            decision=Decision.NUMBER,
            opinion=text,
            extra={"doc_number": text, "number": number.pk},
            doc_number=text,
            content=dump_content(model),
        )
        outgoing_flow.open_items(document, status=Status.SEAL, assignees=clerks, created_by=actor)
        audit_record(
            actor=actor,
            action="outgoing_register",
            obj=document,
            organ=organ,
            acting_for=cap.acting_for,
            extra={"doc_number": text, "org_code": org_code, "year": year, "seq": seq},
        )
    return number


def number_void(*, document: OutgoingDocument, actor, reason: str) -> DocNumber:
    """Void the document's number before 用印 (a wrong code or year, a registration in error).

    The number stays in the register as voided; the document returns to 登记编号 for a new one.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("作废文号须说明原因。")]})
    with transaction.atomic(durable=True):
        outgoing_flow.lock(document)
        cap = permissions.require(actor, document, Action.VOID_NUMBER)
        clerks = step_pool(document, Status.REGISTER)
        number = void_current_number(document, actor=actor, reason=reason)
        model = parse_content(document.content).model_copy(update={"doc_number": ""})
        outgoing_flow.cancel_items(
            document,
            reason=_("文号已作废：%(reason)s") % {"reason": reason},
            action=ACTIONS[Status.SEAL],
        )
        outgoing_flow.move(
            document,
            to_status=Status.REGISTER,
            actor=actor,
            acting_for=cap.acting_for,
            decision=Decision.VOID,
            opinion=reason,
            extra={"doc_number": number.text, "number": number.pk},
            doc_number="",
            content=dump_content(model),
        )
        outgoing_flow.open_items(
            document, status=Status.REGISTER, assignees=clerks, created_by=actor
        )
        audit_record(
            actor=actor,
            action="outgoing_number_void",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
            extra={"doc_number": number.text, "reason": reason},
        )
    number.refresh_from_db()
    return number
