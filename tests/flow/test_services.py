"""The work-item services: every transition, and every refusal, tested directly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.flow.factories import WorkItemFactory
from tests.organs.factories import UserFactory
from zhongshu.audit.models import AuditEvent
from zhongshu.flow.models import WorkItem, WorkItemTransition
from zhongshu.flow.selectors import Tab, workitems_for_user
from zhongshu.flow.services import (
    workitem_cancel,
    workitem_complete,
    workitem_create,
    workitem_hand_over,
    workitems_complete_for_target,
)
from zhongshu.lib.errors import ApplicationError
from zhongshu.notifications.channels.sms.transport import LoggingBackend
from zhongshu.notifications.models import Notification
from zhongshu.organs.models import Delegation

State = WorkItem.State


def _create(assignee, **kwargs):
    params = {
        "assignee": assignee,
        "kind": WorkItem.Kind.TODO,
        "module": WorkItem.Module.DOCUMENTS,
        "action": "核稿",
        "title": "关于召开全市安全生产会议的通知",
        "url": "/documents/1/",
    }
    params.update(kwargs)
    return workitem_create(**params)


def _delegate(principal, delegate, scope, *, admin, hours=24, starts_ago=1):
    now = timezone.now()
    return Delegation.objects.create(
        principal=principal,
        delegate=delegate,
        scope=scope,
        starts_at=now - timedelta(hours=starts_ago),
        ends_at=now + timedelta(hours=hours),
        created_by=admin,
    )


def test_it_creates_an_open_item_with_its_creation_row_and_an_audit_line(clerk, director, organ_a):
    deadline = timezone.now() + timedelta(days=2)
    item = _create(clerk, created_by=director, deadline=deadline, target=organ_a)

    item.refresh_from_db()
    assert item.state == State.OPEN
    assert item.deadline == deadline
    assert item.organ == organ_a  # from the assignee's post
    assert item.target == organ_a
    row = WorkItemTransition.objects.get(item=item)
    assert (row.kind, row.from_state, row.to_state) == ("create", "", State.OPEN)
    assert row.to_assignee == clerk
    assert AuditEvent.objects.filter(action="workitem_create", object_id=str(item.pk)).count() == 1


def test_it_refuses_an_item_without_an_assignee(db):
    with pytest.raises(ValidationError, match="必须有办理人"):
        _create(None)
    assert WorkItem.objects.count() == 0


def test_it_refuses_an_inactive_assignee(clerk):
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="已停用"):
        _create(clerk)
    assert WorkItem.objects.count() == 0


def test_it_refuses_an_unknown_module_and_an_empty_title(clerk):
    with pytest.raises(ValidationError):
        _create(clerk, module="astrology")
    with pytest.raises(ValidationError):
        _create(clerk, title="   ")
    assert WorkItem.objects.count() == 0


def test_it_refuses_a_naive_deadline(clerk):
    with pytest.raises(ValidationError, match="时区"):
        _create(clerk, deadline=timezone.now().replace(tzinfo=None))


def test_an_urgent_item_notifies_the_assignee_in_app_by_mail_and_by_sms(
    clerk, director, mailoutbox, django_capture_on_commit_callbacks
):
    clerk.email = "clerk@example.org"
    clerk.phone = "13800000000"
    clerk.save(update_fields=["email", "phone"])
    LoggingBackend.sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        item = _create(clerk, created_by=director, urgent=True)

    notification = Notification.objects.get(recipient=clerk)
    assert notification.work_item == item
    assert notification.urgent is True
    assert len(mailoutbox) == 1
    assert "紧急" in mailoutbox[0].subject
    assert list(LoggingBackend.sent) == [("13800000000", f"【中枢】{notification.title}")]


def test_the_assignee_completes_an_item(clerk):
    item = _create(clerk)
    workitem_complete(item=item, actor=clerk)

    item.refresh_from_db()
    assert item.state == State.DONE
    assert item.completed_by == clerk
    assert item.completed_at is not None
    row = item.transitions.get(kind=WorkItemTransition.Kind.COMPLETE)
    assert (row.from_state, row.to_state, row.actor, row.acting_for) == (
        State.OPEN,
        State.DONE,
        clerk,
        None,
    )
    assert AuditEvent.objects.filter(action="workitem_complete", actor=clerk).count() == 1


def test_a_completed_item_cannot_be_completed_again(clerk):
    item = _create(clerk)
    workitem_complete(item=item, actor=clerk)
    with pytest.raises(ApplicationError, match="不能再办理"):
        workitem_complete(item=item, actor=clerk)
    assert item.transitions.filter(kind=WorkItemTransition.Kind.COMPLETE).count() == 1


def test_a_stale_copy_cannot_complete_an_item_already_completed_elsewhere(clerk):
    """GIVEN two copies of one open item (two browser tabs)
    WHEN the first completes it
    THEN the compare-and-set refuses the second, and only one completion row exists."""
    item = _create(clerk)
    stale = WorkItem.objects.get(pk=item.pk)
    workitem_complete(item=item, actor=clerk)
    with pytest.raises(ApplicationError, match="已被他人办理"):
        workitem_complete(item=stale, actor=clerk)
    assert item.transitions.filter(kind=WorkItemTransition.Kind.COMPLETE).count() == 1


def test_it_rejects_completion_by_someone_else(clerk, director, outsider):
    item = _create(clerk)
    for intruder in (director, outsider):
        with pytest.raises(PermissionDenied):
            workitem_complete(item=item, actor=intruder)
    item.refresh_from_db()
    assert item.state == State.OPEN
    assert item.completed_by is None


def test_a_delegate_completes_for_the_principal_and_is_recorded_as_acting_for(
    clerk, director, system_admin
):
    _delegate(director, clerk, Delegation.Scope.DOCUMENTS, admin=system_admin)
    item = _create(director, action="审核")

    workitem_complete(item=item, actor=clerk, acting_for=director)

    item.refresh_from_db()
    assert item.state == State.DONE
    assert item.completed_by == clerk
    row = item.transitions.get(kind=WorkItemTransition.Kind.COMPLETE)
    assert (row.actor, row.acting_for) == (clerk, director)
    event = AuditEvent.objects.get(action="workitem_complete")
    assert (event.actor_id, event.acting_for_id) == (clerk.pk, director.pk)


@pytest.mark.parametrize(
    ("kind", "action"),
    [
        (WorkItem.Kind.TODO, "签发"),
        (WorkItem.Kind.TODO, "批示"),
        (WorkItem.Kind.TO_READ, "传阅"),
    ],
)
def test_a_documents_delegation_leaves_out_the_principals_personal_acts(
    clerk, director, system_admin, kind, action
):
    """公文办理 covers the routine steps, not 签发, 批示 or 阅文 (their own scopes), as the
    documents' permissions rule: the delegate neither sees nor completes such an item."""
    _delegate(director, clerk, Delegation.Scope.DOCUMENTS, admin=system_admin)
    routine = _create(director, action="审核")
    personal = _create(director, kind=kind, action=action)

    def listed(tab: str) -> set[int]:
        return {item.pk for item in workitems_for_user(user=clerk, tab=tab)}

    assert personal.pk not in listed(Tab.TODO) | listed(Tab.TO_READ)
    assert routine.pk in listed(Tab.TODO)
    with pytest.raises(PermissionDenied):
        workitem_complete(item=personal, actor=clerk, acting_for=director)


