"""The route of a 发文 from 送审 to 复核 (条例 第二十至二十二条、第二十五条(一)).

Each public function: one durable transaction; lock the document; ``permissions.require``;
validate; ``move`` (compare-and-set + sheet row); close the finished step's 待办 and open the
next handler's; one audit line. Returns go only to a step already passed in the current round,
and the route runs forward again from there (domain.md §8).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhongshu.audit.services import audit_record
from zhongshu.documents import permissions, rendering
from zhongshu.documents.models import (
    NUMBERED_STATUSES,
    ROUTE_ORDER,
    TRANSITIONS,
    Countersign,
    DocumentStep,
    OutgoingDocument,
)
from zhongshu.documents.permissions import Action
from zhongshu.documents.services._common import (
    ACTIONS,
    Decision,
    Status,
    add_step,
    content_hash,
    dump_content,
    outgoing_flow,
    parse_content,
    step_pool,
    void_current_number,
)
from zhongshu.documents.services.drafting import organ_by_name
from zhongshu.flow.services import workitem_complete
from zhongshu.gongwen.model import Direction as GwDirection
from zhongshu.lib.errors import ApplicationError
from zhongshu.lib.workflow import passed_steps
from zhongshu.organs.models import Department, Organ

FORWARD_DECISIONS = frozenset(
    {
        Decision.SUBMIT,
        Decision.PASS,
        Decision.SIGN,
        Decision.CIRCLE,
        Decision.NUMBER,
        Decision.SEAL,
    }
)
# Acts that send the document back: a return, and voiding the number (用印 back to 登记).
BACKWARD_DECISIONS = frozenset({Decision.RETURN, Decision.VOID})
# Steps without a named handler: a return to them goes to the office's pool again.
POOLED_STATUSES = frozenset({Status.REGISTER})


# --- reading the round -----------------------------------------------------------------------


def _round_steps(document: OutgoingDocument) -> list[DocumentStep]:
    return list(
        document.steps.filter(round=document.round)
        .select_related("actor", "acting_for")
        .order_by("at", "id")
    )


def passed_in_round(document: OutgoingDocument) -> list[str]:
    """Steps passed in the current round and not undone by a later return, in route order."""
    return passed_steps(
        _round_steps(document),
        order=ROUTE_ORDER,
        forward=FORWARD_DECISIONS,
        backward=BACKWARD_DECISIONS,
    )


def return_targets(document: OutgoingDocument) -> list[str]:
    """Where the document may be returned to now (route order, nearest last)."""
    if document.status not in ROUTE_ORDER:
        return []
    here = ROUTE_ORDER.index(document.status)
    allowed = TRANSITIONS[document.status]
    return [s for s in passed_in_round(document) if ROUTE_ORDER.index(s) < here and s in allowed]


def _last_handler(document: OutgoingDocument, status: str):
    """Who handled ``status`` last in this round (the principal when a delegate acted)."""
    if status == Status.DRAFT:
        return document.drafter
    for step in reversed(_round_steps(document)):
        if step.from_status == status and step.decision in FORWARD_DECISIONS:
            return step.handler
    return None


# --- shared checks ---------------------------------------------------------------------------


def _require_in(person, queryset, field: str, message: str):
    if person is None:
        raise ValidationError({field: [message]})
    if not queryset.filter(pk=person.pk).exists():
        raise ValidationError({field: [message]})
    return person


def _audit(document: OutgoingDocument, *, actor, action: str, acting_for=None, **extra):
    audit_record(
        actor=actor,
        action=action,
        obj=document,
        organ=document.organ,
        acting_for=acting_for,
        extra={"status": document.status, "round": document.round, **extra},
    )


def _check_complete(document: OutgoingDocument) -> None:
    """What a draft needs before it leaves the drafter."""
    model = parse_content(document.content)
    errors = []
    if not model.title.strip():
        errors.append(_("标题不能为空。"))
    if not any(p.text.strip() for p in model.body):
        errors.append(_("正文不能为空。"))
    if errors:
        raise ValidationError({"content": errors})


# --- 送审 ------------------------------------------------------------------------------------


def route_submit(
    *, document: OutgoingDocument, actor, reviewer, opinion: str = ""
) -> OutgoingDocument:
    """拟稿人送核稿: to a head or 核稿人 of the drafting department."""
    with transaction.atomic(durable=True):
        outgoing_flow.lock(document)
        permissions.require(actor, document, Action.SUBMIT)
        _check_complete(document)
        _require_in(
            reviewer,
            permissions.reviewers_for(document),
            "reviewer",
            _("核稿人须为拟稿处室的负责人或核稿人（不能是拟稿人本人）。"),
        )
        outgoing_flow.close_items(document, status=Status.DRAFT, actor=actor)
        outgoing_flow.move(
            document,
            to_status=Status.REVIEW,
            actor=actor,
            decision=Decision.SUBMIT,
            opinion=opinion.strip(),
            extra={"next_handler": reviewer.pk},
            current_handler=reviewer,
        )
        outgoing_flow.open_items(
            document, status=Status.REVIEW, assignees=[reviewer], created_by=actor
        )
        _audit(document, actor=actor, action="outgoing_submit", next_handler=reviewer.pk)
    return document


# --- 通过 (核稿, 办公室审核) -------------------------------------------------------------------


# 办公室审核's checklist (条例 第二十条): what the office confirms before sign-off.
AUDIT_CHECKLIST: dict[str, Any] = {
    "necessity": gettext_lazy("行文理由充分，行文依据准确"),
    "policy": gettext_lazy(
        "内容符合党的理论路线方针政策和国家法律法规，完整准确体现发文机关意图，与现行有关公文相衔接，措施切实可行"
    ),
    "consultation": gettext_lazy("涉及有关地区或者部门职权范围内的事项已经充分协商并达成一致意见"),
    "format": gettext_lazy(
        "文种正确，格式规范；人名、地名、时间、数字、段落顺序、引文等准确；文字、数字、计量单位和标点符号等用法规范"
    ),
    "other": gettext_lazy("其他内容符合公文起草的有关要求"),
}


def _checked_items(checklist: list[str] | None) -> list[str]:
    items = list(dict.fromkeys(checklist or []))
    unknown = [i for i in items if i not in AUDIT_CHECKLIST]
    if unknown:
        raise ValidationError(
            {"checklist": [_("审核要点有误：%(items)s。") % {"items": "、".join(unknown)}]}
        )
    return items


def _co_issuers(document: OutgoingDocument) -> dict[str, Organ]:
    """The co-issuing organs of a joint document by name (each must be in this deployment)."""
    model = parse_content(document.content)
    co_issuers: dict[str, Organ] = {}
    for issuer in model.issuers[1:]:
        organ = organ_by_name(issuer.name)
        if organ is None:
            raise ValidationError(
                {
                    "countersigns": [
                        _("联合发文机关“%(name)s”不在本系统中，无法会签。") % {"name": issuer.name}
                    ]
                }
            )
        co_issuers[issuer.name] = organ
    return co_issuers


def _countersign_unit(document: OutgoingDocument, department, organ) -> tuple[str, int]:
    """The unit of one requested 会签 checked: a department of the organ other than the
    drafting one, or another organ; its key ("d" or "o", pk)."""
    if department is not None:
        if department.organ_id != document.organ_id:
            raise ValidationError(
                {"countersigns": [_("会签处室须为本机关的处室；其他机关请按机关会签。")]}
            )
        if department.pk == document.department_id:
            raise ValidationError(
                {
                    "countersigns": [
                        _(
                            "“%(unit)s”是本文的拟稿处室，不能会签：会签由其他处室或机关进行，"
                            "拟稿处室的意见在核稿环节提出。"
                        )
                        % {"unit": department}
                    ]
                }
            )
        key = ("d", department.pk)
    else:
        if organ.pk == document.organ_id:
            raise ValidationError({"countersigns": [_("本机关内部会签请选择处室。")]})
        key = ("o", organ.pk)
    return key


def _check_countersigner(
    document: OutgoingDocument, *, department, organ, assignee, co_issuer: bool
) -> None:
    """The assignee of one 会签 may countersign for its unit (a co-issuer's: its leader)."""
    eligible = permissions.countersigners_for(
        document, department=department, organ=organ, co_issuer=co_issuer
    )
    unit = department or organ
    is_eligible = assignee is not None and eligible.filter(pk=assignee.pk).exists()
    if (
        department is not None
        and assignee is not None
        and not is_eligible
        and permissions.signs_only_in(assignee, department)
    ):
        raise ValidationError(
            {
                "countersigns": [
                    _(
                        "%(person)s在“%(unit)s”只担任签发领导，不能作为会签人；"
                        "处室会签须由该处室的负责人或核稿人办理。"
                    )
                    % {"person": assignee, "unit": unit}
                ]
            }
        )
    if not is_eligible:
        message = (
            _("“%(unit)s”的会签人须为该机关的负责人。")
            if co_issuer
            else _("“%(unit)s”的会签人须为该单位的负责人。")
        )
        raise ValidationError({"countersigns": [message % {"unit": unit}]})


def _resolve_countersigns(document: OutgoingDocument, specs: list[dict[str, Any]]) -> list[dict]:
    """Check each requested 会签 (department of the organ, or another organ) and its assignee.

    A joint document's co-issuers must all be among them, each countersigned by a leader of
    that organ (第二十二条: 联合发文由所有联署机关的负责人会签).
    """
    co_issuers = _co_issuers(document)
    rows: list[dict] = []
    seen: set[tuple[str, int]] = set()
    for spec in specs:
        department = spec.get("department")
        organ = spec.get("organ")
        assignee = spec.get("assignee")
        if isinstance(department, int):
            department = Department.objects.filter(pk=department).first()
        if isinstance(organ, int):
            organ = Organ.objects.filter(pk=organ).first()
        if (department is None) == (organ is None):
            raise ValidationError({"countersigns": [_("每项会签须指定一个处室或一个机关。")]})
        key = _countersign_unit(document, department, organ)
        if key in seen:
            raise ValidationError({"countersigns": [_("会签单位不能重复。")]})
        seen.add(key)
        co_issuer = organ is not None and organ.pk in {o.pk for o in co_issuers.values()}
        _check_countersigner(
            document, department=department, organ=organ, assignee=assignee, co_issuer=co_issuer
        )
        rows.append(
            {
                "department": department,
                "organ": organ,
                "assignee": assignee,
                "is_co_issuer": co_issuer,
            }
        )
    missing = [name for name, organ in co_issuers.items() if ("o", organ.pk) not in seen]
    if missing:
        raise ValidationError(
            {
                "countersigns": [
                    _("联合发文须由各联合发文机关负责人会签，缺少：%(names)s。")
                    % {"names": "、".join(missing)}
                ]
            }
        )
    return rows


def _start_countersigns(document: OutgoingDocument, rows: list[dict], *, actor) -> None:
    now = timezone.now()
    for row in rows:
        Countersign.objects.create(document=document, round=document.round, created_at=now, **row)
    outgoing_flow.open_items(
        document,
        status=Status.COUNTERSIGN,
        assignees=[r["assignee"] for r in rows],
        created_by=actor,
    )


def route_pass(
    *,
    document: OutgoingDocument,
    actor,
    opinion: str = "",
    next_handler=None,
    countersigns: list[dict[str, Any]] | None = None,
    checklist: list[str] | None = None,
) -> OutgoingDocument:
    """Pass 核稿 (to the office's 审核) or 办公室审核 (to 会签, or straight to 签发).

    ``next_handler`` is the office reviewer after 核稿, and the signer after 办公室审核 (with
    ``countersigns`` the signer signs once every 会签 is done). 上行文 and important documents
    go to the organ's principal only. ``checklist`` names the items of 第二十条 the office
    confirmed (``AUDIT_CHECKLIST``); they are kept on the sheet.
    """
    with transaction.atomic(durable=True):
        outgoing_flow.lock(document)
        cap = permissions.require(actor, document, Action.PASS)
        opinion = opinion.strip()
        status = document.status
        if status == Status.REVIEW:
            _require_in(
                next_handler,
                permissions.auditors_for(document),
                "next_handler",
                _("办公室审核人须为本机关办公室主任或办公室核稿人。"),
            )
            outgoing_flow.close_items(document, status=status, actor=actor)
            outgoing_flow.move(
                document,
                to_status=Status.AUDIT,
                actor=actor,
                acting_for=cap.acting_for,
                decision=Decision.PASS,
                opinion=opinion,
                extra={"next_handler": next_handler.pk},
                current_handler=next_handler,
            )
            outgoing_flow.open_items(
                document, status=Status.AUDIT, assignees=[next_handler], created_by=actor
            )
        else:  # 办公室审核
            _require_in(
                next_handler,
                permissions.signers_for(document),
                "next_handler",
                permissions.signer_refusal(document),
            )
            rows = _resolve_countersigns(document, countersigns or [])
            confirmed = _checked_items(checklist)
            outgoing_flow.close_items(document, status=status, actor=actor)
            if rows:
                outgoing_flow.move(
                    document,
                    to_status=Status.COUNTERSIGN,
                    actor=actor,
                    acting_for=cap.acting_for,
                    decision=Decision.PASS,
                    opinion=opinion,
                    extra={
                        "planned_signer": next_handler.pk,
                        "countersigns": len(rows),
                        "checklist": confirmed,
                    },
                    current_handler=None,
                    planned_signer=next_handler,
                )
                _start_countersigns(document, rows, actor=actor)
            else:
                outgoing_flow.move(
                    document,
                    to_status=Status.SIGN_OFF,
                    actor=actor,
                    acting_for=cap.acting_for,
                    decision=Decision.PASS,
                    opinion=opinion,
                    extra={"next_handler": next_handler.pk, "checklist": confirmed},
                    current_handler=next_handler,
                    planned_signer=None,
                )
                outgoing_flow.open_items(
                    document, status=Status.SIGN_OFF, assignees=[next_handler], created_by=actor
                )
        _audit(
            document,
            actor=actor,
            action="outgoing_pass",
            acting_for=cap.acting_for,
            from_status=status,
            next_handler=next_handler.pk,
        )
    return document


# --- 会签 ------------------------------------------------------------------------------------


def countersign_complete(*, document: OutgoingDocument, actor, opinion: str) -> Countersign:
    """One unit's 会签 with its opinion; the last one sends the document to the signer."""
    opinion = (opinion or "").strip()
    if not opinion:
        raise ValidationError({"opinion": [_("请填写会签意见。")]})
    with transaction.atomic(durable=True):
        outgoing_flow.lock(document)
        permissions.require(actor, document, Action.COUNTERSIGN)
        row, cap = permissions.open_countersign_for(actor, document)
        now = timezone.now()
        changed = Countersign.objects.filter(pk=row.pk, active=True, done_at__isnull=True).update(
            done_at=now, opinion=opinion, actor=actor
        )
        if changed != 1:
            raise ApplicationError(_("该会签已办理，请刷新后重试。"))
        row.done_at, row.opinion, row.actor = now, opinion, actor
        add_step(
            document,
            actor=actor,
            acting_for=cap.acting_for,
            decision=Decision.PASS,
            from_status=Status.COUNTERSIGN,
            to_status=Status.COUNTERSIGN,
            opinion=opinion,
            extra={"countersign": row.pk, "unit": row.unit_name},
        )
        # The row's 待办: held by its assignee, or by the successor it was handed over to.
        holder = actor if row.assignee_id != actor.pk and cap.acting_for is None else row.assignee
        for item in outgoing_flow.items(
            document, action=ACTIONS[Status.COUNTERSIGN], assignee=holder
        ):
            workitem_complete(item=item, actor=actor)
        _audit(
            document,
            actor=actor,
            action="outgoing_countersign",
            acting_for=cap.acting_for,
            unit=row.unit_name,
        )
        if not document.countersigns.filter(active=True, done_at__isnull=True).exists():
            signer = document.planned_signer
            outgoing_flow.move(
                document,
                to_status=Status.SIGN_OFF,
                actor=actor,
                acting_for=cap.acting_for,
                decision=Decision.PASS,
                opinion=_("会签完毕"),
                extra={"auto": True, "next_handler": signer.pk},
                current_handler=signer,
                planned_signer=None,
            )
            outgoing_flow.open_items(
                document, status=Status.SIGN_OFF, assignees=[signer], created_by=actor
            )
    return row


# --- 退回, 撤回 ------------------------------------------------------------------------------


def _clear_sign_off(document: OutgoingDocument) -> dict[str, Any]:
    """Fields to reset when the document goes back before 签发: it must be signed again."""
    model = parse_content(document.content)
    model = model.model_copy(update={"date": None, "date_text": ""})
    return {
        "signer": None,
        "signed_on": None,
        "signed_content_hash": "",
        "content": dump_content(model),
    }


def _clear_number(document: OutgoingDocument, content: dict[str, Any]) -> dict[str, Any]:
    """Fields to reset when the number is voided by a return: the 发文字号, and the 印发日期
    if 用印 filled it in (the new sealing fills it again)."""
    update: dict[str, Any] = {"doc_number": ""}
    if document.status == Status.DISPATCH:
        sealed = (
            document.steps.filter(round=document.round, decision=Decision.SEAL)
            .order_by("-at", "-id")
            .first()
        )
        if sealed is not None and sealed.extra.get("print_date_set"):
            update["print_date"] = None
    model = parse_content(content).model_copy(update=update)
    return {"doc_number": "", "content": dump_content(model)}


def route_return(
    *, document: OutgoingDocument, actor, to_status: str, reason: str
) -> OutgoingDocument:
    """退回 with a reason (第二十一条) to a step already passed in this round.

    1. Only the handler of the current step (or an open 会签's assignee) returns.
    2. The target must be in ``return_targets``: a step never passed, or undone by an earlier
       return, cannot be a target, so no approval is skipped.
    3. The target's handler is who handled it last in this round (the drafter for 拟稿); a return
       to 会签 reopens the last 会签 with the same units and people. A return to 拟稿 starts a
       new round.
    4. Open 待办 of the abandoned step are cancelled; the target's handler gets a new one
       (the office's pool for 登记).
    5. From 用印 or 核发 (before dispatch) the number is voided in the same act, with the
       reason, and stays in the register; the files sealed under it stop being current (they
       are kept unchanged) and the document is numbered and sealed again. A return back to
       签发 or before also withdraws the signature. A dispatched document is never returned:
       a correction document follows it instead.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("退回须说明理由。")]})
    with transaction.atomic(durable=True):
        outgoing_flow.lock(document)
        cap = permissions.require(actor, document, Action.RETURN)
        targets = return_targets(document)
        if to_status not in targets:
            raise ApplicationError(
                _("只能退回到本轮已经办理过的环节：%(targets)s。")
                % {"targets": "、".join(str(Status(t).label) for t in targets) or _("无")},
                extra={"targets": targets},
            )
        from_status = document.status
        fields: dict[str, Any] = {}
        target_index = ROUTE_ORDER.index(to_status)
        # Back to 签发 or before (or out of 复核): the signature no longer stands and is given
        # again.
        if target_index <= ROUTE_ORDER.index(Status.SIGN_OFF) and (
            document.signer_id or from_status == Status.RECHECK
        ):
            fields.update(_clear_sign_off(document))
        voided = None
        if from_status in NUMBERED_STATUSES:
            voided = void_current_number(
                document,
                actor=actor,
                reason=_("退回“%(step)s”：%(reason)s")
                % {"step": Status(to_status).label, "reason": reason},
            )
            fields.update(_clear_number(document, fields.get("content", document.content)))
        previous_rows = list(document.countersigns.filter(active=True))
        if target_index <= ROUTE_ORDER.index(Status.COUNTERSIGN):
            document.countersigns.filter(active=True).update(active=False)
        if to_status == Status.COUNTERSIGN:
            signer = document.current_handler if from_status == Status.SIGN_OFF else document.signer
            fields.update(current_handler=None, planned_signer=signer or document.planned_signer)
        elif to_status in POOLED_STATUSES:
            fields.update(current_handler=None)
        else:
            handler = _last_handler(document, to_status)
            fields.update(current_handler=handler)
            if target_index <= ROUTE_ORDER.index(Status.AUDIT):
                fields.update(planned_signer=None)
        if to_status == Status.DRAFT:
            fields.update(round=document.round + 1)
        pool = step_pool(document, to_status) if to_status in POOLED_STATUSES else []
        outgoing_flow.cancel_items(
            document, reason=_("公文已退回：%(reason)s") % {"reason": reason}
        )
        outgoing_flow.move(
            document,
            to_status=to_status,
            actor=actor,
            acting_for=cap.acting_for,
            decision=Decision.RETURN,
            opinion=reason,
            extra={"voided_number": voided.text, "number": voided.pk} if voided else None,
            **fields,
        )
        if to_status == Status.COUNTERSIGN:
            rows = [
                {
                    "department": r.department,
                    "organ": r.organ,
                    "assignee": r.assignee,
                    "is_co_issuer": r.is_co_issuer,
                }
                for r in previous_rows
            ]
            _start_countersigns(document, rows, actor=actor)
        elif pool:
            outgoing_flow.open_items(document, status=to_status, assignees=pool, created_by=actor)
        elif document.current_handler is not None:
            outgoing_flow.open_items(
                document, status=to_status, assignees=[document.current_handler], created_by=actor
            )
        _audit(
            document,
            actor=actor,
            action="outgoing_return",
            acting_for=cap.acting_for,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            **({"voided_number": voided.text} if voided else {}),
        )
    return document


def route_withdraw(*, document: OutgoingDocument, actor, reason: str) -> OutgoingDocument:
    """撤回 by the drafter before the document is signed; it ends there (terminal)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("撤回须说明理由。")]})
    with transaction.atomic(durable=True):
        outgoing_flow.lock(document)
        permissions.require(actor, document, Action.WITHDRAW)
        from_status = document.status
        document.countersigns.filter(active=True).update(active=False)
        outgoing_flow.cancel_items(
            document, reason=_("公文已撤回：%(reason)s") % {"reason": reason}
        )
        outgoing_flow.move(
            document,
            to_status=Status.WITHDRAWN,
            actor=actor,
            decision=Decision.WITHDRAW,
            opinion=reason,
            current_handler=None,
            planned_signer=None,
        )
        _audit(
            document,
            actor=actor,
            action="outgoing_withdraw",
            from_status=from_status,
            reason=reason,
        )
    return document


