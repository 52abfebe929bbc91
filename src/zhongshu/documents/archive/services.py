"""Writes of the archive: 归档 a 件, export a year, mark 撤销/废止, track classified copies.

Every service runs in one durable transaction with its audit line (style.md §20).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import date
from xml.etree import ElementTree as ET

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import audit_record
from zhongshu.documents.archive.models import (
    COPY_GRAPH,
    ArchiveFonds,
    ArchiveItem,
    CopyRecord,
    CopyRegisterLine,
    DocumentStatusMark,
    Retention,
)
from zhongshu.documents.archive.pdfpages import PageCountError, pdf_page_count
from zhongshu.documents.archive.retention import retention_for
from zhongshu.flow.core import Workflow, lock, sequence_next
from zhongshu.flow.models import Sequence
from zhongshu.lib.errors import ApplicationError
from zhongshu.lib.spreadsheets import xlsx_append
from zhongshu.organs.models import Classification, Role
from zhongshu.organs.selectors import role_organ_ids

CATEGORY = "WS"  # 文书
CLASS_CODE = re.compile(r"^[A-Z0-9]{1,10}$")
FONDS_CODE = re.compile(r"^[A-Z0-9]{4}$")
CATALOGUE_COLUMNS = ["序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"]


# --- who may act ------------------------------------------------------------------------------


def organs_with_role(user, roles) -> set[int]:
    """Ids of the organs where ``user`` holds one of ``roles`` (none for an anonymous user or
    an administrator): the 收文 rule's own lookup, so that both apps read roles alike."""
    if user is None or not user.is_authenticated or getattr(user, "admin_role", ""):
        return set()
    return role_organ_ids(user=user, roles=roles)


def _require_role(user, organ_id: int, roles, message: str) -> None:
    if organ_id not in organs_with_role(user, roles):
        raise PermissionDenied(message)


# --- 档号 ---------------------------------------------------------------------------------------


def fonds_code_for(organ) -> str:
    """The organ's 全宗号; an organ without one configured uses its id, zero-padded to 4."""
    fonds = ArchiveFonds.objects.filter(organ=organ).first()
    return fonds.code if fonds else f"{organ.pk:04d}"[-4:]


def archival_code(*, fonds: str, year: int, retention: str, class_code: str, seq: int) -> str:
    """``全宗号-WS·年度-保管期限-机构（问题）代码-件号`` with the 件号 zero-padded to 4."""
    return f"{fonds}-{CATEGORY}·{year:04d}-{retention}-{class_code}-{seq:04d}"


# --- 归档 ---------------------------------------------------------------------------------------


def _pages(data: bytes, what: str) -> int:
    try:
        return pdf_page_count(data)
    except PageCountError as exc:
        raise ValidationError(_("%(what)s不是可计页的 PDF 文件。") % {"what": what}) from exc


def _incoming_parts(document) -> dict:
    from zhongshu.documents.incoming import selectors as incoming_selectors
    from zhongshu.documents.incoming.models import IncomingDocument
    from zhongshu.documents.incoming.slip_pdf import render_slip_pdf

    if document.status not in {
        IncomingDocument.Status.CLOSED,
        IncomingDocument.Status.FILED,
    }:
        raise ApplicationError(_("只有已办结的收文才能归档。"))
    main: bytes | None = None
    issued = incoming_selectors.received_file(document=document)
    if issued is not None:
        with issued.file.open("rb") as handle:
            main = handle.read()
    elif document.scan and document.scan.name.lower().endswith(".pdf"):
        with document.scan.open("rb") as handle:
            main = handle.read()
    slip = render_slip_pdf(document)
    received = document.acknowledged_at or document.created_at
    return {
        "organ": document.organ,
        "title": document.title,
        "doc_number": document.doc_number,
        "responsible": document.sender_name,
        "date": timezone.localtime(received).date(),
        "classification": document.classification,
        "doc_type": document.doc_type,
        "important": document.important,
        "main": main if main is not None else slip,
        "slip": slip if main is not None else None,
    }


