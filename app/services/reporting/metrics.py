"""The per-agent metrics of METRICS.md §4 as pure functions: no database, no Qt.

The report service, the live figures and the monitoring GUI all feed the same rows through
these functions, so every screen, the CLI and the exports show the same numbers.

Input rows (`MsgRow`) are the *in-period* messages of the shop, sorted by
`(conversation_id, sent_at, seq)` where `seq` is the import order (`Message.id`); that is the
message order of §3 (ties in `sent_at` broken by import order). `compute_report` drops rows
outside `[period_start, period_end)` itself, so callers may pass a wider stream.

Turns (§4), as implemented by `conversation_turns` / `iter_turns`:
- ad buyer messages are skipped entirely (they neither start, continue nor break a turn);
- `auto` and `system` messages are skipped entirely;
- a non-ad buyer message starts a turn when no turn is open (conversation start, or the
  previous turn was answered); while a turn is open further buyer messages just continue it;
- the first human `agent` message while a turn is open answers it (response time = that
  message's time − the turn's first buyer message's time); agent messages with no open
  turn do nothing;
- a turn still open at the end of the (in-period) conversation is unanswered.
An answered turn belongs to the agent named on the answering row; an unanswered one to the
agent named on its first buyer row (so after a transfer the new agent owns the turns it
answers, and the old agent keeps a turn it left unanswered).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from app.models.vocabulary import Sender
from app.services.reporting.catalogue import REPORT_KEYS

# Plain-str aliases of the senders for the hot loops (a str compare beats an enum lookup).
BUYER, AGENT, AUTO, SYSTEM = (str(s.value) for s in Sender)
ORDER_WINDOW = timedelta(hours=24)
ORDER_WINDOW_S = 86400.0
_NO_CONVERSATION = object()
SATISFIED = frozenset({5, 4})  # 很满意, 满意
SLOW_RESPONSE_S = 100.0  # 慢响应: a reply that took longer than this (default threshold)
QUICK_REPLY_S = 180.0  # 3 分钟人工回复率: a reply within this


def _seconds(delta: timedelta | float) -> float:
    return float(delta) if isinstance(delta, (int, float)) else delta.total_seconds()


class MsgRow(NamedTuple):
    """One message as the metrics see it.

    `sent_at` is an aware datetime, or (fast path of the report) POSIX seconds as a float;
    `compute_report` then takes the period bounds and order times as floats too."""

    conversation_id: object  # any hashable id, e.g. Conversation.id
    sender: str  # buyer | agent | auto | system
    buyer: str  # buyer nick on the row
    agent: str | None  # agent nick on the row ('' / None on some system rows)
    sent_at: datetime  # aware UTC (or float POSIX seconds, see above)
    is_ad: bool  # effective verdict: manual flag if set, else the ad filter's
    seq: int = 0  # import order (Message.id): breaks ties in sent_at


@dataclass(frozen=True)
class Turn:
    """A run of non-ad buyer messages and, if any, the human reply that answered it."""

    conversation_id: object
    buyer: str
    start: datetime  # first buyer message of the turn
    first_agent: str  # agent named on that first buyer message
    answered_at: datetime | None  # first human agent message after `start`, or None
    answer_agent: str | None  # agent named on the answering row
    index: int = 0  # 0 for the conversation's first turn (in the rows given), then 1, 2, …

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def response_s(self) -> float | None:
        """Seconds from the turn's start to its answer (float), None when unanswered."""
        if self.answered_at is None:
            return None
        return _seconds(self.answered_at - self.start)

    @property
    def agent(self) -> str:
        """The agent the turn belongs to: the answering agent, else the first buyer row's."""
        if self.answered_at is not None and self.answer_agent is not None:
            return self.answer_agent
        return self.first_agent


