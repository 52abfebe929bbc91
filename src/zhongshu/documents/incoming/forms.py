"""Forms of the 收文 pages: field rules only; the services decide everything else."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from zhongshu.documents.incoming.models import Circulation, IncomingDocument
from zhongshu.lib.formfields import DefaultedField, ListField, PersonField, TextField, TickField
from zhongshu.organs.models import Classification, Department, Organ


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


# --- the steps posted from the item page (``views.ACTS`` maps each action to its form) -------

MAX_ROUTING_SLOTS = 8  # reader/leader choosers on the page: order = the order of the boxes


def chosen_ids(post, prefix: str) -> list[str]:
    """The ids chosen for ``prefix`` in order, as posted: the numbered boxes ``prefix_1`` …
    (the API's and older pages' form), or the chooser's ticked ``prefix`` boxes in the order
    they were ticked (``prefix_order``, kept by its script), the rest in list order."""
    boxes = [post.get(f"{prefix}_{i}", "") for i in range(1, MAX_ROUTING_SLOTS + 1)]
    boxes = [value for value in boxes if value]
    if boxes:
        return boxes
    ticked = [value for value in post.getlist(prefix) if value]
    order = [value for value in post.get(f"{prefix}_order", "").split(",") if value in ticked]
    return list(dict.fromkeys([*order, *ticked]))


def _deadline(value):
    value = (value or "").strip()
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValidationError(_("时间格式无效。"))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class ActForm(forms.Form):
    """A step's form: reads the post for ``document`` (departments are the receiving organ's)."""

    def __init__(self, data=None, *, document: IncomingDocument):
        super().__init__(data)
        self.document = document

    def department(self, value) -> Department | None:
        if not value or not str(value).isdigit():
            return None
        return Department.objects.filter(pk=int(value), organ=self.document.organ).first()

    def departments(self, values) -> list[Department]:
        return [d for d in (self.department(v) for v in values) if d is not None]

    def people(self, prefix: str) -> list:
        """People chosen for ``prefix`` in order (``chosen_ids``)."""
        chosen = []
        field = PersonField()
        for value in chosen_ids(self.data, prefix):
            person = field.clean(value)
            if person is None:
                raise ValidationError(_("所选人员不存在或已停用。"))
            chosen.append(person)
        return chosen


class OpinionForm(ActForm):
    """初审, 阅毕: an opinion."""

    opinion = TextField()


class ReasonForm(ActForm):
    """拒收, 退回: the reason."""

    reason = TextField()


class ResultForm(ActForm):
    """承办, 办结: the result."""

    result = TextField()


class TextForm(ActForm):
    """答复: the text."""

    text = TextField()


class AcknowledgeForm(ActForm):
    """签收: the copies counted (the copies sent when left empty) and a note."""

    copies = forms.CharField(required=False)
    note = TextField()

    def clean_copies(self):
        return self.data.get("copies")


class RegisterForm(ActForm):
    """登记: the time limit, the 催办 person, important."""

    deadline = TextField()
    chaser = PersonField()
    important = TickField()

    def clean_deadline(self):
        return _deadline(self.cleaned_data["deadline"])

    def clean_important(self):
        return self.cleaned_data["important"] or self.document.important


class ProposeForm(ActForm):
    """拟办: the opinion, the leaders asked (in order), the mode, the proposed departments."""

    opinion = TextField()
    mode = DefaultedField(default=IncomingDocument.InstructionMode.SEQUENTIAL)
    departments = ListField()

    def clean(self):
        data = super().clean()
        data["leaders"] = self.people("leader")
        data["departments"] = self.departments(data.get("departments", []))
        return data


class InstructForm(ActForm):
    """批示: the text, and the 督办 task made of it (content, lead unit, deadline) if any."""

    text = TextField()

    def clean(self):
        data = super().clean()
        data["task"] = self._task()
        return data

    def _task(self) -> dict | None:
        content = self.data.get("task_content", "").strip()
        lead = self.data.get("task_lead", "")
        deadline_text = self.data.get("task_deadline", "")
        if not (content or lead or deadline_text):
            return None
        kind, _sep, unit_id = lead.partition(":")
        department = organ = None
        if kind == "d" and unit_id.isdigit():
            department = self.department(unit_id)
        elif kind == "o" and unit_id.isdigit():
            organ = Organ.objects.filter(pk=int(unit_id)).first()
        return {
            "content": content,
            "lead_department": department,
            "lead_organ": organ,
            "deadline": _deadline(deadline_text),
        }


class AssignForm(ActForm):
    """交办承办: the lead department, the co-departments, the time limit."""

    lead_department = forms.CharField(required=False)
    co_departments = ListField()
    deadline = TextField()

    def clean_lead_department(self):
        return self.department(self.cleaned_data["lead_department"])

    def clean_co_departments(self):
        return self.departments(self.cleaned_data["co_departments"])

    def clean_deadline(self):
        return _deadline(self.cleaned_data["deadline"])


class CirculateForm(ActForm):
    """传阅: the purpose, the readers (in order), the mode."""

    purpose = TextField()
    mode = DefaultedField(default=Circulation.Mode.SEQUENTIAL)

    def clean(self):
        data = super().clean()
        data["readers"] = self.people("reader")
        return data


class ChaseForm(ActForm):
    """催办: a note."""

    note = TextField()
