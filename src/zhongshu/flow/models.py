"""Work items: one person's step on any object of any module (待办, 待阅), with its deadline.

Every module (公文, 督查督办, 会务, 信息, 值班, 后勤, 系统) creates a work item for each step a
person must take, through ``zhongshu.flow.services``. The workbench lists them all in one query,
the periodic scan reminds and escalates them, and rotation hands them on. The deadline and the
reminder state belong to the item, not to the person, so they survive returns, hand-overs and
delegation (domain.md §8).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongshu.lib import clock
from zhongshu.lib.models import AppendOnlyModel
from zhongshu.lib.workflow import Graph

#: Completed by someone other than the assignee (a delegate, a colleague on a pooled step). A
#: comparison of two columns, never NULL-true, and without parameters: the same SQL in the
#: partial index and in the query, so both PostgreSQL and SQLite match the index.
DONE_FOR_ANOTHER = Q(completed_by__lt=F("assignee")) | Q(completed_by__gt=F("assignee"))


class WorkItem(models.Model):
    """A person's step on an object, open until it is done or cancelled.

    State graph::

        OPEN ──complete──▶ DONE
          │
          └───cancel────▶ CANCELLED

    Hand-over (轮岗) is not a state: the item stays OPEN and keeps its id, deadline and reminder
    state; only the assignee changes, and a ``WorkItemTransition`` row of kind HAND_OVER keeps
    the original assignee. ``acting_for`` set at creation means the assignee acts for that
    person (shown as "assignee 代 acting_for"); an item completed by a delegate keeps the
    delegate in ``completed_by``.
    """

    class Kind(models.TextChoices):
        TODO = "todo", _("待办")
        TO_READ = "to_read", _("待阅")

    class Module(models.TextChoices):
        DOCUMENTS = "documents", _("公文")
        SUPERVISION = "supervision", _("督查督办")
        MEETINGS = "meetings", _("会务")
        INFORMATION = "information", _("信息")
        DUTY = "duty", _("值班")
        LOGISTICS = "logistics", _("后勤")
        SYSTEM = "system", _("系统")

    class State(models.TextChoices):
        OPEN = "open", _("办理中")
        DONE = "done", _("已办")
        CANCELLED = "cancelled", _("已撤销")

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        State.OPEN: {State.DONE, State.CANCELLED},
        State.DONE: set(),
        State.CANCELLED: set(),
    }
    TERMINAL_STATUSES = frozenset({State.DONE, State.CANCELLED})
    GRAPH = Graph(
        status=State,
        transitions=TRANSITIONS,
        terminal=TERMINAL_STATUSES,
        refused=_("该事项当前状态为“%(from)s”，不能再办理。"),
        conflict=_("该事项已被他人办理或撤销，请刷新后重试。"),
        field="state",
        stamp=None,
    )

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    module = models.CharField(_("模块"), max_length=20, choices=Module.choices)
    action = models.CharField(_("环节"), max_length=30)
    title = models.CharField(_("标题"), max_length=200)
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # workitem_target starts with it
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    url = models.CharField(_("链接"), max_length=300, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        on_delete=models.PROTECT,
        related_name="work_items",
        db_index=False,  # workitem_inbox and workitem_done_assignee start with it
    )
    post = models.ForeignKey(
        "organs.Post",
        verbose_name=_("岗位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_items",
        db_index=False,  # workitem_post starts with it
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代理对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # workitem_created_by starts with it
    )
    organ = models.ForeignKey(
        "organs.Organ",
        verbose_name=_("机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    urgent = models.BooleanField(_("紧急"), default=False)
    deadline = models.DateTimeField(_("办理期限"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("督促时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # see Meta.indexes
    )
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        ordering = ["-created_at", "-id"]
        # Every index costs each work-item write, so each one names the queries it serves.
        # The foreign keys assignee, created_by, post and target_type carry no index of their
        # own (``db_index=False``): an index below starts with each of them and serves their
        # lookups (and the PROTECT / SET_NULL checks on delete) as well. completed_by has none:
        # no query looks items up by it alone (deleting a user, which PROTECT refuses anyway
        # once they have work items, reads the table).
        indexes = [
            # workbench 待办/待阅 tabs and their counts (workitem_counts): a person's open items
            # of a kind; the modules' "does u hold an open 待办 on this" checks
            models.Index(
                fields=["assignee", "state", "kind", "-created_at"], name="workitem_inbox"
            ),
            # workbench 已办 tab, first arm (flow.selectors._done_arms): a person's done items,
            # whoever completed them, newest first; the arm's count reads the index alone
            models.Index(
                fields=["assignee", "state", "-completed_at", "-id"], name="workitem_done_assignee"
            ),
            # workbench 已办 tab, second arm: what a person completed for someone else (委托,
            # pooled steps), newest first. Partial: most items are completed by their assignee,
            # so the index stays small and costs nothing on those writes
            models.Index(
                fields=["completed_by", "-completed_at", "-id"],
                condition=DONE_FOR_ANOTHER,
                name="workitem_done_for_another",
            ),
            # workbench 我发起的 tab and its count
            models.Index(fields=["created_by", "-created_at"], name="workitem_created_by"),
            # flow_scan: open items whose deadline is near or past
            models.Index(fields=["state", "deadline"], name="workitem_due"),
            # workitems_complete_for_target and the modules' open steps on one object
            models.Index(fields=["target_type", "target_id", "state"], name="workitem_target"),
            # workitem_hand_over with a post: the post's open items
            models.Index(fields=["post", "state"], name="workitem_post"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_type__isnull=True, target_id__isnull=True)
                | Q(target_type__isnull=False, target_id__isnull=False),
                name="workitem_target_complete",
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | Q(completed_at__isnull=False),
                name="workitem_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.action}] {self.title}"

    def is_overdue(self, now=None) -> bool:
        """Open and past its deadline (the workbench marks these red)."""
        now = now or timezone.now()
        return self.state == self.State.OPEN and self.deadline is not None and self.deadline < now

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class WorkItemTransition(AppendOnlyModel):
    """One append-only line of a work item's history: who moved it, from what to what, and why.

    A hand-over keeps the previous and the new assignee here, so the history still names the
    person who held the item first. Rows are never updated or deleted.
    """

    class Kind(models.TextChoices):
        CREATE = "create", _("创建")
        COMPLETE = "complete", _("办结")
        CANCEL = "cancel", _("撤销")
        HAND_OVER = "hand_over", _("移交")

    item = models.ForeignKey(WorkItem, on_delete=models.PROTECT, related_name="transitions")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    from_state = models.CharField(
        _("原状态"), max_length=10, choices=WorkItem.State.choices, blank=True
    )
    to_state = models.CharField(_("新状态"), max_length=10, choices=WorkItem.State.choices)
    from_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("原办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("新办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
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
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), default=clock.now)

    class Meta:
        verbose_name = _("待办流转记录")
        verbose_name_plural = _("待办流转记录")
        ordering = ["item_id", "at", "id"]
        indexes = [
            # the history of one item, in order
            models.Index(fields=["item", "at"], name="workitemtransition_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_state or '-'} → {self.to_state} ({self.kind})"


class Sequence(models.Model):
    """One gap-free yearly register number: ``last`` is the last number given.

    Every register of the modules takes its numbers from here through
    ``flow.core.sequence_next``: the 发文字号 of a 机关代字, the 收文号 of an organ, the 件号 of
    an archive class, and the 督办编号, 期刊期号 and 值班报告号 of the modules to come. A
    register is an organ's (``organ`` set, ``key`` naming the register within it, or empty)
    or, for the 发文字号, one 机关代字's whichever organ uses it (``organ`` empty, the code in
    ``key``): ``DocNumber`` is unique by code, year and number.
    """

    class Kind(models.TextChoices):
        DOC_NUMBER = "doc_number", _("发文字号")
        RECEIPT = "receipt", _("收文号")
        ARCHIVE = "archive", _("件号")
        SUPERVISION = "supervision", _("督办编号")
        JOURNAL = "journal", _("期刊期号")
        DUTY_REPORT = "duty_report", _("值班报告号")

    kind = models.CharField(_("编号类别"), max_length=20, choices=Kind.choices)
    organ = models.ForeignKey(
        "organs.Organ",
        verbose_name=_("机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    key = models.CharField(_("序列"), max_length=40, blank=True)
    year = models.PositiveIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用号"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        constraints = [
            # one row per register and year; the row is the lock numbers are taken under
            models.UniqueConstraint(
                fields=["kind", "organ", "key", "year"],
                condition=Q(organ__isnull=False),
                name="sequence_unique_in_organ",
            ),
            models.UniqueConstraint(
                fields=["kind", "key", "year"],
                condition=Q(organ__isnull=True),
                name="sequence_unique_shared",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} {self.organ_id or '-'}/{self.key}/{self.year}: {self.last}"
        )
