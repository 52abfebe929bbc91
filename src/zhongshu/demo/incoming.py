"""The demo city's incoming documents (收文) in every state of the route, with dates.

The 发文 of ``zhongshu.demo.documents`` land in the receivers' inboxes when they are dispatched
(the districts' governments and 党委, 市发展改革委, 市教育局, 市生态环境局). Here the receivers work on
them, and the 市委办公室 registers three paper documents of the 省委办公厅 with their scans, so that
every ``IncomingDocument.Status`` is on some organ's pages:

- 淮东区政府 (王静 文书, 刘青 办公室主任, 张建华 区长): 待签收, 已签收, 已登记, 已初审, 已拟办
  (waiting for the 区长's 批示), 已批办 by one leader, and two 已办结 (one 阅知件, one answered);
- 淮西区政府 (周强): a 拒收 with its reason, and the rest signed for and registered;
- 青山县政府 (孙宇): a 退回 at 初审 with its reason, and the rest signed for and registered;
- 市发展改革委 (张磊, 李明, 高建军, 黄薇): 承办中, the lead 投资处's result in, the 办公室's due;
- 市委办公室 (陈静 文书, 张伟 主任, 孙立平 and 李红梅, 冯丽 档案员): paper documents: one filed
  with its 件号/档号 after two leaders' 批示 at once and two departments' 承办, one 阅知件 closed and
  waiting for the 档案员, one 已批办 by two leaders in turn with a 督办 task and a 传阅 half read,
  one signed for and waiting for 登记.

A landing the plans below do not name is signed for and registered by the organ's 文书 when it
came more than ``SETTLE_DAYS`` ago, and left 待签收 otherwise.

Every step is a call of the real service by the person who holds it (never a status written),
on the demo clock: each item starts when it landed (or when the paper arrived) and moves a few
office hours per step, a leader's 批示 a day. Items are handled oldest first, so each organ's
收文号 follow the dates of 登记.

Runs once: when the first paper document of the 市委办公室 is present, it does nothing (a second
run changes nothing, and what visitors did to the items stays).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.demo.clock import DemoClock, demo_time
from zhongshu.documents.archive.services import archive_file
from zhongshu.documents.incoming import permissions, services
from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.organs.models import Department, Organ

Status = IncomingDocument.Status
Mode = IncomingDocument.InstructionMode

_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
# Landings older than this are signed for and registered by the organ's 文书.
SETTLE_DAYS = 4

# How long each step takes after the one before, in office hours (a 批示 waits a day).
_HOURS = {
    "acknowledge": 1.5,
    "refuse": 1,
    "register": 0.5,
    "screen": 1.5,
    "return": 2,
    "propose": 4,
    "assign": 3,
    "handle": 16,
    "close": 4,
    "reply": 1,
    "file": 20,
    "circulate": 2,
    "read": 5,
}


@dataclass(frozen=True)
class Paper:
    """A paper document that came by 机要交通 (registered by hand, its scan attached)."""

    sender: str
    doc_number: str
    days_ago: int
    body: tuple[str, ...]
    important: bool = False
    to: str = "各市委办公室"  # its 主送

    def arrived(self, now: datetime) -> datetime:
        """When it came: 9:10 local time, ``days_ago`` days before ``now``."""
        local = timezone.localtime(now) - timedelta(days=self.days_ago)
        return local.replace(hour=9, minute=10, second=0, microsecond=0)


@dataclass(frozen=True)
class Receipt:
    """How one organ handles one incoming document in the demo, and where it stops.

    ``lead``/``co``: (department, the person who reports, the result or "" when still due).
    ``task``: (content, lead department, days to the deadline) made from the first 批示.
    ``circulation``: (purpose, readers in order, the opinions of those who have read).
    """

    organ: str  # receiving organ (short name)
    title: str  # the 发文's title, or the paper document's
    stop: str  # the IncomingDocument.Status to leave it in
    clerk: str
    paper: Paper | None = None
    director: str = ""
    reason: str = ""  # 拒收 or 退回
    screen: str = ""
    proposal: str = ""
    leaders: tuple[str, ...] = ()
    parallel: bool = False
    instructions: tuple[str, ...] = ()
    task: tuple[str, str, int] | None = None
    lead: tuple[str, str, str] | None = None
    co: tuple[str, str, str] | None = None
    result: str = ""  # 办结
    reply: str = ""  # 答复
    circulation: tuple[str, tuple[str, ...], tuple[str, ...]] | None = None
    chaser: str = ""  # 催办责任人 (urgent or important documents)
    archivist: str = ""
    class_code: str = "BGS"


_T1 = "江淮市发展和改革委员会关于开展粮食安全责任制考核自查的通知"
_T2 = "江淮市发展和改革委员会关于做好节能降碳统计监测工作的通知"
_T3 = "江淮市教育局关于加强中小学生课后服务管理的通知"
_T4 = "江淮市财政局关于规范财政专项资金管理的通知"
_T5 = "江淮市住房和城乡建设局关于加强建筑施工扬尘污染防治的通知"
_T6 = "江淮市卫生健康委员会关于加强院前急救体系建设的通知"
_T9 = "江淮市市场监督管理局关于加强特种设备安全监管的通知"
_T10 = "江淮市自然资源和规划局关于做好地质灾害防治工作的通知"
_T11 = "江淮市人民代表大会常务委员会关于开展代表集中视察活动的通知"
_HD, _HX, _QS = "淮东区政府", "淮西区政府", "青山县政府"
_SWB = "江淮市委办公室"

# The paper documents of the 市委办公室, oldest first (FIRST_PAPER marks the run); one closed
# 阅知件 is left for the 档案员 to file (the demo's visitor files it as 冯丽).
FIRST_PAPER = "省委办公厅关于进一步精简规范会议和文件的通知"
WAITING_FOR_FILING = "省委办公厅关于印发全省党政机关公文处理工作规范的通知"

RECEIPTS: tuple[Receipt, ...] = (
    # 淮东区政府: the whole early route, a 阅知件 closed, one answered
    Receipt(_HD, _T1, Status.CLOSED, "wangjing", director="liuqing",
            screen="来文规范，要素齐全。",
            proposal="拟请张区长阅示。建议转区发展改革局牵头，对照考核细则开展自查。",
            leaders=("zhangjianhua",),
            instructions=("同意。请区发展改革局牵头，对照考核细则逐项自查，按时报送自查报告。",),
            result="已按区长批示转区发展改革局牵头开展自查，自查报告已按期报送市发展改革委。",
            reply="淮东区粮食安全责任制考核自查已完成，自查报告已按要求报送，请审核。"),
    Receipt(_HD, _T2, Status.INSTRUCTED, "wangjing", director="liuqing",
            proposal="拟请张区长阅示，建议由区统计局、区发展改革局共同落实。",
            leaders=("zhangjianhua",),
            instructions=("请区统计局牵头，区发展改革局配合，按月做好能耗数据监测报送。",)),
    Receipt(_HD, _T3, Status.PROPOSED, "wangjing", director="liuqing",
            proposal="拟请张区长阅示。课后服务涉及区教育局和各街道，建议由区教育局牵头落实。",
            leaders=("zhangjianhua",)),
    Receipt(_HD, _T4, Status.CLOSED, "wangjing", director="liuqing",
            proposal="拟请张区长阅知，并转区财政局按文件要求执行。",
            leaders=("zhangjianhua",),
            instructions=("阅。请区财政局严格按文件要求规范专项资金管理。",),
            result="已转区财政局执行，阅知件办结。"),
    Receipt(_HD, _T5, Status.SCREENED, "wangjing", screen="来文规范，送办公室主任拟办。"),
    Receipt(_HD, _T9, Status.ACKNOWLEDGED, "wangjing"),
    Receipt(_HD, _T10, Status.PENDING, "wangjing"),
    # 淮西区政府: a refusal (not the organ in charge)
    Receipt(_HX, _T3, Status.REFUSED, "zhouqiang",
            reason="中小学生课后服务由区教育局主管，请改送淮西区教育局办理。"),
    # 青山县政府: returned at 初审
    Receipt(_QS, _T6, Status.RETURNED, "sunyu",
            reason="正文所称《院前急救体系建设评估表》未随文下发，请补发附件后重新行文。"),
    # 市发展改革委: 承办, the lead department's result in, the co-department's due
    Receipt("市发展改革委", _T11, Status.HANDLING, "zhanglei", director="liming",
            proposal="拟请高主任阅示，建议由投资处牵头、办公室配合做好视察准备。",
            leaders=("gaojianjun",),
            instructions=("请投资处牵头准备重点项目汇报材料，办公室做好视察线路和会务保障。",),
            lead=("投资处", "huangwei",
                  "已梳理视察涉及的12个重点项目进展情况，汇报材料初稿已完成，待委领导审定。"),
            co=("办公室", "liming", "")),
    # 市委办公室: paper documents of the 省委办公厅
    Receipt(_SWB, FIRST_PAPER, Status.FILED, "chenjing", director="zhangwei",
            paper=Paper("省委办公厅", "省委办发〔2026〕37号", 28, (
                "为进一步改进文风会风，切实减轻基层负担，经省委同意，现就精简规范会议和文件有关事项通知如下。",
                "一、严格控制会议数量和规模",
                "能合并召开的会议一律合并召开，能以视频形式召开的不再集中召开。",
                "二、大力精简文件简报",
                "没有实质内容、可发可不发的文件一律不发，可以通过网络发布的不再印发纸质文件。",
                "三、加强督促检查",
                "各地要于年底前将精简会议和文件情况报送省委办公厅。",
            )),
            screen="纸质来文，份数相符，已扫描录入。",
            proposal="拟请孙秘书长、李副主任阅示。建议由综合处牵头、督查室配合抓好落实。",
            leaders=("sunliping", "lihongmei"), parallel=True,
            instructions=(
                "同意。请综合处牵头，梳理我市现行会议文件制度，提出进一步精简的具体措施。",
                "请督查室将精简会议和文件情况纳入年度督查，跟踪落实。",
            ),
            lead=("综合处", "xuming", "已起草《关于进一步精简规范会议和文件的实施意见》，经室务会研究通过并印发执行。"),
            co=("督查室", "guozhiqiang", "已将精简会议和文件落实情况纳入年度督查计划。"),
            result="已按领导批示办理完毕，实施意见已印发执行，落实情况已报省委办公厅。",
            archivist="fengli", class_code="MSC"),
    Receipt(_SWB, WAITING_FOR_FILING, Status.CLOSED, "chenjing", director="zhangwei",
            paper=Paper("省委办公厅", "省委办发〔2026〕41号", 15, (
                "现将《全省党政机关公文处理工作规范》印发给你们，请结合实际认真贯彻执行。",
                "一、提高公文质量",
                "严格执行党政机关公文格式国家标准，确保公文要素齐全、格式规范。",
                "二、规范公文办理",
                "收文办理应当及时签收、登记、拟办、批办、承办，办结后及时整理归档。",
            )),
            screen="纸质来文，附件齐全。",
            proposal="拟请李副主任阅知，并转秘书处组织学习。",
            leaders=("lihongmei",),
            instructions=("阅。请秘书处组织学习，对照规范改进我室公文处理工作。",),
            result="已组织秘书处学习，阅知件办结。"),
    Receipt(_SWB, "省委办公厅关于开展基层减负工作专项督查的通知", Status.INSTRUCTED, "chenjing",
            director="zhangwei", chaser="chenjing",
            paper=Paper("省委办公厅", "省委办发〔2026〕45号", 9, (
                "为深入落实为基层减负各项要求，省委决定在全省开展基层减负工作专项督查。",
                "一、督查内容",
                "重点督查文件会议精简、督查检查考核归口管理、政务应用程序整治等情况。",
                "二、时间安排",
                "各市于12月15日前完成自查，形成自查报告报省委办公厅。",
            ), important=True),
            proposal="拟请孙秘书长、李副主任依次阅示。建议由督查室牵头组织自查。",
            leaders=("sunliping", "lihongmei"),
            instructions=(
                "同意。请督查室牵头，会同综合处制定自查方案，确保按时高质量完成。",
                "按孙秘书长批示办理，12月15日前报送自查报告。",
            ),
            task=("制定基层减负专项督查自查方案并组织实施，按时报送自查报告", "督查室", 18),
            circulation=("请知悉基层减负专项督查有关要求，结合分管工作做好自查准备",
                         ("xuming", "maliang", "guozhiqiang"),
                         ("已阅，综合处将配合督查室做好自查。",))),
    Receipt(_SWB, "省委办公厅关于报送2026年度工作总结和2027年工作安排的通知",
            Status.ACKNOWLEDGED, "chenjing",
            paper=Paper("省委办公厅", "省委办发〔2026〕52号", 1, (
                "请各市委办公室于12月20日前报送2026年度工作总结和2027年工作安排。",
                "一、报送内容",
                "包括年度重点工作完成情况、主要做法成效、存在问题和下一步打算。",
                "二、报送要求",
                "材料控制在3000字以内，电子版通过机要网报送。",
            ))),
)  # fmt: skip


class DemoPeople:
    """The demo's people by user name, each read once."""

    def __init__(self) -> None:
        self._users: dict[str, User] = {}

    def __call__(self, username: str) -> User:
        if username not in self._users:
            self._users[username] = User.objects.get(username=username)
        return self._users[username]


