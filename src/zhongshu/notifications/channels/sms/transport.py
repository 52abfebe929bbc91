"""Send an urgent notification by SMS through the gateway named by ``ZHONGSHU_SMS_BACKEND``.

A gateway is a class with ``send(phone: str, text: str) -> None``. The default only logs, so
an install without an SMS contract works and shows what would have been sent.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import ClassVar

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "zhongshu.notifications.channels.sms.transport.LoggingBackend"


class LoggingBackend:
    """The default gateway: writes the message to the log instead of a phone."""

    # The last messages, for inspection in tests and the demo; bounded, since the default
    # gateway also runs in long-lived servers that never read it.
    sent: ClassVar[deque[tuple[str, str]]] = deque(maxlen=1000)

    def send(self, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", phone, text)
        LoggingBackend.sent.append((phone, text))


def get_backend():
    return import_string(getattr(settings, "SMS_BACKEND", "") or DEFAULT_BACKEND)()


def deliver(notification) -> bool:
    """Text the notification to its recipient's phone; False when there is no phone number.

    Gateway errors are logged, not raised, for the same reason as e-mail: the in-app copy is
    the record, the SMS is a courtesy to wake someone up.
    """
    phone = notification.recipient.phone
    if not phone:
        return False
    text = _("【中枢】%(title)s") % {"title": notification.title}
    try:
        get_backend().send(phone, text)
    except Exception:  # any gateway error; see the docstring
        logger.exception("SMS to %s failed for notification %s", phone, notification.pk)
        return False
    return True
