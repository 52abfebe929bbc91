"""What every organs view shares: turning a service refusal into form errors, the generic form
and confirmation pages, htmx partials.

A page that writes and then redirects goes through ``act_and_redirect``: the one place that
says what a service's refusal does to the page (shown on the form, nothing flashed) and what
its success does (a flash and a redirect, so that a reload does not post twice). The import
page (a report, no redirect) and the delegation page (a 403 of its own) keep their own step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.forms import ConfirmForm

T = TypeVar("T")


def add_service_errors(form: forms.Form, exc: ValidationError | ApplicationError) -> None:
    """Show a service's ``ValidationError`` or ``ApplicationError`` on the form it came from."""
    if not hasattr(form, "cleaned_data"):
        # A confirmation form posted empty is unbound; ``add_error`` needs the cleaning done.
        form.is_valid()
        if not hasattr(form, "cleaned_data"):
            form.cleaned_data = {}
    if isinstance(exc, ApplicationError):
        form.add_error(None, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def render_form(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    submit: str,
    cancel_url: str,
    intro: str = "",
    danger: bool = False,
    multipart: bool = False,
    status: int = 200,
):
    """The one generic form page (create, edit, confirm) of the organs area."""
    return render(
        request,
        "organs/form.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "cancel_url": cancel_url,
            "intro": intro,
            "danger": danger,
            "multipart": multipart,
        },
        status=status,
    )


def act_and_redirect(
    request: HttpRequest,
    form: forms.Form,
    *,
    act: Callable[[], T],
    success: str | Callable[[T], str],
    redirect_to: str | Callable[[T], str],
) -> HttpResponse | None:
    """Call the service behind a page; on success flash ``success`` and redirect.

    ``act`` is the service call with everything bound by the view (the fetched object, the
    cleaned data); ``success`` and ``redirect_to`` may depend on what it returned (the new
    organ's name and page). A refusal (``ValidationError``/``ApplicationError``) goes on
    ``form`` and the answer is ``None``: the caller shows the page again.
    """
    try:
        result = act()
    except (ValidationError, ApplicationError) as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    act: Callable[[], T],
    success: str | Callable[[T], str],
    redirect_to: str | Callable[[T], str],
    title: str,
    submit: str,
    cancel_url: str,
    intro: str = "",
    danger: bool = False,
    multipart: bool = False,
    validate: bool = True,
):
    """A page whose form feeds one service (create, edit, assign, merge): GET shows the form,
    a valid POST calls ``act`` through ``act_and_redirect``; otherwise the form again, with
    its errors or the service's refusal. ``validate=False`` is for a confirmation without
    fields, which any POST confirms (posted empty, it stays unbound and never valid)."""
    if request.method == "POST" and (not validate or form.is_valid()):
        done = act_and_redirect(request, form, act=act, success=success, redirect_to=redirect_to)
        if done is not None:
            return done
    return render_form(
        request,
        form,
        title=title,
        intro=intro,
        submit=submit,
        danger=danger,
        multipart=multipart,
        cancel_url=cancel_url,
    )


def confirm_action(
    request: HttpRequest,
    *,
    service: Callable[..., Any],
    obj_kwargs: dict[str, Any],
    title: str,
    submit: str,
    success: str,
    redirect_to: str,
    cancel_url: str,
    intro: str = "",
    danger: bool = False,
):
    """A confirm-then-act page (deactivate, activate): GET shows it, POST calls ``service``.

    The view has already fetched the object through its selector; ``obj_kwargs`` passes it on
    (``{"person": person}``).
    """
    return form_page(
        request,
        ConfirmForm(request.POST or None),
        act=lambda: service(**obj_kwargs, actor=request.user, request=request),
        success=success,
        redirect_to=redirect_to,
        title=title,
        intro=intro,
        submit=submit,
        danger=danger,
        cancel_url=cancel_url,
        validate=False,
    )


def list_template(request: HttpRequest, page: str, partial: str) -> str:
    """The full page, or only the rows when htmx (not boosted) asks for them."""
    htmx = getattr(request, "htmx", None)
    return partial if htmx and not htmx.boosted else page
