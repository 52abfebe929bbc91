"""A 请示 of 淮东区政府 to the city government, from the draft to its dispatch, clicked through in
Chromium by the people of the demo city who hold each step; then the issued PDF is downloaded and
its 文号 and 签发人 are read back from page 1."""

from __future__ import annotations

import io
import re

import pdfplumber
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.organs.factories import DepartmentFactory, PostFactory
from zhongshu.demo import data
from zhongshu.documents.models import OutgoingDocument
from zhongshu.organs.models import Organ, Role

Status = OutgoingDocument.Status
TITLE = "江淮市淮东区人民政府关于申请支持防汛排涝能力提升工程建设的请示"


def _seal_png() -> bytes:
    """A round red seal image (the organ's seal is uploaded by its administrator in real use)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 192, 192), outline=(220, 0, 0, 255), width=10)
    draw.regular_polygon((100, 100, 36), 5, fill=(220, 0, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _district_cast() -> Organ:
    """淮东区政府 as the demo seeds it, plus its seal and a 经济发展科 whose head countersigns."""
    organ = Organ.objects.get(short_name="淮东区政府")
    organ.seal.save("huaidong-seal.png", ContentFile(_seal_png()), save=True)
    department = DepartmentFactory(organ=organ, name="经济发展科")
    PostFactory(
        department=department,
        title="科长",
        holder__username="zhouli",
        holder__full_name="周莉",
        holder__raw_password=data.DEMO_PASSWORD,
        roles=[Role.DEPARTMENT_HEAD],
    )
    return organ


def _as(page, username: str) -> None:
    """Log out whoever is logged in (through the user menu), then log in as ``username``."""
    if page.locator(".zs-user-name").count():
        page.locator(".zs-user-name").click()
        page.get_by_role("button", name="退出").click()
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
    log_in(page, username)
    expect(page).to_have_url(re.compile(r"/$"))


def _open(page, document: OutgoingDocument) -> None:
    page.goto(f"/documents/{document.pk}/")
    expect(page.locator(".page-title")).to_contain_text(TITLE)


def _act(page, button: str, waits_at: str, document: OutgoingDocument) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".alert-danger")).to_have_count(0)
    document.refresh_from_db()
    assert document.status == waits_at, (document.status, page.locator("body").inner_text())


def test_a_district_request_goes_from_draft_to_dispatch_and_prints_its_number_and_signer(
    page, demo_city
):
    """
    GIVEN the demo city with 淮东区政府's office (王静 文书, 刘青 办公室主任), its 区长 张建华
          and the head of its 经济发展科 (周莉)
    WHEN 王静 drafts a 请示 to 江淮市人民政府 and it runs 核稿 → 办公室审核 → 会签 → 签发 →
         复核 → 登记 → 用印 → 核发, each step clicked by the person who holds it
    THEN the issued PDF carries 淮东政〔year〕1号 and 签发人 张建华 on page 1, and the city
         government's inbox holds it
    """
    organ = _district_cast()
    year = timezone.localdate().year

    # 拟稿 (王静, 文书)
    _as(page, "wangjing")
    page.goto("/documents/new/")
    page.get_by_label("文种").select_option("请示")
    page.get_by_label("行文方向").select_option("上行文")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("主送机关").fill("江淮市人民政府")
    page.get_by_label("正文").fill(
        "近年来，我区汛期强降雨明显增多，城区部分低洼地段排涝能力不足。"
        "为解决城区内涝问题，我区拟实施防汛排涝能力提升工程，现将有关情况请示如下。\n"
        "一、项目基本情况\n"
        "项目新建排涝泵站1座，改造城区排水管网8.6公里，总投资约2.4亿元。\n"
        "二、请求事项\n"
        "恳请市政府将该项目纳入全市防汛排涝重点项目，并在市级补助资金中给予支持。\n"
        "妥否，请批示。"
    )
    page.get_by_label("附注").fill("联系人：王静，联系电话：0552-6601012")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page).to_have_url(re.compile(r"/documents/\d+/$"))
    document = OutgoingDocument.objects.get(title=TITLE)
    assert document.organ == organ
    # The editor shows the saved preview; 保存并继续修改 saves through htmx and reloads it
    page.goto(f"/documents/{document.pk}/edit/")
    preview = page.locator("#draft-preview")
    first_src = preview.get_attribute("src")
    page.get_by_label("正文").press("End")
    page.get_by_role("button", name="保存并继续修改").click()
    expect(page.locator("#draft-editor")).to_contain_text("预览已更新")
    expect(preview).not_to_have_attribute("src", first_src)
    page.goto(f"/documents/{document.pk}/")
    page.locator("#zs-reviewer").select_option(label="刘青")
    _act(page, "送审", Status.REVIEW, document)

    # 核稿 and 办公室审核 (刘青, 办公室主任), who sends it to 会签 before 签发
    _as(page, "liuqing")
    _open(page, document)
    page.locator("#zs-opinion-pass").fill("核稿通过。")
    _act(page, "通过", Status.AUDIT, document)
    page.locator("#zs-opinion-pass").fill("经审核，行文规范，请经济发展科会签后呈区长签发。")
    for box in page.locator('input[name="checklist"]').all():
        box.check()
    page.locator("#zs-next").select_option(label="张建华")
    page.locator("#zs-countersigns").select_option(label="经济发展科：周莉")
    _act(page, "通过", Status.COUNTERSIGN, document)

    # 会签 (周莉, 经济发展科科长)
    _as(page, "zhouli")
    _open(page, document)
    page.locator("#zs-cs-opinion").fill("同意，项目已列入我区年度计划。")
    _act(page, "会签", Status.SIGN_OFF, document)

    # 签发 (张建华, 区长: a 请示 is 上行文, so the principal signs)
    _as(page, "zhangjianhua")
    _open(page, document)
    page.locator("#zs-sign-opinion").fill("同意上报。")
    _act(page, "签发", Status.RECHECK, document)

    # 复核 (刘青)
    _as(page, "liuqing")
    _open(page, document)
    page.locator("#zs-recheck").fill("签发后未改动。")
    _act(page, "复核", Status.REGISTER, document)

    # 登记 → 用印 → 核发 (王静)
    _as(page, "wangjing")
    _open(page, document)
    _act(page, "登记并编号", Status.SEAL, document)
    expect(page.locator("body")).to_contain_text(f"淮东政〔{year}〕1号")
    _act(page, "用印并生成成文文件", Status.DISPATCH, document)
    _act(page, "核发", Status.DISPATCHED, document)

    # The issued PDF, downloaded with the browser's session
    link = page.locator(f'a[href="/documents/{document.pk}/files/pdf/"]').first
    expect(link).to_be_visible()
    response = page.request.get(f"/documents/{document.pk}/files/pdf/")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        first = (pdf.pages[0].extract_text() or "").replace(" ", "").replace("\u3000", "")
    assert f"淮东政〔{year}〕1号" in first
    assert "签发人：张建华" in first
    assert document.doc_number == f"淮东政〔{year}〕1号"
    assert document.recipients.filter(name="江淮市人民政府").exists()
