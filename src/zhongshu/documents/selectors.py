"""Reads of outgoing documents, always scoped to the asking user (style.md §17).

Pages and the API fetch through ``document_get_for_user``: a document the user may not see is
a 404 (its existence is not revealed); a visible one the user may not act on is a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from zhongshu.documents import permissions
from zhongshu.documents.models import DocNumber, DocumentStep, OutgoingDocument
from zhongshu.organs.selectors import role_organ_ids

Status = OutgoingDocument.Status


def documents_visible_to(*, user) -> QuerySet[OutgoingDocument]:
    """Every outgoing document ``user`` may see (none for administrators)."""
    q = permissions.visible_q(user=user)
    qs = OutgoingDocument.objects.select_related(
        "organ", "department", "drafter", "current_handler"
    )
    if q is None:
        return qs.none()
    return qs.filter(q)


def document_get_for_user(*, user, pk: int, action: str = "view") -> OutgoingDocument:
    """One document for ``action``: Http404 outside the user's scope, PermissionDenied when
    visible but the action is not the user's to take now."""
    document = documents_visible_to(user=user).filter(pk=pk).first()
    if document is None:
        raise Http404(_("公文不存在或无权访问。"))
    permissions.seen(user, document)
    if action != permissions.Action.VIEW:
        permissions.require(user, document, action)
    return document


def documents_drafted_by(*, user) -> QuerySet[OutgoingDocument]:
    """我起草的."""
    return documents_visible_to(user=user).filter(drafter=user)


def documents_to_handle(*, user) -> QuerySet[OutgoingDocument]:
    """待我办理: named handler, open 会签, or a pooled office step the user may take."""
    from zhongshu.documents.models import Countersign

    office_organs = role_organ_ids(user=user, roles=permissions.CLERK_ROLES, office_only=True)
    audit_organs = role_organ_ids(user=user, roles=permissions.AUDIT_ROLES, office_only=True)
    q = Q(current_handler=user) & ~Q(status__in=[Status.DISPATCHED, Status.WITHDRAWN])
    q |= Q(status=Status.DRAFT, drafter=user)
    q |= Q(
        status=Status.COUNTERSIGN,
        pk__in=Countersign.objects.filter(assignee=user, active=True, done_at__isnull=True).values(
            "document_id"
        ),
    )
    q |= Q(
        current_handler__isnull=True,
        status__in=[Status.REGISTER, Status.SEAL, Status.DISPATCH],
        organ_id__in=office_organs,
    )
    q |= Q(current_handler__isnull=True, status=Status.RECHECK, organ_id__in=audit_organs)
    q |= Q(pk__in=_open_todo_targets(user))
    return documents_visible_to(user=user).filter(q)


def _open_todo_targets(user):
    """Ids of the documents on which ``user`` holds an open 待办 (handed over to them, too)."""
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.flow.models import WorkItem

    return WorkItem.objects.filter(
        target_type=ContentType.objects.get_for_model(OutgoingDocument),
        assignee=user,
        kind=WorkItem.Kind.TODO,
        state=WorkItem.State.OPEN,
    ).values("target_id")


def documents_issued(
    *, user, organ_id: int | None = None, year: int | None = None, query: str = ""
) -> QuerySet[OutgoingDocument]:
    """The issued register (已核发), numerically by number (domain.md §8: never as strings)."""
    qs = documents_visible_to(user=user).filter(status=Status.DISPATCHED)
    if organ_id:
        qs = qs.filter(organ_id=organ_id)
    if year:
        qs = qs.filter(
            pk__in=DocNumber.objects.filter(year=year, voided_at__isnull=True).values("document_id")
        )
    query = (query or "").strip()
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(doc_number__icontains=query))
    return qs.order_by("organ_id", "-dispatched_at", "-id")


def document_sheet(*, document: OutgoingDocument) -> QuerySet[DocumentStep]:
    """The 发文稿纸: every step of the document in order (the caller has checked access)."""
    return document.steps.select_related("actor", "acting_for").order_by("at", "id")


