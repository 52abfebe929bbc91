"""The documents the PDF layout tests render, and measuring helpers shared by those tests.

The shipped examples plus built variants (every 文种; classified and urgent; joint of three
organs; 上行文 with two signers; a ten-page body with three attachments; a 主送 list too long
for page 1; no seal). Rendering takes a tenth of a second, so each case is rendered once per
test session (``rendered``) and measured by many tests.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from tests.gongwen.pdfmeasure import MeasuredPdf, TextLine
from zhongshu.gongwen.model import DocType, Document, LayoutFormat, load_document
from zhongshu.gongwen.typeset import layout as L
from zhongshu.gongwen.typeset.pdf import RenderResult, render_pdf

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "zhongshu" / "gongwen" / "examples"
EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.json"))

SENTENCE = (
    "各县区、各部门要坚持以人民为中心的发展思想，统筹发展和安全，认真落实各项工作任务，"
    "加强组织协调和督促检查，确保各项措施落地见效。"
)


def example_data(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def base(**changes) -> dict:
    data = example_data("notice")
    data.update(changes)
    return data


def _type_case(doc_type: DocType) -> dict:
    """A plausible document of ``doc_type`` in the format it is normally printed in."""
    data = base(doc_type=doc_type.value, attachments=[], attachment_notes=[])
    data["title"] = (
        f"江淮市人民政府办公室关于加强城市安全运行管理工作的{doc_type.title_suffixes[0]}"
    )
    data["body"] = [
        {"text": SENTENCE * 2},
        {"text": "一、总体要求", "level": 1},
        {"text": SENTENCE * 3},
    ]
    if doc_type == DocType.ORDER:
        data.update(
            layout=LayoutFormat.ORDER.value,
            issuers=[{"name": "江淮市人民政府", "masthead": "江淮市人民政府令"}],
            title="江淮市人民政府令",
            order_number="第19号",
            signer_title="市长",
            signer_name="陈立新",
            sealed=False,
            note="",
        )
    elif doc_type == DocType.MINUTES:
        data.update(
            layout=LayoutFormat.MINUTES.value,
            issuers=[{"name": "江淮市人民政府办公室", "masthead": "江淮市人民政府专题会议纪要"}],
            minutes_number="第3期",
            title="江淮市人民政府城市安全运行专题会议纪要",
            sealed=False,
            minutes_attendance={
                "present": ["陈立新", "刘志强"],
                "absent": [],
                "attending": ["黄明"],
            },
            primary_recipients=[],
        )
    elif doc_type == DocType.LETTER:
        data.update(layout=LayoutFormat.LETTER.value, doc_number="淮政办函〔2026〕15号")
        data["issuers"] = [{"name": "江淮市人民政府办公室"}]
    elif doc_type == DocType.RESOLUTION:
        data.update(
            adoption_note="（2026年1月5日江淮市第十七届人民代表大会第五次会议通过）",
            date=None,
            primary_recipients=[],
            note="",
        )
    elif doc_type in (DocType.ANNOUNCEMENT, DocType.CIRCULAR_PUBLIC, DocType.COMMUNIQUE):
        data["primary_recipients"] = []
    return data


def _upward_two_signers() -> dict:
    data = example_data("request")
    data["issuers"][0]["signers"] = ["周建国", "李海明"]
    return data


def _long_with_attachments() -> dict:
    body = []
    for n in range(1, 9):
        body.append({"text": f"{'一二三四五六七八'[n - 1]}、第{n}项重点工作", "level": 1})
        body += [{"text": SENTENCE * 3} for _ in range(3)]
    attachments = [
        {
            "title": f"江淮市城市安全运行重点任务分工方案（第{n}部分）",
            "body": [{"text": SENTENCE * 4}],
        }
        for n in range(1, 4)
    ]
    return base(
        body=body,
        attachments=attachments,
        attachment_notes=[f"{n}.{a['title']}" for n, a in enumerate(attachments, 1)],
    )


def _recipients_overflow() -> dict:
    names = [f"江淮市第{n}联络协调工作领导小组办公室" for n in range(1, 16)]
    return base(primary_recipients=names)


def _no_seal() -> dict:
    return base(sealed=False)


BUILT = {
    **{f"type_{t.name.lower()}": (lambda t=t: _type_case(t)) for t in DocType},
    "upward_two_signers": _upward_two_signers,
    "long_with_three_attachments": _long_with_attachments,
    "recipients_overflow": _recipients_overflow,
    "no_seal": _no_seal,
}
ALL_CASES = [*EXAMPLE_NAMES, *BUILT]


def case_document(name: str) -> Document:
    data = BUILT[name]() if name in BUILT else example_data(name)
    return load_document(data)


@cache
def rendered(name: str) -> tuple[Document, RenderResult, MeasuredPdf]:
    document = case_document(name)
    result = render_pdf(document)
    return document, result, MeasuredPdf(result.pdf)


def with_changes(name: str, **changes) -> Document:
    data = BUILT[name]() if name in BUILT else example_data(name)
    data.update(changes)
    return load_document(data)


PITCH = L.LINE_PITCH_MM
CHAR = L.CHAR_PITCH_MM
STANDARD_CASES = [n for n in ALL_CASES if case_document(n).layout == LayoutFormat.STANDARD]


def black_body_lines(pdf: MeasuredPdf, page: int) -> list[TextLine]:
    """Lines of black 3号 text inside the 版心 (no page numbers, no 版记)."""
    return [
        line
        for line in pdf.lines(page)
        if abs(line.size - L.BODY_FONT_PT) < 0.1
        and not line.is_red()
        and L.MARGIN_TOP_MM - 1 <= line.top < L.BODY_BOTTOM_MM
    ]


def title_lines(pdf: MeasuredPdf, page: int = 1) -> list[TextLine]:
    return [
        line
        for line in pdf.lines(page)
        if abs(line.size - L.TITLE_FONT_PT) < 0.1 and not line.is_red()
    ]


def on_grid(top: float) -> bool:
    offset = (top - L.MARGIN_TOP_MM) / PITCH
    return abs(offset - round(offset)) * PITCH < 0.3


def find_signature(pdf: MeasuredPdf, name: str, date: str):
    """(page, name line, date line) of the signature block."""
    for page in range(1, pdf.page_count + 1):
        d = pdf.find_line(page, date)
        s = pdf.find_line(page, name)
        if d and s and d.top > s.top:
            return page, s, d
    raise AssertionError("no signature found")
