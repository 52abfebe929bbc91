"""Benchmark: the 发文 pages (the four list boxes, the 发文字号登记簿 and its .xlsx, the document
page, the API list) and, reading only, the 收文 inbox and register of the organ that receives most.

``make_documents`` is the generator's part (``bench/generate.py --documents N`` calls it): a year
of 发文 over the city's organs, written with ``bulk_create``, and the 收文 each dispatch landed
in the receiving organs. ``run`` times the pages.

Usage: ``python bench/documents.py [--repeat N] [--database-url …] [--data-dir …]``

What the 发文 look like, and why:

* The 市政府 (the third root) drafts a tenth of them, the other organs share the rest: one
  organ's office then reads thousands of documents in its lists and a register of thousands of
  numbers, as a city government's office does.
* 80 % are issued (已核发), 5 % withdrawn, 15 % on their route (拟稿, 核稿 with the department's
  head, 办公室审核 and 签发 with the office director, 登记/用印/核发 in the office's pool).
* Steps: an issued document has its seven (送审, 核稿, 审核, 签发, 复核, 编号, 核发); one on its
  route the steps up to where it waits. An issued one has its 发文字号 (1 in 20 a voided one
  before it), two or three recipients (three in ten include the 市政府), and each recipient
  organ its landed 收文: pending (5 %), in hand (15 %), closed (55 %) or filed (25 %), numbered
  in the receiving organ's 收文登记簿 from 签收 on.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import (
    add_database_args,
    capture,
    configure,
    header,
    measure,
    print_explains,
)

TOPICS = ("安全生产", "防汛抗旱", "营商环境", "乡村振兴", "城市更新", "基层治理", "生态环境")
DOCTYPES = ("通知", "请示", "报告", "函", "意见", "纪要")
BATCH = 5_000


def _office_people(post_of, organ_ids):
    """Per organ: its office director, its clerk, its department heads and its drafters."""
    from zhongshu.organs.models import PostRole, Role

    roles: dict[int, set[str]] = {}
    for holder, role in PostRole.objects.values_list("post__holder_id", "role"):
        roles.setdefault(holder, set()).add(role)
    staff = {o: {"director": None, "clerk": None, "heads": [], "drafters": []} for o in organ_ids}
    for holder, post in post_of.items():
        organ = staff.get(post.department.organ_id)
        if organ is None:
            continue
        have = roles.get(holder, set())
        if Role.OFFICE_DIRECTOR in have:
            organ["director"] = post
        elif Role.CLERK in have:
            organ["clerk"] = post
        elif Role.DEPARTMENT_HEAD in have:
            organ["heads"].append(post)
        elif Role.DRAFTER in have and not post.department.is_office:
            organ["drafters"].append(post)
    return {o: s for o, s in staff.items() if s["director"] and s["clerk"] and s["drafters"]}


def make_documents(n: int, post_of, rng: random.Random, now, timer) -> None:
    """``n`` 发文 over the past year with their steps, numbers, recipients and landed 收文."""
    from zhongshu.documents.incoming.models import IncomingDocument
    from zhongshu.documents.models import (
        DispatchRecipient,
        DocNumber,
        DocumentStep,
        OutgoingDocument,
    )
    from zhongshu.organs.models import Organ

    S = OutgoingDocument.Status
    D = DocumentStep.Decision
    IS = IncomingDocument.Status
    organs = {o.pk: o for o in Organ.objects.all()}
    staff = _office_people(post_of, list(organs))
    organ_ids = sorted(staff)
    government = next(o.pk for o in organs.values() if o.short_name == "市政府")
    year_start = now - timedelta(days=365)
    route = [S.DRAFT, S.REVIEW, S.AUDIT, S.SIGN_OFF, S.REGISTER, S.SEAL, S.DISPATCH]
    plan = [  # (decision, step, to_status, actor key)
        (D.SUBMIT, S.DRAFT, S.REVIEW, "drafter"),
        (D.PASS, S.REVIEW, S.AUDIT, "head"),
        (D.PASS, S.AUDIT, S.SIGN_OFF, "director"),
        (D.SIGN, S.SIGN_OFF, S.RECHECK, "director"),
        (D.PASS, S.RECHECK, S.REGISTER, "director"),
        (D.NUMBER, S.REGISTER, S.SEAL, "clerk"),
        (D.DISPATCH, S.DISPATCH, S.DISPATCHED, "clerk"),
    ]
    seqs: dict[tuple[int, int], int] = {}
    receipt: dict[tuple[int, int], int] = {}
    counts = dict.fromkeys(("docs", "steps", "numbers", "recipients", "incoming"), 0)
    with timer("documents (5 tables)") as t:
        made = 0
        while made < n:
            size = min(BATCH, n - made)
            docs, meta = [], []
            for i in range(size):
                organ_id = government if rng.random() < 0.1 else rng.choice(organ_ids)
                people = staff[organ_id]
                drafter = rng.choice(people["drafters"])
                head = next(
                    (h for h in people["heads"] if h.department_id == drafter.department_id),
                    people["director"],
                )
                created = year_start + timedelta(seconds=rng.uniform(0, 364 * 86400))
                r = rng.random()
                status = (
                    S.DISPATCHED if r < 0.80 else S.WITHDRAWN if r < 0.85 else rng.choice(route)
                )
                handler = {
                    S.REVIEW: head.holder_id,
                    S.AUDIT: people["director"].holder_id,
                    S.SIGN_OFF: people["director"].holder_id,
                }.get(status)
                topic = rng.choice(TOPICS)
                doc_type = rng.choice(DOCTYPES)
                title = f"{organs[organ_id].name}关于{topic}工作的{doc_type}（{made + i}）"
                docs.append(
                    OutgoingDocument(
                        organ_id=organ_id,
                        department_id=drafter.department_id,
                        drafter_id=drafter.holder_id,
                        content={"title": title, "doc_type": doc_type},
                        title=title,
                        doc_type=doc_type,
                        status=status,
                        current_handler_id=handler,
                        signer_id=people["director"].holder_id
                        if status in (S.DISPATCHED, S.REGISTER, S.SEAL, S.DISPATCH)
                        else None,
                        signed_on=(created + timedelta(days=2)).date()
                        if status in (S.DISPATCHED, S.REGISTER, S.SEAL, S.DISPATCH)
                        else None,
                        dispatched_at=created + timedelta(days=3)
                        if status == S.DISPATCHED
                        else None,
                    )
                )
                meta.append((people, drafter, head, created, status))
            OutgoingDocument.objects.bulk_create(docs, batch_size=2000)
            # auto_now stamped "now": spread the times over the year like the steps.
            for doc, (_p, _d, _h, created, _s) in zip(docs, meta, strict=True):
                doc.created_at = created
                doc.updated_at = created + timedelta(days=3)
            OutgoingDocument.objects.bulk_update(
                docs, ["created_at", "updated_at"], batch_size=2000
            )
            steps, numbers, recipients, landed_meta = [], [], [], []
            for doc, (people, drafter, head, created, status) in zip(docs, meta, strict=True):
                actors = {
                    "drafter": drafter.holder_id,
                    "head": head.holder_id,
                    "director": people["director"].holder_id,
                    "clerk": people["clerk"].holder_id,
                }
                if status == S.WITHDRAWN:
                    upto = 1
                elif status == S.DISPATCHED:
                    upto = len(plan)
                else:
                    upto = {S.DRAFT: 0, S.REVIEW: 1, S.AUDIT: 2, S.SIGN_OFF: 3, S.REGISTER: 5}.get(
                        status, 6
                    )
                for k, (decision, step, to, who) in enumerate(plan[:upto]):
                    steps.append(
                        DocumentStep(
                            document=doc,
                            step=step,
                            actor_id=actors[who],
                            opinion="同意" if decision != D.SUBMIT else "",
                            decision=decision,
                            from_status=step,
                            to_status=to,
                            round=1,
                            at=created + timedelta(hours=10 * k),
                        )
                    )
                if status in (S.DISPATCHED, S.SEAL, S.DISPATCH):
                    key = (doc.organ_id, created.year)
                    code = organs[doc.organ_id].org_code
                    if rng.random() < 0.05:
                        seqs[key] = seqs.get(key, 0) + 1
                        numbers.append(
                            DocNumber(
                                organ_id=doc.organ_id,
                                org_code=code,
                                year=created.year,
                                seq=seqs[key],
                                document=doc,
                                allocated_by_id=actors["clerk"],
                                allocated_at=created + timedelta(days=2),
                                voided_at=created + timedelta(days=2, hours=1),
                                voided_by_id=actors["clerk"],
                                void_reason="登记错误",
                            )
                        )
                    seqs[key] = seqs.get(key, 0) + 1
                    numbers.append(
                        DocNumber(
                            organ_id=doc.organ_id,
                            org_code=code,
                            year=created.year,
                            seq=seqs[key],
                            document=doc,
                            allocated_by_id=actors["clerk"],
                            allocated_at=created + timedelta(days=2, hours=2),
                        )
                    )
                    doc.doc_number = f"{code}〔{created.year}〕{seqs[key]}号"
                if status != S.DISPATCHED:
                    continue
                targets = rng.sample(organ_ids, rng.choice((2, 3)))
                if rng.random() < 0.3 and government not in targets:
                    targets[0] = government
                for j, organ_id in enumerate(targets):
                    if organ_id == doc.organ_id:
                        continue
                    recipients.append(
                        DispatchRecipient(
                            document=doc,
                            organ_id=organ_id,
                            name=organs[organ_id].name,
                            kind=DispatchRecipient.Kind.PRIMARY
                            if j < 2
                            else DispatchRecipient.Kind.CC,
                            copies=1,
                            dispatched_at=doc.dispatched_at,
                            delivered_at=doc.dispatched_at + timedelta(hours=2),
                        )
                    )
                    landed_meta.append((doc, organ_id))
            OutgoingDocument.objects.bulk_update(
                [d for d in docs if d.doc_number], ["doc_number"], batch_size=2000
            )
            DocumentStep.objects.bulk_create(steps, batch_size=2000)
            DocNumber.objects.bulk_create(numbers, batch_size=2000)
            DispatchRecipient.objects.bulk_create(recipients, batch_size=2000)
            landed = []
            for recipient, (doc, organ_id) in zip(recipients, landed_meta, strict=True):
                r = rng.random()
                status = (
                    IS.PENDING
                    if r < 0.05
                    else IS.HANDLING
                    if r < 0.20
                    else IS.CLOSED
                    if r < 0.75
                    else IS.FILED
                )
                arrived = doc.dispatched_at + timedelta(hours=2)
                fields = {}
                if status != IS.PENDING:
                    key = (organ_id, arrived.year)
                    receipt[key] = receipt.get(key, 0) + 1
                    fields = {
                        "receipt_year": arrived.year,
                        "receipt_seq": receipt[key],
                        "receipt_number": f"收〔{arrived.year}〕{receipt[key]}号",
                        "acknowledged_by_id": staff[organ_id]["clerk"].holder_id,
                        "acknowledged_at": arrived + timedelta(hours=1),
                    }
                landed.append(
                    IncomingDocument(
                        organ_id=organ_id,
                        source=IncomingDocument.Source.DISPATCH,
                        dispatch_recipient=recipient,
                        sender_name=organs[doc.organ_id].name,
                        sender_organ_id=doc.organ_id,
                        doc_number=doc.doc_number,
                        title=doc.title,
                        doc_type=doc.doc_type,
                        document_date=doc.signed_on,
                        status=status,
                        closed_at=arrived + timedelta(days=5)
                        if status in (IS.CLOSED, IS.FILED)
                        else None,
                        created_by_id=staff[organ_id]["clerk"].holder_id,
                        created_at=arrived,
                        updated_at=arrived + timedelta(days=5),
                        **fields,
                    )
                )
            IncomingDocument.objects.bulk_create(landed, batch_size=2000)
            made += size
            for key, rows in (
                ("docs", docs),
                ("steps", steps),
                ("numbers", numbers),
                ("recipients", recipients),
                ("incoming", landed),
            ):
                counts[key] += len(rows)
        _sequences(seqs, receipt, organs)
        t.done(sum(counts.values()))
    print(
        "    "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        + f" (市政府 drafts {OutgoingDocument.objects.filter(organ_id=government).count():,})",
        flush=True,
    )


def _sequences(seqs, receipt, organs) -> None:
    """The running sequences, so that a number registered on the generated city follows on."""
    from zhongshu.flow.models import Sequence

    Kind = Sequence.Kind
    Sequence.objects.bulk_create(
        Sequence(kind=Kind.DOC_NUMBER, key=organs[o].org_code, year=y, last=s)
        for (o, y), s in seqs.items()
    )
    Sequence.objects.bulk_create(
        Sequence(kind=Kind.RECEIPT, organ_id=o, year=y, last=s) for (o, y), s in receipt.items()
    )


# --- the timed pages ---------------------------------------------------------------------------


def _get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url}: {response.status_code} {response.content[:300]!r}")
    return response


def _cast():
    """Who the pages are read as: the 市政府's office director (his lists hold the whole
    organ) and clerk (registers, 收文), and its drafter with the most documents."""
    from django.db.models import Count

    from zhongshu.accounts.models import User
    from zhongshu.documents.models import OutgoingDocument
    from zhongshu.organs.models import Organ, PostRole, Role

    government = Organ.objects.get(short_name="市政府")

    def office(role):
        return User.objects.get(
            pk=PostRole.objects.filter(
                role=role, post__department__organ=government, post__department__is_office=True
            )
            .values_list("post__holder_id", flat=True)
            .first()
        )

    drafter_id = (
        OutgoingDocument.objects.filter(organ=government)
        .values("drafter_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("drafter_id", flat=True)
        .first()
    )
    detail = (
        OutgoingDocument.objects.filter(organ=government, status="dispatched")
        .annotate(n=Count("recipients"))
        .order_by("-n", "-id")
        .first()
    )
    return (
        government,
        office(Role.OFFICE_DIRECTOR),
        office(Role.CLERK),
        User.objects.get(pk=drafter_id),
        detail,
    )


def run(repeat: int) -> list[str]:
    from django.test import Client
    from django.utils import timezone

    from zhongshu.documents import selectors
    from zhongshu.documents.incoming import selectors as incoming_selectors
    from zhongshu.documents.models import OutgoingDocument

    government, director, clerk, drafter, detail = _cast()
    year = timezone.localdate().year
    clients = {}
    for person in (director, clerk, drafter):
        clients[person.pk] = Client()
        clients[person.pk].force_login(person)

    def box(user, name, **kw):
        return f"{selectors.documents_in_box(user=user, box=name, **kw).count():,}"

    def inbox(name):
        return f"{incoming_selectors.incoming_in_box(user=clerk, box=name).count():,}"

    def register():
        return (
            f"{selectors.number_register(user=clerk, organ_id=government.pk, year=year).count():,}"
        )

    pages = {
        "发文 待我办理 (office director)": (
            director,
            "/documents/?box=todo",
            box(director, "todo"),
        ),
        "发文 我起草的 (busiest drafter)": (drafter, "/documents/?box=mine", box(drafter, "mine")),
        "发文 已核发 (office director)": (
            director,
            "/documents/?box=issued",
            box(director, "issued"),
        ),
        "发文 全部 (office director)": (director, "/documents/?box=all", box(director, "all")),
        "发文 全部 q=安全 (office director)": (
            director,
            "/documents/?" + urlencode({"box": "all", "q": "安全"}),
            box(director, "all", query="安全"),
        ),
        "发文 全部 status=audit_check": (
            director,
            "/documents/?box=all&status=audit_check",
            box(director, "all", status="audit_check"),
        ),
        "发文 全部 page 50 (office director)": (
            director,
            "/documents/?box=all&page=50",
            box(director, "all"),
        ),
        "API /api/documents/?box=all": (director, "/api/documents/?box=all", box(director, "all")),
        "发文字号登记簿 (clerk, this year)": (
            clerk,
            f"/documents/numbers/?organ={government.pk}&year={year}",
            register(),
        ),
        "发文字号登记簿 .xlsx": (
            clerk,
            f"/documents/numbers/export.xlsx?organ={government.pk}&year={year}",
            register(),
        ),
        "发文 page (most recipients)": (
            director,
            f"/documents/{detail.pk}/",
            f"{detail.recipients.count()} recipients, {detail.steps.count()} steps",
        ),
        "收文 inbox 待签收 (clerk)": (clerk, "/incoming/?box=pending", inbox("pending")),
        "收文 inbox 办理中 (clerk)": (clerk, "/incoming/?box=open", inbox("open")),
        "收文 inbox 已办结 (clerk)": (clerk, "/incoming/?box=done", inbox("done")),
        "收文登记簿 (clerk)": (
            clerk,
            f"/incoming/register/?organ={government.pk}&year={year}",
            "",
        ),
        # The 收文登记簿's .xlsx is left out: on the 50,000-document city 5 runs of it had not
        # finished after four minutes (bench/README.md, slow spots for documents/incoming).
    }
    print(
        f"{OutgoingDocument.objects.count():,} 发文; 市政府 office director {director}, "
        f"clerk {clerk}, drafter {drafter}",
        flush=True,
    )
    for label, (person, url, rows) in pages.items():
        measure(label, lambda u=url, p=person: _get(clients[p.pk], u), n=repeat, rows=rows)
    flagged: list[str] = []
    for label, (person, url, _rows) in pages.items():
        flagged += print_explains(label, capture(lambda u=url, p=person: _get(clients[p.pk], u)))
    return flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    add_database_args(parser)
    args = parser.parse_args()
    database = configure(args)
    header("documents", database)
    run(args.repeat)


if __name__ == "__main__":
    main()
