"""The backup's manifest and the digests it lists.

``manifest.json`` (format ``zhongshu-backup``, version 1)::

    {
      "format": "zhongshu-backup", "version": 1,
      "created_at": "2026-12-06T03:00:00.123456+00:00", "zhongshu": "0.1.0",
      "database": {"engine": "sqlite" | "postgresql", "file": "database.sqlite3",
                   "sha256": "…", "size": 123, "server_version": "…", "tool": "…"},
      "migrations": {"documents": ["0001_initial", …], …},   # applied, as in django_migrations
      "tables": {"documents_outgoingdocument": 12, …},        # rows, read in the dump's snapshot
      "audit": {"events": 40, "last_seq": 40, "last_digest": "…"},
      "files": [{"path": "files/media/documents/issued/1/a.pdf", "sha256": "…", "size": 123,
                 "role": "data" | "audit_checkpoint"}, …]
    }

Every path in the manifest is relative to the backup's root, in POSIX form. A restore reads
nothing that the manifest does not list, and refuses any listed file whose digest differs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

FORMAT = "zhongshu-backup"
VERSION = 1
MANIFEST = "manifest.json"
FILES_DIR = "files"  # the data directory's stored files, under their relative paths
CHECKPOINT_DIR = "audit-checkpoint"  # an audit checkpoint file kept outside the data directory
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese, for the operator."""


def sha256_of(handle: BinaryIO) -> str:
    """The SHA-256 of what is left to read in ``handle``, read in chunks."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return sha256_of(handle)


def copy_hashing(source: Path, target: Path) -> tuple[str, int]:
    """Copy ``source`` to ``target`` and return the SHA-256 and size of the bytes written.

    The digest is of the bytes as copied, so the manifest describes the backup's copy even if
    the original changes while it is read.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as src, target.open("wb") as dst:
        size = _pump(src, dst, digest)
        dst.flush()
        os.fsync(dst.fileno())
    with contextlib.suppress(OSError):  # the times are a courtesy; the content is vouched for
        os.utime(target, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns))
    return digest.hexdigest(), size


def _pump(src: BinaryIO, dst: BinaryIO, digest: Any) -> int:
    size = 0
    for chunk in iter(lambda: src.read(CHUNK), b""):
        digest.update(chunk)
        dst.write(chunk)
        size += len(chunk)
    return size


def safe_relative(path: str) -> PurePosixPath:
    """A manifest path, refused if it could leave the directory it is resolved against."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise BackupError(f"备份清单中的路径不安全：{path!r}")
    return pure


def manifest_write(root: Path, manifest: dict[str, Any]) -> str:
    """Write ``manifest.json`` under ``root``; return its SHA-256 (to be kept apart)."""
    data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
    path = root / MANIFEST
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return hashlib.sha256(data).hexdigest()


def manifest_read(root: Path) -> tuple[dict[str, Any], str]:
    """Read and sanity-check ``manifest.json``; return it and its SHA-256."""
    path = root / MANIFEST
    if not path.is_file():
        raise BackupError(f"{root} 不是中枢备份：缺少 {MANIFEST}。")
    data = path.read_bytes()
    try:
        manifest = json.loads(data)
    except ValueError as exc:
        raise BackupError(f"备份清单 {MANIFEST} 已损坏，无法解析：{exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{root} 不是中枢备份：{MANIFEST} 的 format 不是 {FORMAT}。")
    version = manifest.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise BackupError(
            f"备份格式版本 {version!r} 比本程序支持的（{VERSION}）新：请先升级中枢再恢复。"
        )
    for key in ("database", "migrations", "tables", "audit", "files"):
        if key not in manifest:
            raise BackupError(f"备份清单 {MANIFEST} 不完整：缺少 {key}。")
    return manifest, hashlib.sha256(data).hexdigest()
