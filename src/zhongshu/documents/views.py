"""Pages of 发文: the lists, the draft form, the document with its 发文稿纸 and the current
handler's actions, the printable sheet, the PDF preview and the file downloads.

Each view: fetch through ``selectors.document_get_for_user`` (404 outside scope, 403 for an act
that is not the user's), validate, call one service, render or redirect (style.md §13). Every
view of a document and every download is audited.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhongshu.documents import copies, permissions, rendering, selectors, services
from zhongshu.documents.archive.services import organs_with_role
from zhongshu.documents.exports import register_workbook_file
from zhongshu.documents.forms import (
    DispatchForm,
    DocxUploadForm,
    DraftForm,
    NoInputForm,
    OpinionForm,
    PassForm,
    ReasonForm,
    ReturnForm,
    SignOffForm,
    SubmitForm,
)
from zhongshu.documents.incoming import selectors as incoming_selectors
from zhongshu.documents.models import IssuedFile, OutgoingDocument
from zhongshu.documents.permissions import Action
from zhongshu.documents.services._common import parse_content
from zhongshu.documents.services.route import AUDIT_CHECKLIST
from zhongshu.documents.sheet_pdf import render_sheet_pdf
from zhongshu.lib.errors import ApplicationError
from zhongshu.lib.formfields import form_values
from zhongshu.lib.spreadsheets import XLSX
from zhongshu.organs.models import Organ, Role

Status = OutgoingDocument.Status
logger = logging.getLogger(__name__)


# The 更正 form's choices, each with what it does to the issued document.
CORRECTION_CHOICES = [
    (OutgoingDocument.CorrectionKind.AMEND, gettext_lazy("修改（更正原文内容）")),
    (OutgoingDocument.CorrectionKind.REVOKE, gettext_lazy("撤销（原文自始无效）")),
    (OutgoingDocument.CorrectionKind.ABOLISH, gettext_lazy("废止（原文自更正文件签发之日起失效）")),
]


def _business(request) -> None:
    if request.user.admin_role:
        raise PermissionDenied(_("管理员账号不能办理公文。"))


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _sentence(exc: ValidationError) -> str:
    """The messages as one Chinese sentence: clauses joined by ；, one 。 at the end."""
    return "；".join(m.rstrip("。；") for m in exc.messages) + "。"


@login_required
def document_list(request):
    """我起草的 / 待我办理 / 已核发 / 全部, with a search box and a status filter."""
    _business(request)
    box = request.GET.get("box", "todo")
    if box not in selectors.BOXES:
        box = "todo"
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    year_text = request.GET.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() else None
    qs = selectors.documents_in_box(
        user=request.user, box=box, query=query, status=status, year=year
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    context = {
        "box": box,
        "boxes": [
            ("todo", _("待我办理")),
            ("mine", _("我起草的")),
            ("issued", _("已核发")),
            ("all", _("全部")),
        ],
        "query": query,
        "status": status,
        "year": year or "",
        "statuses": Status.choices,
        "page": page,
    }
    template = "documents/list.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        template = "documents/_partials/list_rows.html"
    return render(request, template, context)


def _register_filters(request) -> dict:
    """The filters of the 发文登记簿 (shared by the page and its .xlsx export): organ, year,
    query, 代字 and status (a document status, or ``void`` for the voided numbers)."""
    organs = selectors.number_register_organs(user=request.user)
    if not organs:
        raise PermissionDenied(_("只有本机关办公室人员可以查看发文字号登记簿。"))
    organ_id = request.GET.get("organ", "") or str(
        selectors.number_register_default_organ(user=request.user, organs=organs).pk
    )
    organ = next((o for o in organs if str(o.pk) == organ_id), organs[0])
    year_text = request.GET.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    status = request.GET.get("status", "").strip()
    if status not in {selectors.REGISTER_VOID, *OutgoingDocument.Status.values}:
        status = ""
    return {
        "organs": organs,
        "organ": organ,
        "year": year,
        "query": request.GET.get("q", "").strip(),
        "org_code": request.GET.get("org_code", "").strip(),
        "status": status,
    }


def _register_numbers(request, filters: dict):
    return selectors.number_register(
        user=request.user,
        organ_id=filters["organ"].pk,
        year=filters["year"],
        query=filters["query"],
        org_code=filters["org_code"],
        status=filters["status"],
    )


REGISTER_PAGE_SIZE = 50


@login_required
def number_register_view(request):
    """发文字号登记簿: an organ's numbers of a year in numeric order, voided ones included, 50 to
    a page, filtered by year, 代字, status and text."""
    _business(request)
    filters = _register_filters(request)
    page = Paginator(_register_numbers(request, filters), REGISTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for n in page:
        n.shown_title = selectors.number_register_title(user=request.user, document=n.document)
        n.title_hidden = n.shown_title != n.document.title
    return render(
        request,
        "documents/numbers.html",
        {
            **filters,
            "numbers": page,
            "page": page,
            "org_codes": selectors.number_register_org_codes(
                organ_id=filters["organ"].pk, year=filters["year"]
            ),
            "statuses": [
                *OutgoingDocument.Status.choices,
                (selectors.REGISTER_VOID, _("已作废")),
            ],
        },
    )


@login_required
def number_register_export(request):
    """The 发文登记簿 as .xlsx, with the page's filters, streamed from a temporary file (the rows
    are read in chunks and written by openpyxl's write-only mode); audited."""
    _business(request)
    filters = _register_filters(request)
    numbers = _register_numbers(request, filters).iterator(chunk_size=2000)
    workbook, count = register_workbook_file(
        numbers,
        title=lambda document: selectors.number_register_title(
            user=request.user, document=document
        ),
    )
    services.number_register_export_record(
        user=request.user,
        organ=filters["organ"],
        year=filters["year"],
        query=filters["query"],
        count=count,
        request=request,
    )
    return FileResponse(
        workbook,
        as_attachment=True,
        filename=f"outgoing-register-{filters['organ'].pk}-{filters['year']}.xlsx",
        content_type=XLSX,
    )


