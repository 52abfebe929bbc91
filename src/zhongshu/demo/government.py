"""The work of the 市政府 and its 办公室: real documents for the people a visitor logs in as first.

刘洋 (文书 of the 市政府办公室 and of the 市政府), 王芳 (秘书一处处长, who also proposes on the
市政府's incoming documents and reviews its drafts), the 市长 王志远 and his secretary 孙倩
(acting for him: "孙倩 代 王志远") each find open steps on their workbench that lead to a page
where the step can be done:

- bureaus' 请示 and 报告 to 江淮市人民政府, drafted and dispatched through the route by the
  bureaus' people, land in the 市政府's inbox; there one waits for 签收 (刘洋), one for 初审
  (刘洋), one for 拟办 (王芳), one for the 市长's 批示 (王志远, or 孙倩 for him), and one was
  instructed by 孙倩 for the 市长 and waits for 交办/办结 (刘洋), circulated to 刘洋 to read;
- a paper 通知 of the 省政府办公厅, entered by hand with its scan, waits for 登记 (刘洋);
- 刘洋's own 发文: a 市政府 通知 waiting for the 市长's 签发, one of the 办公室 at 登记编号,
  one returned from 用印 to 拟稿 (its number voided and kept in the register), numbered again
  and waiting for 用印, one issued and then revoked by a dispatched 撤销 correction, and one
  issued with a 修改 correction in draft. (His 核稿 draft with 王芳 is ``data.DOCUMENTS``.)

Every step is a call of the real service by the person who holds it, on the demo clock
(``zhongshu.demo.clock``): the work began days or weeks ago and each step took a few office
hours. Landings of the 办公室's 通知 in the districts are signed for and registered there.

Idempotent: a 发文 is keyed by its title, the paper document by its title (its presence means
the 市政府's inbox was worked), so a second run changes nothing.
"""

from __future__ import annotations

from django.utils import timezone

from zhongshu.demo import documents as outgoing
from zhongshu.demo import incoming
from zhongshu.demo.clock import DemoClock, demo_time
from zhongshu.demo.documents import DemoDocument
from zhongshu.demo.incoming import Paper, Receipt
from zhongshu.documents import services
from zhongshu.documents.incoming import services as incoming_services
from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.documents.models import OutgoingDocument
from zhongshu.organs.models import Organ

Status = OutgoingDocument.Status
InStatus = IncomingDocument.Status
Kind = OutgoingDocument.CorrectionKind

GOVERNMENT = "江淮市政府"
_TO_GOVERNMENT = ("江淮市人民政府",)
_DISTRICTS = ("江淮市淮东区人民政府", "江淮市淮西区人民政府", "青山县人民政府")
# The 办公室's issued 通知 go to bureaus that receive no other demo document, so that each
# receiver's 收文号 still follow the dates of 登记.
_HEATING = ("江淮市住房和城乡建设局", "江淮市市场监督管理局")
_DISCLOSURE = ("江淮市财政局", "江淮市公安局")


def _request(organ, title, topic, days_ago, doc_type="请示", body=()) -> DemoDocument:
    return DemoDocument(organ, doc_type, title, _TO_GOVERNMENT, Status.DISPATCHED, topic,
                        days_ago=days_ago, body=body)  # fmt: skip


