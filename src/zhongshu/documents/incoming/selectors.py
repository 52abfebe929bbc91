"""Reads of incoming documents, always scoped to the asking user (style.md §17).

Pages and the API fetch through ``incoming_get_for_user``: a document the user may not see is
a 404 (its existence is not revealed); a visible one the user may not act on is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.documents.archive.models import DocumentStatusMark
from zhongshu.documents.incoming import permissions
from zhongshu.documents.incoming.models import (
    INBOX_DONE,
    INBOX_OPEN,
    INBOX_PENDING,
    Circulation,
    IncomingDocument,
    IncomingStep,
    InstructionTask,
)
from zhongshu.documents.models import DispatchRecipient, OutgoingDocument
from zhongshu.organs.selectors import role_organ_ids

Status = IncomingDocument.Status
CorrectionKind = OutgoingDocument.CorrectionKind
MarkKind = DocumentStatusMark.Kind

BOXES = {
    "pending": INBOX_PENDING,
    "open": INBOX_OPEN,
    "done": INBOX_DONE,
}


def incoming_visible_to(*, user) -> QuerySet[IncomingDocument]:
    """Every incoming document ``user`` may see (none for administrators)."""
    q = permissions.visible_q(user=user)
    qs = IncomingDocument.objects.select_related("organ", "acknowledged_by", "chaser")
    if q is None:
        return qs.none()
    return qs.filter(q)


def incoming_get_for_user(*, user, pk: int, action: str = "view") -> IncomingDocument:
    """One document for ``action``: Http404 outside the user's scope, PermissionDenied when
    visible but the action is not the user's to take now."""
    document = incoming_visible_to(user=user).filter(pk=pk).first()
    if document is None:
        raise Http404(_("收文不存在或无权访问。"))
    permissions.seen(user, document)
    if action != permissions.Action.VIEW:
        permissions.require(user, document, action)
    return document


def incoming_box_counts(*, user) -> dict[str, int]:
    """Counts of the inbox tabs (待签收 / 办理中 / 已办结) in one query."""
    row = incoming_visible_to(user=user).aggregate(
        **{box: Count("pk", filter=Q(status__in=list(statuses))) for box, statuses in BOXES.items()}
    )
    return {box: row[box] or 0 for box in BOXES}


def incoming_in_box(*, user, box: str, query: str = "") -> QuerySet[IncomingDocument]:
    qs = incoming_visible_to(user=user).filter(status__in=list(BOXES.get(box, INBOX_OPEN)))
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(title__icontains=query)
            | Q(doc_number__icontains=query)
            | Q(receipt_number__icontains=query)
            | Q(sender_name__icontains=query)
        )
    return qs.order_by("-created_at", "-id")


def incoming_register_list(
    *,
    user,
    organ_id: int | None = None,
    year: int | None = None,
    status: str = "",
    source: str = "",
    query: str = "",
    date_from=None,
    date_to=None,
) -> QuerySet[IncomingDocument]:
    """收文登记簿: registered items in 收文号 order (numerically by year and sequence)."""
    qs = incoming_visible_to(user=user).filter(receipt_seq__isnull=False)
    if organ_id:
        qs = qs.filter(organ_id=organ_id)
    if year:
        qs = qs.filter(receipt_year=year)
    if status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(title__icontains=query)
            | Q(doc_number__icontains=query)
            | Q(receipt_number__icontains=query)
            | Q(sender_name__icontains=query)
        )
    return qs.order_by("organ_id", "receipt_year", "receipt_seq")


def register_organs(*, user) -> list:
    """Organs whose register the user keeps (their office roles)."""
    from zhongshu.organs.models import Organ

    ids = role_organ_ids(user=user, roles=permissions.CLERK_ROLES)
    return list(Organ.objects.filter(pk__in=ids).order_by("sort_order", "id"))


def register_default_organ(*, organs: list):
    """The register a clerk of several organs opens first: the one that registered an item
    last (a 市委办公室 clerk also keeps the 市委's, which may hold none), else the first."""
    latest = (
        IncomingDocument.objects.filter(organ__in=organs)
        .exclude(receipt_number="")
        .order_by("-created_at", "-id")
        .values_list("organ_id", flat=True)
        .first()
    )
    return next((o for o in organs if o.pk == latest), organs[0])


def incoming_holders(*, document: IncomingDocument) -> list[dict]:
    """Who has the document now: per open step (its work items, the 催办 person's own follow-up
    left out), the people holding it and the earliest deadline, in the order they were opened.
    A pooled step (every clerk of the office) lists them all: whoever acts first completes it."""
    steps: dict[str, dict] = {}
    for item in permissions.open_steps(document).select_related("assignee"):
        step = steps.setdefault(item.action, {"step": item.action, "people": [], "deadline": None})
        if item.assignee not in step["people"]:
            step["people"].append(item.assignee)
        if item.deadline and (step["deadline"] is None or item.deadline < step["deadline"]):
            step["deadline"] = item.deadline
    return list(steps.values())


