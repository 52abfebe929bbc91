"""The people a visitor logs in as first find real work: every open item on their workbench
belongs to a document and opens the page where its step can be done (``zhongshu.demo.government``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.demo import data, government
from zhongshu.demo.clock import DemoClock, demo_time
from zhongshu.documents.archive.models import DocumentStatusMark
from zhongshu.documents.incoming.models import IncomingDocument, IncomingStep
from zhongshu.documents.models import DocNumber, OutgoingDocument
from zhongshu.flow.models import WorkItem, WorkItemTransition
from zhongshu.flow.selectors import Tab, workitem_counts, workitems_for_user
from zhongshu.flow.services import workitem_create
from zhongshu.notifications.models import Notification
from zhongshu.notifications.services import notification_send

Status = OutgoingDocument.Status
InStatus = IncomingDocument.Status

FEATURED = ("liuyang", "wangfang", "wangzhiyuan", "sunqian")

# The form each step's item leads to (``/act/<name>/`` on the 发文 or 收文 page).
FORM_OF_STEP = {
    "签收": "acknowledge",
    "收文登记": "register",
    "初审": "screen",
    "拟办": "propose",
    "批示": "instruct",
    "交办承办": "assign",
    "承办": "handle",
    "办结": "close",
    "传阅": "read",
    "核稿": "pass",
    "办公室审核": "pass",
    "会签": "countersign",
    "签发": "sign_off",
    "复核": "recheck",
    "登记编号": "register",
    "用印": "seal",
    "核发": "dispatch",
    "拟稿修改": "submit",
}


def _open_items(username: str) -> list[WorkItem]:
    user = User.objects.get(username=username)
    return [
        *workitems_for_user(user=user, tab=Tab.TODO),
        *workitems_for_user(user=user, tab=Tab.TO_READ),
    ]


def test_no_open_item_of_the_city_lacks_a_document(featured_city):
    assert WorkItem.objects.filter(state=WorkItem.State.OPEN, target_id__isnull=True).count() == 0
    assert WorkItem.objects.filter(url="").count() == 0


@pytest.mark.parametrize("username", FEATURED)
def test_each_featured_person_has_open_items_whose_page_offers_the_step(featured_city, username):
    items = _open_items(username)
    assert len(items) >= 2, username
    client = Client()
    client.force_login(User.objects.get(username=username))
    for item in items:
        assert item.target_id is not None, item.title
        response = client.get(item.url)
        assert response.status_code == 200, (item.action, item.url)
        form = f"/act/{FORM_OF_STEP[item.action]}/"
        assert form in response.content.decode(), (username, item.action, item.title)


def test_the_featured_clerk_finds_work_and_notifications_on_the_workbench(featured_city):
    clerk = User.objects.get(username=data.FEATURED_USERNAME)
    counts = workitem_counts(user=clerk)
    assert counts["todo"] >= 5
    assert counts["to_read"] >= 1
    assert Notification.objects.filter(recipient=clerk, read_at__isnull=True).count() >= 4


def test_the_clerk_signs_for_registers_screens_seals_numbers_closes_and_reads(featured_city):
    actions = {item.action for item in _open_items("liuyang")}
    assert {"签收", "收文登记", "初审", "用印", "登记编号", "交办承办", "传阅"} <= actions


def test_the_mayor_signs_off_and_instructs_and_his_secretary_may_do_both_for_him(featured_city):
    mayor = {(i.action, i.title) for i in _open_items("wangzhiyuan")}
    assert ("签发", government.AT_SIGN_OFF) in mayor
    assert ("批示", government.R_PROPOSED) in mayor
    assert mayor <= {(i.action, i.title) for i in _open_items("sunqian")}


def test_the_secretary_instructed_for_the_mayor_and_it_shows_as_acting_for_him(featured_city):
    document = IncomingDocument.objects.get(title=government.R_INSTRUCTED)
    assert document.status == InStatus.INSTRUCTED
    row = document.instructions.get()
    assert row.leader.username == "wangzhiyuan"
    step = document.steps.get(action=IncomingStep.Action.INSTRUCT)
    assert step.actor.username == "sunqian"
    assert step.acting_for.username == "wangzhiyuan"


def test_the_bureaus_requests_landed_in_the_governments_inbox_in_each_state(featured_city):
    states = dict(
        IncomingDocument.objects.filter(organ__short_name=government.GOVERNMENT).values_list(
            "title", "status"
        )
    )
    assert states == {
        government.R_INSTRUCTED: InStatus.INSTRUCTED,
        government.R_PROPOSED: InStatus.PROPOSED,
        government.R_SCREENED: InStatus.SCREENED,
        government.R_REGISTERED: InStatus.REGISTERED,
        government.R_PENDING: InStatus.PENDING,
        government.PAPER.title: InStatus.ACKNOWLEDGED,
    }
    paper = IncomingDocument.objects.get(title=government.PAPER.title)
    assert bool(paper.scan) is True
    assert paper.dispatch_recipient_id is None


def test_the_clerks_own_documents_stand_in_several_states(featured_city):
    mine = dict(
        OutgoingDocument.objects.filter(drafter__username="liuyang", corrects=None).values_list(
            "title", "status"
        )
    )
    assert mine[government.AT_SIGN_OFF] == Status.SIGN_OFF
    assert mine[government.AT_REGISTER] == Status.REGISTER
    assert mine[government.RETURNED_FROM_SEAL] == Status.SEAL
    assert mine[government.ISSUED_REVOKED] == Status.DISPATCHED
    assert mine[government.ISSUED_AMENDED] == Status.DISPATCHED
    assert Status.REVIEW in mine.values()
    signer = OutgoingDocument.objects.get(title=government.AT_SIGN_OFF).current_handler
    assert signer.username == "wangzhiyuan"


def test_an_issued_document_is_revoked_by_a_dispatched_correction(featured_city):
    revoked = OutgoingDocument.objects.get(title=government.ISSUED_REVOKED)
    revocation = OutgoingDocument.objects.get(corrects=revoked)
    assert revocation.correction_kind == OutgoingDocument.CorrectionKind.REVOKE
    assert revocation.status == Status.DISPATCHED
    assert DocumentStatusMark.objects.filter(
        outgoing=revoked, kind=DocumentStatusMark.Kind.REVOKE
    ).exists()


def test_an_amendment_is_in_draft(featured_city):
    # a 修改 starts as a copy of the issued text, title included
    amended = OutgoingDocument.objects.get(title=government.ISSUED_AMENDED, corrects=None)
    amendment = OutgoingDocument.objects.get(corrects=amended)
    assert amendment.correction_kind == OutgoingDocument.CorrectionKind.AMEND
    assert amendment.status == Status.DRAFT


def test_a_document_returned_from_sealing_keeps_its_voided_number_and_has_a_new_one(featured_city):
    document = OutgoingDocument.objects.get(title=government.RETURNED_FROM_SEAL)
    numbers = list(DocNumber.objects.filter(document=document).order_by("seq"))
    assert len(numbers) == 2
    assert numbers[0].voided_at is not None
    assert government.RETURN_REASON in numbers[0].void_reason
    assert numbers[1].voided_at is None
    assert document.doc_number.endswith(f"{numbers[1].seq}号")


def test_the_history_of_the_work_lies_in_the_past_weeks_not_at_seeding(featured_city):
    """The items, their transitions and their notifications carry the demo clock's dates."""
    started = timezone.now() - timedelta(minutes=10)
    old = WorkItem.objects.filter(title=government.R_INSTRUCTED)
    assert old.exists()
    assert old.filter(created_at__gte=started).exists() is False
    assert WorkItemTransition.objects.filter(item__in=old, at__gte=started).exists() is False
    assert Notification.objects.filter(work_item__in=old, created_at__gte=started).exists() is False


