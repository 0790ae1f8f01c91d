"""The monitoring panel's extra figures per agent: slow responses (慢响应), the 3-minute human
reply rate (3分钟回复率), 答问比 and the hourly distribution of buyer messages.

Conversations the period holds whole are counted in SQL from their stored summary lines
(slow and quick replies for the default threshold are stored per line; another threshold
reads the lines' response times); the conversations it cuts are replayed from their
in-period messages through `metrics.iter_turns`, the same turns the report counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from app.models.conversations import ConversationSummary, Message, SummaryLine
from app.models.reporting import AgentDay
from app.models.vocabulary import Sender
from app.services.conversations import bulk, summaries
from app.services.reporting.metrics import QUICK_REPLY_S, SLOW_RESPONSE_S, MsgRow, iter_turns


@dataclass(frozen=True)
class AgentExtras:
    agent: str  # nick; "" for the shop line
    turns: int
    answered_turns: int
    slow_responses: int  # answered turns with response > threshold
    quick_replies: int  # answered turns with response ≤ 180 s
    quick_reply_rate: float | None  # quick_replies / turns
    agent_messages: int
    buyer_messages: int  # non-ad
    answer_ratio: float | None  # 答问比 = agent_messages / buyer_messages
    hourly: tuple[int, ...]  # non-ad buyer messages per shop hour, 24 buckets


@dataclass(frozen=True)
class ExtraFigures:
    date_from: date
    date_to: date
    slow_threshold_s: float
    agents: tuple[AgentExtras, ...]
    shop: AgentExtras

    def for_agent(self, nick: str) -> AgentExtras | None:
        for a in self.agents:
            if a.agent == nick:
                return a
        return None


def _rate(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


@dataclass
class _Bucket:
    turns: int = 0
    answered: int = 0
    slow: int = 0
    quick: int = 0
    agent: int = 0
    buyer: int = 0
    hourly: list[int] = field(default_factory=lambda: [0] * 24)

    def figures(self, nick: str) -> AgentExtras:
        return AgentExtras(
            agent=nick, turns=self.turns, answered_turns=self.answered, slow_responses=self.slow,
            quick_replies=self.quick, quick_reply_rate=_rate(self.quick, self.turns),
            agent_messages=self.agent, buyer_messages=self.buyer,
            answer_ratio=_rate(self.agent, self.buyer), hourly=tuple(self.hourly),
        )


class ExtrasCounter:
    """Adds turns and messages up per agent and for the shop."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.per: dict[str, _Bucket] = {}
        self.shop = _Bucket()
        self.named: set[str] = set()

    def bucket(self, agent: str) -> _Bucket:
        b = self.per.get(agent)
        if b is None:
            b = self.per[agent] = _Bucket()
        if agent:
            self.named.add(agent)
        return b

    def turn(self, agent: str, response: float | None) -> None:
        for b in (self.bucket(agent), self.shop):
            b.turns += 1
            if response is not None:
                b.answered += 1
                b.slow += response > self.threshold
                b.quick += response <= QUICK_REPLY_S

    def sums(self, agent: str, answered: int, unanswered: int, slow: int, quick: int,
             agent_messages: int, buyer_messages: int) -> None:
        for b in (self.bucket(agent), self.shop):
            b.turns += answered + unanswered
            b.answered += answered
            b.slow += slow
            b.quick += quick
            b.agent += agent_messages
            b.buyer += buyer_messages

    def hours(self, agent: str, text: str, times: int, shift: int) -> None:
        """`text` is a line's "utc_hour:count …", counted `times` times."""
        for item in text.split():
            h, n = item.split(":")
            hour = (int(h) + shift) % 24
            for b in (self.bucket(agent), self.shop):
                b.hourly[hour] += int(n) * times

    def result(self, date_from: date, date_to: date, only: set[str] | None) -> ExtraFigures:
        nicks = sorted(n for n in self.named if only is None or n in only)
        return ExtraFigures(date_from, date_to, float(self.threshold),
                            tuple(self.bucket(n).figures(n) for n in nicks), self.shop.figures(""))


