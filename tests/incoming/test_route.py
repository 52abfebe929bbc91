"""拟办, 批办 (in turn, at once, delegated, into a task), 承办, 催办, 办结, 答复, 归档."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.incoming.conftest import delegate
from tests.organs.factories import PostFactory
from zhongshu.documents.archive.services import archive_file
from zhongshu.documents.incoming import permissions, services
from zhongshu.documents.incoming.models import (
    Handling,
    IncomingDocument,
    IncomingStep,
    Instruction,
    InstructionTask,
    Reply,
)
from zhongshu.flow.models import WorkItem
from zhongshu.lib.errors import ApplicationError
from zhongshu.notifications.models import Notification
from zhongshu.organs.models import Role

Status = IncomingDocument.Status


def _open(doc, action):
    return WorkItem.objects.filter(
        target_type__model="incomingdocument", target_id=doc.pk, state="open", action=action
    )


def test_the_director_proposes_and_the_leaders_are_asked_in_turn(cast):
    """
    GIVEN a screened document
    WHEN the director proposes it to the leader and the principal, in turn
    THEN only the leader is asked first; the principal cannot write before the leader;
    AND after the leader, the principal is asked; after both, the document is INSTRUCTED
    """
    doc = cast.advance(cast.receive(), Status.SCREENED)

    services.incoming_propose(
        document=doc,
        actor=cast.director,
        opinion="拟请吴副市长、王市长阅示",
        leaders=[cast.leader, cast.principal],
    )

    doc.refresh_from_db()
    assert doc.status == Status.PROPOSED
    assert [i.assignee for i in _open(doc, "批示")] == [cast.leader]
    with pytest.raises(PermissionDenied, match="尚未轮到"):
        services.incoming_instruct(document=doc, actor=cast.principal, text="同意")

    services.incoming_instruct(document=doc, actor=cast.leader, text="请综合处研究提出意见")
    doc.refresh_from_db()
    assert doc.status == Status.PROPOSED
    assert [i.assignee for i in _open(doc, "批示")] == [cast.principal]

    services.incoming_instruct(document=doc, actor=cast.principal, text="同意吴副市长意见")
    doc.refresh_from_db()
    assert doc.status == Status.INSTRUCTED
    rows = list(doc.instructions.order_by("order"))
    assert [(r.leader, r.text) for r in rows] == [
        (cast.leader, "请综合处研究提出意见"),
        (cast.principal, "同意吴副市长意见"),
    ]
    assert rows[0].at <= rows[1].at
    assert _open(doc, "交办承办").filter(assignee=cast.clerk).exists()


def test_leaders_asked_at_once_write_in_any_order(cast):
    doc = cast.advance(cast.receive(), Status.SCREENED)
    services.incoming_propose(
        document=doc,
        actor=cast.director,
        opinion="请领导阅示",
        leaders=[cast.leader, cast.principal],
        mode=IncomingDocument.InstructionMode.PARALLEL,
    )
    assert {i.assignee for i in _open(doc, "批示")} == {cast.leader, cast.principal}

    services.incoming_instruct(document=doc, actor=cast.principal, text="阅")
    services.incoming_instruct(document=doc, actor=cast.leader, text="阅")

    doc.refresh_from_db()
    assert doc.status == Status.INSTRUCTED


def test_a_leader_cannot_instruct_twice(cast):
    doc = cast.advance(cast.receive(), Status.SCREENED)
    services.incoming_propose(
        document=doc,
        actor=cast.director,
        opinion="请阅示",
        leaders=[cast.leader, cast.principal],
        mode=IncomingDocument.InstructionMode.PARALLEL,
    )
    services.incoming_instruct(document=doc, actor=cast.leader, text="阅")

    with pytest.raises(PermissionDenied):
        services.incoming_instruct(document=doc, actor=cast.leader, text="再阅")


def test_the_proposal_needs_an_opinion_and_leaders_of_the_organ(cast, head_general):
    doc = cast.advance(cast.receive(), Status.SCREENED)

    with pytest.raises(ValidationError, match="拟办意见"):
        services.incoming_propose(
            document=doc, actor=cast.director, opinion="", leaders=[cast.leader]
        )
    with pytest.raises(ValidationError, match="不是本机关"):
        services.incoming_propose(
            document=doc, actor=cast.director, opinion="请阅", leaders=[head_general]
        )
    with pytest.raises(ValidationError, match="重复"):
        services.incoming_propose(
            document=doc, actor=cast.director, opinion="请阅", leaders=[cast.leader, cast.leader]
        )
    with pytest.raises(PermissionDenied, match="办公室主任"):
        services.incoming_propose(
            document=doc, actor=cast.clerk, opinion="请阅", leaders=[cast.leader]
        )
    doc.refresh_from_db()
    assert doc.status == Status.SCREENED
    assert not Instruction.objects.exists()


def test_a_proposal_without_leaders_goes_straight_to_assignment(cast):
    doc = cast.advance(cast.receive(), Status.SCREENED)

    services.incoming_propose(
        document=doc, actor=cast.director, opinion="拟请综合处办理", departments=[cast.general]
    )
    services.incoming_assign(document=doc, actor=cast.clerk, lead_department=cast.general)

    doc.refresh_from_db()
    assert doc.status == Status.HANDLING


def test_a_secretary_instructs_for_the_leader_as_x_for_y(cast, office_a):
    secretary = PostFactory(
        department=office_a, title="秘书", holder__full_name="郑秘书", roles=[Role.SECRETARY]
    ).holder
    delegate(cast.leader, secretary)
    doc = cast.advance(cast.receive(), Status.PROPOSED)

    row = services.incoming_instruct(document=doc, actor=secretary, text="同意")

    assert row.leader == cast.leader and row.actor == secretary
    assert row.signature == "郑秘书 代 吴副市长"
    step = doc.steps.filter(action=IncomingStep.Action.INSTRUCT).first()
    assert step.acting_for == cast.leader


def test_a_leader_turns_the_instruction_into_a_task_in_the_same_step(cast):
    """
    GIVEN a document waiting for the leader's 批示
    WHEN the leader writes it and names a task for the 综合处 with a deadline
    THEN the 批示 and an open InstructionTask linked to it exist,
    AND the 综合处 head has a 督办 待办 with that deadline
    """
    doc = cast.advance(cast.receive(), Status.PROPOSED)
    due = timezone.now() + timedelta(days=10)

    instruction = services.incoming_instruct(
        document=doc,
        actor=cast.leader,
        text="请综合处牵头，月底前报进展",
        task={"content": "落实防汛责任", "lead_department": cast.general, "deadline": due},
    )

    task = InstructionTask.objects.get()
    assert task.instruction == instruction
    assert task.lead_department == cast.general
    assert task.status == InstructionTask.Status.OPEN
    item = WorkItem.objects.get(action="批示督办")
    assert item.assignee == cast.head_general
    assert item.deadline == due


def test_a_bad_task_leaves_no_instruction_written(cast):
    doc = cast.advance(cast.receive(), Status.PROPOSED)

    with pytest.raises(ValidationError) as info:
        services.incoming_instruct(
            document=doc, actor=cast.leader, text="阅", task={"content": "", "deadline": None}
        )

    assert set(info.value.message_dict) == {"task_content", "task_lead", "task_deadline"}
    assert Instruction.objects.get().at is None
    assert not InstructionTask.objects.exists()


def test_a_task_can_be_made_afterwards_only_by_the_leader(cast, organ_b):
    doc = cast.advance(cast.receive(), Status.INSTRUCTED)
    instruction = doc.instructions.get()
    due = timezone.now() + timedelta(days=5)

    with pytest.raises(PermissionDenied):
        services.instruction_task_create(
            instruction=instruction, actor=cast.clerk, content="x", deadline=due, lead_organ=organ_b
        )
    task = services.instruction_task_create(
        instruction=instruction,
        actor=cast.leader,
        content="请乙县报送落实情况",
        deadline=due,
        lead_organ=organ_b,
    )
    assert task.lead_unit_name == "乙县人民政府"
    assert WorkItem.objects.get(action="批示督办").assignee == cast.sender


def test_assignment_names_one_lead_and_co_departments_with_a_deadline(cast):
    doc = cast.advance(cast.receive(), Status.INSTRUCTED)
    due = timezone.now() + timedelta(days=7)

    services.incoming_assign(
        document=doc,
        actor=cast.clerk,
        lead_department=cast.general,
        co_departments=[cast.law],
        deadline=due,
    )

    doc.refresh_from_db()
    assert doc.status == Status.HANDLING
    rows = {h.department: h for h in Handling.objects.all()}
    assert rows[cast.general].is_lead is True
    assert rows[cast.law].is_lead is False
    items = {i.assignee: i for i in _open(doc, "承办")}
    assert set(items) == {cast.head_general, cast.head_law}
    assert all(i.deadline == due for i in items.values())
    assert items[cast.head_general].post.department == cast.general


def test_assignment_refuses_a_department_twice_or_of_another_organ(cast, outsider):
    doc = cast.advance(cast.receive(), Status.INSTRUCTED)
    foreign = outsider.posts.first().department

    with pytest.raises(ValidationError, match="重复"):
        services.incoming_assign(
            document=doc,
            actor=cast.clerk,
            lead_department=cast.general,
            co_departments=[cast.general],
        )
    with pytest.raises(ValidationError, match="本机关"):
        services.incoming_assign(document=doc, actor=cast.clerk, lead_department=foreign)
    with pytest.raises(ValidationError, match="主办"):
        services.incoming_assign(document=doc, actor=cast.clerk, lead_department=None)
    assert not Handling.objects.exists()


def test_closing_waits_for_the_lead_departments_result(cast, staff_general):
    """
    GIVEN a document being handled by the 综合处 (lead) and the 法规处 (co)
    WHEN the office tries to close before the lead reports
    THEN it is refused; after the 综合处's staff member reports the result, the office closes it
    AND the 法规处's still-open step is cancelled, the result is kept
    """
    doc = cast.advance(cast.receive(), Status.HANDLING)
    with pytest.raises(PermissionDenied, match="主办处室"):
        services.incoming_close(document=doc, actor=cast.clerk, result="办结")

    services.incoming_handle(document=doc, actor=staff_general, result="已制定方案")
    assert _open(doc, "办结").filter(assignee=cast.clerk).exists()
    assert not _open(doc, "承办").filter(assignee=cast.head_general).exists()
    services.incoming_close(document=doc, actor=cast.clerk, result="已按批示办理完毕")

    doc.refresh_from_db()
    assert doc.status == Status.CLOSED
    assert doc.result == "已按批示办理完毕"
    assert doc.closed_at is not None
    assert not _open(doc, "承办").exists()
    assert Handling.objects.get(department=cast.general).result == "已制定方案"


def test_a_department_reports_its_result_once_and_only_its_people_may(cast, head_law):
    doc = cast.advance(cast.receive(), Status.HANDLING)

    with pytest.raises(PermissionDenied):
        services.incoming_handle(document=doc, actor=cast.clerk, result="x")
    services.incoming_handle(document=doc, actor=head_law, result="无法律障碍")
    with pytest.raises(PermissionDenied):
        services.incoming_handle(document=doc, actor=head_law, result="再报")
    with pytest.raises(ValidationError, match="办理结果"):
        services.incoming_handle(document=doc, actor=cast.head_general, result=" ")


def test_an_instructed_document_to_be_read_only_is_closed_without_handling(cast):
    doc = cast.advance(cast.receive(), Status.INSTRUCTED)

    services.incoming_close(document=doc, actor=cast.clerk, result="阅知，无需办理")

    doc.refresh_from_db()
    assert doc.status == Status.CLOSED
    assert not _open(doc, "交办承办").exists()


def test_the_reply_reaches_the_senders_dispatch_line_and_clerk(cast):
    """
    GIVEN a closed document that came from organ B
    WHEN A's clerk replies with the result
    THEN the reply is linked to B's dispatch line and B's clerk is notified
    """
    doc = cast.advance(cast.receive(), Status.CLOSED)
    with pytest.raises(ValidationError, match="答复内容"):
        services.incoming_reply(document=doc, actor=cast.clerk, text="")

    services.incoming_reply(document=doc, actor=cast.clerk, text="已部署落实，详见附件")

    recipient = doc.dispatch_recipient
    assert [r.text for r in recipient.incoming_replies.all()] == ["已部署落实，详见附件"]
    assert Notification.objects.filter(recipient=cast.sender, title__contains="答复").exists()
    assert doc.steps.filter(action=IncomingStep.Action.REPLY).exists()


def test_a_reply_before_closing_is_refused(cast):
    doc = cast.advance(cast.receive(), Status.HANDLING)

    with pytest.raises(PermissionDenied, match="办结后"):
        services.incoming_reply(document=doc, actor=cast.clerk, text="答复")
    assert not Reply.objects.exists()


def test_filing_is_the_archivists_alone_and_ends_the_route_with_a_file_number(cast):
    """
    GIVEN a closed document
    WHEN the office's clerk looks for a way to file it, and then the organ's 档案员 files it
    THEN the clerk has none (no 归档 step on the route, the page's act and the API's are 404),
         AND the archivist's filing makes the 件 with its 档号 and ends the route at FILED
    """
    doc = cast.advance(cast.receive(), Status.CLOSED)
    client = Client()
    client.force_login(cast.clerk)

    assert "file" not in permissions.allowed_actions(cast.clerk, doc)
    assert not hasattr(services, "incoming_file")
    assert client.post(reverse("incoming:act", args=[doc.pk, "file"])).status_code == 404
    response = client.post(
        f"/api/incoming/{doc.pk}/act/file/", data="{}", content_type="application/json"
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied, match="档案员"):
        archive_file(actor=cast.clerk, incoming=doc)

    item = archive_file(actor=cast.archivist(), incoming=doc, retention="D10")

    doc.refresh_from_db()
    assert doc.status == Status.FILED
    assert doc.is_terminal is True
    assert doc.filed_at is not None
    assert doc.retention == "D10"
    assert item.incoming == doc and item.seq == 1
    assert doc.steps.get(action=IncomingStep.Action.FILE).opinion == item.archival_code


def test_chasing_notifies_everyone_holding_an_open_step(cast):
    doc = cast.advance(cast.receive(), Status.HANDLING)

    people = services.incoming_chase(document=doc, actor=cast.clerk, note="请于周五前报送")

    assert set(people) == {cast.head_general, cast.head_law}
    assert (
        Notification.objects.filter(recipient=cast.head_law, title__startswith="催办").count() == 1
    )
    step = doc.steps.filter(action=IncomingStep.Action.CHASE).get()
    assert set(step.extra["names"]) == {"周处长", "冯处长"}


def test_the_named_chaser_may_chase_and_others_may_not(cast, head_general, head_law):
    doc = cast.receive(important=True)
    services.incoming_acknowledge(document=doc, actor=cast.clerk)
    services.incoming_register(document=doc, actor=cast.clerk, chaser=cast.director)

    assert services.incoming_chase(document=doc, actor=cast.director) == [cast.clerk]
    with pytest.raises(PermissionDenied, match="催办"):
        services.incoming_chase(document=doc, actor=head_general)


def test_chasing_a_closed_document_is_refused(cast):
    doc = cast.advance(cast.receive(), Status.CLOSED)

    with pytest.raises(PermissionDenied):
        services.incoming_chase(document=doc, actor=cast.clerk)


def test_chasing_with_nothing_open_is_a_clear_refusal(cast):
    doc = cast.advance(cast.receive(), Status.SCREENED)
    WorkItem.objects.filter(target_id=doc.pk).update(state="cancelled")

    assert permissions.Action.CHASE not in permissions.allowed_actions(cast.clerk, doc)
    with pytest.raises(PermissionDenied, match="没有待办理"):
        services.incoming_chase(document=doc, actor=cast.clerk)


def test_every_step_of_the_full_route_is_on_the_slip_with_its_actor(cast):
    """
    GIVEN a dispatched document
    WHEN it runs the whole route to 归档
    THEN the routing slip lists each step in order with the person who took it
    """
    doc = cast.advance(cast.receive(), Status.FILED)

    slip = [(s.action, s.actor) for s in doc.steps.order_by("at", "id")]
    assert slip == [
        ("receive", cast.sender),
        ("acknowledge", cast.clerk),
        ("register", cast.clerk),
        ("screen", cast.clerk),
        ("propose", cast.director),
        ("instruct", cast.leader),
        ("assign", cast.clerk),
        ("handle", cast.head_general),
        ("close", cast.clerk),
        ("file", cast.archivist()),
    ]
    assert not WorkItem.objects.filter(
        target_id=doc.pk, state="open", target_type__model="incomingdocument"
    ).exists()


def test_the_lead_unit_closes_its_task_and_its_work_item_is_done(cast, staff_general, head_law):
    task = cast.task()

    with pytest.raises(PermissionDenied, match="牵头单位"):
        services.instruction_task_close(task=task, actor=head_law, result="完成")
    with pytest.raises(ValidationError, match="办理结果"):
        services.instruction_task_close(task=task, actor=staff_general, result="")
    services.instruction_task_close(task=task, actor=staff_general, result="已落实到人")

    task.refresh_from_db()
    assert task.status == InstructionTask.Status.CLOSED
    assert not WorkItem.objects.filter(action="批示督办", state="open").exists()
    with pytest.raises(ApplicationError, match="已办结"):
        services.instruction_task_close(task=task, actor=staff_general, result="再办结")
