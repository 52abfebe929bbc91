"""Notices about a classified document sent without a work item (issue #10, part 4): the 核发
notice to the receiving clerks, the 收文 correction notice and the notice back to the sender
carry the document's 密级 themselves, so a person whose clearance is lowered afterwards sees
them masked on her notifications page, in the API and in the e-mail/SMS copies, as she does
the notifications about a work item (``flow.selectors.with_shown_titles``)."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.incoming.test_corrections import correct, issue
from zhongshu.documents.incoming import services
from zhongshu.documents.models import OutgoingDocument
from zhongshu.notifications.channels.sms.transport import LoggingBackend
from zhongshu.notifications.models import Notification
from zhongshu.notifications.services import notification_send
from zhongshu.organs.models import Classification

SECRET_TITLE = "乙县人民政府关于绝对保密事项的通知"
MASK = "（密级文件，您当前无权查看标题）"


def _set_clearance(user, level) -> None:
    user.clearance = level
    user.save(update_fields=["clearance"])


def _notifications_read_by(person) -> str:
    client = Client()
    client.force_login(person)
    pages = [client.get(reverse("notifications:list")), client.get("/api/notifications/")]
    assert [page.status_code for page in pages] == [200, 200]
    return "\n".join(page.content.decode() for page in pages)


def _assert_masked(text: str, *hidden: str) -> None:
    for secret in hidden:
        assert secret not in text
    assert MASK in text or MASK.encode("unicode_escape").decode() in text


def test_a_dispatch_notice_without_a_work_item_is_masked_once_her_clearance_is_lowered(cast):
    """
    GIVEN organ B dispatches a 秘密 document to organ A, whose clerk (cleared for 秘密) gets the
    来文 notice with no work item (the document landed in A's 收文)
    WHEN her clearance is lowered to 非密
    THEN the notice shows the masked title and no body on her notifications page and API;
    raised again, the title is back
    """
    _set_clearance(cast.clerk, Classification.SECRET)
    outgoing, _copy = issue(cast, classification=Classification.SECRET, title=SECRET_TITLE)
    notice = Notification.objects.get(recipient=cast.clerk, title__startswith="来文：")
    assert notice.work_item_id is None
    assert notice.classification == Classification.SECRET
    assert SECRET_TITLE in _notifications_read_by(cast.clerk)

    _set_clearance(cast.clerk, Classification.NONE)
    _assert_masked(_notifications_read_by(cast.clerk), SECRET_TITLE, outgoing.doc_number)

    _set_clearance(cast.clerk, Classification.SECRET)
    assert SECRET_TITLE in _notifications_read_by(cast.clerk)


def test_a_correction_notice_is_masked_once_her_clearance_is_lowered(cast):
    """The 收文 correction notice carries the 密级 of the copy it names."""
    _set_clearance(cast.clerk, Classification.SECRET)
    old, _copy = issue(cast, classification=Classification.SECRET, title=SECRET_TITLE)

    # a 非密 correction whose own title does not repeat the secret one
    correct(
        cast,
        old,
        OutgoingDocument.CorrectionKind.REVOKE,
        title="乙县人民政府关于撤销一件来文的通知",
    )

    notice = Notification.objects.get(recipient=cast.clerk, title__startswith="来文已被撤销")
    assert notice.classification == Classification.SECRET
    assert SECRET_TITLE in _notifications_read_by(cast.clerk)
    _set_clearance(cast.clerk, Classification.NONE)
    _assert_masked(_notifications_read_by(cast.clerk), SECRET_TITLE, "该文自始不发生效力")


def test_the_notice_back_to_the_sender_is_masked_once_her_clearance_is_lowered(cast):
    """拒收 tells the sender's side (``notify_sender``) with the document's 密级."""
    _set_clearance(cast.clerk, Classification.SECRET)
    _old, copy = issue(cast, classification=Classification.SECRET, title=SECRET_TITLE)

    services.incoming_refuse(document=copy, actor=cast.clerk, reason="误投本机关")

    notice = Notification.objects.get(recipient=cast.sender, title__startswith="来文被拒收")
    assert notice.classification == Classification.SECRET
    assert SECRET_TITLE in _notifications_read_by(cast.sender)
    _set_clearance(cast.sender, Classification.NONE)
    _assert_masked(_notifications_read_by(cast.sender), SECRET_TITLE, "误投本机关")


def test_the_email_and_sms_copies_of_a_classified_notice_are_masked(
    settings, cast, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    person = cast.clerk
    person.email, person.phone = "clerk@example.gov.cn", "13800000002"
    person.clearance = Classification.NONE
    person.save(update_fields=["email", "phone", "clearance"])
    mail.outbox.clear()
    LoggingBackend.sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            recipient=person,
            title=f"来文：{SECRET_TITLE}",
            body="乙县人民政府 乙政〔2026〕99号",
            urgent=True,
            classification=Classification.SECRET,
        )

    [message] = mail.outbox
    assert SECRET_TITLE not in message.subject + message.body
    assert "乙政〔2026〕99号" not in message.body
    assert MASK in message.subject
    assert len(LoggingBackend.sent) == 1 and SECRET_TITLE not in LoggingBackend.sent[0][1]
