"""Pages of the archivist: the 件 of a year with the documents waiting to be filed, filing one,
and the export of a year (a .zip). Thin: fetch in scope, validate, one service, respond."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhongshu.documents.archive import selectors, services
from zhongshu.documents.archive.models import ArchiveFonds, Retention
from zhongshu.lib.errors import ApplicationError


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 1900 <= year <= 9999 else timezone.localdate().year


@login_required
def archive_list(request):
    """归档: the year's 件 in 档号 order, and the closed documents waiting to be filed."""
    organ = selectors.archivist_organ_or_403(user=request.user, organ_id=request.GET.get("organ"))
    year = _year(request.GET.get("year"))
    context = {
        "organ": organ,
        "organs": selectors.archivist_organs(user=request.user),
        "year": year,
        "items": selectors.archive_items(organ=organ, user=request.user, year=year),
        "candidates": selectors.archive_candidates(organ=organ, user=request.user),
        "retentions": Retention.choices,
        "fonds_code": services.fonds_code_for(organ),
        "fonds_configured": ArchiveFonds.objects.filter(organ=organ).exists(),
    }
    return render(request, "archive/list.html", context)


@login_required
@require_POST
def archive_file_view(request, kind: str, pk: int):
    """File one document as a 件 (机构/问题 code and optional 保管期限 from the form)."""
    document = selectors.candidate_get_for_user(user=request.user, kind=kind, pk=pk)
    organ = document.organ
    try:
        item = services.archive_file(
            actor=request.user,
            **{kind: document},
            class_code=request.POST.get("class_code", ""),
            retention=request.POST.get("retention", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已归档，档号 %(code)s。") % {"code": item.archival_code})
    # filed from the document's own page: back to it, where the 档号 now shows
    if request.POST.get("back") == "document":
        return redirect(document.get_absolute_url())
    return redirect(f"{reverse('archive:list')}?organ={organ.pk}")


@login_required
def archive_export_view(request):
    """A year's filing as a .zip (PDFs, 归档文件目录.xlsx and .xml); audited."""
    organ = selectors.archivist_organ_or_403(user=request.user, organ_id=request.GET.get("organ"))
    year = _year(request.GET.get("year"))
    try:
        name, data = services.archive_export_year(organ=organ, year=year, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('archive:list')}?organ={organ.pk}&year={year}")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_POST
def archive_fonds_view(request):
    """Set the organ's 全宗号 (before its first 件)."""
    organ = selectors.archivist_organ_or_403(user=request.user, organ_id=request.POST.get("organ"))
    try:
        fonds = services.fonds_set(
            organ=organ, code=request.POST.get("code", ""), actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("全宗号已设为 %(code)s。") % {"code": fonds.code})
    return redirect(f"{reverse('archive:list')}?organ={organ.pk}")


@login_required
@require_POST
def document_mark_view(request, kind: str, pk: int):
    """撤销 or 废止 a document from its page (the office director or the archivist)."""
    from datetime import date as date_type

    if kind == "incoming":
        from zhongshu.documents.incoming.selectors import incoming_get_for_user

        document = {"incoming": incoming_get_for_user(user=request.user, pk=pk)}
    elif kind == "outgoing":
        from zhongshu.documents.selectors import document_get_for_user

        document = {"outgoing": document_get_for_user(user=request.user, pk=pk)}
    else:
        raise Http404
    effective_from = None
    raw = request.POST.get("effective_from", "").strip()
    try:
        effective_from = date_type.fromisoformat(raw) if raw else None
        services.document_mark(
            actor=request.user,
            kind=request.POST.get("mark", ""),
            reason=request.POST.get("reason", ""),
            effective_from=effective_from,
            **document,
        )
    except (ValueError, ValidationError, ApplicationError) as exc:
        if isinstance(exc, ValidationError):
            messages.error(request, "；".join(exc.messages))
        elif isinstance(exc, ApplicationError):
            messages.error(request, exc.message)
        else:
            messages.error(request, _("失效日期格式无效。"))
        if kind == "incoming":  # its page again, the form open with what was typed
            from zhongshu.documents.incoming.views import incoming_detail_page

            return incoming_detail_page(request, document["incoming"], kept={"mark": request.POST})
    else:
        messages.success(request, _("已标记。"))
    return redirect(next(iter(document.values())).get_absolute_url())


_HOLDER_COPY_ACTIONS = {
    # the holder's side of the 份号 register: ask to destroy, and the director's decision
    "request": lambda record, user, note: services.copy_destruction_request(
        record=record, actor=user, reason=note
    ),
    "approve": lambda record, user, note: services.copy_destruction_approve(
        record=record, actor=user, note=note
    ),
    "reject": lambda record, user, note: services.copy_destruction_reject(
        record=record, actor=user, note=note
    ),
}
_COPY_DONE = {
    "request": gettext_lazy("已申请销毁份号 %(no)s，待办公室主任审批。"),
    "approve": gettext_lazy("已批准销毁份号 %(no)s。"),
    "reject": gettext_lazy("已不同意销毁份号 %(no)s，该份仍由本机关持有。"),
}


@login_required
@require_POST
def copy_act_view(request, incoming_pk: int, pk: int, action: str):
    """申请销毁, 批准销毁 or 不同意销毁 one numbered copy the organ holds, from the 收文 page."""
    from django.core.exceptions import PermissionDenied

    from zhongshu.documents.incoming.selectors import incoming_get_for_user

    if request.user.admin_role:
        raise PermissionDenied(_("管理员账号不能办理公文。"))
    if action not in _HOLDER_COPY_ACTIONS:
        raise Http404
    incoming = incoming_get_for_user(user=request.user, pk=incoming_pk)
    record = selectors.copy_get_for_user(user=request.user, incoming=incoming, pk=pk)
    try:
        _HOLDER_COPY_ACTIONS[action](record, request.user, request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _COPY_DONE[action] % {"no": f"{record.copy_number:06d}"})
    return redirect(incoming.get_absolute_url())
