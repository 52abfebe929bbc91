"""The filter form of the audit page (also read by the CSV export, same query string)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from zhongshu.audit.models import AuditEvent
from zhongshu.audit.selectors import AuditFilters, audit_action_choices
from zhongshu.organs.models import Organ

DATE_FORMAT = "%Y-%m-%d"
#: The page opens on the last 30 days (today included) rather than on the whole trail.
DEFAULT_PERIOD_DAYS = 30
#: No audit trail predates the system; a year such as 0026 is a typing slip, not a period.
EARLIEST = date(2000, 1, 1)
ACTION_CODE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]*)?")


def default_period() -> dict[str, str]:
    """The page's first period, as query parameters: the last ``DEFAULT_PERIOD_DAYS`` days."""
    today = timezone.localdate()
    start = today - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    return {"date_from": start.strftime(DATE_FORMAT), "date_to": today.strftime(DATE_FORMAT)}


class PlainSelect(forms.Select):
    """A ``<select>`` whose options are built in one pass of ``format_html``.

    The stock widget renders a template per option; the audit page lists every organ and
    every registered action (some 300 options), which took most of the page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) == selected else "", label)
                for key, label in ((str(k), v) for k, v in self.choices)
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


class AuditFilterForm(forms.Form):
    person = forms.CharField(label=_("人员"), required=False, max_length=150)
    organ = forms.ModelChoiceField(
        label=_("机关"), queryset=Organ.objects.none(), required=False, widget=PlainSelect
    )
    action = forms.ChoiceField(label=_("动作"), required=False, widget=PlainSelect)
    result = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("全部")), *AuditEvent.Result.choices]
    )
    # The browser's date picker sends and shows ISO dates (``2026-11-27``) whatever the locale.
    date_from = forms.DateField(
        label=_("起始日期"),
        required=False,
        input_formats=[DATE_FORMAT],
        error_messages={"invalid": _("起始日期无效，请按“年-月-日”填写，如 2026-11-27。")},
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
    )
    date_to = forms.DateField(
        label=_("截止日期"),
        required=False,
        input_formats=[DATE_FORMAT],
        error_messages={"invalid": _("截止日期无效，请按“年-月-日”填写，如 2026-11-27。")},
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
    )
    text = forms.CharField(label=_("关键词"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = Organ.objects.order_by("name")
        self.fields["organ"].empty_label = _("全部")
        choices = [("", _("全部")), *audit_action_choices()]
        # A code given in the address but not in the list (recorded before its name was
        # registered, or a family prefix) is accepted as it is: the list is a convenience.
        typed = (self.data.get("action") or "").strip() if self.is_bound else ""
        if typed and ACTION_CODE.fullmatch(typed) and typed not in dict(choices):
            choices.append((typed, typed))
        self.fields["action"].choices = choices
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        for name in ("date_from", "date_to"):
            day = data.get(name)
            if day and not EARLIEST <= day <= timezone.localdate() + timedelta(days=1):
                self.add_error(
                    name,
                    _("日期应在 %(first)s 至今天之间。") % {"first": EARLIEST.isoformat()},
                )
        return data

    def filters(self) -> AuditFilters:
        """The validated filters (call after ``is_valid()``)."""
        data = self.cleaned_data
        organ = data.get("organ")
        return AuditFilters(
            person=(data.get("person") or "").strip(),
            organ_id=organ.pk if organ else None,
            action=data.get("action") or "",
            result=data.get("result") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            text=(data.get("text") or "").strip(),
        )
