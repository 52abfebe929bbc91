"""The seed replays past urgent steps: their SMS lines must not flood `make demo`'s output."""

from __future__ import annotations

import logging

from zhongshu.demo.services import _gateways_quiet
from zhongshu.notifications.channels.sms.transport import LoggingBackend

SMS_LOGGER = "zhongshu.notifications.channels.sms.transport"


def test_the_sms_gateway_log_is_quiet_while_seeding_and_speaks_again_after(caplog):
    caplog.set_level(logging.INFO, logger=SMS_LOGGER)

    with _gateways_quiet():
        LoggingBackend().send("0551-6100032", "【中枢】紧急待办：演示")
    assert not [r for r in caplog.records if r.name == SMS_LOGGER]

    LoggingBackend().send("0551-6100032", "【中枢】紧急待办：真实")
    assert [r.getMessage() for r in caplog.records if r.name == SMS_LOGGER] == [
        "SMS to 0551-6100032: 【中枢】紧急待办：真实"
    ]
