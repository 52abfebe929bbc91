"""The bridge from a 发文 to the pure ``gongwen`` library: the checker and the typesetter.

The platform knows what the text does not (the organ tree, today's date), so the checker's
context is built here. Both the checker and the typesetter are optional imports: without the
checker a sign-off simply has no findings; without the typesetter 用印 is refused with a
clear message, never a 500.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.gongwen.model import Direction, Document
from zhongshu.lib.errors import ApplicationError

if TYPE_CHECKING:
    from zhongshu.documents.models import OutgoingDocument

logger = logging.getLogger(__name__)


def _context(model: Document, document: OutgoingDocument):
    from zhongshu.documents.services.drafting import organ_by_name
    from zhongshu.gongwen.checker.context import CheckContext, OrganRelation

    organ = document.organ
    relation = OrganRelation.UNKNOWN
    ancestors = {o.pk for o in organ.ancestors()}
    recipients = [organ_by_name(n) for n in model.primary_recipients]
    recipients = [o for o in recipients if o is not None]
    if recipients and all(o.pk in ancestors for o in recipients):
        relation = OrganRelation.SUPERIOR
    elif recipients and all(organ.pk in {a.pk for a in o.ancestors()} for o in recipients):
        relation = OrganRelation.SUBORDINATE
    subordinates = frozenset(
        name for child in organ.children.all() for name in (child.name, child.short_name)
    )
    return CheckContext(
        document=model,
        direction=model.direction if model.direction != Direction.UNKNOWN else Direction.UNKNOWN,
        recipient_relation=relation,
        subordinate_organs=subordinates,
        today=timezone.localdate(),
    )


def check(model: Document, document: OutgoingDocument) -> list[dict[str, Any]]:
    """The checker's findings as dicts (rule_id, severity, element, message, suggestion…)."""
    try:
        from zhongshu.gongwen.checker import check_document
    except ImportError:
        logger.warning("gongwen checker unavailable; sign-off runs without findings")
        return []
    findings = check_document(model, _context(model, document))
    result = []
    for finding in findings:
        if hasattr(finding, "to_dict"):
            result.append(finding.to_dict())
        elif isinstance(finding, dict):
            result.append(dict(finding))
    return result


def errors_of(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if str(f.get("severity", "")) == "error"]


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    docx: bytes


def render(model: Document, *, seal_images: dict[str, bytes] | None = None) -> Rendered:
    """Typeset the document to PDF and .docx (GB/T 9704-2012), with the seals by organ name."""
    try:
        from zhongshu.gongwen.typeset.docx import render_docx
        from zhongshu.gongwen.typeset.pdf import render_pdf
    except ImportError as exc:
        raise ApplicationError(_("排版模块不可用，暂不能生成成文文件。"), status=503) from exc
    try:
        result = render_pdf(model, seal_images=seal_images or None)
        docx = render_docx(model)
    except Exception as exc:  # the typesetter's own errors become a refusal, not a 500
        logger.exception("typesetting failed")
        raise ApplicationError(
            _("排版失败：%(error)s") % {"error": str(exc)[:200]}, status=422
        ) from exc
    return Rendered(pdf=result.pdf, docx=docx)


def render_preview(model: Document) -> bytes:
    """A PDF of the document as it stands (no seal), for the preview on the page."""
    try:
        from zhongshu.gongwen.typeset.pdf import render_pdf
    except ImportError as exc:
        raise ApplicationError(_("排版模块不可用，暂不能预览。"), status=503) from exc
    try:
        result = render_pdf(model)
    except Exception as exc:
        logger.exception("preview failed")
        raise ApplicationError(
            _("排版失败：%(error)s") % {"error": str(exc)[:200]}, status=422
        ) from exc
    return result.pdf
