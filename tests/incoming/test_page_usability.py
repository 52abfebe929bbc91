"""What a clerk, a director and a leader need from the item page and the lists: what they typed
survives a refusal, people are chosen in order, the page says who has the document now and what
waits (also when the organ has nobody to file it), one reply, and dates as people read them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.incoming.conftest import delegate
from tests.organs.factories import DepartmentFactory, OrganFactory, PostFactory
from zhongshu.documents.archive.models import ArchiveItem
from zhongshu.documents.incoming import permissions, selectors, services
from zhongshu.documents.incoming.models import CirculationReader, IncomingDocument
from zhongshu.flow.models import WorkItem
from zhongshu.lib.errors import ApplicationError
from zhongshu.notifications.models import Notification
from zhongshu.organs.models import Organ, PostRole, Role

Status = IncomingDocument.Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_refused_instruction_comes_back_with_what_the_leader_typed(cast):
    """
    GIVEN a document waiting for the leader's 批示
    WHEN he writes a long 批示 and a 督办 task with an unreadable deadline
    THEN the page comes back with the reason and his 批示 and task as typed, and nothing is saved
    """
    doc = cast.advance(cast.receive(), Status.PROPOSED)
    text = "同意。请综合处牵头，会同法规处制定具体方案，确保按时高质量完成。"

    response = _client(cast.leader).post(
        reverse("incoming:act", args=[doc.pk, "instruct"]),
        {"text": text, "task_content": "制定方案", "task_deadline": "下周五"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "时间格式无效" in body
    assert f">{text}</textarea>" in body
    assert 'value="制定方案"' in body
    assert not doc.instructions.filter(at__isnull=False).exists()


def test_a_refused_circulation_keeps_the_purpose_the_mode_and_the_readers_in_order(cast):
    doc = cast.advance(cast.receive(), Status.REGISTERED)

    response = _client(cast.clerk).post(
        reverse("incoming:act", args=[doc.pk, "circulate"]),
        {
            "purpose": " ",  # refused: no purpose
            "reader": [str(cast.director.pk), str(cast.principal.pk)],
            "reader_order": f"{cast.principal.pk},{cast.director.pk}",
            "mode": "parallel",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert not doc.circulations.exists()
    assert f'name="reader_order" value="{cast.principal.pk},{cast.director.pk}"' in body
    assert f'name="reader" value="{cast.director.pk}" checked' in body
    assert '<option value="parallel" selected>' in body


def test_readers_and_leaders_are_taken_in_the_order_they_were_ticked(cast):
    doc = cast.advance(cast.receive(), Status.SCREENED)

    _client(cast.director).post(
        reverse("incoming:act", args=[doc.pk, "propose"]),
        {
            "opinion": "请领导阅示",
            # the boxes come in list order; the order of ticking is the deputy first
            "leader": [str(cast.principal.pk), str(cast.leader.pk)],
            "leader_order": f"{cast.leader.pk},{cast.principal.pk}",
            "mode": "sequential",
        },
    )
    _client(cast.clerk).post(
        reverse("incoming:act", args=[doc.pk, "circulate"]),
        {
            "purpose": "请阅",
            "reader": [str(cast.director.pk), str(cast.clerk.pk), str(cast.head_law.pk)],
            "reader_order": f"{cast.head_law.pk},{cast.director.pk}",  # clerk ticked w/o script
            "mode": "sequential",
        },
    )

    leaders = list(doc.instructions.order_by("order").values_list("leader_id", flat=True))
    assert leaders == [cast.leader.pk, cast.principal.pk]
    readers = list(
        CirculationReader.objects.filter(circulation__document=doc)
        .order_by("position")
        .values_list("person_id", flat=True)
    )
    assert readers == [cast.head_law.pk, cast.director.pk, cast.clerk.pk]


def test_the_chooser_lists_every_eligible_reader_once_instead_of_eight_boxes(cast):
    doc = cast.advance(cast.receive(), Status.REGISTERED)

    body = _client(cast.clerk).get(doc.get_absolute_url()).content.decode()

    assert 'name="reader_1"' not in body
    assert body.count(f'name="reader" value="{cast.director.pk}"') == 1
    assert "incoming/ordered_people.js" in body


def test_the_page_says_who_holds_the_document_now_and_until_when(cast):
    doc = cast.advance(cast.receive(), Status.PROPOSED)

    body = _client(cast.clerk).get(doc.get_absolute_url()).content.decode()

    assert "当前在办" in body
    holders = body[body.index("zs-holders") : body.index("办理时限")]
    assert "批示" in holders and str(cast.leader) in holders


def test_after_the_reply_the_form_is_gone_and_a_second_reply_is_refused(cast):
    doc = cast.advance(cast.receive(), Status.CLOSED)
    services.incoming_reply(document=doc, actor=cast.clerk, text="已部署落实")
    clerk = _client(cast.clerk)

    body = clerk.get(doc.get_absolute_url()).content.decode()
    assert reverse("incoming:act", args=[doc.pk, "reply"]) not in body
    assert "已部署落实" in body

    response = clerk.post(reverse("incoming:act", args=[doc.pk, "reply"]), {"text": "再答复一次"})
    assert response.status_code == 403
    assert "不再重复答复" in response.content.decode()
    api = clerk.post(
        reverse("api:incoming_act", args=[doc.pk, "reply"]),
        data={"text": "再答复一次"},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert "不再重复答复" in api.json()["message"]
    with pytest.raises(ApplicationError, match="不再重复答复"):
        services.incoming_reply(document=doc, actor=cast.clerk, text="再答复一次")
    assert doc.replies.count() == 1


def test_a_closed_document_of_an_organ_without_an_archivist_says_what_to_do(cast):
    doc = cast.advance(cast.receive(), Status.CLOSED)

    body = _client(cast.clerk).get(doc.get_absolute_url()).content.decode()

    assert "本机关尚未设档案员" in body
    assert "档案员" in body and "系统管理员" in body

    cast.archivist()
    body = _client(cast.clerk).get(doc.get_absolute_url()).content.decode()
    assert "本机关尚未设档案员" not in body
    assert "待本机关档案员归档" in body


def test_the_archivist_files_from_the_page_and_comes_back_to_it(cast):
    doc = cast.advance(cast.receive(), Status.CLOSED)
    archivist = _client(cast.archivist())

    body = archivist.get(doc.get_absolute_url()).content.decode()
    assert "当前没有需要您办理的环节" not in body  # the filing form is there

    response = archivist.post(
        reverse("archive:file", args=["incoming", doc.pk]),
        {"organ": doc.organ_id, "class_code": "BGS", "back": "document"},
    )

    assert response.status_code == 302
    assert response["Location"] == doc.get_absolute_url()
    assert ArchiveItem.objects.filter(incoming=doc).exists()


def test_the_inbox_opens_on_the_work_in_hand_when_nothing_waits_to_be_signed_for(cast):
    doc = cast.advance(cast.receive(), Status.REGISTERED)

    response = _client(cast.clerk).get(reverse("incoming:inbox"))

    assert response.context["box"] == "open"
    assert doc.title in response.content.decode()
    cast.receive(title="乙县人民政府关于另一事项的通知")
    assert _client(cast.clerk).get(reverse("incoming:inbox")).context["box"] == "pending"


def test_lists_give_dates_as_people_read_them(cast):
    doc = cast.advance(cast.receive(), Status.REGISTERED)
    task = cast.task()
    day = timezone.localtime(doc.created_at)
    expected = f"{day.year}年{day.month}月{day.day}日"
    clerk = _client(cast.clerk)

    for url in (
        reverse("incoming:inbox") + "?box=open",
        reverse("incoming:register") + f"?organ={doc.organ_id}&year={day.year}",
    ):
        body = clerk.get(url).content.decode()
        assert expected in body, url
        assert day.strftime("%Y-%m-%d %H:%M") not in body, url
    tasks = clerk.get(reverse("incoming:tasks")).content.decode()
    due = timezone.localtime(task.deadline)
    assert f"{due.year}年{due.month}月{due.day}日" in tasks


def test_the_register_opens_on_the_organ_that_keeps_registered_items(cast):
    """A 市委办公室 clerk also keeps the 市委's register; it opens on the one with items."""
    parent = OrganFactory(name="甲市委员会", short_name="甲市委", org_code="甲发")
    Organ.objects.filter(pk=cast.organ.pk).update(sort_order=parent.sort_order + 1)
    PostFactory(
        department=DepartmentFactory(organ=parent, name="办公室", is_office=True),
        holder=cast.clerk,
        title="文书",
        roles=[Role.CLERK],
    )
    doc = cast.advance(cast.receive(), Status.REGISTERED)

    response = _client(cast.clerk).get(reverse("incoming:register"))

    assert response.context["organs"][0].pk == parent.pk
    assert response.context["organ"].pk == doc.organ_id
    assert doc.receipt_number in response.content.decode()


