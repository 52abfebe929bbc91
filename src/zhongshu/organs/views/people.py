"""Pages of the 系统管理员 for people and posts, and for rotation (交流轮岗).

Roles and clearances are not here: they belong to the 安全管理员 (``views/security.py``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhongshu.accounts.permissions import admin_required
from zhongshu.accounts.selectors import accounts_locked_out
from zhongshu.accounts.services import account_unlock
from zhongshu.organs import selectors, services
from zhongshu.organs.forms import (
    PASSWORD_RESET_EXPLAINED,
    PERSON_CREATE_EXPLAINED,
    PersonCreateForm,
    PersonForm,
    PostCreateForm,
    PostForm,
    PostHolderForm,
    RotationForm,
)
from zhongshu.organs.views._helpers import (
    act_and_redirect,
    confirm_action,
    form_page,
    list_template,
)

system_required = admin_required("system")


def _active_people(request):
    return selectors.people_visible_to(user=request.user).filter(is_active=True)


def _posts_of_organ(request, organ_id: int):
    return (
        selectors.posts_visible_to(user=request.user)
        .filter(department__organ_id=organ_id, is_active=True)
        .order_by("department__sort_order", "department_id", "sort_order", "id")
    )


#: People per page of the list (a page of 500 took 150–326 ms, most of it rendering the rows).
PEOPLE_PAGE_SIZE = 50


@system_required
def person_list(request):
    """People (business users), searchable by name, user name or organ, 50 to a page."""
    query = request.GET.get("q", "")
    organ_id = request.GET.get("organ", "")
    organ = (
        selectors.organ_get_for_user(user=request.user, pk=int(organ_id))
        if organ_id.isdigit()
        else None
    )
    people = (
        selectors.people_search(
            user=request.user, query=query, organ_id=organ.pk if organ else None
        )
        .prefetch_related(selectors.people_active_posts())
        .order_by("-is_active", "id")
    )
    page = Paginator(people, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    locked = accounts_locked_out(usernames=[p.username for p in page.object_list])
    for person in page.object_list:
        person.locked_until = locked.get(person.username)
    filters = urlencode({k: v for k, v in (("q", query), ("organ", organ_id)) if v})
    template = list_template(
        request, "organs/person_list.html", "organs/_partials/person_rows.html"
    )
    return render(
        request,
        template,
        {
            "people": page.object_list,
            "page": page,
            "filters": filters,
            "query": query,
            "organ": organ,
        },
    )


@system_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    vacant = selectors.posts_visible_to(user=request.user).filter(
        is_active=True, holder__isnull=True, department__is_active=True
    )
    form = PersonCreateForm(request.POST or None, posts=vacant)
    return form_page(
        request,
        form,
        act=lambda: services.person_create(
            actor=request.user, request=request, **form.cleaned_data
        ),
        success=lambda person: (
            _("已新增人员“%(name)s”，激活码待安全管理员签发后交本人自行设置密码。")
            % {"name": person.full_name}
        ),
        redirect_to=reverse("organs:person_list"),
        title=_("新增人员"),
        intro=PERSON_CREATE_EXPLAINED,
        submit=_("保存"),
        cancel_url=reverse("organs:person_list"),
    )


@system_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    initial = {"username": person.username, "full_name": person.full_name, "phone": person.phone}
    form = PersonForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        act=lambda: services.person_update(
            person=person, actor=request.user, request=request, **form.cleaned_data
        ),
        success=_("已保存。"),
        redirect_to=reverse("organs:person_list"),
        title=_("编辑人员：%(name)s") % {"name": person.full_name},
        submit=_("保存"),
        cancel_url=reverse("organs:person_list"),
    )


@system_required
@require_http_methods(["GET", "POST"])
def person_deactivate(request, pk: int):
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    return confirm_action(
        request,
        service=services.person_deactivate,
        obj_kwargs={"person": person},
        title=_("停用人员：%(name)s") % {"name": person.full_name},
        intro=_("停用后该人员不能登录，其记录保留。仍在岗位上时不能停用。"),
        submit=_("停用"),
        success=_("已停用人员“%(name)s”。") % {"name": person.full_name},
        redirect_to=reverse("organs:person_list"),
        cancel_url=reverse("organs:person_list"),
        danger=True,
    )


@system_required
@require_http_methods(["GET", "POST"])
def person_unlock(request, pk: int):
    """解除锁定: let a person locked out by wrong passwords log in again before the cool-off."""
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    return confirm_action(
        request,
        service=account_unlock,
        obj_kwargs={"user": person},
        title=_("解除锁定：%(name)s") % {"name": person.full_name},
        intro=_(
            "该账号因连续输错密码被暂时锁定。请先与本人核实是其本人操作，再解除锁定；"
            "解除后可立即登录，此操作记入审计。"
        ),
        submit=_("解除锁定"),
        success=_("已解除“%(name)s”的登录锁定。") % {"name": person.full_name},
        redirect_to=reverse("organs:person_list"),
        cancel_url=reverse("organs:person_list"),
    )


@system_required
@require_http_methods(["GET", "POST"])
def person_activate(request, pk: int):
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    return confirm_action(
        request,
        service=services.person_activate,
        obj_kwargs={"person": person},
        title=_("启用人员：%(name)s") % {"name": person.full_name},
        intro=_("启用后该人员可以登录，登录时须修改密码；岗位需另行安排。"),
        submit=_("启用"),
        success=_("已启用人员“%(name)s”。") % {"name": person.full_name},
        redirect_to=reverse("organs:person_list"),
        cancel_url=reverse("organs:person_list"),
    )


@system_required
@require_http_methods(["GET", "POST"])
def person_password(request, pk: int):
    """Void the password and request a one-time code (the 安全管理员 issues it): no password
    field, because the system administrator never chooses one."""
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    return confirm_action(
        request,
        service=services.person_reset_password,
        obj_kwargs={"person": person},
        title=_("重置密码：%(name)s") % {"name": person.full_name},
        intro=PASSWORD_RESET_EXPLAINED,
        submit=_("重置并申请设置码"),
        success=_("已重置“%(name)s”的密码，设置码待安全管理员签发后交本人。")
        % {"name": person.full_name},
        redirect_to=reverse("organs:person_list"),
        cancel_url=reverse("organs:person_list"),
        danger=True,
    )


# --- Posts -------------------------------------------------------------------------------------


@system_required
@require_http_methods(["GET", "POST"])
def post_create(request, department_pk: int):
    department = selectors.department_get_for_user(user=request.user, pk=department_pk)
    form = PostCreateForm(
        request.POST or None,
        posts=_posts_of_organ(request, department.organ_id),
        people=_active_people(request),
    )
    return form_page(
        request,
        form,
        act=lambda: services.post_create(
            actor=request.user, department=department, request=request, **form.cleaned_data
        ),
        success=_("已新增岗位。"),
        redirect_to=reverse("organs:department_detail", args=[department.pk]),
        title=_("新增岗位：%(department)s") % {"department": department},
        submit=_("保存"),
        cancel_url=reverse("organs:department_detail", args=[department.pk]),
    )


@system_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    initial = {"title": post.title, "reports_to": post.reports_to_id, "sort_order": post.sort_order}
    form = PostForm(
        request.POST or None,
        initial=initial,
        posts=_posts_of_organ(request, post.department.organ_id).exclude(pk=post.pk),
    )
    return form_page(
        request,
        form,
        act=lambda: services.post_update(
            post=post, actor=request.user, request=request, **form.cleaned_data
        ),
        success=_("已保存。"),
        redirect_to=reverse("organs:department_detail", args=[post.department_id]),
        title=_("编辑岗位：%(post)s") % {"post": post},
        submit=_("保存"),
        cancel_url=reverse("organs:department_detail", args=[post.department_id]),
    )


@system_required
@require_http_methods(["GET", "POST"])
def post_holder(request, pk: int):
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    form = PostHolderForm(
        request.POST or None, initial={"holder": post.holder_id}, people=_active_people(request)
    )
    return form_page(
        request,
        form,
        act=lambda: services.post_assign_holder(
            post=post, actor=request.user, holder=form.cleaned_data["holder"], request=request
        ),
        success=_("已调整在岗人员。"),
        redirect_to=reverse("organs:department_detail", args=[post.department_id]),
        title=_("在岗人员：%(post)s") % {"post": post},
        intro=_("仅调整岗位人员，不移交待办；调岗并移交待办请使用“交流轮岗”。"),
        submit=_("保存"),
        cancel_url=reverse("organs:department_detail", args=[post.department_id]),
    )


@system_required
@require_http_methods(["GET", "POST"])
def post_deactivate(request, pk: int):
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    return confirm_action(
        request,
        service=services.post_deactivate,
        obj_kwargs={"post": post},
        title=_("停用岗位：%(post)s") % {"post": post},
        intro=_("岗位仍有在岗人员时不能停用。"),
        submit=_("停用"),
        success=_("已停用岗位。"),
        redirect_to=reverse("organs:department_detail", args=[post.department_id]),
        cancel_url=reverse("organs:department_detail", args=[post.department_id]),
        danger=True,
    )


# --- Rotation ----------------------------------------------------------------------------------


@system_required
@require_http_methods(["GET", "POST"])
def rotation_create(request):
    """交流轮岗: move a person to another seat and hand their open work on, in one step."""
    posts = selectors.posts_visible_to(user=request.user).filter(is_active=True)
    form = RotationForm(request.POST or None, people=_active_people(request), posts=posts)
    if request.method == "POST" and form.is_valid():
        done = act_and_redirect(
            request,
            form,
            act=lambda: services.person_rotate(
                actor=request.user, request=request, **form.cleaned_data
            ),
            success=lambda rotation: (
                _("已完成轮岗，移交待办 %(count)d 件。") % {"count": rotation.items_handed_over}
            ),
            redirect_to=reverse("organs:rotation_create"),
        )
        if done is not None:
            return done
    rotations = selectors.rotations_recent(user=request.user)
    return render(request, "organs/rotation.html", {"form": form, "rotations": rotations})
