"""The 发文 API: lists, the draft, every step of the route, the files.

Thin: fetch through ``selectors.document_get_for_user`` (404 outside scope, 403 for a step that
is not the caller's), write through the same services as the pages. Errors are mapped once in
``zhongshu.config.api``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from zhongshu.accounts.models import User
from zhongshu.accounts.permissions import BusinessAuth
from zhongshu.documents import copies, permissions, rendering, selectors, services
from zhongshu.documents.exports import register_workbook
from zhongshu.documents.models import IssuedFile, OutgoingDocument
from zhongshu.documents.permissions import Action
from zhongshu.documents.services._common import parse_content
from zhongshu.documents.sheet_pdf import render_sheet_pdf
from zhongshu.lib.spreadsheets import XLSX
from zhongshu.lib.uploads import DOCX_IMPORT, check_upload
from zhongshu.organs.models import Department, Organ

router = Router(tags=["documents"])
auth = BusinessAuth()
PAGE_SIZE = 50


class PersonOut(Schema):
    id: int
    full_name: str


class DocumentOut(Schema):
    id: int
    title: str
    doc_type: str
    doc_number: str
    status: str
    status_label: str
    organ_id: int
    department_id: int
    drafter: PersonOut
    current_handler: PersonOut | None
    classification: int
    urgency: str
    important: bool
    direction: str
    signed_on: date | None
    dispatched_at: datetime | None
    updated_at: datetime
    corrects_id: int | None
    correction_kind: str


class StepOut(Schema):
    id: int
    step: str
    decision: str
    actor: PersonOut
    acting_for: PersonOut | None
    signature: str
    opinion: str
    from_status: str
    to_status: str
    round: int
    at: datetime
    extra: dict[str, Any]


class CountersignOut(Schema):
    id: int
    unit_name: str
    is_co_issuer: bool
    assignee: PersonOut
    opinion: str
    active: bool
    done_at: datetime | None


class FileOut(Schema):
    kind: str
    size: int
    sha256: str
    sm3: str
    created_at: datetime


class RecipientOut(Schema):
    name: str
    organ_id: int | None
    kind: str
    copies: int
    copy_number_from: int | None
    copy_number_to: int | None
    delivered_at: datetime | None


class CorrectionLinkOut(Schema):
    """A document correcting this one (修改/撤销/废止), and whether the caller may open it."""

    id: int
    title: str
    doc_number: str
    correction_kind: str
    status: str
    visible: bool


class DocumentDetailOut(DocumentOut):
    content: dict[str, Any]
    corrected_by: list[CorrectionLinkOut]
    round: int
    steps: list[StepOut]
    countersigns: list[CountersignOut]
    files: list[FileOut]
    recipients: list[RecipientOut]
    allowed_actions: list[str]
    return_targets: list[str]


class DocumentListIn(Schema):
    box: str = "mine"
    query: str = ""
    status: str = ""
    page: int = 1


class DocumentListOut(Schema):
    box: str
    page: int
    pages: int
    total: int
    items: list[DocumentOut]


class DraftIn(Schema):
    content: dict[str, Any]
    department_id: int | None = None
    deadline: datetime | None = None


class ContentIn(Schema):
    content: dict[str, Any]


class SubmitIn(Schema):
    reviewer_id: int
    opinion: str = ""


class CountersignSpecIn(Schema):
    department_id: int | None = None
    organ_id: int | None = None
    assignee_id: int


class PassIn(Schema):
    next_handler_id: int
    opinion: str = ""
    countersigns: list[CountersignSpecIn] = []
    checklist: list[str] = []


class FindingOut(Schema):
    rule_id: str
    severity: str
    element: str = ""
    start: int = 0
    end: int = 0
    message: str
    suggestion: str = ""
    source: str = ""


class OpinionIn(Schema):
    opinion: str = ""


class ReturnIn(Schema):
    to_status: str
    reason: str


class ReasonIn(Schema):
    reason: str


class SignOffIn(Schema):
    opinion: str = ""
    circled: bool = False
    override_reason: str = ""


class DispatchIn(Schema):
    copies: dict[str, int] = {}


class CorrectionCreateIn(Schema):
    kind: str
    department_id: int | None = None


def detail(user, document: OutgoingDocument) -> dict[str, Any]:
    """Everything the document page and the API show about one document."""
    data = DocumentOut.from_orm(document).model_dump()
    links = selectors.correction_links(user=user, document=document)
    data.update(
        content=document.content,
        round=document.round,
        corrected_by=[
            {
                "id": link["document"].pk,
                "title": link["document"].title,
                "doc_number": link["document"].doc_number,
                "correction_kind": link["document"].correction_kind,
                "status": link["document"].status,
                "visible": link["visible"],
            }
            for link in links["corrected_by"]
        ],
        steps=list(selectors.document_sheet(document=document)),
        countersigns=list(selectors.document_countersigns(document=document)),
        files=list(document.current_files),
        recipients=list(document.recipients.all()),
        allowed_actions=sorted(permissions.allowed_actions(user, document)),
        return_targets=services.return_targets(document)
        if Action.RETURN in permissions.allowed_actions(user, document)
        else [],
    )
    return data


def _person(pk: int | None, field: str) -> User:
    person = User.objects.filter(pk=pk, is_active=True, admin_role="").first() if pk else None
    if person is None:
        raise ValidationError({field: [_("人员不存在。")]})
    return person


def _countersign_specs(items: list[CountersignSpecIn]) -> list[dict[str, Any]]:
    specs = []
    for item in items:
        department = (
            Department.objects.filter(pk=item.department_id).first() if item.department_id else None
        )
        organ = Organ.objects.filter(pk=item.organ_id).first() if item.organ_id else None
        if item.department_id and department is None:
            raise ValidationError({"countersigns": [_("会签处室不存在。")]})
        if item.organ_id and organ is None:
            raise ValidationError({"countersigns": [_("会签机关不存在。")]})
        specs.append(
            {
                "department": department,
                "organ": organ,
                "assignee": _person(item.assignee_id, "countersigns"),
            }
        )
    return specs


@router.get("/", response=DocumentListOut, auth=auth)
def document_list(request, params: Query[DocumentListIn]):
    """Lists: mine (我起草的), todo (待我办理), issued (已核发), all (我可见的)."""
    if params.page < 1:
        raise ValidationError({"page": [_("页码必须大于零。")]})
    qs = selectors.documents_in_box(
        user=request.user, box=params.box, query=params.query, status=params.status
    )
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(params.page)
    return {
        "box": params.box,
        "page": page.number,
        "pages": paginator.num_pages,
        "total": paginator.count,
        "items": list(page),
    }


@router.post("/", response={201: DocumentDetailOut}, auth=auth)
def document_create(request, payload: DraftIn):
    """拟稿: a new draft from the structured content (gongwen JSON)."""
    department = None
    if payload.department_id is not None:
        department = Department.objects.filter(pk=payload.department_id).first()
        if department is None:
            raise ValidationError({"department_id": [_("处室不存在。")]})
    document = services.draft_create(
        actor=request.user,
        content=payload.content,
        department=department,
        deadline=payload.deadline,
    )
    return Status(201, detail(request.user, document))


class UnplacedOut(Schema):
    line: int
    text: str
    reason: str


class DocxReadOut(Schema):
    content: dict[str, Any]
    unplaced: list[UnplacedOut]
    ignored: list[str]


@router.post("/read-docx", response=DocxReadOut, auth=auth)
def document_read_docx(request, file: File[UploadedFile]):
    """A Word draft (.docx) read into the structure of a draft, for correction before
    ``POST /`` (nothing is saved); the lines the reader could not place come back in Chinese."""
    try:
        check_upload(file, DOCX_IMPORT)  # the draft form's rule (lib/uploads.py)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    read = rendering.read_upload(file.read())
    return {
        "content": read.content,
        "unplaced": [{"line": n, "text": t, "reason": r} for n, t, r in read.unplaced],
        "ignored": [str(i) for i in read.ignored],
    }


class RegisterIn(Schema):
    organ: int | None = None
    year: int | None = None
    query: str = ""


@router.get("/numbers/export.xlsx", auth=auth)
def number_register_export(request, params: Query[RegisterIn]):
    """The 发文登记簿 of an organ and year as .xlsx (office staff of that organ; audited)."""
    organs = selectors.number_register_organs(user=request.user)
    if not organs:
        raise PermissionDenied(_("只有本机关办公室人员可以查看发文字号登记簿。"))
    organ = next((o for o in organs if o.pk == params.organ), None)
    if organ is None and params.organ is not None:
        raise PermissionDenied(_("只有本机关办公室人员可以查看发文字号登记簿。"))
    organ = organ or organs[0]
    year = params.year or timezone.localdate().year
    numbers = list(
        selectors.number_register(
            user=request.user, organ_id=organ.pk, year=year, query=params.query
        )
    )
    workbook = register_workbook(
        numbers,
        title=lambda document: selectors.number_register_title(
            user=request.user, document=document
        ),
    )
    services.number_register_export_record(
        user=request.user,
        organ=organ,
        year=year,
        query=params.query,
        count=len(numbers),
        request=request,
    )
    response = HttpResponse(workbook, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="outgoing-register-{organ.pk}-{year}.xlsx"'
    )
    return response


@router.get("/{document_id}/sheet.pdf", auth=auth)
def document_sheet_pdf(request, document_id: int):
    """The 发文稿纸 as a PDF page (audited as a print)."""
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    pdf = render_sheet_pdf(
        document=document,
        content=parse_content(document.content),
        steps=selectors.document_sheet(document=document),
        countersigns=selectors.document_countersigns(document=document, done_only=True),
    )
    services.document_access_record(
        document=document, user=request.user, kind="print", request=request, file_kind="sheet"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sheet-{document.pk}.pdf"'
    return response


@router.get("/{document_id}", response=DocumentDetailOut, auth=auth)
def document_detail(request, document_id: int):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.document_access_record(document=document, user=request.user, request=request)
    return detail(request.user, document)


@router.put("/{document_id}/content", response=DocumentDetailOut, auth=auth)
def document_update(request, document_id: int, payload: ContentIn):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.draft_update(document=document, actor=request.user, content=payload.content)
    return detail(request.user, document)


@router.get("/{document_id}/candidates", response=list[PersonOut], auth=auth)
def document_candidates(request, document_id: int, step: str):
    """People who may handle ``step`` of this document (for choosing the next handler)."""
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    if step not in OutgoingDocument.Status.values:
        raise ValidationError({"step": [_("未知的环节。")]})
    return list(permissions.eligible_for_step(document, step))


@router.get("/{document_id}/check", response=list[FindingOut], auth=auth)
def document_check(request, document_id: int):
    """审核助手: the checker's findings on the content as it stands (with the time limit)."""
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    return rendering.check_bounded(parse_content(document.content), document)


