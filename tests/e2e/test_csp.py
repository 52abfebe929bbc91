"""The Content-Security-Policy in a real browser: the pages with scripts (the workbench and its
unread badge, the draft editor with its live preview, the 收文 page with its ordered chooser)
work under it and the console reports no violation."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.test_incoming_chooser import _screened
from tests.e2e.test_incoming_flow import _as


def _watch(page) -> list[str]:
    problems: list[str] = []

    def console(message):
        # a failed load is reported by the response below, with its address
        failed_load = message.text.startswith("Failed to load resource")
        violation = "Content Security Policy" in message.text
        if violation or (message.type == "error" and not failed_load):
            problems.append(message.text)

    def response(r):
        if r.status >= 400 and not r.url.endswith("/favicon.ico"):
            problems.append(f"{r.status} {r.url}")

    page.on("console", console)
    page.on("response", response)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_the_pages_with_scripts_run_under_the_policy_without_violations(
    page, live_server, organ_a, outsider, clerk, director, principal
):
    problems = _watch(page)
    _as(page, live_server.url, clerk)
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("#zs-unread-badge")).to_be_visible()

    # the live preview: typing posts the form and shows the typeset PDF from a blob: URL
    page.goto("/documents/new/")
    page.locator("#id_title").fill("甲市人民政府关于内容安全策略的通知")
    page.locator("#id_body").fill("请做好网页安全工作。\n一、压实责任\n各单位要落实责任。")
    frame = page.locator("#draft-preview")
    expect(frame).to_have_attribute("src", re.compile(r"^blob:"), timeout=30_000)

    # the 收文 page: the ordered chooser of its 拟办 form is a static script
    doc = _screened(organ_a, outsider, clerk)
    _as(page, live_server.url, director)
    page.goto(doc.get_absolute_url())
    chooser = page.locator('form[action$="/act/propose/"] .zs-ordered-people')
    chooser.get_by_label(principal.full_name).check()
    expect(
        chooser.locator("label", has_text=principal.full_name).locator(".zs-op-place")
    ).to_have_text("1")
    assert problems == []
