"""The digest of an audit event: one place that says which fields are chained, and how."""

from __future__ import annotations

import hashlib
import json
from typing import Any

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


def canonical(fields: dict[str, Any]) -> bytes:
    """Stable bytes of the chained fields (sorted keys, ISO times, no whitespace)."""
    payload = {}
    for name in CHAINED_FIELDS:
        value = fields.get(name)
        if hasattr(value, "isoformat"):
            value = value.isoformat(timespec="microseconds")
        payload[name] = value
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(prev: str, fields: dict[str, Any], algorithm: str = "sha256") -> str:
    data = prev.encode() + canonical(fields)
    if algorithm == "sm3":
        from gmssl import func, sm3  # optional national algorithm

        return sm3.sm3_hash(func.bytes_to_list(data))
    return hashlib.sha256(data).hexdigest()
