"""A SQLite chat import in short transactions, still all or nothing.

SQLite has one writer at a time; an import that held the write lock for its whole run (about
100 s for 5 M rows) kept every live writer waiting. Here the import:

1. queues behind any other import (an OS lock on `<shop>.import-lock`, which also tells a
   later start that an import whose ranges are still recorded has died);
2. reserves id ranges for its messages and conversations (`ImportBatch`, and a placeholder
   row at the top of each range, so that live writers draw ids above it); from then on every
   other connection's readers skip those ranges (`app.services.common.staging`);
3. writes its rows a reader batch at a time, committing after each, and yields the lock;
4. computes the per-day figures on a snapshot into TEMP copies of those tables (no lock);
5. in one short last transaction: the conversations the shop already had, the figures of the
   buyers live writers changed meanwhile, the figures copied over, the ranges released.

A bad row, a cancel or an error deletes the rows written so far; a crash leaves them hidden,
and the next import or start deletes them (`discard_abandoned`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.conversations import Conversation, Message
from app.services.common import staging, turns
from app.services.common.database import WAIT_MS, Database
from app.services.common.errors import Busy
from app.services.conversations import summaries
from app.services.conversations.bulk import slices

TURN_ROWS = 1000  # messages written between two looks for a waiting live writer
BYTES_PER_ID = 16  # no chat row is shorter: a file of N bytes never needs more ids than N / 16
DISCARD_STEP = 20_000  # ids per transaction when deleting a dead import's rows
PER_DAY_TABLES = ("pair_days", "buyer_days", "agent_days", "contact_days")
_BY_BUYER = ("pair_days", "buyer_days")


def lock_path(db: Database) -> Path | None:
    """The import lock's file: none in memory, nor without OS file locks (Windows), where
    imports take the write lock for their whole run, one transaction."""
    path = db.url.split("///", 1)[1] if "///" in db.url else ""
    return None if not path or path == ":memory:" or not turns.LOCKS else Path(path + ".import-lock")


@contextmanager
def import_lock(db: Database, wait_s: float) -> Iterator[None]:
    """Hold the shop's import lock (waiting up to `wait_s`); released when the process dies."""
    path = lock_path(db)
    if path is None:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait_s
        while not turns.try_exclusive(fd):
            if time.monotonic() >= deadline:
                raise Busy(_("另一个导入正在进行，等待 {n} 秒后仍未结束。请等它完成后再试。").format(
                    n=round(wait_s))) from None
            time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def discard_abandoned(db: Database, wait_s: float | None = None) -> int:
    """Delete the rows of imports that died (the caller holds the import lock, so any batch
    still recorded is dead). Returns how many batches were discarded."""
    with db.read() as s:
        batches = s.connection().exec_driver_sql(
            "SELECT id, message_from, message_to, conversation_from, conversation_to FROM import_batches").all()
    for b in batches:
        _discard(db, b[0], b[1], b[2], b[3], b[4], wait_s=wait_s)
    return len(batches)


def discard_if_abandoned(db: Database) -> None:
    """At start: when no import is running, delete what dead ones left (hidden rows)."""
    path = lock_path(db)
    if path is None:
        return
    with db.read() as s:
        if not s.connection().exec_driver_sql("SELECT 1 FROM import_batches LIMIT 1").first():
            return
    try:
        with import_lock(db, 0):
            discard_abandoned(db)
    except Busy:
        pass  # an import is running: its rows are its own


def _discard(db: Database, batch: int, m_from: int, m_to: int, c_from: int, c_to: int,
             wait_s: float | None = None) -> None:
    """A batch's rows deleted a slice per transaction (they stay hidden until the last)."""
    for lo in range(m_from, m_to + 1, DISCARD_STEP):
        with db.session(wait_s=wait_s) as s:
            s.connection().exec_driver_sql("DELETE FROM messages WHERE id BETWEEN ? AND ?",
                                           (lo, min(m_to, lo + DISCARD_STEP - 1)))
    for lo in range(c_from, c_to + 1, DISCARD_STEP):
        hi = min(c_to, lo + DISCARD_STEP - 1)
        with db.session(wait_s=wait_s) as s:
            conn = s.connection()
            for table in ("summary_lines", "conversation_summaries", "ratings"):
                conn.exec_driver_sql(f"DELETE FROM {table} WHERE conversation_id BETWEEN ? AND ?", (lo, hi))
            conn.exec_driver_sql("DELETE FROM conversations WHERE id BETWEEN ? AND ?", (lo, hi))
    with db.session(wait_s=wait_s) as s:
        s.connection().exec_driver_sql("DELETE FROM import_batches WHERE id = ?", (batch,))
        s.connection().exec_driver_sql("DELETE FROM import_changes")


