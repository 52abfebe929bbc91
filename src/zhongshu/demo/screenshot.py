"""Refresh the README's screenshot: ``python -m zhongshu.demo.screenshot docs/screenshot.png``.

Starts ``zhongshu demo`` on a free port with a throw-away data directory (so the picture always
shows the freshly seeded city, never someone's local data), logs in as the featured clerk with
Debian's Chromium, and saves the workbench. The README promises a picture under 300 KB.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = os.environ.get("ZHONGSHU_CHROMIUM", "/usr/bin/chromium")
MAX_BYTES = 300 * 1024


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("zhongshu demo exited before serving")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (http://127.0.0.1 only)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise SystemExit(f"zhongshu demo did not answer at {url}")


def shoot(base_url: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    from zhongshu.demo.data import DEMO_PASSWORD, FEATURED_USERNAME

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(
            viewport={"width": 1280, "height": 720}, locale="zh-CN", timezone_id="Asia/Shanghai"
        )
        page.goto(base_url + "/accounts/login/")
        page.get_by_label("用户名").fill(FEATURED_USERNAME)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_selector("#workbench")
        page.screenshot(path=str(out))
        browser.close()


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.config.settings")
    import django

    django.setup()  # the demo data names roles and kinds from the models
    out = Path(argv[0] if argv else "docs/screenshot.png")
    port = _free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        # Empty rather than absent, so that a .env file cannot point the demo at a real database.
        env = dict(os.environ, DATABASE_URL="", REDIS_URL="", ZHONGSHU_MODE="demo")
        env["ZHONGSHU_DATA_DIR"] = data_dir
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "zhongshu.cli", "demo", "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base + "/accounts/login/", process)
            shoot(base, out)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
    size = out.stat().st_size
    print(f"{out}: {size // 1024} KB")
    if size > MAX_BYTES:
        print(f"{out} is larger than {MAX_BYTES // 1024} KB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