@router.post("/{document_id}/submit", response=DocumentDetailOut, auth=auth)
def document_submit(request, document_id: int, payload: SubmitIn):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.route_submit(
        document=document,
        actor=request.user,
        reviewer=_person(payload.reviewer_id, "reviewer_id"),
        opinion=payload.opinion,
    )
    return detail(request.user, document)


@router.post("/{document_id}/pass", response=DocumentDetailOut, auth=auth)
def document_pass(request, document_id: int, payload: PassIn):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.route_pass(
        document=document,
        actor=request.user,
        opinion=payload.opinion,
        next_handler=_person(payload.next_handler_id, "next_handler_id"),
        countersigns=_countersign_specs(payload.countersigns),
        checklist=payload.checklist,
    )
    return detail(request.user, document)


@router.post("/{document_id}/countersign", response=DocumentDetailOut, auth=auth)
def document_countersign(request, document_id: int, payload: OpinionIn):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.countersign_complete(document=document, actor=request.user, opinion=payload.opinion)
    return detail(request.user, document)


@router.post("/{document_id}/return", response=DocumentDetailOut, auth=auth)
def document_return(request, document_id: int, payload: ReturnIn):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.route_return(
        document=document, actor=request.user, to_status=payload.to_status, reason=payload.reason
    )
    return detail(request.user, document)


