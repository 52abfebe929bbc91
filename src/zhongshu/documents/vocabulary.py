"""One vocabulary per concept between the platform and the ``gongwen`` library (issue #11).

The Django choices keep the values stored in the database ("up", "urgent", the integer 密级
ranks) and name their members exactly as the gongwen enums do (``UP``, ``URGENT``,
``SECRET``…); a value crosses from one side to the other by member name, so no hand-written map
can drift from either enum. ``tests/documents/test_gongwen_bridge.py`` checks the pairs: same
members, and each Django label is the gongwen value.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from django.db import models

C = TypeVar("C", bound=models.Choices)
E = TypeVar("E", bound=Enum)


def as_choice(choices: type[C], member: Enum) -> C:
    """The Django choice of a gongwen enum member (``Direction.UP`` → "up")."""
    return choices[member.name]


def as_gongwen(enum: type[E], choice: models.Choices) -> E:
    """The gongwen enum member of a Django choice ("up" → ``Direction.UP``)."""
    return enum[choice.name]


def pairs() -> list[tuple[type[models.Choices], type[Enum]]]:
    """The concepts both sides name: (Django choices, gongwen enum)."""
    from zhongshu.documents.models import OutgoingDocument
    from zhongshu.gongwen import model as gw
    from zhongshu.organs.models import Classification

    return [
        (OutgoingDocument.Direction, gw.Direction),
        (OutgoingDocument.Urgency, gw.Urgency),
        (Classification, gw.Classification),
    ]
