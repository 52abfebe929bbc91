"""三员分立 in the browser: a password reset by the 系统管理员 gives him nothing to log in with;
the 安全管理员 issues a one-time code, shown once; the person sets her own password with it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, log_in
from zhongshu.accounts.models import User

NEW_PASSWORD = "Liu-yang-Zi-She-7x"


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"password_codes_{name}.png"), full_page=True)


def test_a_reset_password_is_set_by_the_person_with_a_code_from_the_security_admin(page, demo_city):
    person = User.objects.get(username="liuyang")

    log_in(page, "sysadmin")
    page.goto(f"/organs/people/{person.pk}/password/")
    expect(page.locator("body")).to_contain_text("不允许系统管理员设定可登录的密码")
    expect(page.locator("input[type=password]")).to_have_count(0)
    _shot(page, "1_reset_page")
    page.get_by_role("button", name="重置并申请设置码").click()
    expect(page.locator("body")).to_contain_text("设置码待安全管理员签发")
    page.context.clear_cookies()  # log out

    log_in(page, "secadmin")
    page.get_by_role("link", name="设置码签发").first.click()
    expect(page.locator("#password-codes")).to_contain_text("liuyang")
    _shot(page, "2_code_list")
    page.get_by_role("button", name="签发并显示").click()
    code = page.locator("#password-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    _shot(page, "3_code_issued")
    page.context.clear_cookies()  # log out

    page.goto("/accounts/login/")
    page.get_by_role("link", name=re.compile("凭设置码设置密码")).click()
    page.get_by_label("用户名").fill("liuyang")
    page.get_by_label("设置码").fill(code)
    page.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("确认新密码").fill(NEW_PASSWORD)
    _shot(page, "4_redeem")
    page.get_by_role("button", name="设置密码").click()
    expect(page.locator("body")).to_contain_text("密码已设置")

    log_in(page, "liuyang", NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#workbench")).to_be_visible()
