"""What every organs view shares: turning a service refusal into form errors, the generic form
and confirmation pages, htmx partials."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render

from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.forms import ConfirmForm


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
    (``{"person": person}``). A refusal of the service is shown on the page; success flashes
    ``success`` and redirects to ``redirect_to``.
    """
    form = ConfirmForm(request.POST or None)
    if request.method == "POST":
        try:
            service(**obj_kwargs, actor=request.user, request=request)
        except (ValidationError, ApplicationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(redirect_to)
    return render_form(
        request,
        form,
        title=title,
        intro=intro,
        submit=submit,
        danger=danger,
        cancel_url=cancel_url,
    )


def list_template(request: HttpRequest, page: str, partial: str) -> str:
    """The full page, or only the rows when htmx (not boosted) asks for them."""
    htmx = getattr(request, "htmx", None)
    return partial if htmx and not htmx.boosted else page