@contextmanager
def chosen(db: Database, kind: str, size: int, wait_s: float,
           exclusive_if_alone: bool = False) -> Iterator[StagedImport | None]:
    """How an import of `kind` runs on a SQLite shop (after the imports before it, holding
    the import lock): a chat import staged (this module), unless the caller does nothing else
    (`exclusive_if_alone`: the `import` command) and no other console has the shop open, so
    that nobody can be kept waiting and one transaction is quickest. Orders, ratings and
    PostgreSQL's imports in one transaction (None)."""
    if lock_path(db) is None:
        yield None
        return
    with import_lock(db, wait_s):
        discard_abandoned(db, wait_s)
        if kind != "chats" or db.presence is None:
            yield None
            return
        with db.presence.alone(exclusive_if_alone) as alone:
            yield None if alone else StagedImport(db, size, wait_s)


def conversation_times(conn: Connection, new: list[int], touched: list[int]) -> None:
    """Conversation times from their messages: all three for `new` ones (whose rows came
    from several batches), the last message's for the shop's own that got messages."""
    c, m = Conversation.__table__.c, Message.__table__.c
    first = select(func.min(m.sent_at)).where(m.conversation_id == c.id).scalar_subquery()
    last = select(func.max(m.sent_at)).where(m.conversation_id == c.id).scalar_subquery()
    for ids, values in ((new, {"created_at": first, "last_message_at": last, "closed_at": last}),
                        (touched, {"last_message_at": last})):
        for part in slices(ids):
            conn.execute(update(Conversation).where(c.id.in_(part)).values(**values))


