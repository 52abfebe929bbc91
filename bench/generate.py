"""Fill a separate database with a benchmark city: organs, people, posts, work, notices, audit.

Usage::

    python bench/generate.py [--scale small|medium|large] [--database-url postgres://…/zhongshu_bench]
                             [--data-dir DIR] [--organs N] [--people N] [--items N] [--audit-events N]

The database is dropped and made afresh each run (SQLite: the file in ``--data-dir``, by default
``$TMPDIR/zhongshu-bench``; PostgreSQL: a database whose name contains ``bench``), migrated, then
filled table by table with ``bulk_create``, printing rows per second for each table.

Why the shapes below: the scripted runs (``bench/run.py``) need a city that looks like a real
one to the queries. ~10 % of work items are open, most of them 待办; some open items are overdue
and were already reminded and escalated (a running system scanned them long ago), and a few
hundred are *freshly* due and unclaimed, so one ``flow_scan`` finds real work and a second one
finds none. Three people (``bench_p10``, ``bench_p1k``, ``bench_p20k``) hold exactly 10, 1,000
and 20,000 items so that the workbench can be timed at those sizes.

Audit events are not written one by one through ``audit_record`` (its timestamps are "now", so a
period filter would see one instant); they are written by the equivalent below, which takes the
chain's lock, reads the head and computes each real digest with ``zhongshu.audit.chain.digest``
over the same fields, one transaction per batch, with times spread over the past year. The last
event is appended by ``audit_record`` itself, and ``bench/run.py`` walks the whole chain with
``audit_verify``: any difference between this writer and the real one shows there as a break.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import (
    BENCH_ADMIN,
    BENCH_AUDITOR,
    BENCH_PERSONS,
    add_database_args,
    configure,
    loadavg,
)

#: (organs, people, work items, audit events) per scale. ``medium`` is the full city of the
#: brief; ``small`` keeps the organs and people but a tenth of the history, so that
#: ``make bench`` finishes in a few minutes on a busy 2-core machine.
SCALES = {
    "small": (200, 5_000, 50_000, 20_000),
    "medium": (200, 5_000, 500_000, 200_000),
    "large": (1_000, 25_000, 5_000_000, 2_000_000),
}
#: 发文 per scale (bench/documents.py): a city's year is tens of thousands; ``small`` keeps
#: ``make bench`` short (50,000 take about two minutes to write on this machine).
DOCUMENTS = {"small": 20_000, "medium": 50_000, "large": 500_000}
DEPARTMENTS = ("办公室", "综合处", "业务一处", "业务二处", "督查处")
FRESH_DUE = 400  # open items due around now and never scanned: below flow_scan's BATCH of 500
BATCH = 5_000

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌海波宁琳颖晨凯瑶"
TOPICS = ("安全生产", "防汛抗旱", "营商环境", "乡村振兴", "城市更新", "基层治理", "生态环境")
DOCTYPES = ("通知", "请示", "报告", "函", "意见", "纪要")


class Timer:
    """Prints rows per second for one table."""

    def __init__(self, table: str):
        self.table = table

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def done(self, rows: int | None = None) -> None:
        seconds = time.perf_counter() - self.start
        if rows is None:  # a step without rows of its own (migrate, ANALYZE)
            print(f"  {self.table:<28} {'':>15}  {seconds:7.1f} s  ({loadavg()})", flush=True)
            return
        rate = rows / seconds if seconds else float("inf")
        print(
            f"  {self.table:<28} {rows:>10,} rows  {seconds:7.1f} s  {rate:>10,.0f} rows/s  "
            f"({loadavg()})",
            flush=True,
        )

    def __exit__(self, *exc):
        return False


def reset_database(url: str, data_dir: Path) -> None:
    """Drop and recreate the benchmark database (before Django opens a connection to it)."""
    if not url:
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"zhongshu.sqlite3{suffix}").unlink(missing_ok=True)
        return
    from urllib.parse import urlparse, urlunparse

    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin_url = urlunparse(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))


def make_organs(n: int, rng: random.Random):
    """Four roots (市委, 市人大, 市政府, 市政协); departments under 市政府; districts under 市委
    with their own departments: a tree three levels deep, like a prefecture-level city."""
    from zhongshu.organs.models import Department, Organ

    with Timer("organs_organ") as t:
        roots = [
            ("基准市委", "市委", "基委", Organ.Kind.PARTY),
            ("基准市人大常委会", "市人大", "基人", Organ.Kind.CONGRESS),
            ("基准市人民政府", "市政府", "基政", Organ.Kind.GOVERNMENT),
            ("基准市政协", "市政协", "基协", Organ.Kind.CPPCC),
        ]
        organs = [
            Organ(name=a, short_name=b, org_code=c, kind=k, sort_order=i)
            for i, (a, b, c, k) in enumerate(roots)
        ]
        Organ.objects.bulk_create(organs)
        organs = list(Organ.objects.order_by("id"))
        districts: list = []
        level2 = []
        for i in range(len(organs), n):
            if i % 10 == 0 or not districts:
                kind, parent, label = Organ.Kind.DISTRICT, organs[0], "区委"
            elif rng.random() < 0.3:
                kind, parent, label = Organ.Kind.DEPARTMENT, rng.choice(districts), "区局"
            else:
                kind, parent, label = Organ.Kind.DEPARTMENT, organs[2], "局"
            organ = Organ(
                name=f"基准市{label}{i:04d}",
                short_name=f"{label}{i}",
                org_code=f"基{i}",
                kind=kind,
                parent=parent,
                sort_order=i,
            )
            if kind == Organ.Kind.DISTRICT:
                # A district must have its id before its own departments can point at it.
                Organ.objects.bulk_create([organ])
                districts.append(organ)
            else:
                level2.append(organ)
        Organ.objects.bulk_create(level2, batch_size=1000)
        organs = list(Organ.objects.order_by("id"))
        t.done(len(organs))
    with Timer("organs_department") as t:
        departments = [
            Department(organ=o, name=name, is_office=j == 0, sort_order=j)
            for o in organs
            for j, name in enumerate(DEPARTMENTS)
        ]
        Department.objects.bulk_create(departments, batch_size=2000)
        departments = list(Department.objects.select_related("organ").order_by("id"))
        t.done(len(departments))
    return organs, departments


def make_people(n: int, departments, rng: random.Random, now):
    """People round-robin over departments: each department's first is its head (reports to the
    organ's office head), the others staff reporting to their head; one clerk per office."""
    from django.contrib.auth.hashers import make_password

    from zhongshu.accounts.models import User
    from zhongshu.organs.models import Post, PostRole, Role

    unusable = make_password(None)  # force_login needs no password; one hash, not 5,000
    with Timer("accounts_user") as t:
        users = [
            User(
                username=f"u{i:05d}",
                full_name=_name(rng),
                password=unusable,
                must_change_password=False,
                password_changed_at=now,
            )
            for i in range(n)
        ]
        specials = [
            User(
                username=u,
                full_name=f"基准{u[6:]}",
                password=unusable,
                must_change_password=False,
                password_changed_at=now,
            )
            for u in BENCH_PERSONS.values()
        ]
        admins = [
            User(
                username=name,
                full_name=label,
                admin_role=role,
                password=unusable,
                must_change_password=False,
                password_changed_at=now,
            )
            for name, label, role in (
                (BENCH_ADMIN, "基准系统管理员", User.AdminRole.SYSTEM),
                (BENCH_AUDITOR, "基准审计管理员", User.AdminRole.AUDIT),
            )
        ]
        User.objects.bulk_create(users + specials + admins, batch_size=2000)
        people = list(User.objects.filter(admin_role="").order_by("id"))
        t.done(len(people) + len(admins))
    by_dept: dict[int, list] = {}
    for i, person in enumerate(people):
        by_dept.setdefault(departments[i % len(departments)].pk, []).append(person)
    with Timer("organs_post") as t:
        office_head: dict[int, Post] = {}
        head: dict[int, Post] = {}
        # Three passes so that every ``reports_to`` points at a post that already has an id.
        for stage in ("office", "heads", "staff"):
            batch = []
            for dept in departments:
                members = by_dept.get(dept.pk, [])
                if stage == "staff":
                    chosen = [(p, "科员", head.get(dept.pk)) for p in members[1:]]
                elif members and (stage == "office") == dept.is_office:
                    title = "主任" if dept.is_office else "处长"
                    boss = None if dept.is_office else office_head.get(dept.organ_id)
                    chosen = [(members[0], title, boss)]
                else:
                    chosen = []
                for j, (person, title, boss) in enumerate(chosen):
                    batch.append(
                        Post(
                            department=dept,
                            title=title,
                            holder=person,
                            reports_to=boss,
                            sort_order=j,
                        )
                    )
            Post.objects.bulk_create(batch, batch_size=2000)
            for post in batch:
                if stage == "office":
                    office_head[post.department.organ_id] = post
                if stage != "staff":
                    head[post.department_id] = post
        posts = list(Post.objects.select_related("department").order_by("id"))
        t.done(len(posts))
    with Timer("organs_postrole") as t:
        roles = []
        seen_clerk: set[int] = set()
        for post in posts:
            if post.title == "主任":
                names = [Role.OFFICE_DIRECTOR, Role.DEPARTMENT_HEAD, Role.REVIEWER]
            elif post.title == "处长":
                names = [Role.DEPARTMENT_HEAD, Role.REVIEWER]
            elif post.department.is_office and post.department_id not in seen_clerk:
                seen_clerk.add(post.department_id)
                names = [Role.CLERK, Role.DRAFTER]
            else:
                names = [Role.DRAFTER]
            roles += [PostRole(post=post, role=r) for r in names]
        PostRole.objects.bulk_create(roles, batch_size=5000)
        t.done(len(roles))
    post_of = {p.holder_id: p for p in posts}
    return people, post_of


