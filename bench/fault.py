"""Fault test: 发文 under load, the server and the worker killed with SIGKILL, then the invariants.

    .venv/bin/python bench/fault.py --kills 30 --seconds 900                 # SQLite
    .venv/bin/python bench/fault.py --engine postgresql --kills 30 --seconds 900
    .venv/bin/python bench/fault.py --engine postgresql --redis redis://127.0.0.1:6379/13 …

1. A fresh database (SQLite in ``--data-dir``, wiped; or a PostgreSQL database whose name
   contains ``fault``, dropped and created), migrated; the demo city's organs and people, and a
   seal image for the two district governments whose people drive the route.
2. ``zhongshu serve`` (gunicorn, ``--workers`` processes of ``--threads`` threads) on
   127.0.0.1:``--port``, in its own process group; with ``--redis`` also ``zhongshu worker``.
3. ``--clients`` threads, half per organ (two clients share each 发文字号 sequence), each
   taking one 发文 after another through the API, with the people who hold each step:
   拟稿 → 送审 (文书) → 核稿 → 办公室审核 (办公室主任) → 签发 (区长) → 复核 (主任) →
   登记 → 用印 (the real typesetter) → 核发 (文书). A client reads the document's status
   before every step and does the step that status calls for, so a request cut off by a kill
   is simply followed by the right next step once the server is back.
4. At random moments (``--min-gap``…``--max-gap`` s apart) one of: SIGKILL to the whole server
   (master and workers: a crash), SIGKILL to one gunicorn worker (the master starts another),
   SIGKILL to the Celery worker. Then the clients are held, requests still in flight are let
   finish, the invariants are checked with nothing writing, the killed process is started
   again and the clients go on.
5. The invariants (``bench/_invariants.py``): per 发文字号 sequence the numbers are 1…N with no gap and no duplicate, and
   N is the sequence's ``last_seq``; each document is whole (its steps chain from status to
   status and end at its status; a number exactly from 登记 on, and its text is the
   document's; the PDF and .docx of that number from 用印 on; recipients once 核发; one audit
   line per step); every stored file is present and matches its digest; the audit chain
   verifies. Orphan files (written by a 用印 killed before its commit) are counted, not
   failures: no row names them.

Bounded: it stops after ``--kills`` kills or ``--seconds`` of load, whichever comes first, and
every wait has a deadline. Exit status 0 when every check held, 1 otherwise. ``--json`` writes
the report for tests/ops/test_fault.py.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import http.cookiejar
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from _invariants import check_invariants  # bench/ is on sys.path: this file runs as a script

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/zhongshu_backup_fault"
#: The demo password, read from zhongshu.demo.data once Django is set up (``seed``).
PASSWORD: list[str] = []
#: Two district governments of the demo city: (organ short name, 文书, 办公室主任, 区长).
ORGANS = [
    ("淮东区政府", "wangjing", "liuqing", "zhangjianhua"),
    ("淮西区政府", "zhouqiang", "suxiaomei", "yangli"),
]
CHECKLIST = ["necessity", "policy", "consultation", "format"]


# --- Set-up ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database-url", default=DEFAULT_PG_URL, help="PostgreSQL only")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=300, help="bound of the load phase")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--min-gap", type=float, default=2.0)
    parser.add_argument("--max-gap", type=float, default=8.0)
    parser.add_argument("--redis", default="", help="REDIS_URL: run and kill a Celery worker too")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None, help="write the report here")
    args = parser.parse_args(argv)
    if args.data_dir is None:
        args.data_dir = Path(tempfile.gettempdir()) / f"zhongshu-fault-{args.engine}"
    if args.data_dir.resolve() == (ROOT / "var").resolve():
        sys.exit("refusing the demo's data folder var/")
    if args.engine == "postgresql":
        name = urlparse(args.database_url).path.lstrip("/")
        if "fault" not in name:
            sys.exit(f"refusing {args.database_url}: the database is dropped, name it *fault*")
    if not 1 <= args.clients <= 16 or args.kills < 0 or args.seconds <= 0:
        sys.exit("--clients 1..16, --kills >= 0, --seconds > 0")
    return args


def environment(args: argparse.Namespace) -> dict[str, str]:
    """The environment of this process (set before Django starts) and of every child."""
    env = dict(os.environ)
    env.update(
        {
            "ZHONGSHU_DATA_DIR": str(args.data_dir),
            "ZHONGSHU_MODE": "demo",
            "ZHONGSHU_DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "zhongshu.config.settings",
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
            ),
        }
    )
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if args.engine == "postgresql":
        env["DATABASE_URL"] = args.database_url
    if args.redis:
        env["REDIS_URL"] = args.redis
    return env


def fresh_database(args: argparse.Namespace, env: dict[str, str]) -> None:
    if args.data_dir.exists():
        shutil.rmtree(args.data_dir)
    args.data_dir.mkdir(parents=True)
    if args.engine == "postgresql":
        import psycopg

        url = urlparse(args.database_url)
        name = url.path.lstrip("/")
        admin = url._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, "-m", "zhongshu.cli", "migrate", "-v0"], env=env, check=True, timeout=600
    )


def seed(report: Report) -> dict[str, dict[str, int]]:
    """The demo city's organs and people, seals for the two organs; their people's ids."""
    from django.db import connections

    from zhongshu.accounts.models import User
    from zhongshu.demo import data
    from zhongshu.demo.documents import _ensure_seal
    from zhongshu.demo.services import demo_seed
    from zhongshu.organs.models import Organ

    PASSWORD.append(data.DEMO_PASSWORD)
    demo_seed(with_work=False, with_documents=False)
    people = {}
    for organ_name, clerk, director, principal in ORGANS:
        organ = Organ.objects.get(short_name=organ_name)
        _ensure_seal(organ)
        ids = dict(
            User.objects.filter(username__in=[clerk, director, principal]).values_list(
                "username", "pk"
            )
        )
        people[organ_name] = {
            "clerk": ids[clerk],
            "director": ids[director],
            "principal": ids[principal],
        }
        report.org_codes.append(organ.org_code)
    connections.close_all()
    return people


# --- Processes ------------------------------------------------------------------------------


class Processes:
    """The server (own process group) and the optional Celery worker, started and killed."""

    def __init__(self, args: argparse.Namespace, env: dict[str, str]):
        self.args, self.env = args, env
        self.server: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.logs = args.data_dir / "logs"
        self.logs.mkdir(exist_ok=True)
        self.starts = 0

    def _spawn(self, argv: list[str], name: str) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        return subprocess.Popen(  # noqa: S603 (our own command)
            [sys.executable, "-m", "zhongshu.cli", *argv],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killpg reaches master and workers
        )

    def start_server(self) -> float:
        started = time.monotonic()
        self.server = self._spawn(
            [
                "serve",
                f"--bind=127.0.0.1:{self.args.port}",
                f"--workers={self.args.workers}",
                "--worker-class=gthread",
                f"--threads={self.args.threads}",
                "--timeout=120",
                "--no-control-socket",  # no runtime-control socket in the home directory
            ],
            "server",
        )
        self.starts += 1
        deadline = started + 120
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(
                    f"the server exited with {self.server.returncode}: see {self.logs}"
                )
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.args.port}/accounts/login/", timeout=5
                ) as response:
                    if response.status == 200:
                        return time.monotonic() - started
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        raise RuntimeError("the server did not answer within 120 s")

    def start_worker(self) -> None:
        if self.args.redis:
            self.worker = self._spawn(["worker", "--pool=solo", "--concurrency=1"], "worker")

    def gunicorn_workers(self) -> list[int]:
        if self.server is None:
            return []
        from zhongshu.config.gunicorn import worker_pids

        try:
            return worker_pids(self.server.pid)
        except FileNotFoundError:  # the master is gone
            return []

    def kill_server(self) -> None:
        assert self.server is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.server.pid, signal.SIGKILL)
        self.server.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _port_open(self.args.port):
            time.sleep(0.1)

    def kill_worker(self) -> None:
        assert self.worker is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(timeout=30)

    def stop(self) -> None:
        for proc in (self.server, self.worker):
            if proc is not None and proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


# --- Clients --------------------------------------------------------------------------------


class Interrupted(Exception):
    """The request did not get an answer (the server or its worker was killed)."""


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(f"HTTP {status}: {message}")
        self.status = status


class Session:
    """One person's log-in over HTTP (cookies, CSRF token), stdlib only."""

    def __init__(self, base: str, username: str, gate: Gate):
        self.base, self.username, self.gate = base, username, gate
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.logged_in = False

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(
        self, method: str, path: str, body: bytes | None = None, ctype: str = "", label: str = ""
    ) -> Any:
        headers = {"X-CSRFToken": self._csrf(), "Referer": self.base + "/"}
        if ctype:
            headers["Content-Type"] = ctype
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)  # noqa: S310
        with self.gate.in_flight(label or method.lower()):
            try:
                with self.opener.open(req, timeout=120) as response:
                    raw = response.read()
                    return (
                        json.loads(raw)
                        if "json" in response.headers.get("Content-Type", "")
                        else raw
                    )
            except urllib.error.HTTPError as exc:
                raw = exc.read()
                if exc.code in (502, 503, 504):
                    raise Interrupted(f"HTTP {exc.code}") from None
                try:
                    message = json.loads(raw).get("message", "")
                except ValueError:
                    message = raw[:200].decode("utf-8", "replace")
                raise Refused(exc.code, message) from None
            except (OSError, urllib.error.URLError, http.client.HTTPException) as exc:
                raise Interrupted(str(exc)) from None

    def log_in(self) -> None:
        self.request("GET", "/accounts/login/", label="log-in")
        form = urllib.parse.urlencode(
            {
                "username": self.username,
                "password": PASSWORD[0],
                "csrfmiddlewaretoken": self._csrf(),
            }
        ).encode()
        self.request(
            "POST", "/accounts/login/", form, "application/x-www-form-urlencoded", label="log-in"
        )
        if not any(c.name == "sessionid" for c in self.jar):
            raise Refused(401, f"log-in of {self.username} failed")
        self.logged_in = True

    def api(self, method: str, path: str, payload: dict | None = None, label: str = "") -> Any:
        if not self.logged_in:
            self.log_in()
        body = json.dumps(payload).encode() if payload is not None else None
        ctype = "application/json" if body else ""
        return self.request(method, "/api" + path, body, ctype, label=label)


