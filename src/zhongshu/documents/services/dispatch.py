"""核发 (第二十五条(四)): distribute the sealed document to its 主送 and 抄送 organs.

Each 主送/抄送 name becomes a ``DispatchRecipient``; a name that is an organ of this deployment
is linked to it, and that organ's 文书 (and 机要员) get a 待阅 and a notification, so that they
see and download it at once (their 签收 and 登记 belong to the receiving side). Names outside
the deployment stay as lines for paper dispatch. Classified documents get consecutive 份号
ranges per recipient, and only cleared clerks are told. The 核发 of a correction marks the
document it revokes or abolishes, in the same transaction (``services/correction.py``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import audit_record
from zhongshu.documents import permissions
from zhongshu.documents.models import RECEIVE_ACTION, DispatchRecipient, OutgoingDocument
from zhongshu.documents.permissions import Action
from zhongshu.documents.services._common import (
    Decision,
    Status,
    document_url,
    outgoing_flow,
    parse_content,
)
from zhongshu.documents.services.correction import correction_apply_on_dispatch
from zhongshu.documents.services.drafting import organ_by_name
from zhongshu.flow.models import WorkItem
from zhongshu.flow.services import workitem_create
from zhongshu.notifications.services import notification_send
from zhongshu.organs.models import Classification, Role
from zhongshu.organs.selectors import people_with_role


def receiving_clerks(*, organ, document: OutgoingDocument) -> list:
    """The 文书 and 机要员 of ``organ`` cleared for the document's 密级 (机要员 first)."""
    people: dict[int, Any] = {}
    for role in (Role.CONFIDENTIAL_CLERK, Role.CLERK):
        for person in people_with_role(organ=organ, role=role).filter(
            clearance__gte=document.classification
        ):
            people.setdefault(person.pk, person)
    return list(people.values())


def _copies_for(copies: dict[str, int] | None, name: str) -> int:
    value = (copies or {}).get(name, 1)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            {"copies": [_("“%(name)s”的份数应为整数。") % {"name": name}]}
        ) from None
    if value < 1 or value > 10000:
        raise ValidationError(
            {"copies": [_("“%(name)s”的份数应在 1 到 10000 之间。") % {"name": name}]}
        )
    return value


def document_dispatch(
    *, document: OutgoingDocument, actor, copies: dict[str, int] | None = None
) -> list[DispatchRecipient]:
    """核发: one recipient line per 主送/抄送 name, copies and 份号, notices to the receivers.

    ``copies`` maps a recipient's name to the number of printed copies it gets (default 1).
    """
    with transaction.atomic(durable=True):
        outgoing_flow.lock(document)
        cap = permissions.require(actor, document, Action.DISPATCH)
        model = parse_content(document.content)
        names = [(n, DispatchRecipient.Kind.PRIMARY) for n in model.primary_recipients]
        names += [(n, DispatchRecipient.Kind.CC) for n in model.cc_recipients]
        unknown = set((copies or {}).keys()) - {n for n, _kind in names}
        if unknown:
            raise ValidationError(
                {
                    "copies": [
                        _("以下单位不在主送或抄送中：%(names)s。")
                        % {"names": "、".join(sorted(unknown))}
                    ]
                }
            )
        classified = document.classification > Classification.NONE
        now = timezone.now()
        next_copy = 1
        rows: list[DispatchRecipient] = []
        seen: set[str] = set()
        for name, kind in names:
            if name in seen:
                continue
            seen.add(name)
            count = _copies_for(copies, name)
            organ = organ_by_name(name)
            row = DispatchRecipient(
                document=document,
                organ=organ,
                name=name[:100],
                kind=kind,
                copies=count,
                dispatched_at=now,
                delivered_at=now if organ is not None else None,
            )
            if classified:
                row.copy_number_from, row.copy_number_to = next_copy, next_copy + count - 1
                next_copy += count
            row.full_clean()
            rows.append(row)
        for row in rows:
            row.save(force_insert=True)
        outgoing_flow.close_items(document, status=Status.DISPATCH, actor=actor)
        outgoing_flow.move(
            document,
            to_status=Status.DISPATCHED,
            actor=actor,
            acting_for=cap.acting_for,
            decision=Decision.DISPATCH,
            extra={
                "recipients": len(rows),
                "in_system": sum(1 for r in rows if r.organ_id),
                "printed_copies": sum(r.copies for r in rows),
            },
            dispatched_at=now,
            current_handler=None,
        )
        # A correction marks the document it revokes or abolishes as it is issued, so the
        # two never disagree (the old one is never changed itself).
        mark = correction_apply_on_dispatch(document=document, actor=actor)
        landed = _land(document, rows, actor=actor)
        if classified:
            # 份号 register: each numbered copy is recorded as it leaves, in this transaction,
            # so a classified dispatch never commits without its copy records (归档 app).
            from zhongshu.documents.archive.services import copy_records_open

            copy_records_open(document=document, actor=actor)
        notified = _notify_receivers(document, rows, actor=actor, landed=landed)
        audit_record(
            actor=actor,
            action="outgoing_dispatch",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
            extra={
                "doc_number": document.doc_number,
                "recipients": [
                    {"name": r.name, "organ": r.organ_id, "kind": r.kind, "copies": r.copies}
                    for r in rows
                ],
                "notified": notified,
                "landed": [d.pk for d in landed.values()] if landed is not None else None,
                **(
                    {
                        "corrects": document.corrects_id,
                        "correction_kind": document.correction_kind,
                        "status_mark": mark.pk if mark is not None else None,
                    }
                    if document.corrects_id
                    else {}
                ),
            },
        )
    return rows


