"""文种 against direction and organ relation (条例 第八条, 第十四至十六条).

Only facts the caller supplies (direction, relation, who may issue 命令) make an error; what the
text alone suggests (a 请示 phrase in a 报告, a 批复 that cites no 请示) is a warning for a human.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhongshu.gongwen.checker.context import CheckContext, OrganRelation
from zhongshu.gongwen.checker.registry import Hit, Severity, rule
from zhongshu.gongwen.model import Direction, DocType

# Closings that ask the recipient to decide: the mark of a 请示 (条例 第十五条（四）).
REQUEST_PHRASES = re.compile(
    r"妥否[，,]?\s*请(?:予)?(?:批示|审批|批复|审定|指示)|请(?:予)?(?:批准|审批|批复|审定)|"
    r"当否[，,]?\s*请(?:予)?(?:批示|审批|批复)|请批示"
)
_QUOTED = re.compile(r"《[^《》]*》|“[^“”]*”")
_COLLECTIVE_BELOW = re.compile(r"^各|各(?:部门|单位|直属机构)$|所属|下属")
# Organs that may not issue 命令（令）: internal offices and the lowest levels.
_NO_ORDER_ISSUER = re.compile(
    r"(办公室|办公厅|处|科|股|中心|大队|中队|站)$|(乡|镇|街道|村)(人民政府|委员会)?$"
)


def _request_phrases(text: str) -> list[re.Match[str]]:
    """Request phrases outside quoted titles (a 报告 may cite “…的请示” by name)."""
    masked = _QUOTED.sub(lambda m: "　" * len(m.group(0)), text)
    return list(REQUEST_PHRASES.finditer(masked))


@rule(
    "type.upward-only",
    description="请示、报告只用于向上级机关行文",
    source="条例第八条（十）（十一）、第十五条",
    severity=Severity.ERROR,
    suggestion="对下级用通知、批复，对不相隶属机关用函",
)
def upward_only(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    if doc.doc_type not in {DocType.REQUEST, DocType.REPORT}:
        return
    direction = ctx.known_direction
    if direction not in {Direction.UP, Direction.UNKNOWN}:
        yield Hit(
            "文种",
            0,
            len(doc.doc_type.value),
            f"{doc.doc_type.value}只能上行，本文是{direction.value}",
        )
    elif direction == Direction.UNKNOWN:
        # “各乡镇人民政府”“市政府各部门”: a collective name of organs below the issuer.
        for i, name in enumerate(doc.primary_recipients, 1):
            if _COLLECTIVE_BELOW.search(name):
                element = "主送机关" if len(doc.primary_recipients) == 1 else f"主送机关第{i}项"
                yield Hit(
                    element,
                    0,
                    len(name),
                    f"{doc.doc_type.value}主送“{name}”，疑为向下级行文",
                    severity=Severity.WARNING,
                )
                return


@rule(
    "type.reply-request",
    description="批复只用于答复下级机关的请示",
    source="条例第八条（十二）",
    severity=Severity.ERROR,
    suggestion="答复下级请示才用批复；答复不相隶属机关用复函，主动部署用通知",
)
def reply_request(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    if doc.doc_type != DocType.REPLY:
        return
    direction = ctx.known_direction
    if direction not in {Direction.DOWN, Direction.UNKNOWN}:
        yield Hit("文种", 0, 2, f"批复只能下行，本文是{direction.value}")
    elif ctx.replies_to_request is False:
        yield Hit("文种", 0, 2, "本批复并非答复请示")
    elif ctx.replies_to_request is None and doc.body and "请示" not in ctx.body_text() + doc.title:
        yield Hit(
            "正文第1段",
            0,
            len(doc.body[0].text),
            "批复正文未引述所答复的请示",
            "开头引述来文，如“你省《关于……的请示》（……号）收悉”",
            Severity.WARNING,
        )


@rule(
    "type.letter-relation",
    description="函用于不相隶属机关之间",
    source="条例第八条（十四）、第十四条",
    severity=Severity.ERROR,
    suggestion="向上级机关用请示或报告，向下级机关用通知或批复",
)
def letter_relation(ctx: CheckContext) -> Iterator[Hit]:
    if ctx.document.doc_type != DocType.LETTER:
        return
    if ctx.recipient_relation in {OrganRelation.SUPERIOR, OrganRelation.SUBORDINATE}:
        yield Hit("文种", 0, 1, f"主送机关是发文机关的{ctx.recipient_relation.value}，不应使用函")


@rule(
    "type.order-issuer",
    description="命令（令）只能由有权发布的机关使用",
    source="条例第八条（三）",
    severity=Severity.ERROR,
    suggestion="无权发布命令的机关改用决定、通知等文种",
)
def order_issuer(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    if doc.doc_type != DocType.ORDER:
        return
    if ctx.may_issue_order is False:
        yield Hit("文种", 0, 2, "发文机关无权发布命令（令）")
        return
    issuer = doc.lead_issuer
    if (
        ctx.may_issue_order is None
        and issuer is not None
        and _NO_ORDER_ISSUER.search(issuer.name.strip())
    ):
        yield Hit(
            "发文机关",
            0,
            len(issuer.name),
            f"“{issuer.name}”通常无权发布命令（令）",
            severity=Severity.WARNING,
        )


@rule(
    "type.request-in-report",
    description="报告中不得夹带请示事项",
    source="条例第十五条（四）",
    severity=Severity.WARNING,
    suggestion="请求批准的事项另行请示，报告只汇报工作",
)
def request_in_report(ctx: CheckContext) -> Iterator[Hit]:
    if ctx.document.doc_type != DocType.REPORT:
        return
    for element in ctx.paragraphs():
        if element.part:
            continue
        for match in _request_phrases(element.text):
            yield Hit(
                element.name, match.start(), match.end(), f"报告中出现请示用语“{match.group(0)}”"
            )


@rule(
    "type.request-one-matter",
    description="请示应当一文一事",
    source="条例第十五条（四）",
    severity=Severity.WARNING,
    suggestion="每件请示只写一个事项，其他事项另行请示",
)
def request_one_matter(ctx: CheckContext) -> Iterator[Hit]:
    """Two paragraphs that each ask for approval suggest two matters.

    The formulaic closing at the end (“妥否，请批示。”, short lines after the body) is not a
    matter of its own: “……请予批准。” followed by “妥否，请批示。” is one request.
    """
    if ctx.document.doc_type != DocType.REQUEST:
        return
    paragraphs = [e for e in ctx.paragraphs() if not e.part]
    closing = len(paragraphs)
    while closing > 0 and len(paragraphs[closing - 1].text.strip()) <= _CLOSING_LENGTH:
        closing -= 1
    asking = [(e, m) for e in paragraphs[:closing] for m in _request_phrases(e.text)[:1]]
    for element, match in asking[1:]:
        yield Hit(
            element.name,
            match.start(),
            match.end(),
            f"请示中第二次请求批示（“{match.group(0)}”），疑为一文多事",
        )


_CLOSING_LENGTH = 24


@rule(
    "type.request-contact",
    description="请示应当在附注处注明联系人姓名和电话",
    source="条例第九条（十四）；GB/T 9704-2012 §7.3.6",
    severity=Severity.WARNING,
    suggestion="在成文日期下一行加附注，如“（联系人：张三；电话：12345678）”",
    needs_complete=True,
)
def request_contact(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    if doc.doc_type != DocType.REQUEST:
        return
    note = doc.note
    missing = [
        word for word, pattern in (("联系人", "联系人"), ("电话", "电话")) if pattern not in note
    ]
    if missing:
        yield Hit("附注", 0, len(note), f"请示的附注缺少{'和'.join(missing)}")
