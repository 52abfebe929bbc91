"""The ``zhongshu backup`` and ``zhongshu restore`` commands (argument parsing and printing only).

Exit status: 0 done and verified; 1 refused (nothing changed) or restored but not whole (the
findings are printed); 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from django.db import DatabaseError

from zhongshu.ops.manifest import BackupError


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def backup_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="zhongshu backup",
        description="备份数据库（PostgreSQL 用 pg_dump -Fc，SQLite 用其在线备份接口）和数据目录中的"
        "存储文件，附带记录各文件 SHA-256 的清单 manifest.json。服务运行时也可执行。",
    )
    parser.add_argument(
        "destination",
        type=Path,
        help="备份写到这里：以 .tar/.tar.gz/.tgz 结尾时写成一个归档，否则写成一个目录；不得已存在。",
    )
    args = parser.parse_args(argv)

    from zhongshu.ops.backup import backup_create

    started = time.monotonic()
    try:
        report = backup_create(destination=args.destination)
    except BackupError as exc:
        print(f"备份失败：{exc}", file=sys.stderr)
        return 1
    except (DatabaseError, OSError) as exc:
        print(f"备份失败：{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    rows = sum(report.tables.values())
    print(f"备份完成：{report.path}")
    print(f"  数据库：{report.engine}，{len(report.tables)} 张表，{rows} 行")
    print(f"  审计链：{report.audit['events']} 条事件，末条第 {report.audit['last_seq']} 条")
    print(
        f"  存储文件：{report.files} 个；合计 {_size(report.bytes)}；用时 {time.monotonic() - started:.1f} 秒"
    )
    for entry in report.skipped:
        print(f"  未备份：{entry}")
    print(f"  清单 SHA-256：{report.manifest_sha256}")
    print("  （请把清单 SHA-256 另行记录；恢复时可用 --manifest-sha256 核对。）")
    return 0


def restore_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="zhongshu restore",
        description="从 zhongshu backup 写成的备份恢复数据库和存储文件：先按清单核对每个文件的 "
        "SHA-256（不符即拒绝），恢复后校验审计链和每个存储文件的摘要。恢复前请停止 Web、worker 和 beat。",
    )
    parser.add_argument("source", type=Path, help="备份目录或 .tar 归档")
    parser.add_argument(
        "--force",
        action="store_true",
        help="目标数据库已有数据或数据目录已有存储文件时仍然恢复（覆盖它们）。",
    )
    parser.add_argument(
        "--manifest-sha256",
        default="",
        help="备份时打印的清单 SHA-256；给出时先核对清单本身。",
    )
    parser.add_argument(
        "--check-only",
        action="store_true",
        help="只按清单核对备份是否完好，不恢复。",
    )
    args = parser.parse_args(argv)

    from zhongshu.ops.backup import backup_open, backup_verify
    from zhongshu.ops.restore import backup_restore

    started = time.monotonic()
    try:
        if args.check_only:
            with backup_open(args.source) as root:
                manifest = backup_verify(root, manifest_sha256=args.manifest_sha256)
            print(
                f"备份完好：{args.source}（{manifest['created_at']}，{manifest['database']['engine']}，"
                f"{len(manifest['files'])} 个存储文件）"
            )
            return 0
        report = backup_restore(
            source=args.source, force=args.force, manifest_sha256=args.manifest_sha256
        )
    except BackupError as exc:
        print(f"恢复被拒绝：{exc}", file=sys.stderr)
        return 1
    except (DatabaseError, OSError) as exc:
        print(f"恢复失败：{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    manifest = report.manifest
    print(f"已恢复：{args.source}（备份于 {manifest['created_at']}）")
    print(f"  数据库：{manifest['database']['engine']}，{sum(manifest['tables'].values())} 行")
    print(f"  存储文件：{report.files} 个")
    if report.migrated:
        print(f"  已应用本版本新增的迁移：{'、'.join(report.migrated)}")
    if report.audit_ok:
        print(f"  审计链完整：共 {report.audit_checked} 条事件。OK")
    stored = report.stored
    if stored is not None and stored.ok:
        print(
            f"  存储文件核对：数据库登记的 {stored.checked} 个文件都在，"
            f"{stored.with_digest} 个与登记的 SHA-256 一致。OK"
        )
    print(f"  用时 {time.monotonic() - started:.1f} 秒")
    if not report.ok:
        print("恢复完成，但校验未通过：", file=sys.stderr)
        for problem in report.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return 0
