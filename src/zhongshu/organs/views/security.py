"""Pages of the 安全管理员: roles of posts and clearances of people (三员分立).

The security administrator changes what a seat may do and what a person may read, and nothing
else: people and posts themselves are the system administrator's.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhongshu.accounts.permissions import admin_required
from zhongshu.organs import selectors, services
from zhongshu.organs.forms import ClearanceForm, PostRolesForm
from zhongshu.organs.models import Role
from zhongshu.organs.views._helpers import form_page, list_template

security_required = admin_required("security")
PAGE_SIZE = 50


@security_required
def post_list(request):
    """The security administrator's home: every active post with its roles and the roles
    waiting for confirmation (from an import, or a new holder: 任职确认)."""
    query = request.GET.get("q", "")
    pending_only = request.GET.get("pending") == "1"
    posts = selectors.post_search(user=request.user, query=query).filter(is_active=True)
    if pending_only:
        posts = posts.exclude(pending_roles=[])
    role_labels = dict(Role.choices)
    # Paged like the people list: a cut at 500 hid every later post without a word.
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "post": post,
            "roles": [role_labels.get(r.role, r.role) for r in post.roles.all()],
            "pending": [role_labels.get(r, r) for r in post.pending_roles or []],
        }
        for post in page.object_list
    ]
    filters = urlencode({k: v for k, v in (("q", query), ("pending", pending_only and "1")) if v})
    template = list_template(request, "organs/post_list.html", "organs/_partials/post_rows.html")
    context = {
        "rows": rows,
        "page": page,
        "filters": filters,
        "query": query,
        "pending_only": pending_only,
    }
    return render(request, template, context)


@security_required
@require_http_methods(["GET", "POST"])
def post_roles(request, pk: int):
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    current = [r.role for r in post.roles.all()]
    form = PostRolesForm(request.POST or None, initial={"roles": current or post.pending_roles})
    intro = ""
    if post.pending_roles:
        labels = dict(Role.choices)
        intro = _(
            "待确认的角色（导入申请或岗位人员变动）：%(roles)s。已预先勾选，保存即确认任职；"
            "确认前在岗人员不具有这些角色的任何权限。"
        ) % {"roles": "、".join(str(labels.get(r, r)) for r in post.pending_roles)}
    return form_page(
        request,
        form,
        act=lambda: services.post_set_roles(
            post=post, actor=request.user, roles=form.cleaned_data["roles"], request=request
        ),
        success=_("已保存岗位角色。"),
        redirect_to=reverse("organs:post_list"),
        title=_("岗位角色：%(post)s") % {"post": post},
        intro=intro,
        submit=_("保存"),
        cancel_url=reverse("organs:post_list"),
    )


@security_required
def clearance_list(request):
    """People with their clearance, searchable."""
    query = request.GET.get("q", "")
    people = (
        selectors.people_search(user=request.user, query=query)
        .filter(is_active=True)
        .prefetch_related("posts__department__organ")
        .order_by("id")
    )
    # Paged like the people list: a cut at 500 hid every later person without a word.
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    template = list_template(
        request, "organs/clearance_list.html", "organs/_partials/clearance_rows.html"
    )
    context = {
        "people": page.object_list,
        "page": page,
        "filters": urlencode({"q": query}) if query else "",
        "query": query,
    }
    return render(request, template, context)


@security_required
@require_http_methods(["GET", "POST"])
def person_clearance(request, pk: int):
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    form = ClearanceForm(request.POST or None, initial={"clearance": person.clearance})
    return form_page(
        request,
        form,
        act=lambda: services.person_set_clearance(
            person=person,
            actor=request.user,
            clearance=form.cleaned_data["clearance"],
            request=request,
        ),
        success=_("已保存可接触密级。"),
        redirect_to=reverse("organs:clearance_list"),
        title=_("可接触密级：%(name)s") % {"name": person.full_name},
        submit=_("保存"),
        cancel_url=reverse("organs:clearance_list"),
    )
