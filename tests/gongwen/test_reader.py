"""The reader on drafts written the way clerks write them (synthetic, every element present)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhongshu.gongwen.model import Classification, DocType, HeadingLevel, LayoutFormat, Urgency
from zhongshu.gongwen.reader import read_text
from zhongshu.gongwen.reader.dates import find_date, parse_date
from zhongshu.gongwen.reader.lines import heading_level, is_organ_name, split_organ_list

FULL_DRAFT = """\
000123
机密★1年
特急
江淮市人民政府文件

江政发〔2021〕7号

江淮市人民政府关于做好2021年
防汛工作的通知

各县（市、区）人民政府，市政府各部门、各直属机构：
  为做好今年防汛工作，现将有关事项通知如下。
  一、提高认识
  各地要充分认识防汛工作的重要性。
  （一）压实责任
  1.明确责任人。
  （1）县级责任人。
附件：1.防汛责任人名单
      2.防汛物资储备表

江淮市人民政府
2021年5月20日
（此件公开发布）
附件1
防汛责任人名单
  市级：张三。
附件2
防汛物资储备表
  沙袋一万只。
抄送：市委办公室，市人大常委会办公室，
  市政协办公室。
江淮市人民政府办公室        2021年5月21日印发
"""


def test_a_full_draft_lands_in_every_element():
    result = read_text(FULL_DRAFT)
    doc = result.document
    assert doc.copy_number == "000123"
    assert doc.classification == Classification.CONFIDENTIAL
    assert doc.classification_period == "1年"
    assert doc.urgency == Urgency.EXTRA_URGENT
    assert doc.issuers[0].masthead == "江淮市人民政府文件"
    assert doc.issuers[0].name == "江淮市人民政府"
    assert doc.doc_number == "江政发〔2021〕7号"
    assert doc.title == "江淮市人民政府关于做好2021年防汛工作的通知"
    assert doc.doc_type == DocType.NOTICE
    # Groups as the author separated them: the 、 stays inside a group (issue #13).
    assert doc.primary_recipients == ["各县（市、区）人民政府", "市政府各部门、各直属机构"]
    assert [p.level for p in doc.body] == [
        HeadingLevel.BODY,
        HeadingLevel.H1,
        HeadingLevel.BODY,
        HeadingLevel.H2,
        HeadingLevel.H3,
        HeadingLevel.H4,
    ]
    assert doc.attachment_notes == ["1.防汛责任人名单", "2.防汛物资储备表"]
    assert doc.date == dt.date(2021, 5, 20)
    assert doc.note == "（此件公开发布）"
    assert [(a.title, [p.text for p in a.body]) for a in doc.attachments] == [
        ("防汛责任人名单", ["市级：张三。"]),
        ("防汛物资储备表", ["沙袋一万只。"]),
    ]
    assert doc.cc_recipients == ["市委办公室", "市人大常委会办公室", "市政协办公室"]
    assert doc.printer == "江淮市人民政府办公室"
    assert doc.print_date == dt.date(2021, 5, 21)
    assert result.unplaced == []
    assert result.found["标题"] == [8, 9]
    assert result.found["份号"] == [1]


def test_an_upward_draft_reads_number_and_signers_from_one_line():
    text = "江淮市民政局文件\n\n江民〔2022〕3号          签发人：王五  赵六\n\n江淮市民政局关于申请养老经费的请示\n\n江淮市人民政府：\n  请予批准。\n  妥否，请批示。\n\n江淮市民政局\n2022年3月1日\n（联系人：李四；联系电话：12345678）\n"
    doc = read_text(text).document
    assert doc.doc_number == "江民〔2022〕3号"
    assert doc.issuers[0].signers == ["王五", "赵六"]
    assert doc.doc_type == DocType.REQUEST
    assert doc.note == "（联系人：李四；联系电话：12345678）"


def test_an_order_reads_its_number_signature_and_date():
    text = "江淮市人民政府令\n\n第5号\n\n  《江淮市烟花爆竹管理办法》已经市政府常务会议通过，现予公布。\n\n市长  张三\n\n2023年1月9日\n"
    doc = read_text(text).document
    assert doc.doc_type == DocType.ORDER
    assert doc.layout == LayoutFormat.ORDER
    assert doc.order_number == "第5号"
    assert doc.doc_number == "江淮市人民政府令 第5号"
    assert (doc.signer_title, doc.signer_name) == ("市长", "张三")
    assert doc.date == dt.date(2023, 1, 9)
    assert doc.issuers[0].name == "江淮市人民政府"


def test_a_joint_signature_on_one_line_with_the_date_gives_every_issuer():
    text = "关于开展联合检查的通知\n\n各区人民政府：\n  现就有关事项通知如下。\n江淮市人民政府  江淮市中级人民法院  2024年2月3日\n"
    doc = read_text(text).document
    assert [i.name for i in doc.issuers] == ["江淮市人民政府", "江淮市中级人民法院"]
    assert doc.date == dt.date(2024, 2, 3)


def test_hints_give_the_type_when_the_title_does_not():
    doc = read_text(
        "城厢区人民政府：\n  以上请示妥否，请批示。\n", hints={"doc_type": "请示"}
    ).document
    assert doc.doc_type == DocType.REQUEST
    assert doc.primary_recipients == ["城厢区人民政府"]
    assert doc.title == ""


def test_unknown_lines_after_the_date_are_kept_and_reported_in_chinese():
    result = read_text(
        "关于某事的通知\n\n各单位：\n  请遵照执行。\n2021年5月20日\n以上内容不知归属。\n"
    )
    # Never dropped (issue #13): kept as an untitled attachment, and the report says so.
    assert not result.unplaced
    assert [p.text for p in result.document.attachments[0].body] == ["以上内容不知归属。"]
    assert result.carried[-1].line == 6
    assert result.carried[-1].text == "以上内容不知归属。"
    assert "成文日期" in result.carried[-1].reason


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("二○○三年七月十八日", dt.date(2003, 7, 18)),
        ("二〇〇九年十二月三十一日", dt.date(2009, 12, 31)),
        ("二OO五年十一月二十九日", dt.date(2005, 11, 29)),
        ("二00五年十月二十日", dt.date(2005, 10, 20)),
        ("2021年5月20日", dt.date(2021, 5, 20)),
        ("2021 年 5 月 20 日", dt.date(2021, 5, 20)),
    ],
)
def test_dates_are_read_in_arabic_and_chinese_numerals(written, expected):
    assert parse_date(written) == expected


def test_impossible_dates_are_not_read():
    assert parse_date("2021年2月30日") is None
    assert parse_date("2021年5月20日下午") is None
    assert find_date("于2021年5月20日下午")[0] == dt.date(2021, 5, 20)


def test_heading_markers_give_levels():
    assert heading_level("一、总体要求") == HeadingLevel.H1
    assert heading_level("（二）工作任务") == HeadingLevel.H2
    assert heading_level("3.具体措施") == HeadingLevel.H3
    assert heading_level("3、具体措施") == HeadingLevel.H3
    assert heading_level("（4）细则") == HeadingLevel.H4
    assert heading_level("3.5%的增长") == HeadingLevel.BODY


def test_organ_names_are_recognised_by_their_endings():
    assert is_organ_name("国务院办公厅")
    assert is_organ_name("双龙湖街道")
    assert not is_organ_name("关于做好工作的通知")
    assert split_organ_list("各县（市、区）人民政府，市政府各部门") == [
        "各县（市、区）人民政府",
        "市政府各部门",
    ]


def _numbered_docx() -> bytes:
    """A draft whose headings use Word's automatic numbering (一、 and （一） are not text)."""
    import io

    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
            "</w:abstractNum>"
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    document.add_paragraph("关于做好防汛工作的通知")
    document.add_paragraph("各区人民政府：")
    document.add_paragraph("现将有关事项通知如下。")
    for text, level in [("提高认识", 0), ("压实责任", 1), ("加强值守", 1), ("强化保障", 0)]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
            )
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_automatic_numbering_gives_back_the_markers_and_levels():
    from zhongshu.gongwen.reader import read_docx

    doc = read_docx(_numbered_docx()).document
    assert [(p.text, p.level) for p in doc.body[1:]] == [
        ("一、提高认识", HeadingLevel.H1),
        ("（一）压实责任", HeadingLevel.H2),
        ("（二）加强值守", HeadingLevel.H2),
        ("二、强化保障", HeadingLevel.H1),
    ]


def test_chinese_list_numbers_are_written_as_word_writes_them():
    from zhongshu.gongwen.reader.numbering import chinese_number

    assert [chinese_number(n) for n in (1, 10, 12, 20, 21, 100, 105, 110)] == [
        "一", "十", "十二", "二十", "二十一", "一百", "一百零五", "一百一十",
    ]  # fmt: skip


def test_a_file_that_is_not_a_docx_is_refused_in_chinese(tmp_path):
    from zhongshu.gongwen.reader import DocxReadError, read_docx

    with pytest.raises(DocxReadError, match=r"不是有效的 \.docx 文档"):
        read_docx(b"%PDF-1.4 not a word file")
    path = tmp_path / "draft.docx"
    path.write_bytes(_numbered_docx())
    assert read_docx(path).document.title == "关于做好防汛工作的通知"
    assert read_docx(str(path)).document.title == "关于做好防汛工作的通知"
