"""Stored report summaries: the agent report without replaying every message.

- `ConversationSummary` + `SummaryLine`s: `metrics.summarize` over ALL of a conversation's
  messages, exact for every period that holds the whole conversation; with the shop days
  of its first and last message (`first_day`, `last_day`).
- `PairDay` (agent, buyer, shop day) and `BuyerDay`: what decides the §4 buyer counts
  (consulted, replied, ordered) per shop day, which a period of any whole days adds up
  exactly in SQL (`app.models.reporting` explains the packing).
The report (`app.services.reporting.reports`) adds up the lines of the conversations the
period holds whole and replays only those it cuts (see docs/metrics.md, Performance).

The rule that keeps them honest: whatever writes a message or changes an ad verdict calls
`refresh` (recompute now: imports, manual ad flags) or `drop` (the report refreshes the
conversation before it counts: live routing, where a write per message must stay cheap) in
the same transaction, and order imports call `refresh_buyers`.
`tests/unit/test_architecture.py` checks that only the message writer writes messages.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, tzinfo
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Float, Integer, case, cast, delete, exists, func, insert, select
from sqlalchemy.engine import Connection

from app.models.conversations import (
    Conversation,
    ConversationSummary,
    Message,
    Order,
    SummaryLine,
)
from app.models.reporting import AgentDay, BuyerDay, ContactDay, PairDay
from app.models.shop import Shop
from app.services.common import staging
from app.services.common.timeparse import zone
from app.services.conversations.bulk import FETCH, id_filters, insert_rows, slices, stream
from app.services.reporting.metrics import (
    AGENT,
    BUYER,
    ORDER_WINDOW_S,
    QUICK_REPLY_S,
    SLOW_RESPONSE_S,
    Summary,
    summarize,
)

_SUMMARY_COLUMNS = ("conversation_id", "first_at", "last_at", "first_day", "last_day",
                    "handling_agent", "is_ad", "ad_agent")
_SPAN = ("span_first", "span_last", "whole_code", "whole_reply")
_PAIR_COLUMNS = ("agent", "buyer", "day", "first_code", "reply_day", "first_at", *_SPAN)
_BUYER_COLUMNS = ("buyer", "day", "first_code", "reply_day", "first_at", *_SPAN)
_FULL_REBUILD = 20_000  # more buyers than this: rebuild every pair rather than slice by slice
_INF = float("inf")
_LINE_COLUMNS = ("conversation_id", "agent", "buyer", "first_at", "first_seq", "reply_at",
                 "reply_seq", "resp_sum", "resp_n", "first_resp_sum", "first_resp_n", "unanswered",
                 "buyer_messages", "agent_messages", "response_times", "utc_hours", "slow", "quick")
_EPOCH_DAY = date(1970, 1, 1).toordinal()
ANALYZE_MIN_ROWS = 10_000  # PostgreSQL: a write this big refreshes the planner's statistics
NO_ORDER = 3  # the order offset of `first_code` when no order followed within 24 h


class Days:
    """Shop-time days (date ordinals) of POSIX times, for one shop zone."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        probe = [datetime(y, m, 1, 12, tzinfo=UTC) for y in (1992, 2026, 2040) for m in (1, 4, 7, 10)]
        offsets = {p.astimezone(tz).utcoffset() for p in probe}
        # fixed-offset zones (Asia/Shanghai) take one addition, others a conversion per call
        self._shift = offsets.pop().total_seconds() if len(offsets) == 1 else None  # type: ignore[union-attr]

    def __call__(self, ts: float) -> int:
        if self._shift is not None:
            return int((ts + self._shift) // 86400) + _EPOCH_DAY
        return datetime.fromtimestamp(ts, UTC).astimezone(self.tz).date().toordinal()

    @classmethod
    def of(cls, conn: Connection) -> Days:
        """The days of the shop in this database."""
        return cls(zone(conn.scalar(select(Shop.timezone).where(Shop.id == 1))))


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


def spanning(d1: int, d2: int) -> Any:
    """WHERE: summarised conversations that span a shop midnight and touch days d1..d2
    (served by the small partial index on such conversations)."""
    cs = ConversationSummary
    return (cs.first_day != cs.last_day) & (cs.first_day <= d2) & (cs.last_day >= d1)


def day_range(conn: Connection) -> tuple[int | None, int | None]:
    """The first and last shop day any summarised conversation has a message on (indexes
    only: the day index, and the partial one for conversations spanning a midnight)."""
    cs = ConversationSummary
    # two queries: SQLite answers a lone MIN or MAX from the index's ends
    first = conn.scalar(select(func.min(cs.first_day)))
    last = conn.scalar(select(func.max(cs.first_day)))
    later = conn.scalar(select(func.max(cs.last_day)).where(cs.first_day != cs.last_day))
    if later is not None and last is not None:
        last = max(last, later)
    return first, last


def spanning_inside(conn: Connection, d1: int, d2: int) -> list[int]:
    """Sorted ids of the summarised conversations that span a shop midnight and lie inside
    days d1..d2 (a report reads them from their summaries).

    Read apart, then by id: PostgreSQL cannot estimate `first_day <> last_day` (it guesses
    nearly every row), so a join on it became a hash join over every line and rating."""
    cs = ConversationSummary
    return sorted(conn.scalars(select(cs.conversation_id).where(
        spanning(d1, d2) & (cs.first_day >= d1) & (cs.last_day <= d2))))


def conversations_to_replay(conn: Connection, d1: int, d2: int) -> list[int]:
    """Sorted ids of the conversations the period of shop days d1..d2 cuts: those with
    messages inside and outside it (they span one of its edge midnights). Callers `ensure`
    every conversation has a summary first."""
    cs = ConversationSummary
    return sorted(conn.scalars(select(cs.conversation_id).where(
        spanning(d1, d2) & ~((cs.first_day >= d1) & (cs.last_day <= d2))
    )))


def ensure(conn: Connection) -> int:
    """Summarise the conversations that have no summary (live ones whose summary a new
    message dropped, or every one after an upgrade); returns how many were missing."""
    cs = ConversationSummary
    # A summary always has its conversation, so equal counts mean every conversation has
    # one (and spare a probe per conversation).
    if conn.scalar(select(func.count()).select_from(Conversation)) == conn.scalar(
        select(func.count()).select_from(cs)
    ):
        return 0
    ids = list(conn.scalars(
        select(Conversation.id).where(~exists().where(cs.conversation_id == Conversation.id))
    ))
    refresh(conn, ids)
    return len(ids)


def rebuild_all(conn: Connection, progress: Callable[[int, int], None] | None = None) -> int:
    """Every summary made again from the messages (after an upgrade, or on request), in
    slices of conversations; `progress(done, total)` after each. Returns the conversations."""
    conn.execute(delete(SummaryLine))
    conn.execute(delete(ConversationSummary))
    ids = list(conn.scalars(select(Conversation.id).order_by(Conversation.id)))
    days = Days.of(conn)
    stmt = message_rows(conn.dialect.name == "sqlite")
    step = 50_000
    for i in range(0, len(ids), step):
        writer = _Writer(conn, days)
        for summary in summarize(conversation_rows(conn, stmt, ids[i : i + step])):  # type: ignore[arg-type]
            writer.add(summary)
        writer.flush()
        if progress is not None:
            progress(min(i + step, len(ids)), len(ids))
    analyze_if_big(conn, len(ids))
    refresh_buyers(conn, None)
    refresh_agent_days(conn, None)
    return len(ids)


def drop(conn: Connection, conversation_ids: Iterable[int]) -> None:
    """Forget these conversations' summaries: the next report summarises them again."""
    ids = sorted(set(conversation_ids))
    if ids:
        buyers, days = _delete(conn, ids)
        refresh_buyers(conn, buyers)
        refresh_agent_days(conn, days)


def refresh(conn: Connection, conversation_ids: Iterable[int], *,
            also_buyers: Iterable[str] = (), also_days: Iterable[int] = ()) -> int:
    """Recompute the summaries of these conversations from all their messages, and the
    per-day figures they feed (and those of `also_buyers` and `also_days`); returns how
    many conversations were written (one without messages gets none)."""
    written, buyers, days = resummarise(conn, conversation_ids)
    refresh_buyers(conn, buyers | set(also_buyers))
    refresh_agent_days(conn, days | set(also_days))
    return written


def resummarise(conn: Connection, conversation_ids: Iterable[int]) -> tuple[int, set[str], set[int]]:
    """`refresh`'s first half: the conversations' summaries only. Returns how many were
    written, and the buyers and days whose per-day figures they feed (before and after)."""
    ids = sorted(set(conversation_ids))
    if not ids:
        return 0, set(), set()
    buyers, days = _delete(conn, ids)
    writer = _Writer(conn, Days.of(conn))
    for summary in summarize(conversation_rows(conn, message_rows(conn.dialect.name == "sqlite"), ids)):  # type: ignore[arg-type]
        writer.add(summary)
    writer.flush()
    analyze_if_big(conn, writer.written)
    return writer.written, buyers | writer.buyers, days | writer.days


def analyze_if_big(conn: Connection, written: int) -> None:
    """On PostgreSQL, after this many new summaries: fresh statistics for the per-day rebuild
    that reads them next. Planned on the counts of a near-empty table, its join of lines and
    summaries became a nested loop (minutes at 5 M rows). ANALYZE sees this transaction's
    own rows and blocks no writer."""
    if written >= ANALYZE_MIN_ROWS and conn.dialect.name != "sqlite":
        conn.exec_driver_sql("ANALYZE conversation_summaries, summary_lines")


class _Writer:
    """Conversation summaries written in batches; remembers the buyers their lines name."""

    def __init__(self, conn: Connection, days: Days) -> None:
        self.conn = conn
        self.day_of = days
        self.buyers: set[str] = set()
        self.days: set[int] = set()  # days of the one-day conversations written
        self.written = 0
        self._summaries: list[tuple[Any, ...]] = []
        self._lines: list[tuple[Any, ...]] = []

    def add(self, s: Summary) -> None:
        summary, lines = summary_records(s, self.day_of)
        if summary[3] == summary[4]:
            self.days.add(summary[3])
        self._summaries.append(summary)
        self._lines.extend(lines)
        self.buyers.update(line[2] for line in lines)
        if len(self._lines) >= FETCH:
            self.flush()

    def flush(self) -> None:
        _insert(self.conn, ConversationSummary, _SUMMARY_COLUMNS, self._summaries)
        _insert(self.conn, SummaryLine, _LINE_COLUMNS, self._lines)
        self.written += len(self._summaries)
        self._summaries, self._lines = [], []


def summary_records(s: Summary, day_of: Callable[[float], int]) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """A summary as its `ConversationSummary` row and its `SummaryLine` rows (the
    `_SUMMARY_COLUMNS` and `_LINE_COLUMNS` orders), the conversation id as the summary has it."""
    first_day, last_day = day_of(s.first_at), day_of(s.last_at)
    lines = []
    for line in s.lines:
        slow = quick = 0
        if line.resp_n:
            for t in line.response_times.split():
                rt = float(t)
                slow += rt > SLOW_RESPONSE_S
                quick += rt <= QUICK_REPLY_S
        lines.append((s.conversation_id, *line, slow, quick))
    return (s.conversation_id, s.first_at, s.last_at, first_day, last_day, s.handling, bool(s.ad),
            s.ad_agent), lines


def write_records(conn: Connection, summary_rows: list[tuple[Any, ...]], line_rows: list[tuple[Any, ...]]) -> None:
    """Store `summary_records` made elsewhere (the chat import's reader)."""
    _insert(conn, ConversationSummary, _SUMMARY_COLUMNS, summary_rows)
    _insert(conn, SummaryLine, _LINE_COLUMNS, line_rows)


def _delete(conn: Connection, ids: list[int]) -> tuple[set[str], set[int]]:
    """Delete these conversations' summaries; returns the buyers their lines named and the
    days of those that lay inside one day. (Lines are deleted explicitly rather than
    trusting foreign-key cascades.)"""
    buyers: set[str] = set()
    days: set[int] = set()
    cs = ConversationSummary
    for part in slices(ids):
        buyers.update(conn.scalars(
            select(SummaryLine.buyer).where(SummaryLine.conversation_id.in_(part)).distinct()
        ))
        days.update(conn.scalars(select(cs.first_day).where(
            cs.conversation_id.in_(part) & (cs.first_day == cs.last_day)).distinct()))
        conn.execute(delete(SummaryLine).where(SummaryLine.conversation_id.in_(part)))
        conn.execute(delete(cs).where(cs.conversation_id.in_(part)))
    return buyers, days


def refresh_buyers(conn: Connection, buyers: Iterable[str] | None = None) -> None:
    """Recompute the per-day pair and buyer figures of these buyers (None: of everybody)
    from their conversations' summary lines and their orders, and the per-day counts
    (`ContactDay`) they feed. Imports of orders call it."""
    is_sqlite = conn.dialect.name == "sqlite"
    wanted = None if buyers is None else sorted(set(buyers))
    if wanted is not None and not wanted:
        return
    staging.note_changes(conn, "buyer", wanted)
    days = Days.of(conn)
    counts: Counter[tuple[int, str, int]] = Counter()  # (day, agent, 0|1|2) → change
    if wanted is None or (is_sqlite and len(wanted) > _FULL_REBUILD):
        # SQLite has one writer at a time: rewriting every buyer's rows keeps no one waiting
        conn.execute(delete(PairDay))
        conn.execute(delete(BuyerDay))
        conn.execute(delete(ContactDay))
        _rebuild(conn, None, is_sqlite, days, counts)
        _add_contacts(conn, counts)
        return
    if len(wanted) > _FULL_REBUILD:
        _rebuild_many(conn, wanted, days, counts)
        _add_contacts(conn, counts)
        return
    pd, bd = PairDay, BuyerDay
    for part in slices(wanted):
        # what these buyers counted before is taken back, what they count now added
        for agent, day, code in conn.execute(
            select(pd.agent, pd.day, pd.first_code).where(pd.buyer.in_(part) & (pd.agent != ""))
        ):
            _count(counts, day, agent, code, -1)
        for day, code in conn.execute(select(bd.day, bd.first_code).where(bd.buyer.in_(part))):
            _count(counts, day, "", code, -1)
        conn.execute(delete(pd).where(pd.buyer.in_(part)))
        conn.execute(delete(bd).where(bd.buyer.in_(part)))
        _rebuild(conn, list(part), is_sqlite, days, counts)
    _add_contacts(conn, counts)


def _rebuild_many(conn: Connection, wanted: list[str], days: Days,
                  counts: Counter[tuple[int, str, int]]) -> None:
    """PostgreSQL, many buyers (a big import): every buyer's lines are streamed once, which
    is cheaper than slices of IN lists, but only these buyers' rows are replaced. Rows this
    transaction rewrites stay locked until it commits; a live event refreshing another
    buyer, or adding to a day this import does not touch, must not wait for that."""
    chosen = "JOIN unnest(CAST(%(buyers)s AS text[])) AS w(buyer) ON t.buyer = w.buyer"
    given = {"buyers": wanted}
    for agent, day, code in conn.exec_driver_sql(
            f"SELECT t.agent, t.day, t.first_code FROM pair_days t {chosen} WHERE t.agent <> ''", given):
        _count(counts, day, agent, code, -1)
    for day, code in conn.exec_driver_sql(f"SELECT t.day, t.first_code FROM buyer_days t {chosen}", given):
        _count(counts, day, "", code, -1)
    for table in ("pair_days", "buyer_days"):
        conn.exec_driver_sql(
            f"DELETE FROM {table} t USING unnest(CAST(%(buyers)s AS text[])) AS w(buyer)"
            " WHERE t.buyer = w.buyer", given)
    _rebuild(conn, None, False, days, counts, only=set(wanted))


def _count(counts: Counter[tuple[int, str, int]], day: int, agent: str, code: int | None,
           sign: int) -> None:
    """One pair's (buyer's) day in the single-day counts: consulted, replied, ordered."""
    if code is None:
        return
    counts[(day, agent, 0)] += sign
    if code % 8 < 4:
        counts[(day, agent, 1)] += sign
    if code % 4 == 0:
        counts[(day, agent, 2)] += sign


def _add_contacts(conn: Connection, counts: Counter[tuple[int, str, int]]) -> None:
    """Add these changes to `ContactDay` (rows made as needed)."""
    rows: dict[tuple[int, str], list[int]] = {}
    for (day, agent, which), n in counts.items():
        if n:
            rows.setdefault((day, agent), [0, 0, 0])[which] += n
    if not rows:
        return
    cd = ContactDay
    values = [{"day": d, "agent": a, "consulted": c, "replied": r, "ordered": o}
              for (d, a), (c, r, o) in rows.items()]
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as upsert
    else:
        from sqlalchemy.dialects.postgresql import insert as upsert  # type: ignore[assignment]
    stmt = upsert(cd)
    stmt = stmt.on_conflict_do_update(index_elements=[cd.day, cd.agent], set_={
        "consulted": cd.consulted + stmt.excluded.consulted,
        "replied": cd.replied + stmt.excluded.replied,
        "ordered": cd.ordered + stmt.excluded.ordered,
    })
    for part in slices(values, FETCH):
        conn.execute(stmt, list(part))


Key = tuple[float, int]  # (time, import order): message order


def day_contacts(rows: Iterable[Sequence[Any]], days: Callable[[float], int],
                 wanted: set[str] | None = None) -> dict[str, dict[tuple[str, int], list[Any]]]:
    """buyer → (agent, day) → [first non-ad buyer message, last human reply] (as (time, seq)
    keys, or None) of `MsgRow`-like rows with float times — the part of `summarize` the
    per-day figures need, split at shop midnights. Pairs exist as `summarize` makes lines:
    for every agent named on a row, and for buyer and agent rows that name nobody."""
    out: dict[str, dict[tuple[str, int], list[Any]]] = {}
    for _cid, sender, buyer, agent, at, is_ad, seq in rows:
        if wanted is not None and buyer not in wanted:
            continue
        agent = agent or ""
        if not agent and sender != BUYER and sender != AGENT:
            continue
        entry = out.setdefault(buyer, {}).setdefault((agent, days(at)), [None, None])
        if sender == BUYER and not is_ad:
            if entry[0] is None or (at, seq) < entry[0]:
                entry[0] = (at, seq)
        elif sender == AGENT and (entry[1] is None or (at, seq) > entry[1]):
            entry[1] = (at, seq)
    return out


def _rebuild(conn: Connection, buyers: list[str] | None, is_sqlite: bool, days: Days,
             counts: Counter[tuple[int, str, int]], only: set[str] | None = None) -> None:
    """Write the per-day rows of `buyers` (None: of everybody, or of the buyers in `only`)."""
    ln, c, o = SummaryLine, ConversationSummary, Order
    orders_stmt = select(o.buyer_nick, epoch(o.paid_at, is_sqlite))
    lines_stmt = (
        select(ln.buyer, ln.agent, c.first_day, ln.first_at, ln.first_seq, ln.reply_at, ln.reply_seq)
        .join(c, c.conversation_id == ln.conversation_id)
        .where(c.first_day == c.last_day)
        .order_by(ln.buyer, ln.agent)
    )
    multi_stmt = select(c.conversation_id).where(c.first_day != c.last_day)
    if buyers is not None:
        orders_stmt = orders_stmt.where(o.buyer_nick.in_(buyers))
        lines_stmt = lines_stmt.where(ln.buyer.in_(buyers))
        multi_stmt = multi_stmt.where(exists().where(
            (ln.conversation_id == c.conversation_id) & ln.buyer.in_(buyers)))
    paid: dict[str, list[float]] = {}
    for buyer, at in conn.execute(orders_stmt):
        paid.setdefault(buyer, []).append(at)
    for times in paid.values():
        times.sort()
    # conversations that span a midnight: their contacts split by day, from their messages
    multi = sorted(conn.scalars(multi_stmt))
    spanning = day_contacts(conversation_rows(conn, message_rows(is_sqlite), multi), days,
                            None if buyers is None else set(buyers))
    pairs: list[tuple[Any, ...]] = []
    people: list[tuple[Any, ...]] = []

    def emit(buyer: str, contacts: dict[tuple[str, int], list[Any]]) -> None:
        if only is not None and buyer not in only:
            return
        times = paid.get(buyer)
        by_day: dict[int, list[Any]] = {}
        by_agent: dict[str, list[tuple[Any, ...]]] = {}
        for (agent, day), (first, reply) in contacts.items():
            by_agent.setdefault(agent, []).append((day, *_codes(day, first, reply, times, days)))
            both = by_day.setdefault(day, [None, None])
            if first is not None and (both[0] is None or first < both[0]):
                both[0] = first
            if reply is not None and (both[1] is None or reply > both[1]):
                both[1] = reply
        for agent, rows in by_agent.items():
            span = _span(rows)
            pairs.extend((agent, buyer, *row, *span) for row in rows)
            if agent:
                for row in rows:
                    _count(counts, row[0], agent, row[1], 1)
        rows = [(day, *_codes(day, first, reply, times, days)) for day, (first, reply) in by_day.items()]
        span = _span(rows)
        people.extend((buyer, *row, *span) for row in rows)
        for row in rows:
            _count(counts, row[0], "", row[1], 1)
        if len(pairs) >= FETCH:
            _flush_days(conn, pairs, people)

    rows = stream(conn, lines_stmt)
    for buyer, buyer_rows in groupby(rows, key=itemgetter(0)):
        contacts = spanning.pop(buyer, {})
        for _b, agent, day, fa, fs, ra, rq in buyer_rows:
            entry = contacts.setdefault((agent, day), [None, None])
            if fa is not None and (entry[0] is None or (fa, fs) < entry[0]):
                entry[0] = (fa, fs)
            if ra is not None and (entry[1] is None or (ra, rq) > entry[1]):
                entry[1] = (ra, rq)
        emit(buyer, contacts)
    for buyer, contacts in spanning.items():  # buyers only spanning conversations name
        emit(buyer, contacts)
    _flush_days(conn, pairs, people)


def _flush_days(conn: Connection, pairs: list[tuple[Any, ...]], people: list[tuple[Any, ...]]) -> None:
    _insert(conn, PairDay, _PAIR_COLUMNS, pairs)
    _insert(conn, BuyerDay, _BUYER_COLUMNS, people)
    pairs.clear()
    people.clear()


def _span(rows: list[tuple[Any, ...]]) -> tuple[int, int, int | None, int | None]:
    """(first day, last day, MIN(first_code), MAX(reply_day)) of (day, code, reply_day, …) rows."""
    if len(rows) == 1:  # most pairs and buyers: one day
        day, code, reply_day = rows[0][:3]
        return day, day, code, reply_day
    codes = [r[1] for r in rows if r[1] is not None]
    replies = [r[2] for r in rows if r[2] is not None]
    return (min(r[0] for r in rows), max(r[0] for r in rows), min(codes) if codes else None,
            max(replies) if replies else None)


def days_of(conn: Connection, conversation_ids: Sequence[int]) -> set[int]:
    """The days of these conversations that lie inside one day (their per-day figures)."""
    cs = ConversationSummary
    out: set[int] = set()
    for part in slices(sorted(conversation_ids)):
        out.update(conn.scalars(select(cs.first_day).where(
            cs.conversation_id.in_(part) & (cs.first_day == cs.last_day)).distinct()))
    return out


def refresh_agent_days(conn: Connection, days: Iterable[int] | None = None) -> None:
    """Recompute the `AgentDay` rows of these shop days (None: of every day) from the
    summaries of the conversations inside one day, and their ratings."""
    from sqlalchemy import literal, union_all

    from app.models.conversations import Rating

    cs, ln, ad = ConversationSummary, SummaryLine, AgentDay
    wanted = None if days is None else sorted(set(days))
    if wanted is not None and not wanted:
        return
    staging.note_changes(conn, "day", wanted)
    zero, one = literal(0), literal(1)
    sums = ("resp_sum", "resp_n", "first_resp_sum", "first_resp_n", "unanswered", "slow", "quick",
            "buyer_messages", "agent_messages")
    parts = [None] if wanted is None else list(slices(wanted))
    for part in parts:
        one_day = cs.first_day == cs.last_day
        if part is not None:
            one_day = one_day & cs.first_day.in_(part)
            conn.execute(delete(ad).where(ad.day.in_(part)))
        else:
            conn.execute(delete(ad))
        lines = (select(ln.agent.label("agent"), cs.first_day.label("day"),
                        *(getattr(ln, c).label(c) for c in sums),
                        zero.label("ads"), zero.label("rated"), zero.label("satisfied"))
                 .join(cs, cs.conversation_id == ln.conversation_id).where(one_day))
        ads = (select(cs.ad_agent, cs.first_day, *(zero for _c in sums), one, zero, zero)
               .where(one_day & cs.is_ad))
        rated = (select(cs.handling_agent, cs.first_day, *(zero for _c in sums), zero, one,
                        case((Rating.rating >= 4, 1), else_=0))
                 .join(Rating, Rating.conversation_id == cs.conversation_id).where(one_day & ~cs.is_ad))
        every = union_all(lines, ads, rated).subquery()
        columns = (*sums, "ads", "rated", "satisfied")
        conn.execute(insert(ad).from_select(
            ["agent", "day", *columns, "utc_hours"],
            select(every.c.agent, every.c.day, *(func.sum(every.c[c]) for c in columns), literal(""))
            .group_by(every.c.agent, every.c.day),
        ))
        _add_hours(conn, one_day)


def _add_hours(conn: Connection, one_day: Any) -> None:
    """Fill `AgentDay.utc_hours` from the lines of the one-day conversations `one_day` picks."""
    cs, ln = ConversationSummary, SummaryLine
    hours: dict[tuple[str, int], dict[int, int]] = {}
    # Streamed, not grouped in SQL: nearly every line's "hour:count …" text differs from the
    # others of its (agent, day), but the same few texts recur across the whole shop, so
    # each is parsed once.
    parsed: dict[str, list[tuple[int, int]]] = {}
    for agent, day, text in stream(conn, select(ln.agent, cs.first_day, ln.utc_hours)
                                   .join(cs, cs.conversation_id == ln.conversation_id)
                                   .where(one_day & (ln.buyer_messages > 0))):
        items = parsed.get(text)
        if items is None:
            if len(parsed) >= FETCH:
                parsed.clear()
            items = parsed[text] = [(int(h), int(n)) for h, n in (item.split(":") for item in text.split())]
        counter = hours.get((agent, day))
        if counter is None:
            counter = hours[(agent, day)] = {}
        for h, n in items:
            counter[h] = counter.get(h, 0) + n
    rows = [{"a": agent, "d": day, "h": " ".join(f"{h}:{n}" for h, n in sorted(c.items()))}
            for (agent, day), c in hours.items()]
    if rows:
        from sqlalchemy import bindparam, update

        conn.execute(update(AgentDay).where((AgentDay.agent == bindparam("a")) & (AgentDay.day == bindparam("d")))
                     .values(utc_hours=bindparam("h")), rows)


def _codes(day: int, first: Key | None, reply: Key | None, paid: list[float] | None,
           days: Days) -> tuple[int | None, int | None, float | None]:
    """(first_code, reply_day, first message time) of one pair's (buyer's) day."""
    reply_day = None if reply is None else day
    if first is None:
        return None, reply_day, None
    offset = NO_ORDER
    if paid:
        i = bisect.bisect_left(paid, first[0])
        if i < len(paid) and paid[i] <= first[0] + ORDER_WINDOW_S:
            offset = days(paid[i]) - day
    same_day = 0 if reply is not None and reply > first else 4
    return day * 8 + same_day + offset, reply_day, first[0]


def _insert(conn: Connection, table: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if rows:  # an empty COPY would still cost PostgreSQL a round trip (live refreshes make many)
        insert_rows(conn, table.__tablename__, columns, rows)
