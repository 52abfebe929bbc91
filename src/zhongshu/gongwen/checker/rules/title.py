"""标题 = 发文机关名称 + 事由 + 文种 (条例 第九条（七）, GB/T 9704-2012 §7.3.1).

Real titles vary more than the formula (“国务院公告”, “…统计公报”), so only the parts that are
clear-cut are errors: the 文种 at the end, no sentence punctuation, no 请示报告 hybrid. The
formula itself is a hint. 转发 titles follow real practice: “XX转发YY关于ZZ的通知”, not
“XX关于转发YY关于ZZ的通知的通知”.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhongshu.gongwen.checker.context import CheckContext
from zhongshu.gongwen.checker.registry import Hit, Severity, rule
from zhongshu.gongwen.model import DocType

FOOTNOTE = re.compile(r"\[\d{1,3}\]|［\d{1,3}］")
_TRAILING_GROUP = re.compile(r"(（[^（）]*）|\([^()]*\))\s*$")
# Sentence punctuation has no place in a title; 书名号, 引号, 括号, 间隔号, 顿号, 连接号 may appear.
_FORBIDDEN = re.compile(r"[，。；：！？,;:!?]|\.(?!\d)")
_TYPE_NAMES = "|".join(t.value for t in DocType if t != DocType.LETTER)  # “征求意见函” is usual
_HYBRID = re.compile(rf"(请示|报告|意见|通知|函)(?:{_TYPE_NAMES})$|申请$")
_TITLE_ENDINGS = tuple({t.value for t in DocType} | {"复函", "令"})
_FORWARD_DOUBLE = re.compile(r"关于(转发|批转|印发)[^《》]*?关于|的通知的通知$")
_USUALLY_GUANYU = {
    DocType.NOTICE,
    DocType.REQUEST,
    DocType.REPLY,
    DocType.LETTER,
    DocType.OPINION,
    DocType.DECISION,
    DocType.BULLETIN,
}


def clean_title(title: str) -> str:
    """The title without footnote marks, stray spaces and a trailing （试行）-style group."""
    text = (
        FOOTNOTE.sub("", title).strip().rstrip("，。；：！？,.;:!?")
    )  # title.punctuation owns those
    while True:
        stripped = _TRAILING_GROUP.sub("", text).strip()
        if stripped == text or not stripped:
            break
        text = stripped
    return re.sub(r"\s+", "", text)


@rule(
    "title.missing",
    description="公文应当有标题",
    source="条例第九条（七）",
    severity=Severity.ERROR,
    suggestion="按“发文机关名称＋关于＋事由＋文种”拟定标题",
    needs_complete=True,  # a cut-off copy (the second half of a page) may have lost it
)
def title_missing(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    if doc.doc_type == DocType.ORDER:
        return  # 令 carry the 标志 and 令号, the published text has its own name
    if not doc.title.strip() and doc.body:
        yield Hit("标题", 0, 0, "缺少标题")


@rule(
    "title.type-suffix",
    description="标题以文种结尾，且与文种一致",
    source="条例第九条（七）、第八条",
    severity=Severity.ERROR,
    suggestion="标题末尾写明文种，如“……的通知”",
)
def title_type_suffix(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    if doc.doc_type == DocType.ORDER or not doc.title.strip():
        return
    title = clean_title(doc.title)
    if not title or title.endswith(doc.doc_type.title_suffixes):
        return
    other = next((t.value for t in DocType if title.endswith(t.value)), None)
    message = (
        f"标题的文种是“{other}”，而本文是{doc.doc_type.value}"
        if other
        else f"标题没有以文种“{doc.doc_type.value}”结尾"
    )
    yield Hit("标题", 0, len(doc.title), message, f"标题末尾写明“{doc.doc_type.title_suffixes[0]}”")


@rule(
    "title.hybrid-type",
    description="标题不用“请示报告”等混合文种或“申请”等非法定文种",
    source="条例第八条",
    severity=Severity.ERROR,
    suggestion="只用一个法定文种，如“……的请示”",
)
def title_hybrid(ctx: CheckContext) -> Iterator[Hit]:
    title = ctx.document.title
    stripped = FOOTNOTE.sub("", title).rstrip()
    match = _HYBRID.search(stripped)
    if match:
        yield Hit(
            "标题", match.start(), match.end(), f"标题使用了“{match.group(0)}”，不是单一的法定文种"
        )


@rule(
    "title.punctuation",
    description="标题中除书名号、引号、括号等外一般不用标点符号",
    source="GB/T 9704-2012 §7.3.1；条例第九条（七）",
    severity=Severity.ERROR,
    suggestion="删去标题中的逗号、句号、冒号等标点",
)
def title_punctuation(ctx: CheckContext) -> Iterator[Hit]:
    """Punctuation in the title; in a plain-text draft whose title the reader could not take
    because of that punctuation, in the first paragraph that reads like a title."""
    title = ctx.document.title
    for match in _FORBIDDEN.finditer(title):
        yield Hit("标题", match.start(), match.end(), f"标题中使用了标点“{match.group(0)}”")
    if title.strip():
        return
    lines = [p.text for p in ctx.document.body[:2]]
    for count in (1, 2):  # a title may run over two lines
        candidate = "".join(lines[:count]).strip()
        if len(lines) < count or len(candidate) > 60 or not candidate.endswith(_TITLE_ENDINGS):
            continue
        if "。" in candidate:
            return
        for i, text in enumerate(lines[:count], 1):
            for match in _FORBIDDEN.finditer(text):
                yield Hit(
                    f"正文第{i}段",
                    match.start(),
                    match.end(),
                    f"“{candidate}”像是标题，其中使用了标点“{match.group(0)}”",
                    severity=Severity.WARNING,
                )
        return


@rule(
    "title.forward-doubled",
    description="转发、印发类标题不重复“关于”和“的通知”",
    source="条例第九条（七）；公文处理实践",
    severity=Severity.WARNING,
    suggestion="写作“XX转发YY关于ZZ的通知”，省去第一个“关于”和重复的“的通知”",
)
def title_forward_doubled(ctx: CheckContext) -> Iterator[Hit]:
    title = re.sub(r"\s+", "", ctx.document.title)
    if title != ctx.document.title:
        return  # ranges would not line up; a spaced title is reported elsewhere
    for match in _FORWARD_DOUBLE.finditer(title):
        yield Hit("标题", match.start(), match.end(), f"标题中“{match.group(0)}”重复")


@rule(
    "title.structure",
    description="标题一般由发文机关名称、“关于”、事由和文种组成",
    source="条例第九条（七）",
    severity=Severity.HINT,
    suggestion="按“发文机关名称＋关于＋事由＋文种”拟定标题",
)
def title_structure(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    title = clean_title(doc.title)
    if not title or doc.doc_type not in _USUALLY_GUANYU:
        return
    if not re.search("关于|關於|转发|轉發|批转|批轉|印发|印發", title):
        yield Hit("标题", 0, len(doc.title), "标题中没有“关于”引出的事由")
    issuer = doc.lead_issuer
    if issuer is not None and issuer.name and not title.startswith(_issuer_names(doc)):
        yield Hit("标题", 0, 0, "标题没有以发文机关名称开头")


def _issuer_names(doc) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    names = []
    for issuer in doc.issuers:
        names += [issuer.name, issuer.signature_text, issuer.masthead_text.removesuffix("文件")]
    names += [n.removeprefix("中华人民共和国") for n in names]
    return tuple(n for n in names if n)