def _docx_import(request) -> dict | None:
    """When the drafter uploaded a .docx: the form's values read from it and the report
    (unplaced lines, ignored elements, or the Chinese reason it could not be read)."""
    if request.method != "POST" or "import_docx" not in request.POST:
        return None
    upload = DocxUploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return {"initial": None, "error": " ".join(upload.errors.get("docx", []))}
    data = upload.cleaned_data["docx"].read()
    try:
        read = rendering.read_upload(data)
    except ApplicationError as exc:
        return {"initial": None, "error": exc.message}
    return {
        "initial": DraftForm.initial_from(read.content),
        "unplaced": read.unplaced,
        "ignored": read.ignored,
        "name": upload.cleaned_data["docx"].name,
    }


def _editor_context(form, document, imported=None) -> dict:
    """The draft form with the checker's findings beside their fields and the preview."""
    findings = _findings(document) if document is not None else []
    by_field = rendering.findings_by_field(findings)
    return {
        "form": form,
        "document": document,
        "fields": [(field, by_field.get(field.name, [])) for field in form],
        "other_findings": by_field.get("", []),
        "findings_by_element": rendering.findings_by_element(findings),
        "findings_count": len(findings),
        "upload_form": DocxUploadForm(),
        "imported": imported,
        "preview_version": int(document.updated_at.timestamp() * 1_000_000) if document else 0,
    }


def _render_editor(request, form, document, imported=None, *, saved: bool = False):
    template = "documents/form.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        template = "documents/_partials/draft_editor.html"
    context = {**_editor_context(form, document, imported), "saved": saved}
    return render(request, template, context)


@login_required
def document_create(request):
    """拟稿: the empty form, or the form filled from an uploaded .docx for correction."""
    _business(request)
    imported = _docx_import(request)
    if imported is not None:
        form = DraftForm(initial=imported["initial"] or {"sealed": True, "doc_type": "通知"})
        return _render_editor(request, form, None, imported)
    form = DraftForm(request.POST or None, initial={"sealed": True, "doc_type": "通知"})
    if request.method == "POST" and form.is_valid():
        try:
            document = services.draft_create(actor=request.user, content=form.to_content())
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect(document.get_absolute_url())
    return _render_editor(request, form, None)


