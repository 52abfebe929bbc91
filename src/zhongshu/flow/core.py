"""The workflow core every routed object uses: lock, move, work items of a step, numbers.

A module declares its ``Graph`` (``lib/workflow.py``) beside its ``Status`` and one
``Workflow`` in its services, binding the graph to the module's step row (the 发文处理笺,
the 收文处理笺, the 份号 register…), its work-item action names, deadlines and URL. Its
services then do, inside one ``transaction.atomic(durable=True)``::

    flow.lock(obj)                                   # re-read under a row lock
    permissions.require(...)                         # the module's own rule
    flow.close_items(obj, action=…, actor=actor)     # the finished step's 待办
    flow.move(obj, to_status=…, actor=actor, …)      # compare-and-set + step row
    flow.open_items(obj, action=…, assignees=…, created_by=actor)
    audit_record(...)

A register number (文号, 收文号, 件号…) is ``sequence_next`` in the same transaction.
The work items go through ``flow.services`` (each writes its own transition row and audit
line in the same transaction). ``docs/workflow.md`` walks through a whole module.

This lives in ``flow`` rather than ``lib``: it works on ``WorkItem`` through flow's
services; the pure part (the graph and the compare-and-set) is ``lib/workflow.py``, which
the models import without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from zhongshu.flow.models import Sequence, WorkItem
from zhongshu.flow.services import (
    workitem_cancel,
    workitem_complete,
    workitem_create,
    workitems_complete_for_target,
)
from zhongshu.lib.workflow import Graph, transition
from zhongshu.organs.models import Post

# Time allowed per step by 紧急程度 (the same three in every module: 普通, 加急, 特急):
# ordinary three days, 加急 one day, 特急 four hours.
STEP_TIME = {
    "": timedelta(days=3),
    "urgent": timedelta(days=1),
    "extra_urgent": timedelta(hours=4),
}


def step_deadline(obj, now=None, *, allowance: timedelta | None = None):
    """A new step's deadline: the urgency's allowance (or ``allowance``), capped by the
    object's own time limit (``obj.deadline``), never before now."""
    now = now or timezone.now()
    if allowance is None:
        allowance = STEP_TIME.get(obj.urgency, STEP_TIME[""])
    deadline = now + allowance
    if obj.deadline is not None and obj.deadline < deadline:
        deadline = max(obj.deadline, now)
    return deadline


def lock(obj: models.Model) -> models.Model:
    """Re-read ``obj`` under a row lock (PostgreSQL) inside the caller's transaction, so that
    the checks that follow see what the move will compare against."""
    fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    for field in fresh._meta.concrete_fields:
        setattr(obj, field.attname, getattr(fresh, field.attname))
    return obj


def _seat(person, department) -> Post | None:
    if department is None:
        return None
    return Post.objects.filter(holder=person, department=department, is_active=True).first()


def items_open_on(obj, *, action: str | None = None, assignee=None) -> QuerySet[WorkItem]:
    """The open work items on ``obj`` (of one step, of one person), oldest first: who holds
    it now. A read, so a module's permissions and selectors ask it here rather than through
    the ``Workflow`` their services declare."""
    qs = WorkItem.objects.filter(
        target_type=ContentType.objects.get_for_model(type(obj)),
        target_id=obj.pk,
        state=WorkItem.State.OPEN,
    )
    if action is not None:
        qs = qs.filter(action=action)
    if assignee is not None:
        qs = qs.filter(assignee=assignee)
    return qs.order_by("pk")


