"""The database half of a backup: SQLite through its backup API, PostgreSQL through pg_dump.

Both take one consistent snapshot while the server keeps running, and read the manifest's
facts (applied migrations, rows per table, the audit chain's head) *from that snapshot*, so
that a restore can compare what it restored with what was dumped:

- SQLite: ``sqlite3.Connection.backup`` copies the live database (WAL: readers do not block
  the server's writer) into the backup; the facts are read from the copy.
- PostgreSQL: a ``REPEATABLE READ`` transaction exports its snapshot
  (``pg_export_snapshot``), ``pg_dump --snapshot`` dumps exactly that snapshot, and the facts
  are read in the same transaction before it ends.

A restore refuses a database that holds data (unless forced), then replaces it whole.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection, connections

from zhongshu.ops.manifest import BackupError

#: Tables that a freshly migrated database already fills: they do not make it "hold data".
BOOKKEEPING_TABLES = frozenset(
    {"django_migrations", "django_content_type", "auth_permission", "django_site"}
)
AUDIT_TABLE = "audit_auditevent"


@dataclass
class Snapshot:
    """What the manifest says about the dumped database."""

    database: dict[str, Any]
    migrations: dict[str, list[str]]
    tables: dict[str, int]
    audit: dict[str, Any]


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"不支持的数据库：{vendor}（只支持 SQLite 和 PostgreSQL）。")
    return vendor


def _facts(cursor: Any, tables: list[str], quote) -> tuple[dict, dict, dict]:
    """Migrations, rows per table and the audit head, read through ``cursor``."""
    counts = {}
    for name in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")  # noqa: S608 (names from the catalogue)
        counts[name] = cursor.fetchone()[0]
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    audit: dict[str, Any] = {"events": counts.get(AUDIT_TABLE, 0), "last_seq": 0, "last_digest": ""}
    if AUDIT_TABLE in tables:
        cursor.execute(f"SELECT seq, digest FROM {AUDIT_TABLE} ORDER BY seq DESC LIMIT 1")  # noqa: S608
        head = cursor.fetchone()
        if head:
            audit["last_seq"], audit["last_digest"] = head[0], head[1]
    return migrations, counts, audit


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [r[0] for r in rows]


def _sqlite_path() -> Path:
    name = connection.settings_dict["NAME"]
    if not name or str(name).startswith(":memory:") or "mode=memory" in str(name):
        raise BackupError("内存中的 SQLite 数据库不能备份或恢复。")
    return Path(name)


# --- SQLite ---------------------------------------------------------------------------------


def sqlite_dump(target: Path) -> Snapshot:
    """Copy the live database to ``target`` with the backup API and read its facts there."""
    source_path = _sqlite_path()
    if not source_path.is_file():
        raise BackupError(f"SQLite 数据库文件不存在：{source_path}")
    source = sqlite3.connect(source_path, timeout=60)
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1): a consistent copy under one read transaction; in WAL mode the
        # server's writer is not blocked meanwhile.
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        migrations, tables, audit = _facts(copy.cursor(), _sqlite_tables(copy), _sqlite_quote)
    finally:
        copy.close()
        source.close()
    database = {
        "engine": "sqlite",
        "server_version": sqlite3.sqlite_version,
        "tool": f"sqlite3 backup API (SQLite {sqlite3.sqlite_version})",
    }
    return Snapshot(database, migrations, tables, audit)


def _sqlite_has_data(path: Path) -> list[str]:
    if not path.is_file() or path.stat().st_size == 0:
        return []
    conn = sqlite3.connect(path, timeout=60)
    try:
        full = []
        for name in _sqlite_tables(conn):
            if name in BOOKKEEPING_TABLES:
                continue
            if conn.execute(f"SELECT 1 FROM {_sqlite_quote(name)} LIMIT 1").fetchone():  # noqa: S608
                full.append(name)
        return full
    finally:
        conn.close()


def sqlite_restore(source: Path) -> None:
    """Replace the configured SQLite database with the backup's copy (backup API, page by page)."""
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=60)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")  # as the server runs it
    finally:
        dst.close()
        src.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    """libpq's variables for the configured database (no password on a command line)."""
    s = connection.settings_dict
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", s.get("HOST")),
        ("PGPORT", s.get("PORT")),
        ("PGUSER", s.get("USER")),
        ("PGPASSWORD", s.get("PASSWORD")),
        ("PGDATABASE", s.get("NAME")),
        ("PGSSLMODE", (s.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[key] = str(value)
    return env


def _major(version_text: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    if not match:
        raise BackupError(f"无法识别版本号：{version_text!r}")
    return int(match.group(1))


def _tool(name: str) -> tuple[str, str]:
    """The path of a PostgreSQL client program and its ``--version`` line."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"找不到 {name}：请安装与服务器同一主版本的 PostgreSQL 客户端"
            "（Debian：postgresql-client-15）。"
        )
    out = subprocess.run(  # noqa: S603 (a resolved program, no shell)
        [path, "--version"], capture_output=True, text=True, check=True, timeout=30
    )
    return path, out.stdout.strip()


def _raw_pg():
    """A new psycopg connection to the configured database, outside Django's transactions."""
    return connection.get_new_connection(connection.get_connection_params())


def _pg_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return [r[0] for r in cursor.fetchall()]


def pg_dump(target: Path) -> Snapshot:
    """``pg_dump -Fc`` of one exported snapshot, with the facts read in that snapshot."""
    program, tool = _tool("pg_dump")
    raw = _raw_pg()
    try:
        raw.autocommit = False
        cursor = raw.cursor()
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot_id, server_version = cursor.fetchone()
        if _major(tool.rsplit(" ", 1)[-1]) < _major(server_version):
            raise BackupError(
                f"{tool} 比数据库服务器（PostgreSQL {server_version}）旧，不能备份它："
                "请安装同一主版本的客户端。"
            )
        result = subprocess.run(  # noqa: S603 (fixed program, no shell)
            [
                program,
                "--format=custom",
                f"--snapshot={snapshot_id}",
                f"--file={target}",
                "--no-password",
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败（状态 {result.returncode}）：{result.stderr.strip()}")
        migrations, tables, audit = _facts(cursor, _pg_tables(cursor), _pg_quote)
    finally:
        raw.rollback()
        raw.close()
    database = {"engine": "postgresql", "server_version": server_version, "tool": tool}
    return Snapshot(database, migrations, tables, audit)


def _pg_exists() -> bool:
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _pg_create() -> None:
    name = connection.settings_dict["NAME"]
    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {_pg_quote(name)}")
    except DatabaseError as exc:
        raise BackupError(
            f"数据库 {name} 不存在，也无法创建（{exc}）：请先用 createdb 建好空库再恢复。"
        ) from None


def _pg_has_data() -> list[str]:
    if not _pg_exists():
        return []
    raw = _raw_pg()
    try:
        cursor = raw.cursor()
        full = []
        for name in _pg_tables(cursor):
            if name in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {_pg_quote(name)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                full.append(name)
        return full
    finally:
        raw.rollback()
        raw.close()


def _pg_drop_everything() -> None:
    """Drop the views, tables, sequences and functions of the schema (what pg_restore recreates).

    Object by object rather than ``DROP SCHEMA``: the application's role need not own the
    schema. Functions belonging to an extension are left to it.
    """
    raw = _raw_pg()
    try:
        raw.autocommit = False
        cursor = raw.cursor()
        cursor.execute(
            """
            SELECT format('DROP VIEW IF EXISTS %I.%I CASCADE', schemaname, viewname)
              FROM pg_views WHERE schemaname = current_schema()
            UNION ALL
            SELECT format('DROP TABLE IF EXISTS %I.%I CASCADE', schemaname, tablename)
              FROM pg_tables WHERE schemaname = current_schema()
            """
        )
        statements = [r[0] for r in cursor.fetchall()]
        for statement in statements:
            cursor.execute(statement)
        cursor.execute(
            """
            SELECT format('DROP SEQUENCE IF EXISTS %I.%I CASCADE', schemaname, sequencename)
              FROM pg_sequences WHERE schemaname = current_schema()
            UNION ALL
            SELECT format('DROP FUNCTION IF EXISTS %s CASCADE', p.oid::regprocedure)
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = current_schema() AND p.prokind = 'f'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            """
        )
        for (statement,) in cursor.fetchall():
            cursor.execute(statement)
        raw.commit()
    finally:
        raw.close()


def pg_restore(source: Path, database: dict[str, Any]) -> None:
    """Empty the configured database (creating it if missing) and ``pg_restore`` the archive.

    ``--single-transaction --exit-on-error``: a restore that fails midway leaves nothing half
    restored. ``--no-owner --no-privileges``: the objects belong to the role restoring them,
    whatever role owned them where the backup was taken.
    """
    program, tool = _tool("pg_restore")
    dumped_by = database.get("tool", "")
    if dumped_by and _major(tool.rsplit(" ", 1)[-1]) < _major(dumped_by.rsplit(" ", 1)[-1]):
        raise BackupError(f"备份由 {dumped_by} 写成，{tool} 读不了它：请安装同一主版本的客户端。")
    connections.close_all()
    if not _pg_exists():
        _pg_create()
    _pg_drop_everything()
    result = subprocess.run(  # noqa: S603 (fixed program, no shell)
        [
            program,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        env=_pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            f"pg_restore 失败（状态 {result.returncode}），数据库未改动：{result.stderr.strip()}"
        )


# --- Both -----------------------------------------------------------------------------------


def dump(target_dir: Path) -> tuple[str, Snapshot]:
    """Dump the configured database into ``target_dir``; return the file's name and the facts."""
    if engine() == "sqlite":
        name = "database.sqlite3"
        return name, sqlite_dump(target_dir / name)
    name = "database.pgdump"
    return name, pg_dump(target_dir / name)


def restore(source: Path, database: dict[str, Any]) -> None:
    if engine() == "sqlite":
        sqlite_restore(source)
    else:
        pg_restore(source, database)


def tables_with_data() -> list[str]:
    """The configured database's tables that hold rows (bookkeeping tables aside)."""
    if engine() == "sqlite":
        return _sqlite_has_data(_sqlite_path())
    return _pg_has_data()


def table_counts() -> dict[str, int]:
    """Rows per table of the configured database, now (after a restore)."""
    with connection.cursor() as cursor:
        if engine() == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            tables = [r[0] for r in cursor.fetchall()]
            quote = _sqlite_quote
        else:
            tables = _pg_tables(cursor)
            quote = _pg_quote
        _migrations, counts, _audit = _facts(cursor, tables, quote)
    return counts
