"""The rules one by one on small hand-built documents, including the test vectors of standards.md §7.

Each test builds the least document that shows the rule, and asserts the rule id, the element
and the character range, so that a rule that fires in the wrong place fails as surely as one
that stays silent.
"""

from __future__ import annotations

import datetime as dt

import pytest

from zhongshu.gongwen.checker import RULES, CheckContext, OrganRelation, Severity, check_document
from zhongshu.gongwen.checker.registry import Hit, rule
from zhongshu.gongwen.model import (
    Attachment,
    Classification,
    Direction,
    DocType,
    Document,
    HeadingLevel,
    Issuer,
    Paragraph,
)

TODAY = dt.date(2026, 11, 27)


def doc(**fields) -> Document:
    """A correct 2025 通知 to start from; tests change what they need."""
    base = {
        "doc_type": DocType.NOTICE,
        "issuers": [Issuer(name="甲市人民政府办公室")],
        "doc_number": "甲政办发〔2025〕3号",
        "title": "甲市人民政府办公室关于做好防汛工作的通知",
        "primary_recipients": ["各区人民政府", "市政府各部门"],
        "body": [Paragraph(text="为做好今年防汛工作，现就有关事项通知如下。")],
        "date": dt.date(2025, 5, 6),
        "date_text": "2025年5月6日",
    }
    base.update(fields)
    return Document(**base)


def body(*texts: str) -> list[Paragraph]:
    return [Paragraph(text=t) for t in texts]


def found(
    document: Document, rule_id: str | None = None, **facts
) -> list[tuple[str, str, int, int]]:
    facts.setdefault("today", TODAY)
    return [
        (f.rule_id, f.element, f.start, f.end)
        for f in check_document(document, **facts)
        if rule_id is None or f.rule_id == rule_id
    ]


def test_a_correct_notice_has_no_finding_at_all():
    assert found(doc()) == []


# --- registry -------------------------------------------------------------------------------


def test_every_rule_has_a_chinese_description_a_source_and_a_suggestion():
    for r in RULES.values():
        assert r.description and any("\u4e00" <= c <= "\u9fff" for c in r.description), r.id
        assert r.source and r.suggestion, r.id
        assert r.family in {
            "attachments",
            "classification",
            "date",
            "number",
            "header",
            "numbering",
            "numbers",
            "punct",
            "recipients",
            "title",
            "type",
        }, r.id


def test_registering_the_same_rule_id_twice_is_refused():
    with pytest.raises(ValueError, match="规则编号重复"):
        rule("punct.western", description="x", source="x", severity=Severity.HINT, suggestion="x")(
            lambda ctx: iter(())
        )


def test_an_old_document_turns_errors_into_hints_with_the_reason():
    old = doc(doc_number="国函[1999]7号", date=dt.date(1999, 1, 20), date_text="1999年1月20日")
    findings = [f for f in check_document(old, today=TODAY) if f.rule_id == "number.form"]
    assert [f.severity for f in findings] == [Severity.HINT]
    assert "2012年7月1日前" in findings[0].message


def test_a_finding_serialises_to_a_plain_dict():
    findings = check_document(doc(title="甲市人民政府办公室关于防汛的通知。"), today=TODAY)
    finding = next(f for f in findings if f.rule_id == "title.punctuation")
    data = finding.to_dict()
    assert data["severity"] == "error" and data["element"] == "标题"
    assert set(data) == {
        "rule_id",
        "severity",
        "element",
        "start",
        "end",
        "message",
        "suggestion",
        "source",
    }


def test_hits_carry_their_own_severity_when_the_rule_is_sure_of_less():
    assert Hit("标题", 0, 1, "x").severity is None


# --- 发文字号 (§7 vectors) -------------------------------------------------------------------


def test_the_standard_doc_number_is_valid():
    assert (
        found(
            doc(doc_number="国办发〔2012〕14号", date=dt.date(2012, 7, 1), date_text="2012年7月1日")
        )
        == []
    )