# --- 签发 ------------------------------------------------------------------------------------


def _co_issuer_dates(document: OutgoingDocument) -> list:
    rows = document.countersigns.filter(active=True, is_co_issuer=True)
    if rows.filter(done_at__isnull=True).exists():
        raise ApplicationError(_("联合发文机关尚未全部会签，不能签发。"))
    return [timezone.localdate(r.done_at) for r in rows]


def _as_signed(document: OutgoingDocument, *, signer, signed_on):
    """The content as it will be signed: the 成文日期, and for 上行文 its 签发人 (the lead
    organ's signer, and each co-issuer's head who countersigned for it, unless the drafter
    named them already)."""
    model = parse_content(document.content)
    issuers = list(model.issuers)
    if model.direction == GwDirection.UP:
        co_signers = {
            row.organ.name: str(row.actor or row.assignee)
            for row in document.countersigns.filter(
                active=True, is_co_issuer=True, done_at__isnull=False
            ).select_related("organ", "actor", "assignee")
        }
        for index, issuer in enumerate(issuers):
            name = str(signer) if index == 0 else co_signers.get(issuer.name)
            if name and not issuer.signers:
                issuers[index] = issuer.model_copy(update={"signers": [name]})
    return model.model_copy(update={"date": signed_on, "date_text": "", "issuers": issuers})


