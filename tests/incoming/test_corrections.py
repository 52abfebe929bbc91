"""The sender's 修改/撤销/废止 of a document this organ received, as the receiving organ sees it.

Organ B dispatches a 通知 to organ A through the 发文 service; later B dispatches a correction
of it (``corrects``), which lands in A's inbox like any document. A's copy of the old one shows
what happened (banner, badges, API), the correction's copy links back to it, and whoever is
still working on the old copy is told once as the correction lands.
"""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.incoming.conftest import content
from zhongshu.audit.models import AuditEvent
from zhongshu.documents import services as outgoing_services
from zhongshu.documents.archive.models import DocumentStatusMark
from zhongshu.documents.archive.services import document_mark
from zhongshu.documents.incoming import selectors, services
from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.documents.models import OutgoingDocument
from zhongshu.notifications.models import Notification
from zhongshu.organs.models import Classification

Status = IncomingDocument.Status
Kind = OutgoingDocument.CorrectionKind

OLD_TITLE = "乙县人民政府关于做好2026年防汛工作的通知"


def _at_dispatch(sender, *, corrects=None, kind="", classification=0, **overrides):
    """A document of the sender's organ waiting at 核发 (its route has its own tests); the
    sender is cleared for it."""
    if sender.clearance < classification:
        sender.clearance = classification
        sender.save(update_fields=["clearance"])
    post = sender.posts.first()
    data = content(**overrides)
    return OutgoingDocument.objects.create(
        organ=post.department.organ,
        department=post.department,
        drafter=sender,
        content=data,
        title=data["title"],
        doc_type=data["doc_type"],
        classification=classification,
        status=OutgoingDocument.Status.DISPATCH,
        doc_number=data["doc_number"],
        signed_on=timezone.localdate(),
        corrects=corrects,
        correction_kind=kind,
    )


_seq = iter(range(10, 1000))


def issue(cast, **overrides) -> tuple[OutgoingDocument, IncomingDocument]:
    """B dispatches a 通知 to A; returns it and A's copy."""
    n = next(_seq)
    overrides.setdefault("title", f"乙县人民政府关于第{n}项工作的通知")
    overrides.setdefault("doc_number", f"乙政〔2026〕{n}号")
    outgoing = _at_dispatch(cast.sender, **overrides)
    outgoing_services.document_dispatch(document=outgoing, actor=cast.sender)
    return outgoing, IncomingDocument.objects.get(dispatch_recipient__document=outgoing)


def correct(cast, old: OutgoingDocument, kind: str, **overrides) -> OutgoingDocument:
    """B dispatches a correction of ``old`` (to the same 主送, so it lands in A too)."""
    n = next(_seq)
    verb = Kind(kind).label
    overrides.setdefault("title", f"乙县人民政府关于{verb}《{old.title}》的通知")
    overrides.setdefault("doc_number", f"乙政〔2026〕{n}号")
    correction = _at_dispatch(cast.sender, corrects=old, kind=kind, **overrides)
    outgoing_services.document_dispatch(document=correction, actor=cast.sender)
    return correction


def copy_of(outgoing: OutgoingDocument) -> IncomingDocument:
    return IncomingDocument.objects.get(dispatch_recipient__document=outgoing)


def told(person, prefix: str = "来文已被") -> list[Notification]:
    return list(Notification.objects.filter(recipient=person, title__startswith=prefix))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _today() -> str:
    day = timezone.localdate()
    return f"{day.year}年{day.month}月{day.day}日"


# --- selectors -------------------------------------------------------------------------------


def test_a_revocation_reads_on_the_old_copy_with_its_correction_and_that_ones_copy(cast):
    old, old_copy = issue(cast)

    revocation = correct(cast, old, Kind.REVOKE)

    found = selectors.incoming_corrections(user=cast.clerk, document=old_copy)
    [event] = found.corrected_by
    assert event.kind == Kind.REVOKE
    assert event.correction == revocation
    assert event.title == revocation.title
    assert event.copy == copy_of(revocation)
    assert event.on == timezone.localdate()
    assert [m.kind for m in found.source_marks] == [DocumentStatusMark.Kind.REVOKE]
    assert (found.revoked, found.abolished, found.amended) == (True, False, False)
    back = selectors.incoming_corrections(user=cast.clerk, document=copy_of(revocation)).corrects
    assert back.document == old
    assert back.copy == old_copy
    assert back.kind == Kind.REVOKE


