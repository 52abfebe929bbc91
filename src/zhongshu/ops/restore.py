"""``zhongshu restore``: check a backup, put it back, and prove the result whole.

1. Check the backup against its manifest (``backup_verify``): any digest that differs, any
   file missing or unlisted, and nothing is touched.
2. Check it fits: same database engine; no migration this code does not know (a backup of a
   newer 中枢 needs that version first).
3. Refuse a database that holds data, or a data directory holding stored files, unless
   ``force``: a restore replaces them.
4. Restore the stored files (each written to a temporary name, then renamed), the audit
   checkpoint, then the database.
5. Compare the rows per table with the manifest's, apply the migrations this code has beyond
   the backup's, walk the audit chain (``audit.services.audit_verify``) and compare its head
   with the manifest's, and check every stored file against its recorded digest.

Step 5's findings are returned, not raised: the data is restored either way, and the operator
must know whether it is whole (the command exits 1 when it is not).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from zhongshu.audit.checkpoints import checkpoint_path
from zhongshu.ops import engines
from zhongshu.ops.backup import backup_open, backup_verify, data_files, database_files
from zhongshu.ops.manifest import FILES_DIR, BackupError, copy_hashing, safe_relative
from zhongshu.ops.stored_files import StoredFilesReport, stored_files_check


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    files: int = 0
    migrated: list[str] = field(default_factory=list)
    audit_ok: bool = False
    audit_checked: int = 0
    audit_problem: str = ""
    stored: StoredFilesReport | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    known = set(loader.disk_migrations) | {
        key for m in loader.disk_migrations.values() for key in (m.replaces or [])
    }
    return sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )


def _check_fits(manifest: dict[str, Any]) -> None:
    have = engines.engine()
    dumped = manifest["database"].get("engine")
    if dumped != have:
        raise BackupError(
            f"备份的数据库是 {dumped}，当前配置的是 {have}：不能跨数据库恢复"
            "（请按备份时的配置设置 DATABASE_URL）。"
        )
    unknown = _unknown_migrations(manifest)
    if unknown:
        raise BackupError(
            "备份来自更新版本的中枢，本程序不认识其中的迁移："
            + "、".join(unknown[:10])
            + "。请先升级中枢再恢复。"
        )


def _check_empty(data_dir: Path, *, force: bool) -> None:
    if force:
        return
    full = engines.tables_with_data()
    if full:
        raise BackupError(
            f"目标数据库 {settings.DATABASES['default']['NAME']} 已有数据（"
            + "、".join(full[:5])
            + ("等" if len(full) > 5 else "")
            + "），恢复会覆盖它们。确认要覆盖时加 --force。"
        )
    if data_dir.is_dir():
        skipped: list[str] = []
        exclude = database_files() | {checkpoint_path().resolve()}
        existing = next(iter(data_files(data_dir, exclude, skipped)), None)
        if existing is not None:
            raise BackupError(
                f"数据目录 {data_dir} 已有存储文件（如 {existing.relative_to(data_dir)}），"
                "恢复会覆盖同名文件。确认要覆盖时加 --force。"
            )


def _put(source: Path, target: Path) -> None:
    """Write ``target`` from ``source`` under a temporary name, then rename it into place."""
    partial = target.with_name(target.name + ".partial")
    copy_hashing(source, partial)
    os.replace(partial, target)


def _restore_files(root: Path, manifest: dict[str, Any], data_dir: Path) -> int:
    count = 0
    for entry in manifest["files"]:
        relative = safe_relative(entry["path"])
        if entry.get("role") == "audit_checkpoint":
            target = checkpoint_path()
        elif relative.parts[0] == FILES_DIR:
            target = data_dir.joinpath(*relative.parts[1:])
        else:
            raise BackupError(f"备份清单中的文件位置无法识别：{entry['path']}")
        target.parent.mkdir(parents=True, exist_ok=True)
        _put(root / relative, target)
        count += 1
    return count


def backup_restore(
    *, source: Path, force: bool = False, manifest_sha256: str = ""
) -> RestoreReport:
    """Restore ``source`` into the configured database and data directory (see module docstring)."""
    data_dir = Path(settings.DATA_DIR).absolute()
    with backup_open(Path(source)) as root:
        manifest = backup_verify(root, manifest_sha256=manifest_sha256)
        _check_fits(manifest)
        _check_empty(data_dir, force=force)
        report = RestoreReport(manifest=manifest)
        report.files = _restore_files(root, manifest, data_dir)
        engines.restore(root / manifest["database"]["file"], manifest["database"])
    connections.close_all()
    _verify_restored(report)
    return report


def _verify_restored(report: RestoreReport) -> None:
    manifest = report.manifest
    counts = engines.table_counts()
    for table, expected in sorted(manifest["tables"].items()):
        actual = counts.get(table)
        if actual != expected:
            report.problems.append(f"表 {table} 应有 {expected} 行，恢复后为 {actual}")

    loader = MigrationLoader(connections["default"], ignore_no_migrations=True)
    pending = sorted(
        f"{app}.{name}"
        for app, name in loader.graph.nodes
        if (app, name) not in loader.applied_migrations
    )
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
        report.migrated = pending

    from zhongshu.audit.models import AuditEvent
    from zhongshu.audit.services import audit_verify

    chain = audit_verify()
    report.audit_ok, report.audit_checked = chain.ok, chain.checked
    if not chain.ok:
        report.audit_problem = chain.problem
        report.problems.append(f"审计链断裂：{report.audit_problem}")
    expected = manifest["audit"]
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "digest").first() or (0, "")
    if expected.get("last_seq") and tuple(head) != (expected["last_seq"], expected["last_digest"]):
        report.problems.append(
            f"审计链末端与备份时不同：应为第 {expected['last_seq']} 条，恢复后为第 {head[0]} 条"
        )

    report.stored = stored_files_check()
    for problem in report.stored.problems[:50]:
        report.problems.append(f"存储文件：{problem}")
    if len(report.stored.problems) > 50:
        report.problems.append(f"存储文件：另有 {len(report.stored.problems) - 50} 处问题")
