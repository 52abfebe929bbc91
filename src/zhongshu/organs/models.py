"""The city-wide organ tree, departments inside organs, posts (seats) and their roles, delegation.

A person (``accounts.User``) holds one or more posts. A post is a seat in a department with
roles; rotation moves the holder of a post, and the post's open work goes with the seat to the
successor. Organs are never deleted: dissolution and merger mark them and move their records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Classification(models.IntegerChoices):
    """密级, ordered so that a clearance covers every level at or below it."""

    NONE = 0, _("非密")
    SECRET = 1, _("秘密")
    CONFIDENTIAL = 2, _("机密")
    TOP_SECRET = 3, _("绝密")


class Organ(models.Model):
    """A node of the city's organ tree: 市委, 市政府, a 市直单位, a 县(市)区 organ.

    The tree decides the direction of a document (上行文/下行文/平行文). ``org_code`` is the
    机关代字 of its 发文字号 (e.g. 合政办). A dissolved or merged organ stays, with
    ``is_active=False`` and, on merger, ``merged_into`` pointing at the successor.
    """

    class Kind(models.TextChoices):
        PARTY = "party", _("党委")
        CONGRESS = "congress", _("人大")
        GOVERNMENT = "government", _("政府")
        CPPCC = "cppcc", _("政协")
        DEPARTMENT = "department", _("部门")
        DISTRICT = "district", _("县(市)区")
        OTHER = "other", _("其他")

    name = models.CharField(_("全称"), max_length=100, unique=True)
    short_name = models.CharField(_("规范化简称"), max_length=50)
    org_code = models.CharField(_("机关代字"), max_length=20, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    seal = models.FileField(_("印章图片"), upload_to="seals/", blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("有效"), default=True)
    dissolved_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="organ_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Organ]:
        """Parents from the nearest up to the root (walks the tree; the tree is shallow)."""
        chain: list[Organ] = []
        node = self.parent
        while node is not None and len(chain) < 32:
            chain.append(node)
            node = node.parent
        return chain


class Department(models.Model):
    """A 内设机构 (处室) of an organ. Only the office (``is_office``) issues documents outward."""

    organ = models.ForeignKey(
        Organ, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("名称"), max_length=100)
    is_office = models.BooleanField(_("办公厅(室)"), default=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("处室")
        verbose_name_plural = _("处室")
        ordering = ["organ_id", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.organ.short_name}{self.name}"


class Role(models.TextChoices):
    """Roles a post carries (domain.md §0). A post may carry several."""

    DRAFTER = "drafter", _("拟稿人")
    REVIEWER = "reviewer", _("核稿人")
    DEPARTMENT_HEAD = "department_head", _("处室负责人")
    CLERK = "clerk", _("文书/收发员")
    CONFIDENTIAL_CLERK = "confidential_clerk", _("机要员")
    OFFICE_DIRECTOR = "office_director", _("办公室主任")
    LEADER = "leader", _("分管领导")
    PRINCIPAL = "principal", _("主要负责人")
    SECRETARY = "secretary", _("秘书")
    SUPERVISOR = "supervisor", _("督查员")
    INFO_OFFICER = "info_officer", _("信息员")
    INFO_EDITOR = "info_editor", _("信息编辑")
    DUTY_OFFICER = "duty_officer", _("值班员")
    DUTY_LEADER = "duty_leader", _("带班领导")
    MEETING_CLERK = "meeting_clerk", _("会务员")
    LOGISTICS = "logistics", _("后勤")
    ARCHIVIST = "archivist", _("档案员")


class Post(models.Model):
    """A seat (岗位) in a department, held by at most one person at a time.

    ``reports_to`` names the seat above it: reminders escalate to that seat's holder. Work items
    point at both the person and the post, so rotation can hand the post's open work on.
    """

    department = models.ForeignKey(
        Department, verbose_name=_("处室"), on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField(_("职务"), max_length=50)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("在岗人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
    )
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("上级岗位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("有效"), default=True)
    # Roles named in a spreadsheet import by the 系统管理员. Only the 安全管理员 may grant roles
    # (三员分立), so imported roles wait here until the security administrator confirms them.
    pending_roles = models.JSONField(_("待确认角色"), default=list, blank=True)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        ordering = ["department_id", "sort_order", "id"]
        indexes = [
            # posts of a person: the permission checks of every request
            models.Index(fields=["holder", "is_active"], name="post_holder_active"),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.title}"

    @property
    def organ(self) -> Organ:
        return self.department.organ


class PostRole(models.Model):
    """One role carried by one post (a table, so that "who is 文书 in organ X" is one query)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("岗位角色")
        verbose_name_plural = _("岗位角色")
        constraints = [
            models.UniqueConstraint(fields=["post", "role"], name="postrole_unique"),
        ]
        indexes = [models.Index(fields=["role"], name="postrole_role")]  # people by role

    def __str__(self) -> str:
        return f"{self.post}: {self.get_role_display()}"


