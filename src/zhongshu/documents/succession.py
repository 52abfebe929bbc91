"""When an organ is merged into another or dissolved with a successor, its documents go with
it (条例 第三十七条: 机关合并时，全部公文应当随之合并管理). Run by ``organ_merge`` /
``organ_dissolve`` through ``ORGAN_MERGE_HOOKS``, inside their transaction.

What moves: the 发文 and 收文 the organ owns and the open work items filed under it, so that
the successor's office finds and finishes them. What stays: 文号/收文号 sequences and the number
registers (history of the old 机关代字), recipients' records of what was sent to the old organ,
and archive items (the old organ's 全宗 is closed, not renumbered).
"""

from __future__ import annotations

from typing import Any


def documents_follow_successor(source: Any, target: Any) -> None:
    from zhongshu.documents.incoming.models import IncomingDocument
    from zhongshu.documents.models import OutgoingDocument
    from zhongshu.flow.models import WorkItem

    OutgoingDocument.objects.filter(organ=source).update(organ=target)
    IncomingDocument.objects.filter(organ=source).update(organ=target)
    WorkItem.objects.filter(organ=source, state=WorkItem.State.OPEN).update(organ=target)
