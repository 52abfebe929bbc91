"""The audit pages of the 审计管理员: the filtered list, its htmx partial, CSV export, chain status.

Every read is recorded (``audit.services.audit_trail_read``); everyone else gets 403.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from zhongshu.accounts.models import User
from zhongshu.accounts.permissions import admin_required
from zhongshu.audit.forms import AuditFilterForm, default_period
from zhongshu.audit.selectors import (
    AuditFilters,
    action_label,
    audit_count_bounded,
    audit_last_verification,
)
from zhongshu.audit.services import audit_chain_check, audit_trail_read
from zhongshu.lib.spreadsheets import csv_row

PAGE_SIZE = 50
audit_admin_required = admin_required(User.AdminRole.AUDIT)


def _query(request: HttpRequest) -> QueryDict:
    """The page's parameters; a first visit (none at all) gets the default period, so that its
    page and export links carry the same period as what it shows."""
    if request.GET:
        return request.GET
    query = QueryDict(mutable=True)
    query.update(default_period())
    return query


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilters | None]:
    form = AuditFilterForm(_query(request))
    return form, (form.filters() if form.is_valid() else None)


class BoundedPaginator(Paginator):
    """A paginator whose count stops at ``COUNT_CAP`` (``audit_count_bounded``)."""

    capped = False

    @cached_property
    def count(self) -> int:
        count, self.capped = audit_count_bounded(self.object_list)
        return count


@audit_admin_required
def events(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    context: dict[str, Any] = {
        "form": form,
        "query": _query_without_page(request),
        "last_verification": audit_last_verification(user=request.user),
    }
    status = 200
    if filters is None:
        context["page"] = None
        status = 400
    else:
        qs = audit_trail_read(
            user=request.user,
            filters=filters,
            request=request,
            extra={"page": request.GET.get("page", "1")},
        )
        page = BoundedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        for event in page.object_list:
            event.action_label = action_label(event.action)
            event.extra_lines = extra_lines(event.extra)
        context["page"] = page
    template = "audit/events.html"
    # A history restore (back button after a cache miss) needs the whole page (netbox htmx_partial).
    if request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request:
        template = "audit/_partials/events_table.html"
    return render(request, template, context, status=status)


# The names of the details' keys an auditor meets most; any other key is shown as it is stored.
EXTRA_LABELS = {
    "action": _("动作"),
    "assignee": _("办理人"),
    "broken_seq": _("断裂处"),
    "checked": _("已校验"),
    "checkpoint_seq": _("检查点"),
    "count": _("数量"),
    "date_from": _("起始日期"),
    "date_to": _("截止日期"),
    "doc_number": _("发文字号"),
    "doc_type": _("文种"),
    "filters": _("筛选条件"),
    "from_status": _("原状态"),
    "holder": _("在岗人员"),
    "keyed": _("带密钥"),
    "keyword": _("关键词"),
    "kind": _("类别"),
    "last_path": _("最后访问的地址"),
    "legacy": _("旧式摘要"),
    "method": _("请求方法"),
    "module": _("模块"),
    "note": _("备注"),
    "organ": _("机关"),
    "page": _("页码"),
    "path": _("地址"),
    "person": _("人员"),
    "reason": _("原因"),
    "receipt_number": _("收文号"),
    "recorded": _("逐条记录"),
    "result": _("结果"),
    "scope": _("范围"),
    "source": _("来源"),
    "status": _("状态"),
    "title": _("标题"),
    "to_status": _("新状态"),
    "username": _("用户名"),
    "window": _("起始时间"),
    "window_end": _("截止时间"),
    "year": _("年度"),
}


def _extra_value(value: Any) -> str:
    if isinstance(value, dict):
        return "，".join(
            f"{EXTRA_LABELS.get(k, k)} {_extra_value(v)}"
            for k, v in sorted(value.items())
            if v not in ("", None)
        )
    if isinstance(value, list | tuple):
        return "、".join(_extra_value(v) for v in value)
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    return "—" if value in ("", None) else str(value)


def extra_lines(extra: dict | None) -> list[str]:
    """An event's details as lines an auditor reads (起始日期 2026-10-29), not as JSON.

    The CSV export keeps the JSON, for machines. Keys are sorted: PostgreSQL's jsonb keeps them
    by length (date_to before date_from), SQLite as written; the page reads the same on both.
    """
    return [
        f"{EXTRA_LABELS.get(key, key)}：{_extra_value(value)}"
        for key, value in sorted((extra or {}).items())
    ]


def _query_without_page(request: HttpRequest) -> str:
    query = _query(request).copy()
    query.pop("page", None)
    return query.urlencode()


@require_POST
@audit_admin_required
def chain_status(request: HttpRequest) -> HttpResponse:
    """Walk the whole chain now (POST: it is an audited act and costs O(n))."""
    report = audit_chain_check(user=request.user, request=request)
    if not request.htmx:  # the button without JavaScript: back to the page, which shows it
        return redirect("audit:events")
    return render(
        request, "audit/_partials/chain_status.html", {"report": report, "at": timezone.now()}
    )


class _Echo:
    """A file-like object whose ``write`` returns the line, for streaming ``csv.writer``."""

    def write(self, value: str) -> str:
        return value


CSV_HEADER = (
    "序号",
    "时间",
    "操作人",
    "代理对象",
    "机关",
    "动作",
    "动作代码",
    "对象类型",
    "对象编号",
    "对象",
    "结果",
    "IP地址",
    "客户端",
    "详情",
    "摘要",
)


def _csv_rows(qs: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM: Excel then reads the file as UTF-8 and shows the Chinese
    yield writer.writerow(csv_row(CSV_HEADER))
    for event in qs.iterator(chunk_size=2000):
        yield writer.writerow(
            csv_row(
                (
                    event.seq,
                    timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
                    event.actor_name,
                    event.acting_for.full_name if event.acting_for else "",
                    event.organ.name if event.organ else "",
                    action_label(event.action),
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.object_repr,
                    event.get_result_display(),
                    event.ip or "",
                    event.user_agent,
                    json.dumps(event.extra, ensure_ascii=False) if event.extra else "",
                    event.digest,
                )
            )
        )


@audit_admin_required
def export_csv(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    if filters is None:
        return HttpResponse(
            "；".join(m for msgs in form.errors.values() for m in msgs),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    qs = audit_trail_read(user=request.user, filters=filters, request=request, purpose="export")
    name = "audit-{}.csv".format(timezone.localtime().strftime("%Y%m%d-%H%M%S"))
    response = StreamingHttpResponse(_csv_rows(qs), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
