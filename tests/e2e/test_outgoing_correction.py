"""In Chromium: the live preview of a draft before its first save, and 起草更正文件 from an issued
document of the demo city."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from zhongshu.documents import services
from zhongshu.documents.models import OutgoingDocument
from zhongshu.organs.models import PostRole, Role

Status = OutgoingDocument.Status


def _issued_with_its_drafter() -> OutgoingDocument:
    """A document of a demo drafter's organ, marked dispatched (the demo city of the browser
    tests seeds no 发文; the correction needs nothing of the route but the status)."""
    role = (
        PostRole.objects.filter(role=Role.DRAFTER, post__is_active=True, post__holder__isnull=False)
        .select_related("post__holder", "post__department__organ")
        .order_by("post_id")
        .first()
    )
    organ = role.post.department.organ
    document = services.draft_create(
        actor=role.post.holder,
        content={
            "doc_type": "通知",
            "title": f"{organ.name}关于做好安全生产工作的通知",
            "primary_recipients": ["各县（市）区人民政府"],
            "body": [{"text": "请做好安全生产工作。", "level": 0}],
        },
    )
    OutgoingDocument.objects.filter(pk=document.pk).update(
        status=Status.DISPATCHED,
        doc_number=f"{organ.org_code or '测'}〔2026〕1号",
        signed_on=timezone.localdate(),
        dispatched_at=timezone.now(),
    )
    document.refresh_from_db()
    return document


def test_the_new_draft_shows_its_typeset_preview_and_findings_before_saving(page, demo_city):
    """
    GIVEN a drafter of the demo city on the empty draft form
    WHEN she types a title and a body
    THEN the preview frame shows the typeset PDF and the 审核助手 card the findings of the text
    as typed, and no document has been saved
    """
    drafter = _issued_with_its_drafter().drafter
    before = OutgoingDocument.objects.count()
    log_in(page, drafter.username)
    expect(page).to_have_url(re.compile(r"/$"))

    page.goto("/documents/new/")
    page.locator("#id_title").fill("关于做好2026年防汛工作的通知")
    page.locator("#id_body").fill("请做好防汛工作。\n一、压实责任\n各地要落实责任。")

    expect(page.locator("#draft-preview")).to_have_attribute("src", re.compile(r"^blob:"))
    expect(page.locator("#draft-preview-status")).to_contain_text("预览已按当前内容更新")
    expect(page.locator("#draft-findings")).to_contain_text("按当前填写内容检查")
    assert OutgoingDocument.objects.count() == before


def test_the_edit_page_previews_unsaved_edits_live_also_after_saving_in_place(page, demo_city):
    """
    GIVEN a saved draft on its edit page (the frame shows the saved preview)
    WHEN the drafter changes the title, and again after 保存并继续修改 swapped the editor
    THEN each time the frame shows the typeset unsaved form and the findings follow it, while
    the stored title changes only by the save
    """
    draft = _issued_with_its_drafter()
    OutgoingDocument.objects.filter(pk=draft.pk).update(status=Status.DRAFT, doc_number="")
    log_in(page, draft.drafter.username)
    expect(page).to_have_url(re.compile(r"/$"))

    page.goto(f"/documents/{draft.pk}/edit/")
    preview = page.locator("#draft-preview")
    expect(preview).to_have_attribute("src", re.compile(r"/preview\.pdf\?v="))
    page.locator("#id_title").fill("关于做好2026年冬季森林防火工作的通知")

    expect(preview).to_have_attribute("src", re.compile(r"^blob:"))
    expect(page.locator("#draft-preview-status")).to_contain_text("预览已按当前内容更新")
    expect(page.locator("#draft-findings")).to_contain_text("按当前填写内容检查")
    draft.refresh_from_db()
    assert "森林防火" not in draft.title

    page.get_by_role("button", name="保存并继续修改").click()
    expect(page.locator("#draft-editor")).to_contain_text("公文内容已保存")
    draft.refresh_from_db()
    assert "森林防火" in draft.title
    page.locator("#id_title").fill("关于做好2026年冬季森林草原防灭火工作的通知")
    expect(preview).to_have_attribute("src", re.compile(r"^blob:"))
    expect(page.locator("#draft-preview-status")).to_contain_text("预览已按当前内容更新")
    draft.refresh_from_db()
    assert "草原" not in draft.title


def test_a_drafter_starts_a_revocation_of_an_issued_document(page, demo_city):
    """
    GIVEN a dispatched document of the demo city and its drafter
    WHEN she chooses 撤销 in the 更正 card and clicks 起草更正文件
    THEN she lands on the editor of a new draft titled 关于撤销《…》的通知, linked to the old one
    """
    issued = _issued_with_its_drafter()
    log_in(page, issued.drafter.username)
    expect(page).to_have_url(re.compile(r"/$"))

    page.goto(f"/documents/{issued.pk}/")
    page.locator("#zs-correct-form select").select_option("revoke")
    page.get_by_role("button", name="起草更正文件").click()

    expect(page).to_have_url(re.compile(r"/documents/\d+/edit/$"))
    draft = OutgoingDocument.objects.get(corrects=issued)
    assert draft.correction_kind == OutgoingDocument.CorrectionKind.REVOKE
    expect(page.locator("#id_title")).to_have_value(re.compile(r"关于撤销《"))
    page.goto(f"/documents/{draft.pk}/")
    expect(page.locator(".zs-corrects")).to_contain_text(f"更正《{issued.title}》")
