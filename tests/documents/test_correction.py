"""更正: an issued document never changes; a correction is a new document (修改/撤销/废止).

The correction is a draft linked to the old document, prefilled, and runs the whole route; its
核发 marks the old one (撤销/废止 through the archive's DocumentStatusMark, in the same
transaction). Both pages show the link.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tests.documents.conftest import content
from tests.organs.factories import PostFactory
from zhongshu.audit.models import AuditEvent
from zhongshu.documents import services
from zhongshu.documents.archive.models import DocumentStatusMark
from zhongshu.documents.models import OutgoingDocument
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.models import Role

Status = OutgoingDocument.Status
Kind = OutgoingDocument.CorrectionKind


@pytest.fixture
def issued(cast, outsider):
    """Dispatched to 乙县人民政府 (the outsider is one of its receiving clerks)."""
    doc = cast.draft(cc_recipients=["丙市人民政府"])
    return cast.advance(doc, Status.DISPATCHED)


def _correct(issued, actor, kind):
    return services.correction_create(document=issued, actor=actor, kind=kind)


# --- the draft -------------------------------------------------------------------------------


def test_a_revocation_is_a_notice_citing_the_old_number_to_the_same_recipients(cast, issued):
    draft = _correct(issued, cast.drafter, Kind.REVOKE)

    assert draft.status == Status.DRAFT
    assert draft.corrects == issued
    assert draft.correction_kind == Kind.REVOKE
    assert draft.drafter == cast.drafter
    assert draft.organ == issued.organ
    assert draft.doc_type == "通知"
    assert draft.title == f"甲市人民政府关于撤销《{issued.title}》的通知"
    assert draft.content["primary_recipients"] == ["乙县人民政府"]
    assert draft.content["cc_recipients"] == ["丙市人民政府"]
    body = " ".join(p["text"] for p in draft.content["body"])
    assert issued.doc_number in body
    assert "撤销" in body
    assert draft.doc_number == ""
    assert draft.content["doc_number"] == ""
    assert draft.content["date"] is None


def test_an_abolition_says_abolish(cast, issued):
    draft = _correct(issued, cast.drafter, Kind.ABOLISH)

    assert draft.title == f"甲市人民政府关于废止《{issued.title}》的通知"
    assert "废止" in draft.content["body"][0]["text"]
    assert issued.doc_number in draft.content["body"][0]["text"]


def test_an_amendment_copies_the_text_without_number_date_and_signers(cast, issued):
    draft = _correct(issued, cast.drafter, Kind.AMEND)

    assert draft.title == issued.title
    assert draft.content["body"] == issued.content["body"]
    assert draft.content["primary_recipients"] == issued.content["primary_recipients"]
    assert draft.content["doc_number"] == ""
    assert draft.content["date"] is None
    assert draft.content["print_date"] is None
    assert all(not i["signers"] for i in draft.content["issuers"])
    assert issued.content["doc_number"]  # the old one never changes


def test_creating_the_correction_is_audited(cast, issued):
    draft = _correct(issued, cast.clerk, Kind.AMEND)

    event = AuditEvent.objects.filter(action="outgoing_correction_create").get()
    assert event.actor == cast.clerk
    assert event.extra["corrects"] == issued.pk
    assert event.extra["kind"] == "amend"
    assert event.object_id == str(draft.pk) or int(event.object_id) == draft.pk


def test_the_correction_runs_the_whole_route(cast, issued):
    draft = _correct(issued, cast.drafter, Kind.AMEND)

    cast.advance(draft, Status.DISPATCHED)

    assert draft.status == Status.DISPATCHED
    assert draft.doc_number != issued.doc_number
    assert {s.step for s in draft.steps.all()} >= {Status.DRAFT, Status.SIGN_OFF, Status.SEAL}


# --- refusals --------------------------------------------------------------------------------


def test_only_a_dispatched_document_may_be_corrected(cast):
    doc = cast.advance(cast.draft(), Status.DISPATCH)

    with pytest.raises(ApplicationError, match="只有已核发的公文才能起草更正文件"):
        _correct(doc, cast.drafter, Kind.AMEND)
    assert not OutgoingDocument.objects.filter(corrects=doc).exists()


def test_an_unknown_kind_is_refused(cast, issued):
    with pytest.raises(ValidationError, match="请选择更正方式"):
        _correct(issued, cast.drafter, "rewrite")


def test_people_who_cannot_draft_for_the_organ_are_refused(cast, issued, outsider):
    for person in (cast.director, cast.leader, cast.principal, outsider):
        with pytest.raises(PermissionDenied):
            _correct(issued, person, Kind.REVOKE)
    assert not OutgoingDocument.objects.filter(corrects=issued).exists()


def test_a_revoked_document_is_not_corrected_again(cast, issued):
    revocation = cast.advance(_correct(issued, cast.drafter, Kind.REVOKE), Status.DISPATCHED)
    assert revocation.status == Status.DISPATCHED

    with pytest.raises(ApplicationError, match="已撤销"):
        _correct(issued, cast.drafter, Kind.AMEND)


def test_an_abolished_document_may_still_be_revoked_but_not_amended(cast, issued):
    cast.advance(_correct(issued, cast.drafter, Kind.ABOLISH), Status.DISPATCHED)

    with pytest.raises(ApplicationError, match="只能再撤销"):
        _correct(issued, cast.drafter, Kind.AMEND)
    assert _correct(issued, cast.drafter, Kind.REVOKE).correction_kind == Kind.REVOKE


def test_the_database_refuses_a_link_without_its_kind(cast, issued):
    draft = _correct(issued, cast.drafter, Kind.AMEND)

    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingDocument.objects.filter(pk=draft.pk).update(correction_kind="")


# --- the mark at 核发 ------------------------------------------------------------------------


def test_dispatching_a_revocation_marks_the_old_document_from_its_own_date(cast, issued):
    """GIVEN a revocation of an issued document
    WHEN the revocation is dispatched
    THEN the old document carries a 撤销 mark from its own date, by the dispatcher, citing the
    new title and number; the old document itself is unchanged."""
    before = dict(issued.content)
    revocation = _correct(issued, cast.drafter, Kind.REVOKE)

    cast.advance(revocation, Status.DISPATCHED)

    mark = DocumentStatusMark.objects.get(outgoing=issued)
    assert mark.kind == DocumentStatusMark.Kind.REVOKE
    assert mark.effective_from == issued.signed_on
    assert mark.actor == cast.clerk
    assert mark.reason == f"由《{revocation.title}》（{revocation.doc_number}）撤销"
    issued.refresh_from_db()
    assert issued.content == before
    assert issued.status == Status.DISPATCHED
    event = AuditEvent.objects.filter(action="outgoing_dispatch").latest("id")
    assert event.extra["corrects"] == issued.pk
    assert event.extra["status_mark"] == mark.pk
    assert AuditEvent.objects.filter(action="document_revoke").exists()


def test_dispatching_an_abolition_marks_the_old_document_from_the_new_date(cast, issued):
    abolition = _correct(issued, cast.drafter, Kind.ABOLISH)

    cast.advance(abolition, Status.DISPATCHED)

    mark = DocumentStatusMark.objects.get(outgoing=issued)
    assert mark.kind == DocumentStatusMark.Kind.ABOLISH
    assert mark.effective_from == abolition.signed_on
    assert "废止" in mark.reason
    assert abolition.doc_number in mark.reason


def test_an_amendment_leaves_no_mark_only_the_link(cast, issued):
    amendment = cast.advance(_correct(issued, cast.drafter, Kind.AMEND), Status.DISPATCHED)

    assert not DocumentStatusMark.objects.filter(outgoing=issued).exists()
    assert list(issued.corrections.all()) == [amendment]


def test_an_existing_mark_is_not_doubled(cast, issued):
    """GIVEN a revocation on its route
    WHEN the office director marks the old document revoked by hand meanwhile
    THEN the revocation's 核发 leaves that one mark alone."""
    revocation = _correct(issued, cast.drafter, Kind.REVOKE)
    DocumentStatusMark.objects.create(
        kind=DocumentStatusMark.Kind.REVOKE,
        outgoing=issued,
        reason="办公室主任标记",
        effective_from=date(2026, 1, 1),
        actor=cast.director,
        at=issued.dispatched_at,
    )

    cast.advance(revocation, Status.DISPATCHED)

    assert DocumentStatusMark.objects.filter(outgoing=issued).count() == 1


