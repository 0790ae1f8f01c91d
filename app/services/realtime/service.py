"""`RealtimeService`: the live figures of METRICS.md §5 at an instant, for the CLI, the
dashboard and the home panel alike (one call, one unit of work)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from app.i18n import _
from app.models.conversations import Conversation, Message
from app.models.routing import (
    PresenceEvent,
    RoutingDecision,
)
from app.models.vocabulary import AccountKind, AccountStatus, ConversationStatus, Device, Presence
from app.services.accounts.permissions import Actor
from app.services.common.database import Database
from app.services.common.errors import ValidationError
from app.services.common.timeparse import day_start, zone
from app.services.realtime import sql
from app.services.realtime.cache import LiveCache, OpenConv
from app.services.realtime.figures import (
    WAIT_ALL_FULL,
    WAIT_NOBODY_ONLINE,
    WAIT_PROXY,
    WAIT_UNREPLIED,
    AgentLive,
    ConversationLive,
    GroupLive,
    Snapshot,
    Timeline,
    Waiting,
)
from app.services.realtime.sums import LiveSums

DEFAULT_SLOW_S = 100.0  # issue 11: a buyer waiting 100 s is a slow response (per shop)
SLOW_SETTING_KEYS = ("reception", "live")  # where the live shop may keep `slow_response_s`


@dataclass(frozen=True)
class _Agent:
    id: int
    nick: str
    kind: str
    status: str  # account status
    takes_routing: bool
    presence: str
    device: str
    group_id: int | None
    capacity: int


@dataclass(frozen=True)
class _Shop:
    tz: Any
    timeout_s: float
    mobile_routing: bool
    proxy_id: int | None
    slow_s: float


class RealtimeService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.cache = LiveCache()
        self.sums = LiveSums()  # under `cache.lock`, like the cache
        self._agents: tuple[list[tuple[Any, ...]], list[_Agent]] | None = None
        self._known: object = None  # the account and group ids the cache's open rows were read with
        self._last_week: tuple[float, tuple[int, ...]] | None = None
        bus = getattr(db, "changes", None)  # the console's change bus (common.changes)
        if bus is not None:
            bus.subscribe(self._changed)

    def _changed(self, areas: frozenset[str]) -> None:
        # ad verdicts change old messages in place (new messages, imported ones too, are
        # found by their ids)
        if "ads" in areas or "history" in areas:
            self.cache.invalidate()

    # -- the snapshot ---------------------------------------------------------------------
    def snapshot(self, actor: Actor, at: datetime | None = None) -> Snapshot:
        """The shop at `at` (default: the clock's now). An `at` before the newest stored
        live event is refused: the figures describe the shop as stored."""
        actor.require("data.realtime")
        if at is not None and at.tzinfo is None:
            raise ValidationError(_("时间必须带时区"))
        with self.db.read() as s:
            conn = s.connection()
            if at is None:
                at = self.db.clock.now()
            else:
                newest = newest_event(conn)
                if newest is not None and at < newest:
                    raise ValidationError(
                        _("时间 {at} 早于已保存的最新实时事件（{newest}），无法给出该时刻的实时数据。").format(
                            at=at.isoformat(), newest=newest.isoformat())
                    )
            at = at.astimezone(UTC)
            shop = _read_shop(conn)
            agents = self._read_agents(conn)
            groups = sql.rows(conn, "SELECT id, name FROM routing_groups ORDER BY position, id")
            today = day_start(at.astimezone(shop.tz).date(), shop.tz)
            with self.cache.lock:
                known = (frozenset(a.id for a in agents), tuple(g[0] for g in groups))
                if known != self._known:
                    self._known = known
                    self.cache.reread_open()
                self.cache.update(conn, at, today)
                snap = _build(self.cache, self.sums, at, shop, agents, groups)
                self.cache.unreplied_samples[int(at.timestamp() // 60)] = snap.unreplied_buyers
            return snap

    def _read_agents(self, conn: Connection) -> list[_Agent]:
        """The agents, as the same list while their rows did not change (one small query
        every tick; the rows are made again only when one moved)."""
        found = sql.rows(conn, _AGENTS_SQL)
        if self._agents is None or self._agents[0] != found:
            self._agents = (found, _agents_of(found))
        return self._agents[1]

    def timeline(self, actor: Actor, minutes: int = 60) -> Timeline:
        """The charts' series, from what the last snapshot brought into the cache."""
        actor.require("data.realtime")
        with self.db.read() as s:
            conn = s.connection()
            shop = _read_shop(conn)
            with self.cache.lock:
                cache = self.cache
                end = int(cache.last_at // 60)
                mins = list(range(end - minutes + 1, end + 1))
                resp = [cache.resp_by_minute.get(m) for m in mins]
                hours_today = [0] * 24
                for minute, n in cache.new_by_minute.items():
                    if n:
                        hours_today[datetime.fromtimestamp(minute * 60, shop.tz).hour] += n
                out = Timeline(
                    minutes=tuple(datetime.fromtimestamp(m * 60, UTC) for m in mins),
                    new_conversations=tuple(max(cache.new_by_minute.get(m, 0), 0) for m in mins),
                    unreplied=tuple(cache.unreplied_samples.get(m) for m in mins),
                    avg_response_s=tuple(r[0] / r[1] / 1e6 if r and r[1] else None for r in resp),
                    hours_today=tuple(hours_today),
                    hours_last_week=self._hours_last_week(conn, shop, cache.day_start),
                )
            return out

    def _hours_last_week(self, conn: Connection, shop: _Shop, today: float) -> tuple[int, ...]:
        """New conversations by shop hour on the same weekday last week (read once a day)."""
        if self._last_week is not None and self._last_week[0] == today:
            return self._last_week[1]
        local = datetime.fromtimestamp(today, shop.tz).date() - timedelta(days=7)
        lo, hi = day_start(local, shop.tz), day_start(local + timedelta(days=1), shop.tz)
        m = Message
        hours = [0] * 24
        first = select(m.conversation_id, func.min(m.sent_at)).where(
            (m.sent_at >= lo) & (m.sent_at < hi)).group_by(m.conversation_id)
        for _cid, at in conn.execute(first):
            instant = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
            if instant.tzinfo is None:
                instant = instant.replace(tzinfo=UTC)
            hours[instant.astimezone(shop.tz).hour] += 1
        self._last_week = (today, tuple(hours))
        return self._last_week[1]

    def agent_conversations(self, actor: Actor, account_id: int) -> tuple[ConversationLive, ...]:
        """The open conversations an agent holds, from the last snapshot (the dashboard's
        drill-down); longest wait first."""
        actor.require("data.realtime")
        with self.db.read() as s:
            shop = _read_shop(s.connection())
        with self.cache.lock:
            t = self.cache.last_at
            rows = [c for c in self.cache.open_at(t, shop.timeout_s) if c.agent_id == account_id]
        out = [ConversationLive(c.id, c.buyer, c.status, datetime.fromtimestamp(c.created, UTC),
                                datetime.fromtimestamp(c.last_message, UTC),
                                (t - c.wait_from) if c.wait_from is not None else None) for c in rows]
        out.sort(key=lambda c: (-(c.wait_s if c.wait_s is not None else -1.0), c.conversation_id))
        return tuple(out)


# -- reading the small tables -----------------------------------------------------------------
def _read_shop(conn: Connection) -> _Shop:
    found = sql.rows(conn, "SELECT timezone, session_timeout_min FROM shop WHERE id = 1")
    tz = zone(found[0][0] if found else None)
    timeout = float(found[0][1] if found and found[0][1] else 30) * 60
    settings = _settings(conn, ("routing", *SLOW_SETTING_KEYS))
    routing = settings.get("routing", {})
    slow = DEFAULT_SLOW_S
    for key in SLOW_SETTING_KEYS:
        value = settings.get(key, {}).get("slow_response_s")
        if isinstance(value, (int, float)) and value > 0:
            slow = float(value)
            break
    proxy = routing.get("proxy_account_id")
    if proxy is None:
        main = sql.rows(conn, "SELECT id FROM accounts WHERE kind = ?", [AccountKind.MAIN.value])
        proxy = main[0][0] if main else None
    return _Shop(tz, timeout, bool(routing.get("mobile_routing", True)),
                 int(proxy) if proxy is not None else None, slow)


def _settings(conn: Connection, keys: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    marks = ", ".join("?" * len(keys))
    for key, value in sql.rows(conn, f"SELECT key, value FROM settings WHERE key IN ({marks})", keys):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = None
        if isinstance(value, dict):
            out[key] = value
    return out


_AGENTS_SQL = (
    "SELECT a.id, a.nick, a.kind, a.status, a.takes_routing, p.status, p.device, m.group_id, m.capacity"
    " FROM accounts a LEFT JOIN agent_presence p ON p.account_id = a.id"
    " LEFT JOIN routing_members m ON m.account_id = a.id")


def _agents_of(found: list[tuple[Any, ...]]) -> list[_Agent]:
    return [_Agent(i, nick, kind, status, bool(takes), presence or Presence.OFFLINE, device or Device.DESKTOP,
                   gid, int(cap) if cap is not None else 0)
            for i, nick, kind, status, takes, presence, device, gid, cap in found]


def newest_event(conn: Connection) -> datetime | None:
    """The newest stored live event: a message, a presence change, a routing decision, a
    close. (Max over indexed columns or the newest row by id: cheap at any size.)"""
    candidates = [
        conn.scalar(select(func.max(Message.sent_at))),
        conn.scalar(select(PresenceEvent.at).order_by(PresenceEvent.id.desc()).limit(1)),
        conn.scalar(select(RoutingDecision.at).order_by(RoutingDecision.id.desc()).limit(1)),
        conn.scalar(select(func.max(Conversation.closed_at)).where(Conversation.source != "import")),
    ]
    try:  # the live shop's cursor: the newest event `ingest` and the workbench applied
        from app.models.live import LiveCursor

        candidates.append(conn.scalar(select(LiveCursor.last_event_at).where(LiveCursor.id == 1)))
    except ImportError:  # an older tree without the live shop
        pass
    found = [c if isinstance(c, datetime) else datetime.fromisoformat(str(c)) for c in candidates if c is not None]
    found = [f if f.tzinfo is not None else f.replace(tzinfo=UTC) for f in found]
    return max(found) if found else None


# -- building the snapshot ------------------------------------------------------------------
def _routed(agent: _Agent) -> bool:
    """A sub-account that takes routed conversations (§5 `agents`)."""
    return agent.kind == AccountKind.SUB and agent.status == AccountStatus.ACTIVE and agent.takes_routing


def _lit(agent: _Agent, shop: _Shop) -> bool:
    return agent.presence == Presence.ONLINE and (agent.device != Device.MOBILE or shop.mobile_routing)


def _build(cache: LiveCache, sums: LiveSums, at: datetime, shop: _Shop, agents: list[_Agent],
           groups: list[Any]) -> Snapshot:
    t = at.timestamp()
    by_id = {a.id: a for a in agents}
    flags = [(a.id, a.nick, _routed(a)) for a in agents]
    routed = sorted((a for a, (_i, _n, takes) in zip(agents, flags, strict=True) if takes), key=lambda a: a.nick)
    active_subs = [a for a in agents if a.kind == AccountKind.SUB and a.status == AccountStatus.ACTIVE]
    names = {gid: _(name) for gid, name in groups}
    texts = {WAIT_ALL_FULL: _("全部客服已满"), WAIT_NOBODY_ONLINE: _("分组无人在线"),
             WAIT_PROXY: _("转给代理账号"), WAIT_UNREPLIED: _("等待客服回复")}
    signed = {a.group_id for a in routed if a.presence != Presence.OFFLINE
              and (a.device != Device.MOBILE or shop.mobile_routing)}  # groups someone signed in to

    # The sums over the open conversations move with what changed since the last snapshot;
    # who waits and why depends on this context too: when it changes, they start over.
    sig = (tuple(sorted(signed, key=str)), tuple(groups), shop.proxy_id, texts[WAIT_UNREPLIED],
           tuple(flags))
    sums.update(cache.open, cache.changed, t, shop.timeout_s, sig,
                lambda c: _waiting(c, by_id, shop, names, signed, texts))
    cache.changed = set()
    firsts = sums.firsts

    agent_rows = []
    for a in routed:
        unreplied, first = sums.agent_waits.get(a.id, (0, None))
        answered, avg = cache.avg_response(a.nick)
        agent_rows.append(AgentLive(
            agent=a.nick, account_id=a.id, name=a.nick.split(":", 1)[-1], group_id=a.group_id,
            group_name=names.get(a.group_id, "") if a.group_id is not None else "", status=a.presence,
            device=a.device, load=sums.load(a.id), capacity=a.capacity, unreplied=unreplied,
            longest_wait_s=t - first if first is not None else None, answered_today=answered,
            avg_response_today_s=avg,
        ))
    answered, avg = cache.avg_response()
    return Snapshot(
        at=at, open_conversations=len(sums.conv), unreplied_buyers=len(firsts),
        longest_wait_s=t - min(firsts.values()) if firsts else None,
        online_agents=sum(1 for a in active_subs if a.presence == Presence.ONLINE),
        suspended_agents=sum(1 for a in active_subs if a.presence == Presence.SUSPENDED),
        queued=sums.queued_total(), avg_response_s_today=avg, shop_lit=any(_lit(a, shop) for a in routed),
        agents=tuple(agent_rows), groups=_groups(groups, names, agent_rows, routed, shop, sums, t),
        waiting=sums.waiting(), answered_today=answered, slow_threshold_s=shop.slow_s,
    )


def _groups(groups: list[Any], names: dict[int, str], rows: list[AgentLive], routed: list[_Agent],
            shop: _Shop, sums: LiveSums, t: float) -> tuple[GroupLive, ...]:
    out = []
    by_group: dict[int | None, list[AgentLive]] = {}
    for r in rows:
        by_group.setdefault(r.group_id, []).append(r)
    lit_groups = {a.group_id for a in routed if _lit(a, shop)}
    for gid, _name in groups:
        members = by_group.get(gid, [])
        lit = gid in lit_groups
        waits = [r.longest_wait_s for r in members if r.longest_wait_s is not None]
        queued = sums.queued.get(gid, ())
        waiting, earliest = sums.group_waits.get(gid, (0, None))
        if earliest is not None:
            waits.append(t - earliest)
        out.append(GroupLive(
            id=gid, name=names[gid], lit=lit, online=sum(1 for r in members if r.status == Presence.ONLINE),
            suspended=sum(1 for r in members if r.status == Presence.SUSPENDED),
            load=sum(r.load for r in members), capacity=sum(r.capacity for r in members), queued=len(queued),
            unreplied=sum(r.unreplied for r in members) + waiting,
            longest_wait_s=max(waits) if waits else None,
        ))
    return tuple(out)


def _waiting(c: OpenConv, by_id: dict[int, _Agent], shop: _Shop, names: dict[int, str],
             signed: set[int | None], texts: dict[str, str]) -> Waiting | None:
    """Why this buyer waits, or None when nobody owes them an answer."""
    group = names.get(c.group_id, "") if c.group_id is not None else ""
    if c.status == ConversationStatus.QUEUED:
        code = WAIT_ALL_FULL if c.group_id in signed else WAIT_NOBODY_ONLINE
        since = c.wait_from if c.wait_from is not None else (c.queued_at or c.created)
        return Waiting(c.id, c.buyer, c.status, "", c.group_id, group, since, code, texts[code])
    if c.wait_from is None:
        return None
    holder = by_id.get(c.agent_id) if c.agent_id is not None else None
    nick = holder.nick if holder is not None else ""
    code = WAIT_UNREPLIED
    if c.agent_id is not None and c.agent_id == shop.proxy_id and (holder is None or not _routed(holder)):
        code = WAIT_PROXY
    return Waiting(c.id, c.buyer, c.status, nick, c.group_id, group, c.wait_from, code, texts[code])