def _outgoing_parts(document) -> dict:
    from zhongshu.documents.models import IssuedFile, OutgoingDocument

    if document.status != OutgoingDocument.Status.DISPATCHED:
        raise ApplicationError(_("只有已核发的发文才能归档。"))
    if document.signed_on is None:
        raise ApplicationError(_("该发文没有签发日期，不能归档。"))
    # the valid number's file: those sealed under a voided number stay stored, unissued
    issued = document.current_files.filter(kind=IssuedFile.Kind.PDF).first()
    if issued is None:
        raise ApplicationError(_("该发文没有版式文件（PDF），不能归档。"))
    with issued.file.open("rb") as handle:
        main = handle.read()
    return {
        "organ": document.organ,
        "title": document.title,
        "doc_number": document.doc_number,
        "responsible": document.organ.name,
        # 成文日期 = the (last) sign-off date, never the drafting date (domain.md §8)
        "date": document.signed_on,
        "classification": document.classification,
        "doc_type": document.doc_type,
        "important": document.important,
        "main": main,
        "slip": None,
    }


def archive_file(
    *,
    actor,
    incoming=None,
    outgoing=None,
    class_code: str = "BGS",
    retention: str = "",
    note: str = "",
) -> ArchiveItem:
    """归档 one closed incoming or dispatched outgoing document as a 件.

    1. Only the organ's 档案员 files; the document is filed once.
    2. 保管期限 from the configured table unless the archivist names one.
    3. Under the sequence lock: the next 件号 of (全宗, 年度, 保管期限, 机构) and the 档号.
    4. The PDFs are copied with their SHA-256 and counted page by page.
    5. An incoming document moves to FILED with a slip row; the audit line is written.
    """
    if (incoming is None) == (outgoing is None):
        raise ValidationError(_("请指定一件收文或发文。"))
    class_code = (class_code or "").strip().upper()
    if not CLASS_CODE.match(class_code):
        raise ValidationError(
            {"class_code": [_("机构（问题）代码须为 1 至 10 位大写字母或数字。")]}
        )
    if retention and retention not in Retention.values:
        raise ValidationError({"retention": [_("保管期限须为永久、定期30年或定期10年。")]})
    document = incoming if incoming is not None else outgoing
    _require_role(actor, document.organ_id, [Role.ARCHIVIST], _("只有本机关档案员可以归档。"))
    if document.classification > actor.clearance:
        raise PermissionDenied(_("您的涉密等级不足，不能归档该密级文件。"))
    with transaction.atomic(durable=True):
        if incoming is not None:
            lock(incoming)
        if ArchiveItem.objects.filter(incoming=incoming, outgoing=outgoing).exists():
            raise ApplicationError(_("该文件已归档。"))
        parts = _incoming_parts(incoming) if incoming is not None else _outgoing_parts(outgoing)
        # The table decides; an archivist's different choice is kept beside it in the audit line.
        table_retention = retention_for(doc_type=parts["doc_type"], important=parts["important"])
        retention = retention or table_retention
        pages = _pages(parts["main"], _("正文"))
        if parts["slip"] is not None:
            pages += _pages(parts["slip"], _("处理单"))
        organ = parts["organ"]
        year = parts["date"].year
        seq = sequence_next(
            kind=Sequence.Kind.ARCHIVE, organ=organ, key=f"{retention}/{class_code}", year=year
        )
        fonds = fonds_code_for(organ)
        code = archival_code(
            fonds=fonds, year=year, retention=retention, class_code=class_code, seq=seq
        )
        item = ArchiveItem(
            organ=organ,
            incoming=incoming,
            outgoing=outgoing,
            fonds_code=fonds,
            year=year,
            retention=retention,
            class_code=class_code,
            seq=seq,
            archival_code=code,
            title=parts["title"],
            doc_number=parts["doc_number"],
            responsible=parts["responsible"],
            date=parts["date"],
            classification=parts["classification"],
            pages=pages,
            file_sha256=hashlib.sha256(parts["main"]).hexdigest(),
            note=(note or "").strip()[:200],
            filed_by=actor,
            filed_at=timezone.now(),
        )
        item.file.save(f"{code}.pdf", ContentFile(parts["main"]), save=False)
        if parts["slip"] is not None:
            item.slip_sha256 = hashlib.sha256(parts["slip"]).hexdigest()
            item.slip.save(f"{code}-slip.pdf", ContentFile(parts["slip"]), save=False)
        item.full_clean()
        item.save()
        if incoming is not None:
            _mark_incoming_filed(incoming, actor=actor, retention=retention, code=code)
        audit_record(
            actor=actor,
            action="archive_file",
            obj=item,
            organ=organ,
            extra={
                "archival_code": code,
                "kind": item.kind,
                "document": document.pk,
                "pages": pages,
                "retention": retention,
                "table_retention": table_retention,
            },
        )
    return item


