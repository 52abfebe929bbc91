"""The ordered chooser of the 收文 page in a real browser: the 办公室主任 ticks the leaders for
批示 one after another and sees each one's place; unticking closes the gap; the order of
ticking, not the order of the list, is the order the leaders get the document."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_incoming_flow import _as
from tests.incoming.conftest import content, leader, make_recipient  # noqa: F401 (fixture)
from zhongshu.documents.incoming import services
from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.documents.models import OutgoingDocument

Status = IncomingDocument.Status


def _screened(organ_a, outsider, clerk) -> IncomingDocument:
    post = outsider.posts.first()
    data = content()
    outgoing = OutgoingDocument.objects.create(
        organ=post.department.organ,
        department=post.department,
        drafter=outsider,
        content=data,
        title=data["title"],
        doc_type=data["doc_type"],
        status=OutgoingDocument.Status.DISPATCHED,
        doc_number=data["doc_number"],
        signed_on=timezone.localdate(),
        dispatched_at=timezone.now(),
    )
    doc = services.incoming_receive_dispatch(
        recipient=make_recipient(outgoing, organ_a), actor=outsider
    )
    services.incoming_acknowledge(document=doc, actor=clerk)
    services.incoming_register(document=doc, actor=clerk)
    services.incoming_screen(document=doc, actor=clerk)
    return doc


def test_the_director_ticks_leaders_in_order_and_sees_each_ones_place(
    request, page, live_server, organ_a, outsider, clerk, director, principal
):
    leader = request.getfixturevalue("leader")  # noqa: F811 (the deputy, a fixture)
    doc = _screened(organ_a, outsider, clerk)
    _as(page, live_server.url, director)
    page.goto(doc.get_absolute_url())
    form = page.locator('form[action$="/act/propose/"]')
    chooser = form.locator(".zs-ordered-people")

    def place(person):
        return chooser.locator("label", has_text=person.full_name).locator(".zs-op-place")

    form.locator('[name="opinion"]').fill("请吴副市长、王市长依次阅示")
    chooser.get_by_label(leader.full_name).check()
    chooser.get_by_label(principal.full_name).check()
    expect(place(leader)).to_have_text("1")
    expect(place(principal)).to_have_text("2")
    expect(chooser.locator(".zs-op-summary")).to_contain_text(
        f"1. {leader.full_name} → 2. {principal.full_name}"
    )

    # unticking the first moves the second up; ticking again puts it last
    chooser.get_by_label(leader.full_name).uncheck()
    expect(place(principal)).to_have_text("1")
    expect(place(leader)).to_be_hidden()
    chooser.get_by_label(leader.full_name).check()
    expect(place(leader)).to_have_text("2")

    form.locator('button[type="submit"]').click()
    expect(page.locator(".alert-success").first).to_be_visible()

    doc.refresh_from_db()
    assert doc.status == Status.PROPOSED
    assert list(doc.instructions.order_by("order").values_list("leader_id", flat=True)) == [
        principal.pk,
        leader.pk,
    ]
