"""登记 (收文号) and 初审 (第二十四条(二)(三)).

The 收文号 is taken from the organ's own yearly sequence: the sequence row is locked while the
number is taken, and the number, the slip row and the move to 已登记 commit together or not at
all, so numbers are never skipped or given twice (the same scheme as the 发文字号). A returned
document keeps its number in the register, marked returned.

初审 shows the checker's findings on the received content when it is structured (a document
dispatched inside the deployment, or an uploaded .docx scan); the screener may return the
document to the sender with a reason, and the sender's office is told.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import audit_record
from zhongshu.documents.incoming import permissions
from zhongshu.documents.incoming.models import IncomingDocument, Item
from zhongshu.documents.incoming.permissions import Action
from zhongshu.documents.incoming.services._common import (
    Status,
    StepAction,
    clean_deadline,
    clean_text,
    incoming_flow,
    send_back,
)
from zhongshu.flow.core import sequence_next
from zhongshu.flow.models import Sequence

logger = logging.getLogger(__name__)


def format_receipt_number(organ, year: int, seq: int) -> str:
    """收文号: the organ's 机关代字 (or short name) + 收〔year〕seq号, e.g. 甲政收〔2026〕12号.

    A 代字 that ends in 发 names the organ's outgoing series (淮办发, 淮发); the incoming series
    takes 收 in its place (淮办收〔2026〕1号), not after it (淮办发收 reads as nonsense).
    """
    prefix = (organ.org_code or organ.short_name or "").strip()
    if len(prefix) > 1 and prefix.endswith("发"):
        prefix = prefix[:-1]
    return f"{prefix}收〔{year}〕{seq}号"


def incoming_register(
    *, document: IncomingDocument, actor, deadline=None, chaser=None, important: bool | None = None
) -> IncomingDocument:
    """登记: give the 收文号 and record the time limit and the 催办 person.

    条例 第二十四条: an urgent document must have a time limit (四) and an urgent or important
    one a named person responsible for 催办 (六); both are required here for such documents.
    """
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        cap = permissions.require(actor, document, Action.REGISTER)
        important = document.important if important is None else bool(important)
        # A time limit given here replaces the sender's; otherwise the sender's stays.
        deadline = clean_deadline(deadline) if deadline is not None else document.deadline
        if document.is_urgent and deadline is None:
            raise ValidationError({"deadline": [_("紧急公文应当明确办理时限。")]})
        if (document.is_urgent or important) and chaser is None:
            raise ValidationError({"chaser": [_("紧急公文或重要公文应当指定催办责任人。")]})
        if chaser is not None and not (
            permissions.clerks_for(document).filter(pk=chaser.pk).exists()
            or permissions.directors_for(document).filter(pk=chaser.pk).exists()
        ):
            raise ValidationError(
                {"chaser": [_("催办责任人应为本机关办公室的文书、机要员或主任（且密级相符）。")]}
            )
        organ = document.organ
        now = timezone.now()
        year = timezone.localdate(now).year
        seq = sequence_next(kind=Sequence.Kind.RECEIPT, organ=organ, year=year)
        number = format_receipt_number(organ, year, seq)
        incoming_flow.close_items(document, action=Item.REGISTER, actor=actor)
        incoming_flow.move(
            document,
            to_status=Status.REGISTERED,
            action=StepAction.REGISTER,
            actor=actor,
            acting_for=cap.acting_for,
            opinion=number,
            extra={
                "receipt_number": number,
                "year": year,
                "seq": seq,
                "deadline": deadline.isoformat() if deadline else None,
                "chaser": chaser.pk if chaser else None,
            },
            receipt_year=year,
            receipt_seq=seq,
            receipt_number=number,
            deadline=deadline,
            chaser=chaser,
            important=important,
        )
        if chaser is not None and deadline is not None:
            # 第二十四条(六): the named person follows the document to its time limit; the flow
            # scan reminds them before it and tells their supervisor after it.
            incoming_flow.open_items(
                document,
                action=Item.FOLLOW,
                assignees=[chaser],
                created_by=actor,
                deadline=deadline,
            )
        incoming_flow.open_items(
            document,
            action=Item.SCREEN,
            assignees=permissions.clerks_for(document).filter(pk=actor.pk),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="incoming_register",
            obj=document,
            organ=organ,
            acting_for=cap.acting_for,
            extra={"receipt_number": number, "year": year, "seq": seq},
        )
    return document


def incoming_findings(document: IncomingDocument) -> list[dict[str, Any]] | None:
    """The checker's findings on the received content, or None when it is not structured.

    Structured content is the sender's 公文 (dispatch in the deployment) or an uploaded .docx
    read by the gongwen reader. A checker failure gives no findings rather than a 500.
    """
    from zhongshu.gongwen.checker import check_document, check_docx
    from zhongshu.gongwen.model import DocumentError, load_document

    try:
        if document.content:
            try:
                model = load_document(document.content)
            except DocumentError:
                return None
            findings = check_document(model, today=timezone.localdate())
        elif document.scan and document.scan.name.lower().endswith(".docx"):
            with document.scan.open("rb") as handle:
                findings = check_docx(handle.read(), today=timezone.localdate())
        else:
            return None
    except Exception:
        logger.exception("checker failed on incoming document %s", document.pk)
        return []
    return [f.to_dict() for f in findings]


def incoming_screen(*, document: IncomingDocument, actor, opinion: str = "") -> IncomingDocument:
    """初审 passed: the document goes to the office director for 拟办.

    The checker's findings at this moment are kept on the slip row.
    """
    opinion = (opinion or "").strip()
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        cap = permissions.require(actor, document, Action.SCREEN)
        findings = incoming_findings(document)
        directors = list(permissions.directors_for(document))
        if not directors:
            raise ValidationError(
                _(
                    "本机关没有（密级相符的）办公室主任，无法送拟办：请联系系统管理员为本机关"
                    "办公室的岗位配置“办公室主任”角色（安全管理员核定其密级），配置后再初审。"
                )
            )
        incoming_flow.close_items(document, action=Item.SCREEN, actor=actor)
        incoming_flow.move(
            document,
            to_status=Status.SCREENED,
            action=StepAction.SCREEN,
            actor=actor,
            acting_for=cap.acting_for,
            opinion=opinion or _("初审通过"),
            extra={
                "findings": [
                    {k: f.get(k) for k in ("rule_id", "severity", "element", "message")}
                    for f in (findings or [])
                ][:100],
                "structured": findings is not None,
            },
        )
        incoming_flow.open_items(
            document, action=Item.PROPOSE, assignees=directors, created_by=actor
        )
        audit_record(
            actor=actor,
            action="incoming_screen",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
            extra={"findings": len(findings or [])},
        )
    return document


def incoming_return(*, document: IncomingDocument, actor, reason: str) -> IncomingDocument:
    """初审 退回: the document does not conform; it goes back to the sender with the reason."""
    reason = clean_text(reason, field="reason", message=_("退回须说明理由。"), max_length=500)
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        cap = permissions.require(actor, document, Action.RETURN)
        incoming_flow.cancel_items(
            document, reason=_("来文已退回：%(reason)s") % {"reason": reason}
        )
        send_back(
            document,
            to_status=Status.RETURNED,
            action=StepAction.RETURN,
            audit_action="incoming_return",
            actor=actor,
            acting_for=cap.acting_for,
            reason=reason,
            title=_("来文被退回：%(title)s") % {"title": document.title},
            body=_("%(organ)s 初审退回，理由：%(reason)s")
            % {"organ": document.organ.name, "reason": reason},
        )
    return document
