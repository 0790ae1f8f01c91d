"""The §4 tallies of a period, and of every day of a period in one pass (the daily trend).

Three sources, none of them a replay of every message:
- buyer counts (consulted, replied, ordered) from the per-day figures `PairDay`/`BuyerDay`,
  added up in SQL for any run of whole shop days (`app.models.reporting`);
- turns, ads and ratings of the conversations the period holds whole, from their stored
  summaries, in SQL;
- turns, ads and ratings of the conversations the period cuts (they span one of its edge
  midnights; for the trend, every conversation that spans a midnight) replayed from their
  in-period messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from app.models.conversations import Conversation, ConversationSummary, Message, Rating, SummaryLine
from app.models.reporting import AgentDay, BuyerDay, ContactDay, PairDay
from app.services.conversations import bulk, summaries
from app.services.reporting.metrics import Summary, Tally, summarize

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.common.database import Database


def _contact_columns(code: Any, reply_day: Any, last_day: int) -> tuple[Any, Any, Any]:
    """consulted, replied, ordered from a pair's (buyer's) MIN(first_code), MAX(reply_day)
    over the period's days (`app.models.reporting` explains the packing)."""
    first_day = code // 8
    replied = case(((code.is_not(None) & ((reply_day > first_day) | (code % 8 < 4))), 1), else_=0)
    ordered = case(((code % 4 != summaries.NO_ORDER) & (first_day + code % 4 <= last_day), 1), else_=0)
    return func.count(code), func.coalesce(func.sum(replied), 0), func.coalesce(func.sum(ordered), 0)


def _counts(code: int | None, reply_day: int | None, last_day: int) -> tuple[int, int, int]:
    """`_contact_columns` of one pair (buyer) in Python."""
    if code is None:
        return 0, 0, 0
    first_day, offset = code // 8, code % 4
    replied = code % 8 < 4 or (reply_day is not None and reply_day > first_day)
    ordered = offset != summaries.NO_ORDER and first_day + offset <= last_day
    return 1, int(replied), int(ordered)


def add_pair_contacts(conn: Connection, tally: Tally, d1: int, d2: int) -> None:
    """consulted, replied and ordered per agent, days d1..d2 (ordinals), without grouping
    the pairs: the single-day counts (`ContactDay`) of the period's days, which are right
    for every pair with one day in the period except for orders paid a day or two after
    that day; then those orders, and the pairs with several days in the period (few), read
    row by row and counted as they are minus what the single-day counts gave them."""
    cd, pd = ContactDay, PairDay
    for agent, consulted, replied, ordered in conn.execute(
        select(cd.agent, func.sum(cd.consulted), func.sum(cd.replied), func.sum(cd.ordered))
        .where(cd.day.between(d1, d2) & (cd.agent != "")).group_by(cd.agent)
    ):
        tally.add_pair_counts(agent, int(consulted or 0), int(replied or 0), int(ordered or 0),
                              0.0, 0, 0.0, 0, 0)
    if d1 == d2:
        return  # one day: its single-day counts are the period's
    offset = pd.first_code % 4
    # (the most selective tests first)
    for agent, n in conn.execute(
        select(pd.agent, func.count())
        .where(offset.between(1, 2) & pd.day.between(d1, d2) & (pd.day + offset <= d2)
               & (pd.span_first == pd.span_last) & (pd.agent != ""))
        .group_by(pd.agent)
    ):
        tally.add_pair_counts(agent, 0, 0, int(n), 0.0, 0, 0.0, 0, 0)
    multi = select(pd.agent, pd.buyer, pd.first_code, pd.reply_day).where(
        (pd.span_first != pd.span_last) & pd.day.between(d1, d2) & (pd.agent != ""))
    # (few rows: on PostgreSQL a plain query, which a server-side cursor would plan worse)
    rows = bulk.stream(conn, multi) if conn.dialect.name == "sqlite" else conn.execute(multi)
    pairs: dict[tuple[str, str], list[Any]] = {}  # code, reply day; what the single-day counts gave
    for agent, buyer, first_code, reply_day in rows:
        pair = pairs.get((agent, buyer))
        if pair is None:
            pair = pairs[(agent, buyer)] = [None, None, 0, 0, 0]
        if first_code is not None:
            if pair[0] is None or first_code < pair[0]:
                pair[0] = first_code
            pair[2] += 1
            pair[3] += first_code % 8 < 4
            pair[4] += first_code % 4 == 0
        if reply_day is not None and (pair[1] is None or reply_day > pair[1]):
            pair[1] = reply_day
    change: dict[str, list[int]] = {}  # agent → consulted, replied, ordered to add
    for (agent, _buyer), (code, reply, consulted, replied, ordered) in pairs.items():
        c, r, o = _counts(code, reply, d2)
        acc = change.setdefault(agent, [0, 0, 0])
        acc[0] += c - consulted
        acc[1] += r - replied
        acc[2] += o - ordered
    for agent, (c, r, o) in change.items():
        tally.add_pair_counts(agent, c, r, o, 0.0, 0, 0.0, 0, 0)


