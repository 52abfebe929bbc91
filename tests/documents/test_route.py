"""The route from 送审 to 复核: every transition, every refusal, the work items it leaves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.documents.conftest import delegate
from tests.organs.factories import DepartmentFactory, PostFactory
from zhongshu.audit.models import AuditEvent
from zhongshu.documents import permissions, services
from zhongshu.documents.models import Countersign, DocumentStep, OutgoingDocument
from zhongshu.flow.models import WorkItem
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.models import Delegation, Role

Status = OutgoingDocument.Status
Decision = DocumentStep.Decision


def _open_items(doc, **filters):
    return WorkItem.objects.filter(
        target_id=doc.pk, module=WorkItem.Module.DOCUMENTS, state=WorkItem.State.OPEN, **filters
    )


# --- the plain route -------------------------------------------------------------------------


def test_the_plain_route_runs_from_draft_to_dispatch_with_one_sheet_line_per_step(cast):
    """
    GIVEN a draft of the 综合处
    WHEN it is submitted, reviewed, audited, signed, rechecked, numbered, sealed and dispatched
    THEN each step left one line on the processing sheet, in order, with its actor
    AND no work item on the document is still open
    """
    doc = cast.advance(cast.draft(), Status.DISPATCHED)

    lines = list(doc.steps.order_by("at", "id").values_list("step", "decision", "actor"))
    assert lines == [
        (Status.DRAFT, Decision.SUBMIT, cast.drafter.pk),
        (Status.REVIEW, Decision.PASS, cast.dept_head.pk),
        (Status.AUDIT, Decision.PASS, cast.director.pk),
        (Status.SIGN_OFF, Decision.SIGN, cast.leader.pk),
        (Status.RECHECK, Decision.PASS, cast.director.pk),
        (Status.REGISTER, Decision.NUMBER, cast.clerk.pk),
        (Status.SEAL, Decision.SEAL, cast.clerk.pk),
        (Status.DISPATCH, Decision.DISPATCH, cast.clerk.pk),
    ]
    assert not _open_items(doc).filter(kind=WorkItem.Kind.TODO).exists()
    assert doc.is_terminal is True


def test_submitting_opens_a_work_item_for_the_reviewer_with_a_deadline(cast):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    doc.refresh_from_db()
    assert doc.current_handler == cast.dept_head
    item = _open_items(doc).get()
    assert item.assignee == cast.dept_head
    assert item.action == "核稿"
    assert item.deadline is not None
    assert item.deadline > timezone.now()
    assert AuditEvent.objects.filter(action="outgoing_submit", object_id=str(doc.pk)).exists()


def test_urgent_documents_get_shorter_deadlines(cast):
    ordinary = cast.advance(cast.draft(), Status.REVIEW)
    urgent = cast.advance(cast.draft(urgency="特急"), Status.REVIEW)

    ordinary_deadline = _open_items(ordinary).get().deadline
    urgent_item = _open_items(urgent).get()
    assert urgent_item.deadline < ordinary_deadline
    assert urgent_item.urgent is True


def test_passing_a_step_closes_its_work_item_and_opens_the_next(cast):
    doc = cast.advance(cast.draft(), Status.AUDIT)

    assert WorkItem.objects.get(target_id=doc.pk, action="核稿").state == WorkItem.State.DONE
    assert _open_items(doc).get().assignee == cast.director


def test_submission_refuses_a_reviewer_outside_the_drafting_department(cast):
    doc = cast.draft()

    with pytest.raises(ValidationError, match="核稿人须为拟稿处室"):
        services.route_submit(document=doc, actor=cast.drafter, reviewer=cast.director)
    doc.refresh_from_db()
    assert doc.status == Status.DRAFT
    assert not doc.steps.exists()


def test_submission_refuses_anyone_but_the_drafter(cast):
    doc = cast.draft()

    with pytest.raises(PermissionDenied, match="拟稿人"):
        services.route_submit(document=doc, actor=cast.dept_head, reviewer=cast.dept_head)


def test_submission_refuses_an_empty_body(cast):
    doc = cast.draft(body=[])

    with pytest.raises(ValidationError, match="正文不能为空"):
        services.route_submit(document=doc, actor=cast.drafter, reviewer=cast.dept_head)


def test_passing_refuses_a_person_who_is_not_the_current_handler(cast):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    with pytest.raises(PermissionDenied, match="当前环节的办理人"):
        services.route_pass(document=doc, actor=cast.director, next_handler=cast.director)


def test_passing_refuses_a_step_that_is_not_passed_that_way(cast):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)

    with pytest.raises(PermissionDenied):
        services.route_pass(document=doc, actor=cast.leader, next_handler=cast.director)


def test_review_refuses_an_office_auditor_from_outside_the_office(cast):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    with pytest.raises(ValidationError, match="办公室审核人"):
        services.route_pass(document=doc, actor=cast.dept_head, next_handler=cast.leader)


def test_an_outsider_cannot_pass_even_when_named(cast, outsider):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    with pytest.raises(PermissionDenied):
        services.route_pass(document=doc, actor=outsider, next_handler=cast.director)


# --- 签发 -------------------------------------------------------------------------------------


def test_an_upward_document_may_only_be_sent_to_the_principal_for_sign_off(cast):
    doc = cast.advance(cast.draft(direction="上行文"), Status.AUDIT)

    with pytest.raises(ValidationError, match="主要负责人签发"):
        services.route_pass(document=doc, actor=cast.director, next_handler=cast.leader)

    services.route_pass(document=doc, actor=cast.director, next_handler=cast.principal)
    doc.refresh_from_db()
    assert doc.current_handler == cast.principal


def test_an_important_document_needs_the_principal_too(cast):
    doc = cast.advance(cast.draft(important=True), Status.AUDIT)

    with pytest.raises(ValidationError, match="主要负责人签发"):
        services.route_pass(document=doc, actor=cast.director, next_handler=cast.leader)


def test_sign_off_of_an_upward_document_by_a_non_principal_is_refused(cast):
    """
    GIVEN an ordinary document waiting for the deputy leader's sign-off
    WHEN it becomes 上行文 (the office corrected the direction) and the leader signs
    THEN the page offers no 签发 and the sign-off is refused: only the principal signs 上行文
    """
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)
    OutgoingDocument.objects.filter(pk=doc.pk).update(direction=OutgoingDocument.Direction.UP)
    doc.refresh_from_db()

    assert permissions.Action.SIGN_OFF not in permissions.allowed_actions(cast.leader, doc)

    with pytest.raises(PermissionDenied, match="主要负责人签发"):
        services.document_sign_off(document=doc, actor=cast.leader, opinion="同意")
    doc.refresh_from_db()
    assert doc.status == Status.SIGN_OFF


def test_sign_off_records_opinion_name_and_full_date_and_sets_the_document_date(cast):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)

    services.document_sign_off(document=doc, actor=cast.leader, opinion="同意印发")

    doc.refresh_from_db()
    today = timezone.localdate()
    assert doc.status == Status.RECHECK
    assert doc.signer == cast.leader
    assert doc.signed_on == today
    assert doc.content["date"] == today.isoformat()
    line = doc.steps.get(decision=Decision.SIGN)
    assert line.opinion == "同意印发"
    assert line.extra["date"] == today.isoformat()
    assert line.signature == "吴副市长"
    assert doc.current_handler == cast.director  # 复核 goes to the office's auditor


def test_sign_off_requires_an_opinion_unless_circled(cast):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)

    with pytest.raises(ValidationError, match="签发意见"):
        services.document_sign_off(document=doc, actor=cast.leader)

    services.document_sign_off(document=doc, actor=cast.leader, circled=True)
    assert doc.steps.filter(decision=Decision.CIRCLE, actor=cast.leader).exists()


def test_the_principal_signs_an_upward_document_and_is_named_as_signer(cast):
    doc = cast.advance(cast.draft(direction="上行文"), Status.SIGN_OFF)

    services.document_sign_off(document=doc, actor=cast.principal, opinion="同意")

    doc.refresh_from_db()
    assert doc.content["issuers"][0]["signers"] == ["王主要"]


def test_a_secretary_with_a_sign_off_delegation_signs_as_x_for_y(cast, secretary):
    """
    GIVEN an upward document waiting for the principal, who delegated sign-off to a secretary
    WHEN the secretary signs
    THEN the sheet records "郑秘书 代 王主要", the signer is the principal
    AND the principal's 签发 work item is done by the secretary
    """
    doc = cast.advance(cast.draft(direction="上行文"), Status.SIGN_OFF)
    delegate(cast.principal, secretary, Delegation.Scope.SIGN_OFF)

    services.document_sign_off(document=doc, actor=secretary, opinion="同意")

    doc.refresh_from_db()
    line = doc.steps.get(decision=Decision.SIGN)
    assert line.actor == secretary
    assert line.acting_for == cast.principal
    assert line.signature == "郑秘书 代 王主要"
    assert doc.signer == cast.principal
    item = WorkItem.objects.get(target_id=doc.pk, action="签发")
    assert item.state == WorkItem.State.DONE
    assert item.completed_by == secretary
    event = AuditEvent.objects.get(action="outgoing_sign_off", object_id=str(doc.pk))
    assert event.acting_for_id == cast.principal.pk


def test_a_secretary_without_delegation_cannot_sign(cast, secretary):
    doc = cast.advance(cast.draft(direction="上行文"), Status.SIGN_OFF)
    delegate(cast.principal, secretary, Delegation.Scope.MEETINGS)

    with pytest.raises(PermissionDenied, match="签发人"):
        services.document_sign_off(document=doc, actor=secretary, opinion="同意")


def test_checker_errors_block_sign_off_without_an_override_reason(cast, stand_ins):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)
    stand_ins["findings"] = [
        {"rule_id": "title.punctuation", "severity": "error", "message": "标题中有多余标点"},
        {"rule_id": "numbers.style", "severity": "warning", "message": "数字用法"},
    ]

    with pytest.raises(ApplicationError, match="1 处错误") as exc:
        services.document_sign_off(document=doc, actor=cast.leader, opinion="同意")

    assert exc.value.extra["findings"][0]["rule_id"] == "title.punctuation"
    doc.refresh_from_db()
    assert doc.status == Status.SIGN_OFF
    assert not doc.steps.filter(step=Status.SIGN_OFF).exists()


def test_the_signer_may_override_checker_errors_with_a_written_reason(cast, stand_ins):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)
    stand_ins["findings"] = [
        {"rule_id": "title.punctuation", "severity": "error", "message": "标题中有多余标点"}
    ]

    services.document_sign_off(
        document=doc,
        actor=cast.leader,
        opinion="同意",
        override_reason="标题中的书名号为法规名称，保留",
    )

    doc.refresh_from_db()
    assert doc.status == Status.RECHECK
    override = doc.steps.get(decision=Decision.OVERRIDE)
    assert override.opinion == "标题中的书名号为法规名称，保留"
    assert override.extra["findings"][0]["rule_id"] == "title.punctuation"
    assert doc.steps.get(decision=Decision.SIGN).extra["override"] is True


# --- 复核 -------------------------------------------------------------------------------------


def test_recheck_without_change_goes_to_registration_for_the_office_clerks(cast):
    doc = cast.advance(cast.draft(), Status.RECHECK)

    services.document_recheck(document=doc, actor=cast.director)

    doc.refresh_from_db()
    assert doc.status == Status.REGISTER
    assert doc.current_handler is None
    assert set(_open_items(doc).values_list("assignee", flat=True)) >= {cast.clerk.pk}


def test_a_substantive_change_after_sign_off_goes_back_to_the_signer(cast):
    """
    GIVEN a signed document at 复核
    WHEN the office changes the text and rechecks it
    THEN it returns to the signer for 签发 again, and the sheet says why
    """
    doc = cast.advance(cast.draft(), Status.RECHECK)
    changed = dict(doc.content)
    changed["body"] = [*changed["body"], {"text": "二、新增的要求", "level": 1}]
    services.draft_update(document=doc, actor=cast.director, content=changed)

    services.document_recheck(document=doc, actor=cast.director)

    doc.refresh_from_db()
    assert doc.status == Status.SIGN_OFF
    assert doc.current_handler == cast.leader
    line = doc.steps.filter(step=Status.RECHECK).last()
    assert line.decision == Decision.RETURN
    assert line.extra["substantive_change"] is True
    services.document_sign_off(document=doc, actor=cast.leader, opinion="同意")
    services.document_recheck(document=doc, actor=cast.director)
    doc.refresh_from_db()
    assert doc.status == Status.REGISTER


def test_recheck_may_not_touch_the_date(cast):
    doc = cast.advance(cast.draft(), Status.RECHECK)
    changed = dict(doc.content, date="2020-01-01")

    with pytest.raises(ValidationError, match="复核时不能修改"):
        services.draft_update(document=doc, actor=cast.director, content=changed)


# --- 退回 -------------------------------------------------------------------------------------


def test_a_return_goes_to_a_passed_step_and_the_route_runs_forward_again(cast):
    """
    GIVEN a document at 签发
    WHEN the signer returns it to 办公室审核 with a reason
    THEN the office director has it again with a new work item
    AND the route runs forward again from there to 签发
    """
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)

    services.route_return(
        document=doc, actor=cast.leader, to_status=Status.AUDIT, reason="请核实数据"
    )

    doc.refresh_from_db()
    assert doc.status == Status.AUDIT
    assert doc.current_handler == cast.director
    assert _open_items(doc).get().assignee == cast.director
    assert WorkItem.objects.get(target_id=doc.pk, action="签发").state == WorkItem.State.CANCELLED
    line = doc.steps.get(decision=Decision.RETURN)
    assert line.opinion == "请核实数据"
    cast.advance(doc, Status.RECHECK)


def test_a_return_needs_a_reason(cast):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)

    with pytest.raises(ValidationError, match="理由"):
        services.route_return(document=doc, actor=cast.leader, to_status=Status.AUDIT, reason=" ")


def test_a_return_to_a_step_that_was_not_passed_is_refused(cast):
    """
    GIVEN a document that went from 办公室审核 straight to 签发 (no 会签)
    WHEN the signer tries to return it to 会签
    THEN it is refused: 会签 was not passed in this round
    """
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)

    with pytest.raises(ApplicationError, match="只能退回到本轮已经办理过的环节"):
        services.route_return(
            document=doc, actor=cast.leader, to_status=Status.COUNTERSIGN, reason="请会签"
        )


def test_a_return_to_a_later_step_is_refused(cast):
    doc = cast.advance(cast.draft(), Status.AUDIT)

    with pytest.raises(ApplicationError):
        services.route_return(
            document=doc, actor=cast.director, to_status=Status.RECHECK, reason="x"
        )


def test_steps_after_a_return_target_are_no_longer_passed(cast):
    """
    GIVEN a document returned from 签发 to 核稿
    WHEN the reviewer passes it to 办公室审核 and the director wants to return it to 核稿 again
    THEN that works (核稿 was passed again), but 办公室审核 is not a target from 办公室审核
    AND from 核稿 it cannot be returned to 办公室审核 although that was passed before the return
    """
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)
    services.route_return(document=doc, actor=cast.leader, to_status=Status.REVIEW, reason="重核")
    doc.refresh_from_db()

    assert services.return_targets(doc) == [Status.DRAFT]
    with pytest.raises(ApplicationError):
        services.route_return(
            document=doc, actor=cast.dept_head, to_status=Status.AUDIT, reason="x"
        )

    cast.advance(doc, Status.AUDIT)
    assert services.return_targets(doc) == [Status.DRAFT, Status.REVIEW]


def test_a_return_to_the_drafter_starts_a_new_round(cast):
    doc = cast.advance(cast.draft(), Status.AUDIT)

    services.route_return(document=doc, actor=cast.director, to_status=Status.DRAFT, reason="重写")

    doc.refresh_from_db()
    assert doc.status == Status.DRAFT
    assert doc.round == 2
    assert doc.current_handler == cast.drafter
    assert _open_items(doc).get().assignee == cast.drafter
    assert doc.steps.get(decision=Decision.RETURN).round == 1
    services.draft_update(
        document=doc,
        actor=cast.drafter,
        content=dict(doc.content, title="甲市人民政府关于重写的通知"),
    )
    cast.advance(doc, Status.SIGN_OFF)
    assert doc.steps.filter(round=2, decision=Decision.SUBMIT).count() == 1


def test_a_return_from_recheck_clears_the_signature(cast):
    doc = cast.advance(cast.draft(), Status.RECHECK)

    services.route_return(
        document=doc, actor=cast.director, to_status=Status.REVIEW, reason="数据有误"
    )

    doc.refresh_from_db()
    assert doc.signer is None
    assert doc.signed_on is None
    assert doc.content["date"] is None


def test_only_the_current_handler_may_return(cast):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)

    with pytest.raises(PermissionDenied):
        services.route_return(document=doc, actor=cast.director, to_status=Status.AUDIT, reason="x")


def test_no_return_after_dispatch_a_correction_document_is_the_way(cast):
    doc = cast.advance(cast.draft(), Status.DISPATCHED)

    with pytest.raises(PermissionDenied, match="请起草更正文件"):
        services.route_return(document=doc, actor=cast.clerk, to_status=Status.AUDIT, reason="x")


# --- 撤回 -------------------------------------------------------------------------------------


def test_the_drafter_withdraws_before_sign_off_and_open_items_are_cancelled(cast):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)

    services.route_withdraw(document=doc, actor=cast.drafter, reason="情况变化，不再发文")

    doc.refresh_from_db()
    assert doc.status == Status.WITHDRAWN
    assert doc.is_terminal is True
    assert not _open_items(doc).exists()
    with pytest.raises(PermissionDenied):
        services.document_sign_off(document=doc, actor=cast.leader, opinion="同意")


def test_withdrawal_is_refused_after_sign_off(cast):
    doc = cast.advance(cast.draft(), Status.RECHECK)

    with pytest.raises(PermissionDenied, match="签发前撤回"):
        services.route_withdraw(document=doc, actor=cast.drafter, reason="x")


def test_only_the_drafter_withdraws(cast):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    with pytest.raises(PermissionDenied):
        services.route_withdraw(document=doc, actor=cast.dept_head, reason="x")


# --- 会签 -------------------------------------------------------------------------------------


@pytest.fixture
def finance(organ_a):
    department = DepartmentFactory(organ=organ_a, name="财务处")
    head = PostFactory(
        department=department,
        title="处长",
        holder__full_name="钱处长",
        roles=[Role.DEPARTMENT_HEAD],
    ).holder
    return department, head


@pytest.fixture
def legal(organ_a):
    department = DepartmentFactory(organ=organ_a, name="法规处")
    head = PostFactory(
        department=department,
        title="处长",
        holder__full_name="冯处长",
        roles=[Role.DEPARTMENT_HEAD],
    ).holder
    return department, head


def test_countersigns_run_in_parallel_and_the_last_one_sends_the_document_to_the_signer(
    cast, finance, legal
):
    """
    GIVEN a document passed by the office to 会签 with 财务处 and 法规处, signer the leader
    WHEN 财务处 countersigns
    THEN it still waits for 法规处
    WHEN 法规处 countersigns
    THEN it waits for the leader's sign-off, with each unit's opinion kept
    """
    doc = cast.advance(cast.draft(), Status.AUDIT)
    services.route_pass(
        document=doc,
        actor=cast.director,
        next_handler=cast.leader,
        countersigns=[
            {"department": finance[0], "assignee": finance[1]},
            {"department": legal[0], "assignee": legal[1]},
        ],
    )
    doc.refresh_from_db()
    assert doc.status == Status.COUNTERSIGN
    assert set(_open_items(doc).values_list("assignee", flat=True)) == {finance[1].pk, legal[1].pk}

    services.countersign_complete(document=doc, actor=finance[1], opinion="同意，经费已落实")
    doc.refresh_from_db()
    assert doc.status == Status.COUNTERSIGN

    services.countersign_complete(document=doc, actor=legal[1], opinion="无法律问题")
    doc.refresh_from_db()
    assert doc.status == Status.SIGN_OFF
    assert doc.current_handler == cast.leader
    assert set(Countersign.objects.filter(document=doc).values_list("opinion", flat=True)) == {
        "同意，经费已落实",
        "无法律问题",
    }


def test_a_countersign_needs_an_opinion_and_the_right_person(cast, finance, legal):
    doc = cast.advance(cast.draft(), Status.AUDIT)
    services.route_pass(
        document=doc,
        actor=cast.director,
        next_handler=cast.leader,
        countersigns=[{"department": finance[0], "assignee": finance[1]}],
    )

    with pytest.raises(ValidationError, match="会签意见"):
        services.countersign_complete(document=doc, actor=finance[1], opinion="")
    with pytest.raises(PermissionDenied):
        services.countersign_complete(document=doc, actor=legal[1], opinion="同意")


def test_a_countersign_assignee_must_lead_the_unit(cast, finance):
    doc = cast.advance(cast.draft(), Status.AUDIT)

    with pytest.raises(ValidationError, match="会签人"):
        services.route_pass(
            document=doc,
            actor=cast.director,
            next_handler=cast.leader,
            countersigns=[{"department": finance[0], "assignee": cast.drafter}],
        )


def test_a_countersigner_returns_the_document_and_a_later_return_to_countersign_reopens_it(
    cast, finance
):
    """
    GIVEN a document in 会签 with 财务处
    WHEN 财务处 returns it to 办公室审核
    THEN the 会签 row is no longer active and its work item is cancelled
    WHEN the office sends it to 会签 again, 财务处 countersigns, and the signer returns it to 会签
    THEN a fresh 会签 of 财务处 is open
    """
    doc = cast.advance(cast.draft(), Status.AUDIT)
    spec = [{"department": finance[0], "assignee": finance[1]}]
    services.route_pass(
        document=doc, actor=cast.director, next_handler=cast.leader, countersigns=spec
    )
    services.route_return(
        document=doc, actor=finance[1], to_status=Status.AUDIT, reason="经费未落实"
    )
    doc.refresh_from_db()
    assert doc.status == Status.AUDIT
    assert not doc.countersigns.filter(active=True).exists()

    services.route_pass(
        document=doc, actor=cast.director, next_handler=cast.leader, countersigns=spec
    )
    services.countersign_complete(document=doc, actor=finance[1], opinion="已落实")
    doc.refresh_from_db()
    services.route_return(
        document=doc, actor=cast.leader, to_status=Status.COUNTERSIGN, reason="再核"
    )
    doc.refresh_from_db()
    assert doc.status == Status.COUNTERSIGN
    open_rows = doc.countersigns.filter(active=True, done_at__isnull=True)
    assert list(open_rows.values_list("assignee", flat=True)) == [finance[1].pk]
    services.countersign_complete(document=doc, actor=finance[1], opinion="同意")
    doc.refresh_from_db()
    assert doc.status == Status.SIGN_OFF
    assert doc.current_handler == cast.leader


@pytest.fixture
def co_organ(organ_a):
    from tests.organs.factories import OrganFactory

    organ = OrganFactory(name="甲市财政局", short_name="甲市财政局", org_code="甲财")
    office = DepartmentFactory(organ=organ, name="办公室", is_office=True)
    head = PostFactory(
        department=office, title="局长", holder__full_name="陈局长", roles=[Role.PRINCIPAL]
    ).holder
    clerk = PostFactory(
        department=office, title="科员", holder__full_name="楚科员", roles=[Role.CLERK]
    ).holder
    return organ, head, clerk


def test_a_joint_document_needs_every_co_issuer_to_countersign(cast, co_organ):
    doc = cast.advance(
        cast.draft(issuers=[{"name": "甲市人民政府"}, {"name": "甲市财政局"}]), Status.AUDIT
    )

    with pytest.raises(ValidationError, match="缺少：甲市财政局"):
        services.route_pass(document=doc, actor=cast.director, next_handler=cast.leader)


def test_a_joint_documents_date_is_the_last_co_issuer_signature(cast, co_organ):
    """
    GIVEN a joint document whose co-issuer's head countersigned after the date of the signer
    WHEN the lead organ's leader signs
    THEN the 成文日期 is the co-issuer's (later) signature date
    """
    organ, head, _clerk = co_organ
    doc = cast.advance(
        cast.draft(issuers=[{"name": "甲市人民政府"}, {"name": "甲市财政局"}]), Status.AUDIT
    )
    services.route_pass(
        document=doc,
        actor=cast.director,
        next_handler=cast.leader,
        countersigns=[{"organ": organ, "assignee": head}],
    )
    services.countersign_complete(document=doc, actor=head, opinion="同意联合发文")
    later = timezone.now() + timedelta(days=2)
    Countersign.objects.filter(document=doc).update(done_at=later)
    doc.refresh_from_db()

    services.document_sign_off(document=doc, actor=cast.leader, opinion="同意")

    doc.refresh_from_db()
    assert doc.signed_on == timezone.localdate(later)
    assert doc.content["date"] == timezone.localdate(later).isoformat()


def test_the_co_issuers_head_sees_the_document_while_countersigning(cast, co_organ):
    from zhongshu.documents.selectors import document_get_for_user

    organ, head, _clerk = co_organ
    doc = cast.advance(
        cast.draft(issuers=[{"name": "甲市人民政府"}, {"name": "甲市财政局"}]), Status.AUDIT
    )
    services.route_pass(
        document=doc,
        actor=cast.director,
        next_handler=cast.leader,
        countersigns=[{"organ": organ, "assignee": head}],
    )

    assert document_get_for_user(user=head, pk=doc.pk, action="countersign") == doc


def test_the_office_confirms_the_article_20_checklist_on_the_sheet(cast):
    doc = cast.advance(cast.draft(), Status.AUDIT)

    services.route_pass(
        document=doc,
        actor=cast.director,
        next_handler=cast.leader,
        checklist=["necessity", "policy", "format"],
    )

    line = doc.steps.get(step=Status.AUDIT)
    assert line.extra["checklist"] == ["necessity", "policy", "format"]


def test_an_unknown_checklist_item_is_refused(cast):
    doc = cast.advance(cast.draft(), Status.AUDIT)

    with pytest.raises(ValidationError, match="审核要点"):
        services.route_pass(
            document=doc, actor=cast.director, next_handler=cast.leader, checklist=["magic"]
        )
    doc.refresh_from_db()
    assert doc.status == Status.AUDIT


def test_the_documents_own_deadline_survives_a_return(cast):
    """
    GIVEN a document that must be issued within two hours
    WHEN it is returned from 办公室审核 to 核稿
    THEN the new 核稿 work item is due no later than the document's deadline
    """
    due = timezone.now() + timedelta(hours=2)
    doc = services.draft_create(
        actor=cast.drafter, content=cast.draft().content | {"issuers": []}, deadline=due
    )
    cast.advance(doc, Status.AUDIT)

    services.route_return(document=doc, actor=cast.director, to_status=Status.REVIEW, reason="补充")

    item = _open_items(doc).get()
    assert item.assignee == cast.dept_head
    assert item.deadline <= due


def test_a_handed_over_countersign_is_done_by_the_successor(cast, finance, system_admin):
    """
    GIVEN a document in 会签 with the 财务处 head
    WHEN the head rotates away and the open work is handed to the successor
    THEN the successor countersigns, and the document goes on to the signer
    """
    from zhongshu.flow.services import workitem_hand_over

    department, head = finance
    successor = PostFactory(
        department=department,
        title="处长",
        holder__full_name="孔处长",
        roles=[Role.DEPARTMENT_HEAD],
    ).holder
    doc = cast.advance(cast.draft(), Status.AUDIT)
    services.route_pass(
        document=doc,
        actor=cast.director,
        next_handler=cast.leader,
        countersigns=[{"department": department, "assignee": head}],
    )
    with pytest.raises(PermissionDenied):
        services.countersign_complete(document=doc, actor=successor, opinion="同意")

    workitem_hand_over(from_user=head, to_user=successor, actor=system_admin, reason="轮岗")
    services.countersign_complete(document=doc, actor=successor, opinion="同意")

    doc.refresh_from_db()
    assert doc.status == Status.SIGN_OFF
    row = doc.countersigns.get()
    assert row.actor == successor
    assert not _open_items(doc, action="会签").exists()


def test_an_upward_joint_document_names_every_organs_signer(cast, co_organ):
    organ, head, _clerk = co_organ
    doc = cast.advance(
        cast.draft(
            direction="上行文",
            issuers=[{"name": "甲市人民政府"}, {"name": "甲市财政局"}],
        ),
        Status.AUDIT,
    )
    services.route_pass(
        document=doc,
        actor=cast.director,
        next_handler=cast.principal,
        countersigns=[{"organ": organ, "assignee": head}],
    )
    services.countersign_complete(document=doc, actor=head, opinion="同意联合上报")

    services.document_sign_off(document=doc, actor=cast.principal, opinion="同意")

    doc.refresh_from_db()
    assert [i["signers"] for i in doc.content["issuers"]] == [["王主要"], ["陈局长"]]


# --- 会签 is by other departments, not the drafting one nor the signing leaders ----------------


def test_the_drafting_department_is_refused_as_a_countersigning_unit(cast):
    doc = cast.advance(cast.draft(), Status.AUDIT)

    with pytest.raises(ValidationError, match="拟稿处室"):
        services.route_pass(
            document=doc,
            actor=cast.director,
            next_handler=cast.leader,
            countersigns=[{"department": doc.department, "assignee": cast.dept_head}],
        )
    doc.refresh_from_db()
    assert doc.status == Status.AUDIT
    assert not doc.countersigns.exists()


def test_a_leader_whose_only_role_is_to_sign_is_refused_as_a_countersigner(cast):
    doc = cast.advance(cast.draft(), Status.AUDIT)
    leaders = cast.leader.posts.first().department

    with pytest.raises(ValidationError, match="只担任签发领导"):
        services.route_pass(
            document=doc,
            actor=cast.director,
            next_handler=cast.principal,
            countersigns=[{"department": leaders, "assignee": cast.leader}],
        )


def test_the_office_review_form_offers_other_departments_heads_only(client, cast, finance):
    """
    GIVEN a document of 综合处 at 办公室审核, the organ also having 财务处 (its head), the
    leaders' department (a 分管领导) and the office (the principal, who signs)
    WHEN the director opens it
    THEN the 会签 choices are the heads of the other departments (财务处, the office), not 综合处
    nor the leaders who sign
    """
    doc = cast.advance(cast.draft(), Status.AUDIT)
    client.force_login(cast.director)

    response = client.get(reverse("documents:detail", args=[doc.pk]))

    options = response.context["countersign_options"]
    assert [label for _value, label in options] == [
        f"办公室：{cast.director}",
        f"财务处：{finance[1]}",
    ]
    assert all(f":{p.pk}" not in v for v, _l in options for p in (cast.leader, cast.principal))
    assert not any(v.startswith(f"d:{doc.department_id}:") for v, _l in options)
