"""The bridge from a 发文 to the pure ``gongwen`` library: the checker and the typesetter.

The platform knows what the text does not (the organ tree, today's date), so the checker's
context is built here. Both the checker and the typesetter are optional imports: without the
checker a sign-off simply has no findings; without the typesetter 用印 is refused with a
clear message, never a 500.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.documents.watermark import CopyNumberSlot
from zhongshu.gongwen.limits import MAX_READER_CHARS, DocumentTooLarge
from zhongshu.gongwen.model import Direction, Document
from zhongshu.lib import bounded
from zhongshu.lib.errors import ApplicationError

if TYPE_CHECKING:
    from zhongshu.documents.models import OutgoingDocument

logger = logging.getLogger(__name__)


def _context(model: Document, document: OutgoingDocument):
    from zhongshu.documents.services.drafting import recipients_direction
    from zhongshu.gongwen.checker.context import CheckContext, OrganRelation

    organ = document.organ
    # the 主送's relation by the same rule that gave the document its direction at drafting
    relation = {
        Direction.UP: OrganRelation.SUPERIOR,
        Direction.DOWN: OrganRelation.SUBORDINATE,
    }.get(recipients_direction(organ, model.primary_recipients), OrganRelation.UNKNOWN)
    subordinates = frozenset(
        name for child in organ.children.all() for name in (child.name, child.short_name)
    )
    return CheckContext(
        document=model,
        direction=model.direction,
        recipient_relation=relation,
        subordinate_organs=subordinates,
        today=timezone.localdate(),
    )


def too_large(exc: DocumentTooLarge) -> ApplicationError:
    """A document beyond the typesetter's and checker's limits: a 400 saying which limit."""
    if exc.what == "段":
        message = _("公文段落过多：共 %(size)s 段，超过 %(limit)s 段的上限。") % {
            "size": f"{exc.size:,}",
            "limit": f"{exc.limit:,}",
        }
    elif exc.limit == MAX_READER_CHARS:  # the reader stops counting at the limit
        message = _("文件中的文字超过 %(limit)s 字的上限，不像一份公文。") % {
            "limit": f"{exc.limit:,}"
        }
    else:
        message = _("公文过长：共 %(size)s 字，超过 %(limit)s 字的上限。") % {
            "size": f"{exc.size:,}",
            "limit": f"{exc.limit:,}",
        }
    message += _("请检查是否粘贴了多余内容，或将其分为几份公文。")
    return ApplicationError(message, status=400, extra={"size": exc.size, "limit": exc.limit})


def _bounded(function, *args: Any, overrun: str, failed: str) -> Any:
    """``function(*args)`` in a child process, killed after ``RENDER_TIMEOUT_SECONDS``
    (``zhongshu.lib.bounded``): a request never waits on an unbounded render or check.

    Every failure comes out as an ``ApplicationError``: past the time limit ``overrun`` (503,
    with a ``%(seconds)s`` placeholder), past the size limits ``too_large`` (400), any other
    error of the stage ``failed`` (422, with an ``%(error)s`` placeholder), never a 500.
    """
    seconds = settings.RENDER_TIMEOUT_SECONDS
    try:
        return bounded.run_bounded(function, *args, timeout=seconds)
    except bounded.Overrun as exc:
        logger.warning("%s overran its %s s limit", function.__name__, seconds)
        raise ApplicationError(overrun % {"seconds": seconds}, status=503) from exc
    except DocumentTooLarge as exc:
        raise too_large(exc) from exc
    except Exception as exc:  # the stage's own failure, in the child
        logger.exception("%s failed", function.__name__)
        raise ApplicationError(failed % {"error": str(exc)[:200]}, status=422) from exc


def check(model: Document, document: OutgoingDocument) -> list[dict[str, Any]]:
    """The checker's findings as dicts (rule_id, severity, element, message, suggestion…)."""
    try:
        from zhongshu.gongwen.checker import check_document
    except ImportError:
        logger.warning("gongwen checker unavailable; sign-off runs without findings")
        return []
    try:
        findings = check_document(model, _context(model, document))
    except DocumentTooLarge as exc:
        raise too_large(exc) from exc
    result = []
    for finding in findings:
        if hasattr(finding, "to_dict"):
            result.append(finding.to_dict())
        elif isinstance(finding, dict):
            result.append(dict(finding))
    return [f for f in result if not _filled_later(f, model)]


