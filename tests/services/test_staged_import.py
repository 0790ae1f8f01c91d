"""A SQLite chat import in short transactions (docs/concurrency.md, "Imports on SQLite"): its
rows stay hidden until its last transaction, live writers go on meanwhile, its per-day figures
count what they wrote, and a failed import leaves nothing behind."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models.conversations import Conversation, Message
from app.services.common.database import Database
from app.services.common.errors import ValidationError
from app.services.conversations import staged_import
from app.services.live.events import LiveEvent
from tests.cli.test_many_writers import week_rows, write

pytestmark = pytest.mark.db

WEEK = (date(2026, 10, 5), date(2026, 10, 8))
TUESDAY_10AM = datetime(2026, 10, 6, 2, 0, tzinfo=UTC)  # 10:00 in the shop's zone


@pytest.fixture
def sqlite_shop(shop, db_url: str):  # type: ignore[no-untyped-def]
    """A SQLite shop another console has open too."""
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL imports in one transaction; its readers never see it before the commit")
    other = Database(db_url)
    yield shop
    other.dispose()


def test_an_import_alone_with_the_shop_is_one_transaction(shop, owner, db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Only a caller that does nothing else (the `import` command), and only while no other
    console has the shop open."""
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite only")
    size = write(tmp_path / "week.csv", week_rows(50)).stat().st_size
    with staged_import.chosen(shop.db, "chats", size, 1, exclusive_if_alone=True) as staged:
        assert staged is None
    with staged_import.chosen(shop.db, "chats", size, 1) as staged:
        assert isinstance(staged, staged_import.StagedImport)
    other = Database(db_url)
    try:
        with staged_import.chosen(shop.db, "chats", size, 1, exclusive_if_alone=True) as staged:
            assert isinstance(staged, staged_import.StagedImport)
    finally:
        other.dispose()


def raw_count(db_url: str, table: str) -> int:
    """Rows in the table itself, hidden or not."""
    conn = sqlite3.connect(db_url.split("///", 1)[1], timeout=10)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def visible(shop, model) -> int:  # type: ignore[no-untyped-def]
    with shop.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def import_in_background(shop, owner, path: Path) -> tuple[threading.Thread, list[object]]:  # type: ignore[no-untyped-def]
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(shop.imports.import_file(owner, "chats", path))
        except Exception as exc:  # noqa: BLE001 - handed to the test
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def wait_for_hidden_rows(db_url: str, thread: threading.Thread) -> None:
    deadline = time.monotonic() + 120
    while raw_count(db_url, "messages") < 5000:
        assert thread.is_alive(), "the import ended before it had written: make the file bigger"
        assert time.monotonic() < deadline
        time.sleep(0.02)  # polling the import's thread, not waiting for time to pass


def test_an_import_under_way_is_hidden_and_live_writers_go_on(  # type: ignore[no-untyped-def]
        sqlite_shop, owner, db_url: str, tmp_path: Path) -> None:
    shop = sqlite_shop
    rows = week_rows(20_000)
    thread, outcome = import_in_background(shop, owner, write(tmp_path / "week.csv", rows))
    try:
        wait_for_hidden_rows(db_url, thread)
        assert (visible(shop, Message), visible(shop, Conversation)) == (0, 0)
        assert shop.reports.agent_report(owner, *WEEK).agents == []
        # a live buyer the file also has writes a message while the import runs
        started = time.monotonic()
        shop.live.apply(owner, LiveEvent("message", TUESDAY_10AM, buyer="买家001", sender="buyer",
                                         text="导入的时候也在问"))
        took = time.monotonic() - started
        assert thread.is_alive(), "the import ended first: make the file bigger"
        live = visible(shop, Message)  # the buyer's message, and the shop's automatic greeting
        assert live >= 1
    finally:
        thread.join()
    assert [type(o) for o in outcome] != [ValidationError] and not isinstance(outcome[0], Exception), outcome
    assert took < 1.0
    assert visible(shop, Message) == len(rows) + live == raw_count(db_url, "messages")
    assert raw_count(db_url, "import_batches") == 0
    # the figures published at the end count the live message too: a rebuild changes nothing
    published = shop.reports.agent_report(owner, *WEEK)
    trend = shop.reports.daily_trend(owner, *WEEK)
    shop.reports.rebuild_summaries(owner)
    assert shop.reports.agent_report(owner, *WEEK) == published
    assert shop.reports.daily_trend(owner, *WEEK) == trend
    assert published.shop.consulted > 0


