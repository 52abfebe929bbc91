"""Pages of 收文: the inbox, the item with its 收文处理笺 and the current handler's forms, the
circulation panel, paper registration, the 收文登记簿 (with .xlsx export) and the 批示督办 list.

Each view: fetch through ``selectors.incoming_get_for_user`` (404 outside scope, 403 for an act
that is not the user's), validate, call one service, render or redirect (style.md §13).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.documents import copies
from zhongshu.documents.incoming import forms, permissions, selectors, services
from zhongshu.documents.incoming.exports import (
    CHUNK,
    flagged_in_chunks,
    incoming_register_workbook_file,
)
from zhongshu.documents.incoming.forms import ExternalForm
from zhongshu.documents.incoming.models import Circulation, IncomingDocument
from zhongshu.documents.incoming.permissions import Action
from zhongshu.lib.errors import ApplicationError
from zhongshu.lib.formfields import form_values
from zhongshu.lib.spreadsheets import XLSX
from zhongshu.organs.models import Department, Organ

Status = IncomingDocument.Status


def _business(request) -> None:
    if request.user.admin_role:
        raise PermissionDenied(_("管理员账号不能办理公文。"))


def _htmx_partial(request) -> bool:
    return bool(getattr(request, "htmx", False)) and not request.htmx.boosted


@login_required
def incoming_inbox(request):
    """收文: 待签收 / 办理中 / 已办结 with counts, and a search box."""
    _business(request)
    counts = selectors.incoming_box_counts(user=request.user)
    # With nothing to sign for, the inbox opens on the work in hand rather than an empty tab.
    default = "pending" if counts["pending"] or not counts["open"] else "open"
    box = request.GET.get("box", default)
    if box not in selectors.BOXES:
        box = default
    query = request.GET.get("q", "").strip()
    qs = selectors.incoming_in_box(user=request.user, box=box, query=query)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    page.object_list = selectors.with_correction_flags(page.object_list)
    context = {
        "box": box,
        "boxes": [
            ("pending", _("待签收"), counts["pending"]),
            ("open", _("办理中"), counts["open"]),
            ("done", _("已办结"), counts["done"]),
        ],
        "query": query,
        "page": page,
        "may_register": bool(selectors.register_organs(user=request.user)),
    }
    template = (
        "incoming/_partials/inbox_rows.html" if _htmx_partial(request) else "incoming/inbox.html"
    )
    return render(request, template, context)


def _with_posts(people, document: IncomingDocument):
    """People of the chooser with their posts in the receiving organ (``organ_posts``), so each
    name says where the person sits (two 处长 of one name are told apart, and the filter finds
    a department)."""
    from django.db.models import Prefetch

    from zhongshu.organs.models import Post

    posts = Post.objects.filter(is_active=True, department__organ=document.organ_id)
    return people.prefetch_related(
        Prefetch(
            "posts",
            queryset=posts.select_related("department").order_by("department__sort_order", "id"),
            to_attr="organ_posts",
        )
    )


def _choices_for(document: IncomingDocument, allowed: set[str]) -> dict:
    context: dict = {}
    if Action.REGISTER in allowed:
        context["chasers"] = permissions.clerks_for(document)
    if Action.PROPOSE in allowed:
        context["leaders"] = _with_posts(permissions.leaders_for(document), document)
    if allowed & {Action.PROPOSE, Action.ASSIGN, Action.INSTRUCT}:
        context["departments"] = Department.objects.filter(
            organ=document.organ, is_active=True
        ).order_by("sort_order", "id")
    if Action.INSTRUCT in allowed:
        context["task_organs"] = Organ.objects.filter(is_active=True).order_by("sort_order", "id")
    if Action.CIRCULATE in allowed:
        from zhongshu.documents.incoming.services.circulation import eligible_readers

        context["readers"] = _with_posts(eligible_readers(document).order_by("id"), document)
    if Action.SCREEN in allowed:
        context["findings"] = services.incoming_findings(document)
        # said before the clerk screens, not only as the refusal afterwards
        context["no_director"] = not permissions.directors_for(document).exists()
    return context


def _content(document: IncomingDocument):
    """The received 公文 as the gongwen model (None for paper mail or unreadable content)."""
    if not document.content:
        return None
    from zhongshu.gongwen.model import DocumentError, load_document

    try:
        return load_document(document.content)
    except DocumentError:
        return None


def _archive_context(user, document: IncomingDocument) -> dict:
    """The 档号 once filed; for the organ's 档案员, the form to file a closed document (the one
    way to file: ``archive_file``); for the others, that it waits for the archivist."""
    from zhongshu.documents.archive import selectors as archive_selectors
    from zhongshu.documents.archive.models import ArchiveItem, Retention
    from zhongshu.organs.models import Role
    from zhongshu.organs.selectors import user_roles

    item = ArchiveItem.objects.filter(incoming=document).first()
    # the user's roles in this organ, read once for every question below
    roles = user_roles(user=user, organ=document.organ)
    may_archive = (
        item is None
        and document.status in {Status.CLOSED, Status.FILED}
        and Role.ARCHIVIST in roles
    )
    may_mark = bool(roles & {Role.ARCHIVIST, Role.OFFICE_DIRECTOR})
    awaiting = item is None and document.status == Status.CLOSED and not may_archive
    copies = archive_selectors.copies_held(incoming=document)
    holder_roles = {Role.CONFIDENTIAL_CLERK, Role.CLERK, Role.ARCHIVIST}
    return {
        "archive_item": item,
        "may_archive": may_archive,
        # 归档 is the archivist's alone: the others see that it waits for them
        "awaiting_filing": awaiting,
        "may_mark": may_mark,
        # with nobody to file it, the page says so and what to do instead of waiting in silence
        "has_archivist": awaiting and permissions.organ_has_role(document.organ, Role.ARCHIVIST),
        "retentions": Retention.choices,
        # the organ's numbered copies of a classified document: ask to destroy, approve
        "copies": copies,
        "may_request_destruction": bool(copies) and bool(roles & holder_roles),
        "may_decide_destruction": bool(copies) and Role.OFFICE_DIRECTOR in roles,
    }


def _detail_context(request, document: IncomingDocument) -> dict:
    capacities = permissions.capacities(request.user, document)
    allowed = set(capacities)
    holders = selectors.incoming_holders(document=document)
    # the sender's 修改/撤销/废止 of this document, or what this one corrects
    corrections = selectors.incoming_corrections(user=request.user, document=document)
    archive = _archive_context(request.user, document)
    return {
        "document": document,
        "corrections": corrections,
        "content": _content(document),
        "received_file": selectors.received_file(document=document),
        "steps": selectors.incoming_slip(document=document),
        "holders": holders,
        "instructions": document.instructions.select_related("leader", "actor"),
        "handlings": document.handlings.select_related("department", "done_by"),
        "circulations": selectors.circulation_status(document=document),
        "replies": document.replies.select_related("actor"),
        "tasks": document.tasks.select_related("lead_department", "lead_organ"),
        # 撤销/废止 marks of the archive (the document itself never changes)
        "status_marks": corrections.status_marks,
        **archive,
        "allowed": allowed,
        # a secretary acting under a delegation sees whom she signs for before she writes
        "acting": {
            action: capacities[action].acting_for
            for action in allowed & {Action.INSTRUCT, Action.READ}
            if capacities[action].acting_for
        },
        "now": timezone.now(),
        # "nothing for you here" only when no form at all is offered (归档 and 标记 are forms)
        "nothing_to_do": len(allowed) <= 1 and not archive["may_archive"],
        "Action": Action,
        "may_circulate": Action.CIRCULATE in allowed,
        "kept": {},
        **_choices_for(document, allowed),
    }


def incoming_detail_page(request, document: IncomingDocument, *, kept: dict):
    """The item page again after a refused post, its form filled with what was typed
    (``kept``: the step's name → the posted data)."""
    document.refresh_from_db()
    context = _detail_context(request, document)
    context["kept"] = kept
    return render(request, "incoming/detail.html", context)


@login_required
def incoming_detail(request, pk: int):
    """The item: its elements, the 收文处理笺, 批示, 承办, 传阅, 答复, and the forms to act."""
    _business(request)
    document = selectors.incoming_get_for_user(user=request.user, pk=pk)
    services.incoming_access_record(document=document, user=request.user, request=request)
    return render(request, "incoming/detail.html", _detail_context(request, document))


@login_required
def incoming_slip_print(request, pk: int):
    """The 收文处理笺 as a printable page."""
    _business(request)
    document = selectors.incoming_get_for_user(user=request.user, pk=pk)
    services.incoming_access_record(
        document=document, user=request.user, kind="print", request=request
    )
    return render(
        request,
        "incoming/slip.html",
        {
            "document": document,
            "steps": selectors.incoming_slip(document=document),
            "instructions": document.instructions.select_related("leader", "actor"),
            "handlings": document.handlings.select_related("department", "done_by"),
        },
    )


@login_required
def incoming_slip_pdf(request, pk: int):
    """The 收文处理笺 as a PDF page (audited as a print)."""
    from zhongshu.documents.incoming.slip_pdf import render_slip_pdf

    _business(request)
    document = selectors.incoming_get_for_user(user=request.user, pk=pk)
    services.incoming_access_record(
        document=document, user=request.user, kind="print", request=request
    )
    name = document.receipt_number or str(document.pk)
    response = HttpResponse(render_slip_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}-slip.pdf"
    return response


@login_required
def incoming_dispatch_receipts(request, document_pk: int):
    """The sender's view of one dispatched 发文: per recipient, whether it landed, who signed
    for it and when, a refusal or return with its reason, the state and the replies."""
    from zhongshu.documents.selectors import document_get_for_user

    _business(request)
    outgoing = document_get_for_user(user=request.user, pk=document_pk)
    # The landing facts of every recipient are the sender's: a recipient sees only its own item.
    if not selectors.dispatch_receipts_visible_to(user=request.user, document=outgoing):
        raise Http404(_("公文不存在或无权访问。"))
    return render(
        request,
        "incoming/receipts.html",
        {"outgoing": outgoing, "rows": selectors.dispatch_receipts(document=outgoing)},
    )


@login_required
def incoming_circulation_panel(request, pk: int):
    """The circulation status panel (htmx refreshes it): who has it, who has read, who not."""
    _business(request)
    document = selectors.incoming_get_for_user(user=request.user, pk=pk)
    allowed = permissions.allowed_actions(request.user, document)
    return render(
        request,
        "incoming/_partials/circulation.html",
        {
            "document": document,
            "circulations": selectors.circulation_status(document=document),
            "may_circulate": Action.CIRCULATE in allowed,
        },
    )


def _acknowledge(document: IncomingDocument, user, *, copies, note) -> str:
    services.incoming_acknowledge(document=document, actor=user, copies=copies, note=note)
    return _("已签收。")


def _refuse(document: IncomingDocument, user, *, reason) -> str:
    services.incoming_refuse(document=document, actor=user, reason=reason)
    return _("已拒收，来文单位将收到通知。")


def _register(document: IncomingDocument, user, **data) -> str:
    services.incoming_register(document=document, actor=user, **data)
    document.refresh_from_db()
    return _("已登记，收文号：%(number)s") % {"number": document.receipt_number}


def _screen(document: IncomingDocument, user, *, opinion) -> str:
    services.incoming_screen(document=document, actor=user, opinion=opinion)
    return _("初审通过，已送拟办。")


def _return(document: IncomingDocument, user, *, reason) -> str:
    services.incoming_return(document=document, actor=user, reason=reason)
    return _("已退回来文单位。")


def _propose(document: IncomingDocument, user, **data) -> str:
    services.incoming_propose(document=document, actor=user, **data)
    return _("拟办意见已提交。")


def _instruct(document: IncomingDocument, user, **data) -> str:
    services.incoming_instruct(document=document, actor=user, **data)
    return _("批示已提交。")


def _assign(document: IncomingDocument, user, **data) -> str:
    services.incoming_assign(document=document, actor=user, **data)
    return _("已交办承办。")


def _handle(document: IncomingDocument, user, *, result) -> str:
    services.incoming_handle(document=document, actor=user, result=result)
    return _("办理结果已报送。")


def _circulate(document: IncomingDocument, user, **data) -> str:
    services.circulation_start(document=document, actor=user, **data)
    return _("已发起传阅。")


def _read(document: IncomingDocument, user, *, opinion) -> str:
    services.circulation_read(document=document, actor=user, opinion=opinion)
    return _("已阅毕。")


def _chase(document: IncomingDocument, user, *, note) -> str:
    people = services.incoming_chase(document=document, actor=user, note=note)
    return _("已催办：%(names)s") % {"names": "、".join(str(p) for p in people)}


def _close(document: IncomingDocument, user, *, result) -> str:
    services.incoming_close(document=document, actor=user, result=result)
    return _("已办结。")


def _reply(document: IncomingDocument, user, *, text) -> str:
    services.incoming_reply(document=document, actor=user, text=text)
    return _("已答复来文单位。")


# The steps posted from the item page: each action's form (what it reads from the post) and
# the call of its service with the form's values (returning the success message).
ACTS: dict[str, tuple[type[forms.ActForm], Callable[..., str]]] = {
    Action.ACKNOWLEDGE: (forms.AcknowledgeForm, _acknowledge),
    Action.REFUSE: (forms.ReasonForm, _refuse),
    Action.REGISTER: (forms.RegisterForm, _register),
    Action.SCREEN: (forms.OpinionForm, _screen),
    Action.RETURN: (forms.ReasonForm, _return),
    Action.PROPOSE: (forms.ProposeForm, _propose),
    Action.INSTRUCT: (forms.InstructForm, _instruct),
    Action.ASSIGN: (forms.AssignForm, _assign),
    Action.HANDLE: (forms.ResultForm, _handle),
    Action.CIRCULATE: (forms.CirculateForm, _circulate),
    Action.READ: (forms.OpinionForm, _read),
    Action.CHASE: (forms.ChaseForm, _chase),
    Action.CLOSE: (forms.ResultForm, _close),
    Action.REPLY: (forms.TextForm, _reply),
}


def _flash_outcome(request, act: Callable[[], str]) -> None:
    """Call a step posted from a page that redirects back to itself: its success message, or
    each reason of a refusal (``ValidationError``, ``ApplicationError``), is flashed for the
    page the redirect shows, since these forms have no page of their own to show errors on."""
    try:
        message = act()
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message)


