"""SQLite settings for a big import's transaction: a larger page cache, and a chat import
that dwarfs the table building its secondary indexes once at the end instead of row by row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select

from app.models.conversations import Message

IMPORT_CACHE_KIB = 32768  # SQLite page cache while importing (32 MiB)
DEFER_BYTES_PER_ROW = 100  # a chat row's typical size, to guess a file's rows
DEFER_MIN_ROWS = 200_000  # smaller imports keep the indexes up to date as they go
KEPT_INDEXES = ("ix_messages_conversation_sent",)  # the import's own lookups need it


@contextmanager
def big_cache(session) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """On SQLite, a larger page cache while importing: the indexes on random keys
    (fingerprint, time) are updated all over the file, and each page miss costs a spill."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def deferred_indexes(session, kind: str, size: int, staged: object) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """On SQLite, a big chat import drops the secondary indexes of messages and
    conversations (the import looks conversations up by external id only) and builds them
    again at the end, in the same transaction (a failed import rolls both back). Keeping
    them up to date row by row costs a page miss per row on the time index, and every
    spilled page is written to the WAL again; sorting once is far cheaper. Only when the
    file is large next to what the table holds: rebuilding reads every message."""
    conn = session.connection()
    if kind != "chats" or conn.dialect.name != "sqlite" or staged:  # staged: live readers need them
        yield
        return
    estimated_rows = size // DEFER_BYTES_PER_ROW
    held = conn.execute(select(func.max(Message.id))).scalar() or 0
    if estimated_rows < DEFER_MIN_ROWS or estimated_rows < held // 2:
        yield
        return
    raw = conn.connection.driver_connection
    if not raw.in_transaction:
        raw.execute("BEGIN")  # DDL would otherwise commit on its own
    indexes = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
        " AND tbl_name IN ('messages', 'conversations')"
        " AND sql IS NOT NULL AND name NOT IN ({})".format(  # noqa: UP032
            ", ".join("?" * len(KEPT_INDEXES))), KEPT_INDEXES
    ).fetchall()
    for name, _sql in indexes:
        raw.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        raw.execute(sql)