@pytest.mark.parametrize(
    ("number", "span"),
    [
        ("国办发[2012]14号", (3, 9)),
        ("国办发（2012）14号", (3, 9)),
        ("国办发〔12〕14号", (4, 6)),
        ("国办发〔2012〕014号", (9, 12)),
        ("国办发〔2012〕第14号", (9, 10)),
    ],
)
def test_wrong_doc_numbers_are_errors_at_the_wrong_piece(number, span):
    document = doc(doc_number=number, date=dt.date(2012, 7, 1), date_text="2012年7月1日")
    assert ("number.form", "发文字号", *span) in found(document, "number.form")


def test_a_doc_number_without_year_or_hao_is_an_error():
    assert found(doc(doc_number="建规字第638号"), "number.form") == [
        ("number.form", "发文字号", 0, 8)
    ]
    assert found(doc(doc_number="甲政办发〔2025〕3"), "number.form") == [
        ("number.form", "发文字号", 11, 11)
    ]


def test_an_order_number_with_di_is_how_orders_are_numbered():
    order = doc(doc_type=DocType.ORDER, doc_number="广州市人民政府令第5号", title="")
    assert found(order, "number.form") == []


def test_the_doc_number_year_should_be_the_signing_year():
    assert found(doc(doc_number="甲政办发〔2024〕3号"), "number.year") == [
        ("number.year", "发文字号", 5, 9)
    ]


def test_a_cited_number_in_the_body_with_square_brackets_is_a_warning():
    text = "根据《关于加强管理的通知》（乙政发[2024]5号）要求，现通知如下。"
    findings = [
        f
        for f in check_document(doc(body=body(text)), today=TODAY)
        if f.rule_id == "number.cited-form"
    ]
    assert [(f.severity, f.element, text[f.start : f.end]) for f in findings] == [
        (Severity.WARNING, "正文第1段", "[2024]")
    ]


# --- 成文日期 (§7 vectors) -------------------------------------------------------------------


def test_the_standard_signing_date_is_valid():
    assert (
        found(
            doc(
                date=dt.date(2012, 7, 1), date_text="2012年7月1日", doc_number="甲政办发〔2012〕3号"
            )
        )
        == []
    )


@pytest.mark.parametrize("text", ["2012年07月01日", "二〇一二年七月一日", "12年7月1日"])
def test_wrong_signing_dates_are_errors(text):
    document = doc(date=dt.date(2012, 7, 1), date_text=text, doc_number="甲政办发〔2012〕3号")
    assert {f[0] for f in found(document, "date.format")} == {"date.format"}


def test_leading_zeros_are_pointed_at_month_and_day():
    document = doc(date=dt.date(2025, 5, 6), date_text="2025年05月06日")
    assert found(document, "date.format") == [
        ("date.format", "成文日期", 5, 7),
        ("date.format", "成文日期", 8, 10),
    ]


def test_a_chinese_numeral_date_is_right_before_2012():
    old = doc(
        date=dt.date(2003, 7, 18), date_text="二○○三年七月十八日", doc_number="国办函〔2003〕49号"
    )
    assert found(old, "date.format") == []


def test_a_signing_date_in_the_future_is_an_error():
    document = doc(
        date=dt.date(2027, 1, 1), date_text="2027年1月1日", doc_number="甲政办发〔2027〕3号"
    )
    assert found(document, "date.future") == [("date.future", "成文日期", 0, 9)]


def test_a_print_date_before_the_signing_date_is_an_error():
    assert found(doc(print_date=dt.date(2025, 5, 5)), "date.print-before-signing") != []
    assert found(doc(print_date=dt.date(2025, 5, 7)), "date.print-before-signing") == []


