"""The browser-test harness: Playwright for Python driving Debian's Chromium against
pytest-django's ``live_server``.

- The browser is the system's ``/usr/bin/chromium`` (``ZHONGSHU_CHROMIUM`` overrides the path);
  Playwright's own browser downloads are never used. Without Chromium the tests are skipped with
  the reason in the summary, unless ``ZHONGSHU_REQUIRE_BROWSER`` is set (CI), where that is a
  failure: a CI that silently skipped its browser tests would prove nothing.
- Playwright's sync API drives the browser from an asyncio event loop that it keeps running in
  the test's thread (through greenlets). Django's ORM sees that running loop and refuses to work
  (``SynchronousOnlyOperation``), although no async code of ours runs there: the loop belongs to
  Playwright's driver. Tests still need the ORM in that thread (seeding, checking the database
  after a click), so ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set while Playwright runs, and only then:
  the browser is package-scoped, and on leaving ``tests/e2e`` Playwright stops, the loop goes
  and the variable is restored, so every other test keeps Django's guard.
- The live server runs in its own thread and is unaffected by any of this.
- A failing test leaves a full-page screenshot and the page's HTML in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from zhongshu.demo import data
from zhongshu.demo.services import demo_seed

CHROMIUM = Path(os.environ.get("ZHONGSHU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Generous: CI shares two cores between two xdist workers, a live server and a browser each, and
# a passing test never waits for it; only a failing one does.
TIMEOUT_MS = 30_000


def pytest_collection_modifyitems(config, items):
    """Every test under tests/e2e is a browser test (``-m "not browser"`` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so that fixtures can tell a failed test."""
    report = yield
    setattr(item, f"zs_report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        reason = (
            f"浏览器测试需要 Chromium：{CHROMIUM} 不存在。"
            f"请运行 `make sysdeps-test`（Debian 软件包 chromium）或设置 ZHONGSHU_CHROMIUM。"
        )
        if os.environ.get("ZHONGSHU_REQUIRE_BROWSER"):
            pytest.fail(f"ZHONGSHU_REQUIRE_BROWSER is set: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)  # expect() has its own default (5 s)

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo_city(transactional_db) -> None:
    """The demo city in the live server's database (emptied again after each test)."""
    demo_seed(with_documents=False)


@pytest.fixture
def page(request, browser, live_server) -> Iterator:
    """A fresh browser context (no cookies) in Chinese, pointed at the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        report = getattr(request.node, "zs_report_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            stem = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
            try:
                tab.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
                (ARTIFACTS / f"{stem}.html").write_text(tab.content(), encoding="utf-8")
            except Exception as exc:  # the artefact must never hide the test's own failure
                print(f"could not save the failure screenshot: {exc}")
        context.close()


def log_in(page, username: str, password: str = data.DEMO_PASSWORD) -> None:
    """Fill the log-in form as a person would and submit it."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
