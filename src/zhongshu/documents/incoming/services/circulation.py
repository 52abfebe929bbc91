"""传阅 (第二十四条(五)): readers in order or all at once, a stated purpose, live tracking.

Each circulation states its purpose. In order, the document reaches one reader at a time and
the next only when the previous has read it, so nobody is skipped and the order holds; at once,
everyone gets it together. "Who has it now" is received-and-unread; the office chases all of
them in one call. Readings after 办结 are kept on the readers' lines and never change the
closed result.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import audit_record
from zhongshu.documents.incoming import permissions
from zhongshu.documents.incoming.models import (
    Circulation,
    CirculationReader,
    IncomingDocument,
    Item,
)
from zhongshu.documents.incoming.permissions import Action
from zhongshu.documents.incoming.services._common import (
    StepAction,
    add_step,
    clean_text,
    incoming_flow,
)
from zhongshu.flow.models import WorkItem
from zhongshu.lib.errors import ApplicationError
from zhongshu.notifications.services import notification_send

Mode = Circulation.Mode


def eligible_readers(document: IncomingDocument):
    """People of the receiving organ cleared for the document."""
    from zhongshu.accounts.models import User

    return User.objects.filter(
        is_active=True,
        admin_role="",
        posts__is_active=True,
        posts__department__organ_id=document.organ_id,
        clearance__gte=document.classification,
    ).distinct()


def _hand_to_readers(document: IncomingDocument, people, *, created_by) -> None:
    """The copy reaches ``people``: each gets a 待阅 (not a 待办: reading has no deadline) of
    the step 传阅, from whoever started the circulation, also when it passes on in order."""
    incoming_flow.open_items(
        document,
        action=Item.READ,
        assignees=people,
        created_by=created_by,
        kind=WorkItem.Kind.TO_READ,
    )


def circulation_start(
    *, document: IncomingDocument, actor, purpose: str, readers, mode: str = Mode.SEQUENTIAL
) -> Circulation:
    """传阅: send the document to ``readers`` (in the given order, or all at once)."""
    purpose = clean_text(purpose, field="purpose", message=_("传阅须说明目的。"), max_length=300)
    if mode not in Mode.values:
        raise ValidationError({"mode": [_("传阅方式无效。")]})
    readers = [r for r in (readers or []) if r is not None]
    if not readers:
        raise ValidationError({"readers": [_("请至少选择一位阅文人。")]})
    if len({r.pk for r in readers}) != len(readers):
        raise ValidationError({"readers": [_("同一阅文人不能重复。")]})
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        cap = permissions.require(actor, document, Action.CIRCULATE)
        eligible = set(eligible_readers(document).values_list("pk", flat=True))
        wrong = [str(r) for r in readers if r.pk not in eligible]
        if wrong:
            raise ValidationError(
                {
                    "readers": [
                        _("以下人员不是本机关（密级相符）的在岗人员：%(names)s。")
                        % {"names": "、".join(wrong)}
                    ]
                }
            )
        now = timezone.now()
        circulation = Circulation(
            document=document, purpose=purpose, mode=mode, created_by=actor, created_at=now
        )
        circulation.full_clean()
        circulation.save(force_insert=True)
        first = readers if mode == Mode.PARALLEL else readers[:1]
        first_ids = {r.pk for r in first}
        CirculationReader.objects.bulk_create(
            [
                CirculationReader(
                    circulation=circulation,
                    person=person,
                    position=position,
                    received_at=now if person.pk in first_ids else None,
                )
                for position, person in enumerate(readers, start=1)
            ]
        )
        _hand_to_readers(document, first, created_by=actor)
        add_step(
            document,
            action=StepAction.CIRCULATE,
            actor=actor,
            acting_for=cap.acting_for,
            opinion=purpose,
            extra={
                "circulation": circulation.pk,
                "mode": mode,
                "readers": [r.pk for r in readers],
                "names": [str(r) for r in readers],
            },
        )
        audit_record(
            actor=actor,
            action="circulation_start",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
            extra={"circulation": circulation.pk, "readers": [r.pk for r in readers]},
        )
    return circulation


def circulation_read(*, document: IncomingDocument, actor, opinion: str = "") -> CirculationReader:
    """阅毕: the reader (or a delegate for reading) marks the copy read, with an opinion; in
    order, the next reader receives it now."""
    opinion = (opinion or "").strip()[:2000]
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        permissions.require(actor, document, Action.READ)
        row, cap = permissions.reader_row_for(actor, document)
        now = timezone.now()
        changed = CirculationReader.objects.filter(
            pk=row.pk, read_at__isnull=True, received_at__isnull=False
        ).update(read_at=now, opinion=opinion, actor=actor)
        if changed != 1:
            raise ApplicationError(_("已阅毕，请刷新后重试。"))
        row.read_at, row.opinion, row.actor = now, opinion, actor
        incoming_flow.complete_items(document, action=Item.READ, person=row.person, actor=actor)
        circulation = row.circulation
        following = None
        if circulation.mode == Mode.SEQUENTIAL:
            following = (
                circulation.readers.filter(received_at__isnull=True)
                .select_related("person")
                .order_by("position")
                .first()
            )
            if following is not None:
                CirculationReader.objects.filter(pk=following.pk).update(received_at=now)
                _hand_to_readers(document, [following.person], created_by=circulation.created_by)
        if not circulation.readers.filter(read_at__isnull=True).exists():
            Circulation.objects.filter(pk=circulation.pk, completed_at__isnull=True).update(
                completed_at=now
            )
        add_step(
            document,
            action=StepAction.READ,
            actor=actor,
            acting_for=cap.acting_for,
            opinion=opinion,
            extra={
                "circulation": circulation.pk,
                "position": row.position,
                "next": following.person_id if following else None,
                "after_close": document.closed_at is not None,
            },
        )
        audit_record(
            actor=actor,
            action="circulation_read",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
            extra={"circulation": circulation.pk, "reader": row.person_id},
        )
    return row


def circulation_chase(*, circulation: Circulation, actor, note: str = "") -> list:
    """催阅 in one call: everyone who holds the document and has not read it is reminded.

    Returns the people reminded (an empty list when nobody holds an unread copy).
    """
    document = circulation.document
    note = (note or "").strip()[:500]
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        if not permissions.may_view(actor, document):
            raise PermissionDenied(_("无权访问该收文。"))
        if actor.pk != circulation.created_by_id and not permissions.capacity(
            actor, document, Action.CIRCULATE
        ):
            raise PermissionDenied(_("只有传阅发起人或本机关办公室人员可以催阅。"))
        holders = list(
            circulation.readers.filter(received_at__isnull=False, read_at__isnull=True)
            .select_related("person")
            .order_by("position")
        )
        now = timezone.now()
        for row in holders:
            item = incoming_flow.items(document, action=Item.READ, assignee=row.person).first()
            notification_send(
                recipient=row.person,
                title=_("催阅：%(title)s") % {"title": document.title},
                body=_("传阅目的：%(purpose)s。%(note)s")
                % {"purpose": circulation.purpose, "note": note},
                url=f"/incoming/{document.pk}/",
                urgent=document.is_urgent,
                work_item=item,
                classification=document.classification,
            )
        CirculationReader.objects.filter(pk__in=[r.pk for r in holders]).update(chased_at=now)
        if holders:
            add_step(
                document,
                action=StepAction.CHASE,
                actor=actor,
                opinion=note,
                extra={
                    "circulation": circulation.pk,
                    "people": [r.person_id for r in holders],
                    "names": [str(r.person) for r in holders],
                },
            )
            audit_record(
                actor=actor,
                action="circulation_chase",
                obj=document,
                organ=document.organ,
                extra={"circulation": circulation.pk, "people": [r.person_id for r in holders]},
            )
    return [r.person for r in holders]
