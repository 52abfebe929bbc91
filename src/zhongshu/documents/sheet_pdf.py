"""The 发文稿纸 (processing sheet) as a printable A4 PDF page, drawn with ReportLab.

The head of the sheet carries the document's title, 文号, 密级, 紧急程度, drafter and the
签发 block (who signed — "X 代 Y" under a delegation — with the opinion and the date); below it the
会签 opinions and every step of the route with its person, opinion and time. The fonts are the
project's (``gongwen.fonts.resolve_fonts``), with their per-glyph fallback, so a rare character
in a name still prints.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.documents.models import DocumentStep, OutgoingDocument
from zhongshu.gongwen.fonts import FontRole, FontSet, FontUnavailableError, resolve_fonts
from zhongshu.lib.errors import ApplicationError

SIGN_DECISIONS = {DocumentStep.Decision.SIGN, DocumentStep.Decision.CIRCLE}


def _local(value, fmt: str = "%Y年%-m月%-d日 %H:%M") -> str:
    return timezone.localtime(value).strftime(fmt) if value else ""


class _Text:
    """Paragraphs whose characters are drawn by the role's font or its glyph fallback."""

    def __init__(self, fonts: FontSet):
        from reportlab.lib.styles import ParagraphStyle

        self.fonts = fonts
        body = fonts[FontRole.FANGSONG].name
        self.styles = {
            "title": ParagraphStyle(
                "title",
                fontName=fonts[FontRole.XIAOBIAOSONG].name,
                fontSize=20,
                leading=28,
                alignment=1,
                spaceAfter=10,
            ),
            "label": ParagraphStyle(
                "label", fontName=fonts[FontRole.HEITI].name, fontSize=10.5, leading=15
            ),
            "cell": ParagraphStyle("cell", fontName=body, fontSize=10.5, leading=15),
            "small": ParagraphStyle("small", fontName=body, fontSize=9, leading=12),
        }
        self.roles = {
            "title": FontRole.XIAOBIAOSONG,
            "label": FontRole.HEITI,
            "cell": FontRole.FANGSONG,
            "small": FontRole.FANGSONG,
        }

    def markup(self, text: str, role: FontRole) -> str:
        """Escape ``text`` and wrap each run of characters in the font that has their glyphs."""
        primary = self.fonts[role].name
        parts: list[str] = []
        run, run_font = "", primary
        for char in str(text):
            if char == "\n":
                parts.append(self._run(run, run_font, primary))
                parts.append("<br/>")
                run, run_font = "", primary
                continue
            font = self.fonts.font_for(role, char).name
            if font != run_font and run:
                parts.append(self._run(run, run_font, primary))
                run = ""
            run_font = font
            run += char
        parts.append(self._run(run, run_font, primary))
        return "".join(parts)

    @staticmethod
    def _run(text: str, font: str, primary: str) -> str:
        if not text:
            return ""
        if font == primary:
            return escape(text)
        return f'<font face="{font}">{escape(text)}</font>'

    def __call__(self, text: str, style: str = "cell"):
        from reportlab.platypus import Paragraph

        return Paragraph(self.markup(text, self.roles[style]), self.styles[style])


def render_sheet_pdf(*, document: OutgoingDocument, content, steps, countersigns) -> bytes:
    """The sheet of ``document`` as PDF bytes (``content`` is its parsed ``gongwen`` model).

    Raises ``ApplicationError`` (503) when no usable Chinese font is installed.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    try:
        fonts = resolve_fonts()
    except FontUnavailableError as exc:
        raise ApplicationError(
            _("服务器缺少中文字体，无法生成发文稿纸 PDF，请联系系统管理员。"), status=503
        ) from exc
    text = _Text(fonts)
    steps = list(steps)
    width = A4[0] - 36 * mm
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
    )

    # The sign-off in force: a return behind 签发 clears the document's signer, and the old
    # 签发 then stays only in the route below, not in the box of the current sign-off.
    sign = None
    if document.signer_id:
        sign = next((s for s in reversed(steps) if s.decision in SIGN_DECISIONS), None)
    sign_text = ""
    if sign is not None:
        sign_text = (
            f"{sign.opinion or sign.get_decision_display()}\n{sign.signature}　{_local(sign.at)}"
        )
    elif document.signer_id:
        sign_text = str(document.signer)

    def row(label_a, value_a, label_b=None, value_b=None):
        if label_b is None:
            return [text(label_a, "label"), text(value_a), "", ""]
        return [text(label_a, "label"), text(value_a), text(label_b, "label"), text(value_b)]

    head = [
        row(_("签发"), sign_text),
        row(_("标题"), document.title),
        row(_("发文字号"), document.doc_number or "—", _("文种"), document.doc_type),
        row(
            _("密级"),
            str(document.get_classification_display()),
            _("紧急程度"),
            str(document.get_urgency_display()),
        ),
        row(_("拟稿处室"), document.department.name, _("拟稿人"), str(document.drafter)),
        row(
            _("签发人"),
            str(document.signer or "—"),
            _("签发日期"),
            document.signed_on.strftime("%Y年%-m月%-d日") if document.signed_on else "—",
        ),
        row(_("主送"), "，".join(content.primary_recipients) or "—"),
        row(_("抄送"), "，".join(content.cc_recipients) or "—"),
    ]
    for cs in countersigns:
        who = cs.actor or cs.assignee
        head.append(
            row(
                _("会签"),
                f"{cs.unit_name}　{who or ''}：{cs.opinion}（{_local(cs.done_at, '%Y年%-m月%-d日')}）",
            )
        )
    label_w = 22 * mm
    value_w = (width - 2 * label_w) / 2
    head_table = Table(
        head,
        colWidths=[label_w, value_w, label_w, value_w],
        # room for the leader's hand-written 签发 on the paper copy
        rowHeights=[30 * mm] + [None] * (len(head) - 1),
    )
    style = TableStyle(grid.getCommands())
    for index, cells in enumerate(head):
        if cells[2] == "":
            style.add("SPAN", (1, index), (3, index))
    head_table.setStyle(style)

    lines = [
        [
            text(h, "label")
            for h in (_("轮次"), _("环节"), _("办理人"), _("处理"), _("意见"), _("时间"))
        ]
    ]
    for step in steps:
        decision = str(step.get_decision_display())
        if step.from_status != step.to_status:
            decision += f" → {step.get_to_status_display()}"
        opinion = step.opinion
        for finding in (step.extra or {}).get("findings", []) or []:
            opinion += f"\n{finding.get('element', '')}：{finding.get('message', '')}"
        lines.append(
            [
                text(str(step.round), "small"),
                text(str(step.get_step_display()), "small"),
                text(step.signature, "small"),
                text(decision, "small"),
                text(opinion, "small"),
                text(_local(step.at), "small"),
            ]
        )
    if not steps:
        lines.append([text(_("尚未送审。"), "small"), "", "", "", "", ""])
    route = Table(
        lines,
        colWidths=[13 * mm, 20 * mm, 28 * mm, 28 * mm, width - 123 * mm, 34 * mm],
        repeatRows=1,
    )
    route.setStyle(grid)

    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{document.organ.name}发文稿纸",
        invariant=1,
    )
    pdf.build(
        [
            text(f"{document.organ.name}{_('发文稿纸')}", "title"),
            head_table,
            Spacer(1, 6 * mm),
            text(_("办理过程"), "label"),
            Spacer(1, 2 * mm),
            route,
        ]
    )
    return buffer.getvalue()
