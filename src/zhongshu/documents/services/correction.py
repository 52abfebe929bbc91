"""更正: a dispatched document never changes; a later correction is a new document.

A person who may draft for the issuing organ starts a correction of a dispatched (核发) document:
修改 (amends it), 撤销 (revokes it: void from the start) or 废止 (abolishes it: void from the
new document's date). The new draft is linked to the old one (``corrects``) and runs the whole
route like any draft. Its 核发 marks the old one in the same transaction
(``correction_apply_on_dispatch``): 撤销/废止 leave the archive's ``DocumentStatusMark``, 修改
only the link.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import audit_record
from zhongshu.documents import permissions
from zhongshu.documents.models import OutgoingDocument
from zhongshu.documents.permissions import Action
from zhongshu.documents.services._common import Status, dump_content, parse_content
from zhongshu.documents.services.drafting import draft_build
from zhongshu.gongwen.model import Document
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.models import Department

Kind = OutgoingDocument.CorrectionKind

# What the drafter chooses (the empty member means "not a correction").
CORRECTION_KINDS = (Kind.AMEND, Kind.REVOKE, Kind.ABOLISH)

# Elements the office sets on the issued document; a correction starts without them.
_ISSUE_ELEMENTS = {
    "doc_number": "",
    "date": None,
    "date_text": "",
    "copy_number": "",
    "print_date": None,
}


def _marks(document: OutgoingDocument) -> set[str]:
    from zhongshu.documents.archive.models import DocumentStatusMark

    return set(DocumentStatusMark.objects.filter(outgoing=document).values_list("kind", flat=True))


def _title_cited(document: OutgoingDocument) -> str:
    """《标题》（发文字号）, as a correction cites a document."""
    if not document.doc_number:
        return f"《{document.title}》"
    return f"《{document.title}》（{document.doc_number}）"


def correction_content(*, document: OutgoingDocument, kind: str, organ_name: str) -> Document:
    """The prefilled content of the correction of ``document``.

    修改: a copy of the issued text without its number, date, 份号, 印发日期 and 签发人 (the
    drafter edits it). 撤销/废止: a 通知 of the organ to the same 主送 and 抄送, titled
    "…关于撤销《原标题》的通知", whose body cites the old 发文字号.
    """
    old = parse_content(document.content)
    issuers = [i.model_copy(update={"signers": []}) for i in old.issuers]
    if issuers:
        issuers[0] = issuers[0].model_copy(update={"name": organ_name})
    if kind == Kind.AMEND:
        return old.model_copy(update={**_ISSUE_ELEMENTS, "issuers": issuers})
    verb = _("撤销") if kind == Kind.REVOKE else _("废止")
    cited = _title_cited(document)
    old_json = old.model_dump(mode="json")
    if kind == Kind.REVOKE:
        first = _("经研究，决定撤销%(cited)s，该文件自始不发生效力。") % {"cited": cited}
    else:
        first = _("经研究，决定废止%(cited)s，自本通知印发之日起停止执行。") % {"cited": cited}
    data: dict[str, Any] = {
        "doc_type": "通知",
        "title": _("%(organ)s关于%(verb)s《%(title)s》的通知")
        % {"organ": organ_name, "verb": verb, "title": document.title},
        "issuers": [i.model_dump(mode="json") for i in issuers],
        "primary_recipients": list(old.primary_recipients),
        "cc_recipients": list(old.cc_recipients),
        "body": [{"text": first, "level": 0}, {"text": _("特此通知。"), "level": 0}],
        "classification": old_json["classification"],
        "classification_period": old.classification_period,
        "sealed": old.sealed,
        "printer": old.printer,
    }
    return parse_content(data)


def correction_create(
    *,
    document: OutgoingDocument,
    actor,
    kind: str,
    department: Department | None = None,
) -> OutgoingDocument:
    """Start the correction of a dispatched document: a new draft linked to it.

    1. Only a dispatched document is corrected (before 核发 it is returned instead); not one
       already revoked, nor an abolished one except to revoke it.
    2. The actor must see the document and draft for its organ (a 拟稿人 post in one of its
       units; ``department`` chooses which).
    3. The draft is built like any other (``draft_build``), saved with the link, audited.
    """
    if kind not in CORRECTION_KINDS:
        raise ValidationError({"kind": [_("请选择更正方式：修改、撤销或废止。")]})
    if document.status != Status.DISPATCHED:
        raise ApplicationError(
            _("只有已核发的公文才能起草更正文件；核发前如需修改，请退回。"),
            extra={"status": document.status},
        )
    permissions.require(actor, document, Action.CORRECT)
    marks = _marks(document)
    if Kind.REVOKE in marks:
        raise ApplicationError(_("该公文已撤销，不能再更正。"))
    if Kind.ABOLISH in marks and kind != Kind.REVOKE:
        raise ApplicationError(_("该公文已废止，只能再撤销。"))
    if department is not None and department.organ_id != document.organ_id:
        raise ValidationError({"department": [_("更正文件须由原发文机关起草。")]})
    organ_name = document.organ.name
    model = correction_content(document=document, kind=kind, organ_name=organ_name)
    draft = draft_build(
        actor=actor,
        content=dump_content(model),
        department=department,
        organ_id=document.organ_id,
    )
    draft.corrects = document
    draft.correction_kind = kind
    draft.full_clean()
    with transaction.atomic(durable=True):
        draft.save(force_insert=True)
        audit_record(
            actor=actor,
            action="outgoing_correction_create",
            obj=draft,
            organ=draft.organ,
            extra={
                "corrects": document.pk,
                "corrects_number": document.doc_number,
                "kind": kind,
                "title": draft.title,
            },
        )
    return draft


def correction_apply_on_dispatch(*, document: OutgoingDocument, actor) -> Any:
    """At the 核发 of a correction (inside the dispatch transaction): mark the old document.

    撤销 and 废止 create the archive's ``DocumentStatusMark`` (撤销 from the old document's own
    date, as the archive rules it; 废止 from the new document's date), unless the old document
    already carries such a mark; 修改 only keeps the link. Returns the mark or None.
    """
    from zhongshu.documents.archive.models import DocumentStatusMark
    from zhongshu.documents.archive.services import status_mark_record

    old = document.corrects
    if old is None or document.correction_kind not in (Kind.REVOKE, Kind.ABOLISH):
        return None
    marks = _marks(old)
    if DocumentStatusMark.Kind.REVOKE in marks:
        return None
    if document.correction_kind == Kind.ABOLISH and marks:
        return None
    today = timezone.localdate()
    if document.correction_kind == Kind.REVOKE:
        kind = DocumentStatusMark.Kind.REVOKE
        effective_from = old.signed_on or document.signed_on or today
        reason = _("由%(cited)s撤销") % {"cited": _title_cited(document)}
    else:
        kind = DocumentStatusMark.Kind.ABOLISH
        effective_from = document.signed_on or today
        reason = _("由%(cited)s废止") % {"cited": _title_cited(document)}
    return status_mark_record(
        kind=kind,
        reason=reason,
        effective_from=effective_from,
        actor=actor,
        outgoing=old,
        by=document.pk,
    )