class Gate:
    """Holds the clients while the harness checks, and counts requests in flight."""

    def __init__(self):
        self.open = threading.Event()
        self.open.set()
        self.stop = threading.Event()
        self._count = 0
        self._labels: Counter = Counter()  # requests in flight by step (submit, register, seal…)
        self._lock = threading.Lock()

    def in_flight(self, label: str):
        gate = self

        class _Flight:
            def __enter__(self):
                gate.open.wait(timeout=300)
                with gate._lock:
                    gate._count += 1
                    gate._labels[label] += 1

            def __exit__(self, *exc):
                with gate._lock:
                    gate._count -= 1
                    gate._labels[label] -= 1

        return _Flight()

    def in_flight_now(self) -> Counter:
        with self._lock:
            return +self._labels  # the positive counts only

    def wait_for(self, label: str, timeout: float) -> bool:
        """Wait until a request of ``label`` is in flight (``any``: any request)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.stop.is_set():
            with self._lock:
                if self._labels[label] > 0 or (label == "any" and self._count > 0):
                    return True
            time.sleep(0.02)
        return False

    def drain(self, timeout: float) -> bool:
        self.open.clear()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._count == 0:
                    return True
            time.sleep(0.05)
        return False


def content(organ: str, n: int) -> dict[str, Any]:
    title = f"江淮市{organ.replace('政府', '人民政府')}关于做好第{n}批防汛物资储备工作的通知"
    return {
        "doc_type": "通知",
        "title": title,
        "primary_recipients": ["各街道办事处", "区直各单位"],
        "body": [
            {"text": "为做好今年汛期防汛物资保障工作，现就有关事项通知如下。", "level": 0},
            {"text": "一、落实储备责任", "level": 1},
            {"text": "各单位要按照分级负责的原则，落实防汛物资储备。", "level": 0},
        ],
        "cc_recipients": [],
    }


@dataclass
class Report:
    engine: str = ""
    org_codes: list[str] = field(default_factory=list)
    kills: Counter = field(default_factory=Counter)
    survived: int = 0
    checks: int = 0
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    interrupted: int = 0
    refused: list[str] = field(default_factory=list)
    created: int = 0
    issued: int = 0
    restart_seconds: list[float] = field(default_factory=list)
    in_flight_at_kill: list[int] = field(default_factory=list)  # requests the kill could cut
    cut: Counter = field(default_factory=Counter)  # those requests by step
    tasks_sent: int = 0
    final: dict[str, Any] = field(default_factory=dict)
    elapsed: float = 0.0
    load: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "kills": sum(self.kills.values()),
            "kills_by_kind": dict(self.kills),
            "survived": self.survived,
            "checks": self.checks,
            "failures": self.failures,
            "requests": self.requests,
            "tasks_sent": self.tasks_sent,
            "interrupted": self.interrupted,
            "refused": self.refused,
            "created": self.created,
            "issued": self.issued,
            "restart_seconds_max": max(self.restart_seconds, default=0.0),
            "kills_with_requests_in_flight": sum(1 for n in self.in_flight_at_kill if n),
            "requests_in_flight_at_kills": sum(self.in_flight_at_kill),
            "requests_in_flight_at_kills_by_step": dict(self.cut),
            "final": self.final,
            "elapsed": round(self.elapsed, 1),
            "load": self.load,
        }


NEXT_STEP = {
    # status: (who, method path suffix, payload builder)
    "draft": ("clerk", "submit", lambda p: {"reviewer_id": p["director"]}),
    "review": (
        "director",
        "pass",
        lambda p: {"next_handler_id": p["director"], "opinion": "核稿通过"},
    ),
    "audit_check": (
        "director",
        "pass",
        lambda p: {
            "next_handler_id": p["principal"],
            "opinion": "审核通过",
            "checklist": CHECKLIST,
        },
    ),
    "sign_off": ("principal", "sign-off", lambda p: {"opinion": "同意"}),
    "recheck": ("director", "recheck", lambda p: {"opinion": "签发后未改动"}),
    "register": ("clerk", "register", lambda p: None),
    "seal": ("clerk", "seal", lambda p: None),
    "dispatch": ("clerk", "dispatch", lambda p: {}),
}


def client(
    index: int, organ: str, people: dict[str, int], base: str, gate: Gate, report: Report
) -> None:
    """Take one 发文 after another to 核发 until told to stop (see the module docstring, 3)."""
    names = dict(
        zip(
            ("clerk", "director", "principal"),
            ORGANS[[o[0] for o in ORGANS].index(organ)][1:],
            strict=True,
        )
    )
    sessions = {role: Session(base, username, gate) for role, username in names.items()}
    n = 0

    def call(role: str, method: str, path: str, payload: dict | None = None, label="") -> Any:
        with report.lock:
            report.requests += 1
        return sessions[role].api(method, path, payload, label=label)

    while not gate.stop.is_set():
        n += 1
        try:
            doc = call(
                "clerk",
                "POST",
                "/documents/",
                {"content": content(organ, index * 10000 + n)},
                label="create",
            )
        except Interrupted:
            with report.lock:
                report.interrupted += 1
            time.sleep(0.5)
            continue  # a draft may or may not exist: it stays a whole draft either way
        except Refused as exc:
            _refused(report, f"拟稿: {exc}")
            time.sleep(1)
            continue
        with report.lock:
            report.created += 1
        doc_id, status, strikes = doc["id"], doc["status"], 0
        while status != "dispatched" and not gate.stop.is_set() and strikes < 5:
            role, action, payload = NEXT_STEP[status]
            try:
                doc = call(
                    role, "POST", f"/documents/{doc_id}/{action}", payload(people), label=action
                )
                status = doc["status"]
                continue
            except Interrupted:
                with report.lock:
                    report.interrupted += 1
            except Refused as exc:
                strikes += 1
                _refused(report, f"{status} → {action} #{doc_id}: {exc}")
            # Whatever happened, read where the document stands now, and go on from there.
            while not gate.stop.is_set():
                try:
                    status = call("clerk", "GET", f"/documents/{doc_id}", label="read")["status"]
                    break
                except Interrupted:
                    with report.lock:
                        report.interrupted += 1
                    time.sleep(0.5)
                except Refused as exc:
                    _refused(report, f"read #{doc_id}: {exc}")
                    strikes = 5
                    break
        if status == "dispatched":
            with report.lock:
                report.issued += 1


def periodic_jobs(gate: Gate, report: Report) -> None:
    """With --redis: what beat would send, every 2 s, so that the worker writes to the chain
    (``audit.verify`` appends an event) and claims items (``flow.scan``) when it is killed."""
    from zhongshu.config.celery import app

    while not gate.stop.wait(2.0):
        if not gate.open.is_set():
            continue
        try:
            app.send_task("zhongshu.audit.verify")
            app.send_task("zhongshu.flow.scan")
            with report.lock:
                report.tasks_sent += 2
        except Exception as exc:  # the broker is outside the test: report, go on
            _refused(report, f"send_task: {exc}")


def _refused(report: Report, message: str) -> None:
    with report.lock:
        report.refused.append(message)


#: What the killer aims at: any moment, or a request of one step (the numbering, the sealing
#: and the dispatch write most per request; "create" and "pass" are the plain route steps).
AIMS = ["any", "create", "pass", "register", "register", "seal", "seal", "dispatch"]


# --- The run --------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> Report:
    rng = random.Random(args.seed)  # noqa: S311 (when to kill, not a secret)
    report = Report(engine=args.engine)
    env = environment(args)
    os.environ.update(env)
    for key in ("DATABASE_URL", "REDIS_URL"):
        if key not in env:
            os.environ.pop(key, None)
    sys.path.insert(0, str(ROOT / "src"))
    started = time.monotonic()
    print(
        f"fault test: {args.engine}, data in {args.data_dir}, {args.clients} clients, port {args.port}"
    )
    fresh_database(args, env)
    import django

    django.setup()
    people = seed(report)
    procs = Processes(args, env)
    gate = Gate()
    threads: list[threading.Thread] = []
    try:
        report.restart_seconds.append(procs.start_server())
        procs.start_worker()
        if args.redis:
            t = threading.Thread(target=periodic_jobs, args=(gate, report), daemon=True)
            t.start()
            threads.append(t)
        base = f"http://127.0.0.1:{args.port}"
        for i in range(args.clients):
            organ = ORGANS[i % len(ORGANS)][0]
            t = threading.Thread(
                target=client, args=(i, organ, people[organ], base, gate, report), daemon=True
            )
            t.start()
            threads.append(t)
        load_started = time.monotonic()
        deadline = load_started + args.seconds
        if args.kills == 0:  # load only: the invariants are checked once, at the end
            gate.stop.wait(max(0.0, deadline - time.monotonic()))
        while sum(report.kills.values()) < args.kills and time.monotonic() < deadline:
            # When: at least --min-gap after the last restart, then as soon as a request of the
            # aimed step is in flight (a kill "at random" would mostly land between requests or
            # in the long 用印), at a random point of it; at --max-gap whatever is running.
            aim = rng.choice(AIMS)
            time.sleep(min(args.min_gap, max(0.0, deadline - time.monotonic())))
            gate.wait_for(
                aim, timeout=min(args.max_gap - args.min_gap, deadline - time.monotonic())
            )
            time.sleep(rng.uniform(0.0, 0.3))
            if time.monotonic() >= deadline:
                break
            kinds = ["server", "server", "gunicorn-worker"] + (
                ["celery-worker"] if args.redis else []
            )
            kind = rng.choice(kinds)
            workers = procs.gunicorn_workers()
            cut = gate.in_flight_now()
            in_flight = sum(cut.values())
            if kind == "gunicorn-worker" and workers:
                os.kill(rng.choice(workers), signal.SIGKILL)
            elif kind == "celery-worker":
                procs.kill_worker()
            else:
                kind = "server"
                procs.kill_server()
            report.kills[kind] += 1
            report.in_flight_at_kill.append(in_flight)
            report.cut.update(cut)
            number = sum(report.kills.values())
            drained = gate.drain(timeout=180)
            failures, figures = check_invariants()
            report.checks += 1
            if kind == "server":
                report.restart_seconds.append(procs.start_server())
            elif kind == "celery-worker":
                procs.start_worker()
            gate.open.set()
            if not drained:
                failures.append("requests still in flight after 180 s")
            if failures:
                report.failures += [f"after kill {number} ({kind}): {f}" for f in failures]
            else:
                report.survived += 1
            print(
                f"kill {number:3d} {kind:15s} t={time.monotonic() - load_started:6.1f}s "
                f"in flight {dict(cut)} "
                f"{'OK ' if not failures else 'FAIL'} {figures['documents']} numbers={figures['numbers']} "
                f"orphans={figures['orphan_files']} load={os.getloadavg()[0]:.1f}",
                flush=True,
            )
            for failure in failures[:10]:
                print(f"    {failure}", flush=True)
    finally:
        gate.stop.set()
        gate.open.set()
        for t in threads:
            t.join(timeout=150)
        procs.stop()
    failures, figures = check_invariants()
    report.checks += 1
    report.failures += [f"final: {f}" for f in failures]
    report.final = figures
    report.elapsed = time.monotonic() - started
    report.load = [round(x, 2) for x in os.getloadavg()]
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(args)
    data = report.as_dict()
    print()
    print(
        f"{data['engine']}: {data['kills']} kills {data['kills_by_kind']}, survived {data['survived']}; "
        f"{data['checks']} checks, {len(data['failures'])} failures"
    )
    print(
        f"documents {data['final'].get('documents')}, issued by the clients {data['issued']} of {data['created']}; "
        f"numbers {data['final'].get('numbers')}, issued files {data['final'].get('issued_files')}, "
        f"orphan files {data['final'].get('orphan_files')}, audit events {data['final'].get('audit_events')}"
    )
    print(
        f"requests {data['requests']}, interrupted {data['interrupted']}, refused {len(data['refused'])}; "
        f"kills with requests in flight {data['kills_with_requests_in_flight']} "
        f"({data['requests_in_flight_at_kills']} requests: "
        f"{data['requests_in_flight_at_kills_by_step']}); "
        f"slowest restart {data['restart_seconds_max']:.1f} s; {data['elapsed']} s; load {data['load']}"
    )
    for line in data["refused"][:10]:
        print(f"  refused: {line}")
    for line in data["failures"][:30]:
        print(f"  FAILED: {line}")
    if args.json:
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if not data["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
