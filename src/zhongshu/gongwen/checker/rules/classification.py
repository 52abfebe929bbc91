"""密级, 保密期限 and 份号 (条例 第九条（一）（二）, GB/T 9704-2012 §7.2.1–7.2.2, 保守国家秘密法).

A classified document must say how long it stays secret and which copy this is, so that copies
can be counted back (清退) and the secret lapses on time; the numbers are Arabic so that the
period reads unambiguously.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhongshu.gongwen.checker.context import CheckContext
from zhongshu.gongwen.checker.registry import Hit, Severity, rule
from zhongshu.gongwen.model import Classification

_PERIOD = re.compile(r"^(?P<n>[1-9]\d*)(?P<unit>年|个月)$")
_MAX_YEARS = {
    Classification.TOP_SECRET: 30,
    Classification.CONFIDENTIAL: 20,
    Classification.SECRET: 10,
}


def _period(ctx: CheckContext) -> str:
    return ctx.document.classification_period.strip().lstrip("★").strip()


@rule(
    "classification.period-missing",
    description="涉密公文应当标注保密期限",
    source="条例第九条（二）；GB/T 9704-2012 §7.2.2",
    severity=Severity.ERROR,
    suggestion="在密级后用“★”连接标注保密期限，如“机密★10年”",
)
def period_missing(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    if doc.classification != Classification.NONE and not _period(ctx):
        yield Hit(
            "密级和保密期限",
            0,
            len(doc.classification.value),
            f"标注了密级“{doc.classification.value}”，未标注保密期限",
        )


@rule(
    "classification.copy-number",
    description="涉密公文应当标注份号",
    source="条例第九条（一）；GB/T 9704-2012 §7.2.1",
    severity=Severity.ERROR,
    suggestion="在版心左上角第一行标注6位阿拉伯数字份号，如“000001”",
)
def copy_number_missing(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    if doc.classification != Classification.NONE and not doc.copy_number.strip():
        yield Hit("份号", 0, 0, f"{doc.classification.value}公文未标注份号")


@rule(
    "classification.period-form",
    description="保密期限用阿拉伯数字标注“N年”或“N个月”，且须先有密级",
    source="GB/T 9704-2012 §7.2.2；国家秘密标志规定",
    severity=Severity.ERROR,
    suggestion="写作“1年”“6个月”等，数字用阿拉伯数字",
)
def period_form(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    text = doc.classification_period
    period = _period(ctx)
    if not period:
        return
    if doc.classification == Classification.NONE:
        yield Hit("保密期限", 0, len(text), "标注了保密期限，却没有密级", "补标密级或删去保密期限")
        return
    if not _PERIOD.match(period):
        yield Hit("保密期限", 0, len(text), f"保密期限“{period}”写法不规范")


@rule(
    "classification.period-limit",
    description="保密期限一般不超过：绝密30年、机密20年、秘密10年",
    source="保守国家秘密法第十五条",
    severity=Severity.WARNING,
    suggestion="核对保密期限；确需超过法定一般期限的，应有依据",
)
def period_limit(ctx: CheckContext) -> Iterator[Hit]:
    doc = ctx.document
    match = _PERIOD.match(_period(ctx))
    limit = _MAX_YEARS.get(doc.classification)
    if not match or limit is None:
        return
    years = int(match["n"]) / (12 if match["unit"] == "个月" else 1)
    if years > limit:
        yield Hit(
            "保密期限",
            0,
            len(doc.classification_period),
            f"{doc.classification.value}级的保密期限一般不超过{limit}年",
        )


@rule(
    "classification.copy-number-form",
    description="份号一般用6位阿拉伯数字",
    source="GB/T 9704-2012 §7.2.1",
    severity=Severity.WARNING,
    suggestion="份号补足6位，如“000123”",
)
def copy_number_form(ctx: CheckContext) -> Iterator[Hit]:
    number = ctx.document.copy_number.strip()
    if number and len(number) != 6:
        yield Hit("份号", 0, len(number), f"份号“{number}”不是6位数字")
