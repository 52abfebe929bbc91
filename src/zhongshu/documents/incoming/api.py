"""The 收文 API: the inbox, one item with its slip, and every step (the same services as the
pages). Errors are mapped once in ``zhongshu.config.api``; 404 outside the user's scope, 403
for a step that is not the caller's.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from zhongshu.accounts.models import User
from zhongshu.accounts.permissions import BusinessAuth
from zhongshu.documents.incoming import permissions, selectors, services
from zhongshu.documents.incoming.models import Circulation, IncomingDocument
from zhongshu.documents.incoming.permissions import Action
from zhongshu.organs.models import Department, Organ

router = Router(tags=["incoming"])
auth = BusinessAuth()


class PersonOut(Schema):
    id: int
    full_name: str


class IncomingOut(Schema):
    id: int
    organ_id: int
    source: str
    sender_name: str
    doc_number: str
    title: str
    doc_type: str
    classification: int
    urgency: str
    important: bool
    status: str
    receipt_number: str
    deadline: datetime | None
    acknowledged_by: PersonOut | None
    acknowledged_at: datetime | None
    created_at: datetime
    # What became of it (the badges of the lists): a 撤销/废止 mark on the sender's 发文 or the
    # organ's own mark on this copy; a dispatched 修改 of the sender's 发文.
    revoked: bool = False
    abolished: bool = False
    amended: bool = False
    # 修改/撤销/废止 when this item is itself a correction of an earlier 发文, else "".
    corrects_kind: str = ""


class MarkOut(Schema):
    kind: str
    kind_label: str
    effective_from: date
    reason: str
    at: datetime


class CorrectionOut(Schema):
    """One 修改/撤销/废止 of the sender's 发文 behind this item (``title`` "" with
    ``title_hidden`` above the caller's clearance; ``incoming_id``: the correction's copy in
    this organ, only when the caller may open it; no correcting document for a mark made by
    hand, which carries its ``reason``)."""

    kind: str
    kind_label: str
    on: date
    effective_from: date | None
    reason: str
    title: str
    title_hidden: bool
    doc_number: str
    incoming_id: int | None


class CorrectsOut(Schema):
    """The 发文 this item corrects, and its copy in this organ when the caller may open it."""

    kind: str
    kind_label: str
    title: str
    title_hidden: bool
    doc_number: str
    incoming_id: int | None


class StepOut(Schema):
    action: str
    signature: str
    opinion: str
    from_status: str
    to_status: str
    at: datetime
    extra: dict[str, Any]


class InstructionOut(Schema):
    leader: PersonOut
    order: int
    text: str
    signature: str
    at: datetime | None


class HandlingOut(Schema):
    department_id: int
    department_name: str
    is_lead: bool
    deadline: datetime | None
    result: str
    done_at: datetime | None


class ReaderOut(Schema):
    person: PersonOut
    position: int
    state: str
    received_at: datetime | None
    read_at: datetime | None
    opinion: str


class CirculationOut(Schema):
    id: int
    purpose: str
    mode: str
    completed_at: datetime | None
    readers: list[ReaderOut]


class IncomingDetailOut(IncomingOut):
    result: str
    reason: str
    steps: list[StepOut]
    instructions: list[InstructionOut]
    handlings: list[HandlingOut]
    circulations: list[CirculationOut]
    allowed_actions: list[str]
    # 撤销/废止 marks on the sender's 发文, its dispatched corrections in order, what this item
    # corrects, and the receiving organ's own marks on this copy
    source_marks: list[MarkOut]
    corrected_by: list[CorrectionOut]
    corrects: CorrectsOut | None
    status_marks: list[MarkOut]


class InboxOut(Schema):
    counts: dict[str, int]
    items: list[IncomingOut]


def _person(user) -> dict | None:
    return {"id": user.pk, "full_name": user.full_name} if user is not None else None


def _out(d: IncomingDocument) -> dict:
    return {
        **{
            f: getattr(d, f)
            for f in (
                "id",
                "organ_id",
                "source",
                "sender_name",
                "doc_number",
                "title",
                "doc_type",
                "classification",
                "urgency",
                "important",
                "status",
                "receipt_number",
                "deadline",
                "acknowledged_at",
                "created_at",
            )
        },
        "acknowledged_by": _person(d.acknowledged_by),
        # the annotations of ``selectors.with_correction_flags`` (the lists)
        "revoked": getattr(d, "is_revoked", False),
        "abolished": getattr(d, "is_abolished", False),
        "amended": getattr(d, "is_amended", False),
        "corrects_kind": getattr(d, "corrects_kind", ""),
    }


def _mark(m) -> dict:
    return {
        "kind": m.kind,
        "kind_label": str(m.get_kind_display()),
        "effective_from": m.effective_from,
        "reason": m.reason,
        "at": m.at,
    }


def _corrections(d: IncomingDocument, user) -> dict:
    """The same facts as the page's banners and badges (``selectors.incoming_corrections``)."""
    found = selectors.incoming_corrections(user=user, document=d)
    corrects = found.corrects
    return {
        "revoked": found.revoked,
        "abolished": found.abolished,
        "amended": found.amended,
        "corrects_kind": corrects.kind if corrects else "",
        "source_marks": [_mark(m) for m in found.source_marks],
        "status_marks": [_mark(m) for m in found.status_marks],
        "corrected_by": [
            {
                "kind": c.kind,
                "kind_label": c.label,
                "on": c.on,
                "effective_from": c.effective_from,
                "reason": c.reason,
                "title": c.title,
                "title_hidden": c.correction is not None and not c.title,
                "doc_number": c.correction.doc_number if c.correction else "",
                "incoming_id": c.copy.pk if c.copy else None,
            }
            for c in found.corrected_by
        ],
        "corrects": {
            "kind": corrects.kind,
            "kind_label": corrects.label,
            "title": corrects.title,
            "title_hidden": not corrects.title,
            "doc_number": corrects.document.doc_number,
            "incoming_id": corrects.copy.pk if corrects.copy else None,
        }
        if corrects
        else None,
    }