def incoming_slip(*, document: IncomingDocument) -> QuerySet[IncomingStep]:
    """The 收文处理笺: every step in order, with the people."""
    return document.steps.select_related("actor", "acting_for").order_by("at", "id")


def circulation_status(*, document: IncomingDocument) -> list[dict]:
    """For each circulation: who has it now, who has read (with opinion), who has not yet."""
    result = []
    circulations = (
        Circulation.objects.filter(document=document)
        .select_related("created_by")
        .prefetch_related("readers__person", "readers__actor")
        .order_by("created_at", "id")
    )
    for circulation in circulations:
        readers = sorted(circulation.readers.all(), key=lambda r: r.position)
        result.append(
            {
                "circulation": circulation,
                "readers": readers,
                "holding": [r for r in readers if r.state == "holding"],
                "read": [r for r in readers if r.state == "read"],
                "unread": [r for r in readers if r.read_at is None],
            }
        )
    return result


def tasks_visible_to(*, user) -> QuerySet[InstructionTask]:
    """批示督办事项 of the documents the user may see, or led by the user's units."""
    from zhongshu.organs.models import Post

    visible = incoming_visible_to(user=user).values("pk")
    departments = Post.objects.filter(holder=user, is_active=True).values("department_id")
    organs = Post.objects.filter(holder=user, is_active=True).values("department__organ_id")
    if user.admin_role:
        return InstructionTask.objects.none()
    return (
        InstructionTask.objects.filter(
            Q(document_id__in=visible)
            | Q(lead_department_id__in=departments)
            | Q(lead_organ_id__in=organs)
        )
        .filter(document__classification__lte=user.clearance)
        .select_related("document", "lead_department", "lead_organ", "instruction__leader")
        .order_by("status", "deadline", "id")
    )


class ReceiptState(models.TextChoices):
    """Where a dispatched line stands, as the sender may know it (the receiver's handling
    between 签收 and 归档 stays private: it reads as 已签收)."""

    OUTSIDE = "outside", _("系统外分送")
    PENDING = "pending", _("待签收")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    REFUSED = "refused", _("已拒收")
    RETURNED = "returned", _("已退回")
    REPLIED = "replied", _("已答复")
    FILED = "filed", _("已归档")


def _receipt_state(incoming, replies) -> str:
    if incoming is None:
        return ReceiptState.OUTSIDE
    if incoming.status == Status.PENDING:
        return ReceiptState.PENDING
    if incoming.status == Status.REFUSED:
        return ReceiptState.REFUSED
    if incoming.status == Status.RETURNED:
        return ReceiptState.RETURNED
    if incoming.status == Status.FILED:
        return ReceiptState.FILED
    if replies:
        return ReceiptState.REPLIED
    return ReceiptState.ACKNOWLEDGED


def dispatch_receipts_visible_to(*, user, document) -> bool:
    """Whether ``user`` may see every recipient's landing facts: a person of the sending organ
    (a recipient sees only its own item)."""
    return user.posts.filter(is_active=True, department__organ_id=document.organ_id).exists()


def dispatch_receipts(*, document) -> list[dict]:
    """The sender's view of its dispatch (for the 发文 page): per recipient line, whether it
    landed, who signed for it and when, a refusal or return with its reason, and the replies.

    Only the landing facts the sender is entitled to; the receiver's handling stays private.
    """
    from zhongshu.documents.incoming.models import Reply

    recipients = list(document.recipients.select_related("organ").order_by("id"))
    landed = {
        d.dispatch_recipient_id: d
        for d in IncomingDocument.objects.filter(dispatch_recipient__in=recipients).select_related(
            "acknowledged_by"
        )
    }
    replies: dict[int, list] = {}
    for reply in Reply.objects.filter(dispatch_recipient__in=recipients).order_by("at", "id"):
        replies.setdefault(reply.dispatch_recipient_id, []).append(reply)
    rows = []
    for recipient in recipients:
        incoming = landed.get(recipient.pk)
        state = _receipt_state(incoming, replies.get(recipient.pk))
        rows.append(
            {
                "recipient": recipient,
                "state": state,
                "state_label": ReceiptState(state).label,
                "landed": incoming is not None,
                "status": incoming.status if incoming else "",
                "status_label": incoming.get_status_display() if incoming else "",
                "acknowledged_by": incoming.acknowledged_by if incoming else None,
                "acknowledged_at": incoming.acknowledged_at if incoming else None,
                "acknowledged_copies": incoming.acknowledged_copies if incoming else None,
                "reason": incoming.reason if incoming else "",
                "replies": [{"text": r.text, "at": r.at} for r in replies.get(recipient.pk, [])],
            }
        )
    return rows