def check_bounded(model: Document, document: OutgoingDocument) -> list[dict[str, Any]]:
    """``check`` for the live check and the API: the rules run in a child process with the
    time limit (the context, which reads the organ tree, is built here)."""
    from zhongshu.gongwen import jobs

    findings = _bounded(
        jobs.findings,
        _context(model, document),
        overrun=_("审核超时：超过 %(seconds)s 秒仍未完成，已停止。请精简内容后再试。"),
        failed=_("审核失败：%(error)s"),
    )
    return [f for f in findings if not _filled_later(f, model)]


# Rules about an element the platform itself fills after the draft: the 份号 are numbered at
# 核发 (the drafter may not write them), so a classified draft "without 份号" is no finding, and
# must not force every signer of a classified document to give an override reason.
_FILLED_AT_DISPATCH = frozenset({"classification.copy-number"})


def _filled_later(finding: dict[str, Any], model: Document) -> bool:
    return finding.get("rule_id") in _FILLED_AT_DISPATCH and not model.copy_number.strip()


def errors_of(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if str(f.get("severity", "")) == "error"]


@dataclass(frozen=True)
class Rendered:
    """The sealed files; ``copy_number_slot`` is where a classified PDF's 份号 goes (its line
    left free: each numbered copy is stamped there, ``copy_pdf``)."""

    pdf: bytes
    docx: bytes
    copy_number_slot: dict[str, float] | None = None


def render(model: Document, *, seal_images: dict[str, bytes] | None = None) -> Rendered:
    """Typeset the document to PDF and .docx (GB/T 9704-2012), with the seals by organ name."""
    try:
        from zhongshu.gongwen.typeset.docx import render_docx
        from zhongshu.gongwen.typeset.pdf import render_pdf
    except ImportError as exc:
        raise ApplicationError(_("排版模块不可用，暂不能生成成文文件。"), status=503) from exc
    try:
        result = render_pdf(model, seal_images=seal_images or None, copy_number_slot=True)
        docx = render_docx(model)
    except DocumentTooLarge as exc:
        raise too_large(exc) from exc
    except Exception as exc:  # the typesetter's own errors become a refusal, not a 500
        logger.exception("typesetting failed")
        raise ApplicationError(
            _("排版失败：%(error)s") % {"error": str(exc)[:200]}, status=422
        ) from exc
    slot = result.copy_number_slot
    return Rendered(
        pdf=result.pdf,
        docx=docx,
        copy_number_slot=CopyNumberSlot.from_placement(slot).to_dict() if slot else None,
    )


# Previews are kept by the hash of the content: the live preview asks again on every pause in
# typing, and the same content gives the same PDF. Ten minutes covers an editing session; a
# PDF over 2 MB is not kept (the cache is in memory unless CACHES says otherwise).
PREVIEW_CACHE_SECONDS = 600
PREVIEW_CACHE_MAX_BYTES = 2 * 1024 * 1024
# Bump when the typesetter's output changes, so that no cached preview outlives it.
_PREVIEW_VERSION = "1"


def preview_key(model: Document) -> str:
    digest = hashlib.sha256(model.model_dump_json().encode("utf-8")).hexdigest()
    return f"documents:preview:{_PREVIEW_VERSION}:{digest}"


def render_preview(model: Document) -> bytes:
    """A PDF of the document as it stands (no seal), for the preview on the page.

    Served from the cache when the same content was typeset lately; otherwise typeset in a
    child process with the time limit (``RENDER_TIMEOUT_SECONDS``).
    """
    key = preview_key(model)
    pdf = cache.get(key)
    if pdf is not None:
        return pdf
    try:
        from zhongshu.gongwen import jobs
    except ImportError as exc:
        raise ApplicationError(_("排版模块不可用，暂不能预览。"), status=503) from exc
    pdf = _bounded(
        jobs.preview_pdf,
        model,
        overrun=_("排版超时：超过 %(seconds)s 秒仍未完成，已停止。请精简内容后再试。"),
        failed=_("排版失败：%(error)s"),
    )
    if len(pdf) <= PREVIEW_CACHE_MAX_BYTES:
        cache.set(key, pdf, PREVIEW_CACHE_SECONDS)
    return pdf


