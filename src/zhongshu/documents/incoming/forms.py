"""Forms of the 收文 pages: field rules only; the services decide everything else."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.organs.models import Classification


class ExternalForm(forms.Form):
    """登记纸质或系统外来文: the elements typed in, the scan attached."""

    organ = forms.TypedChoiceField(label=_("收文机关"), coerce=int)
    sender_name = forms.CharField(label=_("来文单位"), max_length=100)
    title = forms.CharField(label=_("标题"), max_length=300)
    doc_number = forms.CharField(label=_("来文字号"), max_length=60, required=False)
    doc_type = forms.CharField(label=_("文种"), max_length=10, required=False)
    classification = forms.TypedChoiceField(
        label=_("密级"), choices=Classification.choices, coerce=int, initial=0
    )
    urgency = forms.ChoiceField(
        label=_("紧急程度"), choices=IncomingDocument.Urgency.choices, required=False
    )
    important = forms.BooleanField(label=_("重要公文"), required=False)
    document_date = forms.DateField(
        label=_("成文日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    copies = forms.IntegerField(
        label=_("份数"),
        min_value=1,
        max_value=10000,
        initial=1,
        error_messages={
            "min_value": _("份数至少为 1。"),
            "max_value": _("份数不能超过 10000。"),
            "invalid": _("份数应为整数。"),
        },
    )
    deadline = forms.DateTimeField(
        label=_("办理时限"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    # an empty scan reaches the service, whose upload rule refuses it by name (lib/uploads.py)
    scan = forms.FileField(
        label=_("扫描件（PDF、OFD、图片或 .docx）"), required=False, allow_empty_file=True
    )

    def __init__(self, *args, organs=(), default_organ=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].choices = [(o.pk, o.name) for o in organs]
        if default_organ is not None:
            self.fields["organ"].initial = default_organ.pk
        for name, field in self.fields.items():
            css = "form-check-input" if name == "important" else "form-control"
            if isinstance(field, forms.ChoiceField):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)

    def scan_lost(self) -> bool:
        """A scan came with a form that was refused: browsers never send a file input back, so
        the clerk must be told to choose it again rather than find it silently gone."""
        return (
            self.is_bound
            and bool(self.files.get("scan"))
            and bool(self.errors)
            and "scan" not in self.errors  # a refused scan has its own reason
        )