def _scan(receipt: Receipt, issued) -> ContentFile:
    """The paper document's scan: the document typeset to GB/T 9704 (a stand-in for the scan
    the clerk makes of the paper)."""
    from zhongshu.gongwen.model import load_document
    from zhongshu.gongwen.typeset.pdf import render_pdf

    paper = receipt.paper
    assert paper is not None
    document = load_document(
        {
            "doc_type": "通知",
            "title": receipt.title,
            "doc_number": paper.doc_number,
            "issuers": [{"name": paper.sender}],
            "primary_recipients": [paper.to],
            "body": [
                {"text": text, "level": 1 if _HEADING.match(text) else 0} for text in paper.body
            ],
            "date": issued.isoformat(),
        }
    )
    return ContentFile(render_pdf(document).pdf, name=f"{paper.doc_number}.pdf")


def _register(document: IncomingDocument, clerk, chaser) -> None:
    """登记; an urgent or important document gets its time limit and 催办 person (第二十四条)."""
    deadline = None
    if document.is_urgent and document.deadline is None:
        deadline = timezone.now() + timedelta(days=5)
    needs_chaser = document.is_urgent or document.important
    services.incoming_register(
        document=document, actor=clerk, deadline=deadline, chaser=chaser if needs_chaser else None
    )


def _instruct(document: IncomingDocument, receipt: Receipt, person, clock: DemoClock) -> None:
    """The leaders' 批示 in order (a working day each); the first may become a 督办 task."""
    for index, (username, text) in enumerate(
        zip(receipt.leaders, receipt.instructions, strict=False)
    ):
        clock.advance(hours=7)
        task = None
        if index == 0 and receipt.task is not None:
            content, department, days = receipt.task
            task = {
                "content": content,
                "lead_department": Department.objects.get(organ=document.organ, name=department),
                "lead_organ": None,
                "deadline": timezone.now() + timedelta(days=days),
            }
        services.incoming_instruct(document=document, actor=person(username), text=text, task=task)
        document.refresh_from_db()


