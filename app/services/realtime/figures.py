"""The live figures as plain frozen rows: what the CLI prints, the dashboard and the home
panel show. Built by `app.services.realtime.service`; no database, no Qt here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

# The keys of METRICS.md §5, in the order `realtime --json` prints them (after "at").
JSON_KEYS: tuple[str, ...] = (
    "open_conversations", "unreplied_buyers", "longest_wait_s", "online_agents",
    "suspended_agents", "queued", "avg_response_s_today", "shop_lit", "agents",
)

# Why a buyer waits (the dashboard names it and links the setting behind it).
WAIT_ALL_FULL = "all_full"  # 全部客服已满
WAIT_NOBODY_ONLINE = "nobody_online"  # 分组无人在线
WAIT_PROXY = "proxy"  # 转给代理账号
WAIT_UNREPLIED = "unreplied"  # assigned, the agent has not answered yet


@dataclass(frozen=True)
class AgentLive:
    """One sub-account that takes routed conversations (§5 `agents`), plus today's work."""

    agent: str  # full nick
    account_id: int
    name: str  # the part after the colon
    group_id: int | None
    group_name: str
    status: str  # online | suspended | offline
    device: str
    load: int  # open conversations it holds
    capacity: int
    unreplied: int  # buyers of its open conversations whose latest turn is unanswered
    longest_wait_s: float | None
    answered_today: int  # §4 answered turns it owns today
    avg_response_today_s: float | None

    def to_json(self) -> dict[str, Any]:
        return {"agent": self.agent, "status": self.status, "load": self.load,
                "capacity": self.capacity, "unreplied": self.unreplied}


@dataclass(frozen=True)
class GroupLive:
    id: int
    name: str
    lit: bool  # an agent of the group is 在线 on a device routing may use
    online: int
    suspended: int
    load: int
    capacity: int
    queued: int
    unreplied: int
    longest_wait_s: float | None


class Waiting(NamedTuple):
    """A buyer who waits right now: queued, with the proxy, or not answered yet. (A named
    tuple: the snapshot makes one per waiting buyer every second.)"""

    conversation_id: int
    buyer: str
    status: str  # queued | open
    agent: str  # full nick of the holder ("" when queued)
    group_id: int | None
    group_name: str
    since: float  # POSIX seconds: start of the unanswered turn (queued without one: queued at)
    reason: str  # WAIT_* code
    reason_text: str  # in the user's language


@dataclass(frozen=True)
class Snapshot:
    """The shop at instant `at` (METRICS.md §5) and the detail the dashboard shows."""

    at: datetime
    open_conversations: int
    unreplied_buyers: int
    longest_wait_s: float | None
    online_agents: int
    suspended_agents: int
    queued: int
    avg_response_s_today: float | None
    shop_lit: bool
    agents: tuple[AgentLive, ...]
    groups: tuple[GroupLive, ...] = ()
    waiting: tuple[Waiting, ...] = ()  # longest wait first (earliest `since`)
    answered_today: int = 0
    slow_threshold_s: float = 100.0

    def to_json(self) -> dict[str, Any]:
        """§5: exactly its keys plus "at" (ISO-8601, UTC)."""
        return {
            "at": self.at.isoformat(),
            "open_conversations": self.open_conversations,
            "unreplied_buyers": self.unreplied_buyers,
            "longest_wait_s": self.longest_wait_s,
            "online_agents": self.online_agents,
            "suspended_agents": self.suspended_agents,
            "queued": self.queued,
            "avg_response_s_today": self.avg_response_s_today,
            "shop_lit": self.shop_lit,
            "agents": [a.to_json() for a in self.agents],
        }

    @property
    def slow(self) -> tuple[Waiting, ...]:
        """Buyers waiting longer than the shop's slow-response threshold."""
        t = self.at.timestamp()
        return tuple(w for w in self.waiting if t - w.since >= self.slow_threshold_s)

    def wait_s(self, w: Waiting) -> float:
        """How long `w` has waited at this snapshot's instant."""
        return self.at.timestamp() - w.since

    @property
    def idle_agents(self) -> tuple[AgentLive, ...]:
        """Agents 在线 with room while buyers of their group queue (or anyone queues when
        they have no group)."""
        queued_groups = {w.group_id for w in self.waiting if w.status == "queued"}
        if not queued_groups:
            return ()
        return tuple(a for a in self.agents if a.status == "online" and a.load < a.capacity
                     and (a.group_id in queued_groups or None in queued_groups))


@dataclass(frozen=True)
class Timeline:
    """The dashboard's charts: the last 60 minutes by minute, today by hour against the same
    weekday last week (shop time)."""

    minutes: tuple[datetime, ...]  # start of each minute (UTC), oldest first
    new_conversations: tuple[int, ...]
    unreplied: tuple[int | None, ...]  # sampled by this console (None: not watched then)
    avg_response_s: tuple[float | None, ...]  # turns answered in that minute
    hours_today: tuple[int, ...] = field(default=(0,) * 24)  # new conversations by shop hour
    hours_last_week: tuple[int, ...] = field(default=(0,) * 24)


@dataclass(frozen=True)
class ConversationLive:
    """One open conversation of an agent (the dashboard's drill-down)."""

    conversation_id: int
    buyer: str
    status: str
    started: datetime
    last_message: datetime
    wait_s: float | None  # unanswered latest turn: how long
