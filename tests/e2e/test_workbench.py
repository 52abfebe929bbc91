"""The critical path in a real browser: log in, see the workbench, open a notification, log out;
and the wrong-password message."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from zhongshu.demo import data
from zhongshu.demo.government import seed_government
from zhongshu.notifications.models import Notification


@pytest.fixture
def featured_city(demo_city, settings, tmp_path) -> None:
    """The city with the real work of the 市政府 and its 办公室 (``zhongshu.demo.government``)."""
    settings.MEDIA_ROOT = tmp_path  # the sealed PDFs and the scan
    seed_government()


def test_a_clerk_logs_in_works_through_the_workbench_opens_a_notification_and_logs_out(
    page, featured_city
):
    """GIVEN the demo city WHEN the 市政府办公室 clerk logs in, opens a notification and logs
    out THEN the workbench lists her work, the notification is read, and the session ends."""
    log_in(page, data.FEATURED_USERNAME)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".page-title")).to_have_text("工作台")
    expect(page.locator(".zs-user-name")).to_have_text("刘洋")
    workbench = page.locator("#workbench")
    expect(workbench).to_contain_text("[签收] 江淮市住房和城乡建设局关于老旧小区改造资金安排的请示")
    expect(workbench).to_contain_text(
        "[收文登记] 省人民政府办公厅关于做好2027年元旦春节期间有关工作的通知"
    )
    expect(workbench).to_contain_text(
        "[用印] 江淮市人民政府办公室关于开展2026年度市政府部门绩效考核"
    )
    expect(workbench.locator('[data-count="todo"]')).to_have_text("6")

    page.get_by_role("link", name="通知").first.click()
    expect(page.locator(".page-title")).to_have_text("通知")
    page.get_by_role("link", name=re.compile("来文：江淮市住房和城乡建设局")).click()
    # the 来文 notice of the dispatch leads to the organ's 收文, where it is signed for
    expect(page).to_have_url(re.compile(r"/incoming/\d+/"))
    expect(page.locator("body")).to_contain_text(
        "江淮市住房和城乡建设局关于老旧小区改造资金安排的请示"
    )
    opened = Notification.objects.get(
        recipient__username=data.FEATURED_USERNAME, title__startswith="来文：江淮市住房和城乡建设局"
    )
    assert opened.read_at is not None
    assert Notification.objects.filter(recipient=opened.recipient, read_at__isnull=True).exists()


def test_a_wrong_password_shows_the_chinese_error_and_stays_on_the_login_page(page, demo_city):
    log_in(page, data.FEATURED_USERNAME, password="Wrong#Password1")

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("alert")).to_have_text("用户名或密码不正确。")
    expect(page.get_by_label("用户名")).to_have_value(data.FEATURED_USERNAME)


def test_a_secretary_sees_the_work_she_does_for_the_mayor(page, featured_city):
    log_in(page, "sunqian")

    item = page.locator(
        "#workbench .list-group-item",
        has_text="江淮市交通运输局关于申请G206国道改扩建工程市级配套资金的请示",
    )
    expect(item).to_contain_text("[批示]")
    expect(item).to_contain_text("孙倩 代 王志远")
    item.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/incoming/\d+/"))
    expect(page.get_by_role("button", name="提交批示")).to_be_visible()


def test_the_office_director_opens_the_draft_waiting_for_her_review(page, demo_city):
    """GIVEN the demo city WHEN 王芳 opens her 核稿 item THEN the draft document itself opens."""
    log_in(page, "wangfang")

    title = "江淮市人民政府办公室关于做好2026年元旦春节期间安全生产工作的通知"
    page.locator("#workbench a", has_text=title).click()
    expect(page).to_have_url(re.compile(r"/documents/\d+/"))
    expect(page.locator("body")).to_contain_text(title)
    expect(page.locator("body")).to_contain_text("刘洋")


def test_the_to_read_tab_swaps_in_place_and_keeps_its_address(page, featured_city):
    log_in(page, data.FEATURED_USERNAME)
    page.evaluate("window.zsSamePage = true")  # lost if the click reloads the whole page

    page.locator("#workbench").get_by_role("tab", name=re.compile("待阅")).click()
    expect(page).to_have_url(re.compile(r"\?tab=to_read"))
    workbench = page.locator("#workbench")
    expect(workbench).to_contain_text(
        "[传阅] 江淮市公安局关于2026年冬季道路交通安全整治工作情况的报告"
    )
    expect(workbench).not_to_contain_text("[签收]")
    expect(page.locator(".page-title")).to_have_count(1)  # a fragment, not a page inside the page
    assert page.evaluate("window.zsSamePage === true") is True  # htmx swapped, no reload
