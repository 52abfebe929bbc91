"""The reader measured on the 22 real documents (tests/gongwen/fixtures.py).

For every fixture, each of 标题, 发文字号, 成文日期, 主送机关, 发文机关 that the header block gives
and the page text contains must be recovered exactly (compared through ``norm_key``: NFKC, no
spaces, because the header block was NFKC-normalised and the bodies were not). Run with ``-s``
to see the recovery table.
"""

from __future__ import annotations

import io

import docx
import pytest

from tests.gongwen.fixtures import (
    Fixture,
    all_fixtures,
    fixture_names,
    load_fixture,
    norm_key,
    split_names,
)
from zhongshu.gongwen.reader import read_docx, read_text
from zhongshu.gongwen.reader.dates import parse_date

ELEMENTS = ("标题", "发文字号", "成文日期", "主送机关", "发文机关")

# Fields the copy is too broken for. Each exception is asserted to still fail (so that a better
# reader forces its removal), with the reason.
EXCEPTIONS: dict[tuple[str, str], str] = {
    # The page text never shows the issuer as part of the document: "攀枝花市东区人民政府办公室"
    # appears only in the web page's metadata row ("时间：… 来源：…办公室 阅读次数："), which is
    # page clutter; taking an issuer from a 来源 row would be wrong on other pages (036 has
    # "来源：站长之家").
    ("045_纪要", "发文机关"): "发文机关只出现在网页的来源栏",
}


def expected(fx: Fixture) -> dict[str, str]:
    """The header values the page text also contains (what the reader can be held to)."""
    values = {
        "标题": fx.title,
        "发文字号": fx.doc_number,
        "成文日期": fx.date_text,
        "主送机关": fx.recipients_text,
        "发文机关": fx.issuer,
    }
    out = {}
    for element, value in values.items():
        if not value:
            continue
        if element == "主送机关":
            present = all(fx.in_body(name) for name in fx.recipients)
        elif element == "发文机关":
            present = all(fx.in_body(name) for name in fx.issuers)
        else:
            present = fx.in_body(value)
        if present:
            out[element] = value
    return out


def recovered(result) -> dict[str, str]:
    doc = result.document
    return {
        "标题": doc.title,
        "发文字号": doc.doc_number,
        "成文日期": doc.date_text,
        "主送机关": "，".join(doc.primary_recipients),
        "发文机关": "".join(issuer.name for issuer in doc.issuers),
    }


def matches(element: str, want: str, got: str, result) -> bool:
    if element == "成文日期":
        return (
            result.document.date is not None
            and result.document.date == parse_date(want)
            and (norm_key(got) == norm_key(want))
        )
    return norm_key(got) == norm_key(want)


def _joined_recipients(text: str) -> str:
    """主送 compared name by name. The model keeps the author's groups ("各省、自治区、直辖市
    人民政府" is one item, printed as written), so both sides are split on 、，； here."""
    return "".join(split_names(text))


def check(fx: Fixture, result) -> dict[str, bool]:
    got = recovered(result)
    out = {}
    for element, want in expected(fx).items():
        if element == "主送机关":
            ok = _joined_recipients(got[element]) == _joined_recipients(want)
        else:
            ok = matches(element, want, got[element], result)
        out[element] = ok
    return out


@pytest.fixture(scope="module")
def results():
    return {fx.name: read_text(fx.body, hints=fx.hints()) for fx in all_fixtures()}


@pytest.mark.parametrize("name", fixture_names())
def test_reader_recovers_each_header_element_the_page_contains(name, results):
    fx = load_fixture(name)
    outcome = check(fx, results[name])
    got = recovered(results[name])
    for element, ok in outcome.items():
        if (name, element) in EXCEPTIONS:
            continue
        assert ok, f"{name} {element}: 期望 {expected(fx)[element]!r}，读到 {got[element]!r}"


@pytest.mark.parametrize(("name", "element"), sorted(EXCEPTIONS))
def test_each_listed_exception_is_still_unrecoverable(name, element, results):
    fx = load_fixture(name)
    assert element in expected(fx), "例外项在原文中不存在，应从例外表删除"
    assert check(fx, results[name])[element] is False, "读取器已能识别，应从例外表删除"


