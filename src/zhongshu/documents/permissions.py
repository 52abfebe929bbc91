"""Who may see a 发文 and who may act at each step: the one place that decides (style.md §17).

Seeing (``may_view`` / ``visible_q``):

- people on the route: the drafter, anyone who acted on the sheet (or was acted for), the
  current handler, the planned signer, the 会签 assignees;
- a delegate of the current handler (a secretary preparing the leader's sign-off);
- the issuing organ's office staff (办公室主任, 核稿人, 文书, 机要员 posted in its office);
- after dispatch, the 文书/机要员 of every receiving organ of this deployment;

and in every case only people whose clearance reaches the document's 密级. The three
administrators never see document contents (三员分立).

Acting (``capacity``): which person may take which action now, and for whom (a delegate acts
"X 代 Y"). Services call ``require``; pages call ``allowed_actions`` to show their buttons.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhongshu.documents.models import (
    EDITABLE_STATUSES,
    RETURNABLE_STATUSES,
    WITHDRAWABLE_STATUSES,
    WORK_ITEM_ACTIONS,
    Countersign,
    DispatchRecipient,
    DocumentStep,
    OutgoingDocument,
)
from zhongshu.flow.models import WorkItem, WorkItemTransition
from zhongshu.lib import request_memo
from zhongshu.organs.models import Delegation, Department, Organ, PostRole, Role
from zhongshu.organs.selectors import can_act_for, delegator_ids, role_holders, role_organ_ids

if TYPE_CHECKING:
    from zhongshu.accounts.models import User

Status = OutgoingDocument.Status

# Roles that make a post in an organ's office part of its document office (they see its 发文).
OFFICE_ROLES = frozenset({Role.OFFICE_DIRECTOR, Role.REVIEWER, Role.CLERK, Role.CONFIDENTIAL_CLERK})
# 办公室审核 and 复核: the office director or office staff carrying the 核稿人 role.
AUDIT_ROLES = frozenset({Role.OFFICE_DIRECTOR, Role.REVIEWER})
# 登记编号, 用印, 核发: the office's 文书 and 机要员, and the director.
CLERK_ROLES = frozenset({Role.CLERK, Role.CONFIDENTIAL_CLERK, Role.OFFICE_DIRECTOR})
# 核稿 in the drafting department.
REVIEW_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.REVIEWER})
# 签发: leaders; 上行文 and important documents only the principal (第二十二条).
SIGN_ROLES = frozenset({Role.LEADER, Role.PRINCIPAL})
# Who may countersign for a department, for another organ, for a co-issuing organ.
# A department's 会签 is its head's (or its 核稿人's) opinion: a leader whose only role in a
# department is to sign (分管领导, 主要负责人 seated in the 领导 department) gives theirs at 签发.
DEPARTMENT_COUNTERSIGN_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.REVIEWER})
ORGAN_COUNTERSIGN_ROLES = frozenset(
    {Role.PRINCIPAL, Role.LEADER, Role.OFFICE_DIRECTOR, Role.DEPARTMENT_HEAD}
)
CO_ISSUER_COUNTERSIGN_ROLES = SIGN_ROLES
# Receiving organs' staff who see a dispatched document.
RECEIVING_ROLES = frozenset({Role.CLERK, Role.CONFIDENTIAL_CLERK})
# Delegations under which a delegate sees the principal's 发文.
DOCUMENT_SCOPES = (Delegation.Scope.ALL, Delegation.Scope.DOCUMENTS, Delegation.Scope.SIGN_OFF)


class Action:
    """The acts on a document (the names pages, the API and the services share)."""

    VIEW = "view"
    DOWNLOAD = "download"
    EDIT = "edit"
    SUBMIT = "submit"
    PASS = "pass"  # noqa: S105 (an action name, not a password)
    COUNTERSIGN = "countersign"
    RETURN = "return"
    WITHDRAW = "withdraw"
    SIGN_OFF = "sign_off"
    RECHECK = "recheck"
    REGISTER = "register"
    VOID_NUMBER = "void_number"
    SEAL = "seal"
    DISPATCH = "dispatch"
    CORRECT = "correct"  # draft a correction (修改/撤销/废止) of a dispatched document

    ALL = (
        VIEW,
        DOWNLOAD,
        EDIT,
        SUBMIT,
        PASS,
        COUNTERSIGN,
        RETURN,
        WITHDRAW,
        SIGN_OFF,
        RECHECK,
        REGISTER,
        VOID_NUMBER,
        SEAL,
        DISPATCH,
        CORRECT,
    )


@dataclass(frozen=True)
class Capacity:
    """May act; ``acting_for`` is the principal when the actor acts under a delegation."""

    acting_for: User | None = None


# --- eligible people per step ---------------------------------------------------------------


def _cleared(qs: QuerySet[User], document: OutgoingDocument) -> QuerySet[User]:
    return qs.filter(clearance__gte=document.classification)


def reviewers_for(document: OutgoingDocument) -> QuerySet[User]:
    """核稿: heads and 核稿人 of the drafting department, never the drafter."""
    qs = role_holders(roles=REVIEW_ROLES, department=document.department).exclude(
        pk=document.drafter_id
    )
    return _cleared(qs, document)


def auditors_for(document: OutgoingDocument) -> QuerySet[User]:
    """办公室审核 and 复核: the organ office's director and staff with the 核稿人 role."""
    qs = role_holders(
        roles=AUDIT_ROLES, department__organ=document.organ_id, department__is_office=True
    )
    return _cleared(qs, document)