def test_a_deadline_that_passed_before_signing_is_a_warning():
    text = "请于5月1日前将情况报送市政府办公室。"
    assert found(doc(body=body(text)), "date.body-consistency") == [
        ("date.body-consistency", "正文第1段", 2, 6)
    ]
    assert (
        found(doc(body=body("请于5月30日前将情况报送市政府办公室。")), "date.body-consistency")
        == []
    )


def test_something_already_done_after_the_signing_date_is_a_warning():
    done = doc(body=body("会议已于2025年6月3日召开。"))
    assert found(done, "date.body-consistency") == [("date.body-consistency", "正文第1段", 4, 13)]
    assert found(doc(body=body("会议已于2025年5月3日召开。")), "date.body-consistency") == []


def test_an_adoption_note_dated_otherwise_than_the_document_is_a_warning():
    resolution = doc(
        doc_type=DocType.RESOLUTION,
        title="甲市人民代表大会关于政府工作报告的决议",
        adoption_note="（2025年5月5日甲市第一届人民代表大会第一次会议通过）",
    )
    assert [f[0] for f in found(resolution, "date.body-consistency")] == ["date.body-consistency"]


# --- 密级, 保密期限, 份号 (§7 vectors) -------------------------------------------------------


def test_a_classified_document_with_period_and_copy_number_is_valid():
    secret = doc(
        classification=Classification.CONFIDENTIAL,
        classification_period="1年",
        copy_number="000123",
    )
    assert found(secret) == []


def test_a_chinese_numeral_period_is_an_error():
    secret = doc(
        classification=Classification.CONFIDENTIAL,
        classification_period="一年",
        copy_number="000123",
    )
    assert found(secret, "classification.period-form") == [
        ("classification.period-form", "保密期限", 0, 2)
    ]


@pytest.mark.parametrize("number", ["123", "0000123"])
def test_a_copy_number_of_other_than_six_digits_warns(number):
    secret = doc(
        classification=Classification.SECRET, classification_period="1年", copy_number=number
    )
    findings = [
        f
        for f in check_document(secret, today=TODAY)
        if f.rule_id == "classification.copy-number-form"
    ]
    assert [f.severity for f in findings] == [Severity.WARNING]


def test_classified_without_period_or_copy_number_are_errors():
    secret = doc(classification=Classification.TOP_SECRET)
    assert {f[0] for f in found(secret)} == {
        "classification.period-missing",
        "classification.copy-number",
    }


def test_a_period_longer_than_the_law_allows_warns():
    secret = doc(
        classification=Classification.SECRET, classification_period="11年", copy_number="000001"
    )
    assert [f[0] for f in found(secret)] == ["classification.period-limit"]


# --- 文种 and direction ----------------------------------------------------------------------


def request(**fields) -> Document:
    base = {
        "doc_type": DocType.REQUEST,
        "title": "甲市人民政府关于建设防汛物资仓库的请示",
        "primary_recipients": ["乙省人民政府"],
        "body": body("我市拟建设防汛物资仓库一座。", "妥否，请批示。"),
        "note": "（联系人：张三；电话：12345678）",
        "issuers": [Issuer(name="甲市人民政府", signers=["李四"])],
        "doc_number": "甲政〔2025〕3号",
    }
    base.update(fields)
    return doc(**base)


def test_a_correct_request_has_no_finding():
    assert found(request()) == []


def test_a_request_to_two_organs_is_an_error():
    two = request(primary_recipients=["乙省人民政府", "乙省财政厅"])
    assert found(two, "recipients.request-single") == [
        ("recipients.request-single", "主送机关第2项", 0, 5)
    ]


def test_a_request_copied_to_a_subordinate_organ_is_an_error():
    findings = check_document(
        request(cc_recipients=["甲市丙区人民政府"]),
        today=TODAY,
        subordinate_organs=frozenset({"甲市丙区人民政府"}),
    )
    assert [(f.rule_id, f.severity) for f in findings] == [
        ("recipients.upward-cc-subordinate", Severity.ERROR)
    ]