def test_a_delegate_outside_the_delegations_scope_is_refused(clerk, director, system_admin):
    _delegate(director, clerk, Delegation.Scope.MEETINGS, admin=system_admin)
    item = _create(director)  # a documents step, the delegation covers meetings only
    with pytest.raises(PermissionDenied, match="无有效委托"):
        workitem_complete(item=item, actor=clerk)
    assert WorkItem.objects.get(pk=item.pk).state == State.OPEN


def test_an_expired_or_revoked_delegation_is_refused(clerk, director, system_admin):
    expired = _delegate(
        director, clerk, Delegation.Scope.ALL, admin=system_admin, hours=-1, starts_ago=5
    )
    revoked = _delegate(director, clerk, Delegation.Scope.ALL, admin=system_admin)
    revoked.revoked_at = timezone.now()
    revoked.save(update_fields=["revoked_at"])
    assert expired.ends_at < timezone.now()
    item = _create(director)
    with pytest.raises(PermissionDenied):
        workitem_complete(item=item, actor=clerk)


def test_a_delegate_cannot_claim_to_act_for_someone_else_than_the_assignee(
    clerk, director, principal, system_admin
):
    _delegate(principal, clerk, Delegation.Scope.ALL, admin=system_admin)
    item = _create(director)
    with pytest.raises(PermissionDenied, match="办理人"):
        workitem_complete(item=item, actor=clerk, acting_for=principal)