def test_recovery_table_covers_nearly_every_expected_element(results, capsys):
    rows = []
    totals = dict.fromkeys(ELEMENTS, 0)
    wanted = dict.fromkeys(ELEMENTS, 0)
    for fx in all_fixtures():
        outcome = check(fx, results[fx.name])
        cells = []
        for element in ELEMENTS:
            if element not in outcome:
                cells.append("  — ")
                continue
            wanted[element] += 1
            totals[element] += outcome[element]
            cells.append(" ✓  " if outcome[element] else " ✗  ")
        rows.append(f"{fx.name:<10}" + "".join(cells))
    header = f"{'样本':<10}" + "".join(f"{e:<4}" for e in ELEMENTS)
    footer = f"{'合计':<10}" + "".join(f"{totals[e]}/{wanted[e]:<3}" for e in ELEMENTS)
    with capsys.disabled():
        print("\n" + "\n".join([header, *rows, footer]))
    missing = sum(wanted.values()) - sum(totals.values())
    assert missing == len(EXCEPTIONS)
    assert sum(wanted.values()) >= 60  # the fixtures really exercise the reader


def test_page_clutter_lands_in_unplaced_not_in_the_body(results):
    cases = {
        "024_公告": "首页 >",
        "037_通告": "政务",
        "017_批复": "第 [1] 页",
        "031_报告": "无障碍",
        "020_意见": "- 浏览次数",
        "036_通报": "发布时间",
        "018_决议": "新华网北京3月16日电",
    }
    for name, clutter in cases.items():
        result = results[name]
        assert any(u.text.startswith(clutter) for u in result.unplaced), name
        body = [p.text for p in result.document.body]
        assert not any(text.startswith(clutter) for text in body), name
        assert all(u.reason for u in result.unplaced)


def test_headings_keep_their_markers_and_levels(results):
    body = results["014_决定"].document.body
    levels = [(p.text[:2], int(p.level)) for p in body]
    assert ("一、", 1) in levels
    assert ("1、", 3) in levels
    body = results["017_批复"].document.body
    assert body[1].text.startswith("一、同意撤销娄底地区")  # "一、" alone on a line is joined


def test_hard_wrapped_copy_is_joined_into_paragraphs(results):
    doc = results["009_命令"].document
    assert doc.body[0].text.startswith("《生猪屠宰管理条例》已经1997年12月12日国务院")
    assert doc.body[0].text.endswith("自1998年1月1日起施行。")
    assert (doc.signer_title, doc.signer_name) == ("总理", "李鹏")
    assert doc.order_number == "第238号"
    assert doc.attachments[0].title == "生猪屠宰管理条例"
    assert (
        doc.attachments[0].body[0].text
        == "第一条为了加强生猪屠宰管理，保证生猪产品质量，保障人民身体健康，制定本条例。"
    )


def test_attachments_after_the_signature_are_read_with_their_bodies(results):
    doc = results["022_函"].document
    assert doc.attachment_notes == ["衡阳市养老服务工作联席会议制度"]
    assert [a.title for a in doc.attachments] == ["衡阳市养老服务工作联席会议制度"]
    assert doc.attachments[0].body[1].text == "一、主要职能"
    joint = results["005_通知"].document
    assert [i.name for i in joint.issuers] == ["鹤岗市人民政府", "鹤岗市中级人民法院"]
    assert joint.attachments[0].title.endswith("关于完善“府院联动”机制的意见")


def test_run_on_paragraph_is_split_into_notes_signature_date_and_note(results):
    doc = results["036_通报"].document
    assert doc.attachment_notes == [
        "1.各地区政府网站抽查情况",
        "2.国务院部门及其内设、垂直管理机构政府网站抽查情况",
        "3.抽查发现存在突出问题的政府网站名单",
    ]
    assert doc.note == "（此件公开发布）"
    assert [i.name for i in doc.issuers] == ["国务院办公厅"]


def test_adoption_note_replaces_signature_and_date(results):
    doc = results["018_决议"].document
    assert doc.adoption_note == "（2007年3月16日第十届全国人民代表大会第五次会议通过）"
    assert doc.date is not None and doc.date.isoformat() == "2007-03-16"
    assert results["026_函"].document.note == "（联系人：张淮铭；联系电话：67210092）"


def _clerk_docx(fx: Fixture) -> bytes:
    """The fixture typed by a clerk: one plain paragraph per line, no styles."""
    document = docx.Document()
    for line in fx.body_lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", fixture_names())
def test_a_clerk_typed_docx_reads_exactly_like_the_text(name, results):
    fx = load_fixture(name)
    from_docx = read_docx(_clerk_docx(fx), hints=fx.hints())
    from_text = results[name]
    assert from_docx.document == from_text.document
    assert from_docx.unplaced == from_text.unplaced
    assert from_docx.found == from_text.found