def _mark_incoming_filed(document, *, actor, retention: str, code: str) -> None:
    from zhongshu.documents.incoming.models import IncomingDocument, IncomingStep
    from zhongshu.documents.incoming.services._common import incoming_flow

    if document.status == IncomingDocument.Status.FILED:
        return
    incoming_flow.move(
        document,
        to_status=IncomingDocument.Status.FILED,
        action=IncomingStep.Action.FILE,
        actor=actor,
        opinion=code,
        extra={"archival_code": code},
        retention=retention,
        filed_at=timezone.now(),
    )


def fonds_set(*, organ, code: str, actor) -> ArchiveFonds:
    """Set the organ's 全宗号 (4 capital letters or digits) before its first 件 is filed."""
    code = (code or "").strip().upper()
    if not FONDS_CODE.match(code):
        raise ValidationError({"code": [_("全宗号须为 4 位大写字母或数字。")]})
    _require_role(actor, organ.pk, [Role.ARCHIVIST], _("只有本机关档案员可以设置全宗号。"))
    with transaction.atomic(durable=True):
        if ArchiveItem.objects.filter(organ=organ).exists():
            raise ApplicationError(_("本机关已有归档文件，全宗号不能再改。"))
        fonds, _created = ArchiveFonds.objects.update_or_create(
            organ=organ, defaults={"code": code}
        )
        audit_record(actor=actor, action="archive_fonds_set", organ=organ, extra={"code": code})
    return fonds


# --- export ----------------------------------------------------------------------------------


def _catalogue_row(index: int, item: ArchiveItem) -> list:
    return [
        index,
        item.archival_code,
        item.doc_number,
        item.responsible,
        item.title,
        item.date.strftime("%Y%m%d"),
        Classification(item.classification).label if item.classification else "",
        item.pages,
        item.note,
    ]


def archive_export_year(*, organ, year: int, actor) -> tuple[str, bytes]:
    """A year's filing as a .zip: every 件's PDFs, 归档文件目录.xlsx and 归档文件目录.xml.

    Items are in 档号 order with the 件号 compared as numbers. Returns (file name, bytes).
    """
    from openpyxl import Workbook

    _require_role(actor, organ.pk, [Role.ARCHIVIST], _("只有本机关档案员可以导出归档文件。"))
    items = list(
        ArchiveItem.objects.filter(organ=organ, year=year).order_by(
            "retention", "class_code", "seq"
        )
    )
    if not items:
        raise ApplicationError(_("%(year)s 年度没有归档文件。") % {"year": year}, status=404)
    # The package holds every PDF of the year: only an archivist cleared for the highest 密级
    # in it may take it out (domain.md §8: classification drives export).
    highest = max(item.classification for item in items)
    if highest > actor.clearance:
        raise PermissionDenied(
            _("本年度归档文件含%(level)s文件，您的涉密等级不足，不能导出。")
            % {"level": Classification(highest).label}
        )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("归档文件目录"))
    xlsx_append(sheet, CATALOGUE_COLUMNS)
    root = ET.Element("归档文件目录", {"全宗号": items[0].fonds_code, "年度": str(year)})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for index, item in enumerate(items, start=1):
            row = _catalogue_row(index, item)
            xlsx_append(sheet, row)
            element = ET.SubElement(root, "件")
            for name, value in zip(CATALOGUE_COLUMNS, row, strict=True):
                ET.SubElement(element, name).text = str(value)
            ET.SubElement(element, "保管期限").text = item.retention
            ET.SubElement(element, "件号").text = str(item.seq)
            ET.SubElement(
                element, "正文文件", {"SHA256": item.file_sha256}
            ).text = f"{item.archival_code}.pdf"
            with item.file.open("rb") as handle:
                package.writestr(f"{item.archival_code}.pdf", handle.read())
            if item.slip:
                ET.SubElement(
                    element, "处理单文件", {"SHA256": item.slip_sha256}
                ).text = f"{item.archival_code}-处理单.pdf"
                with item.slip.open("rb") as handle:
                    package.writestr(f"{item.archival_code}-处理单.pdf", handle.read())
        xlsx = io.BytesIO()
        workbook.save(xlsx)
        package.writestr("归档文件目录.xlsx", xlsx.getvalue())
        ET.indent(root)
        package.writestr(
            "归档文件目录.xml", ET.tostring(root, encoding="utf-8", xml_declaration=True)
        )
    audit_record(
        actor=actor,
        action="archive_export",
        organ=organ,
        extra={"year": year, "items": len(items)},
    )
    return f"{items[0].fonds_code}-{year}.zip", buffer.getvalue()