def conversation_turns(rows: Sequence[MsgRow]) -> list[Turn]:
    """The turns of one conversation's rows (already in message order)."""
    turns: list[Turn] = []
    start: MsgRow | None = None
    for r in rows:
        sender = r.sender
        if sender == BUYER:
            if r.is_ad:
                continue
            if start is None:
                start = r
        elif sender == AGENT and start is not None:
            turns.append(
                Turn(start.conversation_id, start.buyer, start.sent_at, start.agent or "",
                     r.sent_at, r.agent or "", len(turns))
            )
            start = None
    if start is not None:
        turns.append(
            Turn(start.conversation_id, start.buyer, start.sent_at, start.agent or "",
                 None, None, len(turns))
        )
    return turns


def group_conversations(messages: Iterable[MsgRow]) -> Iterator[list[MsgRow]]:
    """Consecutive rows with the same conversation_id, as lists (input sorted by conversation)."""
    current: list[MsgRow] = []
    cid: object = object()
    for r in messages:
        if r.conversation_id != cid:
            if current:
                yield current
            current = []
            cid = r.conversation_id
        current.append(r)
    if current:
        yield current


def iter_turns(messages: Iterable[MsgRow]) -> Iterator[Turn]:
    """Every turn of the messages given, conversation by conversation.

    `messages` must be sorted by (conversation_id, sent_at, seq) and should hold only the
    messages that take part (e.g. the in-period ones): a turn can only start, and be
    answered, inside the rows given. Used by the report (§4), the live figures (§5) and the
    monitoring panel (slow responses, 3-minute reply rate).
    """
    for rows in group_conversations(messages):
        yield from conversation_turns(rows)


@dataclass(frozen=True)
class AgentFigures:
    """One line of the agent report (§4); the shop line has agent ""."""

    agent: str
    consulted: int
    replied: int
    reply_rate: float | None
    avg_response_s: float | None
    avg_first_response_s: float | None
    unanswered_turns: int
    ordered: int
    conversion_rate: float | None
    lost: int
    rated: int
    satisfaction_rate: float | None
    ad_conversations: int


FIELDS: tuple[str, ...] = REPORT_KEYS  # the §4 fields, in §4's order (the catalogue's)


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


class _Acc:
    """Running totals for one agent (or the shop)."""

    __slots__ = ("first", "reply", "resp_sum", "resp_n", "first_sum", "first_n",
                 "unanswered", "rated", "satisfied", "ads", "consulted", "replied", "ordered")

    def __init__(self) -> None:
        self.first: dict[str, tuple[Any, int]] = {}  # buyer → first non-ad buyer msg (at, seq)
        self.reply: dict[str, tuple[Any, int]] = {}  # buyer → last human msg (at, seq)
        self.resp_sum = 0.0
        self.resp_n = 0
        self.first_sum = 0.0
        self.first_n = 0
        self.unanswered = 0
        self.rated = 0
        self.satisfied = 0
        self.ads = 0
        # buyers counted elsewhere (stored pair/buyer summaries), on top of `first`
        self.consulted = 0
        self.replied = 0
        self.ordered = 0

    def figures(self, agent: str, orders: Mapping[str, list[Any]]) -> AgentFigures:
        consulted = len(self.first) + self.consulted
        replied = self.replied
        ordered = self.ordered
        for buyer, first in self.first.items():
            last = self.reply.get(buyer)
            if last is not None and last > first:
                replied += 1
            paid = orders.get(buyer)
            if paid and _order_within(paid, first[0]):
                ordered += 1
        return AgentFigures(
            agent=agent,
            consulted=consulted,
            replied=replied,
            reply_rate=_ratio(replied, consulted),
            avg_response_s=_ratio(self.resp_sum, self.resp_n),
            avg_first_response_s=_ratio(self.first_sum, self.first_n),
            unanswered_turns=self.unanswered,
            ordered=ordered,
            conversion_rate=_ratio(ordered, consulted),
            lost=consulted - ordered,
            rated=self.rated,
            satisfaction_rate=_ratio(self.satisfied, self.rated),
            ad_conversations=self.ads,
        )


