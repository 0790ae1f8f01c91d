"""PostgreSQL's side of a chat import's writes.

On SQLite the import holds the one write lock, so the reader's numbers are the new rows' ids.
On PostgreSQL live writers draw ids from the same sequences while an import runs: the import
draws its ids from the sequences too, and maps the reader's conversation numbers and message
places (the summaries' tie-break order, `first_seq`/`reply_seq`) onto them. Ids drawn in the
reader's order keep that order, so the summaries equal those made from the database.

The writes themselves run on one thread of their own (`Writes`), so the server stores one
batch while this process summarises the next."""

from __future__ import annotations

import queue
import threading
from array import array
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy.engine import Connection

from app.services.conversations import bulk

_T = TypeVar("_T")


def draw(conn: Connection, table: str, n: int) -> list[int]:
    """`n` new ids of `table` from its sequence, ascending (a live writer's may fall between)."""
    # The sequence is looked up once: inside the select list `pg_get_serial_sequence` ran
    # once per id, 15 % of the server's time in a big import.
    seq = conn.exec_driver_sql("SELECT pg_get_serial_sequence(%(t)s, 'id')", {"t": table}).scalar_one()
    # one array, not a row per id
    return sorted(conn.exec_driver_sql(
        "SELECT array_agg(nextval(%(seq)s::regclass)) FROM generate_series(1, %(n)s)",
        {"seq": seq, "n": n}).scalar_one())


class Writes:
    """The import's statements on the transaction's connection, in the order given.

    On PostgreSQL (`threaded`) one thread runs them, so the server stores batch N while the
    summariser works on batch N+1; with one thread the two took turns and neither was busy
    more than ~70 % of the time. `submit` queues a write; `call` waits for the writes before
    it and returns what it read; `close` waits for all of them and raises the first error.
    On SQLite (or after `close`) everything runs at once, on the calling thread."""

    DEPTH = 16  # queued statements (a batch makes about five)

    def __init__(self, threaded: bool) -> None:
        self.error: BaseException | None = None
        self.cancelled = False
        self.jobs: queue.Queue[tuple[Callable[[], object], threading.Event | None] | None] | None = None
        self.thread: threading.Thread | None = None
        if threaded:
            self.jobs = queue.Queue(maxsize=self.DEPTH)
            self.thread = threading.Thread(target=self._work, name="zg-import-writes", daemon=True)
            self.thread.start()

    def submit(self, fn: Callable[[], object]) -> None:
        if self.jobs is None:
            fn()
            return
        self._raise()
        self.jobs.put((fn, None))

    def call(self, fn: Callable[[], _T]) -> _T:
        if self.jobs is None:
            return fn()
        out: list[_T] = []
        done = threading.Event()
        self.jobs.put((lambda: out.append(fn()), done))
        done.wait()
        self._raise()
        return out[0]

    def close(self) -> None:
        self._end()
        self._raise()

    def stop(self) -> None:
        """End the thread, skipping what is still queued: the import failed and its
        transaction rolls back (after `close` there is nothing left to skip)."""
        self.cancelled = True
        self._end()

    def _end(self) -> None:
        if self.jobs is not None and self.thread is not None:
            self.jobs.put(None)
            self.thread.join()
        self.jobs = self.thread = None

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def _work(self) -> None:
        assert self.jobs is not None
        while (job := self.jobs.get()) is not None:
            fn, done = job
            if self.error is None and not self.cancelled:  # else the import fails: skip the rest
                try:
                    fn()
                except BaseException as exc:  # handed to the importing thread
                    self.error = exc
            if done is not None:
                done.set()


class Ids:
    """New ids of `table` for the import, drawn from its sequence a block at a time (each
    draw waits for the writes queued before it). Ids left over are gaps, which only order."""

    def __init__(self, conn: Connection, writes: Writes, table: str, block: int) -> None:
        self.conn, self.writes, self.table, self.block = conn, writes, table, block
        self.free: list[int] = []
        self.pos = 0

    def take(self, n: int) -> list[int]:
        if len(self.free) - self.pos < n:
            more = self.writes.call(lambda: draw(self.conn, self.table, max(n, self.block)))
            self.free = self.free[self.pos :] + more
            self.pos = 0
        out = self.free[self.pos : self.pos + n]
        self.pos += n
        return out


class MessageIds:
    """The reader's message places (from `first`, one per row read) → the ids drawn for them."""

    def __init__(self, first: int, pool: Ids) -> None:
        self.first = first
        self.pool = pool
        self.ids: array[int] = array("q")

    def take(self, n: int) -> list[int]:
        ids = self.pool.take(n)
        self.ids.extend(ids)
        return ids

    def __call__(self, place: int | None) -> int | None:
        return None if place is None else self.ids[place - self.first]


def placed(sums: Sequence[tuple[Any, ...]], lines: Sequence[tuple[Any, ...]], conversation: Callable[[int], int],
           message: MessageIds) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The reader's `summaries.summary_records` with the drawn ids (`conversation`: number →
    id) in place of its numbers and message places."""
    return ([(conversation(r[0]), *r[1:]) for r in sums],
            [(conversation(r[0]), r[1], r[2], r[3], message(r[4]), r[5], message(r[6]), *r[7:]) for r in lines])


class Spans:
    """New conversations' first and last message times, set in one UPDATE at the end (a row
    UPDATE each would cost a round trip per conversation)."""

    def __init__(self, conn: Connection, writes: Writes) -> None:
        self.conn = conn
        self.writes = writes
        self.staged = False

    def add(self, rows: list[tuple[int, str, str]]) -> None:
        """(conversation id, first, last) as the reader's UTC text."""
        if not rows:
            return
        if not self.staged:
            self.writes.submit(lambda: self.conn.exec_driver_sql(
                "CREATE TEMP TABLE import_spans (id integer, first_at timestamptz, last_at timestamptz)"
                " ON COMMIT DROP"))
            self.staged = True
        staged = [(i, first + "+00", last + "+00") for i, first, last in rows]
        self.writes.submit(lambda: bulk.insert_rows(self.conn, "import_spans", ("id", "first_at", "last_at"), staged))

    def apply(self) -> None:
        if self.staged:
            self.conn.exec_driver_sql(
                "UPDATE conversations c SET created_at = s.first_at, last_message_at = s.last_at,"
                " closed_at = s.last_at FROM import_spans s WHERE c.id = s.id")