def test_a_withdrawn_correction_marks_nothing(cast, issued):
    revocation = _correct(issued, cast.drafter, Kind.REVOKE)

    services.route_withdraw(document=revocation, actor=cast.drafter, reason="不再撤销")

    assert not DocumentStatusMark.objects.filter(outgoing=issued).exists()


# --- the pages and the API -------------------------------------------------------------------


def test_the_page_offers_the_correction_to_a_drafter_of_the_organ_only(cast, issued, client):
    client.force_login(cast.drafter)
    assert 'id="zs-correct-form"' in client.get(f"/documents/{issued.pk}/").content.decode()

    client.force_login(cast.director)
    assert 'id="zs-correct-form"' not in client.get(f"/documents/{issued.pk}/").content.decode()


def test_the_page_creates_the_correction_and_goes_to_its_editor(cast, issued, client):
    client.force_login(cast.drafter)

    response = client.post(f"/documents/{issued.pk}/correct/", {"kind": "revoke"})

    draft = OutgoingDocument.objects.get(corrects=issued)
    assert response.status_code == 302
    assert response["Location"] == f"/documents/{draft.pk}/edit/"


def test_the_page_refuses_a_bad_kind_with_a_message_and_creates_nothing(cast, issued, client):
    client.force_login(cast.drafter)

    response = client.post(f"/documents/{issued.pk}/correct/", {"kind": "x"}, follow=True)

    assert "请选择更正方式" in response.content.decode()
    assert not OutgoingDocument.objects.filter(corrects=issued).exists()


