"""Documents for the .docx writer's tests: one per layout and issuing situation."""

from __future__ import annotations

import datetime as dt

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


def notice(**changes) -> Document:
    """A classified, urgent 通知 with every element of the standard layout."""
    values = {
        "doc_type": DocType.NOTICE,
        "copy_number": "000123",
        "classification": Classification.CONFIDENTIAL,
        "classification_period": "1年",
        "urgency": Urgency.EXTRA_URGENT,
        "issuers": [Issuer(name="江淮市人民政府", masthead="江淮市人民政府文件")],
        "doc_number": "江政发〔2021〕7号",
        "title": "江淮市人民政府关于做好2021年防汛工作的通知",
        "primary_recipients": ["各县（市、区）人民政府", "市政府各部门"],
        "body": [
            Paragraph(text="为做好今年防汛工作，现将有关事项通知如下。"),
            Paragraph(text="一、提高认识。各地要充分认识防汛工作的重要性。", level=HeadingLevel.H1),
            Paragraph(text="（一）压实责任。", level=HeadingLevel.H2),
            Paragraph(text="1.明确责任人。", level=HeadingLevel.H3),
            Paragraph(text="（1）县级责任人。", level=HeadingLevel.H4),
        ],
        "attachments": [
            Attachment(title="防汛责任人名单", body=[Paragraph(text="市级：张三。")]),
            Attachment(title="防汛物资储备表", body=[Paragraph(text="沙袋一万只。")]),
        ],
        "date": dt.date(2021, 5, 20),
        "note": "（此件公开发布）",
        "cc_recipients": ["市委办公室", "市人大常委会办公室"],
        "printer": "江淮市人民政府办公室",
        "print_date": dt.date(2021, 5, 21),
    }
    values.update(changes)
    if "attachment_notes" not in changes:
        # 附件说明 is written by the author, never derived by the typesetter (issue #13).
        titles = [a.title for a in values["attachments"]]
        values["attachment_notes"] = (
            titles if len(titles) == 1 else [f"{i}.{t}" for i, t in enumerate(titles, 1)]
        )
    return Document(**values)


def request() -> Document:
    """An upward 请示 with two 签发人 on the number's line."""
    return Document(
        doc_type=DocType.REQUEST,
        issuers=[
            Issuer(name="江淮市民政局", masthead="江淮市民政局文件", signers=["王五", "赵六"])
        ],
        doc_number="江民〔2022〕3号",
        title="江淮市民政局关于申请养老服务经费的请示",
        primary_recipients=["江淮市人民政府"],
        body=[
            Paragraph(text="为推进养老服务体系建设，现申请经费一百万元。"),
            Paragraph(text="妥否，请批示。"),
        ],
        date=dt.date(2022, 3, 1),
        note="（联系人：李四；联系电话：12345678）",
    )


def joint() -> Document:
    """A joint 通知 of two organs (stacked 标志, both 署名)."""
    return Document(
        doc_type=DocType.NOTICE,
        issuers=[
            Issuer(name="江淮市人民政府", masthead="江淮市人民政府文件"),
            Issuer(name="江淮市中级人民法院", masthead="江淮市中级人民法院文件"),
        ],
        doc_number="江政发〔2025〕4号",
        title="江淮市人民政府 江淮市中级人民法院关于完善府院联动机制的通知",
        primary_recipients=["各县（区）人民政府", "各县（区）人民法院"],
        body=[
            Paragraph(text="现就完善府院联动机制通知如下。"),
            Paragraph(text="一、加强沟通。", level=HeadingLevel.H1),
        ],
        date=dt.date(2025, 4, 30),
    )


def order() -> Document:
    """A 令 in 命令格式, signed by title and name."""
    return Document(
        doc_type=DocType.ORDER,
        layout=LayoutFormat.ORDER,
        issuers=[Issuer(name="江淮市人民政府", masthead="江淮市人民政府令")],
        order_number="第5号",
        body=[
            Paragraph(
                text="《江淮市烟花爆竹安全管理办法》已经市政府常务会议通过，现予公布，自2023年3月1日起施行。"
            )
        ],
        signer_title="市长",
        signer_name="张三",
        date=dt.date(2023, 1, 9),
    )


