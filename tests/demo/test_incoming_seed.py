"""The demo's incoming documents: every state of the 收文 route, worked by the real services on
the demo clock, and shown on the pages of the people who hold them."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.audit.services import audit_verify
from zhongshu.demo.documents import seed_documents
from zhongshu.demo.incoming import FIRST_PAPER, RECEIPTS, WAITING_FOR_FILING, seed_incoming
from zhongshu.demo.services import demo_seed
from zhongshu.documents.archive.models import ArchiveItem
from zhongshu.documents.incoming.models import (
    CirculationReader,
    IncomingDocument,
    IncomingStep,
    InstructionTask,
    Reply,
)

Status = IncomingDocument.Status


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The city, its 发文 and then its 收文, seeded once for the module inside a test-case
    transaction rolled back at its end (as tests/demo/conftest.py does for the city)."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media):
        django_db_blocker.unblock()
        atomics = TestCase._enter_atomics()
        try:
            demo_seed(with_work=False)
            seed_documents()
            started = time.monotonic()
            handled = seed_incoming()
            seconds = time.monotonic() - started
        except BaseException:
            TestCase._rollback_atomics(atomics)
            django_db_blocker.restore()
            raise
        django_db_blocker.restore()
        yield handled, seconds, media
        django_db_blocker.unblock()
        TestCase._rollback_atomics(atomics)
        django_db_blocker.restore()


@pytest.fixture
def seeded(_seeded_once, db, settings):
    handled, seconds, media = _seeded_once
    settings.MEDIA_ROOT = media  # the scans and the filed PDFs
    return handled, seconds


def _doc(organ: str, title: str) -> IncomingDocument:
    return IncomingDocument.objects.get(organ__short_name=organ, title=title)


def _page(username: str, url: str) -> str:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, (username, url, response.status_code)
    return response.content.decode()


def test_every_status_of_the_route_is_present_in_several_organs(seeded):
    handled, seconds = seeded

    statuses = set(IncomingDocument.objects.values_list("status", flat=True))
    organs = set(
        IncomingDocument.objects.exclude(status=Status.PENDING).values_list(
            "organ__short_name", flat=True
        )
    )

    assert statuses == set(Status.values)
    assert {"淮东区政府", "淮西区政府", "青山县政府", "市发展改革委", "江淮市委办公室"} <= organs
    assert handled >= len(RECEIPTS)
    assert seconds < 30


def test_each_planned_document_stops_where_its_plan_says(seeded):
    for receipt in RECEIPTS:
        assert _doc(receipt.organ, receipt.title).status == receipt.stop, receipt.title


def test_every_state_was_reached_through_the_route_with_a_slip_line_per_move(seeded):
    for document in IncomingDocument.objects.exclude(status=Status.PENDING):
        moves = document.steps.exclude(from_status=F("to_status")).order_by("at", "id")
        assert moves.last().to_status == document.status, document.title


def test_instructions_of_one_and_of_two_leaders_and_a_supervision_task(seeded):
    one = _doc("淮东区政府", "江淮市发展和改革委员会关于做好节能降碳统计监测工作的通知")
    two = _doc("江淮市委办公室", "省委办公厅关于开展基层减负工作专项督查的通知")

    assert one.status == two.status == Status.INSTRUCTED
    assert one.instructions.filter(at__isnull=False).count() == 1
    assert [i.leader.full_name for i in two.instructions.order_by("order")] == ["孙立平", "李红梅"]
    assert all(i.text for i in two.instructions.all())
    task = InstructionTask.objects.get(document=two)
    assert task.lead_department.name == "督查室"
    assert task.status == InstructionTask.Status.OPEN
    assert task.deadline > timezone.now()


def test_handling_has_a_lead_and_a_co_department_and_the_leads_result(seeded):
    document = _doc("市发展改革委", "江淮市人民代表大会常务委员会关于开展代表集中视察活动的通知")

    rows = {h.department.name: h for h in document.handlings.all()}
    assert rows["投资处"].is_lead is True
    assert "重点项目" in rows["投资处"].result
    assert rows["办公室"].is_lead is False
    assert rows["办公室"].done_at is None


def test_a_circulation_is_partly_read(seeded):
    readers = list(
        CirculationReader.objects.filter(
            circulation__document__title="省委办公厅关于开展基层减负工作专项督查的通知"
        ).order_by("position")
    )

    assert [r.state for r in readers] == ["read", "holding", "waiting"]
    assert readers[0].opinion


def test_closed_answered_refused_and_returned_documents_keep_their_words(seeded):
    answered = _doc("淮东区政府", "江淮市发展和改革委员会关于开展粮食安全责任制考核自查的通知")
    refused = _doc("淮西区政府", "江淮市教育局关于加强中小学生课后服务管理的通知")
    returned = _doc("青山县政府", "江淮市卫生健康委员会关于加强院前急救体系建设的通知")

    assert answered.status == Status.CLOSED and answered.result
    assert Reply.objects.get(document=answered).dispatch_recipient == answered.dispatch_recipient
    assert "区教育局" in refused.reason
    assert "附件" in returned.reason and returned.receipt_number


def test_a_paper_document_is_filed_with_its_file_number_and_archival_code(seeded):
    filed = _doc("江淮市委办公室", FIRST_PAPER)

    item = ArchiveItem.objects.get(incoming=filed)
    assert item.seq == 1
    assert item.archival_code.endswith("-MSC-0001")
    assert item.pages >= 2
    assert item.filed_by.username == "fengli"
    assert filed.steps.get(action=IncomingStep.Action.FILE).opinion == item.archival_code


def test_paper_documents_carry_a_scan_pdf(seeded):
    papers = IncomingDocument.objects.filter(source=IncomingDocument.Source.EXTERNAL)

    assert papers.count() >= 2
    for paper in papers:
        assert paper.scan.name.endswith(".pdf")
        assert len(paper.scan_sha256) == 64
        assert paper.scan.read(5) == b"%PDF-"
        arrived = timezone.localtime(paper.created_at).date()
        assert arrived - timedelta(days=7) < paper.document_date < arrived


def test_dates_are_spread_over_weeks_in_office_hours_and_never_ahead(seeded):
    now = timezone.now()
    steps = IncomingStep.objects.exclude(action=IncomingStep.Action.RECEIVE)
    first = steps.order_by("at").first().at
    last = steps.order_by("at").last().at

    assert last - first > timedelta(days=14)
    assert last <= now
    # (a step the clock would have put later than now is stamped now, whatever the hour)
    for step in steps.filter(at__lt=now - timedelta(days=1)):
        local = timezone.localtime(step.at)
        assert local.weekday() < 5, step
        assert 8 <= local.hour <= 17, step


def test_each_slip_runs_forward_in_time(seeded):
    for document in IncomingDocument.objects.all():
        times = list(document.steps.order_by("id").values_list("at", flat=True))
        assert times == sorted(times), document.title


def test_receipt_numbers_follow_the_dates_of_registration(seeded):
    for organ in {"淮东区政府", "淮西区政府", "青山县政府", "江淮市委办公室"}:
        registered = list(
            IncomingStep.objects.filter(
                document__organ__short_name=organ, action=IncomingStep.Action.REGISTER
            )
            .order_by("at")
            .values_list("document__receipt_seq", flat=True)
        )
        assert registered == sorted(registered), organ


def test_the_receiving_clerks_inbox_shows_each_of_her_organs_states(seeded):
    inbox = reverse("incoming:inbox")
    pending = _page("wangjing", f"{inbox}?box=pending")
    open_ = _page("wangjing", f"{inbox}?box=open")
    done = _page("wangjing", f"{inbox}?box=done")

    assert "关于做好地质灾害防治工作的通知" in pending
    for title in (
        "关于加强特种设备安全监管的通知",  # 已签收
        "关于开展道路运输安全生产大检查的通知",  # 已登记
        "关于加强建筑施工扬尘污染防治的通知",  # 已初审
        "关于加强中小学生课后服务管理的通知",  # 已拟办
        "关于做好节能降碳统计监测工作的通知",  # 已批办
    ):
        assert title in open_, title
    assert "关于开展粮食安全责任制考核自查的通知" in done
    assert "关于规范财政专项资金管理的通知" in done
    assert "关于开展粮食安全责任制考核自查的通知" not in open_


def test_the_office_director_finds_the_proposal_to_write(seeded):
    document = _doc("淮东区政府", "江淮市住房和城乡建设局关于加强建筑施工扬尘污染防治的通知")

    page = _page("liuqing", document.get_absolute_url())

    assert reverse("incoming:act", args=[document.pk, "propose"]) in page
    assert "来文规范" in page


def test_the_leader_finds_the_instruction_to_write_and_sees_what_he_instructed(seeded):
    asked = _doc("淮东区政府", "江淮市教育局关于加强中小学生课后服务管理的通知")
    done = _doc("淮东区政府", "江淮市发展和改革委员会关于开展粮食安全责任制考核自查的通知")

    inbox = _page("zhangjianhua", reverse("incoming:inbox") + "?box=open")
    page = _page("zhangjianhua", asked.get_absolute_url())
    closed = _page("zhangjianhua", done.get_absolute_url())

    assert "关于加强中小学生课后服务管理的通知" in inbox
    assert reverse("incoming:act", args=[asked.pk, "instruct"]) in page
    assert "对照考核细则逐项自查" in closed


def test_the_city_committee_office_shows_paper_documents_to_its_clerk_director_and_leaders(
    seeded,
):
    filed = _doc("江淮市委办公室", FIRST_PAPER)
    instructed = _doc("江淮市委办公室", "省委办公厅关于开展基层减负工作专项督查的通知")

    clerk = _page("chenjing", instructed.get_absolute_url())
    director = _page("zhangwei", reverse("incoming:inbox") + "?box=done")
    leader = _page("lihongmei", instructed.get_absolute_url())
    archive = _page("fengli", reverse("archive:list"))
    tasks = _page("sunliping", reverse("incoming:tasks"))
    holding = _page("maliang", instructed.get_absolute_url())

    assert reverse("incoming:act", args=[instructed.pk, "assign"]) in clerk
    assert FIRST_PAPER in director
    assert "12月15日前报送自查报告" in leader
    assert ArchiveItem.objects.get(incoming=filed).archival_code in archive
    waiting = _doc("江淮市委办公室", WAITING_FOR_FILING)
    assert waiting.status == Status.CLOSED
    assert reverse("archive:file", args=["incoming", waiting.pk]) in archive
    assert "制定基层减负专项督查自查方案" in tasks
    assert reverse("incoming:act", args=[instructed.pk, "read"]) in holding


def test_the_other_receivers_pages_show_a_refusal_a_return_and_a_handling(seeded):
    handling = _doc("市发展改革委", "江淮市人民代表大会常务委员会关于开展代表集中视察活动的通知")

    assert "关于加强中小学生课后服务管理的通知" in _page(
        "zhouqiang", reverse("incoming:inbox") + "?box=done"
    )
    assert "关于加强院前急救体系建设的通知" in _page(
        "sunyu", reverse("incoming:inbox") + "?box=done"
    )
    assert reverse("incoming:act", args=[handling.pk, "handle"]) in _page(
        "liming", handling.get_absolute_url()
    )


def test_the_sender_sees_the_signer_the_refusal_and_the_reply(seeded):
    answered = _doc("淮东区政府", "江淮市发展和改革委员会关于开展粮食安全责任制考核自查的通知")

    page = _page(
        "zhanglei",
        reverse("incoming:receipts", args=[answered.dispatch_recipient.document_id]),
    )

    assert "王静" in page
    assert "淮东区粮食安全责任制考核自查已完成" in page


def test_seeding_the_incoming_documents_again_changes_nothing(seeded):
    before = (IncomingDocument.objects.count(), IncomingStep.objects.count())

    assert seed_incoming() == 0
    assert (IncomingDocument.objects.count(), IncomingStep.objects.count()) == before


def test_the_audit_chain_still_verifies(seeded):
    report = audit_verify()

    assert report.ok is True, report.reason
