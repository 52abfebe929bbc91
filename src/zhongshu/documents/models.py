"""发文 (outgoing documents): the route from 拟稿 to 核发, the processing sheet, numbers and files.

The content of a document is the structured 公文 of ``zhongshu.gongwen`` (``Document``), kept as
JSON; the columns beside it (title, type, 密级, urgency…) are copies for lists and permissions.
Each change of status goes through one compare-and-set move (``GRAPH``, through ``flow.core``) and
leaves one append-only ``DocumentStep`` row: the 发文稿纸 is those rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhongshu.lib.models import AppendOnlyModel
from zhongshu.lib.workflow import Graph
from zhongshu.organs.models import Classification


class OutgoingDocument(models.Model):
    """One outgoing document (发文) of an organ, from the draft to its dispatch.

    Route (条例 第十九至二十二、二十五条)::

        DRAFT 拟稿 ─submit─▶ REVIEW 核稿 ─pass─▶ AUDIT 办公室审核 ─pass─▶ COUNTERSIGN 会签 ─┐
                                                    │                   (all done)        │
                                                    └──────pass (no 会签)──▶ SIGN_OFF 签发 ◀┘
        SIGN_OFF ─sign─▶ RECHECK 复核 ─pass─▶ REGISTER 登记/编号 ─number─▶ SEAL 用印 ─seal─▶
        DISPATCH 核发 ─dispatch─▶ DISPATCHED 已核发 (terminal)

        RECHECK ─substantive change─▶ SIGN_OFF (back to the signer)
        REVIEW…RECHECK ─return─▶ any step already passed in the current round (DRAFT included);
                                 the route then runs forward again from there (domain.md §8)
        SEAL ─number voided─▶ REGISTER (a new number is allocated; the voided one stays)
        SEAL, DISPATCH ─return─▶ any step passed in this round up to REGISTER: the number is
                                 voided in the same act and the sealed files stop being current
                                 (kept, never changed); the route runs forward again
        DRAFT…SIGN_OFF ─withdraw (drafter)─▶ WITHDRAWN (terminal)

    Once DISPATCHED nothing changes; a correction is a new document (``corrects``, with
    ``correction_kind`` 修改/撤销/废止) that runs the whole route, and its 核发 marks the old one.

    ``status`` is the step the document waits in; ``current_handler`` the person who must act
    there (None for the pooled office steps 登记/用印/核发 and for 会签, whose handlers are the
    ``Countersign`` rows). The 发文字号 and the 成文日期 are never set while drafting: the number
    is allocated at 登记, the date is the sign-off date.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("拟稿")
        REVIEW = "review", _("核稿")
        AUDIT = "audit_check", _("办公室审核")
        COUNTERSIGN = "countersign", _("会签")
        SIGN_OFF = "sign_off", _("签发")
        RECHECK = "recheck", _("复核")
        REGISTER = "register", _("登记编号")
        SEAL = "seal", _("用印")
        DISPATCH = "dispatch", _("核发")
        DISPATCHED = "dispatched", _("已核发")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Direction(models.TextChoices):
        UNKNOWN = "", _("未定")
        UP = "up", _("上行文")
        DOWN = "down", _("下行文")
        LEVEL = "level", _("平行文")

    class Urgency(models.TextChoices):
        NONE = "", _("普通")
        URGENT = "urgent", _("加急")
        EXTRA_URGENT = "extra_urgent", _("特急")

    class CorrectionKind(models.TextChoices):
        NONE = "", _("（非更正文件）")
        AMEND = "amend", _("修改")
        REVOKE = "revoke", _("撤销")
        ABOLISH = "abolish", _("废止")

    organ = models.ForeignKey(
        "organs.Organ", verbose_name=_("发文机关"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "organs.Department",
        verbose_name=_("拟稿处室"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        on_delete=models.PROTECT,
        related_name="outgoing_drafted",
    )
    content = models.JSONField(_("公文内容"), default=dict)
    title = models.CharField(_("标题"), max_length=300)
    doc_type = models.CharField(_("文种"), max_length=10)
    direction = models.CharField(
        _("行文方向"), max_length=10, choices=Direction.choices, blank=True, default=""
    )
    classification = models.PositiveSmallIntegerField(
        _("密级"), choices=Classification.choices, default=Classification.NONE
    )
    urgency = models.CharField(
        _("紧急程度"), max_length=15, choices=Urgency.choices, blank=True, default=""
    )
    important = models.BooleanField(_("重要公文"), default=False)
    status = models.CharField(
        _("状态"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    round = models.PositiveIntegerField(_("轮次"), default=1)
    current_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("当前办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The leader named at 办公室审核 to sign after the 会签 (kept while the 会签 runs).
    planned_signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_on = models.DateField(_("签发日期"), null=True, blank=True)
    signed_content_hash = models.CharField(_("签发稿摘要"), max_length=64, blank=True)
    doc_number = models.CharField(_("发文字号"), max_length=60, blank=True)
    deadline = models.DateTimeField(_("办理时限"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("核发时间"), null=True, blank=True)
    # A correction: this document amends, revokes or abolishes an issued one (which never
    # changes itself); its 核发 marks the old one (services/dispatch.py).
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("所更正的公文"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_kind = models.CharField(
        _("更正方式"), max_length=10, choices=CorrectionKind.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("发文")
        verbose_name_plural = _("发文")
        ordering = ["-updated_at", "-id"]
        indexes = [
            # "我起草的" list: a drafter's documents, newest first
            models.Index(fields=["drafter", "-updated_at"], name="outgoing_drafter"),
            # the office's lists and the issued register: an organ's documents by status
            models.Index(fields=["organ", "status", "-updated_at"], name="outgoing_organ_status"),
            # "待我办理": documents waiting for one person
            models.Index(fields=["current_handler", "status"], name="outgoing_handler"),
        ]
        constraints = [
            # A number exists only from 登记 on (domain.md §8: never at drafting).
            models.CheckConstraint(
                condition=Q(doc_number="")
                | Q(status__in=["register", "seal", "dispatch", "dispatched"]),
                name="outgoing_number_only_after_register",
            ),
            # A correction names both the document it corrects and how; nothing else does.
            models.CheckConstraint(
                condition=Q(corrects__isnull=True, correction_kind="")
                | (Q(corrects__isnull=False) & ~Q(correction_kind="")),
                name="outgoing_correction_kind_with_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title or _("（无标题）")

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def status_label(self) -> str:
        return str(self.get_status_display())

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    @property
    def is_urgent(self) -> bool:
        return self.urgency != self.Urgency.NONE

    @property
    def current_files(self):
        """The sealed files of the current number (those of a voided number stay stored)."""
        return self.files.filter(number__voided_at__isnull=True)

    @property
    def needs_principal(self) -> bool:
        """上行文 and important documents are signed by the organ's principal (第二十二条)."""
        return self.direction == self.Direction.UP or self.important


Status = OutgoingDocument.Status

# The route's order: a return goes only backwards along it.
ROUTE_ORDER: tuple[str, ...] = (
    Status.DRAFT,
    Status.REVIEW,
    Status.AUDIT,
    Status.COUNTERSIGN,
    Status.SIGN_OFF,
    Status.RECHECK,
    Status.REGISTER,
    Status.SEAL,
    Status.DISPATCH,
)

# Every allowed change of status, declared once. Returns are listed here as edges; which of
# them is open for a given document depends on the steps passed in its current round.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.REVIEW, Status.WITHDRAWN}),
    Status.REVIEW: frozenset({Status.AUDIT, Status.DRAFT, Status.WITHDRAWN}),
    Status.AUDIT: frozenset(
        {Status.COUNTERSIGN, Status.SIGN_OFF, Status.DRAFT, Status.REVIEW, Status.WITHDRAWN}
    ),
    Status.COUNTERSIGN: frozenset(
        {Status.SIGN_OFF, Status.DRAFT, Status.REVIEW, Status.AUDIT, Status.WITHDRAWN}
    ),
    Status.SIGN_OFF: frozenset(
        {
            Status.RECHECK,
            Status.DRAFT,
            Status.REVIEW,
            Status.AUDIT,
            Status.COUNTERSIGN,
            Status.WITHDRAWN,
        }
    ),
    Status.RECHECK: frozenset(
        {
            Status.REGISTER,
            Status.SIGN_OFF,
            Status.DRAFT,
            Status.REVIEW,
            Status.AUDIT,
            Status.COUNTERSIGN,
        }
    ),
    Status.REGISTER: frozenset({Status.SEAL}),
    # From 用印 and 核发 a return goes back at most to 登记: the number is voided with it, so
    # the document can only run forward again from a step that needs no number.
    Status.SEAL: frozenset(
        {
            Status.DISPATCH,
            Status.REGISTER,
            Status.DRAFT,
            Status.REVIEW,
            Status.AUDIT,
            Status.COUNTERSIGN,
            Status.SIGN_OFF,
            Status.RECHECK,
        }
    ),
    Status.DISPATCH: frozenset(
        {
            Status.DISPATCHED,
            Status.REGISTER,
            Status.DRAFT,
            Status.REVIEW,
            Status.AUDIT,
            Status.COUNTERSIGN,
            Status.SIGN_OFF,
            Status.RECHECK,
        }
    ),
    Status.DISPATCHED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
TERMINAL_STATUSES = frozenset({Status.DISPATCHED, Status.WITHDRAWN})
GRAPH = Graph(
    status=Status,
    transitions=TRANSITIONS,
    terminal=TERMINAL_STATUSES,
    refused=_("公文当前处于“%(from)s”环节，不能转到“%(to)s”。"),
    conflict=_("该公文已被他人处理，请刷新后重试。"),
)
# Steps from which the document may be returned (第二十一条). At 用印 and 核发 the return also
# voids the number (services/route.py); once dispatched only a correction document can follow.
RETURNABLE_STATUSES = frozenset(
    {
        Status.REVIEW,
        Status.AUDIT,
        Status.COUNTERSIGN,
        Status.SIGN_OFF,
        Status.RECHECK,
        Status.SEAL,
        Status.DISPATCH,
    }
)
# Steps at which a number exists: a return from them voids it.
NUMBERED_STATUSES = frozenset({Status.SEAL, Status.DISPATCH})
# The drafter may withdraw until the document is signed.
WITHDRAWABLE_STATUSES = frozenset(
    {Status.DRAFT, Status.REVIEW, Status.AUDIT, Status.COUNTERSIGN, Status.SIGN_OFF}
)
# Steps where the current handler may still edit the content (核稿人 and 办公室 correct the text).
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.REVIEW, Status.AUDIT, Status.RECHECK})


# The work-item action of each step. Plain Chinese, not translated: the flow module matches "签发"
# to the SIGN_OFF delegation scope, and the workbench shows them as they are.
WORK_ITEM_ACTIONS: dict[str, str] = {
    Status.DRAFT: "拟稿修改",
    Status.REVIEW: "核稿",
    Status.AUDIT: "办公室审核",
    Status.COUNTERSIGN: "会签",
    Status.SIGN_OFF: "签发",
    Status.RECHECK: "复核",
    Status.REGISTER: "登记编号",
    Status.SEAL: "用印",
    Status.DISPATCH: "核发",
}
RECEIVE_ACTION = "收文"


class DocumentStep(AppendOnlyModel):
    """One line of the 发文稿纸 (processing sheet): who did what at which step, and when.

    Append-only. ``actor`` is the person who acted; ``acting_for`` is set when the actor acted
    under a delegation ("actor 代 acting_for"). ``round`` counts the drafts: it rises by one
    each time the document is returned to the drafter.
    """

    class Decision(models.TextChoices):
        SUBMIT = "submit", _("送审")
        PASS = "pass", _("通过")
        RETURN = "return", _("退回")
        WITHDRAW = "withdraw", _("撤回")
        SIGN = "sign", _("签发")
        CIRCLE = "circle", _("圈阅")
        OVERRIDE = "override", _("不采纳审核意见")
        EDIT = "edit", _("修改")
        NUMBER = "number", _("编号")
        VOID = "void", _("作废文号")
        SEAL = "seal", _("用印")
        DISPATCH = "dispatch", _("核发")

    document = models.ForeignKey(OutgoingDocument, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(_("环节"), max_length=15, choices=OutgoingDocument.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
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
    decision = models.CharField(_("处理"), max_length=10, choices=Decision.choices)
    from_status = models.CharField(
        _("原状态"), max_length=15, choices=OutgoingDocument.Status.choices
    )
    to_status = models.CharField(
        _("新状态"), max_length=15, choices=OutgoingDocument.Status.choices
    )
    round = models.PositiveIntegerField(_("轮次"))
    extra = models.JSONField(_("附加信息"), default=dict, blank=True)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("发文稿纸记录")
        verbose_name_plural = _("发文稿纸记录")
        ordering = ["document_id", "at", "id"]
        indexes = [
            # the processing sheet of one document, in order
            models.Index(fields=["document", "at"], name="docstep_document"),
            # "我经手的": documents a person acted on (visibility)
            models.Index(fields=["actor", "document"], name="docstep_actor"),
            # visibility: the documents a delegate acted on for this person (visible_q). Partial:
            # few steps are delegated, and SQLite, whose statistics see the FK index of an
            # almost all-NULL column as useless, scanned every step for "acting_for_id = ?".
            models.Index(
                fields=["acting_for", "document"],
                condition=Q(acting_for__isnull=False),
                name="docstep_acting_for",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.signature} {self.get_decision_display()}"

    @property
    def signature(self) -> str:
        """The name as the sheet prints it: "张三" or "李秘书 代 王主要"."""
        if self.acting_for_id:
            return f"{self.actor} 代 {self.acting_for}"
        return str(self.actor)

    @property
    def handler(self):
        """The person to whom the step belonged (the principal when a delegate acted)."""
        return self.acting_for if self.acting_for_id else self.actor


class Countersign(models.Model):
    """A 会签 by a department of the organ or by another organ (a co-issuer of a joint document).

    Rows of one 会签 round are ``active``; a return behind the 会签 deactivates them (an open
    one is then cancelled, a done one superseded) and the next 会签 creates new rows.
    """

    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.PROTECT, related_name="countersigns"
    )
    department = models.ForeignKey(
        "organs.Department",
        verbose_name=_("会签处室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organ = models.ForeignKey(
        "organs.Organ",
        verbose_name=_("会签机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_co_issuer = models.BooleanField(_("联合发文机关"), default=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("会签人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("实际办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion = models.TextField(_("会签意见"), blank=True)
    round = models.PositiveIntegerField(_("轮次"))
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("发起时间"))
    done_at = models.DateTimeField(_("会签时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会签")
        verbose_name_plural = _("会签")
        ordering = ["document_id", "created_at", "id"]
        indexes = [
            # "is the 会签 complete": a document's active rows still open
            models.Index(fields=["document", "active", "done_at"], name="countersign_open"),
            # visibility: the documents a person countersigns
            models.Index(fields=["assignee", "document"], name="countersign_assignee"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False, organ__isnull=True)
                | Q(department__isnull=True, organ__isnull=False),
                name="countersign_department_xor_organ",
            ),
        ]

    def __str__(self) -> str:
        unit = self.department or self.organ
        return f"{unit} {self.assignee}"

    @property
    def unit_name(self) -> str:
        return str(self.department or self.organ)

    @property
    def is_open(self) -> bool:
        return self.active and self.done_at is None


class DocNumber(models.Model):
    """One allocated 发文字号: the number register. A voided number stays here, marked voided."""

    organ = models.ForeignKey(
        "organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    org_code = models.CharField(_("机关代字"), max_length=20)
    year = models.PositiveIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    document = models.ForeignKey(
        OutgoingDocument, verbose_name=_("公文"), on_delete=models.PROTECT, related_name="numbers"
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    allocated_at = models.DateTimeField(_("登记时间"))
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("发文字号")
        verbose_name_plural = _("发文字号")
        ordering = ["org_code", "year", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["org_code", "year", "seq"], name="docnumber_unique"),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="docnumber_void_has_reason",
            ),
        ]
        indexes = [
            # the number register of an organ and year, sorted numerically by seq
            models.Index(fields=["organ", "year", "seq"], name="docnumber_register"),
        ]

    def __str__(self) -> str:
        return f"{self.org_code}〔{self.year}〕{self.seq}号"

    @property
    def text(self) -> str:
        return str(self)

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


def _issued_upload_to(instance: IssuedFile, filename: str) -> str:
    return f"documents/issued/{instance.document_id}/{filename}"


class IssuedFile(models.Model):
    """A file produced at 用印 (the sealed PDF, the .docx), with its digests. Never changed.

    ``number`` is the 发文字号 the file was sealed under. A return after 登记 voids that number,
    and with it the files stop being current (they stay stored, unchanged); the document is
    sealed again under its new number. The current files are those of the unvoided number.
    """

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF 版式文件")
        DOCX = "docx", _("Word 文档")

    document = models.ForeignKey(OutgoingDocument, on_delete=models.PROTECT, related_name="files")
    number = models.ForeignKey(
        DocNumber,
        verbose_name=_("发文字号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )
    kind = models.CharField(_("类型"), max_length=5, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to=_issued_upload_to)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    sm3 = models.CharField(_("SM3"), max_length=64, blank=True)
    # Where the typesetter left the 份号's line free on a classified PDF (page, x_mm, top_mm,
    # size_pt; ``watermark.CopyNumberSlot``): each numbered copy is stamped there on download.
    copy_number_slot = models.JSONField(_("份号位置"), null=True, blank=True)
    created_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("成文文件")
        verbose_name_plural = _("成文文件")
        # newest first within a kind: ``.filter(document=…, kind=…).first()`` is the current file
        ordering = ["document_id", "kind", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["number", "kind"], name="issuedfile_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("IssuedFile rows never change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("IssuedFile rows never change")


class DispatchRecipient(models.Model):
    """A recipient of a dispatched document (主送 or 抄送), with copies and 份号 range.

    ``organ`` is set when the name matches an organ of this deployment (its clerks are notified
    and will receive it in their inbox); otherwise the name stays for paper dispatch.
    """

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("主送")
        CC = "cc", _("抄送")

    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.PROTECT, related_name="recipients"
    )
    organ = models.ForeignKey(
        "organs.Organ",
        verbose_name=_("收文机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    copies = models.PositiveIntegerField(_("份数"), default=1)
    copy_number_from = models.PositiveIntegerField(_("起始份号"), null=True, blank=True)
    copy_number_to = models.PositiveIntegerField(_("终止份号"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("分发时间"))
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("分送单位")
        verbose_name_plural = _("分送单位")
        ordering = ["document_id", "id"]
        indexes = [
            # a receiving organ's dispatched documents (visibility of its clerks, later its inbox)
            models.Index(fields=["organ", "document"], name="dispatchrecipient_organ"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(copy_number_from__isnull=True, copy_number_to__isnull=True)
                | Q(copy_number_to__gte=models.F("copy_number_from")),
                name="dispatchrecipient_copy_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    @property
    def copy_range(self) -> str:
        if self.copy_number_from is None:
            return ""
        return f"{self.copy_number_from:06d}—{self.copy_number_to:06d}"
