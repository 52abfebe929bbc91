"""签收 (第二十四条(一)): a dispatched document lands; paper mail is registered by hand.

``incoming_receive_dispatch`` turns one in-deployment ``DispatchRecipient`` line into a
PENDING item of the receiving organ and gives each of its 文书/机要员 (cleared) a 签收 待办.
The clerk who signs counts the copies; the time and the signer go back to the sender's line
(``delivered_at``; ``recipient.incoming.acknowledged_by/at``). A wrong recipient is refused
with a reason, and the sender's office is told.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import audit_record
from zhongshu.documents.incoming import permissions
from zhongshu.documents.incoming.models import IncomingDocument, Item
from zhongshu.documents.incoming.permissions import Action
from zhongshu.documents.incoming.services._common import (
    Status,
    StepAction,
    acknowledge_time,
    add_step,
    clean_deadline,
    clean_text,
    incoming_flow,
    send_back,
)
from zhongshu.documents.incoming.services.corrections import incoming_correction_landed
from zhongshu.flow.core import step_deadline
from zhongshu.lib.uploads import INCOMING_SCAN, check_upload
from zhongshu.organs.models import Classification


def incoming_receive_dispatch(*, recipient, actor=None) -> IncomingDocument:
    """Land one dispatch line in the receiving organ's inbox (PENDING, 签收 待办 for its clerks).

    Runs in the caller's transaction when there is one (the sender's 核发 calls it there, so
    that a dispatch and its landing commit together and nothing is lost in between); alone,
    it is its own transaction. Idempotent: a line already landed returns its item.
    """
    if recipient.organ_id is None:
        raise ValidationError(
            _("“%(name)s”不是本系统内的机关，请按纸质来文登记。") % {"name": recipient.name}
        )
    existing = IncomingDocument.objects.filter(dispatch_recipient=recipient).first()
    if existing is not None:
        return existing
    outgoing = recipient.document
    now = timezone.now()
    try:
        with transaction.atomic():
            document = IncomingDocument(
                organ_id=recipient.organ_id,
                source=IncomingDocument.Source.DISPATCH,
                dispatch_recipient=recipient,
                sender_name=outgoing.organ.name,
                sender_organ=outgoing.organ,
                doc_number=outgoing.doc_number,
                title=outgoing.title[:300],
                doc_type=outgoing.doc_type,
                classification=outgoing.classification,
                urgency=outgoing.urgency,
                important=outgoing.important,
                document_date=outgoing.signed_on,
                copies=recipient.copies,
                copy_range=recipient.copy_range,
                content=outgoing.content,
                deadline=outgoing.deadline
                if outgoing.deadline and outgoing.deadline > now
                else None,
                status=Status.PENDING,
                created_at=now,
                updated_at=now,
            )
            document.full_clean(exclude=["scan"])
            document.save(force_insert=True)
            add_step(
                document,
                action=StepAction.RECEIVE,
                actor=actor,
                from_status="",
                extra={"dispatch_recipient": recipient.pk, "outgoing": outgoing.pk},
            )
            # A classified document may find no cleared 文书: the cleared office director
            # signs then, so that nothing waits unseen.
            clerks = list(permissions.signing_clerks_for(document)) or list(
                permissions.directors_for(document)
            )
            incoming_flow.open_items(
                document,
                action=Item.ACKNOWLEDGE,
                assignees=clerks,
                created_by=actor,
                deadline=step_deadline(document, allowance=acknowledge_time(document)),
            )
            audit_record(
                actor=actor,
                action="incoming_receive",
                obj=document,
                organ=document.organ,
                extra={
                    "dispatch_recipient": recipient.pk,
                    "outgoing": outgoing.pk,
                    "doc_number": outgoing.doc_number,
                    "clerks": [c.pk for c in clerks],
                },
            )
            if outgoing.corrects_id:
                # A 修改/撤销/废止 of a document this organ holds: whoever is still working on
                # that one hears of it now, in the same transaction as the landing.
                incoming_correction_landed(document=document, correction=outgoing, actor=actor)
    except IntegrityError:
        # Landed concurrently by another call (one-to-one on the dispatch line).
        existing = IncomingDocument.objects.filter(dispatch_recipient=recipient).first()
        if existing is None:
            raise
        return existing
    return document


def _scan_checked(scan):
    if scan is None:
        return None, ""
    try:
        check_upload(scan, INCOMING_SCAN)  # kind by content, size, archives (lib/uploads.py)
    except ValidationError as exc:
        raise ValidationError({"scan": exc.messages}) from None
    digest = hashlib.sha256()
    for chunk in scan.chunks():
        digest.update(chunk)
    scan.seek(0)
    return scan, digest.hexdigest()


def incoming_register_external(
    *,
    organ,
    actor,
    sender_name: str,
    title: str,
    doc_number: str = "",
    doc_type: str = "",
    classification: int = Classification.NONE,
    urgency: str = IncomingDocument.Urgency.NONE,
    important: bool = False,
    document_date=None,
    copies: int = 1,
    deadline=None,
    scan=None,
) -> IncomingDocument:
    """A paper or external document, its elements typed in and a scan attached.

    It is registered as signed for by the clerk who enters it (ACKNOWLEDGED); 登记 (收文号)
    follows as for any other item.
    """
    if organ is None or not permissions.may_register_external(actor, organ):
        raise PermissionDenied(_("只有本机关的文书、机要员或办公室主任可以登记来文。"))
    errors: dict[str, list[str]] = {}

    def field(name, fn):
        try:
            return fn()
        except ValidationError as exc:
            errors.update(exc.message_dict)
            return None

    sender_name = field(
        "sender_name",
        lambda: clean_text(
            sender_name, field="sender_name", message=_("请填写来文单位。"), max_length=100
        ),
    )
    title = field(
        "title",
        lambda: clean_text(title, field="title", message=_("请填写来文标题。"), max_length=300),
    )
    if classification not in Classification.values:
        errors["classification"] = [_("密级无效。")]
    elif actor.clearance < classification:
        errors["classification"] = [_("您的密级权限不足以登记该密级的来文。")]
    if urgency not in IncomingDocument.Urgency.values:
        errors["urgency"] = [_("紧急程度无效。")]
    try:
        copies = int(copies)
    except (TypeError, ValueError):
        copies = 0
    if copies < 1 or copies > 10000:
        errors["copies"] = [_("份数应在 1 到 10000 之间。")]
    deadline = field("deadline", lambda: clean_deadline(deadline))
    scan, sha = field("scan", lambda: _scan_checked(scan)) or (None, "")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic(durable=True):
        document = IncomingDocument(
            organ=organ,
            source=IncomingDocument.Source.EXTERNAL,
            sender_name=sender_name,
            doc_number=(doc_number or "").strip()[:60],
            title=title,
            doc_type=(doc_type or "").strip()[:10],
            classification=classification,
            urgency=urgency,
            important=bool(important),
            document_date=document_date,
            copies=copies,
            deadline=deadline,
            status=Status.ACKNOWLEDGED,
            acknowledged_by=actor,
            acknowledged_at=now,
            acknowledged_copies=copies,
            scan_sha256=sha,
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        document.full_clean(exclude=["scan"])
        if scan is not None:
            document.scan.save(Path(scan.name).name[-80:], scan, save=False)
        document.save(force_insert=True)
        add_step(
            document,
            action=StepAction.REGISTER_EXTERNAL,
            actor=actor,
            from_status="",
            extra={"copies": copies, "scan_sha256": sha},
        )
        _open_register_item(document, actor=actor)
        audit_record(
            actor=actor,
            action="incoming_register_external",
            obj=document,
            organ=organ,
            extra={"sender": sender_name, "doc_number": document.doc_number, "scan_sha256": sha},
        )
    return document


def _open_register_item(document: IncomingDocument, *, actor) -> None:
    """Who signed for a document (or entered paper mail) registers it next: the 登记 待办
    goes to the actor alone, if the actor is one of the receiving organ's clerks cleared for
    it (``clerks_for``)."""
    incoming_flow.open_items(
        document,
        action=Item.REGISTER,
        assignees=permissions.clerks_for(document).filter(pk=actor.pk),
        created_by=actor,
    )


def incoming_acknowledge(
    *, document: IncomingDocument, actor, copies: int | None = None, note: str = ""
) -> IncomingDocument:
    """签收: count the copies and sign; the time and the signer reach the sender's line.

    A count different from the copies sent must be explained in ``note``.
    """
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        cap = permissions.require(actor, document, Action.ACKNOWLEDGE)
        copies = document.copies if copies in (None, "") else copies
        try:
            copies = int(copies)
        except (TypeError, ValueError):
            raise ValidationError({"copies": [_("签收份数应为整数。")]}) from None
        if copies < 0 or copies > 10000:
            raise ValidationError({"copies": [_("签收份数应在 0 到 10000 之间。")]})
        note = (note or "").strip()
        if copies != document.copies and not note:
            raise ValidationError(
                {
                    "note": [
                        _("签收份数（%(got)d）与来文份数（%(sent)d）不符，请说明情况。")
                        % {"got": copies, "sent": document.copies}
                    ]
                }
            )
        now = timezone.now()
        incoming_flow.close_items(document, action=Item.ACKNOWLEDGE, actor=actor)
        incoming_flow.move(
            document,
            to_status=Status.ACKNOWLEDGED,
            action=StepAction.ACKNOWLEDGE,
            actor=actor,
            acting_for=cap.acting_for,
            opinion=note,
            extra={"copies": copies, "sent": document.copies},
            acknowledged_by=actor,
            acknowledged_at=now,
            acknowledged_copies=copies,
        )
        if document.dispatch_recipient_id:
            from zhongshu.documents.models import DispatchRecipient

            DispatchRecipient.objects.filter(pk=document.dispatch_recipient_id).update(
                delivered_at=now
            )
            _finish_dispatch_notices(document, actor=actor)
        _open_register_item(document, actor=actor)
        audit_record(
            actor=actor,
            action="incoming_acknowledge",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
            extra={"copies": copies, "sent": document.copies, "note": note},
        )
    return document


def _finish_dispatch_notices(document: IncomingDocument, *, actor) -> None:
    """The sender's 核发 gave each clerk of this organ a 待阅 "收文" on the outgoing document;
    once the organ has signed for it, the signer's copy is done and the others' withdrawn
    (the 签收 待办 of this module carries the work from here)."""
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.documents.models import RECEIVE_ACTION, OutgoingDocument
    from zhongshu.flow.models import WorkItem
    from zhongshu.flow.services import workitem_cancel, workitem_complete

    notices = WorkItem.objects.filter(
        target_type=ContentType.objects.get_for_model(OutgoingDocument),
        target_id=document.dispatch_recipient.document_id,
        organ_id=document.organ_id,
        action=RECEIVE_ACTION,
        state=WorkItem.State.OPEN,
    ).order_by("pk")
    for item in notices:
        if item.assignee_id == actor.pk:
            workitem_complete(item=item, actor=actor)
        else:
            workitem_cancel(item=item, actor=None, reason=_("本机关已签收"))


def incoming_refuse(*, document: IncomingDocument, actor, reason: str) -> IncomingDocument:
    """拒收 a document sent to the wrong organ; the reason goes back to the sender."""
    reason = clean_text(reason, field="reason", message=_("拒收须说明理由。"), max_length=500)
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        cap = permissions.require(actor, document, Action.REFUSE)
        incoming_flow.cancel_items(
            document,
            reason=_("来文已拒收：%(reason)s") % {"reason": reason},
            action=Item.ACKNOWLEDGE,
        )
        if document.dispatch_recipient_id:
            _finish_dispatch_notices(document, actor=actor)
        send_back(
            document,
            to_status=Status.REFUSED,
            action=StepAction.REFUSE,
            audit_action="incoming_refuse",
            actor=actor,
            acting_for=cap.acting_for,
            reason=reason,
            title=_("来文被拒收：%(title)s") % {"title": document.title},
            body=_("%(organ)s 拒收，理由：%(reason)s")
            % {"organ": document.organ.name, "reason": reason},
        )
    return document
