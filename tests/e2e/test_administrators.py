"""三员分立 in the browser: each administrator lands in their own area, sees the demo city there,
and (for the 审计管理员) the audit chain of the seeding verifies on demand through htmx."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_the_audit_administrator_sees_her_log_in_in_the_trail_and_an_intact_chain(page, demo_city):
    log_in(page, "auditadmin")

    expect(page).to_have_url(re.compile(r"/audit/"))
    # The newest event is her own log-in (page 1 holds the newest; the seeding is further back).
    expect(page.locator("#zs-audit-table")).to_contain_text("施慧")
    page.get_by_role("button", name="立即校验").click()  # htmx POST, swapped into the status
    expect(page.locator("#zs-chain-status .zs-chain-ok")).to_contain_text("完整")
    expect(page.get_by_role("link", name="工作台")).to_have_count(0)


def test_the_system_administrator_finds_the_city_tree_but_no_workbench(page, demo_city):
    log_in(page, "sysadmin")

    expect(page).to_have_url(re.compile(r"/organs/"))
    expect(page.locator("body")).to_contain_text("中共江淮市委员会")
    expect(page.locator("body")).to_contain_text("青山县人民政府")
    assert page.goto("/audit/").status in {403, 404}
