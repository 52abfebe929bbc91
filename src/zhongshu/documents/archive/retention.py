"""The configured 保管期限表: 文种 (and importance) → Y / D30 / D10, with a default.

The deployment may replace the table with ``settings.ZHONGSHU_ARCHIVE_RETENTION`` (a dict of
the same shape). Keys: ``"<文种>"``, ``"<文种>:重要"`` for important documents, ``"*:重要"``
for any important document, and ``"*"`` for the default.
"""

from __future__ import annotations

from django.conf import settings

from zhongshu.documents.archive.models import Retention

# A starting table after the 文书档案保管期限表 logic: rules and decisions the organ makes are
# kept permanently, routine notices thirty years, letters and minor matters ten.
DEFAULT_RETENTION_TABLE: dict[str, str] = {
    "决议": Retention.PERMANENT,
    "决定": Retention.PERMANENT,
    "命令": Retention.PERMANENT,
    "令": Retention.PERMANENT,
    "公报": Retention.PERMANENT,
    "条例": Retention.PERMANENT,
    "规定": Retention.PERMANENT,
    "意见": Retention.D30,
    "通知": Retention.D30,
    "通报": Retention.D30,
    "报告": Retention.D30,
    "请示": Retention.D30,
    "批复": Retention.D30,
    "公告": Retention.D30,
    "通告": Retention.D30,
    "议案": Retention.D30,
    "纪要": Retention.D30,
    "函": Retention.D10,
    "*:重要": Retention.PERMANENT,
    "*": Retention.D30,
}


def retention_table() -> dict[str, str]:
    return dict(getattr(settings, "ZHONGSHU_ARCHIVE_RETENTION", None) or DEFAULT_RETENTION_TABLE)


def retention_for(*, doc_type: str, important: bool) -> str:
    """The 保管期限 code the table gives a document of ``doc_type``."""
    table = retention_table()
    keys = [f"{doc_type}:重要", "*:重要"] if important else []
    keys += [doc_type, "*"]
    for key in keys:
        if key in table and table[key] in Retention.values:
            return table[key]
    return Retention.D30
