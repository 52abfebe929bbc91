"""``zhongshu backup``: the database, the data directory's stored files and a manifest of hashes.

Order matters, because the server keeps running while a backup is taken:

1. The audit checkpoint file first. It vouches for a head of the chain; copied before the
   database is dumped, it never names an event the dump does not hold.
2. The database, in one consistent snapshot (``engines.dump``).
3. The data directory's other files after the dump: a file is written before the row naming it
   commits (``IssuedFile``), so every file the dump refers to is already on disk. Files added
   later are harmless extras.

The backup is built under a ``.partial`` name next to the destination and renamed at the end:
a backup interrupted midway never looks complete. A destination ending in ``.tar`` (or
``.tar.gz``/``.tgz``) gets one archive, anything else a directory.
"""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from django.conf import settings

from zhongshu.audit.checkpoints import checkpoint_path
from zhongshu.ops import engines
from zhongshu.ops.manifest import (
    CHECKPOINT_DIR,
    FILES_DIR,
    FORMAT,
    MANIFEST,
    VERSION,
    BackupError,
    copy_hashing,
    manifest_read,
    manifest_write,
    safe_relative,
    sha256_file,
)

TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz")
#: Top-level entries of the data directory that are not data: collected static files (made
#: again by ``collectstatic``) and backups someone kept there.
SKIPPED_TOP_LEVEL = frozenset({"static", "backups"})


@dataclass
class BackupReport:
    path: Path
    manifest_sha256: str
    engine: str
    files: int
    bytes: int
    tables: dict[str, int]
    audit: dict[str, Any]
    skipped: list[str] = field(default_factory=list)  # entries of the data dir left out, and why


def _is_tar(path: Path) -> bool:
    return path.name.endswith(TAR_SUFFIXES)