# The bureaus' 请示 and 报告 to the 市政府, each with how the 市政府 handles it, oldest first (the
# 市政府's 收文号 follow the order of 登记). The 报告 waiting for 拟办 is the oldest: its step is
# overdue, so the demo shows reminders and escalation too.
R_INSTRUCTED = "江淮市公安局关于2026年冬季道路交通安全整治工作情况的报告"
R_PROPOSED = "江淮市交通运输局关于申请G206国道改扩建工程市级配套资金的请示"
R_SCREENED = "江淮市卫生健康委员会关于冬季传染病防控工作情况的报告"
R_REGISTERED = "江淮市发展和改革委员会关于江淮市2027年重点项目投资计划的请示"
R_PENDING = "江淮市住房和城乡建设局关于老旧小区改造资金安排的请示"
REQUESTS: tuple[tuple[DemoDocument, Receipt], ...] = (
    (_request("市卫生健康委", R_SCREENED, "冬季传染病防控", 11, "报告", (
        "入冬以来，我委认真落实市政府部署，扎实做好冬季传染病防控工作，现将有关情况报告如下。",
        "一、疫情形势",
        "全市流感等呼吸道传染病处于季节性流行水平，未发生聚集性疫情。",
        "二、主要措施",
        "加强监测预警，落实医疗机构预检分诊，做好重点人群疫苗接种。",
        "特此报告。",
     )),
     Receipt(GOVERNMENT, R_SCREENED, InStatus.SCREENED, "liuyang",
             screen="来文规范，送秘书一处拟办。")),
    (_request("市公安局", R_INSTRUCTED, "冬季道路交通安全整治", 9, "报告", (
        "根据市政府部署，我局于10月至11月开展了冬季道路交通安全整治，现将有关情况报告如下。",
        "一、整治成效",
        "共查处各类交通违法行为1.2万起，排查整改道路安全隐患86处，事故起数同比下降12%。",
        "二、下一步工作",
        "我局将持续加强重点路段巡查管控，做好元旦春节期间道路交通安全保障。",
        "特此报告。",
     )),
     Receipt(GOVERNMENT, R_INSTRUCTED, InStatus.PROPOSED, "liuyang", director="wangfang",
             screen="来文规范，送秘书一处拟办。",
             proposal="拟请王市长阅示。",
             leaders=("wangzhiyuan",))),
    (_request("市交通运输局", R_PROPOSED, "G206国道改扩建工程市级配套资金", 8),
     Receipt(GOVERNMENT, R_PROPOSED, InStatus.PROPOSED, "liuyang", director="wangfang",
             screen="来文规范，附件齐全。",
             proposal="拟请王市长阅示。建议请市财政局会同市交通运输局研究提出资金安排意见。",
             leaders=("wangzhiyuan",))),
    (_request("市发展改革委", R_REGISTERED, "2027年重点项目投资计划", 6),
     Receipt(GOVERNMENT, R_REGISTERED, InStatus.REGISTERED, "liuyang")),
    (_request("市住房城乡建设局", R_PENDING, "老旧小区改造资金安排", 5),
     Receipt(GOVERNMENT, R_PENDING, InStatus.PENDING, "liuyang")),
)  # fmt: skip

# The 市长's 批示 on the oldest, written by 孙倩 for him, and its circulation to 刘洋.
INSTRUCTION = "阅。请市公安局继续抓好元旦春节期间道路交通安全工作。"
CIRCULATION = "请阅知王市长批示，跟踪市公安局节日期间道路交通安全工作。"

# A paper document of the 省政府办公厅, entered by hand with its scan, waiting for 登记.
PAPER = Receipt(
    GOVERNMENT, "省人民政府办公厅关于做好2027年元旦春节期间有关工作的通知",
    InStatus.ACKNOWLEDGED, "liuyang",
    paper=Paper("省政府办公厅", "省政办明电〔2026〕23号", 1, (
        "2027年元旦、春节即将到来。为确保广大群众度过欢乐祥和的节日，经省政府同意，现就有关工作通知如下。",
        "一、切实做好安全生产工作",
        "各地要深入开展安全隐患排查整治，严防重特大事故发生。",
        "二、认真做好值班值守工作",
        "严格执行领导干部带班和24小时值班制度，遇有重大突发事件及时报告。",
    ), important=True, to="各市人民政府"),
)  # fmt: skip

# 刘洋's own 发文 (oldest first).
ISSUED_REVOKED = "江淮市人民政府办公室关于调整2026年冬季集中供暖时间的通知"
ISSUED_AMENDED = "江淮市人民政府办公室关于做好2026年度政府信息公开工作年度报告编制发布工作的通知"
RETURNED_FROM_SEAL = "江淮市人民政府办公室关于开展2026年度市政府部门绩效考核工作的通知"
AT_REGISTER = "江淮市人民政府办公室关于做好2027年元旦春节期间值班工作的通知"
AT_SIGN_OFF = "江淮市人民政府关于公布2027年度市级民生实事项目的通知"
OWN: tuple[DemoDocument, ...] = (
    DemoDocument("江淮市政府办公室", "通知", ISSUED_REVOKED, _HEATING, Status.DISPATCHED,
                 "冬季集中供暖", days_ago=26),
    DemoDocument("江淮市政府办公室", "通知", ISSUED_AMENDED, _DISCLOSURE, Status.DISPATCHED,
                 "政府信息公开工作年度报告编制发布", days_ago=22),
    DemoDocument("江淮市政府办公室", "通知", RETURNED_FROM_SEAL, _DISTRICTS, Status.SEAL,
                 "市政府部门绩效考核", days_ago=8),
    DemoDocument("江淮市政府办公室", "通知", AT_REGISTER, _DISTRICTS, Status.REGISTER,
                 "元旦春节期间值班", urgency="urgent", days_ago=1),
    DemoDocument("江淮市政府", "通知", AT_SIGN_OFF, _DISTRICTS, Status.SIGN_OFF,
                 "市级民生实事项目", signer="wangzhiyuan", days_ago=3),
)  # fmt: skip
RETURN_REASON = "考核时间安排与市委办公室有关通知不一致，退回拟稿人核实修改。"