def test_an_abolition_carries_the_day_it_stops_being_in_force(cast):
    old, old_copy = issue(cast)

    abolition = correct(cast, old, Kind.ABOLISH)

    found = selectors.incoming_corrections(user=cast.clerk, document=old_copy)
    [event] = found.corrected_by
    assert event.kind == Kind.ABOLISH
    assert event.effective_from == abolition.signed_on
    assert (found.revoked, found.abolished, found.amended) == (False, True, False)


def test_an_amendment_leaves_no_mark_but_reads_as_amended(cast):
    old, old_copy = issue(cast)

    correct(cast, old, Kind.AMEND)

    found = selectors.incoming_corrections(user=cast.clerk, document=old_copy)
    assert [e.kind for e in found.corrected_by] == [Kind.AMEND]
    assert found.source_marks == []
    assert (found.revoked, found.abolished, found.amended) == (False, False, True)


def test_an_abolished_then_revoked_document_reads_both_in_order(cast):
    old, old_copy = issue(cast)

    correct(cast, old, Kind.ABOLISH)
    correct(cast, old, Kind.REVOKE)

    found = selectors.incoming_corrections(user=cast.clerk, document=old_copy)
    assert [e.kind for e in found.corrected_by] == [Kind.ABOLISH, Kind.REVOKE]
    assert found.revoked is True


def test_a_correction_still_on_its_route_shows_nothing(cast):
    old, old_copy = issue(cast)
    _at_dispatch(cast.sender, corrects=old, kind=Kind.REVOKE, doc_number="乙政〔2026〕99号")

    found = selectors.incoming_corrections(user=cast.clerk, document=old_copy)

    assert found.corrected_by == []
    assert found.revoked is False


def test_a_mark_made_by_hand_on_the_sender_side_reads_with_its_reason(cast):
    """
    GIVEN a received document
    WHEN the sender's office director marks it revoked by hand (no correcting document)
    THEN A's copy reads it as revoked, with the reason, and without a correction
    """
    old, old_copy = issue(cast)

    document_mark(actor=cast.sender, kind="revoke", reason="上级要求停止执行", outgoing=old)

    [event] = selectors.incoming_corrections(user=cast.clerk, document=old_copy).corrected_by
    assert event.kind == Kind.REVOKE
    assert event.correction is None
    assert event.reason == "上级要求停止执行"


def test_paper_mail_has_no_source_and_reads_only_its_own_marks(cast):
    paper = services.incoming_register_external(
        organ=cast.organ, actor=cast.clerk, sender_name="省交通运输厅", title="关于某事项的函"
    )

    found = selectors.incoming_corrections(user=cast.clerk, document=paper)

    assert found.corrected_by == [] and found.corrects is None and found.revoked is False


# --- the notification as the correction lands ------------------------------------------------


def test_the_handlers_of_an_open_copy_are_told_once_each_as_the_revocation_lands(cast):
    """
    GIVEN A's copy at 拟办 done: the leader holds its 批示 待办 and, through a 传阅, a 待阅 too
    WHEN B's revocation of it lands in A's inbox
    THEN the leader gets one notification (not one per step), linking to the copy and citing
    the revocation; the readers it has not reached yet get none; the copy's record says so
    """
    old, old_copy = issue(cast)
    old_copy = cast.advance(old_copy, Status.PROPOSED)
    services.circulation_start(
        document=old_copy,
        actor=cast.director,
        purpose="请阅知",
        readers=[cast.leader, cast.principal],
        mode="sequential",
    )

    revocation = correct(cast, old, Kind.REVOKE)

    [notice] = told(cast.leader)
    assert notice.title == f"来文已被撤销：{old_copy.title}"
    assert f"《{revocation.title}》，{revocation.doc_number}" in notice.body
    assert "自始不发生效力" in notice.body
    assert notice.url == old_copy.get_absolute_url()
    assert told(cast.principal) == []
    assert told(cast.clerk) == []
    event = AuditEvent.objects.get(action="incoming_source_corrected")
    assert event.extra["notified"] == [cast.leader.pk]
    assert event.extra["correction_incoming"] == copy_of(revocation).pk
    old_copy.refresh_from_db()
    assert old_copy.status == Status.PROPOSED  # the route is the organ's to end