def received_file(*, document: IncomingDocument):
    """The sealed PDF the sender issued for a document received in the deployment, or None.

    Only a file of the document's valid number: the files sealed under a number voided by a
    return stay stored but are not what was issued.
    """
    if not document.dispatch_recipient_id:
        return None
    from zhongshu.documents.models import IssuedFile

    sent = document.dispatch_recipient.document
    return sent.current_files.filter(kind=IssuedFile.Kind.PDF).first()


# --- 撤销 / 废止 / 修改 by the sender, as the receiving organ sees them --------------------------
#
# The sender never changes a dispatched 发文: a later document corrects it (修改/撤销/废止,
# ``OutgoingDocument.corrects``), and its 核发 leaves the archive's ``DocumentStatusMark`` on the
# old one for 撤销/废止. The receiving organ's copy (``IncomingDocument``) is read against those
# facts of its source here; nothing is copied onto it, so a correction dispatched later shows at
# once on every copy, including one still waiting for 签收.


def with_correction_flags(items) -> list[IncomingDocument]:
    """Tell each item of a list's page what became of it, in three queries whatever the page.

    ``is_revoked``/``is_abolished``: a 撤销/废止 mark on the sender's 发文, or the receiving
    organ's own mark on this copy (paper mail is marked so); ``is_amended``: a dispatched 修改 of
    the sender's 发文; ``corrects_kind``: 修改/撤销/废止 when the item is itself a correction,
    else "". Read for the page's rows only (after the slice): as annotations of the list's
    query they were computed for every row of an organ's 已办结 before the page was taken.
    """
    items = list(items)
    sources: dict[int, int] = {}
    kinds: dict[int, str] = {}
    for recipient_id, outgoing_id, kind in DispatchRecipient.objects.filter(
        pk__in={d.dispatch_recipient_id for d in items if d.dispatch_recipient_id}
    ).values_list("pk", "document_id", "document__correction_kind"):
        sources[recipient_id] = outgoing_id
        kinds[outgoing_id] = kind
    source_of = {d.pk: sources.get(d.dispatch_recipient_id) for d in items}
    source_ids = {s for s in source_of.values() if s}
    marks: dict[tuple[str, int], set[str]] = {}
    for outgoing_id, incoming_id, kind in DocumentStatusMark.objects.filter(
        Q(outgoing_id__in=source_ids) | Q(incoming_id__in=[d.pk for d in items])
    ).values_list("outgoing_id", "incoming_id", "kind"):
        key = ("outgoing", outgoing_id) if outgoing_id else ("incoming", incoming_id)
        marks.setdefault(key, set()).add(kind)
    amended = set(
        OutgoingDocument.objects.filter(
            corrects_id__in=source_ids,
            correction_kind=CorrectionKind.AMEND,
            status=OutgoingDocument.Status.DISPATCHED,
        ).values_list("corrects_id", flat=True)
    )
    for d in items:
        source = source_of[d.pk]
        found = marks.get(("outgoing", source), set()) | marks.get(("incoming", d.pk), set())
        d.is_revoked = MarkKind.REVOKE in found
        d.is_abolished = MarkKind.ABOLISH in found
        d.is_amended = source in amended
        d.corrects_kind = kinds.get(source) or ""
    return items


def _title_for(user, outgoing: OutgoingDocument) -> str:
    """A correction's title as ``user`` may read it: "" above their clearance (the number
    stays, the title does not, as in the 发文登记簿)."""
    return outgoing.title if outgoing.classification <= user.clearance else ""


@dataclass(frozen=True)
class SourceCorrection:
    """One thing the sender did to the 发文 behind a received document: 撤销, 废止 or 修改.

    ``on``: the day the sender did it (the correction's 核发, or the day of a mark made by
    hand); ``effective_from``: for 废止, the day it stops being in force; ``correction``: the
    correcting 发文 (None for a mark made by hand, which has its ``reason`` instead);
    ``title``: the correction's title, "" when above the viewer's clearance; ``copy``: the
    correction's incoming copy in the same organ, only if the viewer may open it.
    """

    kind: str
    on: date
    at: datetime
    effective_from: date | None = None
    reason: str = ""
    correction: OutgoingDocument | None = None
    title: str = ""
    copy: IncomingDocument | None = None

    @property
    def label(self) -> str:
        return str(CorrectionKind(self.kind).label)

    @property
    def is_revoke(self) -> bool:
        return self.kind == CorrectionKind.REVOKE

    @property
    def is_abolish(self) -> bool:
        return self.kind == CorrectionKind.ABOLISH

    @property
    def is_void(self) -> bool:
        """撤销 or 废止 (the document is no longer in force), not 修改."""
        return self.is_revoke or self.is_abolish


