"""Rules and findings of the compliance checker (审核助手), and the one registry that lists them.

A rule is a small function that looks at a ``CheckContext`` and yields ``Hit`` s; the decorator
``@rule`` records the rule's id, its one-line Chinese description, the clause it comes from, its
severity and the usual fix, so that ``zhongshu check --rules`` and the platform list the same
rules the engine runs. Keeping the metadata next to the code stops the list and the behaviour
from drifting apart.

Rules whose source is the 2012 regime (条例 2012, GB/T 9704-2012, GB/T 15834/15835-2011) say what
happens to an older document with ``old_regime``: ``"skip"`` when the old rules required the
opposite (Chinese-numeral dates), ``"hint"`` when the old form is wrong only by today's rule
(``国函[1999]7号``), ``"apply"`` when the rule held then too (paired quotation marks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from zhongshu.gongwen.checker.context import CheckContext


class Severity(StrEnum):
    """How bad a finding is: an error blocks sign-off, a warning asks a human, a hint informs."""

    ERROR = "error"
    WARNING = "warning"
    HINT = "hint"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "hint": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "hint": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule function reports: where, what, and (optionally) a more precise fix."""

    element: str
    start: int
    end: int
    message: str
    suggestion: str = ""
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one element: ``start``/``end`` index the element's own text."""

    rule_id: str
    severity: Severity
    element: str
    start: int
    end: int
    message: str
    suggestion: str
    source: str

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


OldRegime = Literal["apply", "hint", "skip"]
RuleFunc = Callable[["CheckContext"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: metadata plus the function that finds its hits."""

    id: str
    description: str
    source: str
    severity: Severity
    suggestion: str
    func: RuleFunc = field(repr=False, compare=False)
    old_regime: OldRegime = "apply"
    needs_complete: bool = False

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Findings of this rule on ``ctx``, with the old-regime policy applied."""
        if self.needs_complete and not ctx.complete:
            return
        old = not ctx.regime_2012
        if old and self.old_regime == "skip":
            return
        for hit in self.func(ctx):
            severity = hit.severity or self.severity
            message = hit.message
            if old and self.old_regime == "hint" and severity != Severity.HINT:
                severity = Severity.HINT
                message += "（该文成文于2012年7月1日前，按当时规则可不作要求）"
            yield Finding(
                rule_id=self.id,
                severity=severity,
                element=hit.element,
                start=hit.start,
                end=hit.end,
                message=message,
                suggestion=hit.suggestion or self.suggestion,
                source=self.source,
            )


RULES: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    description: str,
    source: str,
    severity: Severity,
    suggestion: str,
    old_regime: OldRegime = "hint",
    needs_complete: bool = False,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under ``id``; a second registration of an id is a bug."""

    def register(func: RuleFunc) -> RuleFunc:
        if id in RULES:
            raise ValueError(f"规则编号重复：{id}")
        RULES[id] = Rule(
            id=id,
            description=description,
            source=source,
            severity=severity,
            suggestion=suggestion,
            func=func,
            old_regime=old_regime,
            needs_complete=needs_complete,
        )
        return func

    return register
