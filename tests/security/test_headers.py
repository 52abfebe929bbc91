"""Production headers: Content-Security-Policy without inline script, HSTS and secure cookies;
and no template carrying an inline script, event handler or style the policy would block."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import zhongshu

PACKAGE = Path(zhongshu.__file__).parent
TEMPLATES = sorted(PACKAGE.glob("**/templates/**/*.html"))

# What the policy blocks in a page: a <script> without src (inline code), an on* event handler
# attribute, a javascript: URL, an inline style attribute or <style> element (style-src 'self'),
# htmx's hx-on (evaluated code) and js: values.
INLINE = [
    ("inline <script>", re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)),
    ("on* event handler", re.compile(r"<[^>]*\s on[a-z]+\s*=", re.I | re.X)),
    ("javascript: URL", re.compile(r"javascript:", re.I)),
    ("style attribute", re.compile(r"<[^>]*\sstyle\s*=", re.I)),
    ("<style> element", re.compile(r"<style[\s>]", re.I)),
    ("hx-on", re.compile(r"\shx-on", re.I)),
    ("js: in hx-vals/hx-headers", re.compile(r"hx-(?:vals|headers)\s*=\s*['\"]\s*js:", re.I)),
]


def test_the_templates_are_found():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("name, pattern", INLINE, ids=[n for n, _ in INLINE])
def test_no_template_has_inline_code_or_style(name, pattern):
    found = [
        f"{path.relative_to(PACKAGE)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in TEMPLATES
        for text in [path.read_text(encoding="utf-8")]
        for m in pattern.finditer(text)
    ]
    assert not found, f"{name} (blocked by the Content-Security-Policy; use a static file): {found}"


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<a href="javascript:void(0)">',
        '<p style="color: red">',
        "<style>p {}</style>",
        '<div hx-on:click="x()">',
    ],
)
def test_the_scan_catches_each_kind(snippet):
    assert any(p.search(snippet) for _, p in INLINE), snippet


def test_the_scan_lets_script_files_and_data_attributes_pass():
    ok = '<script src="/static/x.js" defer></script><div data-on-x="1" data-style="y">'
    assert not any(p.search(ok) for _, p in INLINE)


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/accounts/login/", secure=True)
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "cookies": {k: {"secure": bool(v["secure"]), "httponly": bool(v["httponly"])}
                for k, v in response.cookies.items()},
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
}))
"""


@pytest.fixture(scope="module")
def production_login_page(tmp_path_factory):
    """The log-in page as a production instance answers it over HTTPS (a fresh interpreter:
    the mode is read when the settings are imported)."""
    env = {
        **os.environ,
        "ZHONGSHU_MODE": "production",
        "ZHONGSHU_SECRET_KEY": "x" * 64,
        "ZHONGSHU_DATA_DIR": str(tmp_path_factory.mktemp("data")),
        "DJANGO_SETTINGS_MODULE": "zhongshu.config.settings",
    }
    env.pop("DATABASE_URL", None)  # an empty SQLite file in the data directory, never CI's database
    env.pop("ZHONGSHU_DEBUG", None)
    env.pop("ZHONGSHU_SECURE_COOKIES", None)
    env.pop("ZHONGSHU_HSTS_SECONDS", None)
    done = subprocess.run(  # noqa: S603 — our own interpreter and script
        [sys.executable, "-c", PRODUCTION_PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_for_a_year(production_login_page):
    assert production_login_page["status"] == 200
    hsts = production_login_page["headers"]["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31_536_000


def test_production_cookies_are_secure_and_the_session_http_only(production_login_page):
    assert production_login_page["session_secure"] is True
    assert production_login_page["csrf_secure"] is True
    cookies = production_login_page["cookies"]
    assert cookies, "the log-in form sets the CSRF cookie"
    assert all(c["secure"] for c in cookies.values()), cookies


def test_production_pages_carry_a_policy_without_inline_script(production_login_page):
    policy = production_login_page["headers"]["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    headers = production_login_page["headers"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.django_db
def test_every_page_carries_the_policy_and_pdfs_do_not(clerk):
    client = Client()
    login = client.get(reverse("accounts:login"))
    assert "script-src 'self'" in login["Content-Security-Policy"]
    client.force_login(clerk)
    workbench = client.get(reverse("web:workbench"))
    assert workbench.status_code == 200
    assert "Content-Security-Policy" in workbench
    api = client.get(reverse("api:account_me"))
    assert "Content-Security-Policy" not in api  # JSON runs no script


def test_the_demo_mode_sends_no_hsts(client):
    response = client.get(reverse("accounts:login"), secure=True)
    assert "Strict-Transport-Security" not in response
