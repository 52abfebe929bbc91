"""The 公文 as structured data: the 18 elements of 条例 第九条 and the 15 types of 第八条.

A document is data, not a file. Text fields hold the text as it is printed (a heading paragraph
keeps its "一、" marker), so that the reader, the checker and the typesetter agree on one form
and a document round-trips through .docx without loss. Lists of organs (主送, 抄送) hold one
organ or collective name per item, without the separating "，" or the closing "：" / "。", which
the typesetter adds.

JSON in and out: ``Document.model_validate_json`` / ``model_dump_json``; the published JSON
Schema is ``document_json_schema()``. ``DocumentError`` carries validation errors with the field
named in Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import IntEnum, StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class DocType(StrEnum):
    """The 15 文种 of 条例 第八条, valued by their Chinese names."""

    RESOLUTION = "决议"
    DECISION = "决定"
    ORDER = "命令"
    COMMUNIQUE = "公报"
    ANNOUNCEMENT = "公告"
    CIRCULAR_PUBLIC = "通告"
    OPINION = "意见"
    NOTICE = "通知"
    BULLETIN = "通报"
    REPORT = "报告"
    REQUEST = "请示"
    REPLY = "批复"
    MOTION = "议案"
    LETTER = "函"
    MINUTES = "纪要"

    @property
    def title_suffixes(self) -> tuple[str, ...]:
        """How a title of this type may end (命令 titles end in 令; 函 in 函 or 复函)."""
        return _TITLE_SUFFIXES.get(self, (self.value,))


_TITLE_SUFFIXES: dict[DocType, tuple[str, ...]] = {
    DocType.ORDER: ("命令", "令"),
    DocType.LETTER: ("函", "复函"),
}


class LayoutFormat(StrEnum):
    """The layout (GB/T 9704-2012 §7 and the three special formats of §10)."""

    STANDARD = "文件格式"
    LETTER = "信函格式"
    ORDER = "命令格式"
    MINUTES = "纪要格式"


class Classification(StrEnum):
    """密级 as printed; ``NONE`` for an unclassified document."""

    NONE = ""
    SECRET = "秘密"  # noqa: S105 -- a classification level (密级), not a password
    CONFIDENTIAL = "机密"
    TOP_SECRET = "绝密"  # noqa: S105 -- a classification level (密级), not a password

    @property
    def rank(self) -> int:
        return {"": 0, "秘密": 1, "机密": 2, "绝密": 3}[self.value]


class Urgency(StrEnum):
    """紧急程度 of a document (电报's 特提/平急 are not used on 公文)."""

    NONE = ""
    URGENT = "加急"
    EXTRA_URGENT = "特急"


class Direction(StrEnum):
    """行文方向, decided by the organ tree; the checker needs it for the type rules."""

    UNKNOWN = ""
    UP = "上行文"
    DOWN = "下行文"
    LEVEL = "平行文"


class HeadingLevel(IntEnum):
    """Paragraph levels: body text and the four heading levels 一、（一）1.（1）."""

    BODY = 0
    H1 = 1  # 一、  黑体
    H2 = 2  # （一） 楷体
    H3 = 3  # 1.   仿宋
    H4 = 4  # （1） 仿宋


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False)


class Paragraph(_Base):
    """One paragraph of 正文 or of an attachment, with its heading level."""

    text: str = Field(title="段落文字")
    level: HeadingLevel = Field(default=HeadingLevel.BODY, title="层级")


class Attachment(_Base):
    """An attachment (附件): its own title and body, printed on a new page after the 正文."""

    title: str = Field(title="附件标题")
    body: list[Paragraph] = Field(default_factory=list, title="附件正文")
    # The label as the author wrote it ("附件1", "附："); empty: the typesetter prints "附件" or
    # "附件N" (GB/T 9704-2012 §8). A non-standard label is printed as written and reported by
    # the checker (``attachments.label``), never rewritten.
    label: str = Field(default="", title="附件标识")


class Issuer(_Base):
    """An issuing organ (发文机关). The first issuer of a joint document is the 主办机关."""

    name: str = Field(title="发文机关名称", min_length=1)
    masthead: str = Field(default="", title="发文机关标志")
    signature: str = Field(default="", title="发文机关署名")
    signers: list[str] = Field(default_factory=list, title="签发人")
    seal_image: str = Field(default="", title="印章图片")

    @property
    def masthead_text(self) -> str:
        return self.masthead or self.name

    @property
    def signature_text(self) -> str:
        return self.signature or self.name