# --- 撤销 / 废止 ------------------------------------------------------------------------------


def document_mark(
    *,
    actor,
    kind: str,
    reason: str,
    incoming=None,
    outgoing=None,
    effective_from: date | None = None,
) -> DocumentStatusMark:
    """Mark a document revoked (void from its own date) or abolished (void from a date).

    The document is never deleted or changed. Marked by the organ's 办公室主任 or 档案员.
    """
    if (incoming is None) == (outgoing is None):
        raise ValidationError(_("请指定一件收文或发文。"))
    if kind not in DocumentStatusMark.Kind.values:
        raise ValidationError({"kind": [_("请选择撤销或废止。")]})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("撤销或废止须说明理由。")]})
    document = incoming if incoming is not None else outgoing
    _require_role(
        actor,
        document.organ_id,
        [Role.OFFICE_DIRECTOR, Role.ARCHIVIST],
        _("只有本机关办公室主任或档案员可以标记撤销或废止。"),
    )
    if outgoing is not None:
        own_date = outgoing.signed_on
    else:
        own_date = incoming.document_date or timezone.localtime(incoming.created_at).date()
    if kind == DocumentStatusMark.Kind.REVOKE:
        effective_from = own_date or timezone.localdate()
    elif effective_from is None:
        raise ValidationError({"effective_from": [_("废止须填写失效日期。")]})
    elif own_date and effective_from < own_date:
        raise ValidationError({"effective_from": [_("失效日期不能早于成文日期。")]})
    with transaction.atomic(durable=True):
        marks = DocumentStatusMark.objects.filter(incoming=incoming, outgoing=outgoing)
        if marks.filter(kind=DocumentStatusMark.Kind.REVOKE).exists():
            raise ApplicationError(_("该文件已撤销。"))
        if kind == DocumentStatusMark.Kind.ABOLISH and marks.exists():
            raise ApplicationError(_("该文件已废止。"))
        mark = status_mark_record(
            kind=kind,
            reason=reason,
            effective_from=effective_from,
            actor=actor,
            incoming=incoming,
            outgoing=outgoing,
        )
    return mark


def status_mark_record(
    *, kind: str, reason: str, effective_from: date, actor, incoming=None, outgoing=None, **extra
) -> DocumentStatusMark:
    """Store a 撤销/废止 mark and its audit line inside the caller's transaction.

    The one writer of marks: ``document_mark`` (the office marks by hand, after its checks) and
    the 核发 of a correction document (``documents.services.correction``) both end here.
    """
    document = incoming if incoming is not None else outgoing
    mark = DocumentStatusMark(
        kind=kind,
        incoming=incoming,
        outgoing=outgoing,
        reason=reason[:500],
        effective_from=effective_from,
        actor=actor,
        at=timezone.now(),
    )
    mark.full_clean()
    mark.save()
    audit_record(
        actor=actor,
        action=f"document_{kind}",
        obj=document,
        organ=document.organ,
        extra={"reason": mark.reason, "effective_from": effective_from.isoformat(), **extra},
    )
    return mark


# --- 份号 of classified copies --------------------------------------------------------------

CopyStatus = CopyRecord.Status


def _copy_line(record: CopyRecord, *, from_status: str, to_status: str, actor, note: str = ""):
    return CopyRegisterLine.objects.create(
        record=record,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note[:500],
        at=timezone.now(),
    )


# The 份号 register on the workflow core: no work items, one register line and one audit line
# per move.
copy_flow = Workflow(graph=COPY_GRAPH, record=_copy_line, step_args=frozenset({"actor", "note"}))


def _copy_move(record: CopyRecord, *, to_status: str, actor, note: str = "", **fields) -> None:
    """Compare-and-set the copy's status, its register line and its audit line."""
    copy_flow.move(
        record,
        to_status=to_status,
        actor=actor,
        note=note,
        params={"no": f"{record.copy_number:06d}"},
        **fields,
    )
    audit_record(
        actor=actor,
        action=f"copy_{to_status}",
        obj=record,
        organ=record.holder,
        extra={"document": record.document_id, "copy_number": record.copy_number, "note": note},
    )


