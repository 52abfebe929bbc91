"""The sender corrects a document this organ received: tell the people still working on it.

A 发文 is corrected by a later document (修改/撤销/废止, ``OutgoingDocument.corrects``); that one
is dispatched to the same organs and lands here like any other (``incoming_receive_dispatch``).
As it lands, the copy of the corrected document in the same organ, while still open (from
待签收 to 承办, not yet 办结 or 归档, neither refused nor returned), has its current handlers
told at once: whoever holds an open work item on it (签收, 登记, 拟办, 批示, 承办, 传阅, 催办
跟踪) or on a 批示督办 task made from it. One notification per person however many steps they
hold, so that nobody goes on carrying out a revoked instruction. What the pages and the API
show of the correction is read, not copied (``selectors.incoming_corrections``).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhongshu.audit.services import audit_record
from zhongshu.documents.archive.models import DocumentStatusMark
from zhongshu.documents.incoming import permissions
from zhongshu.documents.incoming.models import (
    INBOX_OPEN,
    INBOX_PENDING,
    IncomingDocument,
    InstructionTask,
)
from zhongshu.documents.incoming.services._common import document_url
from zhongshu.documents.models import OutgoingDocument
from zhongshu.flow.models import WorkItem
from zhongshu.notifications.services import notification_send

Kind = OutgoingDocument.CorrectionKind
# A copy still being worked on: the sender's correction must reach its handlers.
STILL_OPEN = INBOX_PENDING | INBOX_OPEN


def current_handlers(document: IncomingDocument) -> list:
    """Who is working on ``document`` now: the assignees of the open work items on it and on
    its open 批示督办 tasks, each once, in the order their items were opened."""
    tasks = InstructionTask.objects.filter(document=document, status=InstructionTask.Status.OPEN)
    items = WorkItem.objects.filter(state=WorkItem.State.OPEN).filter(
        Q(target_type=ContentType.objects.get_for_model(IncomingDocument), target_id=document.pk)
        | Q(
            target_type=ContentType.objects.get_for_model(InstructionTask),
            target_id__in=tasks.values("pk"),
        )
    )
    people: dict[int, object] = {}
    for item in items.select_related("assignee").order_by("pk"):
        person = item.assignee
        if person.is_active and not person.admin_role:
            people.setdefault(person.pk, person)
    return list(people.values())


def _cited(correction: OutgoingDocument, person) -> str:
    """《标题》，发文字号 of the correction, the title only for a person cleared for it."""
    if correction.classification > person.clearance:
        return correction.doc_number or _("涉密文件")
    if not correction.doc_number:
        return f"《{correction.title}》"
    return f"《{correction.title}》，{correction.doc_number}"


def _message(kind: str, *, sender: str, cited: str, effective_from) -> str:
    if kind == Kind.REVOKE:
        return _("%(sender)s已撤销该文（%(cited)s），该文自始不发生效力，请停止办理。") % {
            "sender": sender,
            "cited": cited,
        }
    if kind == Kind.ABOLISH:
        if effective_from is None:
            return _("%(sender)s已废止该文（%(cited)s），请停止执行。") % {
                "sender": sender,
                "cited": cited,
            }
        return _("%(sender)s已废止该文（%(cited)s），自%(day)s起停止执行。") % {
            "sender": sender,
            "cited": cited,
            "day": date_format(effective_from, "Y年n月j日"),
        }
    return _("%(sender)s已修改该文（%(cited)s），请以修改后的文件为准。") % {
        "sender": sender,
        "cited": cited,
    }


_TITLES = {
    Kind.REVOKE: gettext_lazy("来文已被撤销：%(title)s"),
    Kind.ABOLISH: gettext_lazy("来文已被废止：%(title)s"),
    Kind.AMEND: gettext_lazy("来文已被修改：%(title)s"),
}


def incoming_correction_landed(
    *, document: IncomingDocument, correction: OutgoingDocument, actor
) -> list[int]:
    """A correction (``document``, just landed from ``correction``) reached this organ: tell
    the current handlers of the corrected document's copy here, if that copy is still open.

    Runs inside the landing's transaction (the sender's 核发). For each copy of the corrected
    发文 in the receiving organ: an audit line on the copy (whether or not anyone was told), and
    when the copy is open, one notification per current handler, linking to the copy (or, for
    a task's lead unit that may not open it, to the task list). Returns who was notified.
    """
    if not correction.corrects_id or correction.correction_kind not in Kind.values:
        return []
    kind = correction.correction_kind
    copies = IncomingDocument.objects.filter(
        organ_id=document.organ_id, dispatch_recipient__document_id=correction.corrects_id
    ).order_by("pk")
    effective_from = None
    if kind == Kind.ABOLISH:
        mark = DocumentStatusMark.objects.filter(
            outgoing_id=correction.corrects_id, kind=DocumentStatusMark.Kind.ABOLISH
        ).first()
        effective_from = mark.effective_from if mark is not None else correction.signed_on
    urgent = document.is_urgent or correction.urgency != OutgoingDocument.Urgency.NONE
    notified: list[int] = []
    for copy in copies:
        told: list[int] = []
        if copy.status in STILL_OPEN:
            for person in current_handlers(copy):
                url = (
                    document_url(copy)
                    if permissions.may_view(person, copy)
                    else reverse("incoming:tasks")
                )
                notification_send(
                    recipient=person,
                    title=str(_TITLES[kind]) % {"title": copy.title},
                    body=_message(
                        kind,
                        sender=document.sender_name,
                        cited=_cited(correction, person),
                        effective_from=effective_from,
                    ),
                    url=url,
                    urgent=urgent,
                    # the title is the copy's (the body cites the correction under the
                    # person's clearance, ``_cited``)
                    classification=copy.classification,
                )
                told.append(person.pk)
        audit_record(
            actor=actor,
            action="incoming_source_corrected",
            obj=copy,
            organ=copy.organ,
            extra={
                "kind": kind,
                "correction": correction.pk,
                "correction_number": correction.doc_number,
                "correction_incoming": document.pk,
                "status": copy.status,
                "notified": told,
            },
        )
        notified.extend(told)
    return notified