def document_sign_off(
    *,
    document: OutgoingDocument,
    actor,
    opinion: str = "",
    circled: bool = False,
    override_reason: str = "",
) -> OutgoingDocument:
    """签发 (第二十二条): opinion, name and full date; 圈阅 counts as consent.

    1. The signer is the current handler, or a delegate acting for them under a SIGN_OFF
       delegation (recorded "X 代 Y"); 上行文 and important documents need the principal
       (``permissions.capacity`` checks both, as the page does before it shows the button).
    2. The checker runs; error findings block unless the signer writes an override reason,
       which is recorded on the sheet with the findings.
    3. 成文日期 = the sign-off date; for a joint document the latest co-issuer signature.
       The 签发人 of 上行文 is written into the lead issuer.
    4. The signed content's hash is kept for 复核. The document goes to 复核 in the office.
    """
    opinion = (opinion or "").strip()
    override_reason = (override_reason or "").strip()
    if not circled and not opinion:
        raise ValidationError({"opinion": [_("请填写签发意见，或选择圈阅。")]})
    with transaction.atomic(durable=True):
        outgoing_flow.lock(document)
        # Who may sign this document (the principal only for 上行文) is part of the capacity.
        cap = permissions.require(actor, document, Action.SIGN_OFF)
        signer = cap.acting_for or actor
        signed_on = max([timezone.localdate(), *_co_issuer_dates(document)])
        # The text as it will be signed (date, 签发人 filled in) is what the checker reads.
        model = _as_signed(document, signer=signer, signed_on=signed_on)
        findings = rendering.check(model, document)
        errors = rendering.errors_of(findings)
        if errors and not override_reason:
            raise ApplicationError(
                _("审核助手发现 %(count)d 处错误，请修改后再签发，或写明不采纳的理由。")
                % {"count": len(errors)},
                status=422,
                extra={"findings": errors},
            )
        content = dump_content(model)
        if errors:
            add_step(
                document,
                actor=actor,
                acting_for=cap.acting_for,
                decision=Decision.OVERRIDE,
                from_status=Status.SIGN_OFF,
                to_status=Status.SIGN_OFF,
                opinion=override_reason,
                extra={"findings": errors},
            )
        rechecker = _last_handler(document, Status.AUDIT)
        if (
            rechecker is not None
            and not permissions.auditors_for(document).filter(pk=rechecker.pk).exists()
        ):
            rechecker = None
        assignees = [rechecker] if rechecker is not None else step_pool(document, Status.RECHECK)
        outgoing_flow.close_items(document, status=Status.SIGN_OFF, actor=actor)
        outgoing_flow.move(
            document,
            to_status=Status.RECHECK,
            actor=actor,
            acting_for=cap.acting_for,
            decision=Decision.CIRCLE if circled else Decision.SIGN,
            opinion=opinion,
            extra={
                "date": signed_on.isoformat(),
                "signer": signer.pk,
                "signer_name": str(signer),
                "override": bool(errors),
                "warnings": len(findings) - len(errors),
            },
            current_handler=rechecker,
            signer=signer,
            signed_on=signed_on,
            signed_content_hash=content_hash(content),
            content=content,
        )
        outgoing_flow.open_items(
            document, status=Status.RECHECK, assignees=assignees, created_by=actor
        )
        _audit(
            document,
            actor=actor,
            action="outgoing_sign_off",
            acting_for=cap.acting_for,
            signed_on=signed_on.isoformat(),
            circled=circled,
            override_reason=override_reason if errors else "",
            findings=len(errors),
        )
    return document


