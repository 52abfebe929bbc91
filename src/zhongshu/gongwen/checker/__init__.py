"""审核助手: the compliance checker for 公文 drafts (条例 第二十条 and 第二十四条).

``check_document(document, context=None, **facts)`` returns ``Finding`` s (rule id, severity,
element, character range, message, suggestion, source); ``check_text`` and ``check_docx`` read
input with the shared reader first. ``RULES`` lists every rule with its metadata. Pure Python:
nothing from Django or the apps.

Adding a rule (the recipe):

1. Write a function ``(ctx: CheckContext) -> Iterator[Hit]`` in the module of its family under
   ``rules/`` and decorate it with ``@rule("family.name", description=…, source=…, severity=…,
   suggestion=…)``; say what an older document gets with ``old_regime`` and whether a cut-off
   copy silences it with ``needs_complete``.
2. Point each ``Hit`` at the element's Chinese name (``CheckContext.elements``) and the character
   range inside that element's text.
3. Add a mutation for the id in ``tests/gongwen/mutations.py`` (the suite refuses a rule
   without one), unit tests in ``tests/gongwen/test_checker_rules.py``, and run the fixture
   tests: a new warning or error on a real document is a false alarm unless the fixture README
   records the deviation.
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
