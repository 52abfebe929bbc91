"""The API every module calls for work items: create, complete, cancel, hand over.

Each public function runs in ``transaction.atomic()`` (not ``durable``: the modules call them
from inside their own step's transaction, so the step, its work items and its audit lines
commit or roll back together). Every state change goes through ``_transition``: the
workflow core's compare-and-set (``lib/workflow.py``) followed by an append-only
``WorkItemTransition`` row.

Other modules use:

- ``workitem_create(*, assignee, kind, module, action, title, target=None, url="",
  deadline=None, created_by=None, organ=None, post=None, urgent=False, acting_for=None)``
- ``workitem_complete(*, item, actor, acting_for=None)``
- ``workitem_cancel(*, item, actor, reason)``
- ``workitems_complete_for_target(*, target, actor, action=None) -> int``
- ``workitem_hand_over(*, from_user, to_user, post=None, actor, reason) -> int``
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import audit_record
from zhongshu.flow.models import WorkItem, WorkItemTransition
from zhongshu.flow.selectors import workitem_delegation_scopes
from zhongshu.lib.errors import ApplicationError
from zhongshu.lib.workflow import transition
from zhongshu.organs.selectors import can_act_for, user_primary_organ

State = WorkItem.State


def _transition(
    *,
    item: WorkItem,
    to_state: str,
    actor,
    kind: str,
    reason: str = "",
    acting_for=None,
    **fields,
) -> WorkItem:
    """Move ``item`` to ``to_state`` if it is still in the state it was read in: the workflow
    core's compare-and-set on ``WorkItem.GRAPH``, then the append-only transition row."""

    def record(from_state: str) -> WorkItemTransition:
        return WorkItemTransition.objects.create(
            item=item,
            kind=kind,
            from_state=from_state,
            to_state=to_state,
            from_assignee_id=item.assignee_id,
            to_assignee_id=item.assignee_id,
            actor=actor,
            acting_for=acting_for,
            reason=reason[:200],
        )

    transition(item, WorkItem.GRAPH, to_status=to_state, record=record, **fields)
    return item


def workitem_create(
    *,
    assignee,
    kind: str,
    module: str,
    action: str,
    title: str,
    target=None,
    url: str = "",
    deadline=None,
    created_by=None,
    organ=None,
    post=None,
    urgent: bool = False,
    acting_for=None,
) -> WorkItem:
    """Open a step for ``assignee`` on ``target`` and return it.

    ``post`` is the seat the step belongs to (rotation hands the seat's items on); ``organ``
    defaults to the post's organ, else the assignee's first organ. ``acting_for`` means the
    assignee acts for that person (a secretary reading for a leader). Urgent items notify the
    assignee at once (in-app, e-mail and SMS), since an urgent step must not wait for someone
    to open the workbench.
    """
    if assignee is None:
        raise ValidationError(_("待办事项必须有办理人。"))
    if not assignee.is_active:
        raise ValidationError(_("办理人“%(name)s”已停用，不能接收待办。") % {"name": assignee})
    if deadline is not None and timezone.is_naive(deadline):
        raise ValidationError(_("办理期限必须带时区。"))
    # The post decides whose seat the work follows at rotation; another person's seat would
    # hand this item to the wrong successor.
    if post is not None and post.holder_id != assignee.pk:
        raise ValidationError(_("岗位“%(post)s”不由办理人担任。") % {"post": post.title})
    if acting_for is not None and acting_for.pk == assignee.pk:
        raise ValidationError(_("办理人不能代理本人。"))
    if organ is None:
        organ = post.department.organ if post is not None else user_primary_organ(user=assignee)
    item = WorkItem(
        kind=kind,
        module=module,
        action=(action or "").strip(),
        title=(title or "").strip(),
        url=url or "",
        assignee=assignee,
        post=post,
        acting_for=acting_for,
        created_by=created_by,
        organ=organ,
        urgent=urgent,
        deadline=deadline,
    )
    if target is not None:
        item.target_type = ContentType.objects.get_for_model(target)
        item.target_id = target.pk
    item.full_clean()
    with transaction.atomic():
        item.save(force_insert=True)
        WorkItemTransition.objects.create(
            item=item,
            kind=WorkItemTransition.Kind.CREATE,
            from_state="",
            to_state=State.OPEN,
            to_assignee=assignee,
            actor=created_by,
        )
        audit_record(
            actor=created_by,
            action="workitem_create",
            obj=item,
            organ=organ,
            extra={"assignee": assignee.pk, "module": module, "action": item.action},
        )
        if urgent:
            from zhongshu.notifications.services import notification_send

            notification_send(
                recipient=assignee,
                title=_("紧急%(kind)s：%(title)s")
                % {"kind": WorkItem.Kind(kind).label, "title": item.title},
                body=_("环节：%(action)s") % {"action": item.action},
                url=item.url,
                urgent=True,
                work_item=item,
            )
    return item