def test_the_page_refuses_an_undispatched_document_with_a_message(cast, client):
    doc = cast.advance(cast.draft(), Status.SEAL)
    client.force_login(cast.drafter)

    response = client.post(f"/documents/{doc.pk}/correct/", {"kind": "amend"}, follow=True)

    assert "只有已核发的公文才能起草更正文件" in response.content.decode()
    assert not OutgoingDocument.objects.filter(corrects=doc).exists()


def test_both_pages_show_the_link_to_each_other(cast, issued, client):
    revocation = cast.advance(_correct(issued, cast.drafter, Kind.REVOKE), Status.DISPATCHED)
    client.force_login(cast.drafter)

    old_page = client.get(f"/documents/{issued.pk}/").content.decode()
    new_page = client.get(f"/documents/{revocation.pk}/").content.decode()

    assert f"本文已被《{revocation.title}》（{revocation.doc_number}）撤销" in old_page
    assert f'href="/documents/{revocation.pk}/"' in old_page
    assert f"更正《{issued.title}》（{issued.doc_number}）" in new_page
    assert f'href="/documents/{issued.pk}/"' in new_page


def test_the_revoked_page_tells_the_revocation_once_with_its_link_and_effect(cast, issued, client):
    """The mark the correction left is told in the correction's banner, not in a second one;
    a mark the office made by hand keeps its own banner (tested with the marks app)."""
    revocation = cast.advance(_correct(issued, cast.drafter, Kind.REVOKE), Status.DISPATCHED)
    client.force_login(cast.drafter)

    page = client.get(f"/documents/{issued.pk}/").content.decode()

    assert page.count("zs-corrected-by") == 1
    assert "zs-status-mark" not in page
    banner = page.split("zs-corrected-by", 1)[1].split("</div>", 1)[0]
    assert "本文自始无效" in banner and f'href="/documents/{revocation.pk}/"' in banner


def test_a_mark_made_by_hand_keeps_its_own_banner(cast, issued, client):
    from zhongshu.documents.archive.services import document_mark

    document_mark(actor=cast.director, kind="revoke", reason="内容与上位法相抵触", outgoing=issued)
    client.force_login(cast.drafter)

    page = client.get(f"/documents/{issued.pk}/").content.decode()

    assert "zs-corrected-by" not in page
    banner = page.split("zs-status-mark", 1)[1].split("</div>", 1)[0]
    assert "本文自始无效" in banner and "内容与上位法相抵触" in banner