def _land(
    document: OutgoingDocument, rows: list[DispatchRecipient], *, actor
) -> dict[int, Any] | None:
    """Land each in-deployment line in the receiving organ's inbox (收文, ``documents.incoming``),
    in this transaction, so that a dispatch and its landing commit together; the landed
    documents by receiving organ. None when the receiving side is not installed: the clerks
    then get a 待阅 on the outgoing document."""
    try:
        from zhongshu.documents.incoming.services import incoming_receive_dispatch
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("zhongshu.documents.incoming"):
            raise
        return None
    return {
        row.organ_id: incoming_receive_dispatch(recipient=row, actor=actor)
        for row in rows
        if row.organ_id is not None and row.organ_id != document.organ_id
    }


def _notify_receivers(
    document: OutgoingDocument,
    rows: list[DispatchRecipient],
    *,
    actor,
    landed: dict[int, Any] | None,
) -> list[int]:
    """A notification for each cleared clerk of each receiving organ, leading to the organ's
    收文 where it landed (签收 is done there), and a 待阅 on the outgoing document when the
    receiving side did not give them a 签收 待办 already."""
    with_items = landed is None
    urgent = document.urgency != OutgoingDocument.Urgency.NONE
    notified: list[int] = []
    for organ in {r.organ_id: r.organ for r in rows if r.organ is not None}.values():
        if organ.pk == document.organ_id:
            continue
        for clerk in receiving_clerks(organ=organ, document=document):
            item = None
            if with_items:
                item = workitem_create(
                    assignee=clerk,
                    kind=WorkItem.Kind.TO_READ,
                    module=WorkItem.Module.DOCUMENTS,
                    action=RECEIVE_ACTION,
                    title=document.title,
                    target=document,
                    url=document_url(document),
                    created_by=actor,
                    organ=organ,
                    urgent=urgent,
                )
            if item is None or not urgent:  # an urgent item has notified its assignee already
                notification_send(
                    recipient=clerk,
                    title=_("来文：%(title)s") % {"title": document.title},
                    body=_("%(organ)s %(number)s")
                    % {"organ": document.organ.name, "number": document.doc_number},
                    url=landed[organ.pk].get_absolute_url()
                    if landed and organ.pk in landed
                    else document_url(document),
                    work_item=item,
                    classification=document.classification,
                )
            notified.append(clerk.pk)
    return notified
