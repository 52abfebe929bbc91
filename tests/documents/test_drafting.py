"""拟稿: creating and editing drafts, and every refusal."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.documents.conftest import content
from zhongshu.audit.models import AuditEvent
from zhongshu.documents import services
from zhongshu.documents.models import DocumentStep, OutgoingDocument
from zhongshu.organs.models import Classification

Status = OutgoingDocument.Status


def test_it_creates_a_draft_in_the_drafters_department_with_the_organ_as_lead_issuer(
    drafter, department_a, organ_a
):
    doc = services.draft_create(actor=drafter, content=content(urgency="加急", important=True))

    doc.refresh_from_db()
    assert doc.status == Status.DRAFT
    assert doc.organ == organ_a
    assert doc.department == department_a
    assert doc.title == "甲市人民政府关于做好2026年安全生产工作的通知"
    assert doc.doc_type == "通知"
    assert doc.urgency == OutgoingDocument.Urgency.URGENT
    assert doc.important is True
    assert doc.doc_number == ""
    assert doc.content["issuers"][0]["name"] == "甲市人民政府"
    assert doc.content["date"] is None
    assert AuditEvent.objects.filter(action="outgoing_draft_create", object_id=str(doc.pk)).exists()


def test_it_refuses_a_document_number_at_drafting(drafter):
    with pytest.raises(ValidationError, match="发文字号在登记时由系统编号"):
        services.draft_create(actor=drafter, content=content(doc_number="甲政〔2026〕3号"))
    assert OutgoingDocument.objects.count() == 0


def test_it_refuses_a_date_at_drafting_because_the_date_is_the_sign_off_date(drafter):
    with pytest.raises(ValidationError, match="成文日期以签发日期为准"):
        services.draft_create(actor=drafter, content=content(date="2026-11-01"))


def test_it_reports_invalid_content_in_chinese(drafter):
    with pytest.raises(ValidationError) as exc:
        services.draft_create(actor=drafter, content=content(doc_type="便条", copy_number="ab"))
    text = " ".join(exc.value.messages)
    assert "文种" in text
    assert "份号" in text


def test_it_refuses_another_organ_as_lead_issuer(drafter):
    with pytest.raises(ValidationError, match="主办机关"):
        services.draft_create(actor=drafter, content=content(issuers=[{"name": "乙县人民政府"}]))


def test_it_refuses_a_person_without_the_drafter_role(dept_head):
    with pytest.raises(PermissionDenied, match="拟稿人"):
        services.draft_create(actor=dept_head, content=content())


def test_it_refuses_an_administrator(system_admin):
    with pytest.raises(PermissionDenied):
        services.draft_create(actor=system_admin, content=content())


def test_it_refuses_a_draft_above_the_drafters_clearance(drafter):
    with pytest.raises(PermissionDenied, match="密级"):
        services.draft_create(
            actor=drafter,
            content=content(classification="机密", classification_period="10年"),
        )


def test_a_cleared_drafter_creates_a_classified_draft(drafter):
    drafter.clearance = Classification.CONFIDENTIAL
    drafter.save(update_fields=["clearance"])

    doc = services.draft_create(
        actor=drafter, content=content(classification="机密", classification_period="10年")
    )

    assert doc.classification == Classification.CONFIDENTIAL


def test_the_drafter_updates_the_draft_without_a_sheet_line(cast):
    doc = cast.draft()

    services.draft_update(
        document=doc, actor=cast.drafter, content=content(title="甲市人民政府关于新标题的通知")
    )

    doc.refresh_from_db()
    assert doc.title == "甲市人民政府关于新标题的通知"
    assert doc.content["title"] == doc.title
    assert not DocumentStep.objects.filter(document=doc).exists()


def test_the_reviewers_change_is_written_on_the_sheet(cast):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    services.draft_update(
        document=doc, actor=cast.dept_head, content=content(title="甲市人民政府关于修改后的通知")
    )

    edit = doc.steps.get(decision=DocumentStep.Decision.EDIT)
    assert edit.actor == cast.dept_head
    assert edit.step == Status.REVIEW
    assert edit.extra["before"] != edit.extra["after"]


def test_the_drafter_may_not_edit_once_submitted(cast):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    with pytest.raises(PermissionDenied):
        services.draft_update(document=doc, actor=cast.drafter, content=content(title="改"))


def test_nobody_edits_at_sign_off(cast):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)

    with pytest.raises(PermissionDenied):
        services.draft_update(document=doc, actor=cast.leader, content=content(title="改"))


def test_an_invalid_update_leaves_the_draft_unchanged(cast):
    doc = cast.draft()
    before = dict(doc.content)

    with pytest.raises(ValidationError):
        services.draft_update(document=doc, actor=cast.drafter, content=content(title=""))

    doc.refresh_from_db()
    assert doc.content == before


def test_the_printing_organ_defaults_to_the_organs_office(drafter, organ_a):
    from zhongshu.organs.models import Department

    Department.objects.filter(organ=organ_a, is_office=True).update(is_office=False)
    Department.objects.create(organ=organ_a, name="秘书办公室", is_office=True)

    doc = services.draft_create(actor=drafter, content=content(printer=""))

    assert doc.content["printer"] == "甲市人民政府秘书办公室"


def test_an_organ_without_an_office_prints_in_its_own_name(drafter, organ_a):
    from zhongshu.organs.models import Department

    Department.objects.filter(organ=organ_a, is_office=True).update(is_office=False)

    doc = services.draft_create(actor=drafter, content=content(printer=""))

    assert doc.content["printer"] == "甲市人民政府"


def test_a_printing_organ_the_drafter_gives_is_kept(drafter):
    doc = services.draft_create(actor=drafter, content=content(printer="甲市人民政府秘书处"))

    assert doc.content["printer"] == "甲市人民政府秘书处"
