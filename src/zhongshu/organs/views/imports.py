"""The spreadsheet import pages of the 系统管理员: template download and upload with report."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from zhongshu.accounts.permissions import admin_required
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs import services
from zhongshu.organs.forms import ImportForm
from zhongshu.organs.views._helpers import add_service_errors

system_required = admin_required("system")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@system_required
def import_template(request):
    response = HttpResponse(services.import_template(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''organs-people-template.xlsx"
    return response


@system_required
def export_workbook(request):
    """All active organs and the people on their posts, in the import format (audited)."""
    data = services.organs_people_export(actor=request.user, request=request)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''organs-people.xlsx"
    response["Cache-Control"] = "no-store"  # personal data: not to be kept by caches
    return response


@system_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Upload a workbook; show every row problem, or what was created (the people's activation
    codes are the security administrator's to issue: no password is shown here)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.organs_people_import(
                actor=request.user, file=form.cleaned_data["file"], request=request
            )
        except (ValidationError, ApplicationError) as exc:
            # a row that passed the checks but not the database (e.g. a name taken meanwhile):
            # the transaction is undone, the page says why
            add_service_errors(form, exc)
            result = None
    return render(request, "organs/import.html", {"form": form, "result": result})