def make_delegations(people, post_of, rng: random.Random, now) -> None:
    """1 % of people delegate to a colleague; ``bench_p1k`` acts for one principal, so that the
    workbench's delegated-items filter is part of its query."""
    from zhongshu.accounts.models import User
    from zhongshu.organs.models import Delegation

    with Timer("organs_delegation") as t:
        regular = [p for p in people if p.username.startswith("u")]
        pairs = set()
        while len(pairs) < max(1, len(people) // 100):
            a, b = rng.sample(regular, 2)
            pairs.add((a, b))
        pairs.add((regular[0], User.objects.get(username=BENCH_PERSONS[1000])))
        rows = [
            Delegation(
                principal=a,
                delegate=b,
                scope=rng.choice(Delegation.Scope.values),
                starts_at=now - timedelta(days=5),
                ends_at=now + timedelta(days=rng.randint(1, 30)),
                reason="出差",
                created_by=a,
            )
            for a, b in pairs
        ]
        Delegation.objects.bulk_create(rows)
        t.done(len(rows))


def _work_item(rng, assignee, post, people, now, *, fresh: bool = False):
    from zhongshu.flow.models import WorkItem

    State = WorkItem.State
    kind = WorkItem.Kind.TODO if rng.random() < 0.7 else WorkItem.Kind.TO_READ
    module = rng.choices(WorkItem.Module.values, weights=(60, 10, 10, 8, 6, 4, 2))[0]
    action = (
        rng.choice(("核稿", "签发", "会签", "拟办", "承办", "批示")) if kind == "todo" else "阅知"
    )
    roll = rng.random()
    state = State.OPEN if fresh or roll < 0.10 else State.DONE if roll < 0.95 else State.CANCELLED
    item = WorkItem(
        kind=kind,
        module=module,
        action=action,
        title=f"关于{rng.choice(TOPICS)}的{rng.choice(DOCTYPES)}",
        assignee=assignee,
        post=post,
        organ_id=post.department.organ_id if post else None,
        created_by=rng.choice(people) if rng.random() < 0.7 else None,
        state=state,
        urgent=rng.random() < 0.05,
    )
    if state == State.OPEN:
        item.created_at = now - timedelta(seconds=rng.uniform(3600, 30 * 86400))
        if fresh:  # due around now, never scanned: the first flow_scan's work
            item.deadline = now + timedelta(hours=rng.uniform(-6, 12))
        elif (r := rng.random()) < 0.4:
            pass  # no deadline
        elif r < 0.55:  # overdue long ago: reminded and escalated by earlier scans
            item.deadline = now - timedelta(days=rng.uniform(1, 20))
            item.reminded_at = item.deadline - timedelta(hours=24)
            item.escalated_at = item.deadline + timedelta(minutes=5)
        else:
            item.deadline = now + timedelta(days=rng.uniform(3, 30))
    else:
        item.created_at = now - timedelta(seconds=rng.uniform(30 * 86400, 365 * 86400))
        if rng.random() < 0.6:
            item.deadline = item.created_at + timedelta(days=rng.uniform(1, 15))
        if state == State.DONE:
            item.completed_at = item.created_at + timedelta(hours=rng.uniform(1, 240))
            item.completed_by = assignee
    return item


def make_work_items(n: int, people, post_of, rng: random.Random, now) -> None:
    from zhongshu.flow.models import WorkItem

    regular = [p for p in people if p.username.startswith("u")]
    special = {p.username: p for p in people if p.username in BENCH_PERSONS.values()}
    plan = [(special[BENCH_PERSONS[size]], size) for size in BENCH_PERSONS]
    total = n + sum(size for _, size in plan)
    with Timer("flow_workitem") as t:
        made = 0
        batch: list = []

        def flush():
            nonlocal made
            WorkItem.objects.bulk_create(batch, batch_size=2000)
            made += len(batch)
            batch.clear()

        for person, size in plan:
            for _ in range(size):
                batch.append(_work_item(rng, person, post_of.get(person.pk), regular, now))
                if len(batch) >= BATCH:
                    flush()
        fresh = min(FRESH_DUE, n // 10)
        for i in range(n):
            person = rng.choice(regular)
            batch.append(
                _work_item(rng, person, post_of.get(person.pk), regular, now, fresh=i < fresh)
            )
            if len(batch) >= BATCH:
                flush()
        flush()
        t.done(made)
    assert made == total


def make_notifications(n: int, people, rng: random.Random, now) -> None:
    from zhongshu.notifications.models import Notification

    with Timer("notifications_notification") as t:
        made = 0
        for start in range(0, n, BATCH):
            rows = []
            for _ in range(min(BATCH, n - start)):
                created = now - timedelta(seconds=rng.uniform(0, 90 * 86400))
                rows.append(
                    Notification(
                        recipient=rng.choice(people),
                        title=f"即将到期：关于{rng.choice(TOPICS)}的{rng.choice(DOCTYPES)}",
                        body="环节“核稿”的办理期限临近。",
                        urgent=rng.random() < 0.05,
                        created_at=created,
                        read_at=created + timedelta(hours=1) if rng.random() < 0.7 else None,
                    )
                )
            Notification.objects.bulk_create(rows, batch_size=2000)
            made += len(rows)
        t.done(made)


_ACTIONS = (
    ("account.login", 30),
    ("flow.workitem_complete", 30),
    ("document.sign_off", 10),
    ("document.dispatch", 10),
    ("incoming.register", 10),
    ("organs.person_update", 5),
    ("account.logout", 5),
)


def make_audit_events(n: int, people, post_of, rng: random.Random, now) -> None:
    """The chain, one transaction per batch: lock, read the head, digest each event in order."""
    from django.conf import settings
    from django.db import connection, transaction

    from zhongshu.audit.chain import GENESIS, digest
    from zhongshu.audit.models import AuditEvent
    from zhongshu.audit.services import CHAIN_LOCK_KEY, audit_record

    actions, weights = zip(*_ACTIONS, strict=True)
    start = now - timedelta(days=365)
    step = timedelta(days=365) / max(n, 1)
    algorithm = settings.AUDIT_HASH
    with Timer("audit_auditevent") as t:
        made = 0
        while made < n:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
                head = AuditEvent.objects.order_by("-seq").only("seq", "digest").first()
                seq = head.seq if head else 0
                prev = head.digest if head else GENESIS
                rows = []
                for i in range(made, min(n, made + BATCH)):
                    seq += 1
                    actor = rng.choice(people)
                    post = post_of.get(actor.pk)
                    action = rng.choices(actions, weights)[0]
                    fields = {
                        "seq": seq,
                        "at": (start + step * i).astimezone(UTC),
                        "actor_id": actor.pk,
                        "actor_name": str(actor),
                        "acting_for_id": None,
                        "organ_id": post.department.organ_id if post else None,
                        "action": action,
                        "object_type": "flow.workitem" if action.startswith("flow") else "",
                        "object_id": str(rng.randint(1, 10**6))
                        if action.startswith("flow")
                        else "",
                        "object_repr": f"关于{rng.choice(TOPICS)}的{rng.choice(DOCTYPES)}",
                        "result": AuditEvent.Result.SUCCESS.value,
                        "ip": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                        "user_agent": "Mozilla/5.0 (bench)",
                        "extra": {"i": i},
                    }
                    d = digest(prev, fields, algorithm)
                    rows.append(
                        AuditEvent(**fields, prev_digest=prev, digest=d, algorithm=algorithm)
                    )
                    prev = d
                AuditEvent.objects.bulk_create(rows, batch_size=2000)
                made += len(rows)
        audit_record(action="bench.generate", actor_name="基准数据生成", extra={"events": n})
        t.done(made + 1)


def analyze() -> None:
    """Fresh planner statistics, as autovacuum (PostgreSQL) or ``ANALYZE`` would keep them."""
    from django.db import connection

    with Timer("ANALYZE") as t, connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        t.done()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--organs", type=int)
    parser.add_argument("--people", type=int)
    parser.add_argument("--items", type=int)
    parser.add_argument("--audit-events", type=int)
    parser.add_argument("--documents", type=int, help="发文 (0: none); default by scale")
    parser.add_argument("--seed", type=int, default=9704)
    add_database_args(parser)
    args = parser.parse_args()
    organs_n, people_n, items_n, audit_n = SCALES[args.scale]
    organs_n = max(5, args.organs or organs_n)
    people_n = args.people or people_n
    items_n = args.items or items_n
    audit_n = args.audit_events or audit_n
    documents_n = DOCUMENTS[args.scale] if args.documents is None else args.documents

    # Validate the target before anything is dropped (configure exits on a wrong database).
    database = configure(args)
    print(
        f"generate {args.scale}: {organs_n} organs, {people_n} people, {items_n:,} work items "
        f"(+{sum(BENCH_PERSONS):,} for the bench persons), {audit_n:,} audit events, "
        f"{documents_n:,} 发文 — {database}"
    )
    wall = time.perf_counter()
    reset_database(args.database_url.strip(), Path(args.data_dir).resolve())
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    with Timer("migrate") as t:
        call_command("migrate", verbosity=0)
        t.done()
    rng = random.Random(args.seed)  # noqa: S311 (benchmark data, not secrets)
    now = timezone.now()
    _organs, departments = make_organs(organs_n, rng)
    people, post_of = make_people(people_n, departments, rng, now)
    make_delegations(people, post_of, rng, now)
    make_work_items(items_n, people, post_of, rng, now)
    make_notifications(items_n // 5, people, rng, now)
    make_audit_events(audit_n, people, post_of, rng, now)
    if documents_n:
        import documents

        documents.make_documents(documents_n, post_of, rng, now, Timer)
    analyze()
    connection.close()
    print(f"done in {time.perf_counter() - wall:.0f} s ({loadavg()})")


if __name__ == "__main__":
    main()