def test_work_created_on_the_demo_clock_carries_the_clocks_time(featured_city):
    clerk = User.objects.get(username="liuyang")
    clock = DemoClock()
    with demo_time(clock):
        moment = clock.days_ago(8, minutes=30)
        item = workitem_create(
            assignee=clerk, kind=WorkItem.Kind.TODO, module=WorkItem.Module.DOCUMENTS,
            action="签收", title="时钟测试", url="/incoming/",
        )  # fmt: skip
        note = notification_send(recipient=clerk, title="时钟测试", work_item=item)
    item.refresh_from_db()
    assert abs(item.created_at - moment) < timedelta(seconds=5)
    assert abs(item.transitions.get().at - moment) < timedelta(seconds=5)
    assert abs(note.created_at - moment) < timedelta(seconds=5)


def test_the_receiver_gets_the_valid_numbers_pdf_even_when_a_voided_ones_is_newer(featured_city):
    """GIVEN an issued 通知 of the demo whose files include a newer PDF sealed under a voided
    number WHEN its receiver opens the original THEN the file of the valid number is served."""
    from django.core.files.base import ContentFile

    from zhongshu.documents.incoming.selectors import received_file
    from zhongshu.documents.models import IssuedFile

    issued = OutgoingDocument.objects.get(title=government.ISSUED_REVOKED)
    valid = issued.current_files.get(kind=IssuedFile.Kind.PDF)
    voided = DocNumber.objects.create(
        organ=issued.organ, org_code="测", year=2026, seq=99, document=issued,
        allocated_by=issued.drafter, allocated_at=timezone.now(), voided_at=timezone.now(),
        voided_by=issued.drafter, void_reason="测试：作废的文号",
    )  # fmt: skip
    IssuedFile.objects.create(
        document=issued, number=voided, kind=IssuedFile.Kind.PDF,
        file=ContentFile(b"%PDF-voided", name="voided.pdf"), size=11, sha256="0" * 64,
        created_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    landing = IncomingDocument.objects.filter(dispatch_recipient__document=issued).first()
    assert received_file(document=landing).pk == valid.pk
