"""Forms of the organs pages: field rules only; every write goes through ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhongshu.accounts.models import User
from zhongshu.lib.uploads import PEOPLE_IMPORT, SEAL_IMAGE, UploadField
from zhongshu.organs.models import (
    SCOPE_DESCRIPTIONS,
    Classification,
    Delegation,
    Organ,
    Post,
    Role,
)

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class StyledForm(forms.Form):
    """Gives every widget Tabler's classes, so templates can render fields one by one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(
                widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def clean(self):
        cleaned = super().clean()
        if "sort_order" in cleaned and cleaned["sort_order"] is None:
            cleaned["sort_order"] = 0  # a blank order means "no particular place"
        return cleaned


class ConfirmForm(StyledForm):
    """No fields: the confirmation step of a deactivation (carries the refusal, if any)."""


class OrganForm(StyledForm):
    name = forms.CharField(label=_("全称"), max_length=100)
    short_name = forms.CharField(label=_("规范化简称"), max_length=50)
    org_code = forms.CharField(label=_("机关代字"), max_length=20, required=False)
    kind = forms.ChoiceField(label=_("类别"), choices=Organ.Kind.choices)
    parent = forms.ModelChoiceField(
        label=_("上级机关"), queryset=Organ.objects.none(), required=False, empty_label=_("（无）")
    )
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, initial=0, required=False)
    # PNG/JPG by content, not by name (lib/uploads.py)
    seal = UploadField(rule=SEAL_IMAGE, label=_("印章图片（PNG/JPG）"), required=False)

    def __init__(self, *args, organs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = organs if organs is not None else Organ.objects.none()


class OrganChoiceForm(StyledForm):
    """Merge target or dissolve successor."""

    organ = forms.ModelChoiceField(label=_("承继机关"), queryset=Organ.objects.none())

    def __init__(self, *args, organs=None, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs if organs is not None else Organ.objects.none()
        self.fields["organ"].required = required
        self.fields["organ"].empty_label = _("（不指定）") if not required else _("请选择机关")


class DepartmentForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    is_office = forms.BooleanField(label=_("办公厅(室)"), required=False)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, initial=0, required=False)


class PersonForm(StyledForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)


class PersonCreateForm(PersonForm):
    post = forms.ModelChoiceField(
        label=_("岗位（空缺岗位，可稍后再安排）"),
        queryset=Post.objects.none(),
        required=False,
        empty_label=_("（暂不安排）"),
    )

    def __init__(self, *args, posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts if posts is not None else Post.objects.none()


class PostForm(StyledForm):
    title = forms.CharField(label=_("职务"), max_length=50)
    reports_to = forms.ModelChoiceField(
        label=_("上级岗位"), queryset=Post.objects.none(), required=False, empty_label=_("（无）")
    )
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, initial=0, required=False)

    def __init__(self, *args, posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports_to"].queryset = posts if posts is not None else Post.objects.none()


class PostCreateForm(PostForm):
    holder = forms.ModelChoiceField(
        label=_("在岗人员"), queryset=User.objects.none(), required=False, empty_label=_("（空缺）")
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = people if people is not None else User.objects.none()


class PostHolderForm(StyledForm):
    holder = forms.ModelChoiceField(
        label=_("在岗人员"), queryset=User.objects.none(), required=False, empty_label=_("（空缺）")
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = people if people is not None else User.objects.none()


class PostRolesForm(StyledForm):
    roles = forms.MultipleChoiceField(
        label=_("角色"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class ClearanceForm(StyledForm):
    clearance = forms.TypedChoiceField(
        label=_("可接触密级"), choices=Classification.choices, coerce=int
    )


class PostChoiceField(forms.ModelChoiceField):
    """Posts labelled with their holder, so the right seat is found in a long list."""

    def label_from_instance(self, obj: Post) -> str:
        holder = obj.holder.full_name if obj.holder_id else _("空缺")
        return f"{obj}（{holder}）"


class RotationForm(StyledForm):
    person = forms.ModelChoiceField(
        label=_("轮岗人员"), queryset=User.objects.none(), empty_label=_("请选择轮岗人员")
    )
    from_post = PostChoiceField(
        label=_("原岗位"), queryset=Post.objects.none(), empty_label=_("请选择其现任岗位")
    )
    to_post = PostChoiceField(
        label=_("新岗位（空缺岗位）"), queryset=Post.objects.none(), empty_label=_("请选择空缺岗位")
    )
    successor = forms.ModelChoiceField(
        label=_("接任人员"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("（空缺，待办交上级岗位）"),
    )
    reason = forms.CharField(label=_("事由"), max_length=200, required=False)

    def __init__(self, *args, people=None, posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = people if people is not None else User.objects.none()
        posts = posts if posts is not None else Post.objects.none()
        self.fields["person"].queryset = people
        self.fields["successor"].queryset = people
        self.fields["from_post"].queryset = posts.filter(holder__isnull=False)
        self.fields["to_post"].queryset = posts.filter(holder__isnull=True)


class DescribedRadioSelect(forms.RadioSelect):
    """Radio buttons whose options each carry a sentence (``option.data.description``)."""

    def __init__(self, *args, descriptions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.descriptions = descriptions or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["description"] = self.descriptions.get(value, "")
        return option


class DelegationForm(StyledForm):
    delegate = forms.ModelChoiceField(
        label=_("受托人"), queryset=User.objects.none(), empty_label=_("请选择本机关的同事")
    )
    # Radio buttons with what each scope covers: a leader should not have to guess whether
    # 公文办理 includes 签发 (it does not).
    scope = forms.ChoiceField(
        label=_("范围"),
        choices=Delegation.Scope.choices,
        initial=Delegation.Scope.DOCUMENTS,
        widget=DescribedRadioSelect(descriptions=SCOPE_DESCRIPTIONS),
    )
    starts_at = forms.DateTimeField(
        label=_("开始时间"),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    reason = forms.CharField(label=_("事由"), max_length=200, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = people if people is not None else User.objects.none()


class ImportForm(StyledForm):
    # a workbook by content; zip bombs refused (lib/uploads.py)
    file = UploadField(rule=PEOPLE_IMPORT, label=_("Excel 文件（.xlsx）"))


#: What the system administrator's reset page and API say (three separated administrators: he
#: never sees or chooses a password anyone logs in with).
PASSWORD_RESET_EXPLAINED = _(
    "重置后原密码立即失效。系统不会生成、也不允许系统管理员设定可登录的密码："
    "由安全管理员签发一次性设置码（24小时内有效，仅可使用一次）并当面或经可靠渠道交给本人，"
    "本人在登录页“凭设置码设置密码”自行设置新密码。"
)
#: What the system administrator's new-person page says about the password.
PERSON_CREATE_EXPLAINED = _(
    "新人员没有初始密码：保存后由安全管理员签发激活码交给本人，本人凭激活码自行设置密码。"
    "安排到有角色的岗位时，岗位角色须经安全管理员确认任职后才生效。"
)
