"""版头 rules: 签发人 on 上行文 (条例 第九条（六）, GB/T 9704-2012 §7.2.6).

The 签发人 is printed beside the 发文字号, so a copy without any 版头 (a web page that starts at
the title) says nothing about it; the rule speaks only when the document has a 版头 or the caller
says one is expected.
"""

from __future__ import annotations

from collections.abc import Iterator

from zhongshu.gongwen.checker.context import CheckContext
from zhongshu.gongwen.checker.registry import Hit, Severity, rule
from zhongshu.gongwen.model import Direction


def has_header(ctx: CheckContext) -> bool:
    doc = ctx.document
    if ctx.header_expected is not None:
        return ctx.header_expected
    return bool(doc.doc_number.strip() or any(i.masthead for i in doc.issuers))


@rule(
    "header.signer-upward",
    description="上行文应当标注签发人姓名",
    source="条例第九条（六）；GB/T 9704-2012 §7.2.6",
    severity=Severity.ERROR,
    suggestion="在发文字号同一行右侧标注“签发人：”和机关主要负责人姓名",
)
def signer_upward(ctx: CheckContext) -> Iterator[Hit]:
    if ctx.effective_direction != Direction.UP or not has_header(ctx):
        return
    if not any(name.strip() for name in ctx.document.all_signers):
        yield Hit("签发人", 0, 0, f"{ctx.document.doc_type.value}是上行文，未标注签发人")
