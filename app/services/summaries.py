"""Stored conversation summaries: the agent report without replaying every message.

A `ConversationSummary` (+ its `SummaryLine`s) is `metrics.summarize` over ALL of a
conversation's messages, so it is exact for every period that holds the whole conversation.
The report (`app.services.reports`) adds those up and replays messages only for the
conversations a period cuts, or that have no summary.

The rule that keeps them honest: whatever writes a message or changes an ad verdict calls
`refresh` (recompute now: imports, manual ad flags) or `drop` (recompute never, the report
replays the conversation: live routing, where a write per message must stay cheap) in the
same transaction. `tests/test_architecture.py` checks that every module writing messages
calls one of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Float, Integer, cast, delete, func, insert, select
from sqlalchemy.engine import Connection

from app.models.conversations import ConversationSummary, Message, SummaryLine
from app.services.metrics import summarize

FETCH = 20_000  # rows per fetch when streaming messages
_IN_SLICE = 500  # ids per IN (...)
_WINDOW = 20_000  # conversation ids per range query when the ids are dense

_SUMMARY_COLUMNS = ("conversation_id", "first_at", "last_at", "handling_agent", "is_ad", "ad_agent")
_LINE_COLUMNS = ("conversation_id", "agent", "buyer", "first_at", "first_seq", "reply_at",
                 "reply_seq", "resp_sum", "resp_n", "first_resp_sum", "first_resp_n", "unanswered")


def epoch(column: Any, is_sqlite: bool) -> Any:
    """A UTC timestamp column as float POSIX seconds, exact to the microsecond.

    SQLite stores `YYYY-MM-DD HH:MM:SS.ffffff` (UTC): whole seconds from strftime('%s')
    plus the fraction parsed from the text."""
    if is_sqlite:
        return cast(
            cast(func.strftime("%s", column), Integer) + cast(func.substr(column, 20), Float),
            Float,
        )
    return cast(func.extract("epoch", column), Float)


def message_rows(is_sqlite: bool) -> Any:
    """SELECT of messages as `metrics.MsgRow` tuples (times as float seconds), in message
    order; callers add their WHERE."""
    m = Message
    return (
        select(m.conversation_id, m.sender, m.buyer_nick, m.agent_nick, epoch(m.sent_at, is_sqlite),
               func.coalesce(m.ad_manual, m.ad_auto), m.id)
        .order_by(m.conversation_id, m.sent_at, m.id)
    )


def stream(conn: Connection, stmt: Any) -> Iterator[Sequence[Any]]:
    """The plain rows of a select, fetched in batches.

    On SQLite straight from the sqlite3 cursor of the same transaction (no per-row result
    processing, so the columns must need none: no UTCDateTime columns)."""
    if conn.dialect.name != "sqlite":
        # per statement: Connection.execution_options() would stick to the connection
        yield from conn.execute(stmt, execution_options={"yield_per": FETCH})
        return
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    processors = compiled._bind_processors
    values = []
    for name in compiled.positiontup or ():
        value = params[name]
        proc = processors.get(name)
        values.append(proc(value) if proc is not None else value)
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(compiled.string, values)
        while True:
            batch = cursor.fetchmany(FETCH)
            if not batch:
                break
            yield from batch
    finally:
        cursor.close()


def id_filters(ids: Sequence[int], column: Any) -> Iterator[tuple[Any, set[int] | None]]:
    """WHERE clauses covering the sorted `ids`: a range where they are dense (with the set
    to keep when the range holds others too), else IN lists."""
    i = 0
    while i < len(ids):
        part = ids[i : i + _WINDOW]
        lo, hi = part[0], part[-1]
        if hi - lo + 1 <= 2 * len(part):
            yield (column >= lo) & (column <= hi), (None if hi - lo + 1 == len(part) else set(part))
            i += len(part)
        else:
            part = ids[i : i + _IN_SLICE]
            yield column.in_(part), None
            i += len(part)


def drop(conn: Connection, conversation_ids: Iterable[int]) -> None:
    """Forget these conversations' summaries: the report then replays their messages.
    (Lines are deleted explicitly rather than trusting foreign-key cascades.)"""
    ids = sorted(set(conversation_ids))
    for i in range(0, len(ids), _IN_SLICE):
        part = ids[i : i + _IN_SLICE]
        conn.execute(delete(SummaryLine).where(SummaryLine.conversation_id.in_(part)))
        conn.execute(delete(ConversationSummary).where(ConversationSummary.conversation_id.in_(part)))


def refresh(conn: Connection, conversation_ids: Iterable[int]) -> int:
    """Recompute the summaries of these conversations from all their messages; returns how
    many were written (a conversation without messages gets none)."""
    ids = sorted(set(conversation_ids))
    if not ids:
        return 0
    drop(conn, ids)
    is_sqlite = conn.dialect.name == "sqlite"
    base = message_rows(is_sqlite)
    written = 0
    summaries: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    for where, keep in id_filters(ids, Message.conversation_id):
        rows: Iterable[Sequence[Any]] = stream(conn, base.where(where))
        if keep is not None:
            rows = (r for r in rows if r[0] in keep)
        for s in summarize(rows):  # type: ignore[arg-type]
            summaries.append((s.conversation_id, s.first_at, s.last_at, s.handling, bool(s.ad),
                              s.ad_agent))
            lines.extend((s.conversation_id, *line) for line in s.lines)
            if len(lines) >= FETCH:
                written += _write(conn, summaries, lines)
                summaries, lines = [], []
    written += _write(conn, summaries, lines)
    return written


def _write(conn: Connection, summaries: list[tuple[Any, ...]], lines: list[tuple[Any, ...]]) -> int:
    if not summaries:
        return 0
    if conn.dialect.name == "sqlite":
        cursor = conn.connection.driver_connection.cursor()
        try:
            cursor.executemany(_SQLITE_SUMMARY, summaries)
            if lines:
                cursor.executemany(_SQLITE_LINE, lines)
        finally:
            cursor.close()
    else:
        conn.execute(insert(ConversationSummary),
                     [dict(zip(_SUMMARY_COLUMNS, r, strict=True)) for r in summaries])
        if lines:
            conn.execute(insert(SummaryLine), [dict(zip(_LINE_COLUMNS, r, strict=True)) for r in lines])
    return len(summaries)


_SQLITE_SUMMARY = "INSERT INTO conversation_summaries ({}) VALUES ({})".format(  # noqa: UP032
    ", ".join(_SUMMARY_COLUMNS), ", ".join("?" * len(_SUMMARY_COLUMNS)))
_SQLITE_LINE = "INSERT INTO summary_lines ({}) VALUES ({})".format(  # noqa: UP032
    ", ".join(_LINE_COLUMNS), ", ".join("?" * len(_LINE_COLUMNS)))