def test_a_refused_registration_keeps_the_deadline_typed(cast):
    doc = cast.receive(urgency=IncomingDocument.Urgency.URGENT)
    services.incoming_acknowledge(document=doc, actor=cast.clerk)
    deadline = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = _client(cast.clerk).post(
        reverse("incoming:act", args=[doc.pk, "register"]), {"deadline": deadline, "chaser": ""}
    )

    doc.refresh_from_db()
    assert doc.status == Status.ACKNOWLEDGED  # an urgent document needs its 催办责任人
    assert f'value="{deadline}"' in response.content.decode()


def test_a_refused_paper_registration_says_the_scan_must_be_chosen_again(cast):
    scan = SimpleUploadedFile("扫描件.pdf", b"%PDF-1.4 paper", content_type="application/pdf")

    response = _client(cast.clerk).post(
        reverse("incoming:external"),
        {
            "organ": cast.organ.pk,
            "sender_name": "省政府办公厅",
            "title": "省政府办公厅关于某事项的通知",
            "classification": "0",
            "copies": "0",
            "scan": scan,
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "份数至少为 1" in body
    assert "扫描件“扫描件.pdf”未保存" in body
    assert 'value="省政府办公厅关于某事项的通知"' in body
    assert not IncomingDocument.objects.exists()


def test_a_secretary_sees_whom_she_instructs_for_before_she_writes(cast, office_a):
    secretary = PostFactory(
        department=office_a, title="秘书", holder__full_name="郑秘书", roles=[Role.SECRETARY]
    ).holder
    delegate(cast.leader, secretary)
    doc = cast.advance(cast.receive(), Status.PROPOSED)

    secretary_page = _client(secretary).get(doc.get_absolute_url()).content.decode()
    leader_page = _client(cast.leader).get(doc.get_absolute_url()).content.decode()

    assert "您受 吴副市长 委托代为批示，将记为“郑秘书 代 吴副市长”" in secretary_page
    assert "委托代为批示" not in leader_page


def test_an_overdue_step_is_marked_where_the_page_says_who_has_it(cast):
    doc = cast.advance(cast.receive(), Status.PROPOSED)
    WorkItem.objects.filter(target_id=doc.pk, state=WorkItem.State.OPEN).update(
        deadline=timezone.now() - timedelta(hours=2)
    )

    body = _client(cast.clerk).get(doc.get_absolute_url()).content.decode()

    holders = body[body.index("zs-holders") : body.index("办理时限")]
    assert "已超期" in holders


def test_the_clerk_who_holds_the_step_herself_does_not_chase_herself(cast):
    doc = cast.advance(cast.receive(), Status.REGISTERED)  # 初审: pooled to the office clerks
    holders = {p for h in selectors.incoming_holders(document=doc) for p in h["people"]}
    assert cast.clerk in holders

    others = holders - {cast.clerk}
    if others:
        assert set(services.incoming_chase(document=doc, actor=cast.clerk)) == others
    else:
        assert permissions.Action.CHASE not in permissions.allowed_actions(cast.clerk, doc)
        with pytest.raises(PermissionDenied, match="在您本人处"):
            services.incoming_chase(document=doc, actor=cast.clerk)
    assert not Notification.objects.filter(recipient=cast.clerk, title__startswith="催办").exists()


def test_a_refused_abolition_comes_back_with_the_reason_typed_and_says_the_date_is_needed(cast):
    doc = cast.advance(cast.receive(), Status.CLOSED)

    response = _client(cast.director).post(
        reverse("archive:mark", args=["incoming", doc.pk]),
        {"mark": "abolish", "reason": "来文单位函告已被新文件替代", "effective_from": ""},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "失效日期" in body and "废止时必填" in body
    assert 'value="来文单位函告已被新文件替代"' in body
    assert '<option value="abolish" selected>' in body


def test_the_register_pages_through_more_than_fifty_items_keeping_its_filters(cast):
    first = cast.advance(cast.receive(), Status.REGISTERED)
    template = IncomingDocument.objects.filter(pk=first.pk).values()[0]
    for n in range(2, 53):  # copies of the registered row, each with its own 收文号
        row = {
            **template,
            "dispatch_recipient_id": None,
            "source": IncomingDocument.Source.EXTERNAL,
            "receipt_number": f"甲收〔2026〕{n}号",
            "receipt_seq": n,
        }
        IncomingDocument.objects.create(**{k: v for k, v in row.items() if k != "id"})
    url = reverse("incoming:register") + f"?organ={first.organ_id}&status=registered"

    body = _client(cast.clerk).get(url).content.decode()

    assert "第 1 / 2 页" in body
    assert f"?organ={first.organ_id}&amp;status=registered&amp;page=2" in body
    second = _client(cast.clerk).get(url + "&page=2").content.decode()
    assert "甲收〔2026〕52号" in second


def test_the_archive_page_links_each_document_to_its_page(cast):
    waiting = cast.advance(cast.receive(), Status.CLOSED)
    filed = cast.advance(cast.receive(title="乙县人民政府关于已归档事项的通知"), Status.FILED)

    body = _client(cast.archivist()).get(reverse("archive:list")).content.decode()

    assert f'href="{waiting.get_absolute_url()}"' in body
    assert f'href="{filed.get_absolute_url()}"' in body
    assert "机构（问题）代码、保管期限" in body


def test_the_task_list_pages_through_more_than_fifty_tasks(cast):
    task = cast.task()
    for n in range(50):
        task.pk = None
        task.content = f"督办事项{n}"
        task.save()

    body = _client(cast.clerk).get(reverse("incoming:tasks")).content.decode()

    assert "第 1 / 2 页" in body and "?page=2" in body


def test_an_organ_without_an_office_director_is_told_before_screening_and_what_to_do(cast):
    doc = cast.advance(cast.receive(), Status.REGISTERED)
    PostRole.objects.filter(post__holder=cast.director, role=Role.OFFICE_DIRECTOR).delete()

    body = _client(cast.clerk).get(doc.get_absolute_url()).content.decode()
    assert "初审后无人能拟办" in body and "系统管理员" in body

    response = _client(cast.clerk).post(reverse("incoming:act", args=[doc.pk, "screen"]))
    assert "配置“办公室主任”角色" in response.content.decode()
    doc.refresh_from_db()
    assert doc.status == Status.REGISTERED


def test_the_chase_button_is_offered_only_when_someone_else_holds_the_document(cast):
    doc = cast.advance(cast.receive(), Status.PROPOSED)  # the leader holds the 批示
    chase = reverse("incoming:act", args=[doc.pk, "chase"])

    assert chase in _client(cast.clerk).get(doc.get_absolute_url()).content.decode()

    WorkItem.objects.filter(target_id=doc.pk, state=WorkItem.State.OPEN).update(assignee=cast.clerk)
    assert chase not in _client(cast.clerk).get(doc.get_absolute_url()).content.decode()


def test_each_person_in_the_chooser_says_where_they_sit(cast):
    doc = cast.advance(cast.receive(), Status.REGISTERED)

    body = _client(cast.clerk).get(doc.get_absolute_url()).content.decode()

    chooser = body[body.index('data-prefix="reader"') :]
    assert (
        '<span class="zs-op-name">周处长</span> <span class="small text-secondary">综合处 处长'
        in (chooser)
    )
