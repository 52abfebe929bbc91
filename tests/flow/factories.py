"""Factories for work items (rows written directly, for reads and query-count tests)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from tests.organs.factories import UserFactory
from zhongshu.flow.models import WorkItem


class WorkItemFactory(DjangoModelFactory[WorkItem]):
    class Meta:
        model = WorkItem

    kind = WorkItem.Kind.TODO
    module = WorkItem.Module.DOCUMENTS
    action = "核稿"
    title = factory.Sequence(lambda n: f"关于第{n}项工作的请示")
    url = factory.Sequence(lambda n: f"/documents/{n}/")
    assignee = factory.SubFactory(UserFactory)
