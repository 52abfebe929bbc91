"""The typesetter never crashes on a valid document, however odd: hypothesis builds documents
from arbitrary text (CJK, Latin, punctuation, very long words) in every format and element
combination, and each renders to a PDF whose text stays inside the paper."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.gongwen.pdfmeasure import MeasuredPdf
from zhongshu.gongwen.model import (
    Attachment,
    Classification,
    DocType,
    Document,
    HeadingLevel,
    Issuer,
    LayoutFormat,
    MinutesAttendance,
    Paragraph,
    Urgency,
)
from zhongshu.gongwen.typeset.pdf import render_pdf

ALPHABET = st.sampled_from(
    list("江淮市人民政府办公室关于通知请示各县区部门要加强工作，。、；：（）《》“”——……")
    + list("0123456789ABCxyz .%-")
)
TEXT = st.text(ALPHABET, min_size=0, max_size=80)
NAME = st.text(ALPHABET, min_size=1, max_size=30).filter(lambda s: s.strip())


@st.composite
def documents(draw) -> Document:
    layout = draw(st.sampled_from(list(LayoutFormat)))
    doc_type = {
        LayoutFormat.ORDER: DocType.ORDER,
        LayoutFormat.MINUTES: DocType.MINUTES,
    }.get(layout) or draw(
        st.sampled_from([t for t in DocType if t not in (DocType.ORDER, DocType.MINUTES)])
    )
    issuers = draw(
        st.lists(
            st.builds(
                Issuer, name=NAME, masthead=TEXT, signature=TEXT, signers=st.lists(NAME, max_size=3)
            ),
            max_size=4,
        )
    )
    paragraphs = st.lists(
        st.builds(Paragraph, text=TEXT, level=st.sampled_from(list(HeadingLevel))), max_size=12
    )
    return Document(
        doc_type=doc_type,
        layout=layout,
        copy_number=draw(st.sampled_from(["", "1", "000123", "12345678"])),
        classification=draw(st.sampled_from(list(Classification))),
        classification_period=draw(st.sampled_from(["", "1年", "6个月"])),
        urgency=draw(st.sampled_from(list(Urgency))),
        issuers=issuers,
        doc_number=draw(TEXT),
        title=draw(TEXT),
        primary_recipients=draw(st.lists(NAME, max_size=12)),
        body=draw(paragraphs),
        attachments=draw(st.lists(st.builds(Attachment, title=TEXT, body=paragraphs), max_size=2)),
        date_text=draw(st.sampled_from(["", "2026年1月5日"])),
        sealed=draw(st.booleans()),
        note=draw(TEXT),
        cc_recipients=draw(st.lists(NAME, max_size=8)),
        printer=draw(TEXT),
        adoption_note=draw(st.sampled_from(["", "（2026年1月5日会议通过）"])),
        order_number=draw(TEXT),
        signer_title=draw(TEXT),
        signer_name=draw(TEXT),
        minutes_number=draw(TEXT),
        minutes_attendance=draw(
            st.none() | st.builds(MinutesAttendance, present=st.lists(NAME, max_size=5))
        ),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_valid_document_renders_with_its_text_on_the_paper(document):
    result = render_pdf(document)
    pdf = MeasuredPdf(result.pdf)
    assert pdf.page_count == result.page_count
    for page in range(1, pdf.page_count + 1):
        for char in pdf.chars(page):
            assert char.x0 >= -0.5 and char.x1 <= 210.5
            assert char.top >= 0 and char.bottom <= 297
