"""收文 (incoming documents), 条例 第二十四条: from 签收 to 办结, 答复 and 归档.

An incoming document arrives in two ways: a ``DispatchRecipient`` line of a document
dispatched inside this deployment (the sender's 核发), or a paper/external document registered
by hand with its elements typed in and a scan attached. Each change of status goes through the
one compare-and-set helper in ``services/_common.py`` and leaves an append-only
``IncomingStep`` row: the 收文处理笺 (routing slip) is those rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhongshu.documents.archive.models import Retention
from zhongshu.documents.models import OutgoingDocument
from zhongshu.lib.models import AppendOnlyModel
from zhongshu.lib.workflow import Graph
from zhongshu.organs.models import Classification


class IncomingDocument(models.Model):
    """One incoming document (收文) of a receiving organ.

    Route (条例 第二十四条)::

        PENDING 待签收 ─acknowledge─▶ ACKNOWLEDGED 已签收 ─register─▶ REGISTERED 已登记
           │                                                         │
           └─refuse (wrong recipient)─▶ REFUSED (terminal)           ├─screen─▶ SCREENED 初审
                                                                     └─return─▶ RETURNED (terminal)
        SCREENED ─propose─▶ PROPOSED 拟办 ─all leaders instructed─▶ INSTRUCTED 批办
        PROPOSED (no leader named) ─assign─▶ HANDLING 承办
        INSTRUCTED ─assign─▶ HANDLING 承办 ─close─▶ CLOSED 办结 ─file─▶ FILED 归档 (terminal)
        INSTRUCTED ─close (阅知性, nothing to handle)─▶ CLOSED

    Paper documents are registered already signed for (they start at ACKNOWLEDGED). 传阅 runs
    beside the route (``Circulation``) and does not change the status; 催办 and 答复 are
    recorded as steps without a change of status.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待签收")
        ACKNOWLEDGED = "acknowledged", _("已签收")
        REGISTERED = "registered", _("已登记")
        SCREENED = "screened", _("已初审")
        PROPOSED = "proposed", _("已拟办")
        INSTRUCTED = "instructed", _("已批办")
        HANDLING = "handling", _("承办中")
        CLOSED = "closed", _("已办结")
        FILED = "filed", _("已归档")
        REFUSED = "refused", _("已拒收")
        RETURNED = "returned", _("已退回")

    class Source(models.TextChoices):
        DISPATCH = "dispatch", _("系统内来文")
        EXTERNAL = "external", _("纸质或系统外来文")

    # One definition each: an incoming copy carries the sender's urgency, and 保管期限 is the
    # archive's table (DA/T 22-2015).
    Urgency = OutgoingDocument.Urgency

    class InstructionMode(models.TextChoices):
        SEQUENTIAL = "sequential", _("依次批示")
        PARALLEL = "parallel", _("同时批示")

    Retention = Retention

    organ = models.ForeignKey(
        "organs.Organ", verbose_name=_("收文机关"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    # The sender's dispatch line: its page shows who signed for it and when (one-to-one: a
    # dispatch line lands once).
    dispatch_recipient = models.OneToOneField(
        "documents.DispatchRecipient",
        verbose_name=_("分送记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming",
    )
    sender_name = models.CharField(_("来文单位"), max_length=100)
    sender_organ = models.ForeignKey(
        "organs.Organ",
        verbose_name=_("来文机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    doc_number = models.CharField(_("来文字号"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    doc_type = models.CharField(_("文种"), max_length=10, blank=True)
    classification = models.PositiveSmallIntegerField(
        _("密级"), choices=Classification.choices, default=Classification.NONE
    )
    urgency = models.CharField(
        _("紧急程度"), max_length=15, choices=Urgency.choices, blank=True, default=""
    )
    important = models.BooleanField(_("重要公文"), default=False)
    document_date = models.DateField(_("成文日期"), null=True, blank=True)
    copies = models.PositiveIntegerField(_("份数"), default=1)
    copy_range = models.CharField(_("份号"), max_length=30, blank=True)
    # The structured 公文 when the sender is in the deployment (the checker reads it at 初审).
    content = models.JSONField(_("公文内容"), default=dict, blank=True)
    scan = models.FileField(_("扫描件"), upload_to="incoming/scans/%Y/", blank=True)
    scan_sha256 = models.CharField(_("扫描件 SHA-256"), max_length=64, blank=True)

    status = models.CharField(
        _("状态"), max_length=15, choices=Status.choices, default=Status.PENDING
    )
    receipt_year = models.PositiveIntegerField(_("收文年度"), null=True, blank=True)
    receipt_seq = models.PositiveIntegerField(_("收文序号"), null=True, blank=True)
    receipt_number = models.CharField(_("收文号"), max_length=60, blank=True)
    deadline = models.DateTimeField(_("办理时限"), null=True, blank=True)
    # 条例 第二十四条(六): 紧急公文或重要公文应当由专人负责催办.
    chaser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("催办责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    instruction_mode = models.CharField(
        _("批示方式"), max_length=10, choices=InstructionMode.choices, blank=True
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    acknowledged_copies = models.PositiveIntegerField(_("签收份数"), null=True, blank=True)
    reason = models.CharField(_("拒收或退回理由"), max_length=500, blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    retention = models.CharField(_("保管期限"), max_length=3, choices=Retention.choices, blank=True)
    filed_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("收到时间"))
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("收文")
        verbose_name_plural = _("收文")
        ordering = ["-created_at", "-id"]
        indexes = [
            # the inbox and the register: an organ's items by status, newest first
            models.Index(fields=["organ", "status", "-created_at"], name="incoming_organ_status"),
            # the register of a year in receipt-number order
            models.Index(fields=["organ", "receipt_year", "receipt_seq"], name="incoming_receipt"),
        ]
        constraints = [
            # 收文号: one per organ, year and sequence, never twice.
            models.UniqueConstraint(
                fields=["organ", "receipt_year", "receipt_seq"], name="incoming_receipt_unique"
            ),
            models.CheckConstraint(
                condition=Q(source="external", dispatch_recipient__isnull=True)
                | Q(source="dispatch", dispatch_recipient__isnull=False),
                name="incoming_source_matches_link",
            ),
            models.CheckConstraint(
                condition=Q(receipt_seq__isnull=True, receipt_number="")
                | Q(receipt_seq__isnull=False, receipt_year__isnull=False),
                name="incoming_receipt_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["refused", "returned"]) | ~Q(reason=""),
                name="incoming_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("incoming:detail", args=[self.pk])

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    @property
    def is_urgent(self) -> bool:
        return self.urgency != self.Urgency.NONE


Status = IncomingDocument.Status

# Every allowed change of status, declared once.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PENDING: frozenset({Status.ACKNOWLEDGED, Status.REFUSED}),
    Status.ACKNOWLEDGED: frozenset({Status.REGISTERED}),
    Status.REGISTERED: frozenset({Status.SCREENED, Status.RETURNED}),
    Status.SCREENED: frozenset({Status.PROPOSED}),
    Status.PROPOSED: frozenset({Status.INSTRUCTED, Status.HANDLING}),
    Status.INSTRUCTED: frozenset({Status.HANDLING, Status.CLOSED}),
    Status.HANDLING: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset({Status.FILED}),
    Status.FILED: frozenset(),
    Status.REFUSED: frozenset(),
    Status.RETURNED: frozenset(),
}
TERMINAL_STATUSES = frozenset({Status.FILED, Status.REFUSED, Status.RETURNED})
GRAPH = Graph(
    status=Status,
    transitions=TRANSITIONS,
    terminal=TERMINAL_STATUSES,
    refused=_("收文当前为“%(from)s”，不能转为“%(to)s”。"),
    conflict=_("该收文已被他人处理，请刷新后重试。"),
)
# The inbox tabs: 待签收 / 办理中 / 已办结.
INBOX_PENDING = frozenset({Status.PENDING})
INBOX_OPEN = frozenset(
    {
        Status.ACKNOWLEDGED,
        Status.REGISTERED,
        Status.SCREENED,
        Status.PROPOSED,
        Status.INSTRUCTED,
        Status.HANDLING,
    }
)
INBOX_DONE = frozenset({Status.CLOSED, Status.FILED, Status.REFUSED, Status.RETURNED})
# Circulation may start once the document is registered and until it is filed.
CIRCULABLE_STATUSES = INBOX_OPEN - {Status.ACKNOWLEDGED} | {Status.CLOSED}


class Item:
    """Work-item action names (plain Chinese: the workbench shows them; "批示" is matched by
    the flow module to the 批示 delegation scope)."""

    ACKNOWLEDGE = "签收"
    REGISTER = "收文登记"
    SCREEN = "初审"
    PROPOSE = "拟办"
    INSTRUCT = "批示"
    ASSIGN = "交办承办"
    HANDLE = "承办"
    CLOSE = "办结"
    READ = "传阅"
    TASK = "批示督办"
    FOLLOW = "催办跟踪"  # the named 催办 person's own step, due at the document's time limit


class IncomingStep(AppendOnlyModel):
    """One line of the 收文处理笺 (routing slip): who did what, with which opinion, when.

    Append-only. ``acting_for`` is set when the actor acted under a delegation ("X 代 Y").
    Steps that do not change the status (批示 of one leader, 承办 result of one department,
    传阅, 催办, 答复) have ``from_status == to_status``.
    """

    class Action(models.TextChoices):
        RECEIVE = "receive", _("来文")
        REGISTER_EXTERNAL = "register_external", _("登记来文")
        ACKNOWLEDGE = "acknowledge", _("签收")
        REFUSE = "refuse", _("拒收")
        REGISTER = "register", _("登记")
        SCREEN = "screen", _("初审")
        RETURN = "return", _("退回来文单位")
        PROPOSE = "propose", _("拟办")
        INSTRUCT = "instruct", _("批示")
        ASSIGN = "assign", _("交办承办")
        HANDLE = "handle", _("承办")
        CIRCULATE = "circulate", _("传阅")
        READ = "read", _("阅文")
        CHASE = "chase", _("催办")
        CLOSE = "close", _("办结")
        REPLY = "reply", _("答复")
        FILE = "file", _("归档")
        TASK = "task", _("批示转督办")

    document = models.ForeignKey(IncomingDocument, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField(_("环节"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代理对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion = models.TextField(_("意见"), blank=True)
    from_status = models.CharField(_("原状态"), max_length=15, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=15, choices=Status.choices)
    extra = models.JSONField(_("附加信息"), default=dict, blank=True)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("收文处理笺记录")
        verbose_name_plural = _("收文处理笺记录")
        ordering = ["document_id", "at", "id"]
        indexes = [
            # the routing slip of one document, in order
            models.Index(fields=["document", "at"], name="incomingstep_document"),
            # visibility: documents a person acted on
            models.Index(fields=["actor", "document"], name="incomingstep_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.signature}"

    @property
    def signature(self) -> str:
        if self.actor_id is None:
            return str(_("系统"))
        if self.acting_for_id:
            return f"{self.actor} 代 {self.acting_for}"
        return str(self.actor)


class Instruction(models.Model):
    """A leader's 批示 asked for at 拟办: open until the leader writes it (name and time kept).

    In SEQUENTIAL mode the leaders write in ``order``; only the first open one is asked at a
    time. In PARALLEL mode all are asked at once.
    """

    document = models.ForeignKey(
        IncomingDocument, on_delete=models.PROTECT, related_name="instructions"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批示领导"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("顺序"))
    text = models.TextField(_("批示"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("实际办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("送批时间"), null=True, blank=True)
    at = models.DateTimeField(_("批示时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批示")
        verbose_name_plural = _("批示")
        ordering = ["document_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="instruction_order"),
            models.UniqueConstraint(fields=["document", "leader"], name="instruction_leader"),
            models.CheckConstraint(
                condition=Q(at__isnull=True) | ~Q(text=""), name="instruction_done_has_text"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader}: {self.text[:20]}"

    @property
    def is_done(self) -> bool:
        return self.at is not None

    @property
    def signature(self) -> str:
        if self.actor_id and self.actor_id != self.leader_id:
            return f"{self.actor} 代 {self.leader}"
        return str(self.leader)


class Handling(models.Model):
    """承办 by one department: the lead (主办) or a co-department (协办), with its result."""

    document = models.ForeignKey(
        IncomingDocument, on_delete=models.PROTECT, related_name="handlings"
    )
    department = models.ForeignKey(
        "organs.Department", verbose_name=_("承办处室"), on_delete=models.PROTECT, related_name="+"
    )
    is_lead = models.BooleanField(_("主办"), default=False)
    deadline = models.DateTimeField(_("办理时限"), null=True, blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("交办时间"))

    class Meta:
        verbose_name = _("承办")
        verbose_name_plural = _("承办")
        ordering = ["document_id", "-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "department"], name="handling_unique"),
            # one lead department per document (条例 第二十四条(四): 明确主办部门)
            models.UniqueConstraint(
                fields=["document"], condition=Q(is_lead=True), name="handling_one_lead"
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | ~Q(result=""), name="handling_done_has_result"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} ({'主办' if self.is_lead else '协办'})"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Circulation(models.Model):
    """传阅: a stated purpose and readers, in order or all at once, with read tracking."""

    class Mode(models.TextChoices):
        SEQUENTIAL = "sequential", _("依次传阅")
        PARALLEL = "parallel", _("同时传阅")

    document = models.ForeignKey(
        IncomingDocument, on_delete=models.PROTECT, related_name="circulations"
    )
    purpose = models.CharField(_("传阅目的"), max_length=300)
    mode = models.CharField(_("方式"), max_length=10, choices=Mode.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发起时间"))
    completed_at = models.DateTimeField(_("阅毕时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("传阅")
        verbose_name_plural = _("传阅")
        ordering = ["document_id", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(purpose=""), name="circulation_has_purpose"),
        ]

    def __str__(self) -> str:
        return self.purpose


class CirculationReader(models.Model):
    """One reader of a circulation: when it reached them, when they read it, their opinion.

    "Who has it now" = received and not read; "who has not read" = not read.
    """

    circulation = models.ForeignKey(Circulation, on_delete=models.PROTECT, related_name="readers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("阅文人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    received_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅毕时间"), null=True, blank=True)
    opinion = models.TextField(_("阅文意见"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("实际办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chased_at = models.DateTimeField(_("最近催阅"), null=True, blank=True)

    class Meta:
        verbose_name = _("传阅人")
        verbose_name_plural = _("传阅人")
        ordering = ["circulation_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["circulation", "position"], name="reader_position"),
            models.UniqueConstraint(fields=["circulation", "person"], name="reader_person"),
            models.CheckConstraint(
                condition=Q(read_at__isnull=True) | Q(received_at__isnull=False),
                name="reader_read_after_received",
            ),
        ]
        indexes = [
            # visibility and "待阅": circulations a person is on
            models.Index(fields=["person", "read_at"], name="reader_person_read"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.person}"

    @property
    def state(self) -> str:
        if self.read_at is not None:
            return "read"
        if self.received_at is not None:
            return "holding"
        return "waiting"


class InstructionTask(models.Model):
    """A task made from a leader's 批示 in one step (content, lead unit, deadline).

    A minimal real record: the future 督办 module takes these over. The lead unit is a
    department of the receiving organ or another organ.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        CLOSED = "closed", _("已办结")

    instruction = models.ForeignKey(
        Instruction, verbose_name=_("来源批示"), on_delete=models.PROTECT, related_name="tasks"
    )
    document = models.ForeignKey(
        IncomingDocument, verbose_name=_("收文"), on_delete=models.PROTECT, related_name="tasks"
    )
    organ = models.ForeignKey(
        "organs.Organ", verbose_name=_("立项机关"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("督办事项"))
    lead_department = models.ForeignKey(
        "organs.Department",
        verbose_name=_("牵头处室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_organ = models.ForeignKey(
        "organs.Organ",
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateTimeField(_("办理时限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("立项人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("立项时间"))
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批示督办事项")
        verbose_name_plural = _("批示督办事项")
        ordering = ["deadline", "id"]
        indexes = [
            # the task page: an organ's open tasks by deadline
            models.Index(fields=["organ", "status", "deadline"], name="instructiontask_organ"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_department__isnull=False, lead_organ__isnull=True)
                | Q(lead_department__isnull=True, lead_organ__isnull=False),
                name="instructiontask_one_lead_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:40]

    @property
    def lead_unit_name(self) -> str:
        return str(self.lead_department or self.lead_organ)


class Reply(models.Model):
    """答复: the result sent back to the sender (第二十四条(七)); the sender's dispatch line
    shows it (``DispatchRecipient.incoming_replies``)."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.PROTECT, related_name="replies")
    dispatch_recipient = models.ForeignKey(
        "documents.DispatchRecipient",
        verbose_name=_("分送记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming_replies",
    )
    text = models.TextField(_("答复内容"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("答复时间"))

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["document_id", "at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="reply_has_text"),
        ]

    def __str__(self) -> str:
        return self.text[:40]
