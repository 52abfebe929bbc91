"""Audit API for the 审计管理员: the filtered list and the chain check (each read is audited)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from zhongshu.accounts.models import User
from zhongshu.accounts.permissions import AdminAuth
from zhongshu.audit.forms import EARLIEST
from zhongshu.audit.selectors import AuditFilters, action_label, audit_count_bounded
from zhongshu.audit.services import audit_chain_check, audit_trail_read

router = Router(tags=["审计"], auth=AdminAuth(User.AdminRole.AUDIT))


class AuditEventListIn(Schema):
    person: str = Field("", max_length=150, description="操作人姓名/用户名，或被操作的账号")
    organ_id: int | None = None
    action: str = Field("", max_length=60, description="动作代码；以“.”结尾表示前缀")
    result: str = Field("", pattern="^(|success|failure|denied)$")
    date_from: date | None = None
    date_to: date | None = None
    text: str = Field("", max_length=100)
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class AuditEventOut(Schema):
    seq: int
    at: datetime
    actor_id: int | None
    actor_name: str
    acting_for_id: int | None
    organ_id: int | None
    action: str
    action_label: str
    object_type: str
    object_id: str
    object_repr: str
    result: str
    ip: str | None
    user_agent: str
    extra: dict[str, Any]
    digest: str


class AuditEventListOut(Schema):
    count: int = Field(description="匹配的条数，至多 10000（见 count_capped）")
    count_capped: bool = Field(False, description="超过 10000 条时为真，count 只计到 10000")
    page: int
    page_size: int
    items: list[AuditEventOut]


class AuditChainVerifyOut(Schema):
    ok: bool
    checked: int
    broken_seq: int | None
    reason: str
    legacy: int = Field(0, description="未加密钥的旧式摘要事件数（链加密钥之前写入）")
    keyed: int = Field(0, description="带密钥（HMAC）摘要的事件数")
    checkpoints: int = Field(0, description="与表比对过的已签名检查点数")
    checkpoint_seq: int | None = Field(None, description="最近一个检查点记录的最后一条事件序号")
    checkpoint_at: str = Field("", description="最近一个检查点的时间")


@router.get("/events", response=AuditEventListOut, summary="审计记录列表")
def audit_event_list(request: HttpRequest, params: Query[AuditEventListIn]):
    # The page's rules (audit.forms): a period from 2000-01-01 to today, start not after end.
    latest = timezone.localdate() + timedelta(days=1)
    for name in ("date_from", "date_to"):
        day = getattr(params, name)
        if day and not EARLIEST <= day <= latest:
            raise ValidationError(
                {name: [_("日期应在 %(first)s 至今天之间。") % {"first": EARLIEST.isoformat()}]}
            )
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise ValidationError({"date_to": [_("起始日期不能晚于截止日期。")]})
    filters = AuditFilters(
        person=params.person.strip(),
        organ_id=params.organ_id,
        action=params.action.strip(),
        result=params.result,
        date_from=params.date_from,
        date_to=params.date_to,
        text=params.text.strip(),
    )
    qs = audit_trail_read(
        user=request.auth,
        filters=filters,
        request=request,
        extra={"page": params.page, "api": True},
    )
    start = (params.page - 1) * params.page_size
    items = list(qs[start : start + params.page_size])
    for event in items:
        event.action_label = action_label(event.action)
    count, capped = audit_count_bounded(qs)
    return {
        "count": count,
        "count_capped": capped,
        "page": params.page,
        "page_size": params.page_size,
        "items": items,
    }


@router.post("/verify", response=AuditChainVerifyOut, summary="校验审计链")
def audit_chain_verify(request: HttpRequest):
    report = audit_chain_check(user=request.auth, request=request)
    return report.__dict__
