"""Pages of the 系统管理员 for the organ tree and departments (list, create, edit, deactivate,
merge, dissolve). Thin: fetch, validate the form, call one service, redirect."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhongshu.accounts.permissions import admin_required
from zhongshu.organs import selectors, services
from zhongshu.organs.forms import DepartmentForm, OrganChoiceForm, OrganForm
from zhongshu.organs.models import Organ
from zhongshu.organs.views._helpers import confirm_action, form_page, list_template

system_required = admin_required("system")


@system_required
def organ_list(request):
    """The system administrator's home: the organ tree, searchable and filtered by kind."""
    query = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    organs = list(selectors.organ_search(user=request.user, query=query, kind=kind))
    context = {
        "rows": selectors.organ_tree(organs=organs),
        "query": query,
        "kind": kind,
        "kinds": Organ.Kind.choices,
    }
    template = list_template(request, "organs/organ_list.html", "organs/_partials/organ_rows.html")
    return render(request, template, context)


def _organ_choices(request, exclude: Organ | None = None):
    qs = selectors.organs_visible_to(user=request.user).filter(is_active=True)
    return qs.exclude(pk=exclude.pk) if exclude is not None else qs


@system_required
@require_http_methods(["GET", "POST"])
def organ_create(request):
    form = OrganForm(request.POST or None, request.FILES or None, organs=_organ_choices(request))
    return form_page(
        request,
        form,
        act=lambda: services.organ_create(actor=request.user, request=request, **form.cleaned_data),
        success=lambda organ: _("已新增机关“%(name)s”。") % {"name": organ.name},
        redirect_to=lambda organ: reverse("organs:organ_detail", args=[organ.pk]),
        title=_("新增机关"),
        submit=_("保存"),
        cancel_url=reverse("organs:organ_list"),
        multipart=True,
    )


@system_required
def organ_detail(request, pk: int):
    """One organ: its departments, its history of mergers and dissolutions."""
    organ = selectors.organ_get_for_user(user=request.user, pk=pk)
    departments = organ.departments.order_by("-is_active", "sort_order", "id")
    return render(
        request,
        "organs/organ_detail.html",
        {
            "organ": organ,
            "departments": departments,
            "children": organ.children.order_by("sort_order", "id"),
            "successions": organ.successions.select_related("successor", "actor"),
            "inherited": organ.inherited.select_related("organ", "actor"),
        },
    )


@system_required
@require_http_methods(["GET", "POST"])
def organ_edit(request, pk: int):
    organ = selectors.organ_get_for_user(user=request.user, pk=pk)
    initial = {
        f: getattr(organ, f) for f in ["name", "short_name", "org_code", "kind", "sort_order"]
    }
    initial["parent"] = organ.parent_id
    form = OrganForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        organs=_organ_choices(request, exclude=organ),
    )
    return form_page(
        request,
        form,
        act=lambda: services.organ_update(
            organ=organ, actor=request.user, request=request, **form.cleaned_data
        ),
        success=_("已保存。"),
        redirect_to=reverse("organs:organ_detail", args=[organ.pk]),
        title=_("编辑机关：%(name)s") % {"name": organ.name},
        submit=_("保存"),
        cancel_url=reverse("organs:organ_detail", args=[organ.pk]),
        multipart=True,
    )


@system_required
@require_http_methods(["GET", "POST"])
def organ_deactivate(request, pk: int):
    organ = selectors.organ_get_for_user(user=request.user, pk=pk)
    return confirm_action(
        request,
        service=services.organ_deactivate,
        obj_kwargs={"organ": organ},
        title=_("停用机关：%(name)s") % {"name": organ.name},
        intro=_("停用后该机关不再出现在选择列表中，其记录保留。仍有下级机关或在岗人员时不能停用。"),
        submit=_("停用"),
        success=_("已停用机关“%(name)s”。") % {"name": organ.name},
        redirect_to=reverse("organs:organ_list"),
        cancel_url=reverse("organs:organ_detail", args=[organ.pk]),
        danger=True,
    )


@system_required
@require_http_methods(["GET", "POST"])
def organ_activate(request, pk: int):
    organ = selectors.organ_get_for_user(user=request.user, pk=pk)
    return confirm_action(
        request,
        service=services.organ_activate,
        obj_kwargs={"organ": organ},
        title=_("启用机关：%(name)s") % {"name": organ.name},
        intro=_("仅停用的机关可以重新启用；已合并或撤销的机关不能启用。"),
        submit=_("启用"),
        success=_("已启用机关“%(name)s”。") % {"name": organ.name},
        redirect_to=reverse("organs:organ_detail", args=[organ.pk]),
        cancel_url=reverse("organs:organ_detail", args=[organ.pk]),
    )