def _detail(d: IncomingDocument, user) -> dict:
    return {
        **_out(d),
        **_corrections(d, user),
        "result": d.result,
        "reason": d.reason,
        "steps": [
            {
                "action": s.action,
                "signature": s.signature,
                "opinion": s.opinion,
                "from_status": s.from_status,
                "to_status": s.to_status,
                "at": s.at,
                "extra": s.extra,
            }
            for s in selectors.incoming_slip(document=d)
        ],
        "instructions": [
            {
                "leader": _person(i.leader),
                "order": i.order,
                "text": i.text,
                "signature": i.signature,
                "at": i.at,
            }
            for i in d.instructions.select_related("leader", "actor")
        ],
        "handlings": [
            {
                "department_id": h.department_id,
                "department_name": h.department.name,
                "is_lead": h.is_lead,
                "deadline": h.deadline,
                "result": h.result,
                "done_at": h.done_at,
            }
            for h in d.handlings.select_related("department")
        ],
        "circulations": [
            {
                "id": c["circulation"].pk,
                "purpose": c["circulation"].purpose,
                "mode": c["circulation"].mode,
                "completed_at": c["circulation"].completed_at,
                "readers": [
                    {
                        "person": _person(r.person),
                        "position": r.position,
                        "state": r.state,
                        "received_at": r.received_at,
                        "read_at": r.read_at,
                        "opinion": r.opinion,
                    }
                    for r in c["readers"]
                ],
            }
            for c in selectors.circulation_status(document=d)
        ],
        "allowed_actions": sorted(permissions.allowed_actions(user, d)),
    }


class InboxIn(Schema):
    box: str = "pending"
    query: str = ""


@router.get("/", response=InboxOut, auth=auth, url_name="incoming_inbox")
def inbox(request, filters: Query[InboxIn]):
    """The inbox tab (pending / open / done) with the counts of all tabs."""
    items = selectors.incoming_in_box(user=request.auth, box=filters.box, query=filters.query)
    return {
        "counts": selectors.incoming_box_counts(user=request.auth),
        "items": [_out(d) for d in selectors.with_correction_flags(items[:200])],
    }


@router.get("/{int:pk}/", response=IncomingDetailOut, auth=auth, url_name="incoming_detail")
def detail(request, pk: int):
    document = selectors.incoming_get_for_user(user=request.auth, pk=pk)
    services.incoming_access_record(document=document, user=request.auth, request=request)
    return _detail(document, request.auth)


class ExternalIn(Schema):
    organ_id: int
    sender_name: str
    title: str
    doc_number: str = ""
    doc_type: str = ""
    classification: int = 0
    urgency: str = ""
    important: bool = False
    document_date: date | None = None
    copies: int = 1
    deadline: datetime | None = None


@router.post(
    "/external/", response={201: IncomingDetailOut}, auth=auth, url_name="incoming_external"
)
def external(request, payload: ExternalIn):
    """Register a paper/external document (elements only; scans are uploaded on the page)."""
    organ = Organ.objects.filter(pk=payload.organ_id).first()
    document = services.incoming_register_external(
        organ=organ,
        actor=request.auth,
        **payload.model_dump(exclude={"organ_id"}),
    )
    return Status(201, _detail(document, request.auth))


class ActIn(Schema):
    copies: int | None = None
    note: str = ""
    reason: str = ""
    opinion: str = ""
    text: str = ""
    result: str = ""
    deadline: datetime | None = None
    chaser_id: int | None = None
    important: bool | None = None
    leader_ids: list[int] = []
    mode: str = ""
    department_ids: list[int] = []
    lead_department_id: int | None = None
    co_department_ids: list[int] = []
    reader_ids: list[int] = []
    purpose: str = ""
    task_content: str = ""
    task_lead_department_id: int | None = None
    task_lead_organ_id: int | None = None
    task_deadline: datetime | None = None