def _order_within(paid: list[datetime], t0: datetime) -> bool:
    """Is there an order paid in [t0, t0 + 24 h]? (`paid` sorted, already in-period)."""
    i = bisect.bisect_left(paid, t0)
    if i >= len(paid):
        return False
    window = ORDER_WINDOW_S if isinstance(t0, (int, float)) else ORDER_WINDOW
    return paid[i] <= t0 + window


class SummaryLine(NamedTuple):
    """What one conversation contributes to one (agent, buyer) pair.

    `agent` is "" for rows that name no agent (they count for the shop line only). A line
    exists for every agent named on any row, so that agent gets a report line even with
    nothing to count."""

    agent: str
    buyer: str
    first_at: Any  # first non-ad buyer message of `buyer` attributed to `agent`, or None
    first_seq: int | None
    reply_at: Any  # last human message of `agent` on a row naming `buyer`, or None
    reply_seq: int | None
    resp_sum: float  # response times of the turns `agent` answered (buyer: the turn's)
    resp_n: int
    first_resp_sum: float  # the conversation's first turn, when `agent` answered it
    first_resp_n: int
    unanswered: int  # turns left unanswered whose first buyer row names `agent`
    # for the monitoring extras (slow responses, 答问比, hourly distribution):
    buyer_messages: int = 0  # non-ad buyer messages on rows naming `agent` and `buyer`
    agent_messages: int = 0  # human messages of `agent` on rows naming `buyer`
    response_times: str = ""  # the answered turns' response seconds, space separated
    utc_hours: str = ""  # "hour:count …" of the non-ad buyer messages, by UTC hour


class Summary(NamedTuple):
    """One conversation's share of the §4 report, over the rows it was made from.

    Reports add summaries up (`Tally`); a summary made from ALL of a conversation's
    messages is valid for every period that holds them all, which is what the stored
    summaries (`app.services.conversations.summaries`) rely on."""

    conversation_id: object
    first_at: Any  # earliest and latest row
    last_at: Any
    handling: str  # agent on the last non-ad row naming one ("" when none): owns the rating
    ad: bool  # an ad conversation: it has buyer rows and every one is an ad
    ad_agent: str  # agent on the last buyer row (owner of an ad conversation)
    lines: list[SummaryLine]