def signers_for(document: OutgoingDocument) -> QuerySet[User]:
    """签发: the organ's principal for 上行文 and important documents, else its leaders too."""
    roles = {Role.PRINCIPAL} if document.needs_principal else SIGN_ROLES
    return _cleared(role_holders(roles=roles, department__organ=document.organ_id), document)


def clerks_for(document: OutgoingDocument) -> QuerySet[User]:
    """登记编号, 用印, 核发: the office's 文书, 机要员 and director."""
    qs = role_holders(
        roles=CLERK_ROLES, department__organ=document.organ_id, department__is_office=True
    )
    return _cleared(qs, document)


def countersigners_for(
    document: OutgoingDocument,
    *,
    department: Department | None = None,
    organ: Organ | None = None,
    co_issuer: bool = False,
) -> QuerySet[User]:
    """Who may countersign for ``department`` (of the organ) or for another ``organ``.

    Nobody for the drafting department: 会签 is by other departments or organs (第十九条(六)),
    the drafting department's own opinion is its 核稿.
    """
    from zhongshu.accounts.models import User

    if department is not None and department.pk == document.department_id:
        return User.objects.none()
    if department is not None:
        qs = role_holders(roles=DEPARTMENT_COUNTERSIGN_ROLES, department=department)
    else:
        roles = CO_ISSUER_COUNTERSIGN_ROLES if co_issuer else ORGAN_COUNTERSIGN_ROLES
        qs = role_holders(roles=roles, department__organ=organ)
    return _cleared(qs, document)


def signs_only_in(user: User, department: Department) -> bool:
    """Whether the user's roles in ``department`` are only those of a signing leader."""
    roles = set(
        PostRole.objects.filter(
            post__holder=user, post__is_active=True, post__department=department
        ).values_list("role", flat=True)
    )
    return bool(roles) and roles <= SIGN_ROLES


def countersign_departments(document: OutgoingDocument) -> QuerySet[Department]:
    """The departments of the organ that may be asked to 会签: active, not the drafting one."""
    return Department.objects.filter(organ=document.organ_id, is_active=True).exclude(
        pk=document.department_id
    )


def eligible_for_step(document: OutgoingDocument, status: str) -> QuerySet[User]:
    """The people who may handle ``status`` for this document (empty for 拟稿 and 会签)."""
    from zhongshu.accounts.models import User

    if status == Status.REVIEW:
        return reviewers_for(document)
    if status in (Status.AUDIT, Status.RECHECK):
        return auditors_for(document)
    if status == Status.SIGN_OFF:
        return signers_for(document)
    if status in (Status.REGISTER, Status.SEAL, Status.DISPATCH):
        return clerks_for(document)
    if status == Status.DRAFT:
        return User.objects.filter(pk=document.drafter_id)
    return User.objects.none()


# --- seeing ----------------------------------------------------------------------------------