class MinutesAttendance(_Base):
    """纪要格式's attendance lists: 出席, 请假, 列席 (GB/T 9704-2012 §10.3)."""

    present: list[str] = Field(default_factory=list, title="出席")
    absent: list[str] = Field(default_factory=list, title="请假")
    attending: list[str] = Field(default_factory=list, title="列席")


_DATE_FIELDS = ("date", "print_date")


class Document(_Base):
    """A 公文 with every element of 条例 第九条 (see the field titles).

    ``issuers`` has one organ, or several for a joint document (联合行文) with the lead organ
    first. ``signers`` of 上行文 live on each issuer. ``attachment_notes`` are the lines of
    附件说明 as written and are printed so, never derived from ``attachments``: a "附件：" line
    the author did not write must not appear in the printed document (issue #13); the checker
    reports a missing 附件说明 instead.
    """

    doc_type: DocType = Field(title="文种")
    layout: LayoutFormat = Field(default=LayoutFormat.STANDARD, title="版式")
    direction: Direction = Field(default=Direction.UNKNOWN, title="行文方向")
    copy_number: str = Field(default="", title="份号")
    classification: Classification = Field(default=Classification.NONE, title="密级")
    classification_period: str = Field(default="", title="保密期限")
    urgency: Urgency = Field(default=Urgency.NONE, title="紧急程度")
    issuers: list[Issuer] = Field(default_factory=list, title="发文机关")
    doc_number: str = Field(default="", title="发文字号")
    title: str = Field(default="", title="标题")
    primary_recipients: list[str] = Field(default_factory=list, title="主送机关")
    body: list[Paragraph] = Field(default_factory=list, title="正文")
    attachment_notes: list[str] = Field(default_factory=list, title="附件说明")
    attachments: list[Attachment] = Field(default_factory=list, title="附件")
    date: dt.date | None = Field(default=None, title="成文日期")
    date_text: str = Field(default="", title="成文日期原文")
    sealed: bool = Field(default=True, title="加盖印章")
    note: str = Field(default="", title="附注")
    cc_recipients: list[str] = Field(default_factory=list, title="抄送机关")
    printer: str = Field(default="", title="印发机关")
    print_date: dt.date | None = Field(default=None, title="印发日期")
    print_date_text: str = Field(default="", title="印发日期原文")
    adoption_note: str = Field(default="", title="题注")
    order_number: str = Field(default="", title="令号")
    signer_title: str = Field(default="", title="签署人职务")
    signer_name: str = Field(default="", title="签署人")
    minutes_number: str = Field(default="", title="纪要期号")
    minutes_attendance: MinutesAttendance | None = Field(default=None, title="出席人员")
    important: bool = Field(default=False, title="重要公文")

    @field_validator("copy_number")
    @classmethod
    def _copy_number_digits(cls, value: str) -> str:
        if value and not value.isdigit():
            raise ValueError("份号只能由阿拉伯数字组成")
        return value

    @field_validator("primary_recipients", "cc_recipients")
    @classmethod
    def _strip_names(cls, value: list[str]) -> list[str]:
        return [name.strip() for name in value if name.strip()]

    @model_validator(mode="after")
    def _classified_needs_copy_number(self) -> Document:
        if self.layout == LayoutFormat.MINUTES and self.doc_type != DocType.MINUTES:
            raise ValueError("纪要格式只用于纪要")
        if self.layout == LayoutFormat.ORDER and self.doc_type != DocType.ORDER:
            raise ValueError("命令格式只用于命令（令）")
        return self

    # --- derived values the typesetter, checker and platform share ---------------------------

    @property
    def lead_issuer(self) -> Issuer | None:
        return self.issuers[0] if self.issuers else None

    @property
    def is_joint(self) -> bool:
        return len(self.issuers) > 1

    @property
    def all_signers(self) -> list[str]:
        return [name for issuer in self.issuers for name in issuer.signers]

    @property
    def attachment_labels(self) -> list[str]:
        """附件标识 as printed, one per attachment: the author's label as written, else the
        standard one (``standard_attachment_label``)."""
        count = len(self.attachments)
        return [
            a.label or standard_attachment_label(n, count)
            for n, a in enumerate(self.attachments, 1)
        ]

    @property
    def date_display(self) -> str:
        """成文日期 as printed: the author's text when there is one ("二○一一年八月九日" stays
        so; the checker's ``date.format`` reports the form with its fix), else the date in
        Arabic numerals, full year, no leading zeros."""
        if self.date_text.strip():
            return self.date_text.strip()
        if self.date is not None:
            return format_date(self.date)
        return ""

    @property
    def print_date_display(self) -> str:
        """印发日期 as printed: as written when read from a text, else in Arabic numerals."""
        if self.print_date_text.strip():
            return self.print_date_text.strip()
        return format_date(self.print_date) if self.print_date is not None else ""

    @property
    def classification_mark(self) -> str:
        """Line 2 of the header block: 密级★保密期限 (or the level alone)."""
        if self.classification == Classification.NONE:
            return ""
        if self.classification_period:
            return f"{self.classification.value}★{self.classification_period}"
        return self.classification.value