class Delegation(models.Model):
    """委托: ``principal`` lets ``delegate`` act for them within ``scope`` for a period.

    Every act under a delegation is recorded as "delegate 代 principal" (flow and audit keep
    both people). A delegation ends at ``ends_at`` or when revoked; it is never deleted.
    """

    class Scope(models.TextChoices):
        ALL = "all", _("全部事项")
        DOCUMENTS = "documents", _("公文办理")
        SIGN_OFF = "sign_off", _("签发")
        INSTRUCT = "instruct", _("批示")
        READ = "read", _("阅文")
        MEETINGS = "meetings", _("会务")

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("委托人"),
        on_delete=models.PROTECT,
        related_name="delegations_given",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受托人"),
        on_delete=models.PROTECT,
        related_name="delegations_received",
    )
    scope = models.CharField(_("范围"), max_length=20, choices=Scope.choices)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("委托")
        verbose_name_plural = _("委托")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="delegation_period_positive"
            ),
            models.CheckConstraint(
                condition=~Q(principal=models.F("delegate")), name="delegation_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} 代 {self.principal} ({self.get_scope_display()})"

    @property
    def scope_description(self) -> str:
        """What the scope lets the delegate do, in the words the form shows the leader."""
        return str(SCOPE_DESCRIPTIONS.get(self.scope, ""))


# What each scope covers, for the leader choosing one (the delegation form, list and page).
# Kept in step with the rules that decide it: flow.selectors._SCOPE_RULES (which items the
# delegate sees and completes) and the documents' permissions (签发 and 批示 are their own scopes,
# never part of 公文办理).
SCOPE_DESCRIPTIONS = {
    Delegation.Scope.ALL: _(
        "您的全部待办和待阅都可由受托人代办，包括签发、批示、阅文和会务。一般只在较长时间外出时使用。"
    ),
    Delegation.Scope.DOCUMENTS: _(
        "发文、收文的日常办理环节：核稿、审核、会签、登记编号、用印、核发，签收、登记、初审、拟办、"
        "交办承办等。不含签发、批示和阅文，这三项须分别委托。"
    ),
    Delegation.Scope.SIGN_OFF: _(
        "代您签发发文。发文稿纸记为“受托人 代 您”签发，宜在您同意发文内容后使用。"
    ),
    Delegation.Scope.INSTRUCT: _(
        "代您对来文作出批示（批办），按您的意见填写，收文处理笺记为“受托人 代 您”批示。"
    ),
    Delegation.Scope.READ: _("代您阅看传阅给您的文件（待阅）并签阅。"),
    Delegation.Scope.MEETINGS: _("代您办理会议事项，如会议通知和回执。"),
}


class OrganSuccession(models.Model):
    """机关沿革: the record of one organ merged into, or dissolved (with or without) a successor.

    Kept so that "where did the departments and records of the former organ go" has an answer
    long after the event; ``moved`` lists each moved department with its old and new name.
    """

    class Kind(models.TextChoices):
        MERGE = "merge", _("合并")
        DISSOLVE = "dissolve", _("撤销")

    organ = models.ForeignKey(
        Organ, verbose_name=_("原机关"), on_delete=models.PROTECT, related_name="successions"
    )
    successor = models.ForeignKey(
        Organ,
        verbose_name=_("承继机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inherited",
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    moved = models.JSONField(_("移交处室"), default=list, blank=True)
    posts_moved = models.PositiveIntegerField(_("移交岗位数"), default=0)
    children_moved = models.PositiveIntegerField(_("移交下级机关数"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("机关沿革")
        verbose_name_plural = _("机关沿革")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.organ} {self.get_kind_display()}"


class Rotation(models.Model):
    """交流轮岗: one move of a person from a post to another, with the hand-over it caused.

    ``handed_over_to`` is who received the open work (the successor, or the holder of the seat
    above when the old post is left vacant); the work items themselves keep their history.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("轮岗人员"),
        on_delete=models.PROTECT,
        related_name="rotations",
    )
    from_post = models.ForeignKey(
        Post, verbose_name=_("原岗位"), on_delete=models.PROTECT, related_name="rotations_out"
    )
    to_post = models.ForeignKey(
        Post, verbose_name=_("新岗位"), on_delete=models.PROTECT, related_name="rotations_in"
    )
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接任人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handed_over_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("待办接收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    items_handed_over = models.PositiveIntegerField(_("移交待办数"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("轮岗记录")
        verbose_name_plural = _("轮岗记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.person}: {self.from_post} → {self.to_post}"