@router.post("/{document_id}/withdraw", response=DocumentDetailOut, auth=auth)
def document_withdraw(request, document_id: int, payload: ReasonIn):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.route_withdraw(document=document, actor=request.user, reason=payload.reason)
    return detail(request.user, document)


@router.post("/{document_id}/sign-off", response=DocumentDetailOut, auth=auth)
def document_sign_off(request, document_id: int, payload: SignOffIn):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.document_sign_off(
        document=document,
        actor=request.user,
        opinion=payload.opinion,
        circled=payload.circled,
        override_reason=payload.override_reason,
    )
    return detail(request.user, document)


@router.post("/{document_id}/recheck", response=DocumentDetailOut, auth=auth)
def document_recheck(request, document_id: int, payload: OpinionIn):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.document_recheck(document=document, actor=request.user, opinion=payload.opinion)
    return detail(request.user, document)


@router.post("/{document_id}/register", response=DocumentDetailOut, auth=auth)
def document_register(request, document_id: int):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.document_register(document=document, actor=request.user)
    return detail(request.user, document)


@router.post("/{document_id}/void-number", response=DocumentDetailOut, auth=auth)
def document_void_number(request, document_id: int, payload: ReasonIn):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.number_void(document=document, actor=request.user, reason=payload.reason)
    return detail(request.user, document)


