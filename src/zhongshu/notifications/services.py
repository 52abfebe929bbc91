"""Every write of notifications: send one, mark read, mark all read.

``notification_send`` is what other modules call. It stores the in-app copy inside the
caller's transaction and fires e-mail (and SMS for urgent ones) only after that transaction
commits, so a rolled-back step never mails anyone.
"""

from __future__ import annotations

import copy
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.notifications.channels.email import transport as email_transport
from zhongshu.notifications.channels.sms import transport as sms_transport
from zhongshu.notifications.models import Notification
from zhongshu.notifications.selectors import notifications_for_delivery

logger = logging.getLogger(__name__)


def _deliver(notification_id: int) -> None:
    """Push one stored notification to the outer channels (after commit)."""
    for notification in notifications_for_delivery(ids=[notification_id]):
        _push(notification)


def _push(notification: Notification) -> None:
    """E-mail, and SMS when urgent: the one rule of which outer channels a message takes.

    The message carries the title and body as the recipient may see them now
    (``shown_title``/``shown_body`` of ``notifications_for_delivery``): an e-mail or SMS is
    read outside the system, so a recipient whose clearance no longer admits the 密级 gets the
    masked title. The stored notification keeps its text; only the copy handed to the
    channels is masked.
    """
    outgoing = copy.copy(notification)
    outgoing.title, outgoing.body = notification.shown_title, notification.shown_body
    email_transport.deliver(outgoing)
    if notification.urgent:
        sms_transport.deliver(outgoing)


def notification_send(
    *,
    recipient,
    title: str,
    body: str = "",
    url: str = "",
    urgent: bool = False,
    work_item=None,
    classification: int = 0,
) -> Notification:
    """Store a notification for ``recipient`` and queue its e-mail/SMS delivery.

    ``classification``: the 密级 of what the notification is about (a document's), so that its
    title is masked for a recipient whose clearance does not, or no longer, admit it; a caller
    about a document passes the document's, with or without a work item.

    Not audited: notifications are consequences of audited steps (a reminder of a work item, a
    hand-over), and the audit trail records the step, not each message about it.
    """
    if recipient is None:
        raise ValidationError(_("通知必须有接收人。"))
    notification = Notification(
        recipient=recipient,
        title=(title or "").strip()[:200],
        body=body or "",
        url=url or "",
        urgent=urgent,
        work_item=work_item,
        classification=int(classification or 0),
    )
    notification.full_clean()
    with transaction.atomic():
        notification.save(force_insert=True)
        transaction.on_commit(lambda: _deliver(notification.pk))
    return notification


def notifications_send_many(notifications: list[Notification]) -> list[Notification]:
    """Store many prepared notifications in one INSERT and queue their delivery.

    For callers that notify hundreds of people in one transaction (the flow scan). Delivery
    after commit reads them back in one query (``notifications_for_delivery``).
    """
    for notification in notifications:
        notification.title = (notification.title or "").strip()[:200]
    created = Notification.objects.bulk_create(notifications)

    def deliver_all() -> None:
        for notification in notifications_for_delivery(ids=[n.pk for n in created if n.pk]):
            try:
                _push(notification)
            except Exception:  # one recipient's channel must not silence the others
                logger.exception("delivery of notification %s failed", notification.pk)

    transaction.on_commit(deliver_all)
    return created


def notification_mark_read(*, notification: Notification, user) -> Notification:
    """Mark one of the user's notifications read (idempotent: the first read time stays)."""
    if notification.recipient_id != user.pk:
        raise Http404
    if notification.read_at is None:
        now = timezone.now()
        # Conditional update: a second tab opening the same notification keeps the first time.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