def unsealed_minutes_free_letter() -> Document:
    """An unsealed 函 in the standard layout (署名 and date without a seal, no number)."""
    return Document(
        doc_type=DocType.LETTER,
        sealed=False,
        issuers=[Issuer(name="江淮市城市管理局", masthead="江淮市城市管理局文件")],
        title="江淮市城市管理局关于提案协办意见的函",
        primary_recipients=["双龙湖街道"],
        body=[Paragraph(text="你单位来函收悉。经研究，现函复如下。")],
        date=dt.date(2022, 4, 29),
        note="（联系人：张淮铭；联系电话：67210092）",
    )


def short_notice() -> Document:
    """One page of text with a 版记: the 版记 prints on the back (page 2), as the PDF decides."""
    return notice(attachments=[], body=[Paragraph(text="请认真贯彻执行。")], note="")


def joint_request() -> Document:
    """A joint 请示 with three 签发人 (two rows; the last shares the number's line)."""
    return Document(
        doc_type=DocType.REQUEST,
        issuers=[
            Issuer(name="江淮市民政局", masthead="江淮市民政局文件", signers=["王五", "赵六"]),
            Issuer(name="江淮市财政局", masthead="江淮市财政局文件", signers=["钱七"]),
        ],
        doc_number="江民〔2022〕4号",
        title="江淮市民政局 江淮市财政局关于养老服务补贴标准的请示",
        primary_recipients=["江淮市人民政府"],
        body=[Paragraph(text="现将调整补贴标准的意见报上。"), Paragraph(text="妥否，请批示。")],
        date=dt.date(2022, 3, 2),
    )


def letter_format() -> Document:
    """A 函 in 信函格式 (标志 without 文件, no number on page 1)."""
    return Document(
        doc_type=DocType.LETTER,
        layout=LayoutFormat.LETTER,
        issuers=[Issuer(name="江淮市人民政府办公室")],
        doc_number="江政办函〔2021〕10号",
        title="江淮市人民政府办公室关于同意建立养老服务联席会议制度的复函",
        primary_recipients=["市民政局"],
        body=[Paragraph(text="你局请示收悉。经市人民政府同意，现函复如下。")],
        date=dt.date(2021, 5, 20),
    )


def minutes() -> Document:
    """A 纪要 in 纪要格式 with its 期号 and attendance lists, unsealed."""
    return Document(
        doc_type=DocType.MINUTES,
        layout=LayoutFormat.MINUTES,
        sealed=False,
        issuers=[Issuer(name="江淮市人民政府办公室", masthead="江淮市人民政府常务会议纪要")],
        minutes_number="第5期",
        body=[
            Paragraph(text="3月1日，市长张三主持召开市政府常务会议。会议议定如下事项："),
            Paragraph(text="一、原则同意防汛工作方案。", level=HeadingLevel.H1),
        ],
        minutes_attendance=MinutesAttendance(
            present=["张三", "李四"], absent=["王五"], attending=["赵六"]
        ),
        date=dt.date(2023, 3, 1),
    )


def two_page_notice() -> Document:
    """Text ending on page 2 with no room left at its foot: the PDF adds a blank page 3 and
    prints the 版记 on page 4, neither numbered."""
    text = "各地要认真落实防汛责任制，做好汛期各项准备工作。"
    return notice(attachments=[], body=[Paragraph(text=text)] * 23)


ALL = {
    "two_page": two_page_notice,
    "minutes": minutes,
    "joint_request": joint_request,
    "letter_format": letter_format,
    "notice": notice,
    "short": short_notice,
    "request": request,
    "joint": joint,
    "order": order,
    "letter": unsealed_minutes_free_letter,
}