def test_a_collective_name_of_subordinates_on_upward_documents_warns():
    findings = check_document(request(cc_recipients=["各乡镇人民政府"]), today=TODAY)
    assert [(f.rule_id, f.severity) for f in findings] == [
        ("recipients.upward-cc-subordinate", Severity.WARNING)
    ]


def test_upward_documents_need_a_signer_where_the_header_is_printed():
    assert found(request(issuers=[Issuer(name="甲市人民政府")]), "header.signer-upward") == [
        ("header.signer-upward", "签发人", 0, 0)
    ]
    unnumbered = request(issuers=[Issuer(name="甲市人民政府")], doc_number="")
    assert found(unnumbered, "header.signer-upward") == []
    assert found(unnumbered, "header.signer-upward", header_expected=True) != []


def test_a_request_without_contact_in_the_note_warns_unless_the_copy_is_cut_off():
    assert found(request(note=""), "type.request-contact") == [
        ("type.request-contact", "附注", 0, 0)
    ]
    assert found(request(note=""), "type.request-contact", complete=False) == []


def test_a_request_that_asks_once_and_closes_formally_is_one_matter():
    once = request(
        body=body("我市拟建设防汛物资仓库一座，所需资金由市财政安排，请予批准。", "妥否，请批示。")
    )
    assert found(once, "type.request-one-matter") == []


def test_a_request_that_asks_twice_warns_of_two_matters():
    twice = request(
        body=body(
            "我市拟建设仓库一座，请批准。",
            "另，拟购置防汛抢险车辆两台，所需经费由市财政安排，妥否，请批示。",
        )
    )
    assert found(twice, "type.request-one-matter") == [
        ("type.request-one-matter", "正文第2段", 25, 31)
    ]


def test_a_report_that_asks_for_approval_warns():
    report = doc(
        doc_type=DocType.REPORT,
        title="甲市人民政府关于防汛工作情况的报告",
        body=body("今年防汛工作总体平稳。", "以上报告，妥否，请批示。"),
    )
    assert found(report, "type.request-in-report") == [
        ("type.request-in-report", "正文第2段", 5, 11)
    ]


def test_a_report_may_cite_a_request_by_its_title():
    report = doc(
        doc_type=DocType.REPORT,
        title="甲市人民政府关于防汛工作情况的报告",
        body=body("已按《关于妥否请批示的请示》办理。"),
    )
    assert found(report, "type.request-in-report") == []


def test_requests_and_reports_sent_downward_are_errors():
    assert found(request(), "type.upward-only", direction=Direction.DOWN) == [
        ("type.upward-only", "文种", 0, 2)
    ]
    assert found(request(), "type.upward-only", recipient_relation=OrganRelation.SUBORDINATE) != []


def test_a_request_addressed_to_all_subordinates_warns_without_an_organ_tree():
    findings = check_document(request(primary_recipients=["各乡镇人民政府"]), today=TODAY)
    assert [
        (f.rule_id, f.element, f.severity) for f in findings if f.rule_id == "type.upward-only"
    ] == [("type.upward-only", "主送机关", Severity.WARNING)]


def test_a_reply_answers_a_request_of_a_subordinate():
    reply = doc(
        doc_type=DocType.REPLY,
        title="乙省人民政府关于同意甲市建设仓库的批复",
        body=body("你市《关于建设仓库的请示》收悉。现批复如下：同意。"),
    )
    assert found(reply, "type.reply-request") == []
    assert found(reply, "type.reply-request", direction=Direction.UP) != []
    assert found(reply, "type.reply-request", replies_to_request=False) != []
    unasked = reply.model_copy(update={"body": body("现批复如下：同意。")})
    assert [
        f.severity
        for f in check_document(unasked, today=TODAY)
        if f.rule_id == "type.reply-request"
    ] == [Severity.WARNING]