def add_buyer_contacts(conn: Connection, tally: Tally, d1: int, d2: int) -> None:
    """The shop's consulted, replied and ordered, days d1..d2: buyers whose whole span lies
    inside from one row each, the others by grouping their in-period days."""
    bd, cd = BuyerDay, ContactDay
    if d1 == d2:  # one day: its single-day counts
        row = conn.execute(select(cd.consulted, cd.replied, cd.ordered)
                           .where((cd.day == d1) & (cd.agent == ""))).first()
        if row is not None:
            tally.add_buyer_counts(*row)
        return
    inside = (bd.span_first >= d1) & (bd.span_last <= d2)
    tally.add_buyer_counts(*conn.execute(
        select(*_contact_columns(bd.whole_code, bd.whole_reply, d2))
        .where(inside & (bd.day == bd.span_first))).one())
    first, last = summaries.day_range(conn)
    if first is None or last is None or (d1 <= first and last <= d2):
        return  # the period holds every day there is: no span crosses its edges
    people = (
        select(func.min(bd.first_code).label("code"), func.max(bd.reply_day).label("rd"))
        .where(bd.day.between(d1, d2) & ~inside).group_by(bd.buyer).subquery()
    )
    tally.add_buyer_counts(*conn.execute(
        select(*_contact_columns(people.c.code, people.c.rd, d2))).one())


def add_contacts(conn: Connection, tally: Tally, d1: int, d2: int) -> None:
    """consulted, replied and ordered per agent and for the shop, days d1..d2 (ordinals)."""
    add_pair_contacts(conn, tally, d1, d2)
    add_buyer_contacts(conn, tally, d1, d2)


def add_whole_conversations(conn: Connection, tally: Tally, lo: float, hi: float,
                            d1: int, d2: int) -> None:
    """Turns, ads and ratings of the conversations inside `[lo, hi)` = days d1..d2: those
    inside one day from the per-day sums, those spanning a midnight from their summaries."""
    ad = AgentDay
    for agent, *n in conn.execute(
        select(ad.agent, func.sum(ad.resp_sum), func.sum(ad.resp_n), func.sum(ad.first_resp_sum),
               func.sum(ad.first_resp_n), func.sum(ad.unanswered), func.sum(ad.ads),
               func.sum(ad.rated), func.sum(ad.satisfied))
        .where(ad.day.between(d1, d2)).group_by(ad.agent)
    ):
        tally.add_pair_counts(agent, 0, 0, 0, float(n[0] or 0), int(n[1] or 0), float(n[2] or 0),
                              int(n[3] or 0), int(n[4] or 0))
        tally.add_conversation_counts(agent, ads=int(n[5] or 0), rated=int(n[6] or 0),
                                      satisfied=int(n[7] or 0))
    ln = SummaryLine
    ids = summaries.spanning_inside(conn, d1, d2)
    for chosen in bulk.among(conn, ln.conversation_id, ids):
        for agent, *sums in conn.execute(
            select(ln.agent, func.sum(ln.resp_sum), func.sum(ln.resp_n), func.sum(ln.first_resp_sum),
                   func.sum(ln.first_resp_n), func.sum(ln.unanswered))
            .where(chosen).group_by(ln.agent)
        ):
            tally.add_pair_counts(agent, 0, 0, 0, float(sums[0] or 0), int(sums[1] or 0),
                                  float(sums[2] or 0), int(sums[3] or 0), int(sums[4] or 0))
    add_conversation_counts(conn, tally, ids)


def add_conversation_counts(conn: Connection, tally: Tally, ids: list[int]) -> None:
    """Ad conversations and ratings of these summarised conversations."""
    cs = ConversationSummary
    for where in bulk.among(conn, cs.conversation_id, ids):
        for agent, n in conn.execute(
            select(cs.ad_agent, func.count()).where(where & cs.is_ad).group_by(cs.ad_agent)
        ):
            tally.add_conversation_counts(agent, ads=n)
        for agent, n, good in conn.execute(
            select(cs.handling_agent, func.count(), func.sum(case((Rating.rating >= 4, 1), else_=0)))
            .join(Rating, Rating.conversation_id == cs.conversation_id)
            .where(where & ~cs.is_ad)
            .group_by(cs.handling_agent)
        ):
            tally.add_conversation_counts(agent, rated=n, satisfied=int(good or 0))


def add_replayed(tally: Tally, summary: Summary, rating: int | None) -> None:
    """A replayed conversation's turns, ad and rating (its buyers come from the day figures)."""
    tally.add_conversation(summary.handling, summary.ad, summary.ad_agent, rating)
    for line in summary.lines:
        tally.add_pair_counts(line.agent, 0, 0, 0, line.resp_sum, line.resp_n,
                              line.first_resp_sum, line.first_resp_n, line.unanswered)


