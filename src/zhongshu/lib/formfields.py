"""Form fields the act forms of 发文 and 收文 share: what a posted step's form sends, read the
way the pages post it (field rules only; the services judge the values, style.md §16)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class PersonField(forms.CharField):
    """A chosen person's id: the active business user, or None when nothing (or no such person)
    was chosen, so that the service says which person it needs."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        from zhongshu.accounts.models import User

        value = super().to_python(value)
        if not value or not str(value).isdigit():
            return None
        return User.objects.filter(pk=int(value), is_active=True, admin_role="").first()


class ListField(forms.Field):
    """Every value posted under the name (ticked boxes, a multiple select), as strings."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return [str(v) for v in (value or [])]


class TextField(forms.CharField):
    """Free text as posted (the services strip it and say when it is missing)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)


class TickField(forms.CharField):
    """A checkbox: True only when ticked ("on")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return value == "on"


class DefaultedField(forms.CharField):
    """A value whose absence means ``default`` (a mode the form may leave out); the service
    judges what was posted."""

    def __init__(self, *, default: str, **kwargs):
        kwargs.setdefault("required", False)
        self.default = default
        super().__init__(**kwargs)

    def to_python(self, value):
        return self.default if value is None else str(value)


def form_values(form: forms.Form) -> dict:
    """The form's values, or its messages as a ``ValidationError`` (shown like a service's)."""
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    return form.cleaned_data