def _handle(document: IncomingDocument, receipt: Receipt, person, clock: DemoClock) -> None:
    """交办 to the lead and co-departments, then each reports its result (co first)."""
    lead_name, _lead_person, _lead_result = receipt.lead
    co = [receipt.co] if receipt.co else []
    department = {
        name: Department.objects.get(organ=document.organ, name=name)
        for name, _p, _r in [receipt.lead, *co]
    }
    clock.advance(hours=_HOURS["assign"])
    services.incoming_assign(
        document=document,
        actor=person(receipt.clerk),
        lead_department=department[lead_name],
        co_departments=[department[name] for name, _p, _r in co],
        deadline=timezone.now() + timedelta(days=10),
    )
    for _name, username, result in [*co, receipt.lead]:
        if result:
            clock.advance(hours=_HOURS["handle"])
            services.incoming_handle(document=document, actor=person(username), result=result)
    document.refresh_from_db()


def _close(document: IncomingDocument, receipt: Receipt, person, clock: DemoClock) -> None:
    clock.advance(hours=_HOURS["close"])
    services.incoming_close(document=document, actor=person(receipt.clerk), result=receipt.result)
    if receipt.reply:
        clock.advance(hours=_HOURS["reply"])
        services.incoming_reply(document=document, actor=person(receipt.clerk), text=receipt.reply)


