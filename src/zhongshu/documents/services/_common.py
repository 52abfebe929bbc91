"""What every 发文 service shares: the route on the workflow core, sheet rows, content.

``outgoing_flow.move`` (``flow.core``) is the only code that changes
``OutgoingDocument.status``: a compare-and-set update followed by an append-only
``DocumentStep`` row (style.md §19). Work items for the next handler are opened with a
deadline from the document's urgency; the items of a finished step are closed, those of an
abandoned step cancelled.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.documents import permissions
from zhongshu.documents.models import (
    GRAPH,
    WORK_ITEM_ACTIONS,
    DocNumber,
    DocumentStep,
    OutgoingDocument,
)
from zhongshu.flow.core import Workflow, step_deadline
from zhongshu.gongwen.model import Document, DocumentError, load_document
from zhongshu.lib.errors import ApplicationError

Status = OutgoingDocument.Status
Decision = DocumentStep.Decision

ACTIONS = WORK_ITEM_ACTIONS

# Elements set after sign-off by the office (number, copy numbers, dates): a change in them is
# not a change of substance, so the 复核 hash leaves them out.
_POST_SIGN_FIELDS = ("doc_number", "copy_number", "date", "date_text", "print_date")


def document_url(document: OutgoingDocument) -> str:
    return f"/documents/{document.pk}/"


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


def step_pool(document: OutgoingDocument, status: str) -> list:
    """The people who may take the step ``status`` now (``permissions.eligible_for_step``);
    refused when the organ has nobody for it."""
    people = list(permissions.eligible_for_step(document, status))
    if not people:
        raise ApplicationError(
            _("本机关没有可以办理“%(step)s”的人员，请联系管理员配置岗位角色。")
            % {"step": Status(status).label}
        )
    return people


# The 发文 route on the workflow core: the graph of the model, the sheet row, the 待办 of each
# step named by its status; the compare-and-set also requires the round read (a return that
# opens a new round while another act is in flight must not be overwritten).
outgoing_flow = Workflow(
    graph=GRAPH,
    record=add_step,
    step_args=frozenset({"actor", "decision", "acting_for", "opinion", "extra"}),
    url=document_url,
    deadline=step_deadline,
    match=("round",),
    actions=WORK_ITEM_ACTIONS,
)


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
