"""The person who logs in.

A user is a person of the city's organs (holding posts) or one of the three administrators of
三员分立 (系统管理员, 安全管理员, 审计管理员), never both, and never two of the three.
"""

from __future__ import annotations

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