def count_whole(conn: Connection, counter: ExtrasCounter, lo: float, hi: float, d1: int, d2: int,
                shift: int) -> None:
    """The conversations inside `[lo, hi)` = days d1..d2: those inside one day from the
    per-day sums (slow replies there are for the default threshold), the others — and the
    hours, and another threshold — from their summary lines, in SQL."""
    cs, ln, ad = ConversationSummary, SummaryLine, AgentDay
    default = counter.threshold == SLOW_RESPONSE_S
    every = (cs.first_day >= d1) & (cs.last_day <= d2)  # every conversation inside
    whole = summaries.spanning_inside(conn, d1, d2)  # those of them spanning a midnight
    joined = select().select_from(ln).join(cs, cs.conversation_id == ln.conversation_id)
    sums = (ln.resp_n, ln.unanswered, ln.slow, ln.quick, ln.agent_messages, ln.buyer_messages)
    day_sums = (ad.resp_n, ad.unanswered, ad.slow, ad.quick, ad.agent_messages, ad.buyer_messages)
    statements: list[Any] = [select(ad.agent, *(func.sum(c) for c in day_sums)).where(ad.day.between(d1, d2))
                             .group_by(ad.agent)]
    statements += [select(ln.agent, *(func.sum(c) for c in sums)).where(chosen).group_by(ln.agent)
                   for chosen in bulk.among(conn, ln.conversation_id, whole)]
    for stmt in statements:
        for agent, answered, unanswered, slow, quick, agent_m, buyer_m in conn.execute(stmt):
            counter.sums(agent, int(answered or 0), int(unanswered or 0),
                         int(slow or 0) if default else 0, int(quick or 0), int(agent_m or 0),
                         int(buyer_m or 0))
    if not default:  # another threshold: the stored response times decide
        for agent, times in bulk.stream(conn, joined.add_columns(ln.agent, ln.response_times)
                                        .where(every & (ln.resp_n > 0))):
            n = sum(1 for t in times.split() if float(t) > counter.threshold)
            counter.sums(agent, 0, 0, n, 0, 0, 0)
    # hours: the per-day sums, and the lines of conversations spanning a midnight
    for agent, text in conn.execute(select(ad.agent, ad.utc_hours).where(ad.day.between(d1, d2))):
        counter.hours(agent, text, 1, shift)
    for chosen in bulk.among(conn, ln.conversation_id, whole):
        for agent, text in conn.execute(select(ln.agent, ln.utc_hours).where(chosen & (ln.buyer_messages > 0))):
            counter.hours(agent, text, 1, shift)


def count_rows(counter: ExtrasCounter, rows: Iterable[Sequence[Any]],
               hour_of: Callable[[float], int]) -> None:
    """Replayed in-period messages (`message_rows` tuples)."""

    def counted(raw_rows: Iterable[Sequence[Any]]) -> Iterator[MsgRow]:
        for raw in raw_rows:
            r = MsgRow(*raw)
            agent = r.agent or ""
            if r.sender == Sender.AGENT:
                counter.bucket(agent).agent += 1
                counter.shop.agent += 1
            elif r.sender == Sender.BUYER and not r.is_ad:
                hour = hour_of(r.sent_at)  # type: ignore[arg-type]
                for b in (counter.bucket(agent), counter.shop):
                    b.buyer += 1
                    b.hourly[hour] += 1
            elif agent:
                counter.bucket(agent)
            yield r

    for turn in iter_turns(counted(rows)):
        counter.turn(turn.agent or "", turn.response_s)


def extra_figures(conn: Connection, start: datetime, end: datetime, shift: int | None,
                  hour_of: Callable[[float], int], counter: ExtrasCounter, is_sqlite: bool,
                  *, ensure: bool = True) -> None:
    """Count `[start, end)` into `counter`: whole conversations from their lines when one
    whole-hour offset holds over the period (`shift`), the rest replayed. With `ensure`
    the missing summaries are made first (see `periods.reading`)."""
    if ensure:
        summaries.ensure(conn)
    in_period = (Message.sent_at >= start) & (Message.sent_at < end)
    rows_stmt = summaries.message_rows(is_sqlite)
    if shift is None:  # hours move inside the period: every message the long way
        count_rows(counter, bulk.stream(conn, rows_stmt.where(in_period)), hour_of)
        return
    lo, hi = start.timestamp(), end.timestamp()
    days = summaries.Days.of(conn)
    d1, d2 = days(start.timestamp()), days(end.timestamp() - 1)
    count_whole(conn, counter, lo, hi, d1, d2, shift)
    ids = summaries.conversations_to_replay(conn, d1, d2)
    count_rows(counter, summaries.conversation_rows(conn, rows_stmt, ids, in_period), hour_of)