def test_a_bad_row_leaves_nothing_not_even_hidden(sqlite_shop, owner, db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shop = sqlite_shop
    rows = week_rows(20_000)
    rows.append(["w99999", "买家", "小店:客服1", "buyer", "not a time", "坏行"])
    with pytest.raises(ValidationError) as caught:
        shop.imports.import_file(owner, "chats", write(tmp_path / "bad.csv", rows))
    assert f"第 {len(rows) + 1} 行" in "\n".join(caught.value.details)
    for table in ("messages", "conversations", "conversation_summaries", "import_batches"):
        assert raw_count(db_url, table) == 0, table


def test_a_second_import_of_the_same_file_adds_nothing(sqlite_shop, owner, db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shop = sqlite_shop
    path = write(tmp_path / "week.csv", week_rows(500))
    first = shop.imports.import_file(owner, "chats", path)
    again = shop.imports.import_file(owner, "chats", path)
    assert (again.added, again.skipped) == (0, first.rows)
    assert raw_count(db_url, "messages") == first.added


def test_figures_rewritten_while_the_import_makes_its_own_count_in_them(  # type: ignore[no-untyped-def]
        sqlite_shop, owner, db_url: str, tmp_path: Path, monkeypatch) -> None:
    """The import makes its per-day figures on a snapshot; a writer that rewrites some after
    it (here an ad verdict set while they are made, from another thread) has them made again
    in the import's last transaction."""
    shop = sqlite_shop
    shop.live.apply(owner, LiveEvent("message", TUESDAY_10AM, buyer="买家002", sender="buyer", text="有货吗"))
    assert shop.reports.agent_report(owner, *WEEK).shop.consulted == 1  # its summary made
    with shop.db.read() as s:
        message_id = s.scalar(select(Message.id).where(Message.content == "有货吗"))
    made = staged_import.StagedImport._refresh
    meanwhile: list[threading.Thread] = []

    def refresh_with_a_verdict_set_meanwhile(self, buyers, days):  # type: ignore[no-untyped-def]
        if not meanwhile:  # the first call makes the figures on the snapshot
            writer = threading.Thread(target=lambda: shop.reports.set_ad_flag(owner, message_id, True))
            meanwhile.append(writer)
            writer.start()
            writer.join(10)
            assert not writer.is_alive(), "the writer waited for the import"
        return made(self, buyers, days)

    monkeypatch.setattr(staged_import.StagedImport, "_refresh", refresh_with_a_verdict_set_meanwhile)
    shop.imports.import_file(owner, "chats", write(tmp_path / "week.csv", week_rows(2_000)))
    assert meanwhile
    published = shop.reports.agent_report(owner, *WEEK)
    trend = shop.reports.daily_trend(owner, *WEEK)
    shop.reports.rebuild_summaries(owner)
    assert shop.reports.agent_report(owner, *WEEK) == published
    assert shop.reports.daily_trend(owner, *WEEK) == trend


def test_a_console_opened_during_an_exclusive_import_counts_once_it_ends(tmp_path: Path) -> None:
    from app.services.common.turns import Presence

    path = str(tmp_path / "shop.sqlite3")
    importer = Presence(path)
    try:
        with importer.alone() as alone:
            assert alone
            late = Presence(path)  # does not wait for the import
        deadline = time.monotonic() + 10
        while True:  # its thread takes the shared lock once the import has let go
            with importer.alone() as alone:
                if not alone:
                    break
            assert time.monotonic() < deadline, "the late console never counted"
            time.sleep(0.01)  # waiting for the other thread, not for time to pass
        late.close()
        with importer.alone() as alone:
            assert alone
    finally:
        importer.close()