@dataclass(frozen=True)
class CorrectedSource:
    """For a received correction: the 发文 it amends, revokes or abolishes (``title`` "" above
    the viewer's clearance), and that one's incoming copy in the same organ when the viewer may
    open it."""

    kind: str
    document: OutgoingDocument
    title: str
    copy: IncomingDocument | None = None

    @property
    def label(self) -> str:
        return str(CorrectionKind(self.kind).label)


@dataclass
class IncomingCorrections:
    """Everything the page and the API say about corrections of one received document."""

    corrected_by: list[SourceCorrection] = field(default_factory=list)
    source_marks: list[DocumentStatusMark] = field(default_factory=list)
    status_marks: list[DocumentStatusMark] = field(default_factory=list)
    corrects: CorrectedSource | None = None

    def _has(self, kind: str) -> bool:
        return any(m.kind == kind for m in self.source_marks + self.status_marks)

    @property
    def revoked(self) -> bool:
        return self._has(MarkKind.REVOKE)

    @property
    def abolished(self) -> bool:
        return self._has(MarkKind.ABOLISH)

    @property
    def amended(self) -> bool:
        return any(c.kind == CorrectionKind.AMEND for c in self.corrected_by)


def _local_day(moment) -> date:
    return timezone.localtime(moment).date()


def incoming_corrections(*, user, document: IncomingDocument) -> IncomingCorrections:
    """The corrections of the sender's 发文 behind ``document`` (the caller has checked that
    ``user`` may see it), and what ``document`` corrects when it is a correction itself.

    A fixed number of queries: the source 发文 with the one it corrects, its marks, its
    dispatched corrections, the copies of those in this organ that ``user`` may open, and the
    organ's own marks on this copy. A dispatched 撤销/废止 is paired with the mark its 核发 left
    (one per kind); a mark made by hand without a correcting document stands alone with its
    reason.
    """
    result = IncomingCorrections(
        status_marks=list(document.status_marks.select_related("actor").order_by("at", "id"))
    )
    if not document.dispatch_recipient_id:
        return result
    source = (
        OutgoingDocument.objects.select_related("corrects")
        .filter(recipients__pk=document.dispatch_recipient_id)
        .first()
    )
    if source is None:
        return result
    result.source_marks = list(
        DocumentStatusMark.objects.filter(outgoing=source).order_by("at", "id")
    )
    corrections = list(
        OutgoingDocument.objects.filter(corrects=source, status=OutgoingDocument.Status.DISPATCHED)
        .exclude(correction_kind="")
        .order_by("dispatched_at", "id")
    )
    wanted = [c.pk for c in corrections] + ([source.corrects_id] if source.corrects_id else [])
    copies: dict[int, IncomingDocument] = {}
    if wanted:
        for copy in (
            incoming_visible_to(user=user)
            .filter(organ_id=document.organ_id, dispatch_recipient__document__in=wanted)
            .annotate(source_id=F("dispatch_recipient__document"))
            .order_by("created_at", "id")
        ):
            copies.setdefault(copy.source_id, copy)

    unpaired = list(result.source_marks)
    events: list[SourceCorrection] = []
    for correction in corrections:
        mark = next((m for m in unpaired if m.kind == correction.correction_kind), None)
        if mark is not None:
            unpaired.remove(mark)
        at = correction.dispatched_at or (mark.at if mark else timezone.now())
        effective_from = None
        if correction.correction_kind == CorrectionKind.ABOLISH:
            effective_from = mark.effective_from if mark else correction.signed_on
        events.append(
            SourceCorrection(
                kind=correction.correction_kind,
                on=_local_day(at),
                at=at,
                effective_from=effective_from,
                correction=correction,
                title=_title_for(user, correction),
                copy=copies.get(correction.pk),
            )
        )
    for mark in unpaired:
        events.append(
            SourceCorrection(
                kind=mark.kind,
                on=_local_day(mark.at),
                at=mark.at,
                effective_from=mark.effective_from if mark.kind == MarkKind.ABOLISH else None,
                reason=mark.reason,
            )
        )
    result.corrected_by = sorted(events, key=lambda e: e.at)
    old = source.corrects
    if old is not None:
        result.corrects = CorrectedSource(
            kind=source.correction_kind,
            document=old,
            title=_title_for(user, old),
            copy=copies.get(old.pk),
        )
    return result
