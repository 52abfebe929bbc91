"""The audit key (HMAC-SHA256 / HMAC-SM3), the start-up checks, and the signed checkpoints."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from zhongshu.audit.chain import audit_key, digest, hmac_sm3, sm3, sm3_gmssl
from zhongshu.audit.checkpoints import Checkpoint, audit_checkpoint_write, checkpoints_read
from zhongshu.audit.checks import audit_checks
from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record, audit_verify
from zhongshu.config.schedule import BEAT_SCHEDULE

pytestmark = pytest.mark.django_db

# GM/T 0042-2015 appendix D.3 (also OpenSSL's evpmac_sm3.txt).
GMT_0042_VECTORS = [
    (
        bytes(range(1, 33)),
        b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq" * 2,
        "ca05e144ed05d1857840d1f318a4a8669e559fc8391f414485bfdf7bb408963a",
    ),
    (
        bytes(range(1, 38)),
        b"\xcd" * 50,
        "220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae",
    ),
]


@pytest.mark.parametrize(("key", "data", "expected"), GMT_0042_VECTORS)
def test_hmac_sm3_gives_the_published_vectors_through_gmssl_and_openssl(key, data, expected):
    assert hmac_sm3(key, data, sm3_gmssl).hex() == expected
    assert hmac_sm3(key, data).hex() == expected


def test_both_sm3_implementations_give_the_standards_digest():
    # GB/T 32905-2016 appendix A, example 1.
    expected = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert sm3_gmssl(b"abc").hex() == expected
    assert sm3(b"abc").hex() == expected


@pytest.mark.parametrize("key_length", [0, 1, 63, 64, 65, 200])
def test_hmac_sm3_is_the_generic_hmac_construction_over_sm3(key_length):
    if "sm3" not in hashlib.algorithms_available:
        pytest.skip("this OpenSSL has no SM3 to compare with")
    key = bytes(range(key_length % 256))[:key_length] or b""
    key = (key * 4)[:key_length]
    data = "审计链检查点".encode() * 20
    assert hmac_sm3(key, data, sm3_gmssl).hex() == hmac.new(key, data, "sm3").hexdigest()


def test_new_events_are_keyed_and_the_key_changes_the_digest(clerk, settings):
    event = audit_record(actor=clerk, action="document.view")
    row = AuditEvent.objects.filter(pk=event.pk).values().get()
    assert event.algorithm == "hmac-sha256"
    assert digest(row["prev_digest"], row, row["algorithm"], audit_key()) == event.digest
    assert digest(row["prev_digest"], row, "sha256") != event.digest
    settings.AUDIT_KEY = "另一把密钥"
    assert audit_verify().reason.startswith("事件内容与摘要不符")


def test_the_key_comes_from_the_setting_else_from_the_demo_secret(settings):
    settings.AUDIT_KEY = "k" * 64
    assert audit_key() == b"k" * 64
    settings.AUDIT_KEY = ""
    derived = audit_key()
    assert len(derived) == 32 and derived != settings.SECRET_KEY.encode()


def test_production_never_keys_the_chain_with_a_derived_key(settings):
    settings.PRODUCTION, settings.AUDIT_KEY = True, ""
    with pytest.raises(ImproperlyConfigured, match="ZHONGSHU_AUDIT_KEY"):
        audit_key()


def test_the_key_file_is_read_by_the_settings_reader(tmp_path, monkeypatch):
    from zhongshu.config.env import env_secret

    (tmp_path / "key").write_text("0123456789abcdef" * 4 + "\n", encoding="utf-8")
    monkeypatch.setenv("ZHONGSHU_AUDIT_KEY_FILE", str(tmp_path / "key"))
    assert env_secret("ZHONGSHU_AUDIT_KEY", "") == "0123456789abcdef" * 4


def test_production_without_a_key_fails_check_e010(settings):
    settings.PRODUCTION, settings.AUDIT_KEY = True, ""
    assert [e.id for e in audit_checks()] == ["zhongshu.E010"]
    settings.AUDIT_KEY = "x" * 64
    assert audit_checks() == []
    settings.PRODUCTION, settings.AUDIT_KEY = False, ""
    assert audit_checks() == []


def test_the_system_check_command_refuses_production_without_a_key(settings):
    from django.core.management.base import SystemCheckError

    settings.PRODUCTION, settings.AUDIT_KEY = True, ""
    with pytest.raises(SystemCheckError, match=r"zhongshu\.E010"):
        call_command("check")


def test_a_bad_hash_name_or_sink_fails_the_checks(settings):
    settings.AUDIT_HASH = "md5"
    settings.AUDIT_CHECKPOINT_SINK = "no.such.module.send"
    assert sorted(e.id for e in audit_checks()) == ["zhongshu.E011", "zhongshu.E012"]


def test_old_plain_rows_verify_as_before_and_are_reported_apart(clerk, capsys):
    """GIVEN three events hashed the old way (no key) WHEN new events are keyed THEN the whole
    chain verifies and the command reports both counts."""
    from zhongshu.audit.chain import GENESIS

    prev = GENESIS
    for seq in (1, 2, 3):
        fields = {"seq": seq, "at": clerk.date_joined, "action": "old", "result": "success"}
        fields.update(actor_name="旧", object_type="", object_id="", object_repr="", extra={})
        fields.update(user_agent="", ip=None, actor_id=None, organ_id=None, acting_for_id=None)
        event = AuditEvent(
            **fields, prev_digest=prev, digest=digest(prev, fields, "sha256"), algorithm="sha256"
        )
        event.save(force_insert=True)
        prev = event.digest
    audit_record(actor=clerk, action="new")

    report = audit_verify()

    assert (report.ok, report.legacy, report.keyed) == (True, 3, 1)
    call_command("audit_verify")
    assert "未加密钥的旧式摘要 3 条，带密钥 1 条" in capsys.readouterr().out


def test_a_checkpoint_is_signed_appended_and_logged(clerk, settings, caplog):
    audit_record(actor=clerk, action="a")
    head = audit_record(actor=clerk, action="b")

    with caplog.at_level(logging.INFO, logger="zhongshu.audit.checkpoint"):
        outcome = audit_checkpoint_write()

    assert outcome.written is True
    lines = Path(settings.AUDIT_CHECKPOINT_FILE).read_text(encoding="utf-8").splitlines()
    data = json.loads(lines[-1])
    assert (data["count"], data["last_seq"], data["last_digest"]) == (2, 2, head.digest)
    point = Checkpoint.from_line(lines[-1])
    expected = hmac.new(audit_key(), point.payload(), "sha256").hexdigest()
    assert point.signature == expected
    assert point.payload().decode().startswith(f"2|2|{head.digest}|")
    assert lines[-1] in caplog.text


def test_an_unchanged_chain_adds_no_line_and_a_moved_one_does(clerk, settings):
    audit_record(actor=clerk, action="a")
    audit_checkpoint_write()
    assert audit_checkpoint_write().written is False
    audit_record(actor=clerk, action="b")
    assert audit_checkpoint_write().written is True
    assert [p.count for p in checkpoints_read().points] == [1, 2]


def test_the_sink_gets_each_new_checkpoint_and_its_failure_is_only_logged(clerk, settings, caplog):
    received.clear()
    settings.AUDIT_CHECKPOINT_SINK = "tests.audit.test_key_and_checkpoints.sink"
    audit_record(actor=clerk, action="a")
    audit_checkpoint_write()
    assert [p.count for p in received] == [1]

    settings.AUDIT_CHECKPOINT_SINK = "tests.audit.test_key_and_checkpoints.broken_sink"
    audit_record(actor=clerk, action="b")
    with caplog.at_level(logging.ERROR):
        assert audit_checkpoint_write().written is True
    assert "sink" in caplog.text
    assert len(checkpoints_read().points) == 2


received: list[Checkpoint] = []


def sink(checkpoint: Checkpoint) -> None:
    received.append(checkpoint)


def broken_sink(checkpoint: Checkpoint) -> None:
    raise ConnectionError("log server down")


def test_a_checkpoint_contradicting_the_last_one_is_refused(clerk, settings, tamper_allowed):
    from django.db import connection

    for action in "abc":
        audit_record(actor=clerk, action=action)
    audit_checkpoint_write()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 3")

    outcome = audit_checkpoint_write()

    assert (outcome.written, outcome.checkpoint) == (False, None)
    assert "少于" in outcome.problem
    assert len(checkpoints_read().points) == 1


def test_the_checkpoint_command_writes_one(clerk, capsys):
    audit_record(actor=clerk, action="a")
    call_command("audit_checkpoint")
    assert "已写入检查点：共 1 条事件" in capsys.readouterr().out
    call_command("audit_checkpoint")
    assert "链未变化" in capsys.readouterr().out


def test_the_beat_schedule_and_the_embedded_scan_write_checkpoints(clerk, monkeypatch):
    from zhongshu.flow import embedded

    assert BEAT_SCHEDULE["audit-checkpoint"]["task"] == "zhongshu.audit.checkpoint"
    audit_record(actor=clerk, action="a")
    monkeypatch.setattr(embedded, "close_old_connections", lambda: None)  # keep the test's

    embedded.run_once()

    assert [p.count for p in checkpoints_read().points] == [1]


def test_an_unreadable_checkpoint_file_is_reported_not_raised(clerk, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path)  # a directory: reading it fails
    audit_record(actor=clerk, action="a")

    report = audit_verify()

    assert report.ok is False
    assert "无法读取" in report.reason
    assert audit_checkpoint_write().written is False
