"""Who may see a 收文 and who may act at each step: the one place that decides (style.md §17).

Seeing (``visible_q``), always only with clearance >= the document's 密级, never for the three
administrators (三员分立):

- the receiving organ's office people: 文书, 机要员 and 办公室主任 posted in that organ;
- people on the routing: anyone who acted on the slip (or was acted for), the leaders asked
  for a 批示, the people of the handling departments, the circulation readers it has reached,
  the 催办 person;
- a delegate of a leader or reader on the routing (委托: 批示, 阅文, 公文办理, 全部).

Acting (``capacity``): which person may take which action now, and for whom. Services call
``require``; pages call ``allowed_actions`` for their buttons.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhongshu.documents.incoming.models import (
    CIRCULABLE_STATUSES,
    TERMINAL_STATUSES,
    CirculationReader,
    Handling,
    IncomingDocument,
    IncomingStep,
    Instruction,
    Item,
)
from zhongshu.flow.core import items_open_on
from zhongshu.lib import request_memo
from zhongshu.organs.models import Delegation, Post, PostRole, Role
from zhongshu.organs.selectors import can_act_for, delegator_ids, role_holders, role_organ_ids

if TYPE_CHECKING:
    from zhongshu.accounts.models import User

Status = IncomingDocument.Status

# The receiving organ's office people who sign for, register, screen and route incoming mail.
CLERK_ROLES = frozenset({Role.CLERK, Role.CONFIDENTIAL_CLERK, Role.OFFICE_DIRECTOR})
# 拟办: the office director.
PROPOSE_ROLES = frozenset({Role.OFFICE_DIRECTOR})
# Leaders who may be asked for a 批示.
LEADER_ROLES = frozenset({Role.LEADER, Role.PRINCIPAL})
# Delegations that let a secretary see and act on a leader's or reader's part.
ROUTING_SCOPES = (
    Delegation.Scope.ALL,
    Delegation.Scope.DOCUMENTS,
    Delegation.Scope.INSTRUCT,
    Delegation.Scope.READ,
)


class Action:
    """The acts on an incoming document (names shared by pages, API and services)."""

    VIEW = "view"
    ACKNOWLEDGE = "acknowledge"
    REFUSE = "refuse"
    REGISTER = "register"
    SCREEN = "screen"
    RETURN = "return"
    PROPOSE = "propose"
    INSTRUCT = "instruct"
    ASSIGN = "assign"
    HANDLE = "handle"
    CIRCULATE = "circulate"
    READ = "read"
    CHASE = "chase"
    CLOSE = "close"
    REPLY = "reply"
    # 归档 is the archive's (``archive_file``, by the organ's 档案员), not a step here.

    ALL = (
        VIEW,
        ACKNOWLEDGE,
        REFUSE,
        REGISTER,
        SCREEN,
        RETURN,
        PROPOSE,
        INSTRUCT,
        ASSIGN,
        HANDLE,
        CIRCULATE,
        READ,
        CHASE,
        CLOSE,
        REPLY,
    )


@dataclass(frozen=True)
class Capacity:
    """May act; ``acting_for`` is the principal when the actor acts under a delegation."""

    acting_for: User | None = None


# --- eligible people -------------------------------------------------------------------------


def clerks_for(document: IncomingDocument) -> QuerySet[User]:
    """文书, 机要员 and 办公室主任 of the receiving organ cleared for the 密级."""
    return role_holders(roles=CLERK_ROLES, department__organ=document.organ_id).filter(
        clearance__gte=document.classification
    )


def signing_clerks_for(document: IncomingDocument) -> QuerySet[User]:
    """Who gets the 签收 待办: the organ's 文书 and 机要员 (cleared)."""
    return role_holders(
        roles={Role.CLERK, Role.CONFIDENTIAL_CLERK}, department__organ=document.organ_id
    ).filter(clearance__gte=document.classification)


def directors_for(document: IncomingDocument) -> QuerySet[User]:
    return role_holders(roles=PROPOSE_ROLES, department__organ=document.organ_id).filter(
        clearance__gte=document.classification
    )


def leaders_for(document: IncomingDocument) -> QuerySet[User]:
    """Leaders of the receiving organ who may be asked for a 批示 (cleared)."""
    return role_holders(roles=LEADER_ROLES, department__organ=document.organ_id).filter(
        clearance__gte=document.classification
    )