@login_required
def document_edit(request, pk: int):
    """修改: the form, its findings and the typeset preview; "保存并继续修改" saves through htmx
    and swaps the editor in place so the preview and the findings show the saved text."""
    _business(request)
    document = selectors.document_get_for_user(user=request.user, pk=pk, action=Action.EDIT)
    imported = _docx_import(request)
    if imported is not None:
        form = DraftForm(initial=imported["initial"] or DraftForm.initial_from(document.content))
        return _render_editor(request, form, document, imported)
    form = DraftForm(request.POST or None, initial=DraftForm.initial_from(document.content))
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_update(
                document=document, actor=request.user, content=form.to_content(document.content)
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            if getattr(request, "htmx", False):
                document.refresh_from_db()
                form = DraftForm(initial=DraftForm.initial_from(document.content))
                return _render_editor(request, form, document, saved=True)
            messages.success(request, _("公文内容已保存。"))
            return redirect(document.get_absolute_url())
    return _render_editor(request, form, document)


def _choices_for(user, document: OutgoingDocument, allowed: set[str], model) -> dict:
    """The people and units the action forms offer (``model``: the parsed content)."""
    context: dict = {}
    if Action.SUBMIT in allowed:
        context["reviewers"] = permissions.reviewers_for(document)
    if Action.PASS in allowed:
        if document.status == Status.REVIEW:
            context["next_handlers"] = permissions.auditors_for(document)
        else:
            context["next_handlers"] = permissions.signers_for(document)
            options = []
            for department in permissions.countersign_departments(document):
                for person in permissions.countersigners_for(document, department=department):
                    options.append(
                        (f"d:{department.pk}:{person.pk}", f"{department.name}：{person}")
                    )
            for issuer in model.issuers[1:]:
                organ = Organ.objects.filter(name=issuer.name, is_active=True).first()
                if organ is None:
                    continue
                for person in permissions.countersigners_for(document, organ=organ, co_issuer=True):
                    options.append((f"o:{organ.pk}:{person.pk}", f"{organ.name}：{person}"))
            context["countersign_options"] = options
    if Action.PASS in allowed and document.status == Status.AUDIT:
        context["checklist"] = list(AUDIT_CHECKLIST.items())
    if allowed & {Action.EDIT, Action.PASS, Action.SIGN_OFF, Action.RECHECK, Action.SUBMIT}:
        context["findings"] = _findings(document)
    if Action.RETURN in allowed:
        context["return_targets"] = [
            (s, Status(s).label) for s in services.return_targets(document)
        ]
    if Action.DISPATCH in allowed:
        context["dispatch_names"] = [*model.primary_recipients, *model.cc_recipients]
    return context


def _findings(document: OutgoingDocument) -> list[dict]:
    """审核助手's findings for the pages (the live check uses ``rendering.check_bounded``); a
    checker failure shows nothing rather than a 500."""
    try:
        return rendering.check(parse_content(document.content), document)
    except ApplicationError:  # beyond the size limits: the preview beside it says which
        return []
    except Exception:
        logger.exception("checker failed on outgoing document %s", document.pk)
        return []


@login_required
def document_detail(request, pk: int):
    """The document: its content, the 发文稿纸, 会签, numbers, files, recipients, actions."""
    _business(request)
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    services.document_access_record(document=document, user=request.user, request=request)
    allowed = permissions.allowed_actions(request.user, document)
    # The sending organ sees where each recipient stands (the same rows as incoming:receipts).
    receipts = (
        incoming_selectors.dispatch_receipts(document=document)
        if document.dispatched_at is not None
        and incoming_selectors.dispatch_receipts_visible_to(user=request.user, document=document)
        else None
    )
    status_marks = list(document.status_marks.select_related("actor"))
    content = parse_content(document.content)
    # The 发文稿纸 rows, read once: their last row also tells the arrival and a last return.
    steps = list(selectors.document_sheet(document=document))
    context = {
        "document": document,
        "receipts": receipts,
        "status_marks": status_marks,
        "may_mark": document.organ_id
        in organs_with_role(request.user, [Role.ARCHIVIST, Role.OFFICE_DIRECTOR]),
        "content": content,
        "steps": steps,
        "holders": selectors.document_holders(document=document),
        "arrived_at": selectors.document_arrived_at(steps=steps),
        "deadline": (
            None if document.is_terminal else selectors.document_deadline(document=document)
        ),
        "now": timezone.now(),
        "last_return": selectors.document_last_return(document=document, steps=steps),
        "seal_missing": bool(allowed & _OFFICE_STEPS) and _seal_missing(document, content),
        "countersigns": selectors.document_countersigns(document=document),
        "numbers": document.numbers.order_by("year", "seq"),
        "files": document.current_files,
        "correction_kinds": _correction_choices({m.kind for m in status_marks}),
        **selectors.correction_links(user=request.user, document=document),
        "recipients": document.recipients.select_related("organ"),
        "may_print_copies": permissions.may_print_copies(request.user, document),
        "allowed": allowed,
        "may_act": bool(allowed & set(ACTS)),
        "Action": Action,
        **_choices_for(request.user, document, allowed, content),
    }
    context["status_marks_alone"] = _banner_marks(context["corrected_by"], status_marks)
    return render(request, "documents/detail.html", context)


def _banner_marks(corrected_by: list[dict], status_marks: list) -> list:
    """One banner per fact: a 撤销/废止 mark left by a dispatched correction is told in that
    correction's banner (with its link and the mark's effect); only the marks the office made
    by hand keep a banner of their own."""
    by_kind = {m.kind: m for m in status_marks}
    for link in corrected_by:
        link["mark"] = by_kind.get(link["document"].correction_kind) if link["issued"] else None
    told = {link["mark"].pk for link in corrected_by if link["mark"] is not None}
    return [m for m in status_marks if m.pk not in told]


# The acts of the office people who meet a missing seal first.
_OFFICE_STEPS = {Action.RECHECK, Action.REGISTER, Action.SEAL}


def _correction_choices(marks: set[str]) -> list:
    """The 更正 choices still open: none for a revoked document, only 撤销 for an abolished one
    (what ``correction_create`` accepts), so the card offers no button that can only fail."""
    if OutgoingDocument.CorrectionKind.REVOKE in marks:
        return []
    if OutgoingDocument.CorrectionKind.ABOLISH in marks:
        return [c for c in CORRECTION_CHOICES if c[0] == OutgoingDocument.CorrectionKind.REVOKE]
    return CORRECTION_CHOICES


def _seal_missing(document: OutgoingDocument, content) -> bool:
    """A sealed document of an organ without a seal image cannot pass 用印: the office is told
    before it registers a number it would have to void."""
    if document.status not in {Status.RECHECK, Status.REGISTER, Status.SEAL}:
        return False
    return content.sealed and not document.organ.seal


@login_required
def document_sheet_view(request, pk: int):
    """The 发文稿纸 as a printable page."""
    _business(request)
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    services.document_access_record(
        document=document, user=request.user, kind="print", request=request
    )
    return render(
        request,
        "documents/sheet.html",
        {
            "document": document,
            "content": parse_content(document.content),
            "steps": selectors.document_sheet(document=document),
            "countersigns": selectors.document_countersigns(document=document, done_only=True),
        },
    )


@login_required
def document_sheet_pdf(request, pk: int):
    """The 发文稿纸 as a PDF page (audited as a print)."""
    _business(request)
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    try:
        pdf = render_sheet_pdf(
            document=document,
            content=parse_content(document.content),
            steps=selectors.document_sheet(document=document),
            countersigns=selectors.document_countersigns(document=document, done_only=True),
        )
    except ApplicationError as exc:
        logger.exception("the processing sheet of document %s failed", document.pk)
        return _plain(exc.message, exc.status)
    services.document_access_record(
        document=document, user=request.user, kind="print", request=request, file_kind="sheet"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sheet-{document.pk}.pdf"'
    return response


def _submit(document: OutgoingDocument, user, *, reviewer, opinion) -> str:
    services.route_submit(document=document, actor=user, reviewer=reviewer, opinion=opinion)
    return _("已送核稿。")


def _pass(document: OutgoingDocument, user, **data) -> str:
    services.route_pass(document=document, actor=user, **data)
    return _("已送下一环节。")


def _countersign(document: OutgoingDocument, user, *, opinion) -> str:
    services.countersign_complete(document=document, actor=user, opinion=opinion)
    return _("会签意见已提交。")


def _return(document: OutgoingDocument, user, *, to_status, reason) -> str:
    number = document.doc_number
    services.route_return(document=document, actor=user, to_status=to_status, reason=reason)
    document.refresh_from_db(fields=["doc_number"])
    if number and not document.doc_number:
        return _("公文已退回，文号“%(number)s”已作废（登记簿中保留作废记录）。") % {
            "number": number
        }
    return _("公文已退回。")


def _withdraw(document: OutgoingDocument, user, *, reason) -> str:
    services.route_withdraw(document=document, actor=user, reason=reason)
    return _("公文已撤回。")


def _sign_off(document: OutgoingDocument, user, **data) -> str:
    services.document_sign_off(document=document, actor=user, **data)
    return _("已签发。")


def _recheck(document: OutgoingDocument, user, *, opinion) -> str:
    services.document_recheck(document=document, actor=user, opinion=opinion)
    return _("复核完成。")


def _register(document: OutgoingDocument, user) -> str:
    number = services.document_register(document=document, actor=user)
    return _("已登记，发文字号：%(number)s") % {"number": number.text}


def _void_number(document: OutgoingDocument, user, *, reason) -> str:
    services.number_void(document=document, actor=user, reason=reason)
    return _("文号已作废，请重新登记。")


def _seal(document: OutgoingDocument, user) -> str:
    services.document_seal(document=document, actor=user)
    return _("已用印，成文文件已生成。")


def _dispatch(document: OutgoingDocument, user, *, copies) -> str:
    services.document_dispatch(document=document, actor=user, copies=copies)
    return _("已核发。")


# The steps posted from the document page: each action's form (what it reads from the post)
# and the call of its service with the form's values (returning the success message).
ACTS: dict[str, tuple[type[forms.Form], Callable[..., str]]] = {
    Action.SUBMIT: (SubmitForm, _submit),
    Action.PASS: (PassForm, _pass),
    Action.COUNTERSIGN: (OpinionForm, _countersign),
    Action.RETURN: (ReturnForm, _return),
    Action.WITHDRAW: (ReasonForm, _withdraw),
    Action.SIGN_OFF: (SignOffForm, _sign_off),
    Action.RECHECK: (OpinionForm, _recheck),
    Action.REGISTER: (NoInputForm, _register),
    Action.VOID_NUMBER: (ReasonForm, _void_number),
    Action.SEAL: (NoInputForm, _seal),
    Action.DISPATCH: (DispatchForm, _dispatch),
}


@login_required
@require_POST
def document_act(request, pk: int, action: str):
    """One step of the route by the current handler (the buttons of the document page)."""
    _business(request)
    if action not in ACTS:
        raise Http404
    form_class, run = ACTS[action]
    document = selectors.document_get_for_user(user=request.user, pk=pk, action=action)
    try:
        message = run(document, request.user, **form_values(form_class(request.POST)))
    except ValidationError as exc:
        for text in _errors(exc):
            messages.error(request, text)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        for finding in exc.extra.get("findings", []):
            messages.warning(request, f"{finding.get('element', '')}：{finding.get('message', '')}")
    else:
        messages.success(request, message)
    return redirect(document.get_absolute_url())


@login_required
def document_file(request, pk: int, kind: str):
    """Download the sealed PDF or the .docx (audited). A classified PDF comes with the
    downloader's watermark; its .docx is not handed out (an editable copy cannot be marked)."""
    _business(request)
    document = selectors.document_get_for_user(user=request.user, pk=pk, action=Action.DOWNLOAD)
    issued = document.current_files.filter(kind=kind).first()
    if issued is None:
        raise Http404
    if document.classification and kind != IssuedFile.Kind.PDF:
        raise PermissionDenied(_("涉密公文只提供加注水印的 PDF 文件。"))
    number = copies.copy_number_for(document=document, user=request.user)
    try:
        data, marked = copies.copy_pdf(
            document=document, for_user=request.user, copy_numbers=[number], issued=issued
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(document.get_absolute_url())
    services.document_access_record(
        document=document,
        user=request.user,
        kind="download",
        request=request,
        file_kind=kind,
        watermarked=marked,
        copy_numbers=[number] if number is not None else None,
    )
    content_type = (
        "application/pdf"
        if kind == IssuedFile.Kind.PDF
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if kind == IssuedFile.Kind.PDF else "attachment"
    response["Content-Disposition"] = content_disposition_header(
        disposition == "attachment", f"{document.doc_number or document.pk}.{kind}"
    )
    return response


@login_required
def document_copies(request, pk: int, recipient_pk: int):
    """The issuing office prints a recipient's numbered copies of a classified document: one
    PDF of its whole 份号 range, or of one copy (``?number=``), each with its 份号 (audited)."""
    _business(request)
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    try:
        data, numbers = copies.copies_print(
            document=document,
            recipient_pk=recipient_pk,
            user=request.user,
            number=request.GET.get("number", ""),
            request=request,
        )
    except ValidationError as exc:
        return _plain(_sentence(exc), 400)
    except ApplicationError as exc:
        return _plain(exc.message, exc.status if 400 <= exc.status < 500 else 409)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, copies.copies_filename(document, numbers)
    )
    return response


@login_required
def document_preview(request, pk: int):
    """The content as it stands, typeset to PDF without seals (audited as a preview)."""
    _business(request)
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    try:
        pdf = rendering.render_preview(parse_content(document.content))
    except ApplicationError as exc:
        return _plain(exc.message, exc.status)
    services.document_access_record(
        document=document, user=request.user, kind="preview", request=request
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="preview-{document.pk}.pdf"'
    return response


@login_required
@require_POST
def document_correct(request, pk: int):
    """起草更正文件: a new draft that amends, revokes or abolishes this dispatched document;
    the drafter continues on its edit page."""
    _business(request)
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    try:
        draft = services.correction_create(
            document=document, actor=request.user, kind=request.POST.get("kind", "")
        )
    except ValidationError as exc:
        for text in _errors(exc):
            messages.error(request, text)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已起草更正文件，请修改后送审；更正文件核发后，原公文页面即显示其修改、撤销或废止。"),
        )
        return redirect("documents:edit", draft.pk)
    return redirect(document.get_absolute_url())


# --- the live preview of an unsaved draft (new or saved) -------------------------------------


def _unsaved_draft(request, document: OutgoingDocument | None = None) -> OutgoingDocument:
    """The posted draft form as the save path would build it, never saved: a new draft as
    ``services.draft_build`` builds it, a saved one's edit as ``services.draft_edit_build``.
    Refuses people who may not draft or edit (403) before reading the form; a bad form is a
    ``ValidationError`` with the fields' Chinese messages."""
    if document is None and not permissions.drafting_posts(request.user).exists():
        raise PermissionDenied(_("您没有拟稿人岗位，不能起草公文。"))
    form = DraftForm(request.POST)
    if not form.is_valid():
        raise ValidationError(
            [
                f"{form.fields[name].label}：{message}" if name in form.fields else message
                for name, errors in form.errors.items()
                for message in errors
            ]
        )
    if document is None:
        return services.draft_build(actor=request.user, content=form.to_content())
    return services.draft_edit_build(
        document=document, actor=request.user, content=form.to_content(document.content)
    )


def _plain(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _live_preview(request, document: OutgoingDocument | None = None) -> HttpResponse:
    """The typeset PDF of the posted form: nothing stored, nothing audited (it is no view of
    a stored document)."""
    try:
        unsaved = _unsaved_draft(request, document)
        pdf = rendering.render_preview(parse_content(unsaved.content))
    except ValidationError as exc:
        return _plain(_sentence(exc), 400)
    except ApplicationError as exc:
        return _plain(exc.message, exc.status)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="preview.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _live_check(request, document: OutgoingDocument | None = None) -> HttpResponse:
    """审核助手's findings on the posted form (the findings fragment of the editor); nothing
    stored, nothing audited. The rules run with the time limit (``rendering.check_bounded``);
    past it, or past the size limits, the fragment says so."""
    status = 200
    error = ""
    findings: list[dict] = []
    try:
        unsaved = _unsaved_draft(request, document)
    except ValidationError as exc:
        error, status = _sentence(exc), 400
    except ApplicationError as exc:
        error, status = exc.message, exc.status
    else:
        try:
            findings = rendering.check_bounded(parse_content(unsaved.content), unsaved)
        except ApplicationError as exc:  # past the time or size limit
            error, status = exc.message, exc.status
        except Exception:  # a checker failure shows no findings rather than a 500, as on the page
            logger.exception("live check failed")
    return render(
        request,
        "documents/_partials/draft_findings.html",
        {
            "findings_by_element": rendering.findings_by_element(findings),
            "findings_count": len(findings),
            "error": error,
            "live": True,
        },
        status=status,
    )


@login_required
@require_POST
def document_draft_preview(request):
    """The typeset PDF of the draft form as it stands, before the first save."""
    _business(request)
    return _live_preview(request)


@login_required
@require_POST
def document_draft_check(request):
    """审核助手's findings on the draft form as it stands, before the first save."""
    _business(request)
    return _live_check(request)


@login_required
@require_POST
def document_edit_preview(request, pk: int):
    """The typeset PDF of a saved draft's edit form with its unsaved changes (404 outside
    scope, 403 for one who may not edit it)."""
    _business(request)
    document = selectors.document_get_for_user(user=request.user, pk=pk, action=Action.EDIT)
    return _live_preview(request, document)


@login_required
@require_POST
def document_edit_check(request, pk: int):
    """审核助手's findings on a saved draft's edit form with its unsaved changes."""
    _business(request)
    document = selectors.document_get_for_user(user=request.user, pk=pk, action=Action.EDIT)
    return _live_check(request, document)
