"""A second process on the same SQLite file (another console, `ingest`, an import) is noticed
by the first console's watcher (`PRAGMA data_version`), which publishes every area; the
console's own commits are not reported twice (docs/live-updates.md, docs/concurrency.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.services.common.changes import ALL_AREAS
from app.services.common.notify import SqliteWatcher


def test_another_process_commit_is_published_and_our_own_is_not(shop, owner, db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if not db_url.startswith("sqlite"):
        return  # PostgreSQL: tests/services/test_live_updates_pg.py
    watcher = shop.notifier
    assert isinstance(watcher, SqliteWatcher)
    heard: list[frozenset[str]] = []
    shop.db.changes.subscribe(heard.append)
    assert watcher.poll() is False  # the first look only learns where the file stands

    shop.live.update_settings(owner, session_timeout_min=45)  # our own commit
    assert watcher.poll() is False
    assert ALL_AREAS not in heard

    chats = tmp_path / "chats.csv"
    chats.write_text("conversation_id,buyer,agent,sender,sent_at,content\n"
                     "c1,买家甲,测试小店:小美,buyer,2026-10-05 09:00:00,在吗\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "app", "--db", db_url, "import", "chats", str(chats)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert watcher.poll() is True  # another process's commit
    assert heard[-1] == ALL_AREAS
    assert watcher.poll() is False  # told once