def database_files() -> set[Path]:
    """The SQLite database and its companions, which the backup API copies instead."""
    if engines.engine() != "sqlite":
        return set()
    name = Path(settings.DATABASES["default"]["NAME"]).resolve()
    return {name.with_name(name.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")}


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def data_files(data_dir: Path, exclude: set[Path], skipped: list[str]) -> Iterator[Path]:
    """Regular files of the data directory, sorted, minus the database, static files, backups."""
    for dirpath, dirnames, filenames in os.walk(data_dir):
        here = Path(dirpath)
        kept = []
        for d in sorted(dirnames):
            full = here / d
            if (here == data_dir and d in SKIPPED_TOP_LEVEL) or full.resolve() in exclude:
                skipped.append(f"{full.relative_to(data_dir)}/")
            elif full.is_symlink():
                skipped.append(f"{full.relative_to(data_dir)}（符号链接，未跟随）")
            else:
                kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            full = here / name
            if full.resolve() in exclude or name.endswith(".partial"):
                continue
            if full.is_symlink() or not full.is_file():
                skipped.append(f"{full.relative_to(data_dir)}（不是普通文件）")
                continue
            yield full


def _zhongshu_version() -> str:
    try:
        return package_version("zhongshu")
    except PackageNotFoundError:
        return "unknown"


def backup_create(*, destination: Path) -> BackupReport:
    """Write a backup of the configured database and data directory to ``destination``.

    See the module docstring for the order of the steps and why.
    """
    destination = Path(destination).absolute()
    if destination.exists():
        raise BackupError(f"目标已存在，不会覆盖：{destination}")
    data_dir = Path(settings.DATA_DIR).absolute()
    media_root = Path(settings.MEDIA_ROOT)
    if not _inside(media_root, data_dir):
        raise BackupError(f"MEDIA_ROOT（{media_root}）不在数据目录 {data_dir} 之下，无法备份。")
    destination.parent.mkdir(parents=True, exist_ok=True)
    work = Path(
        tempfile.mkdtemp(prefix=destination.name + ".", suffix=".partial", dir=destination.parent)
    )
    try:
        report = _build(work, data_dir=data_dir, destination=destination)
        if _is_tar(destination):
            partial = destination.with_name(destination.name + ".partial")
            mode = "w:gz" if destination.name.endswith((".gz", ".tgz")) else "w"
            with tarfile.open(partial, mode) as tar:
                tar.add(work / MANIFEST, arcname=MANIFEST)  # first: a reader finds it at once
                for entry in sorted(work.iterdir()):
                    if entry.name != MANIFEST:
                        tar.add(entry, arcname=entry.name)
            with partial.open("rb") as handle:
                os.fsync(handle.fileno())
            partial.rename(destination)
        else:
            work.rename(destination)
    finally:
        if work.exists():
            shutil.rmtree(work)
    report.path = destination
    return report


def _build(work: Path, *, data_dir: Path, destination: Path) -> BackupReport:
    files: list[dict[str, Any]] = []
    total = 0
    skipped: list[str] = []
    exclude = database_files() | {destination.resolve(), work.resolve()}

    # 1. The audit checkpoint, before the dump (see the module docstring).
    checkpoint = checkpoint_path()
    if checkpoint.is_file():
        if _inside(checkpoint, data_dir):
            relative = (
                f"{FILES_DIR}/{checkpoint.resolve().relative_to(data_dir.resolve()).as_posix()}"
            )
        else:
            relative = f"{CHECKPOINT_DIR}/{checkpoint.name}"
        digest, size = copy_hashing(checkpoint, work / relative)
        files.append({"path": relative, "sha256": digest, "size": size, "role": "audit_checkpoint"})
        total += size
        exclude.add(checkpoint.resolve())

    # 2. The database.
    db_file, snapshot = engines.dump(work)
    snapshot.database.update(
        {
            "file": db_file,
            "sha256": sha256_file(work / db_file),
            "size": (work / db_file).stat().st_size,
        }
    )

    # 3. The stored files.
    for path in data_files(data_dir, exclude, skipped):
        relative = f"{FILES_DIR}/{path.relative_to(data_dir).as_posix()}"
        try:
            digest, size = copy_hashing(path, work / relative)
        except FileNotFoundError:
            continue  # removed while walking (a failed 用印 cleaning up): not referenced
        files.append({"path": relative, "sha256": digest, "size": size, "role": "data"})
        total += size

    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "zhongshu": _zhongshu_version(),
        "data_dir": str(data_dir),
        "database": snapshot.database,
        "migrations": snapshot.migrations,
        "tables": snapshot.tables,
        "audit": snapshot.audit,
        "files": files,
    }
    manifest_sha256 = manifest_write(work, manifest)
    return BackupReport(
        path=work,
        manifest_sha256=manifest_sha256,
        engine=snapshot.database["engine"],
        files=len(files),
        bytes=total + snapshot.database["size"],
        tables=snapshot.tables,
        audit=snapshot.audit,
        skipped=skipped,
    )


# --- Reading a backup -----------------------------------------------------------------------


@contextmanager
def backup_open(source: Path) -> Iterator[Path]:
    """The backup's root directory: ``source`` itself, or a ``.tar`` extracted to a temporary one."""
    source = Path(source)
    if source.is_dir():
        yield source
        return
    if not source.is_file():
        raise BackupError(f"找不到备份：{source}")
    with tempfile.TemporaryDirectory(prefix="zhongshu-restore-") as tmp:
        try:
            with tarfile.open(source) as tar:
                # filter="data": no absolute paths, no "..", no links out, no devices.
                tar.extractall(tmp, filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"备份归档 {source} 已损坏，无法读取：{exc}") from None
        yield Path(tmp)


def backup_verify(root: Path, *, manifest_sha256: str = "") -> dict[str, Any]:
    """Check every file of the backup against the manifest; return the manifest.

    Raises ``BackupError`` naming each problem: a digest or size that differs, a listed file
    missing, a file the manifest does not list.
    """
    manifest, actual_manifest_sha256 = manifest_read(root)
    problems: list[str] = []
    if manifest_sha256 and manifest_sha256.lower() != actual_manifest_sha256:
        problems.append(
            f"{MANIFEST} 的 SHA-256 与给定的不符（给定 {manifest_sha256}，实际 {actual_manifest_sha256}）"
        )
    database = manifest["database"]
    entries = [
        {
            "path": database.get("file", ""),
            "sha256": database.get("sha256"),
            "size": database.get("size"),
        },
        *manifest["files"],
    ]
    listed = {MANIFEST}
    for entry in entries:
        relative = safe_relative(str(entry.get("path", "")))
        listed.add(relative.as_posix())
        path = root / relative
        if not path.is_file():
            problems.append(f"缺少文件 {relative}")
            continue
        actual = sha256_file(path)
        if actual != entry.get("sha256"):
            problems.append(
                f"{relative} 的 SHA-256 与清单不符（清单 {entry.get('sha256')}，实际 {actual}）"
            )
        elif path.stat().st_size != entry.get("size"):
            problems.append(f"{relative} 的大小与清单不符")
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.relative_to(root).as_posix() not in listed:
            problems.append(f"清单外的文件 {path.relative_to(root).as_posix()}")
    if problems:
        shown = problems[:20]
        more = f"\n  ……另有 {len(problems) - 20} 处" if len(problems) > 20 else ""
        raise BackupError("备份已损坏或被篡改，拒绝恢复：\n  " + "\n  ".join(shown) + more)
    return manifest