def department_people(department, *, classification: int = 0) -> QuerySet[User]:
    """Active business people holding a post in ``department`` (cleared)."""
    from zhongshu.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            admin_role="",
            posts__is_active=True,
            posts__department=department,
            clearance__gte=classification,
        )
        .distinct()
        .order_by("id")
    )


def department_heads(department, *, classification: int = 0) -> list[User]:
    """The heads of ``department`` who receive its 承办 待办; everyone there if it has none."""
    heads = list(
        role_holders(roles={Role.DEPARTMENT_HEAD}, department=department).filter(
            clearance__gte=classification
        )
    )
    return heads or list(department_people(department, classification=classification))


# --- seeing ----------------------------------------------------------------------------------


def _routing_q(people: set[int]) -> Q:
    """Documents on whose routing any of ``people`` stands."""
    # The landing row names the sender's dispatcher, who must not see the receiver's handling.
    acted = (
        IncomingStep.objects.filter(document=OuterRef("pk"))
        .exclude(action=IncomingStep.Action.RECEIVE)
        .filter(Q(actor_id__in=people) | Q(acting_for_id__in=people))
    )
    instructed = Instruction.objects.filter(document=OuterRef("pk"), leader_id__in=people)
    departments = Post.objects.filter(holder_id__in=people, is_active=True).values("department_id")
    handling = Handling.objects.filter(document=OuterRef("pk"), department_id__in=departments)
    reading = CirculationReader.objects.filter(
        circulation__document=OuterRef("pk"), person_id__in=people, received_at__isnull=False
    )
    return (
        Q(chaser_id__in=people)
        | Exists(acted)
        | Exists(instructed)
        | Exists(handling)
        | Exists(reading)
    )


