"""Backups of a SQLite shop (METRICS §10): on demand, daily, and listed for the GUI.

Copies are made by `sqlite_files.copy_sqlite` (the online backup API, one read snapshot).

A restore checks the file first (a SQLite file, intact, a Zhanggui schema not newer than this
program), keeps a copy of the shop it replaces beside the shop's database, and then copies the
backup into the live file through the same API (open connections elsewhere see the new data;
no file is swapped under them).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.i18n import _
from app.models.migrations import HEAD, KNOWN_REVISIONS
from app.services.common.clock import Clock, SystemClock
from app.services.common.errors import SchemaTooNew, ValidationError
from app.services.maintenance.sqlite_files import (
    PRE_MIGRATION_TAG,
    backup_folder,
    copy_into,
    copy_sqlite,
    free_name,
    stamp,
)
from app.services.maintenance.sqlite_files import migrate_with_backup as migrate_with_backup

if TYPE_CHECKING:
    from app.services.accounts.credentials import CredentialStore
    from app.services.accounts.permissions import Actor

SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables every Zhanggui schema has had since the first migration.
CORE_TABLES = ("alembic_version", "accounts", "shop")
AUTO_TAG = "auto"
DAY_SECONDS = 24 * 3600


class NotABackup(ValidationError):
    """The file is not a Zhanggui backup (nothing was changed)."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    revision: str
    size_bytes: int


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    replaced_copy: Path | None  # the shop as it was before the restore (None: there was none)
    revision: str


def sqlite_file(url: str) -> Path:
    """The database file behind a SQLite URL; other databases have no file to back up."""
    from app.services.common.database import normalise_url, redact

    url = normalise_url(url)
    if not url.startswith("sqlite") or "///" not in url:
        raise ValidationError(
            _("备份与恢复只适用于 SQLite 店铺文件；{url} 请用数据库服务器自己的备份工具（如 pg_dump）。").format(
                url=redact(url)
            )
        )
    path = url.split("///", 1)[1].split("?", 1)[0]
    if not path or path == ":memory:":
        raise ValidationError(_("内存数据库没有可备份的文件。"))
    return Path(path)


def create_backup(url: str, out: Path | None = None, *, clock: Clock | None = None,
                  tag: str = "") -> BackupInfo:
    """Back up the shop at `url` to `out` (default: a new file in the shop's backup folder)."""
    db_path = sqlite_file(url)
    if not db_path.is_file():
        raise ValidationError(_("店铺数据库 {path} 不存在，没有可备份的内容。").format(path=db_path))
    clock = clock or SystemClock()
    if out is None:
        middle = f"-{tag}" if tag else ""
        out = free_name(backup_folder(db_path), f"{db_path.stem}{middle}-{stamp(clock)}")
    elif out.is_dir():
        out = free_name(out, f"{db_path.stem}-{stamp(clock)}")
    copy_sqlite(db_path, out)
    return BackupInfo(out, inspect_backup(out), out.stat().st_size)


def inspect_backup(path: Path) -> str:
    """The schema revision of a Zhanggui backup; refuses anything else (NotABackup, SchemaTooNew)."""
    refused = NotABackup(_("{path} 不是掌柜的备份文件，未做任何改动。").format(path=path))
    try:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                raise refused
    except OSError as exc:
        raise NotABackup(_("无法读取 {path}：{error}").format(path=path, error=exc.strerror)) from exc
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not set(CORE_TABLES) <= tables:
                raise refused
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise NotABackup(_("备份文件 {path} 已损坏（完整性检查未通过），未做任何改动。").format(path=path))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise NotABackup(_("{path} 不是掌柜的备份文件（{error}），未做任何改动。").format(path=path, error=exc)) from exc
    revision = str(row[0]) if row else ""
    if revision not in KNOWN_REVISIONS:
        if revision > HEAD:
            raise SchemaTooNew(
                _("备份 {path} 来自更新版本的掌柜（结构版本 {revision}），本版本无法恢复它。请先升级掌柜；未做任何改动。").format(
                    path=path, revision=revision
                )
            )
        raise refused
    return revision


