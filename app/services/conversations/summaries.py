"""Stored report summaries: the agent report without replaying every message.

- `ConversationSummary` + `SummaryLine`s: `metrics.summarize` over ALL of a conversation's
  messages, exact for every period that holds the whole conversation.
- `PairSummary` (agent, buyer) and `BuyerSummary`: those lines added up over all the
  pair's (buyer's) summarised conversations, with the earliest order within 24 h of the
  first message; exact for every period that holds the pair's (buyer's) span.
The report (`app.services.reporting.reports`) counts whole pairs and buyers in SQL and adds up lines
or replays messages only for what the period cuts (see docs/metrics.md, Performance).

The rule that keeps them honest: whatever writes a message or changes an ad verdict calls
`refresh` (recompute now: imports, manual ad flags) or `drop` (the report replays the
conversation: live routing, where a write per message must stay cheap) in the same
transaction, and order imports call `refresh_buyers`. `tests/test_architecture.py` checks
that every service module writing messages calls one of them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Float, Integer, cast, delete, exists, func, insert, select
from sqlalchemy.engine import Connection

from app.models.conversations import (
    BuyerSummary,
    Conversation,
    ConversationSummary,
    Message,
    Order,
    PairSummary,
    SummaryLine,
)
from app.services.reporting.metrics import ORDER_WINDOW_S, Summary, summarize

FETCH = 20_000  # rows per fetch when streaming messages
_IN_SLICE = 500  # ids per IN (...)
_WINDOW = 20_000  # conversation ids per range query when the ids are dense

_SUMMARY_COLUMNS = ("conversation_id", "first_at", "last_at", "handling_agent", "is_ad", "ad_agent")
_PAIR_COLUMNS = ("agent", "buyer", "span_first", "span_last", "consulted", "replied", "order_at",
                 "resp_sum", "resp_n", "first_resp_sum", "first_resp_n", "unanswered")
_BUYER_COLUMNS = ("buyer", "span_first", "span_last", "consulted", "replied", "order_at")
_FULL_REBUILD = 20_000  # more buyers than this: rebuild every pair rather than slice by slice
_INF = float("inf")
_LINE_COLUMNS = ("conversation_id", "agent", "buyer", "first_at", "first_seq", "reply_at",
                 "reply_seq", "resp_sum", "resp_n", "first_resp_sum", "first_resp_n", "unanswered",
                 "buyer_messages", "agent_messages", "response_times", "utc_hours")


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


def slices(items: Sequence[Any], size: int = _IN_SLICE) -> Iterator[Sequence[Any]]:
    """`items` in runs of at most `size`, for `IN (...)` lists."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def conversation_rows(conn: Connection, stmt: Any, ids: Sequence[int],
                      where: Any = None) -> Iterator[Sequence[Any]]:
    """The rows of `stmt` (a `message_rows()` select, ordered by conversation) for the
    sorted conversation `ids`, and `where` when given."""
    for cover, keep in id_filters(ids, Message.conversation_id):
        rows = stream(conn, stmt.where(cover if where is None else cover & where))
        if keep is None:
            yield from rows
        else:
            yield from (r for r in rows if r[0] in keep)


def conversations_to_replay(conn: Connection, lo: float, hi: float) -> list[int]:
    """Sorted ids of the conversations a period `[lo, hi)` (POSIX seconds) must replay from
    their messages: those with a summary the period cuts, and those without a summary."""
    cs = ConversationSummary
    ids = set(conn.scalars(select(cs.conversation_id).where(
        (cs.first_at < hi) & (cs.last_at >= lo) & ~((cs.first_at >= lo) & (cs.last_at < hi))
    )))
    # A summary always has its conversation, so equal counts mean every conversation has
    # one (and spare a probe per conversation).
    if conn.scalar(select(func.count()).select_from(Conversation)) != conn.scalar(
        select(func.count()).select_from(cs)
    ):
        ids.update(conn.scalars(
            select(Conversation.id).where(~exists().where(cs.conversation_id == Conversation.id))
        ))
    return sorted(ids)


def drop(conn: Connection, conversation_ids: Iterable[int]) -> None:
    """Forget these conversations' summaries: the report then replays their messages."""
    ids = sorted(set(conversation_ids))
    if ids:
        refresh_buyers(conn, _delete(conn, ids))