# --- 复核 ------------------------------------------------------------------------------------


def document_recheck(*, document: OutgoingDocument, actor, opinion: str = "") -> OutgoingDocument:
    """复核 (第二十五条(一)): a substantive change since sign-off sends it back to the signer.

    The signed content's hash is compared with the content now; the elements the office sets
    afterwards (number, 份号, dates) do not count. Unchanged, it goes to 登记编号.
    """
    with transaction.atomic(durable=True):
        outgoing_flow.lock(document)
        cap = permissions.require(actor, document, Action.RECHECK)
        opinion = (opinion or "").strip()
        changed = content_hash(document.content) != document.signed_content_hash
        outgoing_flow.close_items(document, status=Status.RECHECK, actor=actor)
        if changed:
            signer = document.signer
            outgoing_flow.move(
                document,
                to_status=Status.SIGN_OFF,
                actor=actor,
                acting_for=cap.acting_for,
                decision=Decision.RETURN,
                opinion=opinion or _("签发后内容有实质性修改，退回签发人重新审核。"),
                extra={"substantive_change": True},
                current_handler=signer,
            )
            outgoing_flow.open_items(
                document, status=Status.SIGN_OFF, assignees=[signer], created_by=actor
            )
        else:
            clerks = step_pool(document, Status.REGISTER)
            outgoing_flow.move(
                document,
                to_status=Status.REGISTER,
                actor=actor,
                acting_for=cap.acting_for,
                decision=Decision.PASS,
                opinion=opinion,
                current_handler=None,
            )
            outgoing_flow.open_items(
                document, status=Status.REGISTER, assignees=clerks, created_by=actor
            )
        _audit(
            document,
            actor=actor,
            action="outgoing_recheck",
            acting_for=cap.acting_for,
            substantive_change=changed,
        )
    return document
