"""The invariants the fault test (``bench/fault.py``) checks after every kill.

Read docs/fault-tests.md, "The invariants". Run with nothing writing: the checks read the
tables one after another, not in one snapshot.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

ROUTE_ACTIONS = {
    "outgoing_submit",
    "outgoing_pass",
    "outgoing_countersign",
    "outgoing_return",
    "outgoing_withdraw",
    "outgoing_sign_off",
    "outgoing_recheck",
    "outgoing_register",
    "outgoing_number_void",
    "outgoing_seal",
    "outgoing_dispatch",
    "outgoing_draft_update",
}
NUMBERED = {"seal", "dispatch", "dispatched"}
FILED = {"dispatch", "dispatched"}


def check_invariants(*, close: bool = True) -> tuple[list[str], dict[str, Any]]:
    """Every invariant of the module docstring (5); returns the failures and a few figures.

    ``close``: close the connections afterwards (the harness, between kills; a test inside its
    own transaction passes False).
    """
    from django.conf import settings
    from django.db import connections
    from django.db.models import Count

    from zhongshu.audit.models import AuditEvent
    from zhongshu.audit.services import audit_verify
    from zhongshu.documents.models import (
        DispatchRecipient,
        DocNumber,
        DocumentStep,
        IssuedFile,
        OutgoingDocument,
    )
    from zhongshu.flow.models import Sequence
    from zhongshu.ops.stored_files import stored_files_check

    failures: list[str] = []
    try:
        # Numbers: 1…N per sequence, N = last_seq.
        for sequence in Sequence.objects.filter(kind=Sequence.Kind.DOC_NUMBER):
            seqs = sorted(
                DocNumber.objects.filter(org_code=sequence.key, year=sequence.year).values_list(
                    "seq", flat=True
                )
            )
            if seqs != list(range(1, sequence.last + 1)):
                failures.append(
                    f"{sequence.key}〔{sequence.year}〕: numbers {_ranges(seqs)}, last_seq {sequence.last}"
                )
        # Whole documents.
        steps: dict[int, list] = {}
        for step in DocumentStep.objects.order_by("document_id", "at", "id"):
            steps.setdefault(step.document_id, []).append(step)
        numbers: dict[int, list] = {}
        for number in DocNumber.objects.filter(voided_at__isnull=True):
            numbers.setdefault(number.document_id, []).append(number)
        files = Counter(
            (f["document_id"], f["number_id"], f["kind"])
            for f in IssuedFile.objects.values("document_id", "number_id", "kind")
        )
        recipients = dict(
            DispatchRecipient.objects.values_list("document_id")
            .annotate(n=Count("id"))
            .values_list("document_id", "n")
        )
        audited = Counter(
            AuditEvent.objects.filter(
                object_type="documents.outgoingdocument", action__in=ROUTE_ACTIONS
            ).values_list("object_id", flat=True)
        )
        created = Counter(
            AuditEvent.objects.filter(action="outgoing_draft_create").values_list(
                "object_id", flat=True
            )
        )
        statuses: Counter = Counter()
        for doc in OutgoingDocument.objects.order_by("id"):
            statuses[doc.status] += 1
            failures += _document_failures(
                doc, steps.get(doc.pk, []), numbers.get(doc.pk, []), files, recipients
            )
            if audited[str(doc.pk)] != len(steps.get(doc.pk, [])):
                failures.append(
                    f"#{doc.pk}: {len(steps.get(doc.pk, []))} steps, {audited[str(doc.pk)]} audit lines"
                )
            if created[str(doc.pk)] != 1:
                failures.append(f"#{doc.pk}: {created[str(doc.pk)]} 拟稿 audit lines")
        # Stored files and the chain.
        stored = stored_files_check()
        failures += [f"stored file: {p}" for p in stored.problems]
        chain = audit_verify()
        if not chain.ok:
            failures.append(f"audit chain broken at {chain.broken_seq}: {chain.reason}")
        referenced = set(IssuedFile.objects.values_list("file", flat=True))
        issued_dir = Path(settings.MEDIA_ROOT) / "documents" / "issued"
        on_disk = (
            {
                p.relative_to(settings.MEDIA_ROOT).as_posix()
                for p in issued_dir.rglob("*")
                if p.is_file()
            }
            if issued_dir.exists()
            else set()
        )
        figures = {
            "documents": dict(statuses),
            "numbers": DocNumber.objects.count(),
            "issued_files": len(referenced),
            "orphan_files": len(on_disk - referenced),
            "audit_events": chain.checked,
        }
    finally:
        if close:
            connections.close_all()
    return failures, figures


def _document_failures(doc, steps, numbers, files, recipients) -> list[str]:
    out = []
    previous = "draft"
    for step in steps:
        if step.from_status != previous:
            out.append(
                f"#{doc.pk}: step {step.pk} starts at {step.from_status}, previous ended at {previous}"
            )
        previous = step.to_status
    if previous != doc.status:
        out.append(f"#{doc.pk}: status {doc.status}, its steps end at {previous}")
    if doc.status in NUMBERED:
        if len(numbers) != 1 or numbers[0].text != doc.doc_number:
            out.append(
                f"#{doc.pk} at {doc.status}: number {doc.doc_number!r}, rows {[n.text for n in numbers]}"
            )
    elif doc.doc_number or numbers:
        out.append(f"#{doc.pk} at {doc.status}: has number {doc.doc_number!r} before 登记")
    number_id = numbers[0].pk if len(numbers) == 1 else None
    for kind in ("pdf", "docx"):
        n = files[(doc.pk, number_id, kind)] if number_id else 0
        if doc.status in FILED and n != 1:
            out.append(f"#{doc.pk} at {doc.status}: {n} current {kind} files")
        if doc.status not in FILED and n:
            out.append(f"#{doc.pk} at {doc.status}: sealed {kind} before 用印 completed")
    if (doc.status == "dispatched") != bool(recipients.get(doc.pk)):
        out.append(f"#{doc.pk} at {doc.status}: {recipients.get(doc.pk, 0)} recipients")
    return out


def _ranges(seqs: list[int]) -> str:
    if len(seqs) <= 12:
        return str(seqs)
    return f"[{seqs[0]}…{seqs[-1]}] ({len(seqs)} numbers, {len(set(seqs))} distinct)"
