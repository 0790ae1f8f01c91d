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
from datetime import datetime, timedelta
from typing import Any, NamedTuple

BUYER, AGENT, AUTO, SYSTEM = "buyer", "agent", "auto", "system"
ORDER_WINDOW = timedelta(hours=24)
ORDER_WINDOW_S = 86400.0
_NO_CONVERSATION = object()
SATISFIED = frozenset({5, 4})  # 很满意, 满意


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


FIELDS: tuple[str, ...] = (
    "consulted",
    "replied",
    "reply_rate",
    "avg_response_s",
    "avg_first_response_s",
    "unanswered_turns",
    "ordered",
    "conversion_rate",
    "lost",
    "rated",
    "satisfaction_rate",
    "ad_conversations",
)


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


class _Acc:
    """Running totals for one agent (or the shop)."""

    __slots__ = ("first", "reply", "resp_sum", "resp_n", "first_sum", "first_n",
                 "unanswered", "rated", "satisfied", "ads")

    def __init__(self) -> None:
        self.first: dict[str, tuple[datetime, int]] = {}  # buyer → first non-ad buyer msg
        self.reply: dict[str, tuple[datetime, int]] = {}  # buyer → last human msg
        self.resp_sum = 0.0
        self.resp_n = 0
        self.first_sum = 0.0
        self.first_n = 0
        self.unanswered = 0
        self.rated = 0
        self.satisfied = 0
        self.ads = 0

    def figures(self, agent: str, orders: Mapping[str, list[datetime]],
                period_start: datetime, period_end: datetime) -> AgentFigures:
        consulted = len(self.first)
        replied = 0
        ordered = 0
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
    return paid[i] <= t0 + window  # type: ignore[operator]


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
    paid: dict[str, list[datetime]] = {}
    for buyer, at in orders:
        if period_start <= at < period_end:
            paid.setdefault(buyer, []).append(at)
    for lst in paid.values():
        lst.sort()

    accs: dict[str, _Acc] = {}
    shop = _Acc()
    numeric = isinstance(period_start, (int, float))
    shop_first, shop_reply = shop.first, shop.reply

    def end_conversation(cid: object, handling: str, buyer_rows: int, ad_rows: int,
                         last_buyer_agent: str, open_agent: str | None) -> None:
        if open_agent is not None:  # the last turn got no answer in the period
            shop.unanswered += 1
            if open_agent:
                accs[open_agent].unanswered += 1
        if buyer_rows and ad_rows == buyer_rows:  # an ad conversation
            shop.ads += 1
            if last_buyer_agent:
                accs[last_buyer_agent].ads += 1
            return
        rating = ratings.get(cid)
        if rating is not None:
            good = rating in SATISFIED
            shop.rated += 1
            shop.satisfied += good
            if handling:
                h = accs[handling]
                h.rated += 1
                h.satisfied += good

    # One pass over the stream; the turn logic is `conversation_turns`, inlined for speed
    # (tests check both against the same cases).
    cur: object = _NO_CONVERSATION
    handling = last_buyer_agent = ""
    buyer_rows = ad_rows = turn_no = 0
    t_start: Any = None
    t_agent: str | None = None
    for cid, sender, buyer, agent, at, is_ad, seq in messages:
        if not (period_start <= at < period_end):
            continue
        if cid != cur:
            if cur is not _NO_CONVERSATION:
                end_conversation(cur, handling, buyer_rows, ad_rows, last_buyer_agent,
                                 t_agent if t_start is not None else None)
            cur = cid
            handling = last_buyer_agent = ""
            buyer_rows = ad_rows = turn_no = 0
            t_start = t_agent = None
        if agent is None:
            agent = ""
        elif agent and agent not in accs:
            accs[agent] = _Acc()
        if sender == BUYER:
            buyer_rows += 1
            last_buyer_agent = agent
            if is_ad:
                ad_rows += 1
                continue
            key = (at, seq)
            if agent:
                first = accs[agent].first
                old = first.get(buyer)
                if old is None or key < old:
                    first[buyer] = key
            old = shop_first.get(buyer)
            if old is None or key < old:
                shop_first[buyer] = key
            if t_start is None:
                t_start, t_agent = at, agent
        elif sender == AGENT:
            key = (at, seq)
            if agent:
                reply = accs[agent].reply
                old = reply.get(buyer)
                if old is None or key > old:
                    reply[buyer] = key
            old = shop_reply.get(buyer)
            if old is None or key > old:
                shop_reply[buyer] = key
            if t_start is not None:
                # float times: rounded to the microsecond, so both paths give equal sums
                rs = round(at - t_start, 6) if numeric else (at - t_start).total_seconds()
                shop.resp_sum += rs
                shop.resp_n += 1
                owner = accs[agent] if agent else None
                if owner is not None:
                    owner.resp_sum += rs
                    owner.resp_n += 1
                if turn_no == 0:
                    shop.first_sum += rs
                    shop.first_n += 1
                    if owner is not None:
                        owner.first_sum += rs
                        owner.first_n += 1
                turn_no += 1
                t_start = t_agent = None
        if agent:
            handling = agent  # the last in-period non-ad row that names an agent
    if cur is not _NO_CONVERSATION:
        end_conversation(cur, handling, buyer_rows, ad_rows, last_buyer_agent,
                         t_agent if t_start is not None else None)

    wanted = None if agents is None else set(agents)
    lines = [
        accs[name].figures(name, paid, period_start, period_end)
        for name in sorted(accs)
        if wanted is None or name in wanted
    ]
    return lines, shop.figures("", paid, period_start, period_end)