@router.post("/{document_id}/seal", response=DocumentDetailOut, auth=auth)
def document_seal(request, document_id: int):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.document_seal(document=document, actor=request.user)
    return detail(request.user, document)


@router.post("/{document_id}/dispatch", response=DocumentDetailOut, auth=auth)
def document_dispatch(request, document_id: int, payload: DispatchIn):
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    services.document_dispatch(document=document, actor=request.user, copies=payload.copies)
    return detail(request.user, document)


@router.post("/{document_id}/correct", response={201: DocumentDetailOut}, auth=auth)
def document_correct(request, document_id: int, payload: CorrectionCreateIn):
    """起草更正文件 of a dispatched document: ``kind`` amend (修改), revoke (撤销) or abolish
    (废止). Returns the new draft, linked to the old one; its 核发 marks the old one."""
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    department = None
    if payload.department_id is not None:
        department = Department.objects.filter(pk=payload.department_id).first()
        if department is None:
            raise ValidationError({"department_id": [_("处室不存在。")]})
    draft = services.correction_create(
        document=document, actor=request.user, kind=payload.kind, department=department
    )
    return Status(201, detail(request.user, draft))


@router.get("/{document_id}/files/{kind}", auth=auth)
def document_file(request, document_id: int, kind: str):
    """Download the sealed PDF or the .docx (audited); a classified PDF carries the
    downloader's watermark and its .docx is not handed out."""
    document = selectors.document_get_for_user(
        user=request.user, pk=document_id, action=Action.DOWNLOAD
    )
    issued = document.current_files.filter(kind=kind).first()
    if issued is None:
        raise ValidationError({"kind": [_("没有该类型的成文文件。")]})
    if document.classification and kind != IssuedFile.Kind.PDF:
        raise PermissionDenied(_("涉密公文只提供加注水印的 PDF 文件。"))
    number = copies.copy_number_for(document=document, user=request.user)
    data, marked = copies.copy_pdf(
        document=document, for_user=request.user, copy_numbers=[number], issued=issued
    )
    services.document_access_record(
        document=document,
        user=request.user,
        kind="download",
        request=request,
        file_kind=kind,
        watermarked=marked,
        copy_numbers=[number] if number is not None else None,
    )
    response = HttpResponse(
        data,
        content_type="application/pdf"
        if kind == IssuedFile.Kind.PDF
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{document.doc_number or document.pk}.{kind}"
    )
    return response


@router.get("/{document_id}/recipients/{recipient_id}/copies", auth=auth)
def document_copies(request, document_id: int, recipient_id: int, number: str = ""):
    """The issuing office's print of a recipient's numbered copies (份号) of a dispatched
    classified document: its whole range in one PDF, or one copy (``number``); audited."""
    document = selectors.document_get_for_user(user=request.user, pk=document_id)
    data, numbers = copies.copies_print(
        document=document,
        recipient_pk=recipient_id,
        user=request.user,
        number=number,
        request=request,
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, copies.copies_filename(document, numbers)
    )
    return response
