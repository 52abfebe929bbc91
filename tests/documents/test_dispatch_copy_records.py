"""核发 of a classified document opens its 份号 register (issue 6): one ``CopyRecord`` per
numbered copy, held by the recipient organ, with its first register line, in the dispatch's
own transaction."""

from __future__ import annotations

import pytest

from tests.organs.factories import OrganFactory
from zhongshu.documents import services
from zhongshu.documents.archive import services as archive_services
from zhongshu.documents.archive.models import CopyRecord, CopyRegisterLine
from zhongshu.documents.models import DispatchRecipient, OutgoingDocument
from zhongshu.organs.models import Classification

Status = OutgoingDocument.Status
CopyStatus = CopyRecord.Status


def _clear(cast, level: int) -> None:
    for person in (cast.drafter, cast.dept_head, cast.director, cast.clerk, cast.leader):
        person.clearance = level
        person.save(update_fields=["clearance"])


def _confidential_to_two_organs(cast):
    _clear(cast, Classification.CONFIDENTIAL)
    OrganFactory(
        name="丙县人民政府", short_name="丙县政府", parent=cast.drafter.posts.first().organ
    )
    return cast.advance(
        cast.draft(
            classification="机密",
            classification_period="10年",
            primary_recipients=["乙县人民政府", "丙县人民政府"],
        ),
        Status.DISPATCH,
    )


def test_dispatching_a_confidential_document_opens_a_copy_record_per_copy_number(
    cast, organ_b_below_a
):
    """
    GIVEN a 机密 document to 乙县 (2 copies) and 丙县 (3 copies), at 核发
    WHEN the clerk dispatches it
    THEN 份号 1–2 are recorded as held by 乙县 and 3–5 by 丙县, each 已分发,
    AND each has one register line by the clerk naming its recipient
    """
    doc = _confidential_to_two_organs(cast)

    services.document_dispatch(
        document=doc, actor=cast.clerk, copies={"乙县人民政府": 2, "丙县人民政府": 3}
    )

    records = list(CopyRecord.objects.filter(document=doc).order_by("copy_number"))
    assert [r.copy_number for r in records] == [1, 2, 3, 4, 5]
    assert [r.holder.name for r in records] == ["乙县人民政府"] * 2 + ["丙县人民政府"] * 3
    assert {r.status for r in records} == {CopyStatus.DISPATCHED}
    lines = CopyRegisterLine.objects.filter(record__document=doc).order_by("record__copy_number")
    assert [(line.to_status, line.actor, line.note) for line in lines] == [
        (CopyStatus.DISPATCHED, cast.clerk, "乙县人民政府"),
        (CopyStatus.DISPATCHED, cast.clerk, "乙县人民政府"),
        (CopyStatus.DISPATCHED, cast.clerk, "丙县人民政府"),
        (CopyStatus.DISPATCHED, cast.clerk, "丙县人民政府"),
        (CopyStatus.DISPATCHED, cast.clerk, "丙县人民政府"),
    ]


def test_registering_by_hand_after_dispatch_adds_nothing_twice(cast, organ_b_below_a):
    doc = _confidential_to_two_organs(cast)
    services.document_dispatch(
        document=doc, actor=cast.clerk, copies={"乙县人民政府": 2, "丙县人民政府": 3}
    )

    again = archive_services.copy_records_register(document=doc, actor=cast.clerk)

    assert again == []
    assert CopyRecord.objects.filter(document=doc).count() == 5
    assert CopyRegisterLine.objects.filter(record__document=doc).count() == 5


def test_an_unclassified_dispatch_opens_no_copy_records(cast, organ_b_below_a):
    doc = cast.advance(cast.draft(), Status.DISPATCH)

    services.document_dispatch(document=doc, actor=cast.clerk, copies={"乙县人民政府": 3})

    assert DispatchRecipient.objects.filter(document=doc).exists()
    assert not CopyRecord.objects.exists()
    assert not CopyRegisterLine.objects.exists()


def test_a_failing_copy_register_undoes_the_whole_dispatch(cast, organ_b_below_a, monkeypatch):
    """
    GIVEN a 机密 document at 核发
    WHEN opening its copy records fails
    THEN the dispatch fails with it: no recipient line, no status change, no copy record
    """
    doc = _confidential_to_two_organs(cast)

    def broken(**kwargs):
        raise RuntimeError("register unavailable")

    monkeypatch.setattr(archive_services, "copy_records_open", broken)
    with pytest.raises(RuntimeError, match="register unavailable"):
        services.document_dispatch(document=doc, actor=cast.clerk)

    doc.refresh_from_db()
    assert doc.status == Status.DISPATCH
    assert not DispatchRecipient.objects.exists()
    assert not CopyRecord.objects.exists()
