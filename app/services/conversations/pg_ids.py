"""PostgreSQL's side of a chat import's writes.

On SQLite the import holds the one write lock, so the reader's numbers are the new rows' ids.
On PostgreSQL live writers draw ids from the same sequences while an import runs: the import
draws its ids from the sequences too, and maps the reader's conversation numbers and message
places (the summaries' tie-break order, `first_seq`/`reply_seq`) onto them. Ids drawn in the
reader's order keep that order, so the summaries equal those made from the database."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.engine import Connection

from app.services.conversations import bulk


def draw(conn: Connection, table: str, n: int) -> list[int]:
    """`n` new ids of `table` from its sequence, ascending (a live writer's may fall between)."""
    # The sequence is looked up once: inside the select list `pg_get_serial_sequence` ran
    # once per id, 15 % of the server's time in a big import.
    seq = conn.exec_driver_sql("SELECT pg_get_serial_sequence(%(t)s, 'id')", {"t": table}).scalar_one()
    return sorted(conn.exec_driver_sql(
        "SELECT nextval(%(seq)s::regclass) FROM generate_series(1, %(n)s)", {"seq": seq, "n": n}).scalars())


class MessageIds:
    """The reader's message places (from `first`, one per row read) → the ids drawn for them."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.ids: array[int] = array("q")

    def draw(self, conn: Connection, n: int) -> list[int]:
        ids = draw(conn, "messages", n)
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

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.staged = False

    def add(self, rows: list[tuple[int, str, str]]) -> None:
        """(conversation id, first, last) as the reader's UTC text."""
        if not rows:
            return
        if not self.staged:
            self.conn.exec_driver_sql(
                "CREATE TEMP TABLE import_spans (id integer, first_at timestamptz, last_at timestamptz)"
                " ON COMMIT DROP")
            self.staged = True
        bulk.insert_rows(self.conn, "import_spans", ("id", "first_at", "last_at"),
                         [(i, first + "+00", last + "+00") for i, first, last in rows])

    def apply(self) -> None:
        if self.staged:
            self.conn.exec_driver_sql(
                "UPDATE conversations c SET created_at = s.first_at, last_message_at = s.last_at,"
                " closed_at = s.last_at FROM import_spans s WHERE c.id = s.id")
