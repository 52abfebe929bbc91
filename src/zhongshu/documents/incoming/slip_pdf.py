"""The 收文处理笺 (routing slip, 阅办单) as a PDF page (ReportLab, the deployment's fonts).

One A4 table: the header elements (来文单位, 文号, 标题, 收文号, 收文日期, 密级, 紧急程度, 份数),
the 拟办 opinion, each 批示 with the leader's name ("X 代 Y" under a delegation) and time, the
承办 results, the 传阅 record, the 办结 result and the 答复. Long content flows onto more pages.
"""

from __future__ import annotations

import io
from datetime import datetime
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.documents.incoming.models import IncomingDocument, IncomingStep
from zhongshu.gongwen.fonts import FontRole, resolve_fonts

PIECE = 600  # characters of one table row: well under a page at 11 pt in the 140 mm column


def _when(value: datetime | None) -> str:
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _day(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return f"{value.year}年{value.month}月{value.day}日"


def slip_rows(document: IncomingDocument) -> list[tuple[str, list[str]]]:
    """The slip as (label, lines) rows: the same content the PDF draws, in order."""
    steps = list(document.steps.select_related("actor", "acting_for").order_by("at", "id"))
    proposals = [s for s in steps if s.action == IncomingStep.Action.PROPOSE]
    proposal_lines = [f"{s.opinion or '—'}　　{s.signature}　{_when(s.at)}" for s in proposals] or [
        "—"
    ]
    instruction_lines = [
        f"{i.text}　　{i.signature}　{_when(i.at)}"
        for i in document.instructions.select_related("leader", "actor")
        if i.at is not None
    ] or ["—"]
    handling_lines = []
    for h in document.handlings.select_related("department", "done_by"):
        role = _("主办") if h.is_lead else _("协办")
        who = f"　{h.done_by}　{_when(h.done_at)}" if h.done_at else ""
        handling_lines.append(f"{h.department.name}（{role}）：{h.result or _('办理中')}{who}")
    circulation_lines = []
    for c in document.circulations.prefetch_related("readers__person", "readers__actor"):
        circulation_lines.append(_("传阅目的：%(purpose)s") % {"purpose": c.purpose})
        for r in sorted(c.readers.all(), key=lambda r: r.position):
            name = (
                f"{r.actor} 代 {r.person}"
                if r.actor_id and r.actor_id != r.person_id
                else str(r.person)
            )
            if r.read_at:
                opinion = f"：{r.opinion}" if r.opinion else ""
                circulation_lines.append(f"{name}　{_('已阅')} {_when(r.read_at)}{opinion}")
            else:
                circulation_lines.append(f"{name}　{_('未阅')}")
    close_lines = []
    if document.closed_at:
        close_lines.append(f"{document.result or '—'}　{_when(document.closed_at)}")
    for reply in document.replies.select_related("actor"):
        close_lines.append(
            _("答复：%(text)s　%(who)s　%(at)s")
            % {"text": reply.text, "who": reply.actor, "at": _when(reply.at)}
        )
    return [
        (_("拟办意见"), proposal_lines),
        (_("领导批示"), instruction_lines),
        (_("承办情况"), handling_lines or ["—"]),
        (_("传阅情况"), circulation_lines or ["—"]),
        (_("办结与答复"), close_lines or ["—"]),
    ]


def render_slip_pdf(document: IncomingDocument) -> bytes:
    """The slip of ``document`` as PDF bytes."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    fonts = resolve_fonts()
    body_font = fonts[FontRole.SONGTI].name
    title_font = fonts[FontRole.XIAOBIAOSONG].name
    body = ParagraphStyle("body", fontName=body_font, fontSize=11, leading=16, wordWrap="CJK")
    label = ParagraphStyle("label", parent=body, alignment=1)
    title = ParagraphStyle("title", fontName=title_font, fontSize=20, leading=28, alignment=1)

    def p(text: str, style=body) -> Paragraph:
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    header = [
        (_("来文单位"), document.sender_name, _("文号"), document.doc_number or "—"),
        (_("收文号"), document.receipt_number or "—", _("收文日期"), _day(document.created_at)),
        (
            _("密级"),
            document.get_classification_display(),
            _("紧急程度"),
            document.get_urgency_display(),
        ),
        (_("份数"), str(document.copies), _("办理时限"), _when(document.deadline)),
    ]
    data: list[list] = [[p(_("标题"), label), p(document.title), "", ""]]
    data += [[p(a, label), p(b), p(c, label), p(d)] for a, b, c, d in header]
    spans = [("SPAN", (1, 0), (3, 0))]
    rules = []
    # Each line of a section is its own row (and a very long line is cut into pieces), so that
    # the table can break between rows onto a next page: one cell taller than a page cannot be
    # drawn at all. The label stands on the section's first row; a rule opens each section.
    for name, lines in slip_rows(document):
        first = len(data)
        pieces = [
            line[start : start + PIECE]
            for line in lines
            for start in range(0, len(line) or 1, PIECE)
        ]
        for index, piece in enumerate(pieces):
            row = len(data)
            data.append([p(name, label) if index == 0 else "", p(piece), "", ""])
            spans.append(("SPAN", (1, row), (3, row)))
        rules.append(("LINEABOVE", (0, first), (-1, first), 0.6, colors.black))
    header_rows = len(header) + 1
    table = Table(data, colWidths=[28 * mm, 62 * mm, 28 * mm, 52 * mm], repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, header_rows - 1), 0.6, colors.black),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                ("LINEAFTER", (0, 0), (0, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
                ("VALIGN", (0, header_rows), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                *rules,
                *spans,
            ]
        )
    )
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=str(_("收文处理笺")),
    )
    heading = f"{document.organ.name}{_('收文处理笺')}"
    pdf.build([p(heading, title), Spacer(1, 6 * mm), table])
    return buffer.getvalue()
