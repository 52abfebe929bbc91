"""用印: the seal is applied in the system to the typeset file (domain.md §8: no download →
stamp → upload). The final PDF and the editable .docx are rendered from the numbered content
with each issuing organ's seal image, stored with their SHA-256 (and SM3 when enabled), and
never change afterwards.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import audit_record
from zhongshu.documents import permissions, rendering
from zhongshu.documents.models import DocNumber, IssuedFile, OutgoingDocument
from zhongshu.documents.permissions import Action
from zhongshu.documents.services._common import (
    Decision,
    Status,
    dump_content,
    outgoing_flow,
    parse_content,
    step_pool,
)
from zhongshu.documents.services.drafting import organ_by_name
from zhongshu.gongwen.model import Document
from zhongshu.lib.errors import ApplicationError


def sm3_enabled() -> bool:
    return settings.DOCUMENTS_SM3 or settings.AUDIT_HASH == "sm3"


def sm3_hex(data: bytes) -> str:
    from gmssl import func, sm3

    return sm3.sm3_hash(func.bytes_to_list(data))


def _seal_images(model: Document, document: OutgoingDocument) -> dict[str, bytes]:
    """Each issuer's seal image (the organ's uploaded seal), by the names the typesetter uses."""
    if not model.sealed:
        return {}
    images: dict[str, bytes] = {}
    for index, issuer in enumerate(model.issuers):
        organ = document.organ if index == 0 else organ_by_name(issuer.name)
        if organ is None or not organ.seal:
            raise ApplicationError(
                _(
                    "“%(name)s”尚未上传印章图片，不能用印。请联系系统管理员在机关信息中上传"
                    "印章图片；如本文不需加盖印章，可退回修改。"
                )
                % {"name": issuer.name}
            )
        with organ.seal.open("rb") as handle:
            data = handle.read()
        images[issuer.name] = data
        images[issuer.signature_text] = data
    return images


def _issued_file(
    document: OutgoingDocument,
    kind: str,
    data: bytes,
    now,
    *,
    number: DocNumber,
    copy_number_slot: dict | None = None,
) -> IssuedFile:
    name = f"{document.doc_number or document.pk}.{kind}"
    issued = IssuedFile(
        document=document,
        number=number,
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        sm3=sm3_hex(data) if sm3_enabled() else "",
        copy_number_slot=copy_number_slot,
        created_at=now,
    )
    issued.file.save(name, ContentFile(data), save=False)
    issued.save(force_insert=True)
    return issued


def document_seal(*, document: OutgoingDocument, actor) -> list[IssuedFile]:
    """用印: render the sealed PDF and the .docx, keep them, move to 核发.

    1. Check and render outside the transaction (typesetting takes time); the content rendered
       is remembered.
    2. In the transaction: lock, check again, refuse if the content changed meanwhile, store
       both files with their digests, move the document on.
    3. If anything fails after the files were written, the written files are removed again.
    """
    permissions.require(actor, document, Action.SEAL)
    if document.current_files.exists():
        raise ApplicationError(_("该公文已用印，成文文件不能再改变。"))
    today = timezone.localdate()
    model = parse_content(document.content)
    print_date_set = model.print_date is None
    if print_date_set:
        model = model.model_copy(update={"print_date": today})
    content = dump_content(model)
    rendered = rendering.render(model, seal_images=_seal_images(model, document))
    stored: list[IssuedFile] = []
    try:
        with transaction.atomic(durable=True):
            before = document.content
            outgoing_flow.lock(document)
            cap = permissions.require(actor, document, Action.SEAL)
            if document.content != before:
                raise ApplicationError(_("用印期间公文内容已变化，请重试。"))
            if document.current_files.exists():
                raise ApplicationError(_("该公文已用印，成文文件不能再改变。"))
            number = document.numbers.filter(voided_at__isnull=True).first()
            if number is None:
                raise ApplicationError(_("该公文没有有效的发文字号，请先登记编号。"))
            clerks = step_pool(document, Status.DISPATCH)
            now = timezone.now()
            for kind, data, slot in (
                (IssuedFile.Kind.PDF, rendered.pdf, rendered.copy_number_slot),
                (IssuedFile.Kind.DOCX, rendered.docx, None),
            ):
                stored.append(
                    _issued_file(document, kind, data, now, number=number, copy_number_slot=slot)
                )
            outgoing_flow.close_items(document, status=Status.SEAL, actor=actor)
            outgoing_flow.move(
                document,
                to_status=Status.DISPATCH,
                actor=actor,
                acting_for=cap.acting_for,
                decision=Decision.SEAL,
                extra={
                    **{f.kind: f.sha256 for f in stored},
                    "number": number.pk,
                    "print_date_set": print_date_set,
                },
                content=content,
            )
            outgoing_flow.open_items(
                document, status=Status.DISPATCH, assignees=clerks, created_by=actor
            )
            audit_record(
                actor=actor,
                action="outgoing_seal",
                obj=document,
                organ=document.organ,
                acting_for=cap.acting_for,
                extra={
                    "doc_number": document.doc_number,
                    "files": [{"kind": f.kind, "sha256": f.sha256, "size": f.size} for f in stored],
                },
            )
    except Exception:
        for issued in stored:
            issued.file.storage.delete(issued.file.name)
        raise
    return stored