def refresh(conn: Connection, conversation_ids: Iterable[int], *,
            also_buyers: Iterable[str] = ()) -> int:
    """Recompute the summaries of these conversations from all their messages, and the
    pair and buyer summaries they feed (and those of `also_buyers`); returns how many
    conversations were written (one without messages gets none)."""
    ids = sorted(set(conversation_ids))
    buyers = set(also_buyers)
    if not ids:
        refresh_buyers(conn, buyers)
        return 0
    buyers |= _delete(conn, ids)
    writer = _Writer(conn)
    for summary in summarize(conversation_rows(conn, message_rows(conn.dialect.name == "sqlite"), ids)):  # type: ignore[arg-type]
        writer.add(summary)
    writer.flush()
    refresh_buyers(conn, buyers | writer.buyers)
    return writer.written


class _Writer:
    """Conversation summaries written in batches; remembers the buyers their lines name."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.buyers: set[str] = set()
        self.written = 0
        self._summaries: list[tuple[Any, ...]] = []
        self._lines: list[tuple[Any, ...]] = []

    def add(self, s: Summary) -> None:
        self._summaries.append((s.conversation_id, s.first_at, s.last_at, s.handling, bool(s.ad),
                                s.ad_agent))
        for line in s.lines:
            self._lines.append((s.conversation_id, *line))
            self.buyers.add(line.buyer)
        if len(self._lines) >= FETCH:
            self.flush()

    def flush(self) -> None:
        _insert(self.conn, ConversationSummary, _SUMMARY_COLUMNS, self._summaries)
        _insert(self.conn, SummaryLine, _LINE_COLUMNS, self._lines)
        self.written += len(self._summaries)
        self._summaries, self._lines = [], []


class ImportSummaries:
    """Summaries of an import's new conversations, made from the rows as they are written
    (SQLite: ids are known without reading back), instead of reading every message again.

    Exact when a file keeps each conversation's rows together, as exports do; a
    conversation whose rows come back after another one started is `scattered`: its early
    summary is dropped and made from the database by `refresh` at the end."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.current: int | None = None
        self.rows: list[tuple[Any, ...]] = []
        self.closed: set[int] = set()
        self.scattered: set[int] = set()
        self.writer = _Writer(conn)
        self._minutes: dict[str, int] = {}  # "YYYY-MM-DD HH:MM" (UTC) → POSIX seconds

    def add_many(self, rows: Iterable[tuple[Sequence[Any], int]]) -> None:
        """New messages in file order: (message row as inserted, its id). The row holds
        conversation_id, sender, buyer, agent, stored UTC text, content, ad verdict, … (the
        import's `_MESSAGE_COLUMNS` order)."""
        minutes = self._minutes
        for (cid, sender, buyer, agent, stamp, _content, is_ad, *_rest), seq in rows:
            if cid != self.current:
                self._close()
                if cid in self.closed:
                    self.scattered.add(cid)
                    continue
                self.current = cid
            # the database's `epoch()` exactly: whole seconds plus the parsed fraction
            minute = minutes.get(stamp[:16])
            if minute is None:
                if len(minutes) > 500_000:
                    minutes.clear()
                minute = minutes[stamp[:16]] = int(datetime.fromisoformat(
                    stamp[:16] + ":00+00:00").timestamp())
            frac = stamp[19:]
            at = minute + int(stamp[17:19]) + (float(frac) if frac != ".000000" else 0.0)
            self.rows.append((cid, sender, buyer, agent or "", at, is_ad, seq))

    def _close(self) -> None:
        if self.current is None:
            return
        self.rows.sort(key=itemgetter(4, 6))  # message order: time, then import order
        for summary in summarize(self.rows):  # type: ignore[arg-type]
            self.writer.add(summary)
        self.closed.add(self.current)
        self.current = None
        self.rows = []

    @property
    def buyers(self) -> set[str]:
        """The buyers named by the summaries made so far."""
        return self.writer.buyers

    def finish(self) -> set[int]:
        """Write what is pending; returns the scattered conversations (for `refresh`)."""
        self._close()
        self.writer.flush()
        return self.scattered


def _delete(conn: Connection, ids: list[int]) -> set[str]:
    """Delete these conversations' summaries; returns the buyers their lines named.
    (Lines are deleted explicitly rather than trusting foreign-key cascades.)"""
    buyers: set[str] = set()
    for part in slices(ids):
        buyers.update(conn.scalars(
            select(SummaryLine.buyer).where(SummaryLine.conversation_id.in_(part)).distinct()
        ))
        conn.execute(delete(SummaryLine).where(SummaryLine.conversation_id.in_(part)))
        conn.execute(delete(ConversationSummary).where(ConversationSummary.conversation_id.in_(part)))
    return buyers


