"""The filter form of the audit page (also read by the CSV export, same query string)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhongshu.audit.models import AuditEvent
from zhongshu.audit.selectors import AuditFilters, audit_action_choices
from zhongshu.organs.models import Organ


class AuditFilterForm(forms.Form):
    person = forms.CharField(label=_("人员"), required=False, max_length=150)
    organ = forms.ModelChoiceField(label=_("机关"), queryset=Organ.objects.none(), required=False)
    action = forms.ChoiceField(label=_("动作"), required=False)
    result = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("全部")), *AuditEvent.Result.choices]
    )
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(label=_("关键词"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = Organ.objects.order_by("name")
        self.fields["organ"].empty_label = _("全部")
        self.fields["action"].choices = [("", _("全部")), *audit_action_choices()]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
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