def test_a_document_revoked_before_it_was_signed_for_tells_the_signing_clerk(cast):
    """
    GIVEN A's copy still waiting for 签收
    WHEN B's revocation lands
    THEN the clerk holding the 签收 待办 is told; the copy still waits to be signed for (it was
    delivered) and its page says it is revoked
    """
    old, old_copy = issue(cast)

    correct(cast, old, Kind.REVOKE)

    [notice] = told(cast.clerk)
    assert notice.title == f"来文已被撤销：{old_copy.title}"
    old_copy.refresh_from_db()
    assert old_copy.status == Status.PENDING
    services.incoming_acknowledge(document=old_copy, actor=cast.clerk)
    old_copy.refresh_from_db()
    assert old_copy.status == Status.ACKNOWLEDGED


def test_a_closed_copy_gets_no_notification_but_still_shows_the_revocation(cast):
    old, old_copy = issue(cast)
    old_copy = cast.advance(old_copy, Status.CLOSED)

    correct(cast, old, Kind.REVOKE)

    assert Notification.objects.filter(title__startswith="来文已被").exists() is False
    event = AuditEvent.objects.get(action="incoming_source_corrected")
    assert event.extra["notified"] == []
    assert event.extra["status"] == Status.CLOSED
    assert selectors.incoming_corrections(user=cast.clerk, document=old_copy).revoked is True


def test_the_handlers_are_told_of_an_abolition_with_its_day_and_of_an_amendment(cast):
    old, old_copy = issue(cast)
    cast.advance(old_copy, Status.ACKNOWLEDGED)  # the clerk holds its 登记 待办

    correct(cast, old, Kind.AMEND)
    abolition = correct(cast, old, Kind.ABOLISH)

    amended, abolished = sorted(told(cast.clerk), key=lambda n: n.pk)
    assert amended.title == f"来文已被修改：{old_copy.title}"
    assert "以修改后的文件为准" in amended.body
    assert abolished.title == f"来文已被废止：{old_copy.title}"
    day = abolition.signed_on
    assert f"自{day.year}年{day.month}月{day.day}日起停止执行" in abolished.body


def test_the_lead_unit_of_an_open_task_made_from_it_is_told_too(cast):
    """
    GIVEN a 批示督办 task led by the 综合处, made from A's copy (its head holds the task's 待办
    but is not on the copy's routing yet)
    WHEN B revokes the document
    THEN the head is told, linked to the task list (the copy would be a 404 for them)
    """
    task = cast.task()
    old = task.document.dispatch_recipient.document

    correct(cast, old, Kind.REVOKE)

    [notice] = told(cast.head_general)
    assert notice.url == reverse("incoming:tasks")


def test_a_classified_correction_is_cited_by_number_only_to_a_handler_not_cleared_for_it(cast):
    old, old_copy = issue(cast)
    cast.advance(old_copy, Status.PROPOSED)
    cast.leader.clearance = Classification.NONE
    cast.leader.save(update_fields=["clearance"])

    revocation = correct(cast, old, Kind.REVOKE, classification=Classification.CONFIDENTIAL)

    [notice] = told(cast.leader)
    assert revocation.doc_number in notice.body
    assert revocation.title not in notice.body


def test_landing_the_same_correction_twice_tells_nobody_twice(cast):
    old, _old_copy = issue(cast)
    revocation = correct(cast, old, Kind.REVOKE)

    services.incoming_receive_dispatch(
        recipient=copy_of(revocation).dispatch_recipient, actor=cast.sender
    )

    assert len(told(cast.clerk)) == 1


# --- pages -----------------------------------------------------------------------------------