def ratings_of(conn: Connection, ids: list[int]) -> dict[int, int]:
    """conversation id → rating, for those of these conversations that have one."""
    ratings: dict[int, int] = {}
    for part in bulk.slices(ids):
        ratings.update((int(c), int(r)) for c, r in conn.execute(
            select(Rating.conversation_id, Rating.rating).where(Rating.conversation_id.in_(part))
        ))
    return ratings


def replayed(conn: Connection, ids: list[int], start: datetime, end: datetime,
             is_sqlite: bool) -> Iterator[tuple[Summary, int | None]]:
    """(summary of the messages inside `[start, end)`, rating) of these conversations."""
    m = Message
    ratings = ratings_of(conn, ids)
    rows = summaries.conversation_rows(conn, summaries.message_rows(is_sqlite), ids,
                                       (m.sent_at >= start) & (m.sent_at < end))
    for summary in summarize(rows):  # type: ignore[arg-type]
        yield summary, ratings.get(summary.conversation_id)  # type: ignore[call-overload]


@contextmanager
def reading(db: Database) -> Iterator[tuple[Session, bool]]:
    """Where a report reads, and whether it must summarise first: a read-only snapshot
    when every conversation has its summary (the report then writes nothing, so it
    neither waits for a writer such as an import nor holds the write lock while it adds
    up); otherwise a unit of work, in which `summaries.ensure` makes what is missing."""
    with db.read() as s:
        if summaries_complete(s.connection()):
            yield s, False
            return
    with db.session() as s:
        yield s, True


def summaries_complete(conn: Connection) -> bool:
    """Has every conversation its summary? (`summaries.ensure` would then write nothing.)"""
    return conn.scalar(select(func.count()).select_from(Conversation)) == conn.scalar(
        select(func.count()).select_from(ConversationSummary))


def tally_period(conn: Connection, start: datetime, end: datetime, d1: date, d2: date,
                 is_sqlite: bool, *, ensure: bool = True) -> Tally:
    """The §4 tally of the shop days d1..d2 = `[start, end)`; with `ensure`, the missing
    summaries are made first (callers that checked `summaries_complete` pass False)."""
    if ensure:
        summaries.ensure(conn)
    lo, hi = start.timestamp(), end.timestamp()
    tally = Tally()
    add_contacts(conn, tally, d1.toordinal(), d2.toordinal())
    add_whole_conversations(conn, tally, lo, hi, d1.toordinal(), d2.toordinal())
    cut = summaries.conversations_to_replay(conn, d1.toordinal(), d2.toordinal())
    for summary, rating in replayed(conn, cut, start, end, is_sqlite):
        add_replayed(tally, summary, rating)
    return tally


def tally_days(conn: Connection, start: datetime, end: datetime, d1: date, d2: date,
               is_sqlite: bool, *, ensure: bool = True) -> dict[int, Tally]:
    """The §4 tally of each shop day of d1..d2 = `[start, end)` (day ordinal → tally), in one
    pass: each equals `tally_period` for that day alone (`ensure` as there)."""
    if ensure:
        summaries.ensure(conn)
    first, last = d1.toordinal(), d2.toordinal()
    tallies = {day: Tally() for day in range(first, last + 1)}
    cs = ConversationSummary
    # buyers: each day's own counts (a single day: the day's first message, reply and order)
    cd = ContactDay
    for day, agent, consulted, replied, ordered in conn.execute(
        select(cd.day, cd.agent, cd.consulted, cd.replied, cd.ordered).where(cd.day.between(first, last))
    ):
        if agent:
            tallies[day].add_pair_counts(agent, consulted, replied, ordered, 0.0, 0, 0.0, 0, 0)
        else:
            tallies[day].add_buyer_counts(consulted, replied, ordered)
    # conversations inside one day, from the per-day sums
    ad = AgentDay
    for day, agent, *n in conn.execute(
        select(ad.day, ad.agent, ad.resp_sum, ad.resp_n, ad.first_resp_sum, ad.first_resp_n,
               ad.unanswered, ad.ads, ad.rated, ad.satisfied).where(ad.day.between(first, last))
    ):
        tallies[day].add_pair_counts(agent, 0, 0, 0, n[0], n[1], n[2], n[3], n[4])
        tallies[day].add_conversation_counts(agent, ads=n[5], rated=n[6], satisfied=n[7])
    # conversations spanning a midnight: replayed once, cut into their days
    spanning = sorted(conn.scalars(select(cs.conversation_id).where(summaries.spanning(first, last))))
    days = summaries.Days.of(conn)
    ratings = ratings_of(conn, spanning)
    m = Message
    rows = summaries.conversation_rows(conn, summaries.message_rows(is_sqlite), spanning,
                                       (m.sent_at >= start) & (m.sent_at < end))
    pieces = (((cid, days(at)), *rest, at, ad, seq) for cid, *rest, at, ad, seq in rows)
    for summary in summarize(pieces):  # type: ignore[arg-type]
        key: tuple[int, int] = summary.conversation_id  # type: ignore[assignment]
        add_replayed(tallies[key[1]], summary, ratings.get(key[0]))
    return tallies
