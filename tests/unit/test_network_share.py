"""A SQLite shop on a network share is refused (docs/concurrency.md): SQLite's locks do not
hold across machines there, and two consoles writing one file could corrupt it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.common.database import Database
from app.services.common.errors import DatabaseError
from app.services.maintenance import sqlite_files
from app.services.maintenance.sqlite_files import network_file_system

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
nas:/export/shop /mnt/shop nfs4 rw,relatime 0 0
//server/share /media/team\\040drive cifs rw 0 0
/dev/sdb1 /mnt/shop/local ext4 rw 0 0
"""


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/owner/zhanggui.sqlite3", None),
    ("/mnt/shop/zhanggui.sqlite3", "nfs4"),
    ("/mnt/shop/local/zhanggui.sqlite3", None),  # a local disk mounted inside the share
    ("/media/team drive/shop.sqlite3", "cifs"),
    ("/mnt/shopping/zhanggui.sqlite3", None),  # a name that only starts like the mount point
])
def test_the_file_system_under_a_path(path: str, kind: str | None) -> None:
    assert network_file_system(Path(path), MOUNTS) == kind


def test_a_shop_on_a_network_share_is_refused_with_a_clear_message(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sqlite_files, "network_file_system", lambda path, mounts=None: "cifs")
    with pytest.raises(DatabaseError) as refused:
        Database(f"sqlite:///{tmp_path / 'shop.sqlite3'}")
    assert "网络共享（cifs）" in refused.value.message and "PostgreSQL" in refused.value.message
    assert not (tmp_path / "shop.sqlite3").exists()  # nothing was created on the share