def visible_q(*, user: User, one: bool = False) -> Q | None:
    """The filter of documents ``user`` may see, or None for nobody (administrators).

    For a list (``one=False``) each "the user took part" branch is an uncorrelated
    ``id IN (…)`` read once through its own index (docstep_actor, docstep_acting_for,
    countersign_assignee, workitem_inbox, dispatchrecipient_organ): as EXISTS, evaluated for
    every document, the planner walked every organ's documents once for a page and once for its
    count (bench/README.md, 发文 section). For the check of one known document (``one=True``,
    ``may_view``) the EXISTS form is the cheap one: it probes the few rows of that document
    instead of building the lists of everything the person touched.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return None
    item_type = ContentType.objects.get_for_model(OutgoingDocument)
    if one:
        acted = DocumentStep.objects.filter(document=OuterRef("pk")).filter(
            Q(actor=user) | Q(acting_for=user)
        )
        took_part = (
            Exists(acted)
            | Exists(Countersign.objects.filter(document=OuterRef("pk"), assignee=user))
            | Exists(
                WorkItem.objects.filter(
                    target_type=item_type,
                    target_id=OuterRef("pk"),
                    assignee=user,
                    state=WorkItem.State.OPEN,
                    kind=WorkItem.Kind.TODO,
                )
            )
        )
    else:
        # Two reads, not one with an OR: SQLite scans the step table for "actor OR acting_for".
        took_part = (
            Q(pk__in=DocumentStep.objects.filter(actor=user).values("document_id"))
            | Q(pk__in=DocumentStep.objects.filter(acting_for=user).values("document_id"))
            | Q(pk__in=Countersign.objects.filter(assignee=user).values("document_id"))
            | Q(
                pk__in=WorkItem.objects.filter(
                    target_type=item_type,
                    assignee=user,
                    state=WorkItem.State.OPEN,
                    kind=WorkItem.Kind.TODO,
                ).values("target_id")
            )
        )
    q = (
        Q(drafter=user)
        | Q(current_handler=user)
        | Q(planned_signer=user)
        | Q(signer=user)
        | took_part
    )
    office_organs = role_organ_ids(user=user, roles=OFFICE_ROLES, office_only=True)
    if office_organs:
        q |= Q(organ_id__in=office_organs)
    delegators = delegator_ids(user=user, scopes=DOCUMENT_SCOPES)
    if delegators:
        q |= Q(current_handler_id__in=delegators)
    receiving = role_organ_ids(user=user, roles=RECEIVING_ROLES, office_only=False)
    if receiving:
        received = DispatchRecipient.objects.filter(organ_id__in=receiving)
        if one:
            q |= Q(status=Status.DISPATCHED) & Exists(received.filter(document=OuterRef("pk")))
        else:
            q |= Q(status=Status.DISPATCHED, pk__in=received.values("document_id"))
    return q & Q(classification__lte=user.clearance)


def _view_key(user: User, document: OutgoingDocument) -> tuple:
    """What ``may_view`` depends on that may change within one request: every move of the
    document writes its status and ``updated_at``."""
    clearance = getattr(user, "clearance", None)
    return ("outgoing.view", user.pk, clearance, document.pk, document.status, document.updated_at)


def may_view(user: User, document: OutgoingDocument) -> bool:
    """Whether ``user`` may see ``document``: computed once per request (``request_memo``)."""

    def compute() -> bool:
        q = visible_q(user=user, one=True)
        if q is None:
            return False
        return OutgoingDocument.objects.filter(q, pk=document.pk).exists()

    return request_memo.remembered(_view_key(user, document), compute)


def seen(user: User, document: OutgoingDocument) -> None:
    """Record that ``document`` was just read through ``visible_q`` for ``user`` (the scoped
    fetch of a page), so that its actions do not ask again in this request."""
    request_memo.remember(_view_key(user, document), True)


# --- acting ----------------------------------------------------------------------------------


def holds_open_item(user: User, document: OutgoingDocument) -> bool:
    """Whether ``user`` holds an open 待办 of the document's current step: the way a successor
    takes over the step after rotation (轮岗 hands the work items on, not the document)."""
    action = WORK_ITEM_ACTIONS.get(document.status)
    if action is None:
        return False
    return WorkItem.objects.filter(
        target_type=ContentType.objects.get_for_model(OutgoingDocument),
        target_id=document.pk,
        assignee=user,
        action=action,
        kind=WorkItem.Kind.TODO,
        state=WorkItem.State.OPEN,
    ).exists()


def _as_handler(
    user: User, handler_id: int | None, scope: str, document: OutgoingDocument | None = None
) -> Capacity | None:
    """The handler themself, a delegate of the handler within ``scope``, or the person the
    step's 待办 was handed over to."""
    if handler_id is None:
        return None
    if user.pk == handler_id:
        return Capacity()
    if document is not None and holds_open_item(user, document):
        return Capacity()
    from zhongshu.accounts.models import User

    handler = User.objects.filter(pk=handler_id).first()
    if handler is not None and can_act_for(delegate=user, principal=handler, scope=scope):
        return Capacity(acting_for=handler)
    return None


