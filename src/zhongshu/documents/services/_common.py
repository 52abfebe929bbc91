"""What every 发文 service shares: the one status helper, sheet rows, work items, content.

``_move`` is the only code that changes ``OutgoingDocument.status``: a compare-and-set update
followed by an append-only ``DocumentStep`` row (style.md §19). Work items for the next handler
are opened with a deadline from the document's urgency; the items of a finished step are
closed, those of an abandoned step cancelled.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.documents.models import (
    TRANSITIONS,
    WORK_ITEM_ACTIONS,
    DocNumber,
    DocumentStep,
    OutgoingDocument,
)
from zhongshu.flow.models import WorkItem
from zhongshu.flow.services import workitem_cancel, workitem_create, workitems_complete_for_target
from zhongshu.gongwen.model import Document, DocumentError, load_document
from zhongshu.lib.errors import ApplicationError

Status = OutgoingDocument.Status
Decision = DocumentStep.Decision

ACTIONS = WORK_ITEM_ACTIONS

# Time allowed per step by urgency: ordinary documents three days, 加急 one day, 特急 four hours.
STEP_TIME = {
    OutgoingDocument.Urgency.NONE: timedelta(days=3),
    OutgoingDocument.Urgency.URGENT: timedelta(days=1),
    OutgoingDocument.Urgency.EXTRA_URGENT: timedelta(hours=4),
}

# Elements set after sign-off by the office (number, copy numbers, dates): a change in them is
# not a change of substance, so the 复核 hash leaves them out.
_POST_SIGN_FIELDS = ("doc_number", "copy_number", "date", "date_text", "print_date")


def document_url(document: OutgoingDocument) -> str:
    return f"/documents/{document.pk}/"


def step_deadline(document: OutgoingDocument, now=None):
    """The deadline of a new step: the urgency's allowance, capped by the document's own limit."""
    now = now or timezone.now()
    deadline = now + STEP_TIME.get(document.urgency, STEP_TIME[OutgoingDocument.Urgency.NONE])
    if document.deadline is not None and document.deadline < deadline:
        deadline = max(document.deadline, now)
    return deadline


def is_urgent(document: OutgoingDocument) -> bool:
    return document.urgency != OutgoingDocument.Urgency.NONE


def parse_content(data: Any) -> Document:
    """Validate document JSON through the gongwen model; Chinese errors on the ``content`` field."""
    if isinstance(data, Document):
        return data
    if not isinstance(data, (dict, str, bytes)):
        raise ValidationError({"content": [_("公文内容格式有误。")]})
    try:
        return load_document(data)
    except DocumentError as exc:
        raise ValidationError(
            {"content": [f"{field}：{msg}" for field, msg in exc.errors]}
        ) from None


def dump_content(model: Document) -> dict[str, Any]:
    return model.model_dump(mode="json")


def content_hash(content: dict[str, Any]) -> str:
    """SHA-256 of the content without the elements the office sets after sign-off."""
    data = {k: v for k, v in content.items() if k not in _POST_SIGN_FIELDS}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_step(
    document: OutgoingDocument,
    *,
    actor,
    decision: str,
    from_status: str,
    to_status: str,
    acting_for=None,
    opinion: str = "",
    extra: dict | None = None,
    step: str | None = None,
    round_no: int | None = None,
) -> DocumentStep:
    """Append one line to the processing sheet."""
    return DocumentStep.objects.create(
        document=document,
        step=step or from_status,
        actor=actor,
        acting_for=acting_for,
        opinion=opinion,
        decision=decision,
        from_status=from_status,
        to_status=to_status,
        round=round_no if round_no is not None else document.round,
        extra=extra or {},
        at=timezone.now(),
    )


def move(
    document: OutgoingDocument,
    *,
    to_status: str,
    actor,
    decision: str,
    acting_for=None,
    opinion: str = "",
    extra: dict | None = None,
    **fields,
) -> DocumentStep:
    """Change the status if it is still the one read, then write the sheet row.

    1. Refuse an edge ``TRANSITIONS`` does not declare.
    2. Compare-and-set on (pk, status, round): zero rows changed means another person moved the
       document first; that is refused, never overwritten.
    3. Append the ``DocumentStep`` (with the round the act belonged to).
    """
    from_status = document.status
    if to_status not in TRANSITIONS.get(from_status, frozenset()):
        raise ApplicationError(
            _("公文当前处于“%(from)s”环节，不能转到“%(to)s”。")
            % {"from": Status(from_status).label, "to": Status(to_status).label},
            extra={"status": from_status},
        )
    round_no = document.round
    now = timezone.now()
    changed = OutgoingDocument.objects.filter(
        pk=document.pk, status=from_status, round=round_no
    ).update(status=to_status, updated_at=now, **fields)
    if changed != 1:
        raise ApplicationError(_("该公文已被他人处理，请刷新后重试。"))
    document.status = to_status
    document.updated_at = now
    for name, value in fields.items():
        setattr(document, name, value)
    return add_step(
        document,
        actor=actor,
        acting_for=acting_for,
        decision=decision,
        from_status=from_status,
        to_status=to_status,
        opinion=opinion,
        extra=extra,
        round_no=round_no,
    )


def open_items(document: OutgoingDocument, *, status: str, assignees, created_by) -> None:
    """Open a 待办 of the step ``status`` for each assignee."""
    deadline = step_deadline(document)
    for assignee in assignees:
        workitem_create(
            assignee=assignee,
            kind=WorkItem.Kind.TODO,
            module=WorkItem.Module.DOCUMENTS,
            action=ACTIONS[status],
            title=document.title,
            target=document,
            url=document_url(document),
            deadline=deadline,
            created_by=created_by,
            organ=document.organ,
            urgent=is_urgent(document),
        )


def close_items(document: OutgoingDocument, *, status: str, actor) -> int:
    """Close the open 待办 of the finished step (the pooled copies of the others too)."""
    return workitems_complete_for_target(target=document, actor=actor, action=ACTIONS[status])


def open_items_of(document: OutgoingDocument, *, action: str | None = None, assignee=None):
    qs = WorkItem.objects.filter(
        target_type=ContentType.objects.get_for_model(OutgoingDocument),
        target_id=document.pk,
        state=WorkItem.State.OPEN,
    )
    if action is not None:
        qs = qs.filter(action=action)
    if assignee is not None:
        qs = qs.filter(assignee=assignee)
    return qs.order_by("pk")


def cancel_items(document: OutgoingDocument, *, reason: str, action: str | None = None) -> None:
    """Cancel the open 待办 of an abandoned step (a return or a withdrawal)."""
    for item in open_items_of(document, action=action):
        workitem_cancel(item=item, actor=None, reason=reason)


def lock(document: OutgoingDocument) -> OutgoingDocument:
    """Re-read the document under a row lock (PostgreSQL) inside the caller's transaction."""
    fresh = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    for field in fresh._meta.concrete_fields:
        setattr(document, field.attname, getattr(fresh, field.attname))
    return document


def void_current_number(document: OutgoingDocument, *, actor, reason: str) -> DocNumber:
    """Void the document's current 发文字号 inside the caller's transaction.

    Compare-and-set on the number row: it stays in the register, marked voided with who, when
    and why; its sequence number is never given again (the sequence row only ever rises), so
    the register keeps no gap and no duplicate. The files sealed under it stop being current.
    """
    number = document.numbers.filter(voided_at__isnull=True).order_by("-allocated_at").first()
    if number is None:
        raise ApplicationError(_("该公文没有有效的发文字号。"))
    now = timezone.now()
    changed = DocNumber.objects.filter(pk=number.pk, voided_at__isnull=True).update(
        voided_at=now, voided_by=actor, void_reason=reason[:200]
    )
    if changed != 1:
        raise ApplicationError(_("该文号已被作废，请刷新后重试。"))
    number.voided_at, number.voided_by, number.void_reason = now, actor, reason[:200]
    return number
