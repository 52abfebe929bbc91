"""Hypothesis: arbitrary text and arbitrary documents never crash the checker, and every finding
points inside the element it names.

The alphabet leans on what the rules look at (numerals, 〔〕, brackets, quotes, heading markers,
年月日, line breaks) so that the generated input reaches the rules' edge cases, not just the
early exits.
"""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhongshu.gongwen.checker import CheckContext, OrganRelation, check_document, check_text
from zhongshu.gongwen.model import (
    Attachment,
    Classification,
    Direction,
    DocType,
    Document,
    HeadingLevel,
    Issuer,
    Paragraph,
    Urgency,
    format_date,
)

ALPHABET = st.sampled_from(
    list(
        "关于通知请示报告批复函的年月日号第附件：，。、；？！“”‘’《》〈〉（）()〔〕[]【】—～~-.:,;%"
    )
    + list(
        "〇○零一二三四五六七八九十百0123456789 \u3000\n甲乙市人民政府办公室各县区联系人电话妥否请批示"
    )
)
TEXT = st.text(ALPHABET, max_size=60)
ANY_TEXT = st.one_of(TEXT, st.text(max_size=60))

settings.register_profile(
    "checker",
    max_examples=int(os.environ.get("CHECKER_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("checker")


paragraphs = st.lists(
    st.builds(Paragraph, text=ANY_TEXT, level=st.sampled_from(list(HeadingLevel))), max_size=8
)
documents = st.builds(
    Document,
    doc_type=st.sampled_from(list(DocType)),
    direction=st.sampled_from(list(Direction)),
    copy_number=st.text(st.sampled_from("0123456789"), max_size=8),
    classification=st.sampled_from(list(Classification)),
    classification_period=ANY_TEXT,
    urgency=st.sampled_from(list(Urgency)),
    issuers=st.lists(
        st.builds(Issuer, name=TEXT.filter(bool), signers=st.lists(TEXT, max_size=2)), max_size=3
    ),
    doc_number=ANY_TEXT,
    title=ANY_TEXT,
    primary_recipients=st.lists(ANY_TEXT, max_size=3),
    body=paragraphs,
    attachment_notes=st.lists(ANY_TEXT, max_size=4),
    attachments=st.lists(st.builds(Attachment, title=ANY_TEXT, body=paragraphs), max_size=3),
    date=st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    date_text=ANY_TEXT,
    note=ANY_TEXT,
    cc_recipients=st.lists(ANY_TEXT, max_size=3),
    print_date=st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    adoption_note=ANY_TEXT,
)
contexts = st.fixed_dictionaries(
    {
        "direction": st.sampled_from(list(Direction)),
        "recipient_relation": st.sampled_from(list(OrganRelation)),
        "may_issue_order": st.none() | st.booleans(),
        "replies_to_request": st.none() | st.booleans(),
        "complete": st.booleans(),
        "header_expected": st.none() | st.booleans(),
        "today": st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    }
)


def element_texts(ctx: CheckContext) -> dict[str, str]:
    doc = ctx.document
    texts = {e.name: e.text for e in ctx.elements}
    texts.update(
        {
            "发文字号": doc.doc_number,
            "成文日期": doc.date_text
            or (format_date(ctx.signing_date) if ctx.signing_date else ""),
            "保密期限": doc.classification_period,
            "密级和保密期限": doc.classification.value,
            "份号": doc.copy_number,
            "文种": doc.doc_type.value,
            "发文机关": doc.lead_issuer.name if doc.lead_issuer else "",
            "印发日期": format_date(doc.print_date) if doc.print_date else "",
        }
    )
    return texts


@given(documents, contexts)
def test_arbitrary_documents_never_crash_and_findings_point_inside_their_element(document, facts):
    ctx = CheckContext(document=document, **facts)
    texts = element_texts(ctx)
    for finding in check_document(document, ctx):
        assert finding.message and finding.suggestion and finding.source
        if finding.element in texts:
            assert 0 <= finding.start <= finding.end <= len(texts[finding.element]), finding
        else:  # an element that is missing altogether (签发人, 附注, 标题…) is pointed at as empty
            assert finding.start == finding.end == 0, finding


@given(ANY_TEXT.map(lambda s: s * 3))
def test_arbitrary_text_never_crashes_the_reader_and_checker(text):
    for finding in check_text(text):
        assert finding.start <= finding.end


@given(st.text(max_size=400))
def test_arbitrary_unicode_never_crashes_check_text(text):
    check_text(text)
