"""The demo city's outgoing documents: a few dozen 发文 of several organs, in every state of the
route, so that each 发文 page (lists, the document, the 发文稿纸, the registers) shows real content
and the receiving organs' inboxes fill.

Every document is made by the documents services, step by step, by the people who hold each step
(never by writing a status): 拟稿 by the office's 文书, 核稿 and 办公室审核 by the office director,
会签 by another department's head, 签发 by a leader (the principal for 上行文), 复核, and 登记, 用印
and 核发 by the 文书. One number is voided and re-allocated; one draft is withdrawn; one is
returned to its drafter with a reason. One is classified (秘密★1年, of the 市委办公室): it is
dispatched with numbered printed copies, so its 份号 ranges and copy records exist.

Dates: each document is begun ``days_ago`` days ago and moves a few office hours per step on the
demo clock, so the pages show a history spread over the last weeks (``zhongshu.demo.clock``).

Idempotent: a document is keyed by its title, and a title already present is skipped.

The people the other demo tests feature (the 市政府办公室 文书 刘洋 and 主任 王芳, the 市长 and his
secretary) get no new work from here: their organs neither send these documents nor receive them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from zhongshu.demo.clock import DemoClock, demo_time
from zhongshu.documents import permissions, services
from zhongshu.documents.models import OutgoingDocument
from zhongshu.organs.models import Department, Organ, Post, Role

Status = OutgoingDocument.Status

# The order of the route's steps, for driving a document forward.
_ROUTE = (
    Status.DRAFT,
    Status.REVIEW,
    Status.AUDIT,
    Status.COUNTERSIGN,
    Status.SIGN_OFF,
    Status.RECHECK,
    Status.REGISTER,
    Status.SEAL,
    Status.DISPATCH,
    Status.DISPATCHED,
)


@dataclass(frozen=True)
class DemoDocument:
    """One outgoing document of the demo: its organ (规范化简称), text and where it stops."""

    organ: str
    doc_type: str
    title: str
    to: tuple[str, ...]
    stop: str
    topic: str
    cc: tuple[str, ...] = ()
    countersign: bool = False  # 办公室审核 sends it to another department's 会签 first
    void_number: bool = False  # at 用印 the number is voided and a new one allocated
    returned: bool = False  # returned from 核稿 to the drafter with a reason
    urgency: str = ""
    body: tuple[str, ...] = field(default_factory=tuple)
    signer: str = ""  # who 签发 (user name), when not the organ's first eligible leader
    # Days before today the drafting began; the route then takes a few office hours per step.
    # Dispatched documents are the older ones (their receivers have had time to handle them);
    # the others were begun in the last few days (their open step is fresh).
    days_ago: int | None = None
    # 密级 and 保密期限 as the 版头 prints them ("秘密", "1年"); empty for a 非密 document.
    classification: str = ""
    classification_period: str = ""
    # Printed copies per recipient at 核发 (recipient name → 份数; 1 when not named). A
    # classified document numbers them (份号) and the archive's copy register opens with them.
    copies: tuple[tuple[str, int], ...] = ()


_DISTRICTS = ("江淮市淮东区人民政府", "江淮市淮西区人民政府", "青山县人民政府")
_DISTRICT_COMMITTEES = ("中共江淮市淮东区委员会", "中共江淮市淮西区委员会", "中共青山县委员会")

# The demo's classified document: a 秘密 notice of the 市委办公室 to the 区委 and 县委, three
# numbered copies each (份号 1–3, 4–6, 7–9). Everyone on its route is cleared for 秘密 (陈静
# drafts, registers, seals and dispatches; 张伟 reviews and audits; 李红梅 signs; the receiving
# 文书 sign for it); 林晓宇 of the same office (clearance 非密) cannot see it.
CLASSIFIED_TITLE = "中共江淮市委办公室关于做好2027年元旦春节期间安全保密工作的通知"

DOCUMENTS: tuple[DemoDocument, ...] = (
    # 市发展改革委: one of each early step, a 请示 waiting for its director's 签发
    DemoDocument("市发展改革委", "通知", "江淮市发展和改革委员会关于做好2026年重点项目谋划储备工作的通知",
                 _DISTRICTS, Status.DRAFT, "重点项目谋划储备"),
    DemoDocument("市发展改革委", "通知", "江淮市发展和改革委员会关于开展2026年度价格监测工作的通知",
                 _DISTRICTS, Status.REVIEW, "价格监测"),
    DemoDocument("市发展改革委", "通知", "江淮市发展和改革委员会关于做好迎峰度夏能源保供工作的通知",
                 _DISTRICTS, Status.AUDIT, "迎峰度夏能源保供", urgency="urgent"),
    DemoDocument("市发展改革委", "通知", "江淮市发展和改革委员会关于报送2026年上半年投资运行情况的通知",
                 _DISTRICTS, Status.COUNTERSIGN, "投资运行情况报送", countersign=True),
    DemoDocument("市发展改革委", "请示", "江淮市发展和改革委员会关于申请安排重大项目前期工作经费的请示",
                 ("江淮市人民政府",), Status.SIGN_OFF, "重大项目前期工作经费"),
    DemoDocument("市发展改革委", "通知", "江淮市发展和改革委员会关于印发社会信用体系建设工作要点的通知",
                 _DISTRICTS, Status.RECHECK, "社会信用体系建设"),
    DemoDocument("市发展改革委", "通知", "江淮市发展和改革委员会关于开展粮食安全责任制考核自查的通知",
                 _DISTRICTS, Status.DISPATCHED, "粮食安全责任制考核自查", countersign=True, days_ago=30),
    DemoDocument("市发展改革委", "通知", "江淮市发展和改革委员会关于做好节能降碳统计监测工作的通知",
                 _DISTRICTS, Status.DISPATCHED, "节能降碳统计监测", cc=("江淮市生态环境局",), days_ago=27),
    # 市教育局
    DemoDocument("市教育局", "通知", "江淮市教育局关于做好2026年秋季学期开学工作的通知",
                 _DISTRICTS, Status.DRAFT, "秋季学期开学", returned=True),
    DemoDocument("市教育局", "通知", "江淮市教育局关于开展校园安全隐患排查整治的通知",
                 _DISTRICTS, Status.REGISTER, "校园安全隐患排查整治", urgency="extra_urgent"),
    DemoDocument("市教育局", "通知", "江淮市教育局关于做好2026年中考招生工作的通知",
                 _DISTRICTS, Status.SEAL, "中考招生"),
    DemoDocument("市教育局", "通知", "江淮市教育局关于加强中小学生课后服务管理的通知",
                 _DISTRICTS, Status.DISPATCHED, "中小学生课后服务管理", days_ago=25),
    DemoDocument("市教育局", "通知", "江淮市教育局关于开展教师培训经费使用情况检查的通知",
                 _DISTRICTS, Status.WITHDRAWN, "教师培训经费检查"),
    # 市财政局
    DemoDocument("市财政局", "通知", "江淮市财政局关于做好2027年部门预算编制工作的通知",
                 _DISTRICTS, Status.REVIEW, "部门预算编制"),
    DemoDocument("市财政局", "通知", "江淮市财政局关于加强政府采购内部控制管理的通知",
                 _DISTRICTS, Status.DISPATCH, "政府采购内部控制"),
    DemoDocument("市财政局", "通知", "江淮市财政局关于规范财政专项资金管理的通知",
                 _DISTRICTS, Status.DISPATCHED, "财政专项资金管理", void_number=True, days_ago=23),
    # 市住房城乡建设局: 会签 with its 城市建设处
    DemoDocument("市住房城乡建设局", "通知", "江淮市住房和城乡建设局关于开展城镇燃气安全专项整治的通知",
                 _DISTRICTS, Status.COUNTERSIGN, "城镇燃气安全专项整治", countersign=True,
                 urgency="urgent"),
    DemoDocument("市住房城乡建设局", "通知", "江淮市住房和城乡建设局关于做好老旧小区改造项目储备的通知",
                 _DISTRICTS, Status.SIGN_OFF, "老旧小区改造项目储备"),
    DemoDocument("市住房城乡建设局", "通知", "江淮市住房和城乡建设局关于加强建筑施工扬尘污染防治的通知",
                 _DISTRICTS, Status.DISPATCHED, "建筑施工扬尘污染防治", countersign=True,
                 cc=("江淮市生态环境局",), days_ago=21),
    # 市卫生健康委: 会签 with its 疾病预防控制处
    DemoDocument("市卫生健康委", "通知", "江淮市卫生健康委员会关于做好夏季食源性疾病防控工作的通知",
                 _DISTRICTS, Status.AUDIT, "夏季食源性疾病防控"),
    DemoDocument("市卫生健康委", "通知", "江淮市卫生健康委员会关于开展基层医疗卫生机构能力提升行动的通知",
                 _DISTRICTS, Status.RECHECK, "基层医疗卫生机构能力提升", countersign=True),
    DemoDocument("市卫生健康委", "通知", "江淮市卫生健康委员会关于加强院前急救体系建设的通知",
                 _DISTRICTS, Status.DISPATCHED, "院前急救体系建设", days_ago=18),
    # 市交通运输局, 市应急管理局, 市市场监管局, 市生态环境局, 市自然资源规划局
    DemoDocument("市交通运输局", "通知", "江淮市交通运输局关于做好汛期公路安全保畅工作的通知",
                 _DISTRICTS, Status.REGISTER, "汛期公路安全保畅", urgency="urgent"),
    DemoDocument("市交通运输局", "通知", "江淮市交通运输局关于开展道路运输安全生产大检查的通知",
                 _DISTRICTS, Status.DISPATCHED, "道路运输安全生产大检查", days_ago=15),
    DemoDocument("市应急管理局", "通知", "江淮市应急管理局关于做好2026年防汛抗旱准备工作的通知",
                 _DISTRICTS, Status.SEAL, "防汛抗旱准备", urgency="extra_urgent"),
    DemoDocument("市应急管理局", "通知", "江淮市应急管理局关于开展危险化学品安全风险排查的通知",
                 _DISTRICTS, Status.DISPATCHED, "危险化学品安全风险排查", urgency="urgent", days_ago=12),
    DemoDocument("市市场监管局", "通知", "江淮市市场监督管理局关于开展食品安全抽检监测工作的通知",
                 _DISTRICTS, Status.DRAFT, "食品安全抽检监测"),
    DemoDocument("市市场监管局", "通知", "江淮市市场监督管理局关于加强特种设备安全监管的通知",
                 _DISTRICTS, Status.DISPATCHED, "特种设备安全监管", days_ago=10),
    DemoDocument("市生态环境局", "通知", "江淮市生态环境局关于做好夏季臭氧污染防控工作的通知",
                 _DISTRICTS, Status.DISPATCH, "夏季臭氧污染防控"),
    DemoDocument("市自然资源规划局", "通知", "江淮市自然资源和规划局关于开展耕地保护督察整改的通知",
                 _DISTRICTS, Status.REVIEW, "耕地保护督察整改"),
    DemoDocument("市自然资源规划局", "通知", "江淮市自然资源和规划局关于做好地质灾害防治工作的通知",
                 _DISTRICTS, Status.DISPATCHED, "地质灾害防治", days_ago=6),
    # 市委办公室: a classified (秘密) notice with numbered printed copies
    DemoDocument("江淮市委办公室", "通知", CLASSIFIED_TITLE, _DISTRICT_COMMITTEES, Status.DISPATCHED,
                 "元旦春节期间安全保密", classification="秘密", classification_period="1年",
                 copies=tuple((name, 3) for name in _DISTRICT_COMMITTEES), days_ago=8),
    # 市人大常委会 and 市政协 offices
    DemoDocument("江淮市人大常委会", "通知", "江淮市人民代表大会常务委员会关于开展代表集中视察活动的通知",
                 ("江淮市发展和改革委员会", "江淮市教育局"), Status.DISPATCHED, "代表集中视察", days_ago=20),
    DemoDocument("江淮市政协", "通知", "中国人民政治协商会议江淮市委员会关于做好委员提案办理工作的通知",
                 ("江淮市财政局", "江淮市教育局"), Status.AUDIT, "委员提案办理"),
)  # fmt: skip


def _seal_png() -> bytes:
    """A plain round red seal image for an organ that has none yet (the demo's stand-in for the
    seal the organ's administrator uploads)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 232, 232), outline=(210, 20, 20, 255), width=12)
    draw.regular_polygon((120, 120, 42), 5, fill=(210, 20, 20, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _ensure_seal(organ: Organ) -> None:
    if not organ.seal:
        organ.seal.save(f"demo-seal-{organ.pk}.png", ContentFile(_seal_png()), save=True)


def office_drafting_post(organ: Organ) -> Post | None:
    """The first 拟稿人 post of the organ's office (its holder drafts the organ's documents)."""
    return (
        Post.objects.filter(
            department__organ=organ,
            department__is_office=True,
            is_active=True,
            roles__role=Role.DRAFTER,
        )
        .select_related("holder", "department")
        .order_by("sort_order", "id")
        .first()
    )


def _content(spec: DemoDocument, drafter) -> dict:
    body = list(spec.body) or [
        f"为做好{spec.topic}工作，根据上级有关部署，结合我市实际，现就有关事项{spec.doc_type}如下。",
        "一、提高思想认识",
        f"各单位要充分认识{spec.topic}工作的重要意义，切实加强组织领导，明确责任分工。",
        "二、抓好工作落实",
        "各单位要制定具体方案，细化工作措施，确保各项任务按期完成。",
        "三、及时报送情况",
        "请于每月5日前将工作进展情况报送我单位办公室。",
    ]
    if spec.doc_type == "请示" and not spec.body:
        body = [
            f"为推进{spec.topic}有关工作，现将有关情况请示如下。",
            "一、基本情况",
            "目前各项前期准备工作已基本完成，尚有部分经费缺口。",
            "二、请求事项",
            "恳请市政府予以研究支持。",
            "妥否，请批示。",
        ]
    phone = getattr(drafter, "phone", "") or "0551-65000000"
    secrecy = (
        {"classification": spec.classification, "classification_period": spec.classification_period}
        if spec.classification
        else {}
    )
    return {
        **secrecy,
        "doc_type": spec.doc_type,
        "title": spec.title,
        "primary_recipients": list(spec.to),
        "cc_recipients": list(spec.cc),
        "urgency": {"urgent": "加急", "extra_urgent": "特急"}.get(spec.urgency, ""),
        "body": [{"text": text, "level": 0} for text in body],
        "note": f"联系人：{drafter}，联系电话：{phone}" if spec.doc_type == "请示" else "",
    }


def _countersign_department(document: OutgoingDocument):
    for department in Department.objects.filter(organ=document.organ, is_active=True).exclude(
        pk=document.department_id
    ):
        person = permissions.countersigners_for(document, department=department).first()
        if person is not None:
            return department, person
    return None, None


def _signer(document: OutgoingDocument, spec: DemoDocument):
    signers = permissions.signers_for(document)
    if spec.signer:
        return signers.get(username=spec.signer)
    if not document.needs_principal:
        leader = signers.exclude(posts__roles__role=Role.PRINCIPAL).first()
        if leader is not None:
            return leader
    return signers.first()


def _clerk(document: OutgoingDocument, drafter):
    """Who registers, seals and dispatches: the drafter when the drafter is one of the office's
    文书 (as in a small office), else the first of them."""
    clerks = permissions.clerks_for(document)
    return clerks.filter(pk=drafter.pk).first() or clerks.first()


def _step(document: OutgoingDocument, spec: DemoDocument, drafter, clock: DemoClock) -> None:
    """Move ``document`` one step forward along the route, as the person who holds it, a few
    office hours after the step before."""
    status = document.status
    clock.advance(hours=2 + document.steps.count() % 3)
    if status == Status.DRAFT:
        services.route_submit(
            document=document,
            actor=drafter,
            reviewer=permissions.reviewers_for(document).first(),
            opinion="请审核。",
        )
    elif status == Status.REVIEW:
        reviewer = document.current_handler
        services.route_pass(
            document=document,
            actor=reviewer,
            opinion="核稿通过。",
            next_handler=permissions.auditors_for(document).first(),
        )
    elif status == Status.AUDIT:
        countersigns = []
        if spec.countersign:
            department, person = _countersign_department(document)
            if department is not None:
                countersigns = [{"department": department, "organ": None, "assignee": person}]
        services.route_pass(
            document=document,
            actor=document.current_handler,
            opinion="经审核，行文规范，同意呈签。",
            next_handler=_signer(document, spec),
            countersigns=countersigns,
            checklist=list(services.AUDIT_CHECKLIST),
        )
    elif status == Status.COUNTERSIGN:
        for row in document.countersigns.filter(active=True, done_at__isnull=True):
            services.countersign_complete(
                document=document, actor=row.assignee, opinion="同意，无不同意见。"
            )
            document.refresh_from_db()
    elif status == Status.SIGN_OFF:
        services.document_sign_off(
            document=document,
            actor=document.current_handler,
            opinion="同意。",
            override_reason="演示数据：审核助手提示已知悉。",
        )
    elif status == Status.RECHECK:
        auditor = document.current_handler or permissions.auditors_for(document).first()
        services.document_recheck(document=document, actor=auditor, opinion="签发后无改动。")
    elif status == Status.REGISTER:
        services.document_register(document=document, actor=_clerk(document, drafter))
    elif status == Status.SEAL:
        clerk = _clerk(document, drafter)
        if spec.void_number and not document.numbers.filter(voided_at__isnull=False).exists():
            services.number_void(document=document, actor=clerk, reason="登记时文种选择有误")
        else:
            services.document_seal(document=document, actor=clerk)
    elif status == Status.DISPATCH:
        services.document_dispatch(
            document=document, actor=_clerk(document, drafter), copies=dict(spec.copies) or None
        )
    else:  # pragma: no cover - a terminal state has no next step
        raise RuntimeError(f"no step after {status}")
    document.refresh_from_db()


def _days_ago(spec: DemoDocument) -> int:
    if spec.days_ago is not None:
        return spec.days_ago
    return 2 + DOCUMENTS.index(spec) % 4


def make(spec: DemoDocument, clock: DemoClock, *, minutes: int | None = None):
    """Draft ``spec`` in its organ's office, ``days_ago`` days ago (``minutes`` after the
    opening), and drive it to its ``stop``."""
    organ = Organ.objects.filter(short_name=spec.organ, is_active=True).first()
    post = office_drafting_post(organ) if organ else None
    if post is None:
        return None
    drafter = post.holder
    if minutes is None:
        minutes = (DOCUMENTS.index(spec) * 37) % 180
    clock.days_ago(_days_ago(spec), minutes=minutes)
    if spec.stop in (Status.SEAL, Status.DISPATCH, Status.DISPATCHED) or spec.void_number:
        _ensure_seal(organ)
    document = services.draft_create(
        actor=drafter, content=_content(spec, drafter), department=post.department
    )
    if spec.stop == Status.WITHDRAWN:
        _step(document, spec, drafter, clock)
        services.route_withdraw(document=document, actor=drafter, reason="工作安排调整，暂不发文。")
        return document
    if spec.returned:
        _step(document, spec, drafter, clock)
        services.route_return(
            document=document,
            actor=document.current_handler,
            to_status=Status.DRAFT,
            reason="请补充工作时限和责任分工后再送审。",
        )
        document.refresh_from_db()
    drive(document, spec, drafter, clock)
    return document


def drive(document: OutgoingDocument, spec: DemoDocument, drafter, clock: DemoClock) -> None:
    """Carry ``document`` on to ``spec.stop``, each step by its holder."""
    target = _ROUTE.index(spec.stop)
    for _guard in range(20):
        if document.status == spec.stop or _ROUTE.index(document.status) > target:
            break
        _step(document, spec, drafter, clock)


def seed_documents() -> int:
    """Create the demo's outgoing documents that are missing (keyed by title); return how many
    were created. Each route step commits on its own (the services' durable transactions).

    The documents are made oldest first, on the demo clock (``zhongshu.demo.clock``), so that
    each organ's 发文字号 follow the dates of 登记 and the dispatched ones land in the receivers'
    inboxes days or weeks ago.
    """
    existing = set(
        OutgoingDocument.objects.filter(title__in=[d.title for d in DOCUMENTS]).values_list(
            "title", flat=True
        )
    )
    created = 0
    clock = DemoClock()
    with demo_time(clock):
        for spec in sorted(DOCUMENTS, key=_days_ago, reverse=True):
            if spec.title in existing:
                continue
            if make(spec, clock) is not None:
                created += 1
    return created