def format_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


_DOC_NUMBER = re.compile(r"^(?P<code>.+?)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")


def parse_doc_number(text: str) -> tuple[str, int, int] | None:
    """Split a well-formed 发文字号 into (机关代字, year, sequence); None when malformed."""
    match = _DOC_NUMBER.match(text.strip())
    if not match:
        return None
    return match["code"], int(match["year"]), int(match["seq"])


def format_doc_number(code: str, year: int, seq: int) -> str:
    return f"{code}〔{year}〕{seq}号"


class DocumentError(ValueError):
    """Invalid document input, with one Chinese message per field (``errors``)."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("；".join(f"{field}：{message}" for field, message in errors))


_PYDANTIC_MESSAGES = {
    "missing": "必须填写",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "bool_type": "应为是或否",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "enum": "取值不在允许范围内",
    "extra_forbidden": "不认识的字段",
    "string_too_short": "不能为空",
    "int_parsing": "应为整数",
}


def _field_title(loc: tuple[Any, ...]) -> str:
    """Chinese name of the field at ``loc`` (e.g. ("issuers", 0, "name") → 发文机关第1项·发文机关名称)."""
    parts: list[str] = []
    model: type[BaseModel] | None = Document
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}第{item + 1}项"] if parts else [f"第{item + 1}项"]
            continue
        field = model.model_fields.get(item) if model is not None else None
        if field is None:
            parts.append(str(item))
            model = None
            continue
        parts.append(field.title or str(item))
        annotation = field.annotation
        model = _nested_model(annotation)
    return "·".join(parts) or "公文"


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    for candidate in (Paragraph, Attachment, Issuer, MinutesAttendance):
        if annotation is candidate or candidate in getattr(annotation, "__args__", ()):
            return candidate
        for arg in getattr(annotation, "__args__", ()):
            if candidate in getattr(arg, "__args__", ()):
                return candidate
    return None


def load_document(data: dict[str, Any] | str | bytes) -> Document:
    """Validate JSON (text or parsed) into a Document, raising ``DocumentError`` in Chinese."""
    try:
        if isinstance(data, (str, bytes)):
            return Document.model_validate_json(data)
        return Document.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            message = _PYDANTIC_MESSAGES.get(err["type"])
            if message is None:
                raw = err.get("msg", "")
                message = raw.removeprefix("Value error, ") if raw else "取值有误"
            errors.append((_field_title(tuple(err["loc"])), message))
        raise DocumentError(errors) from None


def document_json_schema() -> dict[str, Any]:
    """The published JSON Schema of a document (draft 2020-12, titles in Chinese)."""
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://zhongshu.example/schema/gongwen-document.json"
    return schema


def standard_attachment_label(number: int, count: int) -> str:
    """The standard 附件标识 of attachment ``number`` of ``count`` (GB/T 9704-2012 §8): "附件"
    for a lone attachment, "附件1", "附件2"… among several."""
    return f"附件{number}" if count > 1 else "附件"


def recipients_text(names: list[str]) -> str:
    """The 主送 line as printed: the names joined by "，" and one full-width colon after the last.

    Clerks often type the colon themselves ("各县（市）区人民政府，市政府各部门："); it is theirs,
    so it is kept and no second one is added (the typesetter added "：" after it before).
    """
    text = "，".join(names)
    return text if text.endswith(("：", ":")) else text + "："
