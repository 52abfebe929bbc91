"""The transition graph of a routed object and its one compare-and-set move (style.md §18–19).

Every routed object (a 发文, a 收文, a numbered classified copy, a work item, and the modules
to come) declares its ``Graph`` once, next to its ``Status``; the declaration is checked when
the module is imported, so an edge to an unknown state or a terminal state with a way out
fails at start-up, not in production. ``transition`` is the only code that changes such a
status: a compare-and-set update, then the caller's append-only step row.

This module has no models and imports no app: ``flow.core`` binds a graph to its step row,
audit line and work items, and the models import ``Graph`` without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from zhongshu.lib.errors import ApplicationError


@dataclass(frozen=True)
class Graph:
    """A declared state machine: the states, every allowed edge, the terminal states.

    ``refused`` is the message of an undeclared edge (``%(from)s`` and ``%(to)s`` are the
    states' labels, more placeholders come from the caller's ``params``); ``conflict`` the
    message when another person moved the object first. ``field`` is the status field.
    """

    status: type[models.TextChoices]
    transitions: Mapping[str, frozenset[str] | set[str]]
    terminal: frozenset[str]
    refused: str
    conflict: str
    field: str = "status"
    stamp: str | None = "updated_at"  # set to the time of every move, when the model has it

    def __post_init__(self) -> None:
        states = set(self.status.values)
        problems = []
        if set(self.transitions) != states:
            problems.append(f"states without edges declared: {states ^ set(self.transitions)}")
        for source, targets in self.transitions.items():
            if set(targets) - states:
                problems.append(f"{source} → unknown {set(targets) - states}")
            if source in self.terminal and targets:
                problems.append(f"terminal {source} has a way out")
            if source not in self.terminal and not targets:
                problems.append(f"{source} has no way out but is not terminal")
        if set(self.terminal) - states:
            problems.append(f"unknown terminal states {set(self.terminal) - states}")
        if problems:
            raise ValueError(f"{self.status.__qualname__}: " + "; ".join(problems))

    def allows(self, from_status: str, to_status: str) -> bool:
        return to_status in self.transitions.get(from_status, ())

    def check(self, from_status: str, to_status: str, **params) -> None:
        """Refuse an edge the graph does not declare."""
        if not self.allows(from_status, to_status):
            labels = {"from": self.status(from_status).label, "to": self.status(to_status).label}
            raise ApplicationError(
                self.refused % {**labels, **params}, extra={self.field: from_status}
            )


def transition(
    obj: models.Model,
    graph: Graph,
    *,
    to_status: str,
    record: Callable[[str], Any],
    match: Iterable[str] = (),
    params: Mapping[str, Any] | None = None,
    **fields,
) -> Any:
    """Move ``obj`` to ``to_status`` if it is still as it was read; return ``record``'s row.

    1. Refuse an edge ``graph`` does not declare.
    2. Compare-and-set: ``UPDATE … WHERE pk = … AND <status> = <read> [AND <match> = <read>]``
       (a round, for instance); zero rows changed means another person moved the object
       first, which is refused, never overwritten.
    3. ``record(from_status)`` appends the step row while ``obj`` still holds the values read
       (a return that opens a new round records the round it ended); then ``obj`` takes the
       new values.

    Runs in the caller's transaction: the step, its row and its audit line commit together.
    """
    from_status = getattr(obj, graph.field)
    graph.check(from_status, to_status, **(params or {}))
    if graph.stamp is not None:
        fields[graph.stamp] = timezone.now()
    read = {name: getattr(obj, name) for name in match}
    changed = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, **{graph.field: from_status}, **read)
        .update(**{graph.field: to_status}, **fields)
    )
    if changed != 1:
        raise ApplicationError(str(graph.conflict))
    row = record(from_status)
    setattr(obj, graph.field, to_status)
    for name, value in fields.items():
        setattr(obj, name, value)
    return row


def passed_steps(rows: Iterable[Any], *, order: tuple[str, ...], forward, backward) -> list[str]:
    """The steps passed and not undone by a later return: where a return may go.

    Replays the step rows (``from_status``, ``to_status``, ``decision``) in order: a forward
    act from step S marks S passed; a return to step T un-passes T and every step after it,
    since they must be passed again. A return goes only to a step this list holds.
    """
    passed: list[str] = []
    for row in rows:
        if row.from_status == row.to_status or row.from_status not in order:
            continue
        if row.decision in forward:
            if row.from_status not in passed:
                passed.append(row.from_status)
        elif row.decision in backward and row.to_status in order:
            limit = order.index(row.to_status)
            passed = [s for s in passed if order.index(s) < limit]
    return sorted(passed, key=order.index)
