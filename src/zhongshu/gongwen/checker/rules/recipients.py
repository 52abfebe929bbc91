"""主送 and 抄送 (条例 第十五条): one 主送 for a 请示, no 抄送 downward on 上行文, no leaders by name.

Whether an organ is subordinate comes from the organ tree through the context; without it only
collective names that can only mean subordinates (“各乡镇人民政府”, “所属各单位”) are warned about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhongshu.gongwen.checker.context import CheckContext
from zhongshu.gongwen.checker.registry import Hit, Severity, rule
from zhongshu.gongwen.model import Direction, DocType

_COLLECTIVE_SUBORDINATE = re.compile(r"^各|所属|下属|直属各")
_LEADER = re.compile(
    r"(同志|书记|市长|省长|县长|区长|镇长|乡长|局长|部长|厅长|处长|主任|主席|总理|秘书长|委员长)$"
)


@rule(
    "recipients.request-single",
    description="请示只主送一个上级机关",
    source="条例第十五条（一）",
    severity=Severity.ERROR,
    suggestion="只主送一个上级机关，其他需要知道的机关用抄送",
)
def request_single(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    if doc.doc_type != DocType.REQUEST:
        return
    names = doc.primary_recipients
    if len(names) > 1:
        yield Hit(
            "主送机关第2项", 0, len(names[1]), f"请示主送了{len(names)}个机关：{'、'.join(names)}"
        )
    elif not names and ctx.complete and (doc.body or doc.title):
        yield Hit("主送机关", 0, 0, "请示没有主送机关")
    elif names and "、" in names[0] and not names[0].startswith("各"):
        yield Hit("主送机关", 0, len(names[0]), f"请示主送了多个机关：{names[0]}")


@rule(
    "recipients.upward-cc-subordinate",
    description="上行文不得抄送下级机关",
    source="条例第十五条（一）",
    severity=Severity.ERROR,
    suggestion="删去抄送的下级机关，需要下级知道的另行下发",
)
def upward_cc_subordinate(ctx: CheckContext) -> Iterator[Hit]:
    if ctx.effective_direction != Direction.UP:
        return
    names = ctx.document.cc_recipients
    for i, name in enumerate(names, 1):
        element = "抄送机关" if len(names) == 1 else f"抄送机关第{i}项"
        if name in ctx.subordinate_organs:
            yield Hit(element, 0, len(name), f"上行文抄送了下级机关“{name}”")
        elif _COLLECTIVE_SUBORDINATE.search(name):
            yield Hit(
                element,
                0,
                len(name),
                f"上行文抄送“{name}”，疑为下级机关",
                severity=Severity.WARNING,
            )


@rule(
    "recipients.leader-addressee",
    description="公文不得主送或抄送领导者个人",
    source="条例第十五条（五）",
    severity=Severity.WARNING,
    suggestion="主送机关写机关名称；确需领导亲阅的，由办公厅（室）呈送",
)
def leader_addressee(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    for label, names in (("主送机关", doc.primary_recipients), ("抄送机关", doc.cc_recipients)):
        for i, name in enumerate(names, 1):
            match = _LEADER.search(name.strip())
            if match and len(name.strip()) <= 12:
                element = label if len(names) == 1 else f"{label}第{i}项"
                yield Hit(element, 0, len(name), f"“{name}”是领导者个人，不是机关")