def test_a_letter_to_a_subordinate_is_an_error():
    letter = doc(doc_type=DocType.LETTER, title="甲市人民政府办公室关于商请支持的函")
    assert found(letter, "type.letter-relation", recipient_relation=OrganRelation.UNRELATED) == []
    assert found(letter, "type.letter-relation", recipient_relation=OrganRelation.SUBORDINATE) != []


def test_orders_only_from_organs_that_may_issue_them():
    order = doc(
        doc_type=DocType.ORDER,
        title="",
        doc_number="甲市人民政府令第1号",
        issuers=[Issuer(name="甲市人民政府")],
    )
    assert found(order, "type.order-issuer") == []
    assert found(order, "type.order-issuer", may_issue_order=False) != []
    office = order.model_copy(update={"issuers": [Issuer(name="甲市人民政府办公室")]})
    assert [
        f.severity for f in check_document(office, today=TODAY) if f.rule_id == "type.order-issuer"
    ] == [Severity.WARNING]


def test_a_leader_by_name_is_not_an_addressee():
    assert found(doc(primary_recipients=["张市长"]), "recipients.leader-addressee") == [
        ("recipients.leader-addressee", "主送机关", 0, 3)
    ]


# --- 标题 -----------------------------------------------------------------------------------


def test_a_title_must_end_in_its_type():
    assert found(doc(title="甲市人民政府办公室关于做好防汛工作的通报"), "title.type-suffix") == [
        ("title.type-suffix", "标题", 0, 20)
    ]
    assert found(doc(title="甲市人民政府办公室关于做好防汛工作"), "title.type-suffix") != []


def test_a_title_may_end_with_a_trial_mark_or_a_footnote():
    opinion = doc(
        title="甲市人民政府办公室关于加强管理的实施意见（试行）", doc_type=DocType.OPINION
    )
    assert found(opinion) == []
    assert (
        found(
            doc(title="甲市2024年国民经济和社会发展统计公报[1]", doc_type=DocType.COMMUNIQUE),
            "title.type-suffix",
        )
        == []
    )


def test_request_report_hybrids_are_errors():
    assert found(request(title="甲市人民政府关于建设仓库的请示报告"), "title.hybrid-type") == [
        ("title.hybrid-type", "标题", 13, 17)
    ]


def test_sentence_punctuation_in_a_title_is_an_error_but_quotes_and_book_marks_are_not():
    assert found(
        doc(title="甲市人民政府办公室关于做好防汛，抗旱工作的通知"), "title.punctuation"
    ) == [("title.punctuation", "标题", 15, 16)]
    fine = "甲市人民政府办公室关于印发《甲市“府院联动”机制（试行）》的通知"
    assert found(doc(title=fine), "title.punctuation") == []


def test_a_title_the_reader_left_in_the_body_for_its_comma_is_still_named():
    draft = doc(
        title="",
        body=body(
            "甲市人民政府办公室关于做好防汛，抗旱工作的通知", "各区人民政府：现将有关事项通知如下。"
        ),
    )
    findings = [f for f in check_document(draft, today=TODAY) if f.rule_id == "title.punctuation"]
    assert [(f.element, f.start, f.end, f.severity) for f in findings] == [
        ("正文第1段", 15, 16, Severity.WARNING)
    ]
    assert (
        found(doc(title="", body=body("现将有关事项通知如下，请遵照执行。")), "title.punctuation")
        == []
    )


def test_forwarding_titles_do_not_double_guanyu_or_the_notice():
    doubled = "甲市人民政府办公室关于转发乙省人民政府关于防汛工作的通知的通知"
    assert [f[1:] for f in found(doc(title=doubled))] == [("标题", 9, 21), ("标题", 25, 31)]
    assert {f[0] for f in found(doc(title=doubled))} == {"title.forward-doubled"}
    assert found(doc(title="甲市人民政府办公室转发乙省人民政府关于防汛工作的通知")) == []


