"""Pages of business users: their delegations (委托) and their organ's address book.

Administrators get 403 here (三员分立: they see no business objects); a delegation or person of
another organ is 404, as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhongshu.accounts.permissions import business_required
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs import selectors, services
from zhongshu.organs.forms import DelegationForm
from zhongshu.organs.views._helpers import add_service_errors, confirm_action, render_form

ERRORS = (ValidationError, ApplicationError)


@business_required
def delegation_list(request):
    """Delegations the user gave and received, current ones first."""
    now = timezone.now()
    delegations = selectors.delegations_visible_to(user=request.user).order_by("-starts_at", "-id")
    given = [d for d in delegations if d.principal_id == request.user.pk]
    received = [d for d in delegations if d.delegate_id == request.user.pk]
    context = {
        "given": given,
        "received": received,
        "now": now,
        "may_delegate": selectors.user_may_delegate(user=request.user),
    }
    return render(request, "organs/delegation_list.html", context)


@business_required
def delegation_detail(request, pk: int):
    delegation = selectors.delegation_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "organs/delegation_detail.html",
        {"delegation": delegation, "now": timezone.now()},
    )


@business_required
@require_http_methods(["GET", "POST"])
def delegation_create(request):
    # A form whose every submission is refused is a dead end: say so at once.
    if not selectors.user_may_delegate(user=request.user):
        raise PermissionDenied(_("只有领导岗位可以委托他人代理。"))
    now = timezone.localtime()
    form = DelegationForm(
        request.POST or None,
        people=selectors.delegate_candidates(user=request.user),
        initial={"starts_at": now.replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            delegation = services.delegation_create(
                actor=request.user, request=request, **form.cleaned_data
            )
        except ERRORS as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return render_form(
                request,
                form,
                title=_("新建委托"),
                submit=_("委托"),
                cancel_url=reverse("organs:delegation_list"),
                status=403,
            )
        else:
            messages.success(request, _("已委托 %(name)s 代理。") % {"name": delegation.delegate})
            return redirect("organs:delegation_list")
    return render_form(
        request,
        form,
        title=_("新建委托"),
        intro=_("委托期间，受托人可在委托范围内代您办理，每次办理均记录为“受托人 代 委托人”。"),
        submit=_("委托"),
        cancel_url=reverse("organs:delegation_list"),
    )


@business_required
@require_http_methods(["GET", "POST"])
def delegation_revoke(request, pk: int):
    delegation = selectors.delegation_get_for_user(user=request.user, pk=pk)
    if delegation.principal_id != request.user.pk:
        raise PermissionDenied(_("只有委托人可以撤回委托。"))
    return confirm_action(
        request,
        service=services.delegation_revoke,
        obj_kwargs={"delegation": delegation},
        title=_("撤回委托：%(delegation)s") % {"delegation": delegation},
        submit=_("撤回"),
        success=_("已撤回委托。"),
        redirect_to=reverse("organs:delegation_list"),
        cancel_url=reverse("organs:delegation_list"),
        danger=True,
    )


@business_required
def address_book(request):
    """The user's own organ(s): departments and the people on their posts (read-only)."""
    q = request.GET.get("q", "")[:50]
    book = selectors.address_book(user=request.user, q=q)
    return render(request, "organs/address_book.html", {"book": book, "q": q})


@business_required
def person_card(request, pk: int):
    """A colleague's card: name, phone, posts in the organs the user shares."""
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    posts = selectors.posts_visible_to(user=request.user).filter(holder=person)
    return render(request, "organs/person_card.html", {"person": person, "posts": posts})
