"""Backups of a SQLite shop (METRICS §10): consistent while the shop is written, checked before
a restore replaces anything, kept N at a time, and the safety net around migrations."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models.conversations import Conversation
from app.models.routing import RoutingDecision
from app.services.common.clock import ManualClock
from app.services.common.errors import DatabaseError, SchemaTooNew, ValidationError
from app.services.container import Services
from app.services.maintenance import backup as bk
from tests.conftest import OWNER_PASSWORD, OWNER_PHONE, SHOP_NAME

pytestmark = pytest.mark.db


@pytest.fixture
def shop_file(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'shop' / 'zhanggui.sqlite3'}"
    services = Services.open(url)
    services.shop.create(SHOP_NAME, OWNER_PHONE, OWNER_PASSWORD)
    services.close()
    return url


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _conversation_ids(url: str) -> set[int]:
    services = Services.open(url)
    try:
        with services.db.session() as s:
            return set(s.scalars(select(Conversation.id)))
    finally:
        services.close()


def test_backup_while_writes_continue_holds_every_row_committed_before_it(shop_file: str, tmp_path: Path) -> None:
    committed: list[int] = []
    stop = threading.Event()
    started = threading.Event()

    def writer() -> None:
        services = Services.open(shop_file)
        owner = services.auth.owner_actor()
        try:
            n = 0
            while not stop.is_set() and n < 400:
                result = services.routing.route(owner, f"买家{n}", "在吗")
                committed.append(result.conversation_id)  # after the commit
                n += 1
                if n == 20:
                    started.set()
        finally:
            services.close()

    thread = threading.Thread(target=writer)
    thread.start()
    assert started.wait(60)
    before = list(committed)  # every one of these committed before the backup began
    info = bk.create_backup(shop_file, tmp_path / "during.sqlite3")
    stop.set()
    thread.join(60)
    assert len(committed) > len(before)  # writes really went on around the backup

    restored = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    bk.restore_backup(restored, info.path)
    ids = _conversation_ids(restored)
    assert set(before) <= ids
    assert ids <= set(committed)  # nothing half-written or invented
    services = Services.open(restored)
    try:
        with services.db.session() as s:  # consistent across tables: each conversation has its decision
            decided = s.scalar(select(func.count(func.distinct(RoutingDecision.conversation_id))))
            assert decided == len(ids)
        assert services.shop.exists()
    finally:
        services.close()
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    conn.close()


def test_restore_replaces_the_shop_and_keeps_the_replaced_file(shop_file: str) -> None:
    info = bk.create_backup(shop_file)
    assert info.path.parent.name == "backups"
    services = Services.open(shop_file)
    services.routing.route(services.auth.owner_actor(), "买家甲", "你好")
    services.close()
    assert len(_conversation_ids(shop_file)) == 1

    result = bk.restore_backup(shop_file, info.path)
    assert _conversation_ids(shop_file) == set()
    assert result.replaced_copy is not None
    assert result.replaced_copy.parent == bk.sqlite_file(shop_file).parent
    assert len(_conversation_ids(f"sqlite:///{result.replaced_copy}")) == 1


@pytest.mark.parametrize("kind", ["text", "other_sqlite", "truncated"])
def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(shop_file: str, tmp_path: Path, kind: str) -> None:
    bogus = tmp_path / "bogus.sqlite3"
    if kind == "text":
        bogus.write_text("not a database\n")
    elif kind == "other_sqlite":
        conn = sqlite3.connect(bogus)
        conn.execute("CREATE TABLE notes (t TEXT)")
        conn.commit()
        conn.close()
    else:
        good = bk.create_backup(shop_file).path
        bogus.write_bytes(good.read_bytes()[:5000])
    live = bk.sqlite_file(shop_file)
    before = _digest(live)
    with pytest.raises(bk.NotABackup) as err:
        bk.restore_backup(shop_file, bogus)
    assert "备份" in err.value.message
    assert _digest(live) == before
    assert not list(live.parent.glob("*.replaced-*"))


def test_a_backup_from_a_newer_schema_is_refused(shop_file: str, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(bk.create_backup(shop_file).path, newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    live = bk.sqlite_file(shop_file)
    before = _digest(live)
    with pytest.raises(SchemaTooNew) as err:
        bk.restore_backup(shop_file, newer)
    assert "更新版本" in err.value.message
    assert _digest(live) == before


def test_server_databases_are_pointed_to_their_own_tools() -> None:
    with pytest.raises(ValidationError) as err:
        bk.create_backup("postgresql://zg:secret@db.example/shop")
    assert "pg_dump" in err.value.message and "secret" not in err.value.message


def test_daily_backup_once_a_day_keeping_the_last_n(shop_file: str) -> None:
    clock = ManualClock()
    assert bk.daily_backup(shop_file, keep=3, clock=clock) is not None
    assert bk.daily_backup(shop_file, keep=3, clock=clock) is None  # not due yet
    clock.advance(hours=23)
    assert bk.daily_backup(shop_file, keep=3, clock=clock) is None
    for _day in range(5):
        clock.advance(hours=25)
        assert bk.daily_backup(shop_file, keep=3, clock=clock) is not None
    kept = bk.auto_backups(bk.sqlite_file(shop_file))
    assert len(kept) == 3
    assert kept[-1].name.endswith(clock.now().strftime("%Y%m%dT%H%M%SZ") + ".sqlite3")
    assert bk.inspect_backup(kept[0])


def test_a_failed_upgrade_puts_the_shop_back(shop_file: str) -> None:
    from app.services.common.database import Database

    db = Database(shop_file)
    live = bk.sqlite_file(shop_file)

    def broken_upgrade() -> None:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE half_done (n INTEGER)")
        raise RuntimeError("migration 0099 failed")

    with pytest.raises(DatabaseError) as err:
        bk.migrate_with_backup(db, "0005", broken_upgrade)
    db.dispose()
    assert "已从升级前的备份" in err.value.message
    conn = sqlite3.connect(live)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert "half_done" not in tables and "accounts" in tables
    assert list((live.parent / "backups").glob("zhanggui-pre0005to*"))