def _organ(short_name: str) -> Organ:
    return Organ.objects.get(short_name=short_name, is_active=True)


def _settle_landings(document: OutgoingDocument, clock: DemoClock) -> None:
    """The receivers of an issued 通知 sign for it and register it (as ``seed_incoming`` does
    for the other organs' old landings)."""
    for landing in IncomingDocument.objects.filter(
        dispatch_recipient__document=document, status=InStatus.PENDING
    ).order_by("id"):
        clock.set(landing.created_at)
        incoming.landing_settle(landing, clock)


def _correct(document: OutgoingDocument, kind: str, clock: DemoClock, *, days_ago: int):
    """刘洋 drafts a correction of the issued ``document`` ``days_ago`` days ago."""
    clock.days_ago(days_ago, minutes=50)
    department = outgoing.office_drafting_post(document.organ).department
    return services.correction_create(
        document=document, actor=document.drafter, kind=kind, department=department
    )


def _own(clock: DemoClock) -> int:
    existing = set(
        OutgoingDocument.objects.filter(title__in=[d.title for d in OWN]).values_list(
            "title", flat=True
        )
    )
    created = 0
    for index, spec in enumerate(OWN):
        if spec.title in existing:
            continue
        document = outgoing.make(spec, clock, minutes=20 + index * 41)
        if document is None:
            continue
        created += 1
        if spec.title in (ISSUED_REVOKED, ISSUED_AMENDED):
            _settle_landings(document, clock)
        if spec.title == ISSUED_AMENDED:
            # after the amended one's number: the revocation is numbered later (16 days ago)
            revoked = OutgoingDocument.objects.filter(title=ISSUED_REVOKED).first()
            if revoked is not None and revoked.status == Status.DISPATCHED:
                revocation = _correct(revoked, Kind.REVOKE, clock, days_ago=16)
                revoke_spec = DemoDocument(spec.organ, "通知", revocation.title, _HEATING,
                                           Status.DISPATCHED, "撤销")  # fmt: skip
                outgoing.drive(revocation, revoke_spec, revocation.drafter, clock)
                _settle_landings(revocation, clock)
            _correct(document, Kind.AMEND, clock, days_ago=1)
        elif spec.title == RETURNED_FROM_SEAL:
            clock.advance(hours=1)
            services.route_return(
                document=document,
                actor=document.drafter,  # 刘洋 is also the 文书 who seals
                to_status=Status.DRAFT,
                reason=RETURN_REASON,
            )
            document.refresh_from_db()
            clock.advance(hours=3)
            outgoing.drive(document, spec, document.drafter, clock)
    return created


def _inbox(clock: DemoClock, real_now) -> int:
    """The bureaus' 请示 and 报告, then the 市政府's handling of each, and the paper 通知."""
    from zhongshu.documents.incoming.services import circulation_start

    government = _organ(GOVERNMENT)
    person = incoming.DemoPeople()
    handled = 0
    for index, (spec, receipt) in enumerate(REQUESTS):
        if OutgoingDocument.objects.filter(title=spec.title).exists():
            continue
        document = outgoing.make(spec, clock, minutes=15 + index * 53)
        if document is None or document.status != Status.DISPATCHED:
            continue
        landing = IncomingDocument.objects.get(
            organ=government, dispatch_recipient__document=document
        )
        clock.set(landing.created_at)
        incoming.drive(landing, receipt, person, clock)
        handled += 1
        if spec.title == R_INSTRUCTED:
            clock.advance(hours=7)
            incoming_services.incoming_instruct(
                document=landing, actor=person("sunqian"), text=INSTRUCTION
            )
            landing.refresh_from_db()
            clock.advance(hours=2)
            circulation_start(
                document=landing,
                actor=person("wangfang"),
                purpose=CIRCULATION,
                readers=[person("liuyang")],
            )
    if not IncomingDocument.objects.filter(organ=government, title=PAPER.title).exists():
        paper = PAPER.paper
        assert paper is not None
        clock.set(paper.arrived(real_now))
        incoming.paper_register(PAPER, government, person)
        handled += 1
    return handled


def seed_government() -> int:
    """Create the 市政府's and its 办公室's demo work that is missing; return how many documents
    were made. The bureaus' documents come first (each from drafting to its handling in the
    市政府), then 刘洋's own, each oldest first on the demo clock."""
    if not Organ.objects.filter(short_name=GOVERNMENT, is_active=True).exists():
        return 0
    real_now = timezone.now()  # within demo_time, now() is the clock's
    clock = DemoClock()
    with demo_time(clock):
        return _inbox(clock, real_now) + _own(clock)