@dataclass(frozen=True)
class DocxRead:
    """What the reader made of an uploaded .docx: the content for the draft form and the
    lines it could not place (line number, text, reason in Chinese)."""

    content: dict[str, Any]
    unplaced: list[tuple[int, str, str]]
    ignored: list[str]


MAX_DOCX_BYTES = 20 * 1024 * 1024


def read_upload(data: bytes) -> DocxRead:
    """Read an uploaded .docx into the structure of the draft form.

    The 发文字号 and the 成文日期 found in the file are dropped (the number is allocated at
    登记, the date is the sign-off date; domain.md §8) and reported as ignored. Any failure of
    the reader becomes an ``ApplicationError`` with a Chinese message, never a 500.
    """
    from zhongshu.gongwen.reader import DocxReadError, read_docx

    if not data:
        raise ApplicationError(_("上传的文件是空的。"), status=400)
    if len(data) > MAX_DOCX_BYTES:
        raise ApplicationError(_("文件超过 20 MB，无法读取。"), status=400)
    try:
        result = read_docx(data)
    except DocumentTooLarge as exc:
        raise too_large(exc) from exc
    except DocxReadError as exc:
        raise ApplicationError(
            _("无法读取该文件：%(reason)s。请上传 Word 2007 及以上版本的 .docx 文件。")
            % {"reason": str(exc)},
            status=400,
        ) from exc
    except Exception as exc:  # a damaged file can fail anywhere inside the reader
        logger.exception("reading an uploaded .docx failed")
        raise ApplicationError(
            _("无法读取该文件：文件已损坏或不是有效的 .docx 文档。"), status=400
        ) from exc
    content = result.document.model_dump(mode="json")
    ignored = []
    if content.get("doc_number"):
        ignored.append(
            _("文件中的发文字号“%(number)s”未采用：文号在登记时由系统编号。")
            % {"number": content["doc_number"]}
        )
    if content.get("date") or content.get("date_text"):
        ignored.append(_("文件中的成文日期未采用：成文日期以签发日期为准。"))
    for line, text, where in result.carried:
        # Kept, not dropped (issue #13): say where the reader put what it could not name.
        ignored.append(
            _("第%(line)s段起的文字“%(text)s”：%(where)s。")
            % {"line": line, "text": text[:40], "where": where}
        )
    return DocxRead(
        content=content,
        unplaced=[(u.line, u.text, u.reason) for u in result.unplaced],
        ignored=ignored,
    )


# Which field of the draft form each checker element belongs to (by the element's name prefix).
_FIELD_OF_ELEMENT = (
    ("标题", "title"),
    ("题注", "adoption_note"),
    ("主送", "primary_recipients"),
    ("正文", "body"),
    ("附件说明", "attachment_notes"),
    ("附件", "attachments"),
    ("附注", "note"),
    ("抄送", "cc_recipients"),
    ("签发人", "signers"),
    ("密级", "classification"),
    ("保密期限", "classification_period"),
    ("紧急程度", "urgency"),
    ("发文机关", "issuers"),
    ("文种", "doc_type"),
    ("版式", "layout"),
    ("行文方向", "direction"),
    ("印发", "printer"),
    ("令号", "order_number"),
    ("签署人", "signer_name"),
    ("纪要", "minutes_number"),
)


def findings_by_field(findings: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The findings grouped by the draft-form field they concern; "" holds the rest."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        element = str(finding.get("element") or "")
        field = next((f for prefix, f in _FIELD_OF_ELEMENT if element.startswith(prefix)), "")
        grouped.setdefault(field, []).append(finding)
    return grouped


def findings_by_element(findings: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The findings grouped by element name, in the order the checker reported them."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        grouped.setdefault(str(finding.get("element") or _("全文")), []).append(finding)
    return list(grouped.items())