def test_the_old_copy_shows_the_revocation_banner_linking_to_the_correction_here(cast):
    old, old_copy = issue(cast)
    revocation = correct(cast, old, Kind.REVOKE)
    revocation_copy = copy_of(revocation)

    response = _client(cast.clerk).get(old_copy.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert f"发文机关已于 {_today()} 撤销本文（" in body
    assert (
        f'<a href="{revocation_copy.get_absolute_url()}" class="alert-link">'
        f"《{revocation.title}》，{revocation.doc_number}</a>）"
    ) in body
    assert "本文自始不发生效力" in body
    assert "zs-correction-badge" in body and "已撤销" in body


def test_the_abolition_and_amendment_banners_say_what_they_mean(cast):
    old, old_copy = issue(cast)
    correct(cast, old, Kind.AMEND)
    abolition = correct(cast, old, Kind.ABOLISH)

    body = _client(cast.clerk).get(old_copy.get_absolute_url()).content.decode()

    assert f"发文机关已于 {_today()} 修改本文（" in body
    assert "请以修改后的文件为准" in body
    assert f"发文机关已于 {_today()} 废止本文（" in body
    day = abolition.signed_on
    assert f"本文自 {day.year}年{day.month}月{day.day}日 起停止执行" in body
    assert "已废止" in body and "已修改" in body


def test_the_correction_page_links_back_to_the_copy_it_corrects(cast):
    old, old_copy = issue(cast)
    revocation = correct(cast, old, Kind.REVOKE)

    body = _client(cast.clerk).get(copy_of(revocation).get_absolute_url()).content.decode()

    assert "本文为更正文件，撤销" in body
    assert (
        f'<a href="{old_copy.get_absolute_url()}" class="alert-link">'
        f"《{old.title}》（{old.doc_number}）</a>"
    ) in body
    assert "zs-corrects-badge" in body


def test_the_banner_links_only_to_copies_the_viewer_may_open(cast):
    """
    GIVEN A's copy at 拟办 (the leader sees it) and B's revocation landed (waiting for 签收:
    only the office sees it), classified above the leader's clearance
    WHEN the leader opens the old copy
    THEN the banner says it is revoked, with the revocation's number but neither its title nor
    a link; the clerk gets the link; and the revocation's page is a 404 for the leader
    """
    cast.clerk.clearance = Classification.CONFIDENTIAL
    cast.clerk.save(update_fields=["clearance"])
    old, old_copy = issue(cast)
    cast.advance(old_copy, Status.PROPOSED)
    revocation = correct(cast, old, Kind.REVOKE, classification=Classification.CONFIDENTIAL)
    cast.leader.clearance = Classification.NONE
    cast.leader.save(update_fields=["clearance"])
    revocation_copy = copy_of(revocation)

    body = _client(cast.leader).get(old_copy.get_absolute_url()).content.decode()

    assert f"发文机关已于 {_today()} 撤销本文（" in body
    assert revocation.doc_number in body
    assert revocation.title not in body
    assert "涉密公文，标题不予显示" in body
    assert revocation_copy.get_absolute_url() not in body
    assert _client(cast.leader).get(revocation_copy.get_absolute_url()).status_code == 404
    clerk_page = _client(cast.clerk).get(old_copy.get_absolute_url()).content.decode()
    assert revocation_copy.get_absolute_url() in clerk_page


def test_the_correction_page_does_not_link_an_old_copy_the_viewer_may_not_open(cast):
    old, old_copy = issue(cast)
    revocation = correct(cast, old, Kind.REVOKE)
    revocation_copy = cast.advance(copy_of(revocation), Status.PROPOSED)  # the leader sees it

    body = _client(cast.leader).get(revocation_copy.get_absolute_url()).content.decode()

    assert "本文为更正文件，撤销" in body
    assert f"《{old.title}》" in body
    assert old_copy.get_absolute_url() not in body


def test_the_inbox_and_the_register_mark_the_corrected_and_the_corrections(cast):
    old, old_copy = issue(cast)
    cast.advance(old_copy, Status.REGISTERED)
    amended, _amended_copy = issue(cast)
    correct(cast, old, Kind.REVOKE)
    correct(cast, amended, Kind.AMEND)
    client = _client(cast.clerk)

    inbox = client.get(reverse("incoming:inbox"), {"box": "open"}).content.decode()
    pending = client.get(reverse("incoming:inbox"), {"box": "pending"}).content.decode()
    register = client.get(reverse("incoming:register")).content.decode()

    assert "已撤销" in inbox
    assert "已修改" in pending
    assert pending.count("zs-corrects-badge") == 2  # the two corrections wait for 签收
    assert "已撤销" in register
    export = client.get(reverse("incoming:register_export"))
    rows = list(load_workbook(io.BytesIO(export.getvalue())).active.values)
    assert rows[0][-1] == "撤销、废止或修改"
    assert rows[1][-1] == "已撤销"


def test_the_receiving_organs_own_mark_shows_as_a_badge_too(cast):
    paper = services.incoming_register_external(
        organ=cast.organ, actor=cast.clerk, sender_name="省交通运输厅", title="关于某事项的函"
    )
    document_mark(actor=cast.director, kind="abolish", reason="来文单位函告废止",
                  incoming=paper, effective_from=timezone.localdate())  # fmt: skip

    body = _client(cast.clerk).get(reverse("incoming:inbox"), {"box": "open"}).content.decode()

    assert "已废止" in body


@pytest.mark.parametrize("url_name", ["incoming:inbox", "incoming:register"])
def test_the_lists_keep_their_query_count_with_corrections(cast, url_name):
    """
    GIVEN one received (registered) document revoked by its sender
    WHEN five more are received, revoked, abolished or amended
    THEN the inbox and the register run the same number of queries (the badges come with the
    list's own query)
    """
    client = _client(cast.clerk)

    def received_and_corrected(kind):
        old, old_copy = issue(cast)
        cast.advance(old_copy, Status.REGISTERED)
        correct(cast, old, kind)

    received_and_corrected(Kind.REVOKE)
    client.get(reverse(url_name), {"box": "open"})  # warm the session and caches

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(url_name), {"box": "open"})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for kind in (Kind.REVOKE, Kind.ABOLISH, Kind.AMEND, Kind.AMEND, Kind.REVOKE):
        received_and_corrected(kind)
    body = client.get(reverse(url_name), {"box": "open"}).content.decode()
    assert body.count("zs-correction-badge") == 6
    assert count() == one
    assert one <= 22  # with_correction_flags: three reads for the page, not per row