class StagedImport:
    """One chat import's connection, ranges and transactions (see the module's text)."""

    def __init__(self, db: Database, size: int, wait_s: float) -> None:
        self.db = db
        self.size = size
        self.wait_s = wait_s
        self.batch: tuple[int, int, int, int, int] | None = None
        self.buyers: set[str] = set()  # whose per-day rows the temp copies hold anew
        self.changes_from = 0  # the last `import_changes` row the figures' snapshot had seen
        self.conn: Connection | None = None
        self.turns: turns.Import | None = None
        self.paused = False  # committed, and the lock not taken again yet

    @contextmanager
    def run(self) -> Iterator[Session]:
        """The import's session (the caller holds the import lock: `chosen`); its rows become
        visible when it commits, and are deleted when anything fails."""
        self.batch = self._reserve()
        conn = self.db.writer.execution_options(**{WAIT_MS: int(self.wait_s * 1000)}).connect()
        staging.see_everything(self._raw(conn), conn.connection.info)
        self.conn = conn
        self.turns = turns.Import(self._raw(conn), conn.connection.info)
        try:
            with Session(bind=conn, expire_on_commit=False, info={"clock": self.db.clock}) as session:
                with session.begin():
                    yield session
                self.batch = None
        finally:
            self.turns.close()
            conn.invalidate()  # its temp tables go with it
            conn.close()
            if self.batch is not None:
                _discard(self.db, *self.batch, wait_s=self.wait_s)

    @property
    def message_from(self) -> int:
        assert self.batch is not None
        return self.batch[1]

    @property
    def conversation_from(self) -> int:
        assert self.batch is not None
        return self.batch[3]

    def _reserve(self) -> tuple[int, int, int, int, int]:
        span = self.size // BYTES_PER_ID + 1000
        with self.db.session(wait_s=self.wait_s) as s:
            conn = s.connection()
            m_from = (conn.exec_driver_sql("SELECT max(id) FROM messages").scalar() or 0) + 1
            c_from = (conn.exec_driver_sql("SELECT max(id) FROM conversations").scalar() or 0) + 1
            m_to, c_to = m_from + span, c_from + span
            now = self.db.clock.now()
            batch = conn.exec_driver_sql(
                "INSERT INTO import_batches (started_at, message_from, message_to, conversation_from,"
                " conversation_to) VALUES (?, ?, ?, ?, ?) RETURNING id",
                (now.isoformat(sep=" "), m_from, m_to, c_from, c_to)).scalar_one()
            # the top of each range taken, so that live writers' new ids come after it
            conn.exec_driver_sql(
                "INSERT INTO conversations (id, external_id, buyer_nick, source, status, entry_page,"
                " buyer_tags, created_at) VALUES (?, ?, '', 'import', 'closed', '', '', ?)",
                (c_to, f"\x00import-{batch}", now.isoformat(sep=" ")))
            conn.exec_driver_sql(
                "INSERT INTO messages (id, conversation_id, sender, buyer_nick, sent_at, content,"
                " ad_auto, fingerprint) VALUES (?, ?, 'system', '', ?, '', 0, '')",
                (m_to, c_to, now.isoformat(sep=" ")))
        return batch, m_from, m_to, c_from, c_to

    def _raw(self, conn: Connection | None = None) -> Any:
        conn = conn or self.conn
        assert conn is not None
        return conn.connection.driver_connection

    def turn(self) -> None:
        """Between two pieces of work: when a live writer waits, commit what is written so
        far (still hidden) and stand aside until the writers waiting now have had the lock;
        `resume` takes it again before the next write."""
        assert self.turns is not None
        if not self.paused and self.turns.wanted():
            self.idle()
            self.turns.let_in()

    def idle(self) -> None:
        """The reader has no batch ready: commit, and hold no lock while waiting for it."""
        if not self.paused:
            self._raw().execute("COMMIT")
            self.paused = True

    def resume(self) -> None:
        """Before a write: the write lock taken again if `turn` or `idle` let it go."""
        if self.paused:
            self._raw().execute("BEGIN IMMEDIATE")
            self.paused = False

    def in_turns(self, rows: Iterable[Sequence[Any]], write: Callable[[list[Sequence[Any]]], object]) -> None:
        """Write `rows` a slice at a time, with a `turn` after each."""
        it = iter(rows)
        while part := list(islice(it, TURN_ROWS)):
            self.resume()
            write(part)
            self.turn()

    def finish(self, new: set[int], touched: set[int], buyers: set[str], days: set[int]) -> None:
        """After the last batch: the new conversations' times and summaries (hidden), the
        per-day figures (`figures`), then the last transaction (`publish`), which the
        import's session commits."""
        assert self.conn is not None
        self.resume()
        conversation_times(self.conn, sorted(new), [])
        _n, more_buyers, more_days = summaries.resummarise(self.conn, new)
        self.figures(buyers | more_buyers, days | more_days)
        conversation_times(self.conn, [], sorted(touched))
        _n, more_buyers, more_days = summaries.resummarise(self.conn, touched)
        self.publish(more_buyers, more_days)

    def figures(self, buyers: set[str], days: set[int]) -> None:
        """The per-day figures with this import's rows, computed into TEMP copies of their
        tables on a snapshot: no lock is held while they are made."""
        raw = self._raw()
        raw.execute("COMMIT")
        raw.execute("BEGIN")
        for table in PER_DAY_TABLES:
            sql = raw.execute("SELECT sql FROM main.sqlite_master WHERE name = ?", (table,)).fetchone()[0]
            raw.execute(sql.replace("CREATE TABLE ", "CREATE TEMP TABLE ", 1))
            raw.execute(f"INSERT INTO temp.{table} SELECT * FROM main.{table}")
        raw.execute("CREATE TEMP TABLE zg_buyers (buyer TEXT PRIMARY KEY) WITHOUT ROWID")
        # per-day figures other writers rewrite after this snapshot are noted after this one
        self.changes_from = raw.execute("SELECT coalesce(max(id), 0) FROM main.import_changes").fetchone()[0]
        assert self.conn is not None
        self._refresh(buyers, days)
        raw.execute("COMMIT")
        raw.execute("BEGIN IMMEDIATE")

    def _refresh(self, buyers: set[str], days: set[int]) -> None:
        assert self.conn is not None
        summaries.refresh_buyers(self.conn, buyers)
        summaries.refresh_agent_days(self.conn, days)
        self.buyers |= buyers

    def publish(self, buyers: set[str], days: set[int]) -> None:
        """In the last transaction (the write lock held): the figures of `buyers` and `days`
        (the shop's conversations this import added to) and those other writers rewrote since
        the snapshot (`import_changes`) made again, copied over, and the ranges released."""
        raw = self._raw()
        assert self.batch is not None
        # per-day figures other writers rewrote since the snapshot: made again here
        changed = raw.execute("SELECT buyer, day FROM main.import_changes WHERE id > ?",
                              (self.changes_from,)).fetchall()
        raw.execute("DELETE FROM main.import_changes")
        everything = any(b is None and d is None for b, d in changed)  # a rebuild of all
        if everything:
            summaries.refresh_buyers(self.conn, None)  # type: ignore[arg-type]
            summaries.refresh_agent_days(self.conn, None)  # type: ignore[arg-type]
        else:
            self._refresh(buyers | {b for b, _d in changed if b is not None},
                          days | {d for _b, d in changed if d is not None})
        raw.executemany("INSERT OR IGNORE INTO temp.zg_buyers VALUES (?)", ((b,) for b in self.buyers))
        for table in PER_DAY_TABLES:
            if table in _BY_BUYER and not everything:
                raw.execute(f"DELETE FROM main.{table} WHERE buyer IN (SELECT buyer FROM temp.zg_buyers)")
                raw.execute(f"INSERT INTO main.{table} SELECT t.* FROM temp.{table} t"
                            " WHERE t.buyer IN (SELECT buyer FROM temp.zg_buyers)")
            else:  # agent and contact days: a few rows per day and agent, copied whole
                raw.execute(f"DELETE FROM main.{table}")
                raw.execute(f"INSERT INTO main.{table} SELECT * FROM temp.{table}")
        batch, _m_from, m_to, _c_from, c_to = self.batch
        raw.execute("DELETE FROM main.messages WHERE id = ?", (m_to,))
        raw.execute("DELETE FROM main.conversations WHERE id = ?", (c_to,))
        raw.execute("DELETE FROM main.import_batches WHERE id = ?", (batch,))
