"""What a clerk reads on the 发文 pages: who has the document now (one handler, the 会签 units,
the office pool), since when and until when, why it came back, a missing seal before 登记, and
dates written as 2026年11月27日 wherever a person reads them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.organs.factories import DepartmentFactory, PostFactory
from zhongshu.documents import services
from zhongshu.documents.models import OutgoingDocument
from zhongshu.organs.models import Role

Status = OutgoingDocument.Status


def _holders(client, document) -> str:
    text = client.get(f"/documents/{document.pk}/").content.decode()
    start = text.index('class="col-7 zs-holders"')
    return text[start : text.index("</dd>", start)]


def test_at_countersign_the_page_names_each_open_unit_and_person(cast, client, organ_a):
    finance = DepartmentFactory(organ=organ_a, name="财务处")
    head = PostFactory(
        department=finance, title="处长", holder__full_name="钱处长", roles=[Role.DEPARTMENT_HEAD]
    ).holder
    document = cast.advance(cast.draft(), Status.AUDIT)
    services.route_pass(
        document=document,
        actor=cast.director,
        next_handler=cast.leader,
        countersigns=[{"department": finance, "organ": None, "assignee": head}],
    )
    client.force_login(cast.drafter)

    holders = _holders(client, document)

    assert "财务处：钱处长" in holders


def test_at_register_the_page_names_the_office_people_who_may_take_it(cast, client):
    document = cast.advance(cast.draft(), Status.REGISTER)
    client.force_login(cast.drafter)

    holders = _holders(client, document)

    assert str(cast.clerk) in holders


def test_a_draft_is_with_its_drafter(cast, client):
    document = cast.draft()
    client.force_login(cast.drafter)

    assert str(cast.drafter) in _holders(client, document)


def test_the_list_says_who_takes_a_document_without_one_handler(cast, client):
    cast.advance(cast.draft(), Status.SEAL)
    client.force_login(cast.clerk)

    text = client.get("/documents/?box=all").content.decode()

    assert "本机关文书" in text


def _open_items(document):
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.flow.models import WorkItem

    return WorkItem.objects.filter(
        target_type=ContentType.objects.get_for_model(OutgoingDocument),
        target_id=document.pk,
        state=WorkItem.State.OPEN,
    )


def test_the_page_shows_since_when_and_the_deadline(cast, client):
    document = cast.advance(cast.draft(), Status.REVIEW)
    deadline = timezone.make_aware(dt.datetime(2026, 12, 3, 17, 0))
    OutgoingDocument.objects.filter(pk=document.pk).update(deadline=deadline)
    _open_items(document).update(deadline=None)  # no work item deadline: the document's
    client.force_login(cast.dept_head)

    text = client.get(f"/documents/{document.pk}/").content.decode()

    assert "送达本环节" in text
    assert "办理期限" in text
    assert "2026年12月3日 17:00" in text


def test_the_page_shows_the_deadline_of_the_open_work_item_and_that_it_is_overdue(cast, client):
    """The deadline lives on the work item (domain.md §8): the page shows it, marked overdue."""
    document = cast.advance(cast.draft(), Status.REVIEW)
    due = timezone.make_aware(dt.datetime(2026, 1, 5, 9, 30))
    _open_items(document).update(deadline=due)
    client.force_login(cast.drafter)

    text = client.get(f"/documents/{document.pk}/").content.decode()

    deadline = text[text.index('class="col-7 zs-deadline"') :]
    deadline = deadline[: deadline.index("</dd>")]
    assert "2026年1月5日 09:30" in deadline
    assert "已超期" in deadline


def test_a_returned_document_shows_who_returned_it_from_where_and_why(cast, client):
    """
    GIVEN a draft at 办公室审核
    WHEN the director returns it to 核稿 with a reason
    THEN the page of the 核稿 person says who returned it from which step and why
    """
    document = cast.advance(cast.draft(), Status.AUDIT)
    services.route_return(
        document=document, actor=cast.director, to_status=Status.REVIEW, reason="请补充依据。"
    )
    client.force_login(cast.dept_head)

    text = client.get(f"/documents/{document.pk}/").content.decode()

    assert "zs-last-return" in text
    assert "在“办公室审核”环节退回至“核稿”" in text
    assert "请补充依据。" in text
    assert str(cast.director) in text


def test_the_return_notice_goes_once_the_document_moves_on(cast, client):
    document = cast.advance(cast.draft(), Status.REVIEW)
    services.route_return(
        document=document, actor=cast.dept_head, to_status=Status.DRAFT, reason="请修改。"
    )
    services.route_submit(document=document, actor=cast.drafter, reviewer=cast.dept_head)
    client.force_login(cast.dept_head)

    assert "zs-last-return" not in client.get(f"/documents/{document.pk}/").content.decode()


def test_an_organ_without_a_seal_is_told_before_it_registers(cast, client, organ_a):
    document = cast.advance(cast.draft(), Status.REGISTER)
    organ_a.seal = ""
    organ_a.save(update_fields=["seal"])
    client.force_login(cast.clerk)

    text = client.get(f"/documents/{document.pk}/").content.decode()

    assert "zs-seal-missing" in text
    assert "尚未上传印章图片" in text


def test_an_unsealed_document_needs_no_seal_warning(cast, client, organ_a):
    document = cast.advance(cast.draft(sealed=False), Status.REGISTER)
    organ_a.seal = ""
    organ_a.save(update_fields=["seal"])
    client.force_login(cast.clerk)

    assert "zs-seal-missing" not in client.get(f"/documents/{document.pk}/").content.decode()


def test_the_list_and_the_register_write_dates_in_chinese(cast, client):
    document = cast.advance(cast.draft(), Status.SEAL)
    services.number_void(document=document, actor=cast.clerk, reason="登记错误")
    client.force_login(cast.clerk)
    today = timezone.localdate()
    chinese = f"{today.year}年{today.month}月{today.day}日"

    listing = client.get("/documents/?box=all").content.decode()
    register = client.get("/documents/numbers/").content.decode()

    assert chinese in listing
    assert today.isoformat() not in listing
    assert chinese in register
    assert today.isoformat() not in register


def test_a_countersign_opinion_follows_the_name_without_a_gap(cast, client, organ_a):
    finance = DepartmentFactory(organ=organ_a, name="财务处")
    head = PostFactory(
        department=finance, title="处长", holder__full_name="钱处长", roles=[Role.DEPARTMENT_HEAD]
    ).holder
    document = cast.advance(cast.draft(), Status.AUDIT)
    services.route_pass(
        document=document,
        actor=cast.director,
        next_handler=cast.leader,
        countersigns=[{"department": finance, "organ": None, "assignee": head}],
    )
    services.countersign_complete(document=document, actor=head, opinion="同意。")
    client.force_login(cast.drafter)

    text = client.get(f"/documents/{document.pk}/").content.decode()

    assert "钱处长：同意。" in text


def test_the_dispatch_receipts_write_the_signing_time_in_chinese(
    cast, client, organ_b_below_a, outsider
):
    """
    GIVEN a document dispatched to 乙县人民政府 in the deployment
    WHEN its clerk signs for it
    THEN the sender's page says who signed and when, as 2026年…日 HH:MM
    """
    from zhongshu.documents.incoming.models import IncomingDocument
    from zhongshu.documents.incoming.services import incoming_acknowledge

    document = cast.advance(cast.draft(), Status.DISPATCHED)
    landed = IncomingDocument.objects.get(dispatch_recipient__document=document)
    incoming_acknowledge(document=landed, actor=outsider)
    landed.refresh_from_db()
    client.force_login(cast.clerk)

    text = client.get(f"/documents/{document.pk}/").content.decode()

    when = timezone.localtime(landed.acknowledged_at)
    assert f"{when:%Y}年{when.month}月{when.day}日 {when:%H:%M}" in text
    assert f"{when:%Y-%m-%d %H:%M}" not in text


def test_the_return_form_has_no_preselected_step(cast, client):
    """A signer who clicks 退回 without choosing must not send the draft back to 拟稿 (and
    so past every approval) by default."""
    document = cast.advance(cast.draft(), Status.SIGN_OFF)
    client.force_login(cast.leader)

    text = client.get(f"/documents/{document.pk}/").content.decode()

    select = text[
        text.index('id="zs-return-to"') : text.index("</select>", text.index('id="zs-return-to"'))
    ]
    assert '<option value="">请选择退回的环节</option>' in select
    assert "selected" not in select
    response = client.post(
        f"/documents/{document.pk}/act/return/", {"to_status": "", "reason": "再议"}, follow=True
    )
    document.refresh_from_db()
    assert document.status == Status.SIGN_OFF
    assert "只能退回到" in response.content.decode()


def test_a_return_from_seal_says_the_number_will_be_voided(cast, client):
    document = cast.advance(cast.draft(), Status.SEAL)
    client.force_login(cast.clerk)

    text = client.get(f"/documents/{document.pk}/").content.decode()

    assert "zs-return-voids" in text
    assert f"退回后文号“{document.doc_number}”作废" in text


def test_the_seal_refusal_says_whom_to_ask(cast, client, organ_a):
    document = cast.advance(cast.draft(), Status.SEAL)
    organ_a.seal = ""
    organ_a.save(update_fields=["seal"])
    client.force_login(cast.clerk)

    response = client.post(f"/documents/{document.pk}/act/seal/", follow=True)

    assert response.status_code == 200
    assert "请联系系统管理员" in response.content.decode()


def test_the_missing_seal_is_told_to_the_office_not_to_the_signer(cast, client, organ_a):
    document = cast.advance(cast.draft(), Status.RECHECK)
    organ_a.seal = ""
    organ_a.save(update_fields=["seal"])

    client.force_login(cast.leader)
    signer_page = client.get(f"/documents/{document.pk}/").content.decode()
    client.force_login(cast.director)
    office_page = client.get(f"/documents/{document.pk}/").content.decode()

    assert "zs-seal-missing" not in signer_page
    assert "zs-seal-missing" in office_page


def test_a_clerk_with_one_step_to_take_is_not_told_there_is_nothing_to_do(cast, client):
    """At 登记 the clerk sees 登记并编号 alone; the page said 当前环节无需您办理 under it."""
    document = cast.advance(cast.draft(), Status.REGISTER)
    client.force_login(cast.clerk)

    text = client.get(f"/documents/{document.pk}/").content.decode()

    assert "登记并编号" in text
    assert "当前环节无需您办理" not in text


def test_a_reader_is_told_there_is_nothing_to_do(cast, client):
    document = cast.advance(cast.draft(), Status.REVIEW)
    client.force_login(cast.director)

    text = client.get(f"/documents/{document.pk}/").content.decode()

    assert "当前环节无需您办理" in text


def test_a_return_from_dispatch_says_the_number_was_voided(cast, client):
    document = cast.advance(cast.draft(), Status.DISPATCH)
    number = document.doc_number
    client.force_login(cast.clerk)

    response = client.post(
        f"/documents/{document.pk}/act/return/",
        {"to_status": Status.REGISTER, "reason": "份数有误"},
        follow=True,
    )

    document.refresh_from_db()
    assert document.status == Status.REGISTER
    assert f"公文已退回，文号“{number}”已作废" in response.content.decode()


def test_an_upward_draft_shows_where_its_signer_will_stand(cast, client):
    """GB/T 9704 §7.2.6: a 上行文 carries 签发人 beside its number; before 签发 the page
    says it comes with the sign-off, as it does for the number."""
    upward = cast.draft(direction="上行文")
    downward = cast.draft()
    client.force_login(cast.drafter)

    assert "签发人：（签发后填入）" in client.get(f"/documents/{upward.pk}/").content.decode()
    assert "zs-signer-pending" not in client.get(f"/documents/{downward.pk}/").content.decode()


def test_a_classified_document_offers_no_word_link_that_would_be_refused(cast, client):
    from zhongshu.organs.models import Classification

    for person in (cast.drafter, cast.dept_head, cast.director, cast.clerk, cast.leader):
        person.clearance = Classification.SECRET
        person.save(update_fields=["clearance"])
    document = cast.advance(
        cast.draft(classification="秘密", classification_period="1年"), Status.DISPATCH
    )
    client.force_login(cast.clerk)

    text = client.get(f"/documents/{document.pk}/").content.decode()

    assert f'href="/documents/{document.pk}/files/docx/"' not in text
    assert f'href="/documents/{document.pk}/files/pdf/"' in text
    assert "涉密公文只提供加注水印的 PDF" in text
    assert client.get(f"/documents/{document.pk}/files/docx/").status_code == 403