def _check_may_complete(*, item: WorkItem, actor, acting_for) -> None:
    """Only the assignee, or a person with a valid delegation from the assignee, completes."""
    if actor.pk == item.assignee_id:
        if acting_for is not None and acting_for.pk != item.assignee_id:
            raise PermissionDenied(_("只能代理委托给您的人办理。"))
        return
    principal = acting_for or item.assignee
    if principal.pk != item.assignee_id:
        raise PermissionDenied(_("只能代理该事项的办理人办理。"))
    scopes = workitem_delegation_scopes(item)
    if not any(can_act_for(delegate=actor, principal=principal, scope=scope) for scope in scopes):
        raise PermissionDenied(_("您没有办理该事项的权限（无有效委托）。"))


def workitem_complete(*, item: WorkItem, actor, acting_for=None) -> WorkItem:
    """Mark the step done by its assignee, or by a delegate acting for the assignee.

    ``acting_for`` may be given by a delegate for clarity; when the actor is not the assignee
    the act is always recorded as "actor 代 assignee".
    """
    _check_may_complete(item=item, actor=actor, acting_for=acting_for)
    on_behalf_of = item.assignee if actor.pk != item.assignee_id else None
    with transaction.atomic():
        now = timezone.now()
        _transition(
            item=item,
            to_state=State.DONE,
            actor=actor,
            kind=WorkItemTransition.Kind.COMPLETE,
            acting_for=on_behalf_of,
            completed_at=now,
            completed_by=actor,
        )
        audit_record(
            actor=actor,
            action="workitem_complete",
            obj=item,
            organ=item.organ,
            acting_for=on_behalf_of,
            extra={"module": item.module, "action": item.action},
        )
    return item