def document_countersigns(*, document: OutgoingDocument, done_only: bool = False):
    """The 会签 rows of a document as the pages and the API list them, with their people and
    units: a department's name reads its organ's short name (``Department.__str__``), so
    ``department__organ`` is joined too (one query, whatever the number of rows)."""
    qs = document.countersigns.select_related("assignee", "actor", "department__organ", "organ")
    if done_only:
        qs = qs.filter(done_at__isnull=False, active=True)
    return qs


# The steps whose work waits for a pool of people rather than one handler.
_POOL_STEPS = (
    OutgoingDocument.Status.REGISTER,
    OutgoingDocument.Status.SEAL,
    OutgoingDocument.Status.DISPATCH,
)


def document_holders(*, document: OutgoingDocument) -> list[str]:
    """Who has the document now, as a clerk reads it: the handler; at 拟稿 the drafter; at 会签
    each open unit with its person; at 登记/用印/核发 the office's people who may do it (any
    of them takes it). Empty when nobody does (issued, withdrawn)."""
    Status = OutgoingDocument.Status
    if document.current_handler_id:
        return [str(document.current_handler)]
    if document.status == Status.DRAFT:
        return [str(document.drafter)]
    if document.status == Status.COUNTERSIGN:
        return [
            f"{cs.unit_name}：{cs.assignee}" if cs.assignee_id else cs.unit_name
            for cs in document.countersigns.filter(active=True, done_at__isnull=True)
            .select_related("assignee", "department__organ", "organ")
            .order_by("id")
        ]
    if document.status in _POOL_STEPS:
        return [str(person) for person in permissions.eligible_for_step(document, document.status)]
    return []


def document_deadline(*, document: OutgoingDocument):
    """The 办理期限 of the step the document waits at: the earliest deadline of its open 待办
    (deadlines belong to the work items and survive returns and hand-overs), else the
    document's own 办理时限; None when neither has one."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Min

    from zhongshu.flow.models import WorkItem

    earliest = WorkItem.objects.filter(
        target_type=ContentType.objects.get_for_model(OutgoingDocument),
        target_id=document.pk,
        kind=WorkItem.Kind.TODO,
        state=WorkItem.State.OPEN,
        deadline__isnull=False,
    ).aggregate(earliest=Min("deadline"))["earliest"]
    return earliest or document.deadline


def document_arrived_at(*, steps: list[DocumentStep]):
    """When the document reached its present step (the last row of ``document_sheet``, which
    the page has read already), or None."""
    return steps[-1].at if steps else None


def document_last_return(
    *, document: OutgoingDocument, steps: list[DocumentStep]
) -> DocumentStep | None:
    """The return that sent the document to the step it waits at now, if the last act was one
    (the page shows its reason to whoever has it); ``steps`` is ``document_sheet``'s rows."""
    last = steps[-1] if steps else None
    if last is None or last.decision != DocumentStep.Decision.RETURN:
        return None
    if last.to_status != document.status:
        return None
    return last


def number_register_organs(*, user) -> list:
    """The organs whose number register the user may read (their office's organs)."""
    from zhongshu.organs.models import Organ

    ids = role_organ_ids(user=user, roles=permissions.OFFICE_ROLES, office_only=True)
    return list(Organ.objects.filter(pk__in=ids).order_by("sort_order", "id"))


def number_register_default_organ(*, user, organs: list):
    """The register a person opens first: the organ they last registered a number in, else the
    organ they draft in, else the first (a 文书 serving two organs lands on their own work)."""
    ids = [o.pk for o in organs]
    last = (
        DocNumber.objects.filter(allocated_by=user, organ_id__in=ids)
        .order_by("-allocated_at")
        .values_list("organ_id", flat=True)
        .first()
    )
    if last is None:
        last = (
            permissions.drafting_posts(user)
            .filter(post__department__organ_id__in=ids)
            .values_list("post__department__organ_id", flat=True)
            .first()
        )
    return next((o for o in organs if o.pk == last), organs[0])


REGISTER_VOID = "void"


