"""The person who logs in.

A user is a person of the city's organs (holding posts) or one of the three administrators of
三员分立 (系统管理员, 安全管理员, 审计管理员), never both, and never two of the three.
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhongshu.organs.models import Classification


class User(AbstractUser):
    """A person with a log-in. ``admin_role`` marks one of the three administrators."""

    class AdminRole(models.TextChoices):
        NONE = "", _("业务用户")
        SYSTEM = "system", _("系统管理员")
        SECURITY = "security", _("安全管理员")
        AUDIT = "audit", _("审计管理员")

    full_name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    admin_role = models.CharField(
        _("管理员角色"), max_length=10, choices=AdminRole.choices, blank=True, default=""
    )
    clearance = models.PositiveSmallIntegerField(
        _("可接触密级"), choices=Classification.choices, default=Classification.NONE
    )
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    must_change_password = models.BooleanField(_("须修改密码"), default=True)

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=Q(admin_role__in=["", "system", "security", "audit"]),
                name="user_admin_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_business_user(self) -> bool:
        return not self.admin_role


class PasswordCode(models.Model):
    """一次性设置码: how a person gets a password no administrator knows.

    The 系统管理员 creates people and resets passwords, but never chooses a password anyone can
    log in with (三员分立: he alone must not reach document contents). He requests a code; the
    安全管理员 issues it, sees it once and hands it to the person; the person sets her own
    password with it, once, before it expires. Only a keyed hash of the code is stored::

        requested ──issue──▶ issued ──redeem──▶ used
            │                  │ (expired: issue again)
            └──────revoke──────┴──▶ revoked   (a newer request, or too many wrong tries)

    At most one open (requested or issued) code per person, enforced by the database.
    """

    class Purpose(models.TextChoices):
        ACTIVATE = "activate", _("账号激活")
        RESET = "reset", _("密码重置")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("待签发")
        ISSUED = "issued", _("已签发")
        USED = "used", _("已使用")
        REVOKED = "revoked", _("已作废")

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.REQUESTED: {Status.ISSUED, Status.REVOKED},
        Status.ISSUED: {Status.ISSUED, Status.USED, Status.REVOKED},
    }
    TERMINAL_STATUSES = frozenset({Status.USED, Status.REVOKED})
    OPEN_STATUSES = (Status.REQUESTED, Status.ISSUED)

    user = models.ForeignKey(
        User, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="password_codes"
    )
    purpose = models.CharField(_("用途"), max_length=10, choices=Purpose.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    code_hash = models.CharField(_("设置码摘要"), max_length=128, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("错误次数"), default=0)
    requested_by = models.ForeignKey(
        User, verbose_name=_("申请人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"))
    issued_by = models.ForeignKey(
        User,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("失效时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("使用或作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("密码设置码")
        verbose_name_plural = _("密码设置码")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["requested", "issued"]),
                name="passwordcode_one_open_per_user",
            ),
        ]
        indexes = [
            # the security administrator's list of codes waiting to be issued
            models.Index(fields=["status", "requested_at"], name="passwordcode_status"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_purpose_display()} ({self.get_status_display()})"
