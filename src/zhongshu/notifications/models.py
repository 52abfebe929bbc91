"""In-app notifications: what the system tells one person (reminders, escalations, hand-overs).

Each notification is stored for the in-app list and badge; e-mail and SMS are extra channels
(``zhongshu.notifications.channels``) fired after the transaction that created it commits.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhongshu.lib import clock
from zhongshu.organs.models import Classification


class Notification(models.Model):
    """A message to one recipient, unread until ``read_at`` is set.

    ``work_item`` links a reminder or escalation to the step it is about; ``url`` is where
    opening the notification leads. ``classification`` is the 密级 of what the notification is
    about (a 核发 notice, a 收文 correction, a notice back to the sender carry no work item):
    its title is masked for a recipient whose current clearance does not admit it, as is one
    whose work item's object does (``flow.selectors.with_shown_titles``).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    urgent = models.BooleanField(_("紧急"), default=False)
    work_item = models.ForeignKey(
        "flow.WorkItem",
        verbose_name=_("待办事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    classification = models.PositiveSmallIntegerField(
        _("密级"), choices=Classification.choices, default=Classification.NONE
    )
    created_at = models.DateTimeField(_("时间"), default=clock.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [
            # the notification list of a person, newest first
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            # the unread badge: count of a person's unread notifications
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