def test_a_title_without_guanyu_or_issuer_gets_only_hints():
    findings = check_document(doc(title="做好防汛工作的通知"), today=TODAY)
    assert {(f.rule_id, f.severity) for f in findings} == {("title.structure", Severity.HINT)}


def test_a_missing_title_is_an_error_except_on_orders_and_cut_off_copies():
    assert found(doc(title=""), "title.missing") == [("title.missing", "标题", 0, 0)]
    assert found(doc(title=""), "title.missing", complete=False) == []


# --- 层次序号 -------------------------------------------------------------------------------


def test_right_heading_numbering_passes():
    paras = body(
        "总体要求如下。",
        "一、工作目标",
        "（一）近期目标",
        "1.完成仓库建设。",
        "（1）选址。",
        "（2）施工。",
        "2.完成验收。",
        "（二）远期目标",
        "二、保障措施",
    )
    assert found(doc(body=paras)) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("一.工作目标", (0, 2)),
        ("1、完成建设", (0, 2)),
        ("(一)近期目标", (0, 3)),
        ("(1)选址", (0, 3)),
        ("一，目标", (0, 2)),
    ],
)
def test_wrong_heading_markers_are_errors(text, span):
    assert found(doc(body=body(text)), "numbering.marker-form") == [
        ("numbering.marker-form", "正文第1段", *span)
    ]


def test_a_full_stop_after_a_bracketed_number_is_an_error():
    assert found(doc(body=body("一、目标", "（一）、近期目标")), "numbering.bracket-punct") == [
        ("numbering.bracket-punct", "正文第2段", 3, 4)
    ]


def test_skipped_and_repeated_numbers_are_errors():
    skipped = doc(body=body("一、目标", "三、措施"))
    repeated = doc(body=body("一、目标", "（一）近期", "（一）远期"))
    assert found(skipped, "numbering.sequence") == [("numbering.sequence", "正文第2段", 0, 2)]
    assert found(repeated, "numbering.sequence") == [("numbering.sequence", "正文第3段", 0, 3)]


def test_numbering_restarts_under_each_parent_and_in_each_attachment():
    paras = body("一、目标", "（一）近期", "（二）远期", "二、措施", "（一）组织", "（二）经费")
    attachment = Attachment(title="实施方案", body=body("一、总体要求", "二、任务分工"))
    document = doc(body=paras, attachments=[attachment], attachment_notes=["实施方案"])
    assert found(document) == []


def test_a_cut_off_copy_may_start_in_the_middle_of_a_list():
    later = doc(body=body("（四）强化考核。", "（五）加强宣传。"))
    assert found(later, "numbering.sequence", complete=False) == []
    assert found(later, "numbering.sequence") != []


def test_a_level_skipped_under_a_heading_warns_but_a_plain_list_does_not():
    assert found(doc(body=body("一、目标", "1.完成建设。")), "numbering.skipped-level") == [
        ("numbering.skipped-level", "正文第2段", 0, 2)
    ]
    assert found(doc(body=body("1.完成建设。", "2.完成验收。"))) == []


def test_articles_of_a_regulation_open_their_own_items():
    paras = body(
        "第一条 为了加强管理，制定本办法。",
        "第二条 本办法适用于：",
        "（一）甲；",
        "（二）乙。",
        "第三条 有下列情形之一的：",
        "（一）丙；",
        "（二）丁。",
    )
    assert found(doc(body=paras)) == []


def test_a_heading_level_that_disagrees_with_its_marker_is_an_error():
    wrong = doc(body=[Paragraph(text="（一）近期目标", level=HeadingLevel.H1)])
    assert found(wrong, "numbering.level-mismatch") == [
        ("numbering.level-mismatch", "正文第1段", 0, 3)
    ]
    bare = doc(body=[Paragraph(text="近期目标", level=HeadingLevel.H2)])
    assert found(bare, "numbering.level-mismatch") == [
        ("numbering.level-mismatch", "正文第1段", 0, 0)
    ]