@system_required
@require_http_methods(["GET", "POST"])
def organ_merge(request, pk: int):
    organ = selectors.organ_get_for_user(user=request.user, pk=pk)
    form = OrganChoiceForm(request.POST or None, organs=_organ_choices(request, exclude=organ))
    form.fields["organ"].label = _("并入机关")
    return form_page(
        request,
        form,
        act=lambda: services.organ_merge(
            source=organ, target=form.cleaned_data["organ"], actor=request.user, request=request
        ),
        success=_("已将“%(name)s”并入。") % {"name": organ.name},
        redirect_to=lambda _succession: reverse(
            "organs:organ_detail", args=[form.cleaned_data["organ"].pk]
        ),
        title=_("合并机关：%(name)s") % {"name": organ.name},
        intro=_(
            "该机关的处室、岗位、下级机关及公文等记录将移交并入机关，同名处室自动更名；"
            "原机关保留为“已合并”，不删除任何记录。"
        ),
        submit=_("合并"),
        danger=True,
        cancel_url=reverse("organs:organ_detail", args=[organ.pk]),
    )


@system_required
@require_http_methods(["GET", "POST"])
def organ_dissolve(request, pk: int):
    organ = selectors.organ_get_for_user(user=request.user, pk=pk)
    form = OrganChoiceForm(
        request.POST or None, organs=_organ_choices(request, exclude=organ), required=False
    )
    return form_page(
        request,
        form,
        act=lambda: services.organ_dissolve(
            organ=organ,
            successor=form.cleaned_data.get("organ"),
            actor=request.user,
            request=request,
        ),
        success=_("已撤销机关“%(name)s”。") % {"name": organ.name},
        redirect_to=reverse("organs:organ_detail", args=[organ.pk]),
        title=_("撤销机关：%(name)s") % {"name": organ.name},
        intro=_(
            "不指定承继机关时，该机关须已无有效下级机关和在岗人员；"
            "指定承继机关时，其处室、岗位和记录移交承继机关。不删除任何记录。"
        ),
        submit=_("撤销"),
        danger=True,
        cancel_url=reverse("organs:organ_detail", args=[organ.pk]),
    )


# --- Departments -------------------------------------------------------------------------------


@system_required
@require_http_methods(["GET", "POST"])
def department_create(request, organ_pk: int):
    organ = selectors.organ_get_for_user(user=request.user, pk=organ_pk)
    form = DepartmentForm(request.POST or None)
    return form_page(
        request,
        form,
        act=lambda: services.department_create(
            actor=request.user, organ=organ, request=request, **form.cleaned_data
        ),
        success=_("已新增处室。"),
        redirect_to=reverse("organs:organ_detail", args=[organ.pk]),
        title=_("新增处室：%(organ)s") % {"organ": organ.name},
        submit=_("保存"),
        cancel_url=reverse("organs:organ_detail", args=[organ.pk]),
    )


@system_required
def department_detail(request, pk: int):
    """One department and its posts (the place to add posts and assign holders)."""
    department = selectors.department_get_for_user(user=request.user, pk=pk)
    posts = selectors.posts_visible_to(user=request.user).filter(department=department)
    return render(
        request,
        "organs/department_detail.html",
        {"department": department, "posts": posts.order_by("-is_active", "sort_order", "id")},
    )


@system_required
@require_http_methods(["GET", "POST"])
def department_edit(request, pk: int):
    department = selectors.department_get_for_user(user=request.user, pk=pk)
    initial = {
        "name": department.name,
        "is_office": department.is_office,
        "sort_order": department.sort_order,
    }
    form = DepartmentForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        act=lambda: services.department_update(
            department=department, actor=request.user, request=request, **form.cleaned_data
        ),
        success=_("已保存。"),
        redirect_to=reverse("organs:organ_detail", args=[department.organ_id]),
        title=_("编辑处室：%(name)s") % {"name": department},
        submit=_("保存"),
        cancel_url=reverse("organs:organ_detail", args=[department.organ_id]),
    )


@system_required
@require_http_methods(["GET", "POST"])
def department_deactivate(request, pk: int):
    department = selectors.department_get_for_user(user=request.user, pk=pk)
    return confirm_action(
        request,
        service=services.department_deactivate,
        obj_kwargs={"department": department},
        title=_("停用处室：%(name)s") % {"name": department},
        intro=_("处室仍有在岗人员时不能停用；停用后其空缺岗位一并停用。"),
        submit=_("停用"),
        success=_("已停用处室。"),
        redirect_to=reverse("organs:organ_detail", args=[department.organ_id]),
        cancel_url=reverse("organs:organ_detail", args=[department.organ_id]),
        danger=True,
    )


@system_required
@require_http_methods(["GET", "POST"])
def department_activate(request, pk: int):
    department = selectors.department_get_for_user(user=request.user, pk=pk)
    return confirm_action(
        request,
        service=services.department_activate,
        obj_kwargs={"department": department},
        title=_("启用处室：%(name)s") % {"name": department},
        submit=_("启用"),
        success=_("已启用处室。"),
        redirect_to=reverse("organs:organ_detail", args=[department.organ_id]),
        cancel_url=reverse("organs:organ_detail", args=[department.organ_id]),
    )
