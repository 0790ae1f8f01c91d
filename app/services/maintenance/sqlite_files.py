"""SQLite shop files, copied consistently; and the backup taken before a schema migration.

Kept free of `app.services.common.database` (which calls `migrate_with_backup` while it
opens a database), so the two never import each other.

A copy is taken with SQLite's online backup API from one read snapshot, so it is consistent
while other consoles keep writing (WAL lets them) and holds every row committed before it
began. It is written to a temporary name, switched to journal mode DELETE (one self-contained
file), checked, then renamed: a half-written copy never carries a backup's name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from app.i18n import _
from app.models.migrations import HEAD
from app.services.common.clock import Clock
from app.services.common.errors import DatabaseError

PRE_MIGRATION_TAG = "pre"


class MigratingDatabase(Protocol):
    """What the pre-migration backup needs from `Database`."""

    url: str
    is_sqlite: bool
    clock: Clock
    engine: Any


def file_of(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other databases and in-memory SQLite)."""
    if not url.startswith("sqlite") or "///" not in url:
        return None
    path = url.split("///", 1)[1].split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def backup_folder(db_path: Path) -> Path:
    """The shop's backup folder: `backups/` beside its database file."""
    return db_path.parent / "backups"


def stamp(clock: Clock) -> str:
    return clock.now().strftime("%Y%m%dT%H%M%SZ")


def free_name(folder: Path, stem: str) -> Path:
    path = folder / f"{stem}.sqlite3"
    n = 1
    while path.exists():
        path = folder / f"{stem}-{n}.sqlite3"
        n += 1
    return path


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of `source` (in use or not) as one self-contained file at `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    src = sqlite3.connect(source, timeout=30)  # read-write: a WAL file needs it even to read
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)  # all pages in one step: one read snapshot of the source
            dst.execute("PRAGMA journal_mode=DELETE")
            if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise DatabaseError(_("备份副本校验失败，已丢弃。"))
        finally:
            dst.close()
    except sqlite3.Error as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise DatabaseError(_("无法备份 {path}：{error}").format(path=source, error=exc)) from exc
    finally:
        src.close()
    os.replace(tmp, target)


def copy_into(backup: Path, live: Path) -> None:
    """Put `backup`'s content into the live file, in one write transaction: a console that
    has the shop open sees the old or the new shop, never half of each."""
    live.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    dst = sqlite3.connect(live, timeout=30)
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        raise DatabaseError(_("恢复失败，店铺未被改动：{error}").format(error=exc)) from exc
    finally:
        dst.close()
        src.close()


def migrate_with_backup(db: MigratingDatabase, revision: str | None, upgrade: Callable[[], None]) -> None:
    """Run `upgrade`; a SQLite shop that already has data is backed up first and put back
    from that backup if the upgrade fails (PostgreSQL rolls its DDL back by itself)."""
    safety: Path | None = None
    path = file_of(db.url) if db.is_sqlite else None
    if revision is not None and path is not None and path.is_file():
        safety = free_name(backup_folder(path), f"{path.stem}-{PRE_MIGRATION_TAG}{revision}to{HEAD}-{stamp(db.clock)}")
        copy_sqlite(path, safety)
    try:
        upgrade()
    except Exception as exc:
        if safety is None or path is None:
            raise
        db.engine.dispose()
        copy_into(safety, path)
        raise DatabaseError(
            _("数据库升级失败，已从升级前的备份 {path} 恢复，店铺未被改动：{error}").format(path=safety, error=exc)
        ) from exc


# -- where a shop file may live ---------------------------------------------------------------
# SQLite's locks (and WAL's shared memory) do not work across machines on these file systems:
# two consoles writing one file over them can corrupt it (https://www.sqlite.org/useovernet.html).
NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre", "davfs",
    "fuse.sshfs", "fuse.rclone", "fuse.gvfsd-fuse", "fuse.s3fs", "vboxsf", "prl_fs",
})


def network_file_system(path: Path, mounts: str | None = None) -> str | None:
    """The network file system `path` lies on ("nfs4", "cifs", …), or None for a local disk.
    `mounts` is the text of /proc/mounts (read from the system when not given)."""
    if os.name == "nt":
        return "smb" if str(path).startswith("\\\\") else None
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None  # not Linux: nothing to go by
    target = str(path.resolve())
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, fields[2]
    return kind if kind in NETWORK_FILE_SYSTEMS else None


def refuse_network_share(path: Path) -> None:
    """A SQLite shop on a network share is refused with a clear message, before any lock."""
    kind = network_file_system(path)
    if kind is not None:
        raise DatabaseError(_(
            "数据库文件 {file} 位于网络共享（{fs}）上。SQLite 数据库不能通过网络共享给多台电脑同时使用，"
            "可能损坏数据；掌柜不会打开它。请把数据库放在本机磁盘上；多个座席请共用一个 PostgreSQL 数据库"
            "（菜单 设置 → 数据库…）。").format(file=str(path), fs=kind))