def copy_records_register(*, document, actor) -> list[CopyRecord]:
    """Open a register line for every numbered copy of a dispatched classified document
    (by hand, for a document dispatched before the register was kept; 核发 opens them itself
    through ``copy_records_open``)."""
    if document.classification == Classification.NONE:
        raise ApplicationError(_("非涉密文件不登记份号。"))
    _require_role(
        actor,
        document.organ_id,
        [Role.CONFIDENTIAL_CLERK, Role.CLERK, Role.ARCHIVIST],
        _("只有发文机关的机要员、文书或档案员可以登记份号。"),
    )
    with transaction.atomic(durable=True):
        return copy_records_open(document=document, actor=actor)


def copy_records_open(*, document, actor) -> list[CopyRecord]:
    """One ``CopyRecord`` (held by the recipient organ) and its first register line per 份号 in
    each in-deployment recipient's range; copies already recorded are left as they are.

    Runs in the caller's transaction: the 核发 service calls it inside the dispatch, which has
    authorised the actor, so that the copies and the dispatch commit together.
    """
    from zhongshu.documents.models import DispatchRecipient

    if document.classification == Classification.NONE:
        raise ApplicationError(_("非涉密文件不登记份号。"))
    created = []
    with transaction.atomic():
        now = timezone.now()
        recipients = DispatchRecipient.objects.filter(
            document=document, copy_number_from__isnull=False, organ__isnull=False
        ).order_by("copy_number_from")
        for recipient in recipients:
            for number in range(recipient.copy_number_from, recipient.copy_number_to + 1):
                record, new = CopyRecord.objects.get_or_create(
                    document=document,
                    copy_number=number,
                    defaults={"holder": recipient.organ, "updated_at": now},
                )
                if new:
                    CopyRegisterLine.objects.create(
                        record=record,
                        to_status=CopyStatus.DISPATCHED,
                        actor=actor,
                        note=recipient.name,
                        at=now,
                    )
                    created.append(record)
        audit_record(
            actor=actor,
            action="copy_register",
            obj=document,
            organ=document.organ,
            extra={"copies": [r.copy_number for r in created]},
        )
    return created


def copy_return(*, record: CopyRecord, actor, note: str = "") -> CopyRecord:
    """清退: the copy came back to the issuing organ (recorded by its 机要员 or 文书)."""
    _require_role(
        actor,
        record.document.organ_id,
        [Role.CONFIDENTIAL_CLERK, Role.CLERK, Role.ARCHIVIST],
        _("只有发文机关的机要员、文书或档案员可以登记清退。"),
    )
    with transaction.atomic(durable=True):
        _copy_move(record, to_status=CopyStatus.RETURNED, actor=actor, note=note)
    return record


def copy_destruction_request(*, record: CopyRecord, actor, reason: str) -> CopyRecord:
    """The holder asks to destroy its copy; the office director must approve."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("申请销毁须说明理由。")]})
    _require_role(
        actor,
        record.holder_id,
        [Role.CONFIDENTIAL_CLERK, Role.CLERK, Role.ARCHIVIST],
        _("只有持有单位的机要员、文书或档案员可以申请销毁。"),
    )
    with transaction.atomic(durable=True):
        _copy_move(
            record,
            to_status=CopyStatus.DESTRUCTION_REQUESTED,
            actor=actor,
            note=reason,
            requested_by=actor,
            request_reason=reason[:500],
        )
    return record


def _require_approver(record: CopyRecord, actor) -> None:
    _require_role(
        actor,
        record.holder_id,
        [Role.OFFICE_DIRECTOR],
        _("销毁须经持有单位办公室主任审批。"),
    )
    if record.requested_by_id == actor.pk:
        raise PermissionDenied(_("申请人不能审批自己的销毁申请。"))


def copy_destruction_approve(*, record: CopyRecord, actor, note: str = "") -> CopyRecord:
    """The office director approves: the copy is destroyed and the register keeps the line."""
    _require_approver(record, actor)
    with transaction.atomic(durable=True):
        _copy_move(
            record, to_status=CopyStatus.DESTROYED, actor=actor, note=note, approved_by=actor
        )
    return record


def copy_destruction_reject(*, record: CopyRecord, actor, note: str) -> CopyRecord:
    """The office director refuses: the copy stays with its holder."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("不同意销毁须说明理由。")]})
    _require_approver(record, actor)
    with transaction.atomic(durable=True):
        _copy_move(record, to_status=CopyStatus.DISPATCHED, actor=actor, note=note)
    return record
