"""Loading the demo city into the database, idempotently.

``demo_seed`` gets or creates every organ, department, person, post, role, delegation, work
item and notification of :mod:`zhongshu.demo.data` by its natural key. It only ever adds what is
missing: a second run creates nothing, changes nothing and writes no audit line, and a demo whose
visitors changed passwords or finished work items keeps those changes.

It writes the models directly rather than through the organs services, because those services
are the 三员's tools and check an administrator actor at every call; seeding is an operator act
at the command line. Each created object still gets its audit line (actor "演示数据初始化"), so
the chain stays complete and ``audit-verify`` passes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.accounts.models import User
from zhongshu.audit.services import audit_record
from zhongshu.demo import data
from zhongshu.organs.models import Delegation, Department, Organ, Post, PostRole, Role

SEED_ACTOR_NAME = "演示数据初始化"
# Delegations start this many days before the seed runs.
DELEGATION_BACKDATE_DAYS = 40


@dataclass
class SeedReport:
    """What one run created, per kind of object (all zero on a second run)."""

    created: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n

    @property
    def total(self) -> int:
        return sum(self.created.values())


@dataclass(frozen=True)
class DemoLogin:
    """One line of the log-in table that ``zhongshu demo`` prints and the README shows."""

    username: str
    full_name: str
    organ: str
    role: str


def _audit(action: str, obj: Model, organ: Organ | None, **extra) -> None:
    audit_record(
        action=action,
        obj=obj,
        organ=organ,
        actor_name=SEED_ACTOR_NAME,
        extra={"source": "seed-demo", **extra},
    )


def _seed_organs(report: SeedReport) -> dict[str, Organ]:
    """Organs by short name, parents before children (ORGANS lists them in that order)."""
    organs: dict[str, Organ] = {}
    for order, spec in enumerate(data.ORGANS, start=1):
        organ = Organ.objects.filter(name=spec.name).first()
        if organ is None:
            organ = Organ(
                name=spec.name,
                short_name=spec.short_name,
                org_code=spec.org_code,
                kind=spec.kind,
                parent=organs[spec.parent] if spec.parent else None,
                sort_order=order * 10,
            )
            organ.full_clean()
            organ.save()
            report.add("organs")
            _audit("organs.organ_create", organ, organ, org_code=spec.org_code)
        organs[spec.short_name] = organ
        for index, name in enumerate(spec.departments):
            department = Department.objects.filter(organ=organ, name=name).first()
            if department is None:
                department = Department(
                    organ=organ, name=name, is_office=index == 0, sort_order=(index + 1) * 10
                )
                department.full_clean()
                department.save()
                report.add("departments")
                _audit("organs.department_create", department, organ)
    return organs


def _new_user(
    report: SeedReport, *, username: str, full_name: str, phone: str, hashed: str, now, **fields
) -> User:
    user = User(
        username=username,
        full_name=full_name,
        phone=phone,
        password=hashed,
        must_change_password=False,
        password_changed_at=now,
        **fields,
    )
    user.full_clean()
    user.save()
    report.add("users")
    _audit("organs.person_create", user, None, username=username)
    return user


def _seed_people(report: SeedReport, organs: dict[str, Organ], now, hashed: str) -> dict[str, User]:
    """People and their posts; ``reports_to`` is resolved once every post exists."""
    existing = {
        u.username: u for u in User.objects.filter(username__in=[p.username for p in data.PEOPLE])
    }
    people: dict[str, User] = {}
    posts_of: dict[str, list[Post]] = {}
    pending_reports: list[tuple[Post, str]] = []
    for person_order, spec in enumerate(data.PEOPLE):
        user = existing.get(spec.username) or _new_user(
            report,
            username=spec.username,
            full_name=spec.full_name,
            phone=spec.phone,
            hashed=hashed,
            now=now,
            clearance=spec.clearance,
        )
        people[spec.username] = user
        for post_order, post_spec in enumerate(spec.posts):
            organ = organs[post_spec.organ]
            department = Department.objects.get(organ=organ, name=post_spec.department)
            post = Post.objects.filter(department=department, title=post_spec.title).first()
            if post is None:
                post = Post(
                    department=department,
                    title=post_spec.title,
                    holder=user,
                    sort_order=person_order * 10 + post_order,
                )
                post.full_clean()
                post.save()
                report.add("posts")
                _audit("organs.post_create", post, organ, holder=user.username)
            for role in post_spec.roles:
                _, created = PostRole.objects.get_or_create(post=post, role=role)
                if created:
                    report.add("post_roles")
            posts_of.setdefault(spec.username, []).append(post)
            if post_spec.reports_to and post.reports_to_id is None:
                pending_reports.append((post, post_spec.reports_to))
    for post, boss in pending_reports:
        candidates = posts_of[boss]
        same_organ = [p for p in candidates if p.department.organ_id == post.department.organ_id]
        post.reports_to = (same_organ or candidates)[0]
        post.save(update_fields=["reports_to"])
        report.add("reporting_lines")
    return people


def _seed_admins(report: SeedReport, now, hashed: str) -> None:
    for spec in data.ADMINS:
        if not User.objects.filter(username=spec.username).exists():
            _new_user(
                report,
                username=spec.username,
                full_name=spec.full_name,
                phone=spec.phone,
                hashed=hashed,
                now=now,
                admin_role=spec.admin_role,
            )


def _seed_delegations(report: SeedReport, people: dict[str, User], now) -> None:
    """One active delegation per secretary; a new one only when none is active now."""
    for spec in data.DELEGATIONS:
        principal, delegate = people[spec.principal], people[spec.delegate]
        active = Delegation.objects.filter(
            principal=principal,
            delegate=delegate,
            scope=spec.scope,
            starts_at__lte=now,
            ends_at__gt=now,
            revoked_at__isnull=True,
        )
        if active.exists():
            continue
        delegation = Delegation(
            principal=principal,
            delegate=delegate,
            scope=spec.scope,
            # from before the demo's history (which the demo clock spreads over the last four
            # weeks): 孙倩's 批示 for the 市长 a fortnight ago was within her delegation
            starts_at=now - timedelta(days=DELEGATION_BACKDATE_DAYS),
            ends_at=now + timedelta(days=365),
            reason=spec.reason,
            created_by=principal,
        )
        delegation.full_clean()
        delegation.save()
        report.add("delegations")
        _audit("organs.delegation_create", delegation, None, scope=spec.scope)


def _retire_synthetic_work(report: SeedReport) -> None:
    """Cancel the open items an earlier demo seeded without a document (``RETIRED_WORK_TITLES``):
    a visitor must not meet an item that leads nowhere. A fresh city has none."""
    from zhongshu.flow.models import WorkItem
    from zhongshu.flow.services import workitem_cancel

    for item in WorkItem.objects.filter(
        state=WorkItem.State.OPEN, target_id__isnull=True, title__in=data.RETIRED_WORK_TITLES
    ):
        workitem_cancel(item=item, actor=None, reason=_("演示数据已改用真实公文，此演示事项撤销。"))
        report.add("retired_work_items")


def _seed_documents(report: SeedReport, people: dict[str, User]) -> None:
    """Draft each example document and send it to 核稿 through the documents services.

    Outside the seeding transaction: the documents services open their own durable
    transactions (a route step, its work items and its audit line commit together). The number,
    date and 份号 of the example are left out, since a draft gets them later (登记, 签发, 核发).
    A document is identified by its drafter and title.
    """
    try:
        from zhongshu.documents.models import OutgoingDocument
        from zhongshu.documents.services._common import dump_content
        from zhongshu.documents.services.drafting import draft_create
        from zhongshu.documents.services.route import route_submit
    except ImportError:  # a build without the documents app: the city works without documents
        return
    from zhongshu.gongwen import examples

    for spec in data.DOCUMENTS:
        drafter = people[spec.drafter]
        content = examples.load(spec.example).model_copy(
            update={"doc_number": "", "date": None, "date_text": "", "copy_number": ""}
        )
        if OutgoingDocument.objects.filter(drafter=drafter, title=content.title.strip()).exists():
            continue
        document = draft_create(actor=drafter, content=dump_content(content))
        route_submit(
            document=document, actor=drafter, reviewer=people[spec.reviewer], opinion=spec.opinion
        )
        report.add("documents")


def demo_seed(*, with_work: bool = True, with_documents: bool = True) -> SeedReport:
    """Load the demo city; return what was created (nothing on a second run).

    1. Organs and their departments (parents first, so that the tree can be linked).
    2. The people of the organs, with their posts, roles and reporting lines.
    3. The three administrators (no posts).
    4. The secretaries' delegations.
    5. Two real documents in 核稿 (``with_work``), through the documents services.
    6. A few dozen more 发文 in every state of the route, dispatched ones landing in other
       organs' inboxes (``with_work`` and ``with_documents``; ``zhongshu.demo.documents``).
       Tests that only need the people pass ``with_documents=False``: it costs seconds.
    7. The receivers work on those landings, and the 市委办公室 registers paper documents, so
       that 收文 stand in every state of their route (``zhongshu.demo.incoming``; once only).
    8. The work of the 市政府 and its 办公室 for the featured people (``with_work`` and
       ``with_documents``; ``zhongshu.demo.government``): every open item they meet belongs to
       a real document and opens the page where its step is done. It comes last so that each
       organ's numbers follow their dates.
    Steps 6–8 run on the demo clock: their history is spread over the last weeks.
    Steps 1–4 run in one transaction: a failure leaves the database as it was.
    """
    report = SeedReport()
    now = timezone.now()
    # The demo password is hashed once and the hash shared by every new account: argon2 costs
    # a quarter of a second per hash on a small machine, and a hundred accounts with the same
    # published password gain nothing from distinct salts.
    hashed = make_password(data.DEMO_PASSWORD)
    with transaction.atomic():
        organs = _seed_organs(report)
        people = _seed_people(report, organs, now, hashed)
        _seed_admins(report, now, hashed)
        _seed_delegations(report, people, now)
        _retire_synthetic_work(report)
    if with_work:
        with _gateways_quiet():
            _seed_work(report, people, with_documents=with_documents)
    return report


@contextmanager
def _gateways_quiet() -> Iterator[None]:
    """The seed replays weeks of history: the urgent steps of the past would each print an
    "SMS to …" line of the logging gateway before the log-in table. Their in-app copies are
    kept; the gateway's log says nothing while the seed runs."""
    sms_log = logging.getLogger("zhongshu.notifications.channels.sms.transport")
    level = sms_log.level
    sms_log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        sms_log.setLevel(level)