def summarize(messages: Iterable[MsgRow]) -> Iterator[Summary]:
    """One `Summary` per conversation of `messages` (sorted by conversation, sent_at, seq;
    every row given takes part: filter to the period first)."""
    cur: object = _NO_CONVERSATION
    lines: dict[tuple[str, str], list[Any]] = {}
    first_at: Any = None
    last_at: Any = None
    handling = last_buyer_agent = ""
    buyer_rows = ad_rows = turn_no = 0
    t_start: Any = None
    t_line: list[Any] | None = None
    numeric = False
    at: Any  # a datetime, or POSIX seconds on the report's fast path (`numeric`)
    for cid, sender, buyer, agent, at, is_ad, seq in messages:
        if cid != cur:
            if cur is not _NO_CONVERSATION:
                if t_line is not None:
                    t_line[8] += 1
                yield _summary(cur, first_at, last_at, handling, buyer_rows, ad_rows,
                               last_buyer_agent, lines)
            else:
                numeric = isinstance(at, (int, float))
            cur = cid
            lines = {}
            first_at = at
            handling = last_buyer_agent = ""
            buyer_rows = ad_rows = turn_no = 0
            t_start = t_line = None
        last_at = at
        if agent is None:
            agent = ""
        line = lines.get((agent, buyer))
        if line is None:
            if not agent and sender != BUYER and sender != AGENT:
                continue  # an auto/system row naming nobody counts for nothing
            line = lines[(agent, buyer)] = [None, None, None, None, 0.0, 0, 0.0, 0, 0, 0, 0, [], {}]
        if sender == BUYER:
            buyer_rows += 1
            last_buyer_agent = agent
            if is_ad:
                ad_rows += 1
                continue
            line[9] += 1
            hour = int(at // 3600) % 24 if numeric else at.astimezone(UTC).hour
            line[12][hour] = line[12].get(hour, 0) + 1
            if line[0] is None:
                line[0] = at
                line[1] = seq
            if t_start is None:
                t_start, t_line = at, line
        elif sender == AGENT:
            line[2] = at
            line[3] = seq
            line[10] += 1
            if t_start is not None:
                # float times: rounded to the microsecond, so both paths give equal sums
                rs = round(at - t_start, 6) if numeric else (at - t_start).total_seconds()
                line[4] += rs
                line[5] += 1
                line[11].append(rs)
                if turn_no == 0:
                    line[6] += rs
                    line[7] += 1
                turn_no += 1
                t_start = t_line = None
        if agent:
            handling = agent  # the last non-ad row that names an agent
    if cur is not _NO_CONVERSATION:
        if t_line is not None:
            t_line[8] += 1
        yield _summary(cur, first_at, last_at, handling, buyer_rows, ad_rows,
                       last_buyer_agent, lines)


def _summary(cid: object, first_at: Any, last_at: Any, handling: str, buyer_rows: int,
             ad_rows: int, last_buyer_agent: str, lines: dict[tuple[str, str], list[Any]]) -> Summary:
    ad = buyer_rows > 0 and ad_rows == buyer_rows
    return Summary(cid, first_at, last_at, handling, ad, last_buyer_agent, [
        SummaryLine._make((a, b, *v[:11], " ".join(map(repr, v[11])),
                           " ".join(f"{h}:{n}" for h, n in sorted(v[12].items()))))
        for (a, b), v in lines.items()
    ])


class Tally:
    """Adds conversation summaries up into the §4 report lines and the shop line."""

    def __init__(self) -> None:
        self.accs: dict[str, _Acc] = {}
        self.shop = _Acc()

    def _acc(self, agent: str) -> _Acc:
        acc = self.accs.get(agent)
        if acc is None:
            acc = self.accs[agent] = _Acc()
        return acc

    def add(self, summary: Summary, rating: int | None) -> None:
        self.add_lines(summary.lines)
        self.add_conversation(summary.handling, summary.ad, summary.ad_agent, rating)

    def add_lines(self, lines: Iterable[Sequence[Any]], *, pairs: bool = True,
                  buyers: bool = True) -> None:
        """`SummaryLine`s, or plain tuples in its field order (rows from the database).

        `pairs`: count them for their agent (buyers, turns) and the shop's turns; `buyers`:
        for the shop's buyers. (The report counts some pairs or buyers from stored
        summaries instead, and then feeds lines for the others only.)"""
        shop = self.shop
        shop_first = shop.first if buyers else {}
        shop_reply = shop.reply if buyers else {}
        accs = self.accs
        for agent, buyer, fa, fs, ra, rq, rsum, rn, fsum, fn, un, *_extras in lines:
            acc = None
            if not pairs:
                rn = un = 0
            elif agent:
                acc = accs.get(agent)
                if acc is None:
                    acc = accs[agent] = _Acc()
            if fa is not None:
                key = (fa, fs)
                old = shop_first.get(buyer)
                if old is None or key < old:
                    shop_first[buyer] = key
                if acc is not None:
                    old = acc.first.get(buyer)
                    if old is None or key < old:
                        acc.first[buyer] = key
            if ra is not None:
                key = (ra, rq)
                old = shop_reply.get(buyer)
                if old is None or key > old:
                    shop_reply[buyer] = key
                if acc is not None:
                    old = acc.reply.get(buyer)
                    if old is None or key > old:
                        acc.reply[buyer] = key
            if rn:
                shop.resp_sum += rsum
                shop.resp_n += rn
                if fn:
                    shop.first_sum += fsum
                    shop.first_n += fn
                if acc is not None:
                    acc.resp_sum += rsum
                    acc.resp_n += rn
                    if fn:
                        acc.first_sum += fsum
                        acc.first_n += fn
            if un:
                shop.unanswered += un
                if acc is not None:
                    acc.unanswered += un

    def add_pair_counts(self, agent: str, consulted: int, replied: int, ordered: int,
                        resp_sum: float, resp_n: int, first_sum: float, first_n: int,
                        unanswered: int, sign: int = 1) -> None:
        """Pairs counted by the database (stored summaries); sign -1 takes them back."""
        shop = self.shop
        shop.resp_sum += sign * resp_sum
        shop.resp_n += sign * resp_n
        shop.first_sum += sign * first_sum
        shop.first_n += sign * first_n
        shop.unanswered += sign * unanswered
        if agent:
            acc = self._acc(agent)
            acc.consulted += sign * consulted
            acc.replied += sign * replied
            acc.ordered += sign * ordered
            acc.resp_sum += sign * resp_sum
            acc.resp_n += sign * resp_n
            acc.first_sum += sign * first_sum
            acc.first_n += sign * first_n
            acc.unanswered += sign * unanswered

    def add_buyer_counts(self, consulted: int, replied: int, ordered: int, sign: int = 1) -> None:
        """The shop's buyers counted by the database; sign -1 takes them back."""
        self.shop.consulted += sign * consulted
        self.shop.replied += sign * replied
        self.shop.ordered += sign * ordered

    def add_conversation_counts(self, agent: str, ads: int = 0, rated: int = 0,
                                satisfied: int = 0) -> None:
        """Whole conversations counted by the database, by owning agent ("" = nobody)."""
        self.shop.ads += ads
        self.shop.rated += rated
        self.shop.satisfied += satisfied
        if agent:
            acc = self._acc(agent)
            acc.ads += ads
            acc.rated += rated
            acc.satisfied += satisfied

    def add_conversation(self, handling: str, ad: bool, ad_agent: str, rating: int | None) -> None:
        if ad:
            self.shop.ads += 1
            if ad_agent:
                self._acc(ad_agent).ads += 1
        elif rating is not None:
            good = rating in SATISFIED
            self.shop.rated += 1
            self.shop.satisfied += good
            if handling:
                h = self._acc(handling)
                h.rated += 1
                h.satisfied += good

    def report(self, orders: Iterable[tuple[str, Any]], period_start: Any, period_end: Any,
               agents: Iterable[str] | None = None) -> tuple[list[AgentFigures], AgentFigures]:
        """The agent lines (sorted by nick in code-point order; only `agents` when given)
        and the shop line. Only orders paid inside the period count."""
        paid: dict[str, list[Any]] = {}
        for buyer, at in orders:
            if period_start <= at < period_end:
                paid.setdefault(buyer, []).append(at)
        for lst in paid.values():
            lst.sort()
        wanted = None if agents is None else set(agents)
        lines = [self.accs[name].figures(name, paid) for name in sorted(self.accs)
                 if wanted is None or name in wanted]
        return lines, self.shop.figures("", paid)


def compute_report(
    messages: Iterable[MsgRow],
    orders: Iterable[tuple[str, datetime]],
    ratings: Mapping[object, int],
    period_start: datetime,
    period_end: datetime,
    agents: Iterable[str] | None = None,
) -> tuple[list[AgentFigures], AgentFigures]:
    """The §4 report: one line per agent named on any in-period row, and the shop line.

    - `messages`: `MsgRow`s (or plain tuples in MsgRow's field order) sorted by
      (conversation_id, sent_at, seq); rows outside `[period_start, period_end)` are ignored.
    - `orders`: (buyer nick, paid_at) pairs; only orders paid inside the period count.
    - `ratings`: conversation_id → rating 5..1 (the latest one per conversation).
    - `agents`: when given, only these agents get a line (the shop line is unaffected).
    Agent lines are sorted by nick in Unicode code-point order.
    """
    in_period = (r for r in messages if period_start <= r[4] < period_end)
    tally = Tally()
    for summary in summarize(in_period):
        tally.add(summary, ratings.get(summary.conversation_id))
    return tally.report(orders, period_start, period_end, agents)
