"""拟办, 批办, 承办, 催办, 办结, 答复 (第二十四条(四)(六)(七)).

- 拟办: the office director writes a proposal and names the leaders asked for a 批示 (in turn
  or at once) and, if useful, the departments proposed to handle it.
- 批办: each leader writes the 批示 (name and time kept, "X 代 Y" under a delegation); the
  leader may turn it into an ``InstructionTask`` in the same step. When the last 批示 is in,
  the document is INSTRUCTED and the office assigns the handling.
- 承办: a lead department (主办) and co-departments (协办) with a time limit; the lead reports
  the result, then the office closes (办结) with the result.
- 催办: a manual push to everyone who holds an open step (automatic reminders come from the
  flow scan through the work items' deadlines).
- 答复: the result goes back to the sender; it appears on the sender's dispatch line.

归档 is not here: the organ's 档案员 files a closed document as a 件 through
``zhongshu.documents.archive.services.archive_file`` (件号, 档号, the PDFs), which moves it to
FILED. There is one way to file.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zhongshu.audit.services import audit_record
from zhongshu.documents.incoming import permissions
from zhongshu.documents.incoming.models import (
    Handling,
    IncomingDocument,
    Instruction,
    InstructionTask,
    Item,
    Reply,
)
from zhongshu.documents.incoming.permissions import Action
from zhongshu.documents.incoming.services._common import (
    Status,
    StepAction,
    add_step,
    clean_deadline,
    clean_text,
    incoming_flow,
    notify_sender,
)
from zhongshu.flow.core import step_deadline
from zhongshu.flow.models import WorkItem
from zhongshu.flow.services import workitem_cancel, workitem_complete, workitem_create
from zhongshu.lib.errors import ApplicationError
from zhongshu.notifications.services import notification_send
from zhongshu.organs.models import Department, Role
from zhongshu.organs.selectors import people_with_role, role_holders

Mode = IncomingDocument.InstructionMode


def _distinct(people, *, field: str, message: str) -> list:
    seen: set[int] = set()
    result = []
    for person in people or []:
        if person is None:
            continue
        if person.pk in seen:
            raise ValidationError({field: [message]})
        seen.add(person.pk)
        result.append(person)
    return result


def _office_pool(document: IncomingDocument):
    return list(permissions.clerks_for(document))


def incoming_propose(
    *,
    document: IncomingDocument,
    actor,
    opinion: str,
    leaders=(),
    mode: str = Mode.SEQUENTIAL,
    departments=(),
) -> IncomingDocument:
    """拟办: the director's proposal; the named leaders are asked for 批示 (in ``mode``).

    Without leaders the document goes straight to the office to assign the handling
    (``departments`` are the proposed handlers, kept on the slip for that step).
    """
    opinion = clean_text(opinion, field="opinion", message=_("请填写拟办意见。"), max_length=2000)
    leaders = _distinct(leaders, field="leaders", message=_("同一位领导不能重复送批。"))
    if mode not in Mode.values:
        raise ValidationError({"mode": [_("批示方式无效。")]})
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        cap = permissions.require(actor, document, Action.PROPOSE)
        eligible = set(permissions.leaders_for(document).values_list("pk", flat=True))
        wrong = [str(p) for p in leaders if p.pk not in eligible]
        if wrong:
            raise ValidationError(
                {
                    "leaders": [
                        _("以下人员不是本机关的（密级相符的）领导：%(names)s。")
                        % {"names": "、".join(wrong)}
                    ]
                }
            )
        departments = list(departments or [])
        if any(d.organ_id != document.organ_id or not d.is_active for d in departments):
            raise ValidationError({"departments": [_("拟承办处室应为本机关的在用处室。")]})
        now = timezone.now()
        for order, leader in enumerate(leaders, start=1):
            Instruction.objects.create(
                document=document,
                leader=leader,
                order=order,
                asked_at=now if (mode == Mode.PARALLEL or order == 1) else None,
            )
        incoming_flow.close_items(document, action=Item.PROPOSE, actor=actor)
        incoming_flow.move(
            document,
            to_status=Status.PROPOSED,
            action=StepAction.PROPOSE,
            actor=actor,
            acting_for=cap.acting_for,
            opinion=opinion,
            extra={
                "leaders": [p.pk for p in leaders],
                "leader_names": [str(p) for p in leaders],
                "mode": mode,
                "departments": [d.pk for d in departments],
                "department_names": [d.name for d in departments],
            },
            instruction_mode=mode if leaders else "",
        )
        if leaders:
            first = leaders if mode == Mode.PARALLEL else leaders[:1]
            incoming_flow.open_items(
                document, action=Item.INSTRUCT, assignees=first, created_by=actor
            )
        else:
            incoming_flow.open_items(
                document, action=Item.ASSIGN, assignees=_office_pool(document), created_by=actor
            )
        audit_record(
            actor=actor,
            action="incoming_propose",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
            extra={"leaders": [p.pk for p in leaders], "mode": mode},
        )
    return document


def _check_task(document: IncomingDocument, task: dict) -> dict:
    errors: dict[str, list[str]] = {}
    content = (task.get("content") or "").strip()
    if not content:
        errors["task_content"] = [_("请填写督办事项。")]
    department = task.get("lead_department")
    organ = task.get("lead_organ")
    if (department is None) == (organ is None):
        errors["task_lead"] = [_("请指定一个牵头单位（本机关处室或其他机关）。")]
    elif department is not None and (
        department.organ_id != document.organ_id or not department.is_active
    ):
        errors["task_lead"] = [_("牵头处室应为本机关的在用处室。")]
    elif organ is not None and not organ.is_active:
        errors["task_lead"] = [_("牵头单位已撤销。")]
    deadline = task.get("deadline")
    if deadline is None:
        errors["task_deadline"] = [_("请填写督办时限。")]
    else:
        try:
            clean_deadline(deadline, field="task_deadline")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return {
        "content": content[:2000],
        "lead_department": department,
        "lead_organ": organ,
        "deadline": deadline,
    }


def _lead_unit_people(task: InstructionTask) -> list:
    if task.lead_department is not None:
        return permissions.department_heads(task.lead_department)
    for role in (Role.OFFICE_DIRECTOR, Role.PRINCIPAL):
        people = list(people_with_role(organ=task.lead_organ, role=role))
        if people:
            return people
    return []


def _create_task(*, instruction: Instruction, actor, data: dict) -> InstructionTask:
    document = instruction.document
    task = InstructionTask(
        instruction=instruction,
        document=document,
        organ=document.organ,
        created_by=actor,
        created_at=timezone.now(),
        **data,
    )
    task.full_clean()
    task.save(force_insert=True)
    for person in _lead_unit_people(task):
        workitem_create(
            assignee=person,
            kind=WorkItem.Kind.TODO,
            module=WorkItem.Module.SUPERVISION,
            action=Item.TASK,
            title=task.content[:200],
            target=task,
            url="/incoming/tasks/",
            deadline=task.deadline,
            created_by=actor,
            organ=task.lead_organ or document.organ,
            urgent=document.is_urgent,
        )
    add_step(
        document,
        action=StepAction.TASK,
        actor=actor,
        opinion=task.content,
        extra={
            "task": task.pk,
            "lead_unit": task.lead_unit_name,
            "deadline": task.deadline.isoformat(),
        },
    )
    audit_record(
        actor=actor,
        action="instruction_task_create",
        obj=task,
        organ=document.organ,
        extra={"instruction": instruction.pk, "lead_unit": task.lead_unit_name},
    )
    return task


def incoming_instruct(
    *, document: IncomingDocument, actor, text: str, task: dict | None = None
) -> Instruction:
    """批示: the leader's (or the delegate's, "X 代 Y") instruction with name and time.

    ``task`` (content, lead_department or lead_organ, deadline) turns the 批示 into an
    ``InstructionTask`` in the same step. The next leader in turn is asked next; after the
    last one the document is INSTRUCTED and the office assigns the handling.
    """
    text = clean_text(text, field="text", message=_("请填写批示内容。"), max_length=2000)
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        permissions.require(actor, document, Action.INSTRUCT)
        instruction, cap = permissions.open_instruction_for(actor, document)
        task_data = _check_task(document, task) if task else None
        now = timezone.now()
        changed = Instruction.objects.filter(pk=instruction.pk, at__isnull=True).update(
            text=text, at=now, actor=actor
        )
        if changed != 1:
            raise ApplicationError(_("该批示已填写，请刷新后重试。"))
        instruction.text, instruction.at, instruction.actor = text, now, actor
        incoming_flow.complete_items(
            document, action=Item.INSTRUCT, person=instruction.leader, actor=actor
        )
        remaining = list(document.instructions.filter(at__isnull=True).order_by("order"))
        step_extra = {"instruction": instruction.pk, "leader": instruction.leader_id}
        if remaining:
            add_step(
                document,
                action=StepAction.INSTRUCT,
                actor=actor,
                acting_for=cap.acting_for,
                opinion=text,
                extra=step_extra,
            )
        else:
            # The last 批示 is also the move to 已批办: one slip row, the leader's.
            incoming_flow.move(
                document,
                to_status=Status.INSTRUCTED,
                action=StepAction.INSTRUCT,
                actor=actor,
                acting_for=cap.acting_for,
                opinion=text,
                extra={**step_extra, "instructions": document.instructions.count()},
            )
        if task_data is not None:
            _create_task(instruction=instruction, actor=actor, data=task_data)
        if not remaining:
            incoming_flow.open_items(
                document, action=Item.ASSIGN, assignees=_office_pool(document), created_by=actor
            )
        elif document.instruction_mode == Mode.SEQUENTIAL:
            following = remaining[0]
            Instruction.objects.filter(pk=following.pk).update(asked_at=now)
            incoming_flow.open_items(
                document, action=Item.INSTRUCT, assignees=[following.leader], created_by=actor
            )
        audit_record(
            actor=actor,
            action="incoming_instruct",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
            extra={"instruction": instruction.pk, "task": bool(task_data)},
        )
    return instruction


def instruction_task_create(
    *,
    instruction: Instruction,
    actor,
    content: str,
    deadline,
    lead_department=None,
    lead_organ=None,
) -> InstructionTask:
    """Turn a written 批示 into a task afterwards (the leader, or the leader's delegate)."""
    document = instruction.document
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        if not permissions.may_view(actor, document):
            raise PermissionDenied(_("无权访问该收文。"))
        if instruction.at is None:
            raise ApplicationError(_("批示尚未填写，不能转为督办事项。"))
        from zhongshu.organs.models import Delegation
        from zhongshu.organs.selectors import can_act_for

        if actor.pk != instruction.leader_id and not can_act_for(
            delegate=actor, principal=instruction.leader, scope=Delegation.Scope.INSTRUCT
        ):
            raise PermissionDenied(_("只有作出批示的领导（或其受托人）可以将批示转为督办事项。"))
        data = _check_task(
            document,
            {
                "content": content,
                "lead_department": lead_department,
                "lead_organ": lead_organ,
                "deadline": deadline,
            },
        )
        return _create_task(instruction=instruction, actor=actor, data=data)


def incoming_assign(
    *, document: IncomingDocument, actor, lead_department, co_departments=(), deadline=None
) -> list[Handling]:
    """交办承办: one lead department (主办) and co-departments (协办), with the time limit."""
    co_departments = list(co_departments or [])
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        cap = permissions.require(actor, document, Action.ASSIGN)
        errors: dict[str, list[str]] = {}
        if lead_department is None:
            errors["lead_department"] = [_("请指定主办处室。")]
        units = [d for d in [lead_department, *co_departments] if d is not None]
        if any(
            not isinstance(d, Department) or d.organ_id != document.organ_id or not d.is_active
            for d in units
        ):
            errors["co_departments"] = [_("承办处室应为本机关的在用处室。")]
        if len({d.pk for d in units}) != len(units):
            errors["co_departments"] = [_("同一处室不能既主办又协办，也不能重复。")]
        try:
            if deadline is not None:
                deadline = clean_deadline(deadline)
            else:
                deadline = document.deadline or step_deadline(document)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        rows = []
        for department in units:
            row = Handling(
                document=document,
                department=department,
                is_lead=department.pk == lead_department.pk,
                deadline=deadline,
                created_at=now,
            )
            row.full_clean()
            row.save(force_insert=True)
            rows.append(row)
        incoming_flow.close_items(document, action=Item.ASSIGN, actor=actor)
        incoming_flow.move(
            document,
            to_status=Status.HANDLING,
            action=StepAction.ASSIGN,
            actor=actor,
            acting_for=cap.acting_for,
            extra={
                "lead": lead_department.pk,
                "co": [d.pk for d in co_departments],
                "units": [d.name for d in units],
                "deadline": deadline.isoformat(),
            },
            deadline=document.deadline or deadline,
        )
        for row in rows:
            people = permissions.department_heads(
                row.department, classification=document.classification
            )
            incoming_flow.open_items(
                document,
                action=Item.HANDLE,
                assignees=people,
                created_by=actor,
                deadline=deadline,
                department=row.department,
            )
        audit_record(
            actor=actor,
            action="incoming_assign",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
            extra={"lead": lead_department.pk, "co": [d.pk for d in co_departments]},
        )
    return rows


def incoming_handle(*, document: IncomingDocument, actor, result: str) -> Handling:
    """承办 result of the actor's department; the lead's result opens 办结 for the office."""
    result = clean_text(result, field="result", message=_("请填写办理结果。"), max_length=5000)
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        permissions.require(actor, document, Action.HANDLE)
        row = permissions.handling_for(actor, document)
        now = timezone.now()
        changed = Handling.objects.filter(pk=row.pk, done_at__isnull=True).update(
            result=result, done_at=now, done_by=actor
        )
        if changed != 1:
            raise ApplicationError(_("该处室已报送办理结果，请刷新后重试。"))
        row.result, row.done_at, row.done_by = result, now, actor
        # The department's step is done: the actor's own copy is completed, the copies of the
        # department's other heads are withdrawn.
        for item in incoming_flow.items(document, action=Item.HANDLE).filter(
            post__department=row.department
        ):
            if item.assignee_id == actor.pk:
                workitem_complete(item=item, actor=actor)
            else:
                workitem_cancel(item=item, actor=None, reason=_("本处室已报送办理结果"))
        add_step(
            document,
            action=StepAction.HANDLE,
            actor=actor,
            opinion=result,
            extra={"handling": row.pk, "department": row.department.name, "lead": row.is_lead},
        )
        if row.is_lead:
            incoming_flow.open_items(
                document, action=Item.CLOSE, assignees=_office_pool(document), created_by=actor
            )
        audit_record(
            actor=actor,
            action="incoming_handle",
            obj=document,
            organ=document.organ,
            extra={"handling": row.pk, "lead": row.is_lead},
        )
    return row


def incoming_close(*, document: IncomingDocument, actor, result: str) -> IncomingDocument:
    """办结 with the result. Open steps of the route end here (co-departments still open are
    cancelled); a circulation still running goes on, and opinions given after 办结 are kept on
    the readers' lines, never in the closed result."""
    result = clean_text(result, field="result", message=_("请填写办结结果。"), max_length=5000)
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        cap = permissions.require(actor, document, Action.CLOSE)
        incoming_flow.close_items(document, action=Item.CLOSE, actor=actor)
        incoming_flow.close_items(document, action=Item.ASSIGN, actor=actor)
        incoming_flow.close_items(document, action=Item.FOLLOW, actor=actor)
        incoming_flow.cancel_items(document, reason=_("收文已办结"), action=Item.HANDLE)
        now = timezone.now()
        incoming_flow.move(
            document,
            to_status=Status.CLOSED,
            action=StepAction.CLOSE,
            actor=actor,
            acting_for=cap.acting_for,
            opinion=result,
            result=result,
            closed_at=now,
        )
        audit_record(
            actor=actor,
            action="incoming_close",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
        )
    return document


def incoming_reply(*, document: IncomingDocument, actor, text: str) -> Reply:
    """答复: the result back to the sender, shown on its dispatch line and notified to it."""
    text = clean_text(text, field="text", message=_("请填写答复内容。"), max_length=5000)
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        sent = document.replies.select_related("actor").first()
        if sent is not None:
            raise ApplicationError(
                _("已于 %(at)s 由 %(actor)s 答复来文单位，不再重复答复。")
                % {
                    "at": date_format(timezone.localtime(sent.at), "Y年n月j日 H:i"),
                    "actor": sent.actor,
                }
            )
        cap = permissions.require(actor, document, Action.REPLY)
        reply = Reply(
            document=document,
            dispatch_recipient_id=document.dispatch_recipient_id,
            text=text,
            actor=actor,
            at=timezone.now(),
        )
        reply.full_clean()
        reply.save(force_insert=True)
        add_step(
            document,
            action=StepAction.REPLY,
            actor=actor,
            acting_for=cap.acting_for,
            opinion=text,
            extra={"reply": reply.pk, "in_system": bool(document.dispatch_recipient_id)},
        )
        notified = notify_sender(
            document,
            title=_("来文已答复：%(title)s") % {"title": document.title},
            body=text[:500],
        )
        audit_record(
            actor=actor,
            action="incoming_reply",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
            extra={"reply": reply.pk, "notified": notified},
        )
    return reply


def incoming_chase(*, document: IncomingDocument, actor, note: str = "") -> list:
    """催办: notify everyone holding an open step of the document now; returns them.

    Automatic reminders before and after each deadline, and escalation to the supervisor,
    come from the flow scan through the same work items.
    """
    note = (note or "").strip()[:500]
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        # The capacity holds only while someone else holds an open step (the page's rule).
        cap = permissions.require(actor, document, Action.CHASE)
        people = {}
        for item in permissions.chase_targets(actor, document).select_related("assignee"):
            people.setdefault(item.assignee_id, (item.assignee, item))
        for person, item in people.values():
            notification_send(
                recipient=person,
                title=_("催办：%(title)s") % {"title": document.title},
                body=_("环节：%(step)s。%(note)s") % {"step": item.action, "note": note},
                url=item.url,
                urgent=document.is_urgent,
                work_item=item,
                classification=document.classification,
            )
        add_step(
            document,
            action=StepAction.CHASE,
            actor=actor,
            acting_for=cap.acting_for,
            opinion=note,
            extra={
                "people": [p.pk for p, _i in people.values()],
                "names": [str(p) for p, _i in people.values()],
            },
        )
        audit_record(
            actor=actor,
            action="incoming_chase",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
            extra={"people": [p.pk for p, _i in people.values()]},
        )
    return [p for p, _i in people.values()]


def instruction_task_close(*, task: InstructionTask, actor, result: str) -> InstructionTask:
    """Close a 批示督办 task with its result: the lead unit's people (the lead department's
    people, or the lead organ's office) or the receiving organ's office.

    Until the 督办 module takes these over, this is the task's whole life: open → closed.
    """
    result = clean_text(result, field="result", message=_("请填写办理结果。"), max_length=2000)
    document = task.document
    with transaction.atomic(durable=True):
        incoming_flow.lock(document)
        allowed = permissions.is_office(actor, document)
        if task.lead_department_id:
            allowed = (
                allowed
                or permissions.department_people(task.lead_department).filter(pk=actor.pk).exists()
            )
        else:
            allowed = (
                allowed
                or role_holders(
                    roles=permissions.CLERK_ROLES | {Role.PRINCIPAL},
                    department__organ=task.lead_organ_id,
                )
                .filter(pk=actor.pk)
                .exists()
            )
        if not allowed:
            raise PermissionDenied(_("只有牵头单位或收文机关办公室可以办结督办事项。"))
        now = timezone.now()
        changed = InstructionTask.objects.filter(
            pk=task.pk, status=InstructionTask.Status.OPEN
        ).update(status=InstructionTask.Status.CLOSED, closed_at=now)
        if changed != 1:
            raise ApplicationError(_("该督办事项已办结，请刷新后重试。"))
        task.status, task.closed_at = InstructionTask.Status.CLOSED, now
        from zhongshu.flow.services import workitems_complete_for_target

        workitems_complete_for_target(target=task, actor=actor, action=Item.TASK)
        add_step(
            document,
            action=StepAction.TASK,
            actor=actor,
            opinion=result,
            extra={"task": task.pk, "closed": True},
        )
        audit_record(
            actor=actor,
            action="instruction_task_close",
            obj=task,
            organ=document.organ,
            extra={"result": result[:500]},
        )
    return task
