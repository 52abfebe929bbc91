"""Audit events, each chained to the one before by a digest.

``digest = HMAC(key, previous digest + canonical JSON of this event's fields)``, the key kept
outside the database (rows written before the chain was keyed carry a plain hash; see
``zhongshu.audit.chain``). Editing, deleting or
inserting a row behind the application's back breaks the chain at that row, and
``zhongshu audit-verify`` names it. Rows are only ever inserted (the model refuses updates and
deletes); the database grants should also deny UPDATE/DELETE on this table in production.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhongshu.lib.models import AppendOnlyModel


class AuditEvent(AppendOnlyModel):
    """One audited act: who (acting for whom), in which organ, did what to which object."""

    class Result(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")
        DENIED = "denied", _("拒绝")

    seq = models.BigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代理对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organ = models.ForeignKey(
        "organs.Organ",
        verbose_name=_("机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("动作"), max_length=60)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    result = models.CharField(
        _("结果"), max_length=10, choices=Result.choices, default=Result.SUCCESS
    )
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)
    extra = models.JSONField(_("详情"), default=dict, blank=True)
    prev_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)
    # sha256/sm3: plain hash (rows written before the chain was keyed); hmac-sha256/hmac-sm3:
    # HMAC with the audit key (zhongshu.audit.chain).
    algorithm = models.CharField(max_length=20, default="hmac-sha256")

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-seq"]
        # The page orders by (-at, -seq) (audit_events_for): each filter's index ends in
        # (at, seq), so a filter with or without a period reads its page in order and stops.
        indexes = [
            # filter by person: actor_id IN (…), and actor IS NULL for name-only events
            models.Index(fields=["actor", "-seq"], name="audit_actor_seq"),
            # filter by action (or an action prefix), with or without a period
            models.Index(fields=["action", "-at", "-seq"], name="audit_action_at"),
            # filter by organ, with or without a period
            models.Index(fields=["organ", "-at", "-seq"], name="audit_organ_at"),
            # the unfiltered page and a period alone
            models.Index(fields=["-at", "-seq"], name="audit_at_seq"),
            # filter by person: events on the person's account (failed log-ins, unlocks)
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_name} {self.action} {self.object_repr}"


class RefusalWindow(models.Model):
    """One person's refused accesses (403/404 answers) within one minute.

    The first ``audit.refusals.LINES_PER_MINUTE`` each get their own ``access_refused`` line;
    the rest are only counted here, and one ``access_refused_summary`` line gives their number
    once the minute is over. A scan of thousands of ids thus writes a bounded trail. The rows
    are bookkeeping, not evidence: they are deleted once summarised.
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    window = models.DateTimeField()
    recorded = models.PositiveIntegerField(default=0)
    suppressed = models.PositiveIntegerField(default=0)
    last_path = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "window"], name="audit_refusal_window_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.window:%H:%M} {self.recorded}+{self.suppressed}"
