"""The workbench: one list of a person's work across every module (domain.md §7).

Administrators hold no work items (三员分立); they are sent to their own area instead.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from zhongshu.accounts.selectors import HOME_URL_NAMES, first_url
from zhongshu.flow.models import WorkItem
from zhongshu.flow.selectors import (
    Tab,
    workitem_counts,
    workitems_for_user,
    workitems_mark_completed_for,
)

PAGE_SIZE = 20


def _admin_home(request):
    """An administrator's own area, or a plain page while that area is not built."""
    url = first_url(HOME_URL_NAMES.get(request.user.admin_role, ()))
    if url is not None and url != request.path:
        return redirect(url)
    return render(request, "web/workbench_admin.html")


@login_required
def workbench(request):
    """The 待办 / 待阅 / 已办 / 我发起的 tabs with counts; the tab body alone for htmx."""
    if request.user.admin_role:
        return _admin_home(request)
    tab = request.GET.get("tab") or Tab.TODO
    if tab not in Tab.ALL:
        tab = Tab.TODO
    module = request.GET.get("module") or ""
    if module not in WorkItem.Module.values:
        module = ""
    overdue = request.GET.get("overdue") == "1"
    now = timezone.now()
    counts = workitem_counts(user=request.user, module=module or None, now=now)
    items = workitems_for_user(
        user=request.user, tab=tab, module=module or None, overdue=overdue, now=now, counts=counts
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    if tab == Tab.DONE:
        workitems_mark_completed_for(page.object_list)
    # The filters every tab and page link carries along.
    filters = urlencode(
        {k: v for k, v in (("module", module), ("overdue", "1" if overdue else "")) if v}
    )
    context = {
        "tab": tab,
        "tabs": [(value, label, counts[value]) for value, label in Tab.CHOICES],
        "counts": counts,
        "module": module,
        "overdue": overdue,
        "filters": filters,
        "modules": WorkItem.Module.choices,
        "page": page,
        "now": now,
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "web/_partials/workbench_tab.html", context)
    return render(request, "web/workbench.html", context)