# --- 标点 -----------------------------------------------------------------------------------


def test_western_punctuation_in_chinese_text_is_an_error_but_numbers_keep_theirs():
    text = "会议于8:30召开,增长3.0%。"
    assert found(doc(body=body(text)), "punct.western") == [("punct.western", "正文第1段", 9, 10)]


def test_a_half_width_point_ending_a_chinese_sentence_is_an_error_even_before_a_number():
    assert found(doc(body=body("问题日益突出.2025年7月，我区遭遇强降雨。")), "punct.western") == [
        ("punct.western", "正文第1段", 6, 7)
    ]


def test_half_width_brackets_in_chinese_text_are_errors():
    assert found(doc(body=body("各县(区)人民政府要落实。")), "punct.halfwidth-bracket") == [
        ("punct.halfwidth-bracket", "正文第1段", 2, 3),
        ("punct.halfwidth-bracket", "正文第1段", 4, 5),
    ]


def test_half_width_brackets_in_organ_names_are_errors_too():
    assert found(
        doc(primary_recipients=["各县(区)人民政府", "市政府各部门"]), "punct.halfwidth-bracket"
    ) == [
        ("punct.halfwidth-bracket", "主送机关第1项", 2, 3),
        ("punct.halfwidth-bracket", "主送机关第1项", 4, 5),
    ]


def test_unpaired_quotes_brackets_and_book_marks_are_errors():
    text = "贯彻《条例》和“两个规定（试行。"
    assert found(doc(body=body(text)), "punct.unpaired") == [
        ("punct.unpaired", "正文第1段", 7, 8),
        ("punct.unpaired", "正文第1段", 12, 13),
    ]
    assert found(doc(body=body("贯彻条例》精神。")), "punct.unpaired") == [
        ("punct.unpaired", "正文第1段", 4, 5)
    ]


def test_a_cut_off_copy_may_end_inside_a_quotation():
    cut = doc(body=body("一、目标", "以“加强法治政府建设 打造人民"))
    assert found(cut, "punct.unpaired", complete=False) == []
    assert found(cut, "punct.unpaired") != []


def test_doubled_punctuation_is_an_error_but_ellipsis_and_dash_are_not():
    assert found(doc(body=body("今年6月，，国务院办公厅抽查。")), "punct.doubled") == [
        ("punct.doubled", "正文第1段", 4, 6)
    ]
    assert found(doc(body=body("他说……——好。")), "punct.doubled") == []


@pytest.mark.parametrize("text", ["2016~2020年", "2016～2020年", "2016--2020年"])
def test_year_ranges_use_the_one_em_dash(text):
    findings = [
        f
        for f in check_document(doc(body=body(f"规划期为{text}。")), today=TODAY)
        if f.rule_id == "punct.range-dash"
    ]
    assert [(f.severity, f.start) for f in findings] == [(Severity.WARNING, 8)]


def test_a_hyphen_between_years_is_only_a_hint_as_statistical_communiques_use_it():
    findings = list(check_document(doc(body=body("2018-2022年全员劳动生产率。")), today=TODAY))
    assert [(f.rule_id, f.severity) for f in findings] == [("punct.range-dash", Severity.HINT)]


def test_two_years_glued_together_lost_their_dash():
    assert found(doc(body=body("按照《纲要（20212025年）》要求。")), "punct.range-dash") == [
        ("punct.range-dash", "正文第1段", 6, 14)
    ]


# --- 数字 -----------------------------------------------------------------------------------


def test_abbreviated_years_are_errors_but_durations_are_not():
    assert found(doc(body=body("自12年7月起实施。")), "numbers.abbreviated-year") == [
        ("numbers.abbreviated-year", "正文第1段", 1, 4)
    ]
    assert found(
        doc(body=body("九〇年代以来，工作12年来成绩显著，一百零八年历史。")),
        "numbers.abbreviated-year",
    ) == [("numbers.abbreviated-year", "正文第1段", 0, 3)]