@login_required
@require_POST
def incoming_act(request, pk: int, action: str):
    """One step by its handler (the forms of the item page)."""
    _business(request)
    if action not in ACTS:
        raise Http404
    form_class, run = ACTS[action]
    document = selectors.incoming_get_for_user(user=request.user, pk=pk, action=action)
    try:
        form = form_class(request.POST, document=document)
        message = run(document, request.user, **form_values(form))
    except (ValidationError, ApplicationError) as exc:
        # Refused: the page again with the reasons and what was typed (a long 批示 or 办理结果
        # must not be lost to a missing field), in the form of the step that was posted.
        reasons = [exc.message] if isinstance(exc, ApplicationError) else exc.messages
        for text in reasons:
            messages.error(request, text)
        kept = {
            action: request.POST,
            "lists": {
                name: request.POST.getlist(name) for name in ("departments", "co_departments")
            },
            "chosen": {
                prefix: forms.chosen_ids(request.POST, prefix) for prefix in ("leader", "reader")
            },
        }
        return incoming_detail_page(request, document, kept=kept)
    messages.success(request, message)
    return redirect(document.get_absolute_url())


@login_required
@require_POST
def circulation_chase_view(request, pk: int, circulation_pk: int):
    """催阅 in one click: everyone holding the copy unread."""
    _business(request)
    document = selectors.incoming_get_for_user(user=request.user, pk=pk)
    circulation = get_object_or_404(Circulation, pk=circulation_pk, document=document)
    people = services.circulation_chase(
        circulation=circulation, actor=request.user, note=request.POST.get("note", "")
    )
    if people:
        messages.success(
            request, _("已催阅：%(names)s") % {"names": "、".join(str(p) for p in people)}
        )
    else:
        messages.info(request, _("没有待阅的人员。"))
    if _htmx_partial(request):
        return incoming_circulation_panel(request, pk)
    return redirect(document.get_absolute_url())


