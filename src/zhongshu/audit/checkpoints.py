"""Signed checkpoints of the audit chain, kept outside the audit table.

A checkpoint says "at time T the chain held N events, the last one #S with digest D", signed
with the audit key: ``HMAC(key, "count|last_seq|last_digest|time")``. Each is appended as one
JSON line to ``ZHONGSHU_AUDIT_CHECKPOINT_FILE`` (default ``DATA_DIR/audit-checkpoints.log``),
written to the log (logger ``zhongshu.audit.checkpoint``) and handed to the optional sink
``ZHONGSHU_AUDIT_CHECKPOINT_SINK`` (a dotted path to a callable taking the ``Checkpoint``),
which should carry it off the machine.

The chain alone cannot show that its last rows were deleted, or that the whole table was
emptied, or rewritten by someone holding the key: ``audit_verify`` compares the table with
every checkpoint in the file, and names what no longer fits.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from zhongshu.audit.chain import KEYED_ALGORITHMS, keyed_algorithm, mac
from zhongshu.audit.models import AuditEvent

logger = logging.getLogger("zhongshu.audit.checkpoint")

VERSION = 1


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at one moment, signed (``signature`` over ``payload()``)."""

    count: int
    last_seq: int
    last_digest: str
    at: datetime
    algorithm: str
    signature: str = ""

    def payload(self) -> bytes:
        """The signed bytes: ``count|last_seq|last_digest|time`` (time in UTC, ISO 8601)."""
        at = self.at.astimezone(UTC).isoformat(timespec="microseconds")
        return f"{self.count}|{self.last_seq}|{self.last_digest}|{at}".encode()

    def signed(self) -> Checkpoint:
        return Checkpoint(
            self.count,
            self.last_seq,
            self.last_digest,
            self.at,
            self.algorithm,
            mac(self.payload(), self.algorithm),
        )

    def signature_ok(self) -> bool:
        import hmac

        if self.algorithm not in KEYED_ALGORITHMS:
            return False
        return hmac.compare_digest(mac(self.payload(), self.algorithm), self.signature)

    def line(self) -> str:
        """The JSON line of the file (and of the log)."""
        return json.dumps(
            {
                "v": VERSION,
                "count": self.count,
                "last_seq": self.last_seq,
                "last_digest": self.last_digest,
                "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
                "algorithm": self.algorithm,
                "signature": self.signature,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_line(cls, text: str) -> Checkpoint:
        data = json.loads(text)
        return cls(
            count=int(data["count"]),
            last_seq=int(data["last_seq"]),
            last_digest=str(data["last_digest"]),
            at=datetime.fromisoformat(data["at"]),
            algorithm=str(data["algorithm"]),
            signature=str(data["signature"]),
        )

    @property
    def local_time(self) -> str:
        return timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class CheckpointFile:
    """The checkpoints of the file whose signatures hold, and what was wrong with the rest."""

    path: Path
    points: list[Checkpoint] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def latest(self) -> Checkpoint | None:
        return max(self.points, key=lambda c: (c.last_seq, c.at)) if self.points else None


def checkpoint_path() -> Path:
    """The checkpoint file (``ZHONGSHU_AUDIT_CHECKPOINT_FILE``); a relative path is taken under
    the data directory. Backup and restore (``zhongshu.ops``) copy this same file."""
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    return path if path.is_absolute() else Path(settings.DATA_DIR) / path


def checkpoints_read(path: Path | None = None) -> CheckpointFile:
    """Every checkpoint of the file, each signature checked; no file means none yet."""
    path = path or checkpoint_path()
    result = CheckpointFile(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return result
    except OSError as exc:
        result.problems.append(
            _("检查点文件 %(path)s 无法读取：%(error)s") % {"path": path, "error": exc.strerror}
        )
        return result
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            point = Checkpoint.from_line(raw)
        except (ValueError, KeyError, TypeError):
            result.problems.append(
                _("检查点文件第 %(line)s 行无法解析（文件被改动）。") % {"line": number}
            )
            continue
        if not point.signature_ok():
            result.problems.append(
                _("检查点文件第 %(line)s 行签名不符（检查点被伪造或改动，或审计密钥已更换）。")
                % {"line": number}
            )
            continue
        result.points.append(point)
    return result


def _latest_line(path: Path) -> Checkpoint | None:
    """The last checkpoint of the file, read from its end (the file only grows)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 4096))
            lines = handle.read().decode("utf-8", "replace").splitlines()
    except OSError:  # none yet; or unreadable, and the append below says why
        return None
    for raw in reversed(lines):
        try:
            point = Checkpoint.from_line(raw)
        except (ValueError, KeyError, TypeError):
            continue
        return point if point.signature_ok() else None
    return None


def checkpoint_of_head() -> Checkpoint:
    """A signed checkpoint of the chain's committed head, now."""
    head = AuditEvent.objects.order_by("-seq").values("seq", "digest").first()
    last_seq, last_digest = (head["seq"], head["digest"]) if head else (0, "")
    # Counted up to the head read above: a row committed in between is not counted.
    count = AuditEvent.objects.filter(seq__lte=last_seq).count() if head else 0
    return Checkpoint(
        count=count,
        last_seq=last_seq,
        last_digest=last_digest,
        at=timezone.now(),
        algorithm=keyed_algorithm(settings.AUDIT_HASH),
    ).signed()


@dataclass(frozen=True)
class CheckpointOutcome:
    checkpoint: Checkpoint | None
    written: bool
    problem: str = ""


def audit_checkpoint_write(*, force: bool = False) -> CheckpointOutcome:
    """Append a signed checkpoint of the head to the file, the log and the sink.

    1. Sign the committed head (``checkpoint_of_head``).
    2. Unless ``force``, write nothing when the head is the file's last checkpoint (a quiet
       night adds no lines).
    3. Refuse to sign a head that contradicts the last checkpoint (fewer events, or another
       digest at its last event): that is tampering to report, not a state to bless. It is
       logged as an error; ``audit-verify`` says what happened.
    4. Append (fsync) and log; then the sink, whose failure is logged and does not undo 4.
    """
    point = checkpoint_of_head()
    path = checkpoint_path()
    latest = _latest_line(path)
    unchanged = latest is not None and (latest.last_digest, latest.count) == (
        point.last_digest,
        point.count,
    )
    if unchanged and not force:
        return CheckpointOutcome(latest, written=False)
    if latest is not None:
        problem = _contradiction(latest, point)
        if problem:
            logger.error("audit checkpoint refused: %s", problem)
            return CheckpointOutcome(None, written=False, problem=problem)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(point.line() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        logger.exception("audit checkpoint could not be written to %s", path)
        return CheckpointOutcome(point, written=False, problem=str(exc))
    logger.info("audit checkpoint %s", point.line())
    sink_path = getattr(settings, "AUDIT_CHECKPOINT_SINK", "")
    if sink_path:
        try:
            import_string(sink_path)(point)
        except Exception:  # an external system down must not stop the checkpoints
            logger.exception("audit checkpoint sink %s failed", sink_path)
    return CheckpointOutcome(point, written=True)


def _contradiction(latest: Checkpoint, point: Checkpoint) -> str:
    if point.last_seq < latest.last_seq or point.count < latest.count:
        return _("审计表只有 %(count)s 条事件，少于 %(at)s 的检查点记录的 %(recorded)s 条。") % {
            "count": point.count,
            "at": latest.local_time,
            "recorded": latest.count,
        }
    row = AuditEvent.objects.filter(seq=latest.last_seq).values_list("digest", flat=True).first()
    if row != latest.last_digest:
        return _("第 %(seq)s 条事件的摘要与 %(at)s 的检查点不符。") % {
            "seq": latest.last_seq,
            "at": latest.local_time,
        }
    return ""
