"""Send a notification by e-mail through Django's mail backend (``ZHONGSHU_EMAIL_BACKEND``)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def deliver(notification) -> bool:
    """Mail the notification to its recipient; False when the recipient has no address.

    A mail server failure is logged, not raised: the in-app notification is already stored and
    the person still sees it, so a broken SMTP relay must not undo the step that caused it.
    """
    address = notification.recipient.email
    if not address:
        return False
    subject = _("【中枢】%(title)s") % {"title": notification.title}
    if notification.urgent:
        subject = _("【中枢】【紧急】%(title)s") % {"title": notification.title}
    body = notification.body or notification.title
    if notification.url:
        body = f"{body}\n\n{notification.url}"
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # any backend error; see the docstring
        logger.exception("e-mail to %s failed for notification %s", address, notification.pk)
        return False
    return True