def drive(document: IncomingDocument, receipt: Receipt, person, clock: DemoClock) -> None:
    """Take ``document`` along the route to ``receipt.stop``, each step by its holder."""
    clerk = person(receipt.clerk)
    for _guard in range(12):
        status = document.status
        if status == receipt.stop:
            break
        if status == Status.PENDING and receipt.stop == Status.REFUSED:
            clock.advance(hours=_HOURS["refuse"])
            services.incoming_refuse(document=document, actor=clerk, reason=receipt.reason)
        elif status == Status.PENDING:
            clock.advance(hours=_HOURS["acknowledge"])
            services.incoming_acknowledge(document=document, actor=clerk)
        elif status == Status.ACKNOWLEDGED:
            clock.advance(hours=_HOURS["register"])
            _register(document, clerk, person(receipt.chaser) if receipt.chaser else clerk)
        elif status == Status.REGISTERED and receipt.stop == Status.RETURNED:
            clock.advance(hours=_HOURS["return"])
            services.incoming_return(document=document, actor=clerk, reason=receipt.reason)
        elif status == Status.REGISTERED:
            clock.advance(hours=_HOURS["screen"])
            services.incoming_screen(document=document, actor=clerk, opinion=receipt.screen)
        elif status == Status.SCREENED:
            clock.advance(hours=_HOURS["propose"])
            services.incoming_propose(
                document=document,
                actor=person(receipt.director),
                opinion=receipt.proposal,
                leaders=[person(u) for u in receipt.leaders],
                mode=Mode.PARALLEL if receipt.parallel else Mode.SEQUENTIAL,
            )
            document.refresh_from_db()
            _instruct(document, receipt, person, clock)
        elif status == Status.INSTRUCTED and receipt.lead:
            _handle(document, receipt, person, clock)
        elif status in (Status.INSTRUCTED, Status.HANDLING):
            _close(document, receipt, person, clock)
        elif status == Status.CLOSED:
            clock.advance(hours=_HOURS["file"])
            archive_file(
                actor=person(receipt.archivist), incoming=document, class_code=receipt.class_code
            )
        document.refresh_from_db()
        if document.status == status:
            raise RuntimeError(f"demo 收文 stuck at {status}: {receipt.title}")
    if receipt.circulation is not None:
        purpose, readers, opinions = receipt.circulation
        clock.advance(hours=_HOURS["circulate"])
        services.circulation_start(
            document=document, actor=clerk, purpose=purpose, readers=[person(u) for u in readers]
        )
        for username, opinion in zip(readers, opinions, strict=False):
            clock.advance(hours=_HOURS["read"])
            services.circulation_read(document=document, actor=person(username), opinion=opinion)


