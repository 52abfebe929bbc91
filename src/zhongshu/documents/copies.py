"""Numbered copies of a classified 发文 (条例 第九条, GB/T 9704 §7.2.1: 涉密公文应当标注份号).

The sealed PDF is typeset once at 用印 and never changes (its SHA-256 is on record); its 份号
line is left free (``IssuedFile.copy_number_slot``), because the 份号 are given only at 核发,
per recipient (``DispatchRecipient.copy_number_from``–``copy_number_to``). Each copy handed out
is the sealed bytes plus an incremental update (``watermark.stamp``) carrying:

* the 份号 of the copy, where the typesetter would have printed it (line 1 of the 版头);
* the per-person watermark of whoever downloads it.

Who gets which number: a receiving organ's people get their organ's first 份号 (the copy that
reached it in the deployment; the archive's ``CopyRecord`` register holds each number), the
issuing office prints a recipient's whole range, one copy after another in one file. An
unclassified document is handed out as issued: no 份号, no watermark.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from zhongshu.documents.models import DispatchRecipient, IssuedFile, OutgoingDocument
from zhongshu.documents.watermark import (
    CopyNumberSlot,
    WatermarkError,
    stamp,
    watermark_text,
)
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.selectors import user_organ_ids

# The issuing office prints at most this many copies in one file (a larger range: by parts).
MAX_COPIES_PER_FILE = 500


def current_pdf(document: OutgoingDocument) -> IssuedFile | None:
    return document.current_files.filter(kind=IssuedFile.Kind.PDF).first()


def copy_pdf(
    *,
    document: OutgoingDocument,
    for_user,
    copy_numbers: Sequence[int | None] = (None,),
    issued: IssuedFile | None = None,
) -> tuple[bytes, bool]:
    """The PDF ``for_user`` receives of ``document``'s sealed PDF (``issued``, default the
    current one): for a classified document, one copy per entry of ``copy_numbers`` with that
    份号 (None: the issuing office's unnumbered file copy), watermarked for the person.

    Returns the bytes and whether they were marked. Raises ``ApplicationError`` when there is
    no sealed PDF or a classified one cannot be marked (an unmarked copy is never handed out).
    """
    issued = issued if issued is not None else current_pdf(document)
    if issued is None:
        raise ApplicationError(_("该公文尚无成文文件。"), status=404)
    with issued.file.open("rb") as handle:
        data = handle.read()
    if not document.classification:
        return data, False
    try:
        marked = stamp(
            data,
            watermark=watermark_text(user=for_user, document=document),
            copies=list(copy_numbers),
            slot=CopyNumberSlot.from_dict(issued.copy_number_slot),
        )
    except WatermarkError as exc:
        raise ApplicationError(
            _("涉密文件无法加注份号和个人水印，不能下载。"), extra={"reason": str(exc)}
        ) from exc
    return marked, True


def copy_number_for(*, document: OutgoingDocument, user) -> int | None:
    """The 份号 of the copy a person receives: the first of their organ's range when they serve
    a receiving organ (not the issuing one); None otherwise (the issuing office's own copy)."""
    if not document.classification:
        return None
    organs = user_organ_ids(user=user)
    if document.organ_id in organs:
        return None
    row = (
        document.recipients.filter(organ_id__in=organs, copy_number_from__isnull=False)
        .order_by("copy_number_from")
        .first()
    )
    return row.copy_number_from if row is not None else None


def recipient_copy_numbers(recipient: DispatchRecipient) -> list[int]:
    """Every 份号 of a recipient's range (empty for an unclassified document)."""
    if recipient.copy_number_from is None or recipient.copy_number_to is None:
        return []
    return list(range(recipient.copy_number_from, recipient.copy_number_to + 1))


def copies_print(
    *, document: OutgoingDocument, recipient_pk: int, user, number: str = "", request=None
) -> tuple[bytes, list[int]]:
    """The issuing office's print of a recipient's numbered copies: the whole 份号 range in one
    PDF, or the one copy ``number``; audited with the numbers handed out.

    Raises ``PermissionDenied`` (not the office, not classified or not dispatched),
    ``ValidationError`` (a number outside the range, too many copies) or ``ApplicationError``.
    """
    from zhongshu.documents import permissions
    from zhongshu.documents.services.viewing import document_access_record

    if not permissions.may_print_copies(user, document):
        raise PermissionDenied(
            _("只有本机关办公室的文书、机要员或主任可以打印已核发涉密公文的分送份。")
        )
    recipient = document.recipients.filter(pk=recipient_pk).first()
    if recipient is None:
        raise Http404
    numbers = recipient_copy_numbers(recipient)
    number = (number or "").strip()
    if number:
        if not number.isdigit() or int(number) not in numbers:
            raise ValidationError(
                {
                    "number": [
                        _("份号 %(number)s 不属于“%(name)s”（%(range)s）。")
                        % {"number": number, "name": recipient.name, "range": recipient.copy_range}
                    ]
                }
            )
        numbers = [int(number)]
    if len(numbers) > MAX_COPIES_PER_FILE:
        raise ValidationError(
            {
                "number": [
                    _("一次最多打印 %(max)d 份，请按份号分次打印。") % {"max": MAX_COPIES_PER_FILE}
                ]
            }
        )
    data, _marked = copy_pdf(document=document, for_user=user, copy_numbers=numbers)
    document_access_record(
        document=document,
        user=user,
        kind="print",
        request=request,
        file_kind=IssuedFile.Kind.PDF,
        watermarked=True,
        copy_numbers=numbers,
    )
    return data, numbers


def copies_filename(document: OutgoingDocument, numbers: list[int]) -> str:
    first, last = f"{numbers[0]:06d}", f"{numbers[-1]:06d}"
    return f"{document.doc_number or document.pk}-{first}" + (
        f"-{last}.pdf" if last != first else ".pdf"
    )


def received_copy_response(
    request, *, recipient: DispatchRecipient, issued: IssuedFile, filename: str
) -> HttpResponse:
    """The receiving side's download of the copy that reached ``recipient`` (收文 来文原件):
    its first 份号 and the downloader's watermark for a classified document; a refusal in
    Chinese (409) when it cannot be marked."""
    number = recipient.copy_number_from
    try:
        data, _marked = copy_pdf(
            document=recipient.document, for_user=request.user, copy_numbers=[number], issued=issued
        )
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response