def _in_pool(user: User, document: OutgoingDocument, status: str) -> Capacity | None:
    """Steps without a named handler: any eligible person (or the named one if set)."""
    if document.current_handler_id is not None:
        return _as_handler(user, document.current_handler_id, Delegation.Scope.DOCUMENTS, document)
    if eligible_for_step(document, status).filter(pk=user.pk).exists():
        return Capacity()
    if holds_open_item(user, document):
        return Capacity()
    return None


def open_countersign_for(
    user: User, document: OutgoingDocument
) -> tuple[Countersign, Capacity] | None:
    """The user's open 会签 on the document: their own, one handed over to them (轮岗: the
    会签 待办 they now hold was opened for the row's assignee), or one they hold a delegation for."""
    rows = list(
        document.countersigns.filter(active=True, done_at__isnull=True).select_related("assignee")
    )
    for row in rows:
        if row.assignee_id == user.pk:
            return row, Capacity()
    handed_over = set(
        WorkItemTransition.objects.filter(
            kind=WorkItemTransition.Kind.CREATE,
            item__target_type=ContentType.objects.get_for_model(OutgoingDocument),
            item__target_id=document.pk,
            item__action=WORK_ITEM_ACTIONS[Status.COUNTERSIGN],
            item__assignee=user,
            item__state=WorkItem.State.OPEN,
        ).values_list("to_assignee_id", flat=True)
    )
    for row in rows:
        if row.assignee_id in handed_over:
            return row, Capacity()
    for row in rows:
        if can_act_for(delegate=user, principal=row.assignee, scope=Delegation.Scope.DOCUMENTS):
            return row, Capacity(acting_for=row.assignee)
    return None


def capacity(user: User, document: OutgoingDocument, action: str) -> Capacity | None:
    """Whether ``user`` may take ``action`` on ``document`` now, and for whom; None if not.

    Seeing is checked first: nobody acts on a document they may not see (clearance included).
    """
    if not may_view(user, document):
        return None
    return _capacity(user, document, action)


def _capacity(user: User, document: OutgoingDocument, action: str) -> Capacity | None:
    """``capacity`` of a person who may see the document."""
    status = document.status
    if action == Action.VIEW:
        return Capacity()
    if action == Action.DOWNLOAD:
        return Capacity() if document.current_files.exists() else None
    if action == Action.WITHDRAW:
        ok = user.pk == document.drafter_id and status in WITHDRAWABLE_STATUSES
        return Capacity() if ok else None
    if action == Action.SUBMIT:
        ok = status == Status.DRAFT and user.pk == document.drafter_id
        return Capacity() if ok else None
    if action == Action.EDIT:
        if status not in EDITABLE_STATUSES:
            return None
        if status == Status.DRAFT:
            return Capacity() if user.pk == document.drafter_id else None
        return _as_handler(user, document.current_handler_id, Delegation.Scope.DOCUMENTS, document)
    if action == Action.PASS:
        if status not in (Status.REVIEW, Status.AUDIT):
            return None
        return _as_handler(user, document.current_handler_id, Delegation.Scope.DOCUMENTS, document)
    if action == Action.COUNTERSIGN:
        if status != Status.COUNTERSIGN:
            return None
        found = open_countersign_for(user, document)
        return found[1] if found else None
    if action == Action.RETURN:
        if status not in RETURNABLE_STATUSES:
            return None
        if status == Status.COUNTERSIGN:
            found = open_countersign_for(user, document)
            return found[1] if found else None
        scope = (
            Delegation.Scope.SIGN_OFF if status == Status.SIGN_OFF else Delegation.Scope.DOCUMENTS
        )
        if status in (Status.RECHECK, Status.SEAL, Status.DISPATCH):
            return _in_pool(user, document, status)
        return _as_handler(user, document.current_handler_id, scope, document)
    if action == Action.SIGN_OFF:
        if status != Status.SIGN_OFF:
            return None
        found = _as_handler(user, document.current_handler_id, Delegation.Scope.SIGN_OFF, document)
        return (
            found if found is not None and _may_sign(found.acting_for or user, document) else None
        )
    if action == Action.RECHECK:
        return _in_pool(user, document, status) if status == Status.RECHECK else None
    if action == Action.REGISTER:
        return _in_pool(user, document, status) if status == Status.REGISTER else None
    if action in (Action.SEAL, Action.VOID_NUMBER):
        return _in_pool(user, document, status) if status == Status.SEAL else None
    if action == Action.DISPATCH:
        return _in_pool(user, document, status) if status == Status.DISPATCH else None
    if action == Action.CORRECT:
        ok = status == Status.DISPATCHED and drafts_in_organ(user, document.organ_id)
        return Capacity() if ok else None
    return None


