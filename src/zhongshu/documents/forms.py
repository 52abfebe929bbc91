"""The draft form: every element of the 公文 as plain fields, to and from the gongwen JSON.

Lists (主送, 抄送, 发文机关, 附件说明) are one item per line; the 正文 is one paragraph per line,
its heading level read from the marker it starts with (一、（一）1.（1）); each 附件 is a block
separated by a blank line, its first line the title. Field rules only: the document rules are
the gongwen model's and the services' (style.md §16).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhongshu.gongwen.model import (
    Classification,
    Direction,
    DocType,
    HeadingLevel,
    LayoutFormat,
    Urgency,
)
from zhongshu.lib.formfields import ListField, PersonField, TextField, TickField
from zhongshu.lib.uploads import DOCX_IMPORT, UploadField

_LEVELS = [
    (re.compile(r"^[一二三四五六七八九十百]+、"), HeadingLevel.H1),
    (re.compile(r"^（[一二三四五六七八九十百]+）"), HeadingLevel.H2),
    (re.compile(r"^\d+[.．]"), HeadingLevel.H3),
    (re.compile(r"^（\d+）"), HeadingLevel.H4),
]


def heading_level(text: str) -> int:
    for pattern, level in _LEVELS:
        if pattern.match(text):
            return int(level)
    return int(HeadingLevel.BODY)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _paragraphs(value: str) -> list[dict[str, Any]]:
    return [{"text": line, "level": heading_level(line)} for line in _lines(value)]


def _attachments(value: str) -> list[dict[str, Any]]:
    blocks = re.split(r"\n\s*\n", (value or "").strip())
    result = []
    for block in blocks:
        lines = _lines(block)
        if lines:
            result.append({"title": lines[0], "body": _paragraphs("\n".join(lines[1:]))})
    return result


def _notes(value: str, attachments: list[dict[str, Any]]) -> list[str]:
    """附件说明 as typed, or (the field's help text promises it) made here from the
    attachments' titles: the typesetter prints only what the content holds (issue #13)."""
    notes = _lines(value)
    if notes or not attachments:
        return notes
    titles = [a["title"] for a in attachments]
    return titles if len(titles) == 1 else [f"{i}.{t}" for i, t in enumerate(titles, 1)]


def _choices(enum) -> list[tuple[str, str]]:
    return [(member.value, member.value or _("（无）")) for member in enum]


class DraftForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("文种"), choices=[(t.value, t.value) for t in DocType])
    layout = forms.ChoiceField(
        label=_("版式"), choices=_choices(LayoutFormat), initial=LayoutFormat.STANDARD.value
    )
    direction = forms.ChoiceField(label=_("行文方向"), choices=_choices(Direction), required=False)
    important = forms.BooleanField(label=_("重要公文"), required=False)
    classification = forms.ChoiceField(
        label=_("密级"), choices=_choices(Classification), required=False
    )
    classification_period = forms.CharField(label=_("保密期限"), max_length=20, required=False)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=_choices(Urgency), required=False)
    issuers = forms.CharField(
        label=_("发文机关"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("每行一个；第一个为主办机关（本机关），留空即本机关。"),
    )
    signers = forms.CharField(
        label=_("签发人"),
        max_length=100,
        required=False,
        help_text=_("上行文标注；多人用“、”分隔。签发时未填写的由系统填入签发人。"),
    )
    title = forms.CharField(label=_("标题"), max_length=300)
    primary_recipients = forms.CharField(
        label=_("主送机关"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("每行一个。"),
    )
    body = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("每行一段；以“一、”“（一）”“1.”“（1）”开头的行为相应层级标题。"),
    )
    attachment_notes = forms.CharField(
        label=_("附件说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("每行一项；留空则按附件标题生成。"),
    )
    attachments = forms.CharField(
        label=_("附件"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("每个附件一段，段间空一行；首行为附件标题。"),
    )
    sealed = forms.BooleanField(label=_("加盖印章"), required=False, initial=True)
    note = forms.CharField(label=_("附注"), max_length=300, required=False)
    cc_recipients = forms.CharField(
        label=_("抄送机关"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("每行一个。"),
    )
    printer = forms.CharField(label=_("印发机关"), max_length=100, required=False)
    adoption_note = forms.CharField(label=_("题注"), max_length=200, required=False)
    order_number = forms.CharField(label=_("令号"), max_length=50, required=False)
    signer_title = forms.CharField(label=_("签署人职务"), max_length=50, required=False)
    signer_name = forms.CharField(label=_("签署人"), max_length=50, required=False)
    minutes_number = forms.CharField(label=_("纪要期号"), max_length=50, required=False)

    def to_content(self, base: dict[str, Any] | None = None) -> dict[str, Any]:
        """The gongwen JSON of the cleaned fields (over ``base``, so system-set elements stay)."""
        data = dict(base or {})
        cd = self.cleaned_data
        issuer_names = _lines(cd["issuers"])
        old_issuers = {i.get("name"): i for i in data.get("issuers", [])}
        signers = [s.strip() for s in re.split(r"[、，,]", cd["signers"] or "") if s.strip()]
        issuers = []
        for index, name in enumerate(issuer_names):
            issuer = dict(old_issuers.get(name, {"name": name}))
            issuer["name"] = name
            if index == 0:
                issuer["signers"] = signers
            issuers.append(issuer)
        data.update(
            doc_type=cd["doc_type"],
            layout=cd["layout"],
            direction=cd["direction"] or "",
            important=cd["important"],
            classification=cd["classification"] or "",
            classification_period=cd["classification_period"].strip(),
            urgency=cd["urgency"] or "",
            issuers=issuers,
            title=cd["title"].strip(),
            primary_recipients=_lines(cd["primary_recipients"]),
            body=_paragraphs(cd["body"]),
            attachment_notes=_notes(cd["attachment_notes"], _attachments(cd["attachments"])),
            attachments=_attachments(cd["attachments"]),
            sealed=cd["sealed"],
            note=cd["note"].strip(),
            cc_recipients=_lines(cd["cc_recipients"]),
            printer=cd["printer"].strip(),
            adoption_note=cd["adoption_note"].strip(),
            order_number=cd["order_number"].strip(),
            signer_title=cd["signer_title"].strip(),
            signer_name=cd["signer_name"].strip(),
            minutes_number=cd["minutes_number"].strip(),
        )
        return data

    @classmethod
    def initial_from(cls, content: dict[str, Any]) -> dict[str, Any]:
        """Form values from stored content."""
        issuers = content.get("issuers") or []
        attachments = content.get("attachments") or []
        return {
            "doc_type": content.get("doc_type", DocType.NOTICE.value),
            "layout": content.get("layout", LayoutFormat.STANDARD.value),
            "direction": content.get("direction", ""),
            "important": content.get("important", False),
            "classification": content.get("classification", ""),
            "classification_period": content.get("classification_period", ""),
            "urgency": content.get("urgency", ""),
            "issuers": "\n".join(i.get("name", "") for i in issuers),
            "signers": "、".join(issuers[0].get("signers", [])) if issuers else "",
            "title": content.get("title", ""),
            "primary_recipients": "\n".join(content.get("primary_recipients", [])),
            "body": "\n".join(p.get("text", "") for p in content.get("body", [])),
            "attachment_notes": "\n".join(content.get("attachment_notes", [])),
            "attachments": "\n\n".join(
                "\n".join([a.get("title", ""), *(p.get("text", "") for p in a.get("body", []))])
                for a in attachments
            ),
            "sealed": content.get("sealed", True),
            "note": content.get("note", ""),
            "cc_recipients": "\n".join(content.get("cc_recipients", [])),
            "printer": content.get("printer", ""),
            "adoption_note": content.get("adoption_note", ""),
            "order_number": content.get("order_number", ""),
            "signer_title": content.get("signer_title", ""),
            "signer_name": content.get("signer_name", ""),
            "minutes_number": content.get("minutes_number", ""),
        }


class DocxUploadForm(forms.Form):
    """A Word draft (.docx) to read into the draft form."""

    # a .docx by content; zip bombs refused unread (lib/uploads.py)
    docx = UploadField(
        rule=DOCX_IMPORT,
        label=_("导入 Word 文稿"),
        help_text=_("上传 .docx 文件，系统识别各要素后填入下方表单，请核对修改后保存。"),
        error_messages={"required": _("请选择要导入的 .docx 文件。")},
    )


# --- the steps posted from the document page (``views.ACTS`` maps each action to its form) ---


class OpinionForm(forms.Form):
    """会签, 复核: an opinion."""

    opinion = TextField()


class ReasonForm(forms.Form):
    """撤回, 作废文号: the reason."""

    reason = TextField()


class NoInputForm(forms.Form):
    """登记编号, 用印: nothing to fill in."""


class SubmitForm(forms.Form):
    """送审: the 核稿人 and an opinion."""

    reviewer = PersonField()
    opinion = TextField()


class PassForm(forms.Form):
    """通过 (核稿, 办公室审核): the next handler, the 会签 asked for and the checklist ticked.

    Each 会签 is posted as "d:<department>:<person>" or "o:<organ>:<person>"."""

    opinion = TextField()
    next_handler = PersonField()
    countersigns = ListField()
    checklist = ListField()

    def clean_countersigns(self) -> list[dict[str, Any]]:
        from zhongshu.organs.models import Department, Organ

        specs = []
        person = PersonField()
        for value in self.cleaned_data["countersigns"]:
            kind, _sep, rest = value.partition(":")
            unit_id, _sep, person_id = rest.partition(":")
            if kind not in {"d", "o"} or not unit_id.isdigit():
                raise forms.ValidationError(_("会签单位选择有误。"))
            unit_model = Department if kind == "d" else Organ
            unit = unit_model.objects.filter(pk=int(unit_id)).first()
            specs.append(
                {
                    "department": unit if kind == "d" else None,
                    "organ": unit if kind == "o" else None,
                    "assignee": person.clean(person_id),
                }
            )
        return specs


class ReturnForm(forms.Form):
    """退回: the step to return to and the reason."""

    to_status = forms.CharField(required=False)
    reason = TextField()


class SignOffForm(forms.Form):
    """签发: an opinion or 圈阅, and the reason for not following the checker's errors."""

    opinion = TextField()
    circled = TickField()
    override_reason = TextField()


class DispatchForm(forms.Form):
    """核发: the printed copies per recipient, posted as "copies:<recipient name>"."""

    def clean(self) -> dict[str, Any]:
        copies = {}
        for key, value in self.data.items():
            if key.startswith("copies:") and value.strip():
                copies[key.removeprefix("copies:")] = value.strip()
        return {"copies": copies}