def refresh_buyers(conn: Connection, buyers: Iterable[str] | None = None) -> None:
    """Recompute the pair and buyer summaries of these buyers (None: of everybody) from
    their conversations' summary lines and their orders. Imports of orders call it too."""
    is_sqlite = conn.dialect.name == "sqlite"
    wanted = None if buyers is None else sorted(set(buyers))
    if wanted is not None and not wanted:
        return
    if wanted is None or len(wanted) > _FULL_REBUILD:
        conn.execute(delete(PairSummary))
        conn.execute(delete(BuyerSummary))
        _rebuild(conn, None, is_sqlite)
        return
    for part in slices(wanted):
        conn.execute(delete(PairSummary).where(PairSummary.buyer.in_(part)))
        conn.execute(delete(BuyerSummary).where(BuyerSummary.buyer.in_(part)))
        _rebuild(conn, part, is_sqlite)


def _rebuild(conn: Connection, buyers: list[str] | None, is_sqlite: bool) -> None:
    ln, c, o = SummaryLine, ConversationSummary, Order
    orders_stmt = select(o.buyer_nick, epoch(o.paid_at, is_sqlite))
    lines_stmt = (
        select(ln.buyer, ln.agent, c.first_at, c.last_at, ln.first_at, ln.first_seq, ln.reply_at,
               ln.reply_seq, ln.resp_sum, ln.resp_n, ln.first_resp_sum, ln.first_resp_n, ln.unanswered)
        .join(c, c.conversation_id == ln.conversation_id)
        .order_by(ln.buyer, ln.agent)
    )
    if buyers is not None:
        orders_stmt = orders_stmt.where(o.buyer_nick.in_(buyers))
        lines_stmt = lines_stmt.where(ln.buyer.in_(buyers))
    paid: dict[str, list[float]] = {}
    for buyer, at in conn.execute(orders_stmt):
        paid.setdefault(buyer, []).append(at)
    for times in paid.values():
        times.sort()
    pairs: list[tuple[Any, ...]] = []
    people: list[tuple[Any, ...]] = []
    for buyer, rows in groupby(stream(conn, lines_stmt), key=itemgetter(0)):
        times = paid.get(buyer)
        b_span = [_INF, -_INF]
        b_first: Any = None
        b_reply: Any = None
        for agent, agent_rows in groupby(rows, key=itemgetter(1)):
            span_first, span_last = _INF, -_INF
            first: Any = None
            reply: Any = None
            rsum = fsum = 0.0
            rn = fn = un = 0
            for _b, _a, cf, cl, fa, fs, ra, rq, r_sum, r_n, f_sum, f_n, u in agent_rows:
                span_first = min(span_first, cf)
                span_last = max(span_last, cl)
                if fa is not None and (first is None or (fa, fs) < first):
                    first = (fa, fs)
                if ra is not None and (reply is None or (ra, rq) > reply):
                    reply = (ra, rq)
                rsum += r_sum
                rn += r_n
                fsum += f_sum
                fn += f_n
                un += u
            pairs.append((agent, buyer, span_first, span_last, *_contact(first, reply, times),
                          rsum, rn, fsum, fn, un))
            b_span = [min(b_span[0], span_first), max(b_span[1], span_last)]
            if first is not None and (b_first is None or first < b_first):
                b_first = first
            if reply is not None and (b_reply is None or reply > b_reply):
                b_reply = reply
        people.append((buyer, b_span[0], b_span[1], *_contact(b_first, b_reply, times)))
        if len(pairs) >= FETCH:
            _insert(conn, PairSummary, _PAIR_COLUMNS, pairs)
            _insert(conn, BuyerSummary, _BUYER_COLUMNS, people)
            pairs, people = [], []
    _insert(conn, PairSummary, _PAIR_COLUMNS, pairs)
    _insert(conn, BuyerSummary, _BUYER_COLUMNS, people)


def _contact(first: Any, reply: Any, paid: list[float] | None) -> tuple[bool, bool, float | None]:
    """(consulted, replied, earliest order within 24 h after the first message)."""
    if first is None:
        return False, False, None
    order_at = None
    if paid:
        i = bisect.bisect_left(paid, first[0])
        if i < len(paid) and paid[i] <= first[0] + ORDER_WINDOW_S:
            order_at = paid[i]
    return True, reply is not None and reply > first, order_at


def _insert(conn: Connection, table: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: UP032
            table.__tablename__, ", ".join(columns), ", ".join("?" * len(columns)))
        cursor = conn.connection.driver_connection.cursor()
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()
    else:
        conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])