def test_cancelling_requires_a_reason(clerk, director):
    item = _create(clerk, created_by=director)
    with pytest.raises(ValidationError, match="理由"):
        workitem_cancel(item=item, actor=director, reason="  ")
    assert WorkItem.objects.get(pk=item.pk).state == State.OPEN


def test_the_creator_cancels_an_item_with_a_reason_and_it_cannot_be_completed_after(
    clerk, director
):
    item = _create(clerk, created_by=director)
    workitem_cancel(item=item, actor=director, reason="来文已撤回")

    item.refresh_from_db()
    assert item.state == State.CANCELLED
    row = item.transitions.get(kind=WorkItemTransition.Kind.CANCEL)
    assert row.reason == "来文已撤回"
    assert AuditEvent.objects.filter(action="workitem_cancel").count() == 1
    with pytest.raises(ApplicationError):
        workitem_complete(item=item, actor=clerk)


def test_a_stranger_cannot_cancel_an_item(clerk, director, outsider):
    item = _create(clerk, created_by=director)
    with pytest.raises(PermissionDenied):
        workitem_cancel(item=item, actor=outsider, reason="无关人员")
    assert WorkItem.objects.get(pk=item.pk).state == State.OPEN


def test_completing_for_a_target_closes_only_the_open_steps_of_that_action(
    clerk, director, principal, organ_a, organ_b
):
    first = _create(clerk, action="会签", target=organ_a)
    second = _create(director, action="会签", target=organ_a)
    other_step = _create(principal, action="签发", target=organ_a)
    other_target = _create(clerk, action="会签", target=organ_b)

    closed = workitems_complete_for_target(target=organ_a, actor=clerk, action="会签")

    assert closed == 2
    states = dict(WorkItem.objects.values_list("pk", "state"))
    assert states[first.pk] == State.DONE
    assert states[second.pk] == State.DONE
    assert states[other_step.pk] == State.OPEN
    assert states[other_target.pk] == State.OPEN
    assert WorkItem.objects.get(pk=second.pk).completed_by == clerk
    event = AuditEvent.objects.get(action="workitems_complete_for_target")
    assert event.extra["count"] == 2