@login_required
def incoming_received_file(request, pk: int):
    """Download the sealed PDF the sender issued (the received original; audited)."""
    _business(request)
    document = selectors.incoming_get_for_user(user=request.user, pk=pk)
    issued = selectors.received_file(document=document)
    if issued is None:
        raise Http404
    services.incoming_access_record(
        document=document, user=request.user, kind="download", request=request
    )
    name = document.doc_number or document.receipt_number or str(document.pk)
    # The organ's copy: a classified one carries its 份号 and the downloader's watermark.
    return copies.received_copy_response(
        request, recipient=document.dispatch_recipient, issued=issued, filename=f"{name}.pdf"
    )


@login_required
def incoming_scan(request, pk: int):
    """Download the scan of a paper document (audited)."""
    _business(request)
    document = selectors.incoming_get_for_user(user=request.user, pk=pk)
    if not document.scan:
        raise Http404
    services.incoming_access_record(
        document=document, user=request.user, kind="download", request=request
    )
    return FileResponse(
        document.scan.open("rb"), as_attachment=True, filename=document.scan.name.rsplit("/", 1)[-1]
    )


@login_required
def incoming_external_create(request):
    """登记纸质或系统外来文."""
    _business(request)
    organs = selectors.register_organs(user=request.user)
    if not organs:
        raise PermissionDenied(_("只有机关办公室的文书、机要员或主任可以登记来文。"))
    form = ExternalForm(
        request.POST or None,
        request.FILES or None,
        organs=organs,
        default_organ=selectors.register_default_organ(organs=organs),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organ = next(o for o in organs if o.pk == data["organ"])
        try:
            document = services.incoming_register_external(
                organ=organ,
                actor=request.user,
                sender_name=data["sender_name"],
                title=data["title"],
                doc_number=data["doc_number"],
                doc_type=data["doc_type"],
                classification=data["classification"],
                urgency=data["urgency"] or "",
                important=data["important"],
                document_date=data["document_date"],
                copies=data["copies"],
                deadline=data["deadline"],
                scan=data["scan"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("来文已登记，请继续登记收文号。"))
            return redirect(document.get_absolute_url())
    if form.scan_lost():
        form.add_error(
            "scan",
            _("扫描件“%(name)s”未保存：请改正上面的问题后重新选择扫描件。")
            % {"name": request.FILES["scan"].name},
        )
    return render(request, "incoming/external_form.html", {"form": form})


def _register_filters(request) -> dict:
    organs = selectors.register_organs(user=request.user)
    if not organs:
        raise PermissionDenied(_("只有机关办公室人员可以查看收文登记簿。"))
    organ_id = request.GET.get("organ", "")
    organ = next((o for o in organs if str(o.pk) == organ_id), None)
    if organ is None:
        organ = selectors.register_default_organ(organs=organs)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    source = request.GET.get("source", "")
    source = source if source in IncomingDocument.Source.values else ""

    def day(name):
        try:
            return date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    return {
        "organs": organs,
        "organ": organ,
        "year": year,
        "status": status,
        "source": source,
        "query": request.GET.get("q", "").strip(),
        "date_from": day("from"),
        "date_to": day("to"),
    }


def _register_rows(request, filters: dict):
    return selectors.incoming_register_list(
        user=request.user,
        organ_id=filters["organ"].pk,
        year=filters["year"],
        status=filters["status"],
        source=filters["source"],
        query=filters["query"],
        date_from=filters["date_from"],
        date_to=filters["date_to"],
    )


@login_required
def incoming_register_view(request):
    """收文登记簿: an organ's registered items of a year, in 收文号 order, with filters."""
    _business(request)
    filters = _register_filters(request)
    page = Paginator(_register_rows(request, filters), 50).get_page(request.GET.get("page"))
    page.object_list = selectors.with_correction_flags(page.object_list)
    context = {
        **filters,
        "page": page,
        "statuses": Status.choices,
        "sources": IncomingDocument.Source.choices,
    }
    return render(request, "incoming/register.html", context)


@login_required
def incoming_register_export(request):
    """The register as .xlsx (the same filters as the page; audited), read in chunks, written
    write-only and streamed from a temporary file (``incoming/exports.py``)."""
    _business(request)
    filters = _register_filters(request)
    rows = _register_rows(request, filters).select_related("acknowledged_by")
    workbook, count = incoming_register_workbook_file(
        flagged_in_chunks(rows.iterator(chunk_size=CHUNK))
    )
    services.incoming_register_export_record(
        user=request.user,
        organ=filters["organ"],
        year=filters["year"],
        count=count,
        request=request,
    )
    return FileResponse(
        workbook,
        as_attachment=True,
        filename=f"incoming-register-{filters['organ'].pk}-{filters['year']}.xlsx",
        content_type=XLSX,
    )


@login_required
def instruction_task_list(request):
    """批示督办事项: tasks made from leaders' 批示, open ones first, by deadline."""
    _business(request)
    tasks = selectors.tasks_visible_to(user=request.user)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(request, "incoming/tasks.html", {"page": page, "now": timezone.now()})


@login_required
@require_POST
def instruction_task_close_view(request, task_pk: int):
    """办结 a 批示督办 task with its result (the lead unit or the receiving office)."""
    _business(request)
    task = get_object_or_404(selectors.tasks_visible_to(user=request.user), pk=task_pk)

    def close() -> str:
        services.instruction_task_close(
            task=task, actor=request.user, result=request.POST.get("result", "")
        )
        return _("督办事项已办结。")

    _flash_outcome(request, close)
    return redirect("incoming:tasks")