def number_register(
    *, user, organ_id: int, year: int, query: str = "", org_code: str = "", status: str = ""
) -> QuerySet[DocNumber]:
    """An organ's number register for a year, voided numbers included, by numeric sequence
    (never as strings, domain.md §8); ``query`` narrows it to titles or numbers containing it,
    ``org_code`` to one 机关代字, ``status`` to the valid numbers of documents in that status
    or to the voided numbers (``"void"``).

    Only the organ's office staff (they allocate the numbers) read it; the titles of documents
    above a reader's clearance are masked where they are shown (``number_register_title``).
    """
    organs = role_organ_ids(user=user, roles=permissions.OFFICE_ROLES, office_only=True)
    if organ_id not in organs:
        raise PermissionDenied(_("只有本机关办公室人员可以查看发文字号登记簿。"))
    qs = DocNumber.objects.filter(organ_id=organ_id, year=year)
    query = (query or "").strip()
    if query:
        # A title above the reader's clearance is not searched (a hit would tell it).
        qs = qs.filter(
            Q(document__title__icontains=query, document__classification__lte=user.clearance)
            | Q(document__doc_number__icontains=query)
        )
    if org_code:
        qs = qs.filter(org_code=org_code)
    if status == REGISTER_VOID:
        qs = qs.filter(voided_at__isnull=False)
    elif status:
        qs = qs.filter(voided_at__isnull=True, document__status=status)
    return qs.select_related(
        "document__department", "document__drafter", "document__signer", "allocated_by", "voided_by"
    ).order_by("org_code", "seq")


BOXES = ("mine", "todo", "issued", "all")


def documents_in_box(*, user, box: str, query: str = "", status: str = "", year: int | None = None):
    """The documents of one list (shared with the pages)."""
    if box not in BOXES:
        raise ValidationError({"box": [_("未知的列表“%(box)s”。") % {"box": box}]})
    if status and status not in OutgoingDocument.Status.values:
        raise ValidationError({"status": [_("未知的状态“%(status)s”。") % {"status": status}]})
    if box == "mine":
        qs = documents_drafted_by(user=user)
    elif box == "todo":
        qs = documents_to_handle(user=user)
    elif box == "issued":
        qs = documents_issued(user=user, query=query, year=year)
    else:
        qs = documents_visible_to(user=user)
    if query and box != "issued":
        qs = qs.filter(Q(title__icontains=query) | Q(doc_number__icontains=query))
    if status:
        qs = qs.filter(status=status)
    return qs


def correction_links(*, user, document: OutgoingDocument) -> dict:
    """The correction links of a document's page (the caller has checked access to it).

    ``corrects``: the issued document this one corrects (修改/撤销/废止). ``corrected_by``: the
    documents correcting this one, dispatched ones for every viewer, those still on their route
    only for the people who may see them. Each comes with ``visible``: whether the viewer may
    open it (the page links it only then).
    """
    visible = documents_visible_to(user=user)
    corrects = None
    if document.corrects_id:
        old = OutgoingDocument.objects.filter(pk=document.corrects_id).first()
        if old is not None:
            corrects = {"document": old, "visible": visible.filter(pk=old.pk).exists()}
    rows = list(
        OutgoingDocument.objects.filter(corrects=document)
        .exclude(status=Status.WITHDRAWN)
        .order_by("created_at", "id")
    )
    visible_ids = set(visible.filter(pk__in=[r.pk for r in rows]).values_list("pk", flat=True))
    corrected_by = [
        {"document": r, "visible": r.pk in visible_ids, "issued": r.status == Status.DISPATCHED}
        for r in rows
        if r.status == Status.DISPATCHED or r.pk in visible_ids
    ]
    return {"corrects": corrects, "corrected_by": corrected_by}


def number_register_org_codes(*, organ_id: int, year: int) -> list[str]:
    """The 机关代字 used in an organ's register of a year (the 代字 filter's choices)."""
    return list(
        DocNumber.objects.filter(organ_id=organ_id, year=year)
        .order_by("org_code")
        .values_list("org_code", flat=True)
        .distinct()
    )


def number_register_title(*, user, document: OutgoingDocument) -> str:
    """The title as the register shows it to ``user``: masked above their clearance (every
    office person reads the register, not every one may read a classified title)."""
    if document.classification > user.clearance:
        return _("（涉密公文，标题不予显示）")
    return document.title
