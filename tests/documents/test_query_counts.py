"""Queries per page stay constant on the 发文 pages (style.md §39): the lists in each box, the
发文字号登记簿 and its .xlsx export, the document page and the API list and detail cost the same
number of queries for 2 rows as for 30 (no N+1).

The rows are inserted directly (``bulk_create``): the route's services are tested elsewhere,
here only the reads are measured.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.organs.factories import DepartmentFactory, OrganFactory, PostFactory
from tests.queries import query_count
from zhongshu.documents.models import (
    Countersign,
    DispatchRecipient,
    DocNumber,
    DocumentStep,
    IssuedFile,
    OutgoingDocument,
)
from zhongshu.organs.models import Role

Status = OutgoingDocument.Status
Decision = DocumentStep.Decision


def _count(client, url: str) -> tuple[int, object]:
    """Queries of a second request (the first fills the per-process caches: content types,
    the session's user)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return query_count(ctx), response


def _documents(cast, n: int, *, start: int = 0, **fields) -> list[OutgoingDocument]:
    """``n`` documents of organ A drafted by the cast's drafter, each with one step row (as a
    document on its route has), other fields from ``fields``. Each has its own people where the
    page shows a person, so a missing select_related shows as one query per row."""
    department = cast.drafter.posts.first().department
    people = [PostFactory(department=department, roles=[Role.DRAFTER]).holder for _ in range(n)]
    now = timezone.now()
    documents = OutgoingDocument.objects.bulk_create(
        OutgoingDocument(
            organ_id=department.organ_id,
            department=department,
            drafter=cast.drafter,
            title=f"甲市人民政府关于第{start + i}项工作的通知",
            doc_type="通知",
            content={"title": "t", "doc_type": "通知"},
            signer=people[i] if fields.get("status") == Status.DISPATCHED else None,
            **fields,
        )
        for i in range(n)
    )
    DocumentStep.objects.bulk_create(
        DocumentStep(
            document=d,
            step=Status.DRAFT,
            actor=people[i],
            decision=Decision.SUBMIT,
            from_status=Status.DRAFT,
            to_status=Status.REVIEW,
            round=1,
            at=now - timedelta(minutes=n - i),
        )
        for i, d in enumerate(documents)
    )
    return documents


BOX_CASES = [
    # (box, query string, user attribute, fields of the documents)
    ("mine", "", "drafter", {"status": Status.DRAFT}),
    ("mine", "&q=工作&status=draft", "drafter", {"status": Status.DRAFT}),
    ("todo", "", "director", {"status": Status.AUDIT, "current_handler": "director"}),
    ("todo", "&q=通知", "director", {"status": Status.AUDIT, "current_handler": "director"}),
    ("issued", "", "drafter", {"status": Status.DISPATCHED}),
    ("issued", "&q=甲市", "drafter", {"status": Status.DISPATCHED}),
    ("all", "", "drafter", {"status": Status.REVIEW, "current_handler": "dept_head"}),
    ("all", "&status=review", "drafter", {"status": Status.REVIEW, "current_handler": "dept_head"}),
]


def _fields(cast, fields: dict, start: int) -> dict:
    out = {k: (getattr(cast, v) if k == "current_handler" else v) for k, v in fields.items()}
    if out["status"] == Status.DISPATCHED:
        out["dispatched_at"] = timezone.now()
    return out


@pytest.mark.parametrize(("box", "extra", "who", "fields"), BOX_CASES)
def test_each_box_costs_the_same_queries_for_2_or_30_documents(
    cast, client, box, extra, who, fields
):
    client.force_login(getattr(cast, who))
    url = f"/documents/?box={box}{extra}"

    _documents(cast, 2, **_fields(cast, fields, 0))
    few, response = _count(client, url)
    assert response.content.decode().count("/documents/") >= 2
    _documents(cast, 28, start=2, **_fields(cast, fields, 2))
    many, response = _count(client, url)

    assert response.content.decode().count("项工作的通知") == 30
    assert many == few


@pytest.mark.parametrize(("box", "extra", "who", "fields"), BOX_CASES[::2])
def test_each_box_of_the_api_costs_the_same_queries_for_2_or_30_documents(
    cast, client, box, extra, who, fields
):
    client.force_login(getattr(cast, who))
    url = f"/api/documents/?box={box}"

    _documents(cast, 2, **_fields(cast, fields, 0))
    few, _ = _count(client, url)
    _documents(cast, 28, start=2, **_fields(cast, fields, 2))
    many, response = _count(client, url)

    assert response.json()["total"] == 30
    assert many == few


def _numbers(cast, n: int, *, start: int) -> None:
    """``n`` numbers of organ A this year, every third one voided, each of a document signed
    and numbered by a different person."""
    documents = _documents(
        cast, n, start=start, status=Status.DISPATCHED, dispatched_at=timezone.now()
    )
    department = cast.drafter.posts.first().department
    now = timezone.now()
    rows = []
    for i, d in enumerate(documents):
        clerk = PostFactory(department=department, roles=[Role.DRAFTER]).holder
        rows.append(
            DocNumber(
                organ_id=d.organ_id,
                org_code="甲政发",
                year=timezone.localdate().year,
                seq=start + i + 1,
                document=d,
                allocated_by=clerk,
                allocated_at=now,
                voided_at=now if i % 3 == 2 else None,
                voided_by=clerk if i % 3 == 2 else None,
                void_reason="登记错误" if i % 3 == 2 else "",
            )
        )
    DocNumber.objects.bulk_create(rows)


@pytest.mark.parametrize(
    "url", ["/documents/numbers/", "/documents/numbers/?q=甲市", "/documents/numbers/export.xlsx"]
)
def test_the_number_register_costs_the_same_queries_for_2_or_30_numbers(cast, client, url):
    client.force_login(cast.clerk)

    _numbers(cast, 2, start=0)
    few, _ = _count(client, url)
    _numbers(cast, 28, start=2)
    many, response = _count(client, url)

    if "xlsx" not in url:
        assert response.content.decode().count("甲政发") >= 30
    assert many == few


def _grow(cast, document: OutgoingDocument, n: int) -> None:
    """Add ``n`` of each row the document page lists: steps (some delegated), 会签 by
    departments and organs, voided numbers with their files, recipients."""
    now = timezone.now()
    organ = document.organ
    people = [
        PostFactory(department=cast.drafter.posts.first().department).holder for _ in range(n)
    ]
    DocumentStep.objects.bulk_create(
        DocumentStep(
            document=document,
            step=Status.REVIEW,
            actor=people[i],
            acting_for=cast.dept_head if i % 2 else None,
            opinion="同意",
            decision=Decision.PASS,
            from_status=Status.REVIEW,
            to_status=Status.AUDIT,
            round=1,
            at=now - timedelta(days=1, minutes=i),
        )
        for i in range(n)
    )
    Countersign.objects.bulk_create(
        Countersign(
            document=document,
            department=DepartmentFactory(organ=organ) if i % 2 else None,
            organ=None if i % 2 else OrganFactory(),
            assignee=people[i],
            actor=people[-1 - i],
            opinion="无意见",
            round=1,
            active=True,
            created_at=now - timedelta(days=2),
            done_at=now - timedelta(days=1),
        )
        for i in range(n)
    )
    base = DocNumber.objects.filter(document__organ=organ).count() + 100
    for i in range(n):
        number = DocNumber.objects.create(
            organ=organ,
            org_code="甲政发",
            year=timezone.localdate().year,
            seq=base + i,
            document=document,
            allocated_by=people[i],
            allocated_at=now - timedelta(days=1),
            voided_at=now - timedelta(hours=1),
            voided_by=people[-1 - i],
            void_reason="登记错误",
        )
        IssuedFile.objects.create(
            document=document,
            number=number,
            kind=IssuedFile.Kind.PDF,
            file=ContentFile(b"%PDF-1.4", name=f"old-{base + i}.pdf"),
            size=8,
            sha256="0" * 64,
            created_at=now - timedelta(days=1),
        )
    DispatchRecipient.objects.bulk_create(
        DispatchRecipient(
            document=document,
            organ=OrganFactory(),
            name=f"第{i}县人民政府",
            kind=DispatchRecipient.Kind.PRIMARY if i % 2 else DispatchRecipient.Kind.CC,
            copies=1,
            dispatched_at=document.dispatched_at,
        )
        for i in range(n)
    )


@pytest.mark.parametrize("url", ["/documents/{pk}/", "/api/documents/{pk}"])
def test_the_document_page_costs_the_same_queries_for_2_or_30_of_each_row(cast, client, url):
    document = cast.advance(cast.draft(), Status.DISPATCHED)
    client.force_login(cast.clerk)
    url = url.format(pk=document.pk)

    _grow(cast, document, 2)
    few, _ = _count(client, url)
    _grow(cast, document, 28)
    many, response = _count(client, url)

    if "api" in url:
        body = response.json()
        assert len(body["countersigns"]) == 30
        assert len(body["recipients"]) >= 30
    else:
        assert response.content.decode().count("无意见") >= 30
    assert many == few


# The document page and one step posted from it, per step and person, pinned (style.md §39).
# Before each visibility answer was remembered for the request (issue #11) the page asked
# ``may_view`` once per action (about 16 times) and a posted step three times: the figures were
# (draft/drafter 96, audit/director 100, sign-off/leader 96, register/clerk 97,
# dispatched/clerk 99; posted 核稿 56).
DETAIL_PAGE_QUERIES = [
    (Status.DRAFT, "drafter", 32),
    (Status.AUDIT, "director", 36),
    (Status.SIGN_OFF, "leader", 33),
    (Status.REGISTER, "clerk", 33),
    (Status.DISPATCHED, "clerk", 35),
]


@pytest.mark.parametrize(("status", "who", "expected"), DETAIL_PAGE_QUERIES)
def test_the_document_page_runs_a_pinned_number_of_queries(cast, client, status, who, expected):
    document = cast.advance(cast.draft(), status)
    client.force_login(getattr(cast, who))

    count, _ = _count(client, f"/documents/{document.pk}/")

    assert count == expected


def test_a_posted_step_runs_a_pinned_number_of_queries(cast, client):
    document = cast.advance(cast.draft(), Status.REVIEW)
    client.force_login(cast.dept_head)
    client.get(f"/documents/{document.pk}/")

    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            f"/documents/{document.pk}/act/pass/",
            {"opinion": "核稿通过", "next_handler": cast.director.pk},
        )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.AUDIT
    assert query_count(ctx) == 48
