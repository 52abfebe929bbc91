"""The workflow core: declared graphs are checked, returns go only to passed steps."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import models

from zhongshu.documents.archive.models import COPY_GRAPH
from zhongshu.documents.incoming.models import GRAPH as INCOMING_GRAPH
from zhongshu.documents.models import GRAPH as OUTGOING_GRAPH
from zhongshu.flow.models import WorkItem
from zhongshu.lib.errors import ApplicationError
from zhongshu.lib.workflow import Graph, passed_steps


class Light(models.TextChoices):
    RED = "red", "红"
    GREEN = "green", "绿"
    OFF = "off", "关"


def _graph(transitions, terminal):
    return Graph(
        status=Light,
        transitions=transitions,
        terminal=terminal,
        refused="%(from)s→%(to)s",
        conflict="x",
    )


def test_every_routed_object_declares_a_checked_graph():
    for graph in (OUTGOING_GRAPH, INCOMING_GRAPH, COPY_GRAPH, WorkItem.GRAPH):
        assert set(graph.transitions) == set(graph.status.values)


def test_a_terminal_state_with_a_way_out_is_refused_at_declaration():
    with pytest.raises(ValueError, match="terminal off has a way out"):
        _graph({"red": {"green"}, "green": {"off"}, "off": {"red"}}, frozenset({"off"}))


def test_an_edge_to_an_unknown_state_or_a_missing_state_is_refused():
    with pytest.raises(ValueError, match="unknown"):
        _graph({"red": {"blue"}, "green": {"off"}, "off": set()}, frozenset({"off"}))
    with pytest.raises(ValueError, match="states without edges"):
        _graph({"red": {"off"}, "off": set()}, frozenset({"off"}))
    with pytest.raises(ValueError, match="no way out but is not terminal"):
        _graph({"red": set(), "green": {"off"}, "off": set()}, frozenset({"off"}))


def test_an_undeclared_edge_is_refused_with_the_labels():
    graph = _graph({"red": {"green"}, "green": {"off"}, "off": set()}, frozenset({"off"}))
    graph.check("red", "green")
    with pytest.raises(ApplicationError, match="红→关"):
        graph.check("red", "off")


def test_a_return_goes_only_to_a_step_passed_and_not_undone():
    order = ("a", "b", "c", "d")

    def row(src, dst, decision):
        return SimpleNamespace(from_status=src, to_status=dst, decision=decision)

    rows = [row("a", "b", "ok"), row("b", "c", "ok"), row("c", "d", "ok"), row("d", "b", "back")]
    assert passed_steps(rows, order=order, forward={"ok"}, backward={"back"}) == ["a"]
    rows.append(row("b", "c", "ok"))
    rows.append(row("c", "c", "note"))  # an act that moves nothing passes nothing
    assert passed_steps(rows, order=order, forward={"ok"}, backward={"back"}) == ["a", "b"]