def landing_settle(document: IncomingDocument, clock: DemoClock) -> None:
    """A landing no plan names: its 文书 signs for it and registers it."""
    clerk = permissions.signing_clerks_for(document).first()
    if clerk is None:
        return
    clock.advance(hours=_HOURS["acknowledge"])
    services.incoming_acknowledge(document=document, actor=clerk)
    clock.advance(hours=_HOURS["register"])
    _register(document, clerk, clerk)


def paper_register(receipt: Receipt, organ: Organ, person) -> IncomingDocument:
    paper = receipt.paper
    assert paper is not None
    issued = timezone.localdate() - timedelta(days=3)  # sent three days before it arrived
    return services.incoming_register_external(
        organ=organ,
        actor=person(receipt.clerk),
        sender_name=paper.sender,
        title=receipt.title,
        doc_number=paper.doc_number,
        doc_type="通知",
        important=paper.important,
        document_date=issued,
        copies=2,
        scan=_scan(receipt, issued),
    )


def seed_incoming() -> int:
    """Work the demo's incoming documents into every state; return how many were touched.

    1. Once only: nothing happens when the first paper document is already registered.
    2. The work, oldest first: each landing of a demo 发文 (by when it landed) and each paper
       document (by when it arrived).
    3. On the demo clock, each item from its start: the plan's route by its holders, or, for a
       landing no plan names and older than ``SETTLE_DAYS``, 签收 and 登记 by its 文书.
    """
    from zhongshu.demo.documents import DOCUMENTS

    if IncomingDocument.objects.filter(title=FIRST_PAPER).exists():
        return 0
    organs = {o.short_name: o for o in Organ.objects.filter(is_active=True)}
    plans = {(r.organ, r.title): r for r in RECEIPTS if r.organ in organs}
    now = timezone.now()
    work: list[tuple[datetime, int, Receipt | None, IncomingDocument | None]] = []
    landings = IncomingDocument.objects.filter(
        status=Status.PENDING,
        dispatch_recipient__document__title__in=[d.title for d in DOCUMENTS],
    ).select_related("organ", "dispatch_recipient__document")
    for document in landings:
        plan = plans.get((document.organ.short_name, document.title))
        if plan is None and document.created_at > now - timedelta(days=SETTLE_DAYS):
            continue
        work.append((document.created_at, document.pk, plan, document))
    for receipt in plans.values():
        if receipt.paper is not None:
            work.append((receipt.paper.arrived(now), 0, receipt, None))
    work.sort(key=lambda w: (w[0], w[1]))
    person = DemoPeople()
    clock = DemoClock()
    with demo_time(clock):
        for start, _pk, receipt, document in work:
            clock.set(start)
            if document is None:
                assert receipt is not None
                document = paper_register(receipt, organs[receipt.organ], person)
            if receipt is None:
                landing_settle(document, clock)
            else:
                drive(document, receipt, person, clock)
    return len(work)