def test_a_correction_on_its_route_shows_only_to_those_who_see_it(cast, issued, client, outsider):
    revocation = _correct(issued, cast.drafter, Kind.REVOKE)

    client.force_login(cast.drafter)
    assert "正在办理" in client.get(f"/documents/{issued.pk}/").content.decode()
    client.force_login(outsider)  # a receiving clerk of the old document
    response = client.get(f"/documents/{issued.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count(revocation.title) == 0


def test_the_receiver_sees_the_issued_correction_without_a_link_it_may_not_open(
    cast, issued, client, outsider
):
    revocation = _correct(issued, cast.drafter, Kind.REVOKE)
    revocation.content["primary_recipients"] = ["丁县人民政府"]
    services.draft_update(document=revocation, actor=cast.drafter, content=revocation.content)
    cast.advance(revocation, Status.DISPATCHED)
    client.force_login(outsider)

    page = client.get(f"/documents/{issued.pk}/").content.decode()

    assert f"本文已被《{revocation.title}》（{revocation.doc_number}）撤销" in page
    assert f'href="/documents/{revocation.pk}/"' not in page


def test_the_api_creates_the_correction(cast, issued, client):
    client.force_login(cast.clerk)

    response = client.post(
        f"/api/documents/{issued.pk}/correct", {"kind": "abolish"}, "application/json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["corrects_id"] == issued.pk
    assert body["correction_kind"] == "abolish"
    assert body["status"] == "draft"
    detail = client.get(f"/api/documents/{issued.pk}").json()
    assert detail["corrected_by"][0]["id"] == body["id"]


def test_the_api_refusals_are_messages(cast, issued, client, outsider):
    client.force_login(cast.clerk)
    bad = client.post(f"/api/documents/{issued.pk}/correct", {"kind": "x"}, "application/json")
    client.force_login(cast.director)
    denied = client.post(
        f"/api/documents/{issued.pk}/correct", {"kind": "amend"}, "application/json"
    )

    assert bad.status_code == 400
    assert "请选择更正方式" in bad.json()["message"]
    assert denied.status_code == 403
    assert "拟稿人" in denied.json()["message"]
    assert not OutgoingDocument.objects.filter(corrects=issued).exists()


def test_a_person_of_another_organ_who_cannot_see_it_gets_404(cast, issued, client, organ_b):
    stranger = PostFactory(department__organ=organ_b, roles=[Role.DRAFTER]).holder
    client.force_login(stranger)

    page = client.post(f"/documents/{issued.pk}/correct/", {"kind": "amend"})
    api = client.post(f"/api/documents/{issued.pk}/correct", {"kind": "amend"}, "application/json")

    assert page.status_code == 404
    assert api.status_code == 404


def test_a_draft_from_content_is_unaffected(cast):
    doc = services.draft_create(actor=cast.drafter, content=content())

    assert doc.corrects is None
    assert doc.correction_kind == ""


def test_the_page_of_a_revoked_document_offers_no_correction_and_says_void_from_the_start(
    cast, issued, client
):
    """
    GIVEN an issued document revoked by a dispatched revocation
    WHEN its drafter opens it
    THEN the mark says it is void from the start (not "from" a date) and no 起草更正文件 button
    is offered that could only be refused
    """
    cast.advance(_correct(issued, cast.drafter, Kind.REVOKE), Status.DISPATCHED)
    client.force_login(cast.drafter)

    text = client.get(f"/documents/{issued.pk}/").content.decode()

    assert "本文自始无效" in text
    assert 'id="zs-correct-form"' not in text


def test_the_page_of_an_abolished_document_offers_only_the_revocation(cast, issued, client):
    abolition = cast.advance(_correct(issued, cast.drafter, Kind.ABOLISH), Status.DISPATCHED)
    client.force_login(cast.drafter)

    text = client.get(f"/documents/{issued.pk}/").content.decode()

    form = text[
        text.index('id="zs-correct-form"') : text.index(
            "</form>", text.index('id="zs-correct-form"')
        )
    ]
    assert 'value="revoke"' in form
    assert 'value="amend"' not in form
    assert 'value="abolish"' not in form
    day = abolition.signed_on
    assert f"自 {day.year}年{day.month}月{day.day}日 起失效" in text


def test_the_editor_of_a_correction_says_what_it_corrects(cast, issued, client):
    draft = _correct(issued, cast.drafter, Kind.ABOLISH)
    client.force_login(cast.drafter)

    text = client.get(f"/documents/{draft.pk}/edit/").content.decode()

    assert f"本文是废止《{issued.title}》（{issued.doc_number}）的更正文件" in text


def test_a_revoked_document_carries_the_mark_beside_its_status(cast, issued, client):
    cast.advance(_correct(issued, cast.drafter, Kind.REVOKE), Status.DISPATCHED)
    client.force_login(cast.drafter)

    text = client.get(f"/documents/{issued.pk}/").content.decode()

    assert 'zs-mark-badge">已撤销</span>' in text