@dataclass(frozen=True)
class Workflow:
    """One kind of routed object: its graph, how a step row is written, its work items.

    ``record(obj, *, from_status, to_status, **step)`` appends the module's step row;
    ``step_args`` names the keyword arguments of ``move`` that go to it (the rest are fields
    the move writes). ``match`` names fields the compare-and-set also requires unchanged
    (the round of a 发文). ``url(obj)`` and ``deadline(obj)`` give a new work item its link
    and its default deadline.
    """

    graph: Graph
    record: Callable[..., Any]
    step_args: frozenset[str]
    url: Callable[[Any], str] | None = None
    deadline: Callable[[Any], Any] | None = None
    module: str = WorkItem.Module.DOCUMENTS
    match: tuple[str, ...] = ()
    actions: Mapping[str, str] | None = None  # the work-item action of each status, if named so

    def lock(self, obj):
        return lock(obj)

    def move(self, obj, *, to_status: str, params: dict | None = None, **kw):
        """The locked compare-and-set move (``lib.workflow.transition``) and its step row, in
        the caller's transaction. The service writes the audit line beside it with its own
        ``audit_record(action="<app>_<verb>", …)``: a literal action that
        ``tests/audit/test_action_labels.py`` finds and requires a label for."""
        step = {k: kw.pop(k) for k in list(kw) if k in self.step_args}
        row = transition(
            obj,
            self.graph,
            to_status=to_status,
            match=self.match,
            params=params,
            record=lambda from_status: self.record(
                obj, from_status=from_status, to_status=to_status, **step
            ),
            **kw,
        )
        return row

    def _action(self, action: str | None, status: str | None) -> str:
        if action is None:
            assert self.actions is not None and status is not None, "name the step"
            return self.actions[status]
        return action

    def items(self, obj, *, action: str | None = None, assignee=None) -> QuerySet[WorkItem]:
        """The open work items on ``obj`` (of one step, of one person)."""
        return items_open_on(obj, action=action, assignee=assignee)

    def open_items(
        self,
        obj,
        *,
        assignees: Iterable,
        created_by,
        action: str | None = None,
        status: str | None = None,
        deadline=None,
        kind: str = WorkItem.Kind.TODO,
        department=None,
    ) -> list[WorkItem]:
        """Open the step ``action`` for each assignee (a 待阅 has no deadline); a step of a
        ``department`` belongs to each assignee's seat there (rotation hands it on). The step is named
        by its ``action``, or by the ``status`` it waits in when ``actions`` names them."""
        action = self._action(action, status)
        if deadline is None and self.deadline is not None:
            deadline = self.deadline(obj)
        return [
            workitem_create(
                assignee=assignee,
                kind=kind,
                module=self.module,
                action=action,
                title=obj.title[:200],
                target=obj,
                url=self.url(obj) if self.url is not None else "",
                deadline=deadline if kind == WorkItem.Kind.TODO else None,
                created_by=created_by,
                organ=obj.organ,
                post=_seat(assignee, department),
                urgent=obj.is_urgent,
            )
            for assignee in assignees
        ]

    def close_items(self, obj, *, actor, action: str | None = None, status: str | None = None):
        """Close the open items of the finished step (the pooled copies of the others too)."""
        action = self._action(action, status)
        return workitems_complete_for_target(target=obj, actor=actor, action=action)

    def complete_items(self, obj, *, action: str, person, actor) -> None:
        """Complete ``person``'s own open items of ``action`` (the actor is the person or a
        delegate)."""
        for item in self.items(obj, action=action, assignee=person):
            workitem_complete(item=item, actor=actor)

    def cancel_items(self, obj, *, reason: str, action: str | None = None) -> None:
        """Cancel the open items of an abandoned step (a return, a withdrawal, a refusal)."""
        for item in self.items(obj, action=action):
            workitem_cancel(item=item, actor=None, reason=reason)


def sequence_next(*, kind: str, organ=None, key: str = "", year: int) -> int:
    """Take the next number of a register (``Sequence``) inside the caller's transaction.

    1. ``UPDATE … SET last = last + 1`` first: on PostgreSQL it locks the row, so another
       registration of the same register and year waits here until this transaction ends and
       then counts on from the new value; on SQLite it is a write under the database's one
       writer lock (taken at BEGIN, the transactions being IMMEDIATE). The number and
       what it numbers commit together or not at all, so the register has no gap.
    2. No row yet (the register's first number of the year): create it with 1, in a savepoint;
       a concurrent first creation loses on the unique constraint and counts on as in 1.
    3. Read the number back.
    """
    scope = Sequence.objects.filter(kind=kind, organ=organ, key=key, year=year)
    if not scope.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                Sequence.objects.create(kind=kind, organ=organ, key=key, year=year, last=1)
            return 1
        except IntegrityError:
            scope.update(last=F("last") + 1)
    return scope.values_list("last", flat=True).get()