def test_rotation_hands_over_every_open_item_and_keeps_deadlines_and_reminders(
    clerk, director, system_admin
):
    """GIVEN the clerk has two open items (one already reminded) and one done item
    WHEN the system administrator hands the clerk's work to a successor
    THEN both open items move with their deadline and reminder time, the done one stays,
    the history names the clerk, and one audit line counts two items."""
    successor = UserFactory(full_name="孙接任")
    deadline = timezone.now() + timedelta(days=3)
    reminded = timezone.now() - timedelta(hours=1)
    first = _create(clerk, deadline=deadline)
    second = _create(clerk, deadline=deadline + timedelta(days=1))
    WorkItem.objects.filter(pk=second.pk).update(reminded_at=reminded)
    done = _create(clerk)
    workitem_complete(item=done, actor=clerk)

    count = workitem_hand_over(
        from_user=clerk, to_user=successor, actor=system_admin, reason="交流轮岗"
    )

    assert count == 2
    first.refresh_from_db()
    second.refresh_from_db()
    done.refresh_from_db()
    assert (first.assignee, first.deadline, first.reminded_at) == (successor, deadline, None)
    assert (second.assignee, second.reminded_at) == (successor, reminded)
    assert second.state == State.OPEN
    assert done.assignee == clerk
    row = first.transitions.get(kind=WorkItemTransition.Kind.HAND_OVER)
    assert (row.from_assignee, row.to_assignee, row.actor, row.reason) == (
        clerk,
        successor,
        system_admin,
        "交流轮岗",
    )
    events = AuditEvent.objects.filter(action="workitem_hand_over")
    assert events.count() == 1
    assert events.get().extra["count"] == 2
    assert Notification.objects.filter(recipient=successor).count() == 1


def test_hand_over_of_one_post_moves_only_that_posts_items(clerk, director, system_admin):
    successor = UserFactory()
    clerk_post = clerk.posts.get()
    on_post = _create(clerk, post=clerk_post)
    elsewhere = _create(clerk)

    count = workitem_hand_over(
        from_user=clerk, to_user=successor, post=clerk_post, actor=system_admin, reason="轮岗"
    )

    assert count == 1
    assert WorkItem.objects.get(pk=on_post.pk).assignee == successor
    assert WorkItem.objects.get(pk=elsewhere.pk).assignee == clerk


def test_hand_over_without_a_successor_or_reason_is_refused(clerk, system_admin):
    item = _create(clerk)
    with pytest.raises(ValidationError, match="必须指定接收待办的人员"):
        workitem_hand_over(from_user=clerk, to_user=None, actor=system_admin, reason="轮岗")
    with pytest.raises(ValidationError, match="不能移交给本人"):
        workitem_hand_over(from_user=clerk, to_user=clerk, actor=system_admin, reason="轮岗")
    with pytest.raises(ValidationError, match="理由"):
        workitem_hand_over(from_user=clerk, to_user=UserFactory(), actor=system_admin, reason="")
    assert WorkItem.objects.get(pk=item.pk).assignee == clerk
    assert not WorkItemTransition.objects.filter(kind=WorkItemTransition.Kind.HAND_OVER).exists()


def test_hand_over_to_an_administrator_is_refused(clerk, system_admin, audit_admin):
    _create(clerk)
    with pytest.raises(ValidationError, match="业务用户"):
        workitem_hand_over(from_user=clerk, to_user=audit_admin, actor=system_admin, reason="轮岗")


def test_only_the_system_administrator_hands_work_over(clerk, director, security_admin):
    item = _create(clerk)
    for actor in (director, security_admin):
        with pytest.raises(PermissionDenied):
            workitem_hand_over(from_user=clerk, to_user=UserFactory(), actor=actor, reason="轮岗")
    assert WorkItem.objects.get(pk=item.pk).assignee == clerk


def test_transition_rows_are_append_only(clerk):
    item = WorkItemFactory(assignee=clerk)
    row = WorkItemTransition.objects.create(item=item, kind="create", to_state=State.OPEN)
    row.reason = "改写历史"
    with pytest.raises(RuntimeError):
        row.save()
    with pytest.raises(RuntimeError):
        row.delete()


def test_it_refuses_a_post_the_assignee_does_not_hold_and_acting_for_oneself(clerk, director):
    with pytest.raises(ValidationError, match="不由办理人担任"):
        _create(clerk, post=director.posts.get())
    with pytest.raises(ValidationError, match="不能代理本人"):
        _create(clerk, acting_for=clerk)
    assert WorkItem.objects.count() == 0