def test_the_old_copys_page_keeps_its_query_count_with_more_corrections(cast):
    old, old_copy = issue(cast)
    correct(cast, old, Kind.AMEND)
    client = _client(cast.clerk)
    client.get(old_copy.get_absolute_url())

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(old_copy.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    correct(cast, old, Kind.AMEND)
    correct(cast, old, Kind.ABOLISH)
    correct(cast, old, Kind.REVOKE)
    assert count() == one


# --- API -------------------------------------------------------------------------------------


def test_the_api_carries_the_same_information(cast):
    old, old_copy = issue(cast)
    abolition = correct(cast, old, Kind.ABOLISH)
    abolition_copy = copy_of(abolition)
    client = _client(cast.clerk)

    data = client.get(f"/api/incoming/{old_copy.pk}/").json()

    assert (data["revoked"], data["abolished"], data["amended"]) == (False, True, False)
    assert data["corrects_kind"] == ""
    [mark] = data["source_marks"]
    assert mark["kind"] == "abolish" and mark["effective_from"] == abolition.signed_on.isoformat()
    [event] = data["corrected_by"]
    assert event == {
        "kind": "abolish",
        "kind_label": "废止",
        "on": timezone.localdate().isoformat(),
        "effective_from": abolition.signed_on.isoformat(),
        "reason": "",
        "title": abolition.title,
        "title_hidden": False,
        "doc_number": abolition.doc_number,
        "incoming_id": abolition_copy.pk,
    }
    assert data["corrects"] is None

    back = client.get(f"/api/incoming/{abolition_copy.pk}/").json()
    assert back["corrects_kind"] == "abolish"
    assert back["corrects"]["incoming_id"] == old_copy.pk
    assert back["corrects"]["doc_number"] == old.doc_number
    assert back["corrected_by"] == []

    inbox = client.get("/api/incoming/", {"box": "pending"}).json()["items"]
    flags = {i["id"]: (i["abolished"], i["corrects_kind"]) for i in inbox}
    assert flags[old_copy.pk] == (True, "")
    assert flags[abolition_copy.pk] == (False, "abolish")


def test_the_api_hides_what_the_caller_may_not_open(cast):
    old, old_copy = issue(cast)
    cast.advance(old_copy, Status.PROPOSED)
    revocation = correct(cast, old, Kind.REVOKE, classification=Classification.CONFIDENTIAL)
    cast.leader.clearance = Classification.NONE
    cast.leader.save(update_fields=["clearance"])

    [event] = _client(cast.leader).get(f"/api/incoming/{old_copy.pk}/").json()["corrected_by"]

    assert event["title"] == "" and event["title_hidden"] is True
    assert event["doc_number"] == revocation.doc_number
    assert event["incoming_id"] is None
