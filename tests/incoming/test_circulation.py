"""传阅: a purpose, readers in order or at once, nobody skipped, chasing the unread."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.incoming.conftest import delegate
from zhongshu.documents.incoming import selectors, services
from zhongshu.documents.incoming.models import Circulation, IncomingDocument
from zhongshu.flow.models import WorkItem
from zhongshu.notifications.models import Notification
from zhongshu.organs.models import Delegation

Status = IncomingDocument.Status


def _to_read(doc):
    return set(
        WorkItem.objects.filter(
            target_id=doc.pk, action="传阅", state="open", kind=WorkItem.Kind.TO_READ
        ).values_list("assignee__full_name", flat=True)
    )


def test_in_order_the_document_reaches_each_reader_only_after_the_previous_one(cast):
    """
    GIVEN a registered document circulated to the leader, the principal and the director in order
    WHEN they read it
    THEN at each moment exactly one person holds it, nobody reads out of turn,
    AND each has a read time and opinion in the order given; the circulation is then complete
    """
    doc = cast.advance(cast.receive(), Status.SCREENED)
    circulation = services.circulation_start(
        document=doc,
        actor=cast.clerk,
        purpose="请领导阅知汛情部署",
        readers=[cast.leader, cast.principal, cast.director],
    )

    assert _to_read(doc) == {"吴副市长"}
    with pytest.raises(PermissionDenied, match="尚未传到"):
        services.circulation_read(document=doc, actor=cast.principal)

    services.circulation_read(document=doc, actor=cast.leader, opinion="已阅")
    assert _to_read(doc) == {"王主要"}
    status = selectors.circulation_status(document=doc)[0]
    assert [r.person for r in status["holding"]] == [cast.principal]
    assert [r.person for r in status["read"]] == [cast.leader]
    assert [r.person for r in status["unread"]] == [cast.principal, cast.director]

    services.circulation_read(document=doc, actor=cast.principal, opinion="阅")
    services.circulation_read(document=doc, actor=cast.director)

    readers = list(circulation.readers.order_by("position"))
    assert all(r.read_at is not None for r in readers)
    assert readers[0].read_at <= readers[1].received_at <= readers[1].read_at <= readers[2].read_at
    assert [r.opinion for r in readers] == ["已阅", "阅", ""]
    circulation.refresh_from_db()
    assert circulation.completed_at is not None
    assert _to_read(doc) == set()


def test_at_once_every_reader_holds_it_and_may_read_in_any_order(cast):
    doc = cast.advance(cast.receive(), Status.REGISTERED)
    services.circulation_start(
        document=doc,
        actor=cast.clerk,
        purpose="阅知",
        readers=[cast.leader, cast.principal],
        mode=Circulation.Mode.PARALLEL,
    )

    assert _to_read(doc) == {"吴副市长", "王主要"}
    services.circulation_read(document=doc, actor=cast.principal)
    assert _to_read(doc) == {"吴副市长"}


def test_a_circulation_states_its_purpose_and_names_readers_once(cast, outsider):
    doc = cast.advance(cast.receive(), Status.REGISTERED)

    with pytest.raises(ValidationError, match="目的"):
        services.circulation_start(
            document=doc, actor=cast.clerk, purpose=" ", readers=[cast.leader]
        )
    with pytest.raises(ValidationError, match="至少"):
        services.circulation_start(document=doc, actor=cast.clerk, purpose="阅", readers=[])
    with pytest.raises(ValidationError, match="重复"):
        services.circulation_start(
            document=doc, actor=cast.clerk, purpose="阅", readers=[cast.leader, cast.leader]
        )
    with pytest.raises(ValidationError, match="不是本机关"):
        services.circulation_start(document=doc, actor=cast.clerk, purpose="阅", readers=[outsider])
    assert not Circulation.objects.exists()


def test_circulation_before_registration_or_by_a_reader_is_refused(cast):
    doc = cast.receive()
    with pytest.raises(PermissionDenied):
        services.circulation_start(
            document=doc, actor=cast.clerk, purpose="阅", readers=[cast.leader]
        )

    doc = cast.advance(doc, Status.PROPOSED)
    with pytest.raises(PermissionDenied):
        services.circulation_start(
            document=doc, actor=cast.leader, purpose="阅", readers=[cast.principal]
        )


def test_chasing_reaches_exactly_the_readers_who_hold_it_unread(cast):
    """
    GIVEN a circulation at once to three readers, one of whom has read
    WHEN the clerk chases
    THEN the two others are notified (one call), the reader who has read is not
    """
    doc = cast.advance(cast.receive(), Status.REGISTERED)
    circulation = services.circulation_start(
        document=doc,
        actor=cast.clerk,
        purpose="阅知",
        readers=[cast.leader, cast.principal, cast.director],
        mode=Circulation.Mode.PARALLEL,
    )
    services.circulation_read(document=doc, actor=cast.leader)

    chased = services.circulation_chase(circulation=circulation, actor=cast.clerk, note="请尽快阅")

    assert set(chased) == {cast.principal, cast.director}
    assert not Notification.objects.filter(recipient=cast.leader, title__startswith="催阅").exists()
    assert (
        Notification.objects.filter(recipient=cast.principal, title__startswith="催阅").count() == 1
    )
    assert circulation.readers.get(person=cast.principal).chased_at is not None


def test_in_order_only_the_current_holder_is_chased(cast):
    doc = cast.advance(cast.receive(), Status.REGISTERED)
    circulation = services.circulation_start(
        document=doc, actor=cast.clerk, purpose="阅", readers=[cast.leader, cast.principal]
    )

    assert services.circulation_chase(circulation=circulation, actor=cast.clerk) == [cast.leader]


def test_a_reader_may_not_chase_and_an_outsider_gets_nothing(cast, outsider):
    doc = cast.advance(cast.receive(), Status.REGISTERED)
    circulation = services.circulation_start(
        document=doc, actor=cast.clerk, purpose="阅", readers=[cast.leader, cast.principal]
    )

    with pytest.raises(PermissionDenied):
        services.circulation_chase(circulation=circulation, actor=cast.leader)
    with pytest.raises(PermissionDenied):
        services.circulation_chase(circulation=circulation, actor=outsider)


def test_a_reader_sees_the_document_only_once_it_reaches_them(cast):
    doc = cast.advance(cast.receive(), Status.REGISTERED)
    services.circulation_start(
        document=doc, actor=cast.clerk, purpose="阅", readers=[cast.leader, cast.principal]
    )

    assert selectors.incoming_get_for_user(user=cast.leader, pk=doc.pk) == doc
    with pytest.raises(Http404):
        selectors.incoming_get_for_user(user=cast.principal, pk=doc.pk)
    services.circulation_read(document=doc, actor=cast.leader)
    assert selectors.incoming_get_for_user(user=cast.principal, pk=doc.pk) == doc


def test_reading_after_closing_keeps_the_closed_result(cast):
    """
    GIVEN a circulation still running when the document is closed
    WHEN the last reader reads with an opinion after 办结
    THEN the opinion is on the reader's line, marked after close, and the result is unchanged
    """
    doc = cast.advance(cast.receive(), Status.INSTRUCTED)
    services.circulation_start(
        document=doc, actor=cast.clerk, purpose="阅", readers=[cast.principal]
    )
    services.incoming_close(document=doc, actor=cast.clerk, result="阅知")

    services.circulation_read(document=doc, actor=cast.principal, opinion="建议再研究")

    doc.refresh_from_db()
    assert doc.result == "阅知"
    assert doc.status == Status.CLOSED
    step = doc.steps.filter(action="read").get()
    assert step.extra["after_close"] is True
    assert step.opinion == "建议再研究"


def test_a_delegate_reads_for_the_reader(cast, staff_general):
    delegate(cast.principal, staff_general, scope=Delegation.Scope.READ)
    doc = cast.advance(cast.receive(), Status.REGISTERED)
    services.circulation_start(
        document=doc, actor=cast.clerk, purpose="阅", readers=[cast.principal]
    )

    row = services.circulation_read(document=doc, actor=staff_general, opinion="代阅")

    assert row.person == cast.principal and row.actor == staff_general
    assert doc.steps.filter(action="read").get().acting_for == cast.principal
