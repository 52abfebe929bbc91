"""Pages of a single work item: open it, see its history, complete it; and the hand-over form.

Each view fetches through ``zhongshu.flow.selectors`` (another person's item is a 404) and
writes through ``zhongshu.flow.services`` only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.accounts.models import User
from zhongshu.accounts.permissions import admin_required
from zhongshu.flow.forms import WorkItemHandOverForm
from zhongshu.flow.models import WorkItem
from zhongshu.flow.selectors import (
    DONE_BY_MODULE_MESSAGE,
    workitem_done_by_its_module,
    workitem_get_for_user,
    workitem_history,
    workitem_may_complete,
)
from zhongshu.flow.services import workitem_complete, workitem_hand_over
from zhongshu.lib.errors import ApplicationError


def _safe_url(request, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@login_required
def workitem_open(request, pk: int):
    """Open the object of a work item.

    Opening a 待阅 by its reader, or by someone reading for them under a delegation, marks it
    read (已阅, recorded as "X 代 Y" for a delegate); a 待办 is only done by its module's step.
    A 待阅 whose reading is itself a step of its module (a 收文's 传阅: the reader 阅毕s it on
    the document, with an opinion, and the sender sees who has read) stays open until that step.
    """
    item = workitem_get_for_user(user=request.user, pk=pk)
    if (
        item.kind == WorkItem.Kind.TO_READ
        and not workitem_done_by_its_module(item)
        and workitem_may_complete(item=item, user=request.user)
    ):
        workitem_complete(item=item, actor=request.user)
    if _safe_url(request, item.url):
        return redirect(item.url)
    return redirect("flow:detail", pk=item.pk)


@login_required
def workitem_detail(request, pk: int):
    item = workitem_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "flow/item_detail.html",
        {
            "item": item,
            "history": workitem_history(item=item),
            "may_complete": not workitem_done_by_its_module(item)
            and workitem_may_complete(item=item, user=request.user),
        },
    )


@login_required
@require_POST
def workitem_complete_view(request, pk: int):
    item = workitem_get_for_user(user=request.user, pk=pk)
    if workitem_done_by_its_module(item):
        messages.error(request, str(DONE_BY_MODULE_MESSAGE))
        return redirect("flow:detail", pk=item.pk)
    try:
        workitem_complete(item=item, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已办结：%(title)s") % {"title": item.title})
    return redirect("flow:detail", pk=item.pk)


@admin_required(User.AdminRole.SYSTEM)
def workitem_hand_over_view(request):
    """轮岗: the system administrator moves a person's open work to their successor."""
    form = WorkItemHandOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            count = workitem_hand_over(
                from_user=data["from_username"],
                to_user=data["to_username"],
                post=data["post"],
                actor=request.user,
                reason=data["reason"],
            )
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, errors in by_field.items():
                target = {"from_user": "from_username", "to_user": "to_username"}.get(field, field)
                for error in errors:
                    form.add_error(target if target in form.fields else None, error)
        else:
            messages.success(
                request,
                _("已将 %(count)d 项待办由 %(from)s 移交给 %(to)s。")
                % {"count": count, "from": data["from_username"], "to": data["to_username"]},
            )
            return redirect("flow:hand_over")
    return render(request, "flow/hand_over.html", {"form": form})
