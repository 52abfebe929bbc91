"""登记 (the gap-free 收文号) and 初审 (checker findings, return to the sender)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from tests.incoming.conftest import make_outgoing, make_recipient
from tests.organs.factories import DepartmentFactory, OrganFactory, PostFactory
from zhongshu.documents.incoming import services
from zhongshu.documents.incoming.models import IncomingDocument, IncomingStep
from zhongshu.flow.models import Sequence, WorkItem
from zhongshu.notifications.models import Notification
from zhongshu.organs.models import Role

Status = IncomingDocument.Status


def _register(cast, doc, **kwargs):
    services.incoming_acknowledge(document=doc, actor=cast.clerk)
    return services.incoming_register(document=doc, actor=cast.clerk, **kwargs)


def test_receipt_numbers_are_consecutive_per_organ_and_year(cast):
    year = timezone.localdate().year
    docs = [cast.receive() for _ in range(3)]

    for doc in docs:
        _register(cast, doc)

    numbers = [IncomingDocument.objects.get(pk=d.pk).receipt_number for d in docs]
    assert numbers == [f"甲政收〔{year}〕{n}号" for n in (1, 2, 3)]
    assert Sequence.objects.get(kind=Sequence.Kind.RECEIPT, organ=cast.organ, year=year).last == 3


@pytest.mark.parametrize(
    ("code", "expected"),
    [("甲政", "甲政收〔2026〕7号"), ("淮办发", "淮办收〔2026〕7号"), ("淮发", "淮收〔2026〕7号")],
)
def test_the_receipt_number_takes_the_organ_code_without_its_outgoing_mark(code, expected):
    """A 代字 ending in 发 names the outgoing series: 淮办发 receives as 淮办收, not 淮办发收."""
    organ = OrganFactory.build(org_code=code)
    assert services.format_receipt_number(organ, 2026, 7) == expected


def test_each_organ_has_its_own_receipt_sequence(cast):
    other = OrganFactory(name="丙区人民政府", short_name="丙区政府", org_code="丙政")
    office = DepartmentFactory(organ=other, is_office=True, name="办公室")
    other_clerk = PostFactory(department=office, roles=[Role.CLERK]).holder
    ours = cast.receive()
    recipient = make_recipient(make_outgoing(cast.sender), other)
    theirs = services.incoming_receive_dispatch(recipient=recipient)

    _register(cast, ours)
    services.incoming_acknowledge(document=theirs, actor=other_clerk)
    services.incoming_register(document=theirs, actor=other_clerk)

    assert IncomingDocument.objects.get(pk=ours.pk).receipt_seq == 1
    assert IncomingDocument.objects.get(pk=theirs.pk).receipt_seq == 1


def test_a_refused_registration_leaves_no_gap(cast):
    """
    GIVEN an urgent document signed for, and an ordinary one
    WHEN the urgent one is registered without its time limit and 催办 person (refused)
    THEN no number is used: the ordinary one then gets number 1
    """
    urgent = cast.receive(urgency="urgent")
    urgent.deadline = None
    IncomingDocument.objects.filter(pk=urgent.pk).update(deadline=None)
    services.incoming_acknowledge(document=urgent, actor=cast.clerk)
    with pytest.raises(ValidationError, match="办理时限"):
        services.incoming_register(document=urgent, actor=cast.clerk)
    with pytest.raises(ValidationError, match="催办责任人"):
        services.incoming_register(
            document=urgent, actor=cast.clerk, deadline=timezone.now() + timedelta(days=1)
        )
    urgent.refresh_from_db()
    assert urgent.receipt_number == ""

    ordinary = cast.receive()
    _register(cast, ordinary)
    assert IncomingDocument.objects.get(pk=ordinary.pk).receipt_seq == 1


def test_an_urgent_document_is_registered_with_its_time_limit_and_chaser(cast):
    doc = cast.receive(urgency="urgent")
    services.incoming_acknowledge(document=doc, actor=cast.clerk)
    limit = timezone.now() + timedelta(days=2)

    services.incoming_register(document=doc, actor=cast.clerk, deadline=limit, chaser=cast.director)

    doc.refresh_from_db()
    assert doc.deadline == limit
    assert doc.chaser == cast.director
    [item] = WorkItem.objects.filter(action="初审", state="open", target_id=doc.pk)
    assert item.deadline <= limit


def test_the_chaser_must_be_of_the_receiving_office(cast, head_general):
    doc = cast.receive(important=True)
    services.incoming_acknowledge(document=doc, actor=cast.clerk)

    with pytest.raises(ValidationError, match="催办责任人应为"):
        services.incoming_register(document=doc, actor=cast.clerk, chaser=head_general)


def test_a_past_time_limit_is_refused(cast):
    doc = cast.receive()
    services.incoming_acknowledge(document=doc, actor=cast.clerk)

    with pytest.raises(ValidationError, match="晚于当前时间"):
        services.incoming_register(
            document=doc, actor=cast.clerk, deadline=timezone.now() - timedelta(hours=1)
        )


def test_registration_is_refused_before_signing_for(cast):
    doc = cast.receive()

    with pytest.raises(PermissionDenied):
        services.incoming_register(document=doc, actor=cast.clerk)


def test_screening_shows_the_real_checkers_findings_on_structured_content(cast):
    """
    GIVEN a dispatched 通知 whose title ends with a stray full stop
    WHEN the clerk screens it
    THEN the findings of the gongwen checker are returned and kept on the slip row
    """
    doc = cast.receive(title="乙县人民政府关于做好2026年防汛工作的通知。")
    _register(cast, doc)

    findings = services.incoming_findings(doc)
    services.incoming_screen(document=doc, actor=cast.clerk, opinion="格式基本规范")

    assert findings, "the checker should flag the stray full stop"
    assert any(f["element"].startswith("标题") for f in findings)
    doc.refresh_from_db()
    assert doc.status == Status.SCREENED
    step = doc.steps.get(action=IncomingStep.Action.SCREEN)
    assert step.extra["structured"] is True
    assert {f["rule_id"] for f in step.extra["findings"]} == {f["rule_id"] for f in findings}
    assert (
        WorkItem.objects.get(action="拟办", state="open", target_id=doc.pk).assignee
        == cast.director
    )


def test_a_paper_document_without_structured_content_has_no_findings(cast):
    doc = services.incoming_register_external(
        organ=cast.organ, actor=cast.clerk, sender_name="省厅", title="关于检查的通知"
    )

    assert services.incoming_findings(doc) is None


def test_returning_at_screening_needs_a_reason_and_tells_the_sender(cast):
    """
    GIVEN a registered document that does not follow the 行文规则
    WHEN the clerk returns it with a reason
    THEN it is RETURNED, its 收文号 stays used, no step is open, and the sender is told why
    """
    doc = cast.receive()
    _register(cast, doc)
    with pytest.raises(ValidationError, match="理由"):
        services.incoming_return(document=doc, actor=cast.clerk, reason="")

    services.incoming_return(document=doc, actor=cast.clerk, reason="请示一文多事，请分别行文")

    doc.refresh_from_db()
    assert doc.status == Status.RETURNED
    assert doc.receipt_seq == 1
    assert not WorkItem.objects.filter(target_id=doc.pk, state="open", action__in=["初审"]).exists()
    note = Notification.objects.get(recipient=cast.sender)
    assert "退回" in note.title and "一文多事" in note.body
    assert doc.dispatch_recipient.incoming.reason == "请示一文多事，请分别行文"


def test_a_returned_document_cannot_be_screened(cast):
    doc = cast.receive()
    _register(cast, doc)
    services.incoming_return(document=doc, actor=cast.clerk, reason="格式不符")

    with pytest.raises(PermissionDenied):
        services.incoming_screen(document=doc, actor=cast.clerk)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_32_parallel_registrations_get_32_distinct_consecutive_receipt_numbers(
    clerk, director, principal, outsider, organ_a
):
    """
    GIVEN 32 documents signed for in one organ
    WHEN 32 threads, each with its own connection, register them at the same moment
    THEN they get the numbers 1…32, each once, and the sequence stands at 32
    """
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises writers and has "
            "no row locks to test"
        )
    docs = []
    for _ in range(32):
        recipient = make_recipient(make_outgoing(outsider), organ_a)
        doc = services.incoming_receive_dispatch(recipient=recipient)
        services.incoming_acknowledge(document=doc, actor=clerk)
        docs.append(doc)
    barrier = threading.Barrier(len(docs))
    errors: list[BaseException] = []
    guard = threading.Lock()

    def work(doc):
        try:
            barrier.wait(timeout=30)
            services.incoming_register(document=doc, actor=clerk)
        except BaseException as exc:
            with guard:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert errors == []
    seqs = sorted(IncomingDocument.objects.values_list("receipt_seq", flat=True))
    assert seqs == list(range(1, 33))
    assert Sequence.objects.get(kind=Sequence.Kind.RECEIPT, organ=organ_a).last == 32


def test_the_named_chaser_follows_the_document_to_its_time_limit(cast):
    """
    GIVEN an urgent document registered with a time limit and the director as 催办 person
    WHEN it runs to 办结
    THEN the director holds a 催办跟踪 step due at the time limit (reminded by the flow scan),
    AND it is done when the document is closed; 催办 never notifies the chaser themself
    """
    doc = cast.receive(urgency="urgent")
    services.incoming_acknowledge(document=doc, actor=cast.clerk)
    limit = timezone.now() + timedelta(days=2)
    services.incoming_register(document=doc, actor=cast.clerk, deadline=limit, chaser=cast.director)

    [follow] = WorkItem.objects.filter(target_id=doc.pk, action="催办跟踪", state="open")
    assert follow.assignee == cast.director
    assert follow.deadline == limit
    assert cast.director not in services.incoming_chase(document=doc, actor=cast.director)

    doc.refresh_from_db()
    cast.advance(doc, Status.CLOSED)
    follow.refresh_from_db()
    assert follow.state == WorkItem.State.DONE
