"""The digest of an audit event: one place that says which fields are chained, and how.

Two generations of rows share one chain (the ``algorithm`` column of each row says which):

- ``sha256`` / ``sm3``: the plain hash of the previous digest and the event, written before
  the chain was keyed. Anybody who can write the table can recompute it, so a forged tail or
  a rewritten middle could be made to verify. Such rows still verify as they always did.
- ``hmac-sha256`` / ``hmac-sm3``: an HMAC (RFC 2104) over the same bytes, keyed with
  ``ZHONGSHU_AUDIT_KEY``, which lives outside the database. Once the first keyed row is
  written, every later row must be keyed too (``audit_verify`` calls a plain row after a keyed
  one a forgery).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS = "0" * 64
CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "acting_for_id",
    "organ_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "result",
    "ip",
    "user_agent",
    "extra",
)
#: Rows written before the chain was keyed (verified as before).
PLAIN_ALGORITHMS = frozenset({"sha256", "sm3"})
#: Rows written since: HMAC with the audit key.
KEYED_ALGORITHMS = frozenset({"hmac-sha256", "hmac-sm3"})

#: SM3's block size in bytes (GB/T 32905-2016: 512-bit blocks), the B of RFC 2104.
SM3_BLOCK_SIZE = 64


def canonical(fields: dict[str, Any]) -> bytes:
    """Stable bytes of the chained fields (sorted keys, ISO times, no whitespace)."""
    payload = {}
    for name in CHAINED_FIELDS:
        value = fields.get(name)
        if hasattr(value, "isoformat"):
            value = value.isoformat(timespec="microseconds")
        payload[name] = value
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sm3_gmssl(data: bytes) -> bytes:
    """SM3 (GB/T 32905-2016) of ``data``, through gmssl (pure Python: some 15 ms an event)."""
    from gmssl import func
    from gmssl import sm3 as gm  # optional national algorithm

    return bytes.fromhex(gm.sm3_hash(func.bytes_to_list(data)))


def sm3_openssl(data: bytes) -> bytes:
    """SM3 of ``data`` through the system's OpenSSL (``hashlib``), some 1000 times faster."""
    return hashlib.new("sm3", data).digest()


#: OpenSSL's SM3 when the system's OpenSSL has it (Debian's does), else gmssl's; the two give
#: the same bytes (tests/audit/test_key_and_checkpoints.py), so a chain verifies with either.
sm3 = sm3_openssl if "sm3" in hashlib.algorithms_available else sm3_gmssl


def hmac_sm3(key: bytes, data: bytes, hash_function=None) -> bytes:
    """HMAC-SM3: RFC 2104 over SM3, with SM3's 64-byte block (GM/T 0042-2015 appendix D).

    ``H(K ⊕ opad ‖ H(K ⊕ ipad ‖ data))``; a key longer than the block is hashed first, a
    shorter one padded with zeros. ``hash_function`` is SM3 (``sm3`` unless given).
    """
    h = hash_function or sm3
    if len(key) > SM3_BLOCK_SIZE:
        key = h(key)
    key = key.ljust(SM3_BLOCK_SIZE, b"\0")
    inner = h(bytes(b ^ 0x36 for b in key) + data)
    return h(bytes(b ^ 0x5C for b in key) + inner)


def audit_key() -> bytes:
    """The key of the chain and of the checkpoints (``ZHONGSHU_AUDIT_KEY``/``_FILE``).

    In demo mode, without one, a key derived from ``SECRET_KEY`` (a demo has no secrets worth
    the name); production refuses to start without one (check zhongshu.E010), and raises here
    rather than ever keying the chain with something derivable.
    """
    key = getattr(settings, "AUDIT_KEY", "")
    if key:
        return key.encode()
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("ZHONGSHU_AUDIT_KEY 未设置：生产模式下审计链必须有密钥。")
    return hmac.new(settings.SECRET_KEY.encode(), b"zhongshu audit chain", "sha256").digest()


def keyed_algorithm(hash_name: str) -> str:
    """The algorithm new rows are written with for ``ZHONGSHU_AUDIT_HASH`` (sha256 or sm3)."""
    return "hmac-sm3" if hash_name == "sm3" else "hmac-sha256"


def mac(data: bytes, algorithm: str, key: bytes | None = None) -> str:
    """Hex MAC of ``data`` for a keyed ``algorithm`` (checkpoints are signed with it too)."""
    key = audit_key() if key is None else key
    if algorithm == "hmac-sm3":
        return hmac_sm3(key, data).hex()
    if algorithm == "hmac-sha256":
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    raise ValueError(f"not a keyed audit algorithm: {algorithm!r}")


def digest(prev: str, fields: dict[str, Any], algorithm: str = "sha256", key=None) -> str:
    """The digest of one event chained onto ``prev``, for the row's ``algorithm``."""
    data = prev.encode() + canonical(fields)
    if algorithm in KEYED_ALGORITHMS:
        return mac(data, algorithm, key)
    if algorithm == "sm3":
        return sm3(data).hex()
    return hashlib.sha256(data).hexdigest()