def workitem_cancel(*, item: WorkItem, actor, reason: str) -> WorkItem:
    """Withdraw a step that is no longer needed (the document was withdrawn, the meeting moved).

    The module that created the step decides when; here only its creator, the assignee or a
    system process (``actor=None``) may cancel, always with a reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("撤销待办必须说明理由。")]})
    if actor is not None and actor.pk not in {item.created_by_id, item.assignee_id}:
        raise PermissionDenied(_("只有发起人或办理人可以撤销该事项。"))
    with transaction.atomic():
        _transition(
            item=item,
            to_state=State.CANCELLED,
            actor=actor,
            kind=WorkItemTransition.Kind.CANCEL,
            reason=reason,
        )
        audit_record(
            actor=actor,
            action="workitem_cancel",
            obj=item,
            organ=item.organ,
            extra={"reason": reason},
        )
    return item


def workitems_complete_for_target(*, target, actor, action: str | None = None) -> int:
    """Close every open step on ``target`` (optionally only those of one ``action``).

    For steps that end together: once one 会签 unit or one 文书 signs for an incoming document
    on behalf of the organ, the others' copies of the same step are done. The module has
    already checked that ``actor`` may take the step; the items are recorded as completed by
    ``actor``. Returns how many were closed.
    """
    content_type = ContentType.objects.get_for_model(target)
    with transaction.atomic():
        qs = WorkItem.objects.select_for_update().filter(
            target_type=content_type, target_id=target.pk, state=State.OPEN
        )
        if action is not None:
            qs = qs.filter(action=action)
        items = list(qs.order_by("pk"))
        now = timezone.now()
        for item in items:
            _transition(
                item=item,
                to_state=State.DONE,
                actor=actor,
                kind=WorkItemTransition.Kind.COMPLETE,
                acting_for=None,
                completed_at=now,
                completed_by=actor,
            )
        if items:
            audit_record(
                actor=actor,
                action="workitems_complete_for_target",
                obj=target,
                organ=items[0].organ,
                extra={"count": len(items), "items": [i.pk for i in items], "action": action},
            )
    return len(items)


def workitem_hand_over(*, from_user, to_user, post=None, actor, reason: str) -> int:
    """Rotation (轮岗): give every open item of ``from_user`` (on ``post`` if given) to ``to_user``.

    1. Only the system administrator hands work over (people and posts are theirs).
    2. Lock the open items, then move them all in one conditional UPDATE; deadlines and
       reminder state stay on the items, so a pending reminder reaches the successor and a
       sent one is not repeated.
    3. One HAND_OVER transition row per item keeps the original assignee in the history.
    4. One audit entry with the count, and one notification to the successor.
    Returns the number of items handed over.
    """
    from zhongshu.accounts.models import User

    if actor is None or actor.admin_role != User.AdminRole.SYSTEM:
        raise PermissionDenied(_("只有系统管理员可以移交待办。"))
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if to_user is None:
        errors["to_user"] = [_("必须指定接收待办的人员。")]
    elif not to_user.is_active or to_user.admin_role:
        errors["to_user"] = [_("接收人必须是在职的业务用户。")]
    elif from_user is not None and to_user.pk == from_user.pk:
        errors["to_user"] = [_("不能移交给本人。")]
    if from_user is None:
        errors["from_user"] = [_("必须指定移交待办的人员。")]
    if not reason:
        errors["reason"] = [_("移交待办必须说明理由。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        qs = WorkItem.objects.select_for_update().filter(assignee=from_user, state=State.OPEN)
        if post is not None:
            qs = qs.filter(post=post)
        ids = list(qs.order_by("pk").values_list("pk", flat=True))
        if ids:
            # Compare-and-set on the whole batch: the rows are locked, so every one must move.
            moved = WorkItem.objects.filter(
                pk__in=ids, assignee=from_user, state=State.OPEN
            ).update(assignee=to_user)
            if moved != len(ids):
                raise ApplicationError(_("移交过程中有事项被他人办理，请重试。"))
            now = timezone.now()
            WorkItemTransition.objects.bulk_create(
                [
                    WorkItemTransition(
                        item_id=pk,
                        kind=WorkItemTransition.Kind.HAND_OVER,
                        from_state=State.OPEN,
                        to_state=State.OPEN,
                        from_assignee=from_user,
                        to_assignee=to_user,
                        actor=actor,
                        reason=reason[:200],
                        at=now,
                    )
                    for pk in ids
                ]
            )
        audit_record(
            actor=actor,
            action="workitem_hand_over",
            obj=from_user,
            organ=post.department.organ if post is not None else None,
            extra={
                "from_user": from_user.pk,
                "to_user": to_user.pk,
                "post": post.pk if post is not None else None,
                "count": len(ids),
                "items": ids[:500],
                "reason": reason,
            },
        )
        if ids:
            from zhongshu.notifications.services import notification_send

            notification_send(
                recipient=to_user,
                title=_("%(count)d 项待办已移交给您") % {"count": len(ids)},
                body=_("原办理人：%(name)s；理由：%(reason)s")
                % {"name": from_user, "reason": reason},
            )
    return len(ids)
