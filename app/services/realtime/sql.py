"""The snapshot's few hot statements as plain SQL on the transaction's connection: they run
every second, and SQLAlchemy's statement compilation and per-row type processing would cost
more than the queries themselves. Times come back as float POSIX seconds (UTC), exactly
(SQLite stores `YYYY-MM-DD HH:MM:SS.ffffff`; whole seconds plus the parsed fraction)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Connection

from app.models.base import stored_text

IN_SLICE = 500


def epoch(conn: Connection, column: str) -> str:
    if conn.dialect.name == "sqlite":
        return f"(CAST(strftime('%s', {column}) AS INTEGER) + CAST(substr({column}, 20) AS REAL))"
    return f"CAST(EXTRACT(EPOCH FROM {column}) AS DOUBLE PRECISION)"


def stamp(conn: Connection, t: float) -> object:
    """A bound instant in the form the column stores."""
    instant = datetime.fromtimestamp(t, UTC)
    return stored_text(instant) if conn.dialect.name == "sqlite" else instant


def rows(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run `sql` written with `?` placeholders; plain tuples back."""
    if conn.dialect.name != "sqlite":
        sql = sql.replace("?", "%s")
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, tuple(params))
        return [tuple(r) for r in cursor.fetchall()]
    finally:
        cursor.close()


def message_rows(conn: Connection, ids: Sequence[int], since: float | None = None) -> Iterator[tuple[Any, ...]]:
    """`metrics.MsgRow`-shaped rows (times as floats) of conversations `ids`, in message
    order; only those sent at or after `since` when given."""
    head = (f"SELECT conversation_id, sender, buyer_nick, agent_nick, {epoch(conn, 'sent_at')},"
            " COALESCE(ad_manual, ad_auto), id FROM messages WHERE conversation_id IN ({marks})")
    tail = " ORDER BY conversation_id, sent_at, id"
    for i in range(0, len(ids), IN_SLICE):
        part = list(ids[i : i + IN_SLICE])
        sql = head.format(marks=", ".join("?" * len(part)))
        params: list[Any] = part
        if since is not None:
            sql += " AND sent_at >= ?"
            params = [*part, stamp(conn, since)]
        yield from rows(conn, sql + tail, params)


def today_rows(conn: Connection, since: float) -> list[tuple[Any, ...]]:
    """Every message sent at or after `since`, in message order (a rebuild)."""
    return rows(conn, f"SELECT conversation_id, sender, buyer_nick, agent_nick, {epoch(conn, 'sent_at')},"
                      " COALESCE(ad_manual, ad_auto), id FROM messages WHERE sent_at >= ?"
                      " ORDER BY conversation_id, sent_at, id", [stamp(conn, since)])


def new_messages(conn: Connection, after_id: int) -> list[tuple[int, int]]:
    """(id, conversation id) of the messages written after `after_id`."""
    return [(int(a), int(b)) for a, b in rows(conn, "SELECT id, conversation_id FROM messages WHERE id > ?",
                                              [after_id])]


def recent_messages(conn: Connection, since: float) -> list[tuple[int, int, float]]:
    """(id, conversation id, sent at) of the messages sent at or after `since`."""
    return [(int(a), int(b), float(c)) for a, b, c in rows(
        conn, f"SELECT id, conversation_id, {epoch(conn, 'sent_at')} FROM messages WHERE sent_at >= ?",
        [stamp(conn, since)])]


def open_ids(conn: Connection) -> list[tuple[int, str, int | None, int | None]]:
    """(id, status, agent id, group id) of every conversation not closed (the status index
    serves it; no times to convert)."""
    return rows(conn, "SELECT id, status, agent_id, group_id FROM conversations WHERE status IN ('open', 'queued')")


def conversation_times(conn: Connection, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """(id, buyer, created, queued at, last message at) of conversations `ids`."""
    return _conversations(conn, "id, buyer_nick", ids)


def _conversations(conn: Connection, columns: str, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """`columns`, then the created, queued-at and last-message times, of conversations `ids`."""
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(ids), IN_SLICE):
        part = list(ids[i : i + IN_SLICE])
        out += rows(conn, f"SELECT {columns}, {epoch(conn, 'created_at')}, {epoch(conn, 'queued_at')},"
                          f" {epoch(conn, 'last_message_at')} FROM conversations"
                          f" WHERE id IN ({', '.join('?' * len(part))})", part)
    return out


def max_id(conn: Connection, table: str) -> int:
    """The highest id in `table` (0 when empty): where the next tick starts reading."""
    found = rows(conn, f"SELECT MAX(id) FROM {table}")
    return int(found[0][0] or 0) if found else 0


def new_decisions(conn: Connection, after_id: int) -> list[tuple[int, int]]:
    """(id, conversation id) of the routing decisions written after `after_id`: every change
    of a conversation's status, agent or group but a close writes one (routing writes take the
    routing clock's row lock first, so their ids also commit in order on PostgreSQL)."""
    return [(int(a), int(b)) for a, b in rows(
        conn, "SELECT id, conversation_id FROM routing_decisions WHERE id > ?", [after_id])]


def open_fingerprint(conn: Connection) -> tuple[int, int, int, int]:
    """(count, sum of ids, sum of group ids, count queued) of the conversations not closed:
    one aggregate the status index answers alone, so a tick notices a close (which writes no
    routing decision) or any other change of that set without reading it."""
    found = rows(conn, "SELECT COUNT(*), SUM(id), SUM(COALESCE(group_id, 0)),"
                       " SUM(CASE WHEN status = 'queued' THEN 1 ELSE 0 END)"
                       " FROM conversations WHERE status IN ('open', 'queued')")
    n, ids, groups, queued = found[0] if found else (0, 0, 0, 0)
    return int(n or 0), int(ids or 0), int(groups or 0), int(queued or 0)


def open_id_set(conn: Connection) -> set[int]:
    """The ids of the conversations not closed (index only)."""
    return {int(r[0]) for r in rows(conn, "SELECT id FROM conversations WHERE status IN ('open', 'queued')")}


def conversation_state(conn: Connection, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """(id, status, agent id, group id, buyer, created, queued at, last message at) of
    conversations `ids`."""
    return _conversations(conn, "id, status, agent_id, group_id, buyer_nick", ids)