def _users(ids: list[int]) -> list[User]:
    found = {u.pk: u for u in User.objects.filter(pk__in=ids, is_active=True, admin_role="")}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError({"people": [_("所选人员不存在或已停用。")]})
    return [found[i] for i in ids]


def _departments(ids: list[int], document: IncomingDocument) -> list[Department]:
    found = {d.pk: d for d in Department.objects.filter(pk__in=ids, organ=document.organ)}
    if len(found) != len(set(ids)):
        raise ValidationError({"departments": [_("承办处室应为本机关的处室。")]})
    return [found[i] for i in ids]


def _run(document: IncomingDocument, user, action: str, p: ActIn) -> None:
    if action == Action.ACKNOWLEDGE:
        services.incoming_acknowledge(document=document, actor=user, copies=p.copies, note=p.note)
    elif action == Action.REFUSE:
        services.incoming_refuse(document=document, actor=user, reason=p.reason)
    elif action == Action.REGISTER:
        chaser = _users([p.chaser_id])[0] if p.chaser_id else None
        services.incoming_register(
            document=document, actor=user, deadline=p.deadline, chaser=chaser, important=p.important
        )
    elif action == Action.SCREEN:
        services.incoming_screen(document=document, actor=user, opinion=p.opinion)
    elif action == Action.RETURN:
        services.incoming_return(document=document, actor=user, reason=p.reason)
    elif action == Action.PROPOSE:
        services.incoming_propose(
            document=document,
            actor=user,
            opinion=p.opinion,
            leaders=_users(p.leader_ids),
            mode=p.mode or IncomingDocument.InstructionMode.SEQUENTIAL,
            departments=_departments(p.department_ids, document),
        )
    elif action == Action.INSTRUCT:
        task = None
        if p.task_content or p.task_lead_department_id or p.task_lead_organ_id or p.task_deadline:
            task = {
                "content": p.task_content,
                "lead_department": _departments([p.task_lead_department_id], document)[0]
                if p.task_lead_department_id
                else None,
                "lead_organ": Organ.objects.filter(pk=p.task_lead_organ_id).first()
                if p.task_lead_organ_id
                else None,
                "deadline": p.task_deadline,
            }
        services.incoming_instruct(document=document, actor=user, text=p.text, task=task)
    elif action == Action.ASSIGN:
        lead = _departments([p.lead_department_id], document)[0] if p.lead_department_id else None
        services.incoming_assign(
            document=document,
            actor=user,
            lead_department=lead,
            co_departments=_departments(p.co_department_ids, document),
            deadline=p.deadline,
        )
    elif action == Action.HANDLE:
        services.incoming_handle(document=document, actor=user, result=p.result)
    elif action == Action.CIRCULATE:
        services.circulation_start(
            document=document,
            actor=user,
            purpose=p.purpose,
            readers=_users(p.reader_ids),
            mode=p.mode or Circulation.Mode.SEQUENTIAL,
        )
    elif action == Action.READ:
        services.circulation_read(document=document, actor=user, opinion=p.opinion)
    elif action == Action.CHASE:
        services.incoming_chase(document=document, actor=user, note=p.note)
    elif action == Action.CLOSE:
        services.incoming_close(document=document, actor=user, result=p.result)
    elif action == Action.REPLY:
        services.incoming_reply(document=document, actor=user, text=p.text)


_ACTIONS = frozenset(Action.ALL) - {Action.VIEW}


@router.post(
    "/{int:pk}/act/{action}/", response=IncomingDetailOut, auth=auth, url_name="incoming_act"
)
def act(request, pk: int, action: str, payload: ActIn):
    """One step of the route: acknowledge, refuse, register, screen, return, propose,
    instruct, assign, handle, circulate, read, chase, close, reply. (归档 is the archive's:
    ``POST /api/archive/file/``, by the organ's 档案员.)"""
    if action not in _ACTIONS:
        from django.http import Http404

        raise Http404
    document = selectors.incoming_get_for_user(user=request.auth, pk=pk, action=action)
    _run(document, request.auth, action, payload)
    document.refresh_from_db()
    return _detail(document, request.auth)


@router.post(
    "/{int:pk}/circulations/{int:circulation_pk}/chase/",
    response=list[PersonOut],
    auth=auth,
    url_name="incoming_circulation_chase",
)
def circulation_chase(request, pk: int, circulation_pk: int):
    """催阅: remind everyone holding the circulation's copy unread; returns them."""
    document = selectors.incoming_get_for_user(user=request.auth, pk=pk)
    circulation = get_object_or_404(Circulation, pk=circulation_pk, document=document)
    people = services.circulation_chase(circulation=circulation, actor=request.auth)
    return [_person(p) for p in people]
