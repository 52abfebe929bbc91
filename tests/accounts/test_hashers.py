"""The password hasher: OWASP's Argon2id parameters, old hashes upgraded on log-in, and a bound
on the hashes one process computes at once (a log-in flood waits instead of eating memory)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import argon2
import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2
from django.contrib.auth.hashers import get_hasher, identify_hasher, make_password
from django.db import connection
from django.urls import reverse

from tests.organs.factories import TEST_PASSWORD
from zhongshu.accounts.hashers import Argon2PasswordHasher
from zhongshu.accounts.models import User
from zhongshu.config.gunicorn import worker_pids

OURS = "zhongshu.accounts.hashers.Argon2PasswordHasher"


def test_the_hasher_uses_owasps_argon2id_parameters():
    encoded = Argon2PasswordHasher().encode(TEST_PASSWORD, "saltsaltsaltsalt")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert Argon2PasswordHasher().verify(TEST_PASSWORD, encoded)


def test_production_settings_hash_with_it_first():
    from zhongshu.config import settings as config

    assert config.PASSWORD_HASHERS[0] == OURS
    assert config.PASSWORD_HASH_CONCURRENCY == 2


def test_a_hash_of_djangos_default_argon2_is_upgraded_on_log_in(client, clerk, settings):
    settings.PASSWORD_HASHERS = [OURS, "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    old = DjangoArgon2().encode(TEST_PASSWORD, "saltsaltsaltsalt")
    assert "m=102400,t=2,p=8" in old
    User.objects.filter(pk=clerk.pk).update(password=old)
    assert get_hasher("argon2").must_update(old)

    response = client.post(
        reverse("accounts:login"), {"username": clerk.username, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    new = User.objects.get(pk=clerk.pk).password
    assert "$m=19456,t=2,p=1$" in new
    assert isinstance(identify_hasher(new), Argon2PasswordHasher)
    assert not get_hasher("argon2").must_update(new)


def test_a_current_hash_is_left_alone_on_log_in(client, clerk, settings):
    settings.PASSWORD_HASHERS = [OURS]
    current = make_password(TEST_PASSWORD)
    User.objects.filter(pk=clerk.pk).update(password=current)
    client.post(reverse("accounts:login"), {"username": clerk.username, "password": TEST_PASSWORD})
    assert User.objects.get(pk=clerk.pk).password == current


@pytest.mark.parametrize("limit", [1, 2])
def test_no_more_hashes_run_at_once_than_the_setting_allows(settings, monkeypatch, limit):
    settings.PASSWORD_HASH_CONCURRENCY = limit
    running, peak, lock = 0, 0, threading.Lock()
    real_hash, real_verify = argon2.low_level.hash_secret, argon2.low_level.verify_secret

    def counted(real):
        def call(*args, **kwargs):
            nonlocal running, peak
            with lock:
                running += 1
                peak = max(peak, running)
            try:
                time.sleep(0.02)
                return real(*args, **kwargs)
            finally:
                with lock:
                    running -= 1

        return call

    monkeypatch.setattr(argon2.low_level, "hash_secret", counted(real_hash))
    monkeypatch.setattr(argon2.low_level, "verify_secret", counted(real_verify))
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode(TEST_PASSWORD, "saltsaltsaltsalt")
    with ThreadPoolExecutor(max_workers=8) as pool:
        hashes = list(pool.map(lambda i: hasher.encode(TEST_PASSWORD, f"salt{i:012d}"), range(8)))
        checks = list(pool.map(lambda _: hasher.verify(TEST_PASSWORD, encoded), range(8)))
    assert all(hashes) and all(checks)
    assert peak == limit


# --- A real server under a log-in flood -----------------------------------------------------

PORTS = range(8110, 8120)
USERS = 5
LOGINS = 50
RSS_LIMIT_KB = 300 * 1024
GROWTH_LIMIT_KB = 100 * 1024  # 2 × 19 MiB and the requests; 16 at once grew it by ~200 MB
SERVE = [sys.executable, "-m", "zhongshu.cli", "serve", "--timeout", "120"]


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 8110-8119")


def _database_env(data_dir: Path) -> dict[str, str]:
    """Point the server at the test database: PostgreSQL by URL; SQLite through its data
    directory, so that it keeps the settings' WAL, IMMEDIATE transactions and lock time-out
    (SQLite follows the link and keeps its WAL beside the real file)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        (data_dir / "zhongshu.sqlite3").symlink_to(db["NAME"])
        return {"DATABASE_URL": ""}
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return {"DATABASE_URL": url}


def _memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (now), VmHWM (the peak since the process started) and Pss (its resident pages,
    each shared page divided among its sharers: the preloaded fonts and jieba are shared with
    the master, ~180 MB that RSS counts whole) from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            fields[key] = int(value.split()[0])
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, value = line.partition(":")
        if key == "Pss":
            fields[key] = int(value.split()[0])
    return fields


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _log_in(base: str, username: str) -> int:
    """GET the form, POST it; the status of the POST (302 when the log-in succeeded)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
    )
    page = opener.open(f"{base}/accounts/login/", timeout=60).read().decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": TEST_PASSWORD}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
        f"{base}/accounts/login/", data=body, headers={"Referer": f"{base}/accounts/login/"}
    )
    try:
        return opener.open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_log_ins_keep_one_worker_under_300_mb(tmp_path):
    hashed = make_password(TEST_PASSWORD, hasher="argon2")  # the production hasher's hash
    User.objects.bulk_create(
        User(
            username=f"flood{i}", full_name=f"登录{i}", password=hashed, must_change_password=False
        )
        for i in range(USERS)
    )
    port = _free_port()
    env = {
        **__import__("os").environ,
        "ZHONGSHU_DATA_DIR": str(tmp_path),
        **_database_env(tmp_path),
        "ZHONGSHU_PASSWORD_HASH_CONCURRENCY": "2",
        "ZHONGSHU_AXES_ENABLED": "false",
    }
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(  # noqa: S603
        [*SERVE, "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "16"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=5).read()  # noqa: S310
                break
            except OSError:
                assert server.poll() is None, log.read_text()[-2000:]
                time.sleep(0.2)
        (worker,) = worker_pids(server.pid)
        idle = _memory_kb(worker)["VmRSS"]
        samples, done = [], threading.Event()

        def sample():
            while not done.is_set():
                samples.append(_memory_kb(worker)["Pss"])
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        with ThreadPoolExecutor(max_workers=LOGINS) as pool:
            statuses = list(pool.map(lambda i: _log_in(base, f"flood{i % USERS}"), range(LOGINS)))
        done.set()
        sampler.join()
        peak = _memory_kb(worker)["VmHWM"]
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        print(log.read_text()[-3000:])
    print(
        f"worker idle RSS {idle / 1024:.0f} MB, peak RSS {peak / 1024:.0f} MB, "
        f"peak PSS {max(samples) / 1024:.0f} MB ({len(samples)} samples)"
    )
    assert statuses == [302] * LOGINS
    assert max(samples) < RSS_LIMIT_KB  # what the worker costs the machine
    assert peak - idle < GROWTH_LIMIT_KB  # what the log-ins cost it: 2 hashes, not 50
