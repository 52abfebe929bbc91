"""``zhongshu demo`` really serves: a fresh data directory, the log-in page, a static file, a
log-in with the demo password landing on the workbench; and a second start keeps the data.

Runs the command in a subprocess, as ``make demo`` does, against its own SQLite file: never the
test database, and never PostgreSQL even when CI or a .env sets DATABASE_URL (the demo is the
embedded set-up).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from zhongshu.demo import data


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DemoProcess:
    def __init__(self, data_dir: Path, port: int) -> None:
        # Empty, not absent: an empty variable also wins over a developer's .env (whose values
        # only fill variables that are not set), so the demo never touches their databases.
        env = dict(os.environ, DATABASE_URL="", REDIS_URL="")
        env.update(ZHONGSHU_DATA_DIR=str(data_dir), ZHONGSHU_MODE="demo", PYTHONUNBUFFERED="1")
        self.log = data_dir / "demo.log"
        self._log_file = self.log.open("w")
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "zhongshu.cli", "demo", "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"zhongshu demo exited early:\n{self.log.read_text()}")
            try:
                urllib.request.urlopen(self.base + "/accounts/login/", timeout=2)  # noqa: S310
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        pytest.fail(f"zhongshu demo did not answer within {timeout}s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


@pytest.fixture
def demo_dir(tmp_path) -> Path:
    return tmp_path / "var"


def _run(demo_dir: Path) -> DemoProcess:
    demo_dir.mkdir(exist_ok=True)
    demo = DemoProcess(demo_dir, _free_port())
    demo.wait_ready()
    return demo


def test_demo_serves_login_static_files_and_the_workbench_after_log_in(demo_dir):
    demo = _run(demo_dir)
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(demo.base + "/accounts/login/").read().decode()
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
        assert opener.open(demo.base + stylesheet).status == 200  # whitenoise under gunicorn
        token = next(c.value for c in jar if c.name == "csrftoken")
        form = urllib.parse.urlencode(
            {
                "username": data.FEATURED_USERNAME,
                "password": data.DEMO_PASSWORD,
                "csrfmiddlewaretoken": token,
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            demo.base + "/accounts/login/",
            data=form,
            headers={"Referer": demo.base + "/accounts/login/"},
        )
        response = opener.open(request)
        body = response.read().decode()
        assert urllib.parse.urlparse(response.url).path == "/"
        assert "刘洋" in body
        assert "省人民政府办公厅关于做好2027年元旦春节期间有关工作的通知" in body
    finally:
        demo.stop()
    log = demo.log.read_text()
    assert "embedded periodic scan started" in log
    assert "已载入演示城市" in log


def test_a_second_demo_start_keeps_the_data(demo_dir):
    _run(demo_dir).stop()
    database = demo_dir / "zhongshu.sqlite3"
    assert database.exists()
    demo = _run(demo_dir)
    demo.stop()
    assert "演示数据已存在，保留原有数据" in demo.log.read_text()