def restore_backup(url: str, backup: Path, *, clock: Clock | None = None) -> RestoreResult:
    """Check `backup`, keep the current shop beside its database, then restore `backup` into it."""
    db_path = sqlite_file(url)
    if not backup.is_file():
        raise NotABackup(_("找不到备份文件 {path}，未做任何改动。").format(path=backup))
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise ValidationError(_("不能用店铺正在使用的数据库文件恢复它自己。"))
    revision = inspect_backup(backup)
    clock = clock or SystemClock()
    kept: Path | None = None
    if db_path.exists():
        kept = free_name(db_path.parent, f"{db_path.stem}.replaced-{stamp(clock)}")
        copy_sqlite(db_path, kept)
    copy_into(backup, db_path)
    return RestoreResult(backup, kept, revision)


def record(url: str, actor: Actor | None, action: str, path: Path,
           credentials: CredentialStore | None = None) -> None:
    """An operation-log entry for a backup or a restore, written into the shop itself through
    `Services`, so the log head kept in the OS keyring follows (after a restore the log is the
    backup's, plus this entry)."""
    from app.services.common import audit
    from app.services.container import Services

    services = Services.open(url, credentials)
    try:
        with services.db.session() as s:
            audit.record(s, actor, action, str(path))
    finally:
        services.close()


# -- automatic backups -------------------------------------------------------------------------
def auto_backups(db_path: Path) -> list[Path]:
    """The daily automatic backups of this shop, oldest first."""
    folder = backup_folder(db_path)
    return sorted(folder.glob(f"{db_path.stem}-{AUTO_TAG}-*.sqlite3")) if folder.is_dir() else []


def daily_backup(url: str, keep: int, *, clock: Clock | None = None) -> BackupInfo | None:
    """Take today's automatic backup when the newest one is a day old (or there is none), and
    delete all but the newest `keep`. None when no backup was due (or the shop has no file)."""
    try:
        db_path = sqlite_file(url)
    except ValidationError:
        return None  # a server database: its server's own backups apply
    if not db_path.is_file():
        return None
    clock = clock or SystemClock()
    existing = auto_backups(db_path)
    newest = _taken_at(existing[-1]) if existing else None
    if newest is not None and (clock.now() - newest).total_seconds() < DAY_SECONDS:
        return None
    info = create_backup(url, clock=clock, tag=AUTO_TAG)
    prune(auto_backups(db_path), keep)
    return info


def _taken_at(path: Path) -> datetime | None:
    """The instant in a backup's name (`…-auto-20261202T070000Z.sqlite3`), by the shop's clock."""
    match = re.search(r"(\d{8}T\d{6}Z)", path.name)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class BackupEntry:
    name: str
    path: str
    kind: str  # "auto" | "pre" (before a migration) | "manual"
    taken_at: str  # UTC, as in the name
    size_kb: int


def list_backups(url: str) -> list[BackupEntry]:
    """The shop's backup folder, newest first."""
    db_path = sqlite_file(url)
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    entries = []
    for path in folder.glob(f"{db_path.stem}-*.sqlite3"):
        rest = path.name[len(db_path.stem) + 1:]
        kind = "auto" if rest.startswith(AUTO_TAG + "-") else "pre" if rest.startswith(PRE_MIGRATION_TAG) else "manual"
        taken = _taken_at(path)
        entries.append(BackupEntry(path.name, str(path), kind,
                                   taken.strftime("%Y-%m-%d %H:%M:%S") if taken else "",
                                   max(1, path.stat().st_size // 1024)))
    return sorted(entries, key=lambda e: e.taken_at, reverse=True)


def require_owner(actor: Actor) -> None:
    """Backups hold every account's data, and a restore replaces the whole shop: main account only."""
    from app.services.common.errors import PermissionDenied

    if not actor.is_main:
        raise PermissionDenied(_("只有主账号可以备份、恢复或更换数据库。"))


def prune(backups: list[Path], keep: int) -> None:
    for old in backups[: max(0, len(backups) - max(1, keep))]:
        with contextlib.suppress(OSError):
            old.unlink()


