"""审核助手: the compliance checker for 公文 drafts (条例 第二十条 and 第二十四条).

``check_document(document, context=None, **facts)`` returns ``Finding`` s (rule id, severity,
element, character range, message, suggestion, source); ``check_text`` and ``check_docx`` read
input with the shared reader first. ``RULES`` lists every rule with its metadata. Pure Python:
nothing from Django or the apps.
"""

from zhongshu.gongwen.checker.context import CheckContext, OrganRelation
from zhongshu.gongwen.checker.engine import check_document, check_docx, check_text
from zhongshu.gongwen.checker.registry import RULES, Finding, Rule, Severity

__all__ = [
    "RULES",
    "CheckContext",
    "Finding",
    "OrganRelation",
    "Rule",
    "Severity",
    "check_document",
    "check_docx",
    "check_text",
]