def _may_sign(signer: User, document: OutgoingDocument) -> bool:
    """Whether the person a sign-off is in the name of may sign this document (the principal
    only for 上行文 and important ones): checked when the handler signs, too, since the
    document may have become 上行文, or the handler lost the role, since it reached them."""
    return signers_for(document).filter(pk=signer.pk).exists()


def signer_refusal(document: OutgoingDocument) -> str:
    """Why a person may not be the signer of ``document`` (第二十二条)."""
    if document.needs_principal:
        return _("上行文和重要公文须由本机关主要负责人签发。")
    return _("签发人须为本机关的领导。")


def may_print_copies(user: User, document: OutgoingDocument) -> bool:
    """The issuing office prints the numbered copies (份号) of a dispatched classified document:
    the clerks who could dispatch it (文书, 机要员, 办公室主任 of the organ), cleared for it."""
    return (
        document.status == Status.DISPATCHED
        and bool(document.classification)
        and may_view(user, document)
        and clerks_for(document).filter(pk=user.pk).exists()
    )


def drafting_posts(user: User, organ_id: int | None = None) -> QuerySet[PostRole]:
    """The user's active 拟稿人 posts (in ``organ_id`` when given), first post first."""
    qs = PostRole.objects.filter(
        post__holder=user,
        post__is_active=True,
        post__department__is_active=True,
        role=Role.DRAFTER,
    )
    if organ_id is not None:
        qs = qs.filter(post__department__organ_id=organ_id)
    return qs.select_related("post__department__organ").order_by("post__sort_order", "post_id")


def drafts_in_organ(user: User, organ_id: int) -> bool:
    """Whether the user may draft documents of the organ (a 拟稿人 post in one of its units)."""
    return drafting_posts(user, organ_id).exists()


_REFUSALS = {
    Action.EDIT: gettext_lazy("当前环节您不能修改该公文。"),
    Action.SUBMIT: gettext_lazy("只有拟稿人可以在拟稿环节送审。"),
    Action.PASS: gettext_lazy("您不是该公文当前环节的办理人。"),
    Action.COUNTERSIGN: gettext_lazy("您没有待办理的会签。"),
    Action.RETURN: gettext_lazy("您不能在当前环节退回该公文。"),
    Action.WITHDRAW: gettext_lazy("只有拟稿人可以在签发前撤回公文。"),
    Action.SIGN_OFF: gettext_lazy("您不是该公文的签发人，也没有签发人的有效委托。"),
    Action.RECHECK: gettext_lazy("您不能复核该公文。"),
    Action.REGISTER: gettext_lazy("只有本机关办公室的文书、机要员或主任可以登记编号。"),
    Action.VOID_NUMBER: gettext_lazy("只有本机关办公室的文书、机要员或主任可以在用印前作废文号。"),
    Action.SEAL: gettext_lazy("只有本机关办公室的文书、机要员或主任可以用印。"),
    Action.DISPATCH: gettext_lazy("只有本机关办公室的文书、机要员或主任可以核发。"),
    Action.DOWNLOAD: gettext_lazy("该公文尚无成文文件可下载。"),
    Action.CORRECT: gettext_lazy("只有本机关的拟稿人可以起草更正文件。"),
}
_RETURN_AFTER_DISPATCH = gettext_lazy(
    "公文已核发，不能再退回；如需更正，请起草更正文件（修改、撤销或废止）。"
)


def require(user: User, document: OutgoingDocument, action: str) -> Capacity:
    """``capacity`` or ``PermissionDenied`` with a Chinese reason."""
    found = capacity(user, document, action)
    if found is None:
        if action == Action.RETURN and document.status == Status.DISPATCHED:
            raise PermissionDenied(str(_RETURN_AFTER_DISPATCH))
        if action == Action.SIGN_OFF and document.status == Status.SIGN_OFF:
            handler = _as_handler(
                user, document.current_handler_id, Delegation.Scope.SIGN_OFF, document
            )
            if handler is not None:  # the handler, but not one who may sign this document
                raise PermissionDenied(signer_refusal(document))
        raise PermissionDenied(str(_REFUSALS.get(action, _("无权执行此操作。"))))
    return found


def allowed_actions(user: User, document: OutgoingDocument) -> set[str]:
    """The actions whose buttons the document page shows to ``user``."""
    if not may_view(user, document):
        return set()
    return {a for a in Action.ALL if _capacity(user, document, a) is not None}