def _seed_work(report: SeedReport, people: dict, *, with_documents: bool) -> None:
    """Steps 5–8 of ``demo_seed``."""
    _seed_documents(report, people)
    if not with_documents:
        return
    from zhongshu.demo.documents import seed_documents  # imports the documents app
    from zhongshu.demo.incoming import seed_incoming

    created = seed_documents()
    if created:
        report.add("outgoing_documents", created)
    handled = seed_incoming()
    if handled:
        report.add("incoming_documents", handled)
    _seed_government(report)


def _seed_government(report: SeedReport) -> None:
    try:
        from zhongshu.demo.government import seed_government  # imports the documents app
    except ImportError:  # a build without the documents app
        return
    made = seed_government()
    if made:
        report.add("government_documents", made)


def demo_logins() -> list[DemoLogin]:
    """Who to log in as: every demo account with its organ and what it does there.

    People in the order of the data (leaders first, then their offices), then the three
    administrators; accounts a visitor deleted are left out.
    """
    usernames = [p.username for p in data.PEOPLE] + [a.username for a in data.ADMINS]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    lines: list[DemoLogin] = []
    for username in usernames:
        user = users.get(username)
        if user is None:
            continue
        if user.admin_role:
            lines.append(DemoLogin(username, user.full_name, "—", user.get_admin_role_display()))
            continue
        post = (
            Post.objects.filter(holder=user, is_active=True)
            .select_related("department__organ")
            .order_by("sort_order", "id")
            .first()
        )
        if post is None:
            continue
        roles = "、".join(
            str(Role(r).label) for r in post.roles.values_list("role", flat=True).order_by("id")
        )
        role = _("%(title)s（%(roles)s）") % {"title": post.title, "roles": roles}
        lines.append(DemoLogin(username, user.full_name, post.department.organ.short_name, role))
    return lines