def test_one_date_in_two_scripts_is_an_error_but_session_numbers_are_not():
    assert found(doc(body=body("会议于二〇〇八年8月8日召开。")), "numbers.mixed-date") == [
        ("numbers.mixed-date", "正文第1段", 3, 12)
    ]
    assert found(doc(body=body("经市政府十七届61次常务会议审议通过。"))) == []


@pytest.mark.parametrize(
    ("text", "span"), [("安排3千万元", (2, 4)), ("培训5百人", (2, 4)), ("二0二五年", (0, 2))]
)
def test_one_number_in_two_scripts_warns(text, span):
    assert found(doc(body=body(text + "。")), "numbers.mixed-number") == [
        ("numbers.mixed-number", "正文第1段", *span)
    ]


def test_units_beginning_with_a_numeral_character_are_not_mixed_numbers():
    assert found(doc(body=body("新建道路5千米，增加1.5个百分点，装机3千瓦，共463亿元。"))) == []


def test_percent_ranges_carry_the_sign_on_both_ends():
    assert found(doc(body=body("增长15～30%。")), "numbers.percent-range") == [
        ("numbers.percent-range", "正文第1段", 2, 8)
    ]
    assert found(doc(body=body("增长15%～30%。"))) == []


# --- 附件说明 -------------------------------------------------------------------------------


def test_attachment_notes_matching_the_attachments_pass():
    document = doc(
        attachment_notes=["1.实施方案", "2.任务分工"],
        attachments=[Attachment(title="实施方案"), Attachment(title="任务分工")],
    )
    assert found(document) == []


def test_a_full_stop_after_an_attachment_name_is_an_error():
    assert found(
        doc(attachment_notes=["1.工作方案。", "2.任务分工"]), "attachments.trailing-punct"
    ) == [("attachments.trailing-punct", "附件说明第1项", 6, 7)]


def test_attachment_numbers_run_one_two_three_with_a_point():
    notes = ["附件：1.实施方案", "3.任务分工", "4、经费预算"]
    assert found(doc(attachment_notes=notes), "attachments.numbering") == [
        ("attachments.numbering", "附件说明第2项", 0, 1),
        ("attachments.numbering", "附件说明第3项", 0, 1),
        ("attachments.numbering", "附件说明第3项", 0, 2),
    ]


def test_attachment_names_must_equal_the_attachments_titles():
    document = doc(attachment_notes=["实施方案"], attachments=[Attachment(title="工作方案")])
    assert found(document, "attachments.mismatch") == [("attachments.mismatch", "附件说明", 0, 4)]
    unlisted = doc(attachments=[Attachment(title="工作方案")])
    assert found(unlisted, "attachments.mismatch") == [("attachments.mismatch", "附件说明", 0, 0)]


def test_the_document_a_notice_issues_is_not_an_unlisted_attachment():
    issuing = doc(
        title="甲市人民政府办公室关于印发甲市防汛工作方案的通知",
        body=body("现将《甲市防汛工作方案》印发给你们，请认真贯彻执行。"),
        attachments=[Attachment(title="甲市防汛工作方案")],
    )
    assert found(issuing) == []


# --- context ---------------------------------------------------------------------------------


def test_the_context_must_belong_to_the_document_checked():
    with pytest.raises(ValueError, match="不是同一份公文"):
        check_document(doc(), CheckContext(document=doc(title="x")))


def test_a_context_and_loose_facts_together_are_refused():
    document = doc()
    with pytest.raises(TypeError, match="today"):
        check_document(document, CheckContext(document=document), today=TODAY)


def test_the_regime_follows_the_signing_date_even_when_only_written_in_chinese():
    old = doc(date=None, date_text="一九九五年十一月八日")
    assert CheckContext(document=old).regime_2012 is False
    assert CheckContext(document=doc(date=None, date_text="")).regime_2012 is True