def visible_q(*, user: User) -> Q | None:
    """The filter of incoming documents ``user`` may see, or None for nobody."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return None
    people = {user.pk} | delegator_ids(user=user, scopes=ROUTING_SCOPES)
    q = _routing_q(people)
    office = role_organ_ids(user=user, roles=CLERK_ROLES)
    if office:
        q |= Q(organ_id__in=office)
    # the organ's 档案员 sees what is closed (to file it) and what is filed
    archives = role_organ_ids(user=user, roles={Role.ARCHIVIST})
    if archives:
        q |= Q(organ_id__in=archives, status__in=[Status.CLOSED, Status.FILED])
    return q & Q(classification__lte=user.clearance)


def _view_key(user: User, document: IncomingDocument) -> tuple:
    """What ``may_view`` depends on that may change within one request: every step of the
    document writes its status or ``updated_at``."""
    clearance = getattr(user, "clearance", None)
    return ("incoming.view", user.pk, clearance, document.pk, document.status, document.updated_at)


def may_view(user: User, document: IncomingDocument) -> bool:
    """Whether ``user`` may see ``document``: computed once per request (``request_memo``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False

    def compute() -> bool:
        # The receiving organ's office sees all of its documents (cleared): one query, not the
        # routing filter's four.
        if is_office(user, document):
            return True
        q = visible_q(user=user)
        if q is None:
            return False
        return IncomingDocument.objects.filter(q, pk=document.pk).exists()

    return request_memo.remembered(_view_key(user, document), compute)


def seen(user: User, document: IncomingDocument) -> None:
    """Record that ``document`` was just read through ``visible_q`` for ``user`` (the scoped
    fetch of a page), so that its actions do not ask again in this request."""
    request_memo.remember(_view_key(user, document), True)


# --- acting ----------------------------------------------------------------------------------


def is_office(user: User, document: IncomingDocument, roles=CLERK_ROLES) -> bool:
    return (
        user.clearance >= document.classification
        and PostRole.objects.filter(
            post__holder=user,
            post__is_active=True,
            post__department__organ_id=document.organ_id,
            role__in=list(roles),
        ).exists()
    )


def _as_person(user: User, person, scope: str) -> Capacity | None:
    """The person themself, or a delegate of the person within ``scope``."""
    if person is None:
        return None
    if user.pk == person.pk:
        return Capacity()
    if can_act_for(delegate=user, principal=person, scope=scope):
        return Capacity(acting_for=person)
    return None


def open_instruction_for(
    user: User, document: IncomingDocument
) -> tuple[Instruction, Capacity] | None:
    """The 批示 the user may write now (their own, or for a leader who delegated to them).

    In SEQUENTIAL mode only the first open 批示 in order is asked: nobody writes out of turn.
    """
    open_rows = list(
        document.instructions.filter(at__isnull=True).select_related("leader").order_by("order")
    )
    if document.instruction_mode == IncomingDocument.InstructionMode.SEQUENTIAL:
        open_rows = open_rows[:1]
    for row in open_rows:
        found = _as_person(user, row.leader, Delegation.Scope.INSTRUCT)
        if found is not None:
            return row, found
    return None


def handling_for(user: User, document: IncomingDocument) -> Handling | None:
    """The open 承办 row of a department the user works in."""
    departments = Post.objects.filter(holder=user, is_active=True).values("department_id")
    return (
        document.handlings.filter(done_at__isnull=True, department_id__in=departments)
        .select_related("department")
        .order_by("-is_lead", "id")
        .first()
    )


def reader_row_for(
    user: User, document: IncomingDocument
) -> tuple[CirculationReader, Capacity] | None:
    """The circulation copy the user holds now (received, not read), or one held by a person
    who delegated reading to them."""
    rows = list(
        CirculationReader.objects.filter(
            circulation__document=document, received_at__isnull=False, read_at__isnull=True
        )
        .select_related("person", "circulation")
        .order_by("circulation_id", "position")
    )
    for row in rows:
        if row.person_id == user.pk:
            return row, Capacity()
    for row in rows:
        if can_act_for(delegate=user, principal=row.person, scope=Delegation.Scope.READ):
            return row, Capacity(acting_for=row.person)
    return None


def _may_chase(user: User, document: IncomingDocument, *, office: bool) -> bool:
    """催办 is the office's or the named 催办 person's while the document is being worked on."""
    if document.status in TERMINAL_STATUSES or document.status == Status.CLOSED:
        return False
    return office or user.pk == document.chaser_id


def open_steps(document: IncomingDocument):
    """The open work items of the document's steps: every one but the 催办 person's own
    follow-up (who holds it now; what a 催办 reaches)."""
    return items_open_on(document).exclude(action=Item.FOLLOW)


def chase_targets(user: User, document: IncomingDocument):
    """The open work items a 催办 by ``user`` reaches: every open step of the document but the
    催办 person's own follow-up, and not the user's own (nobody chases themselves)."""
    return open_steps(document).exclude(assignee=user)


def lead_done(document: IncomingDocument) -> bool:
    return document.handlings.filter(is_lead=True, done_at__isnull=False).exists()


def capacity(user: User, document: IncomingDocument, action: str) -> Capacity | None:
    """Whether ``user`` may take ``action`` on ``document`` now, and for whom; None if not.

    Seeing is checked first: nobody acts on a document they may not see (clearance included).
    """
    if not may_view(user, document):
        return None
    return _capacity(user, document, action, office=is_office(user, document))


def _capacity(
    user: User, document: IncomingDocument, action: str, *, office: bool
) -> Capacity | None:
    """``capacity`` of a person who may see the document (``office``: one of its office)."""
    status = document.status
    ok = Capacity()
    if action == Action.VIEW:
        return ok
    if action in (Action.ACKNOWLEDGE, Action.REFUSE):
        return ok if status == Status.PENDING and office else None
    if action == Action.REGISTER:
        return ok if status == Status.ACKNOWLEDGED and office else None
    if action in (Action.SCREEN, Action.RETURN):
        return ok if status == Status.REGISTERED and office else None
    if action == Action.PROPOSE:
        if status != Status.SCREENED:
            return None
        return ok if is_office(user, document, PROPOSE_ROLES) else None
    if action == Action.INSTRUCT:
        if status != Status.PROPOSED:
            return None
        found = open_instruction_for(user, document)
        return found[1] if found else None
    if action == Action.ASSIGN:
        if not office:
            return None
        if status == Status.INSTRUCTED:
            return ok
        if status == Status.PROPOSED and not document.instructions.exists():
            return ok
        return None
    if action == Action.HANDLE:
        if status != Status.HANDLING:
            return None
        return ok if handling_for(user, document) is not None else None
    if action == Action.CIRCULATE:
        return ok if status in CIRCULABLE_STATUSES and office else None
    if action == Action.READ:
        found = reader_row_for(user, document)
        return found[1] if found else None
    if action == Action.CHASE:
        if not _may_chase(user, document, office=office):
            return None
        return ok if chase_targets(user, document).exists() else None
    if action == Action.CLOSE:
        if not office:
            return None
        if status == Status.INSTRUCTED:
            return ok
        return ok if status == Status.HANDLING and lead_done(document) else None
    if action == Action.REPLY:
        # one 答复 per document: once sent, the page shows it instead of the form again
        if status not in (Status.CLOSED, Status.FILED) or not office:
            return None
        return None if document.replies.exists() else ok
    return None


_REFUSALS = {  # lazy: translated when refused, in the user's language
    Action.ACKNOWLEDGE: gettext_lazy(
        "只有收文机关的文书、机要员或办公室主任可以签收待签收的来文。"
    ),
    Action.REFUSE: gettext_lazy("只有收文机关的文书、机要员或办公室主任可以拒收待签收的来文。"),
    Action.REGISTER: gettext_lazy("只有收文机关的文书、机要员或办公室主任可以登记已签收的来文。"),
    Action.SCREEN: gettext_lazy("只有收文机关的文书、机要员或办公室主任可以初审已登记的来文。"),
    Action.RETURN: gettext_lazy("只有在初审环节，收文机关的办公室人员可以退回来文。"),
    Action.PROPOSE: gettext_lazy("只有收文机关的办公室主任可以在初审后拟办。"),
    Action.INSTRUCT: gettext_lazy("您没有待写的批示（或尚未轮到您批示）。"),
    Action.ASSIGN: gettext_lazy("只有收文机关的办公室人员可以在批办后交办承办。"),
    Action.HANDLE: gettext_lazy("您所在的处室没有待办理的承办。"),
    Action.CIRCULATE: gettext_lazy("只有收文机关的办公室人员可以发起传阅（登记后、归档前）。"),
    Action.READ: gettext_lazy("该文尚未传到您处，或您已阅毕。"),
    Action.CHASE: gettext_lazy("只有收文机关的办公室人员或催办责任人可以催办办理中的收文。"),
    Action.CLOSE: gettext_lazy("只有收文机关的办公室人员可以办结（主办处室须先报送办理结果）。"),
    Action.REPLY: gettext_lazy("只有收文机关的办公室人员可以在办结后答复来文单位。"),
}

_NOTHING_TO_CHASE = gettext_lazy("该收文当前没有待办理的环节。")
_CHASING_ONESELF = gettext_lazy("当前环节在您本人处，无需催办。")


def require(user: User, document: IncomingDocument, action: str) -> Capacity:
    """``capacity`` or ``PermissionDenied`` with a Chinese reason."""
    found = capacity(user, document, action)
    if found is None:
        if action == Action.REPLY and document.replies.exists():
            raise PermissionDenied(_("该来文已答复来文单位，不再重复答复。"))
        if (
            action == Action.CHASE
            and may_view(user, document)
            and _may_chase(user, document, office=is_office(user, document))
        ):
            # the office (or the 催办 person), but nobody else holds an open step
            held = items_open_on(document).exists()
            raise PermissionDenied(str(_CHASING_ONESELF if held else _NOTHING_TO_CHASE))
        raise PermissionDenied(str(_REFUSALS.get(action, _("无权执行此操作。"))))
    return found


def capacities(user: User, document: IncomingDocument) -> dict[str, Capacity]:
    """The ``capacity`` of ``user`` for each action open to them (the item page reads both the
    actions and whom a delegate acts for from one pass)."""
    if not may_view(user, document):
        return {}
    office = is_office(user, document)
    return {
        a: cap
        for a in Action.ALL
        if (cap := _capacity(user, document, a, office=office)) is not None
    }


def allowed_actions(user: User, document: IncomingDocument) -> set[str]:
    """The actions whose forms the item page shows to ``user``."""
    return set(capacities(user, document))


def may_register_external(user: User, organ) -> bool:
    """Paper/external registration: the organ's office people."""
    return (
        not user.admin_role
        and PostRole.objects.filter(
            post__holder=user,
            post__is_active=True,
            post__department__organ=organ,
            role__in=list(CLERK_ROLES),
        ).exists()
    )


def organ_has_role(organ, role: str) -> bool:
    """Whether an active business person holds ``role`` on a post of ``organ`` (the 归档 hint:
    an organ without a 档案员 has nobody to file its closed documents)."""
    return PostRole.objects.filter(
        role=role,
        post__is_active=True,
        post__department__organ=organ,
        post__holder__is_active=True,
        post__holder__admin_role="",
    ).exists()
