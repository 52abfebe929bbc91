"""The work-item API: my items by tab with counts, complete one, hand over (system admin).

Thin: each endpoint fetches through the selectors and writes through the same services as the
pages; errors become ``{"message", "extra"}`` in ``zhongshu.config.api``.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from zhongshu.accounts.models import User
from zhongshu.accounts.permissions import AdminAuth, BusinessAuth
from zhongshu.flow.models import WorkItem
from zhongshu.flow.selectors import (
    DONE_BY_MODULE_MESSAGE,
    MASKED_TITLE,
    Tab,
    workitem_counts,
    workitem_done_by_its_module,
    workitem_get_for_user,
    workitem_history,
    workitems_for_user,
)
from zhongshu.flow.services import workitem_complete, workitem_hand_over
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.models import Post

router = Router(tags=["flow"])

PAGE_SIZE = 50


class PersonOut(Schema):
    id: int
    full_name: str


class WorkItemOut(Schema):
    id: int
    kind: str
    module: str
    action: str
    title: str
    url: str
    state: str
    urgent: bool
    deadline: datetime | None
    overdue: bool
    created_at: datetime
    completed_at: datetime | None
    assignee: PersonOut
    acting_for: PersonOut | None
    completed_by: PersonOut | None

    @staticmethod
    def resolve_overdue(obj: WorkItem) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_title(obj: WorkItem) -> str:
        # the title under the viewer's clearance (flow.selectors.with_shown_titles); an item
        # read without it shows nothing rather than a title the viewer may not see
        return getattr(obj, "shown_title", None) or str(MASKED_TITLE)


class WorkItemTransitionOut(Schema):
    kind: str
    from_state: str
    to_state: str
    at: datetime
    reason: str
    actor: PersonOut | None
    acting_for: PersonOut | None
    from_assignee: PersonOut | None
    to_assignee: PersonOut | None


class WorkItemDetailOut(WorkItemOut):
    history: list[WorkItemTransitionOut]


class WorkItemCountsOut(Schema):
    todo: int
    to_read: int
    done: int
    started: int
    overdue: int


class WorkItemListIn(Schema):
    tab: str = Tab.TODO
    module: str = ""
    overdue: bool = False
    page: int = 1


class WorkItemListOut(Schema):
    counts: WorkItemCountsOut
    tab: str
    page: int
    pages: int
    total: int
    items: list[WorkItemOut]


class WorkItemCompleteIn(Schema):
    acting_for_id: int | None = None


class WorkItemHandOverIn(Schema):
    from_user_id: int
    to_user_id: int | None = None
    post_id: int | None = None
    reason: str = ""


class WorkItemHandOverOut(Schema):
    count: int


def _validate_filters(params: WorkItemListIn) -> None:
    errors = {}
    if params.tab not in Tab.ALL:
        errors["tab"] = [_("未知的分类“%(tab)s”。") % {"tab": params.tab}]
    if params.module and params.module not in WorkItem.Module.values:
        errors["module"] = [_("未知的模块“%(module)s”。") % {"module": params.module}]
    if params.page < 1:
        errors["page"] = [_("页码必须大于零。")]
    if errors:
        raise ValidationError(errors)


@router.get("/items", response=WorkItemListOut, auth=BusinessAuth())
def workitem_list(request, params: Query[WorkItemListIn]):
    """My work items of one tab (待办 todo / 待阅 to_read / 已办 done / 我发起的 started)."""
    _validate_filters(params)
    module = params.module or None
    counts = workitem_counts(user=request.user, module=module)
    qs = workitems_for_user(
        user=request.user, tab=params.tab, module=module, overdue=params.overdue, counts=counts
    )
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(params.page)
    return {
        "counts": counts,
        "tab": params.tab,
        "page": page.number,
        "pages": paginator.num_pages,
        "total": paginator.count,
        "items": list(page),
    }


@router.get("/items/{item_id}", response=WorkItemDetailOut, auth=BusinessAuth())
def workitem_detail(request, item_id: int):
    """One item with its history (who moved it, acting for whom, hand-overs); 404 outside."""
    item = workitem_get_for_user(user=request.user, pk=item_id)
    item.history = list(workitem_history(item=item))
    return item


@router.post("/items/{item_id}/complete", response=WorkItemOut, auth=BusinessAuth())
def workitem_complete_api(request, item_id: int, payload: WorkItemCompleteIn | None = None):
    """Complete an item: its assignee, or a delegate of the assignee (else 404/403)."""
    item = workitem_get_for_user(user=request.user, pk=item_id)
    if workitem_done_by_its_module(item):
        raise ApplicationError(str(DONE_BY_MODULE_MESSAGE), status=409)
    acting_for = None
    if payload is not None and payload.acting_for_id is not None:
        acting_for = User.objects.filter(pk=payload.acting_for_id).first()
        if acting_for is None:
            raise ValidationError({"acting_for_id": [_("被代理人不存在。")]})
    return workitem_complete(item=item, actor=request.user, acting_for=acting_for)


@router.post("/hand-over", response=WorkItemHandOverOut, auth=AdminAuth(User.AdminRole.SYSTEM))
def workitem_hand_over_api(request, payload: WorkItemHandOverIn):
    """轮岗: move a person's open items (on one post if given) to a successor."""
    errors = {}
    from_user = User.objects.filter(pk=payload.from_user_id).first()
    if from_user is None:
        errors["from_user_id"] = [_("移交人不存在。")]
    to_user = None
    if payload.to_user_id is not None:
        to_user = User.objects.filter(pk=payload.to_user_id).first()
        if to_user is None:
            errors["to_user_id"] = [_("接收人不存在。")]
    post = None
    if payload.post_id is not None:
        post = Post.objects.select_related("department__organ").filter(pk=payload.post_id).first()
        if post is None:
            errors["post_id"] = [_("岗位不存在。")]
    if errors:
        raise ValidationError(errors)
    count = workitem_hand_over(
        from_user=from_user, to_user=to_user, post=post, actor=request.user, reason=payload.reason
    )
    return {"count": count}
