"""Changes across consoles on one PostgreSQL (LISTEN/NOTIFY): a change published by one
console reaches the other's change bus within 2 s, and is never sent back."""

from __future__ import annotations

import os
import threading

import pytest

from app.services.common.database import Database
from app.services.common.notify import Notifier, attach

PG_URL = os.environ.get("TEST_PG_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason="needs TEST_PG_URL (a real PostgreSQL server)")


def _db() -> Database:
    assert PG_URL
    return Database(PG_URL)


def test_a_change_reaches_the_other_console() -> None:
    one, two = _db(), _db()
    sender, listener = attach(one), attach(two)
    assert isinstance(sender, Notifier) and isinstance(listener, Notifier)
    heard: list[frozenset[str]] = []
    got = threading.Event()

    def on_change(areas: frozenset[str]) -> None:
        heard.append(areas)
        got.set()

    echoed: list[frozenset[str]] = []
    one.changes.subscribe(echoed.append)
    two.changes.subscribe(on_change)
    try:
        listener.listen()
        assert listener.listening.wait(5)
        one.changes.publish({"presence"})
        assert got.wait(2.0), "the other console did not hear the change within 2 s"
        assert heard == [frozenset({"presence"})]
        # the listener relayed it locally and did not send it on: the sender heard only itself
        got.clear()
        assert not got.wait(0.5)
        assert echoed == [frozenset({"presence"})]
    finally:
        for n, db in ((sender, one), (listener, two)):
            n.close()
            db.dispose()


def test_sqlite_gets_a_file_watcher_not_a_notifier(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.services.common.notify import SqliteWatcher

    db = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    memory = Database("sqlite:///:memory:")
    try:
        watcher = attach(db)
        assert isinstance(watcher, SqliteWatcher)  # tests/services/test_live_updates_sqlite.py
        watcher.close()
        assert attach(memory) is None  # one connection's database: nobody else to hear
    finally:
        db.dispose()
        memory.dispose()
