"""归档 (DA/T 22-2015), 撤销/废止 marks and the 份号 register of classified copies.

A closed incoming document or a dispatched outgoing document becomes one 件 (``ArchiveItem``)
with its 年度, 保管期限, 机构（问题）code, gap-free 件号 and the 档号
``全宗号-WS·年度-保管期限-机构代码-件号`` (standards.md §4.1). Nothing here deletes a
document: revocation and abolition are ``DocumentStatusMark`` rows, and a destroyed copy keeps
its ``CopyRecord`` with register lines.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhongshu.lib.models import AppendOnlyModel
from zhongshu.lib.workflow import Graph
from zhongshu.organs.models import Classification


class Retention(models.TextChoices):
    PERMANENT = "Y", _("永久")
    D30 = "D30", _("定期30年")
    D10 = "D10", _("定期10年")


class ArchiveFonds(models.Model):
    """The 全宗号 (4 letters or digits) of an organ; without one the organ id, zero-padded."""

    organ = models.OneToOneField(
        "organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("全宗号"), max_length=4)

    class Meta:
        verbose_name = _("全宗")
        verbose_name_plural = _("全宗")

    def __str__(self) -> str:
        return self.code


class ArchiveItem(models.Model):
    """One 件: a filed incoming or outgoing document with its 档号 and catalogue fields.

    ``date`` is the sign-off date (成文日期) of an outgoing document and the receipt date of an
    incoming one; ``pages`` is counted from the stored PDFs; the files are copies whose SHA-256
    digests are kept, so the package exported later is the one filed.
    """

    organ = models.ForeignKey(
        "organs.Organ", verbose_name=_("立档机关"), on_delete=models.PROTECT, related_name="+"
    )
    incoming = models.OneToOneField(
        "incoming.IncomingDocument",
        verbose_name=_("收文"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="archive_item",
    )
    outgoing = models.OneToOneField(
        "documents.OutgoingDocument",
        verbose_name=_("发文"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="archive_item",
    )
    fonds_code = models.CharField(_("全宗号"), max_length=4)
    year = models.PositiveIntegerField(_("年度"))
    retention = models.CharField(_("保管期限"), max_length=3, choices=Retention.choices)
    class_code = models.CharField(_("机构（问题）代码"), max_length=10)
    seq = models.PositiveIntegerField(_("件号"))
    archival_code = models.CharField(_("档号"), max_length=60, unique=True)
    title = models.CharField(_("题名"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    responsible = models.CharField(_("责任者"), max_length=100)
    date = models.DateField(_("日期"))
    classification = models.PositiveSmallIntegerField(
        _("密级"), choices=Classification.choices, default=Classification.NONE
    )
    pages = models.PositiveIntegerField(_("页数"))
    file = models.FileField(_("正文 PDF"), upload_to="archive/%Y/")
    file_sha256 = models.CharField(_("正文 SHA-256"), max_length=64)
    slip = models.FileField(_("处理单 PDF"), upload_to="archive/%Y/", blank=True)
    slip_sha256 = models.CharField(_("处理单 SHA-256"), max_length=64, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("归档人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("归档时间"))

    class Meta:
        verbose_name = _("归档文件")
        verbose_name_plural = _("归档文件")
        # 件号 as a number (never as a string: 2 before 10)
        ordering = ["organ_id", "year", "retention", "class_code", "seq"]
        indexes = [
            # the archivist's list and the export of a year, in 档号 order
            models.Index(
                fields=["organ", "year", "retention", "class_code", "seq"], name="archiveitem_year"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "year", "retention", "class_code", "seq"],
                name="archiveitem_seq_unique",
            ),
            models.CheckConstraint(
                condition=Q(incoming__isnull=False, outgoing__isnull=True)
                | Q(incoming__isnull=True, outgoing__isnull=False),
                name="archiveitem_one_document",
            ),
        ]

    def __str__(self) -> str:
        return self.archival_code

    @property
    def kind(self) -> str:
        return "incoming" if self.incoming_id else "outgoing"


class DocumentStatusMark(models.Model):
    """撤销 (void from the start) or 废止 (void from ``effective_from``) of a document.

    The document itself is never deleted nor changed; its pages show the mark.
    """

    class Kind(models.TextChoices):
        REVOKE = "revoke", _("撤销")
        ABOLISH = "abolish", _("废止")

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    incoming = models.ForeignKey(
        "incoming.IncomingDocument",
        verbose_name=_("收文"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="status_marks",
    )
    outgoing = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("发文"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="status_marks",
    )
    reason = models.CharField(_("理由"), max_length=500)
    effective_from = models.DateField(_("失效日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("标记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("标记时间"))

    class Meta:
        verbose_name = _("撤销或废止标记")
        verbose_name_plural = _("撤销或废止标记")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(incoming__isnull=False, outgoing__isnull=True)
                | Q(incoming__isnull=True, outgoing__isnull=False),
                name="statusmark_one_document",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="statusmark_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_from}"


class CopyRecord(models.Model):
    """One numbered copy (份号) of a classified outgoing document, from dispatch to its end.

    Route::

        DISPATCHED 已分发 ─return─▶ RETURNED 已清退 (terminal)
           └─request destruction─▶ DESTRUCTION_REQUESTED 待审批销毁 ─approve─▶ DESTROYED 已销毁
                                         └─reject─▶ DISPATCHED
    """

    class Status(models.TextChoices):
        DISPATCHED = "dispatched", _("已分发")
        RETURNED = "returned", _("已清退")
        DESTRUCTION_REQUESTED = "destruction_requested", _("待审批销毁")
        DESTROYED = "destroyed", _("已销毁")

    document = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("发文"),
        on_delete=models.PROTECT,
        related_name="copy_records",
    )
    copy_number = models.PositiveIntegerField(_("份号"))
    holder = models.ForeignKey(
        "organs.Organ", verbose_name=_("持有单位"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=25, choices=Status.choices, default=Status.DISPATCHED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    request_reason = models.CharField(_("销毁理由"), max_length=500, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("涉密文件份号")
        verbose_name_plural = _("涉密文件份号")
        ordering = ["document_id", "copy_number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "copy_number"], name="copyrecord_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.copy_number:06d}"


COPY_TRANSITIONS: dict[str, frozenset[str]] = {
    CopyRecord.Status.DISPATCHED: frozenset(
        {CopyRecord.Status.RETURNED, CopyRecord.Status.DESTRUCTION_REQUESTED}
    ),
    CopyRecord.Status.DESTRUCTION_REQUESTED: frozenset(
        {CopyRecord.Status.DESTROYED, CopyRecord.Status.DISPATCHED}
    ),
    CopyRecord.Status.RETURNED: frozenset(),
    CopyRecord.Status.DESTROYED: frozenset(),
}
COPY_TERMINAL_STATUSES = frozenset({CopyRecord.Status.RETURNED, CopyRecord.Status.DESTROYED})
COPY_GRAPH = Graph(
    status=CopyRecord.Status,
    transitions=COPY_TRANSITIONS,
    terminal=COPY_TERMINAL_STATUSES,
    refused=_("份号 %(no)s 当前为“%(from)s”，不能转为“%(to)s”。"),
    conflict=_("该份文件已被他人处理，请刷新后重试。"),
)


class CopyRegisterLine(AppendOnlyModel):
    """One append-only line of the 份号 register: dispatch, return, request, approval, destruction."""

    record = models.ForeignKey(CopyRecord, on_delete=models.PROTECT, related_name="lines")
    from_status = models.CharField(
        _("原状态"), max_length=25, choices=CopyRecord.Status.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=25, choices=CopyRecord.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("份号登记")
        verbose_name_plural = _("份号登记")
        ordering = ["record_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.record} {self.to_status}"
