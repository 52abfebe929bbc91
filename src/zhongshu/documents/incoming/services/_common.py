"""What every 收文 service shares: the route on the workflow core, slip rows, notices.

``incoming_flow.move`` (``flow.core``) is the only code that changes ``IncomingDocument.status``: a compare-and-set update
followed by an append-only ``IncomingStep`` row (style.md §19). Each step closes the work
items of the step just taken and opens those of the next handler, with a deadline from the
document's urgency (shorter when urgent), capped by the document's own time limit; the flow
module's periodic scan reminds and escalates them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import audit_record
from zhongshu.documents.incoming.models import GRAPH, IncomingDocument, IncomingStep
from zhongshu.documents.incoming.permissions import CLERK_ROLES
from zhongshu.flow.core import STEP_TIME, Workflow, step_deadline
from zhongshu.organs.selectors import role_holders

Status = IncomingDocument.Status
StepAction = IncomingStep.Action


def document_url(document: IncomingDocument) -> str:
    return f"/incoming/{document.pk}/"


def acknowledge_time(document: IncomingDocument) -> timedelta:
    """The 签收 allowance: ``settings.ACKNOWLEDGE_HOURS``, but never longer than the urgency's
    own allowance for an urgent document (a 特急 one is still chased within four hours)."""
    configured = timedelta(hours=settings.ACKNOWLEDGE_HOURS)
    if document.urgency == IncomingDocument.Urgency.NONE:
        return configured
    return min(configured, STEP_TIME.get(document.urgency, configured))


def clean_text(value: Any, *, field: str, message: str, max_length: int | None = None) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if not text:
        raise ValidationError({field: [message]})
    if max_length is not None and len(text) > max_length:
        raise ValidationError({field: [_("不能超过 %(n)d 个字。") % {"n": max_length}]})
    return text


def clean_deadline(value, *, field: str = "deadline", required: bool = False):
    if value is None:
        if required:
            raise ValidationError({field: [_("紧急公文应当明确办理时限。")]})
        return None
    if timezone.is_naive(value):
        raise ValidationError({field: [_("办理时限必须带时区。")]})
    if value <= timezone.now():
        raise ValidationError({field: [_("办理时限应晚于当前时间。")]})
    return value


def add_step(
    document: IncomingDocument,
    *,
    action: str,
    actor,
    acting_for=None,
    opinion: str = "",
    extra: dict | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
) -> IncomingStep:
    """Append one line to the routing slip (a step without a change of status by default)."""
    return IncomingStep.objects.create(
        document=document,
        action=action,
        actor=actor,
        acting_for=acting_for,
        opinion=opinion,
        from_status=document.status if from_status is None else from_status,
        to_status=document.status if to_status is None else to_status,
        extra=extra or {},
        at=timezone.now(),
    )


# The 收文 route on the workflow core: the graph of the model, the slip row, the 待办 of each
# step named by its ``Item`` action.
incoming_flow = Workflow(
    graph=GRAPH,
    record=add_step,
    step_args=frozenset({"action", "actor", "acting_for", "opinion", "extra"}),
    url=document_url,
    deadline=step_deadline,
)


def sender_people(document: IncomingDocument) -> list:
    """Who on the sender's side hears of a refusal, a return or a reply: the sending organ's
    文书, 机要员 and 办公室主任, and the drafter, cleared for the document."""
    recipient = document.dispatch_recipient
    if recipient is None:
        return []
    outgoing = recipient.document
    people = {
        p.pk: p
        for p in role_holders(roles=CLERK_ROLES, department__organ=outgoing.organ_id).filter(
            clearance__gte=outgoing.classification
        )
    }
    drafter = outgoing.drafter
    if drafter.is_active and drafter.clearance >= outgoing.classification:
        people.setdefault(drafter.pk, drafter)
    return list(people.values())


def notify_sender(document: IncomingDocument, *, title: str, body: str) -> list[int]:
    """Tell the sender's side (in-app now; e-mail after commit through notifications)."""
    from zhongshu.notifications.services import notification_send

    recipient = document.dispatch_recipient
    if recipient is None:
        return []
    url = f"/documents/{recipient.document_id}/"
    people = sender_people(document)
    for person in people:
        notification_send(
            recipient=person,
            title=title,
            body=body,
            url=url,
            urgent=document.is_urgent,
            classification=document.classification,
        )
    return [p.pk for p in people]


def send_back(
    document: IncomingDocument,
    *,
    to_status: str,
    action: str,
    audit_action: str,
    actor,
    acting_for,
    reason: str,
    title: str,
    body: str,
) -> None:
    """The end shared by 拒收 and 初审 退回: the document stops in ``to_status`` with the
    reason on its slip and record, the sender's side is told why, and the audit line says who
    was told (nobody, for paper mail). The caller has locked the document, checked the
    actor and withdrawn the open items it means to end."""
    incoming_flow.move(
        document,
        to_status=to_status,
        action=action,
        actor=actor,
        acting_for=acting_for,
        opinion=reason,
        reason=reason,
    )
    notified = notify_sender(document, title=title, body=body)
    audit_record(
        actor=actor,
        action=audit_action,
        obj=document,
        organ=document.organ,
        acting_for=acting_for,
        extra={"reason": reason, "notified": notified},
    )
