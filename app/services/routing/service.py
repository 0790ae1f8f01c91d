"""客服分流 persisted: routes arriving buyer messages, frees capacity, drains queues, keeps
presence, and edits groups, members, entry rules and settings.

Decisions come from the pure `app.services.routing.engine`; this module loads its state
from the database and writes the outcome (the `Conversation`, a `RoutingDecision` with the
reason, the offline auto-reply) in the same transaction.

Concurrency: the first statement of every routing transaction bumps the single
`routing_clock` row. On PostgreSQL that row lock serialises routing between consoles (a
second console waits, then sees the first one's commit); on SQLite it takes the database's
write lock before anything is read. So capacities hold and nothing is assigned twice, and
a console whose cached state is older than the clock reloads it from the database. The
database is the only truth: after a restart loads, queues and presence are rebuilt from it.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account
from app.models.base import stored_text, utcnow
from app.models.conversations import Conversation
from app.models.routing import (
    AgentPresence,
    EntryRule,
    PresenceEvent,
    RoutingDecision,
    RoutingGroup,
    RoutingMember,
)
from app.models.shop import Setting
from app.models.vocabulary import (
    AccountKind,
    AccountStatus,
    ConversationStatus,
    Device,
    Outcome,
    Presence,
    RoutingMode,
    RuleKind,
    Sender,
)
from app.services.accounts.permissions import Actor
from app.services.common import audit
from app.services.common.database import Database
from app.services.common.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.services.conversations import writer
from app.services.routing import engine as eng

SETTINGS_KEY = "routing"
DEFAULT_AUTO_REPLY = "您好，客服暂时不在线，请留言，我们上线后会第一时间回复您。"
DEFAULT_WINDOW_HOURS = 48.0
MAX_CAPACITY = 200
MAX_WEIGHT = 100
CACHE_SECONDS = 2.0
SQLITE_CHECKPOINT_TIMEOUT_S = 5.0
WAL_CHECKPOINT_PAGES = 10_000  # ≈ 40 MB of WAL between automatic checkpoints
CACHE_KIB = 32_768  # SQLite page cache of a routing connection  # a console re-reads the state at least this often


# -- results (plain, frozen) -------------------------------------------------------------------
@dataclass(frozen=True)
class RouteResult:
    conversation_id: int | None
    outcome: str  # assigned | queued | proxy
    agent_id: int | None
    agent_name: str
    group_id: int | None
    group_name: str
    reason: str
    queue_position: int = 0
    auto_reply: str | None = None
    continued: bool = False  # the buyer's conversation was still open: no new routing


@dataclass(frozen=True)
class GroupRow:
    id: int
    name: str
    mode: str
    mode_name: str
    preset_key: str | None
    is_default: bool
    overflow_group_id: int | None
    overflow_name: str
    backup_agent_id: int | None
    backup_name: str
    members: int
    online: int
    queued: int
    lit: bool
    position: int


@dataclass(frozen=True)
class MemberRow:
    account_id: int
    name: str
    nick: str
    group_id: int
    group_name: str
    weight: int
    capacity: int
    position: int
    load: int
    status: str
    status_name: str
    device: str
    takes_routing: bool
    account_status: str
    routable: bool
    load_text: str


@dataclass(frozen=True)
class RuleRow:
    id: int
    kind: str
    kind_name: str
    pattern: str
    group_id: int
    group_name: str
    priority: int
    enabled: bool


@dataclass(frozen=True)
class AccountChoice:
    account_id: int
    name: str
    nick: str
    is_main: bool


@dataclass(frozen=True)
class RoutingSettings:
    proxy_account_id: int | None
    proxy_name: str
    auto_reply: str
    mobile_routing: bool
    returning_window_hours: float


@dataclass(frozen=True)
class ShopLight:
    lit: bool
    groups: tuple[tuple[int, str, bool], ...]  # (group id, name, lit)


@dataclass(frozen=True)
class DecisionRow:
    id: int
    at: datetime
    conversation_id: int
    buyer_nick: str
    outcome: str
    agent_name: str
    reason: str


@dataclass(frozen=True)
class RoutingOverview:
    groups: tuple[GroupRow, ...]
    members: tuple[MemberRow, ...]
    rules: tuple[RuleRow, ...]
    settings: RoutingSettings
    accounts: tuple[AccountChoice, ...]  # active accounts, for proxy/backup/member pickers
    light: ShopLight
    queued: int
    decisions: tuple[DecisionRow, ...] = field(default=())


# -- the lock and the state ----------------------------------------------------------------
def _display_name(nick: str, alias: str = "") -> str:
    return nick.split(":", 1)[1] if ":" in nick else nick


def _epoch(at: datetime | None) -> float:
    return at.timestamp() if at is not None else 0.0


def read_settings(session: Session) -> dict:
    row = session.get(Setting, SETTINGS_KEY)
    value = dict(row.value) if row is not None and isinstance(row.value, dict) else {}
    value.setdefault("proxy_account_id", None)
    value.setdefault("auto_reply", DEFAULT_AUTO_REPLY)
    value.setdefault("mobile_routing", True)
    value.setdefault("returning_window_hours", DEFAULT_WINDOW_HOURS)
    return value


def load_state(session: Session, last_assigned: dict[int, float] | None = None) -> eng.RoutingState:
    """The whole routing state, rebuilt from the database.

    `last_assigned` (agent id → instant, seconds): the latest assignment of each agent as
    a console already knows it — only when nothing but that console has routed since it
    read them (the routing clock says so); it saves the one query that reads every
    conversation ever assigned. Any agent missing from it makes the query run anyway."""
    groups = {
        g.id: eng.GroupState(
            id=g.id, name=g.name, mode=g.mode, overflow_group_id=g.overflow_group_id,
            is_default=g.is_default, position=g.position, backup_agent_id=g.backup_agent_id,
        )
        for g in session.scalars(select(RoutingGroup))
    }
    loads = dict(
        session.execute(
            select(Conversation.agent_id, func.count())
            .where(Conversation.status == ConversationStatus.OPEN, Conversation.agent_id.is_not(None))
            .group_by(Conversation.agent_id)
        ).all()
    )
    agents: dict[int, eng.AgentState] = {}
    rows = session.execute(
        select(
            RoutingMember, Account.nick, Account.alias, Account.status, Account.takes_routing,
            AgentPresence.status, AgentPresence.device, AgentPresence.last_assigned_at,
        )
        .join(Account, Account.id == RoutingMember.account_id)
        .outerjoin(AgentPresence, AgentPresence.account_id == RoutingMember.account_id)
    ).all()
    # "longest idle" survives restarts: the last assignment is on the conversations
    known = last_assigned
    if known is None or any(member.account_id not in known for member, *_rest in rows):
        known = {
            agent_id: _epoch(at)
            for agent_id, at in session.execute(
                select(Conversation.agent_id, func.max(Conversation.assigned_at))
                .where(Conversation.agent_id.is_not(None), Conversation.assigned_at.is_not(None))
                .group_by(Conversation.agent_id)
            ).all()
        }
    for member, nick, alias, account_status, takes, presence, device, last in rows:
        agents[member.account_id] = eng.AgentState(
            id=member.account_id, name=_display_name(nick, alias), nick=nick,
            group_id=member.group_id, weight=member.weight, capacity=member.capacity,
            position=member.position, load=int(loads.get(member.account_id, 0)),
            status=presence or Presence.OFFLINE, device=device or Device.DESKTOP,
            last_assigned=max(_epoch(last), known.get(member.account_id, 0.0)), takes_routing=bool(takes),
            account_status=account_status,
        )
    rules = [
        eng.Rule(r.id, r.kind, r.pattern, r.group_id, r.priority, r.enabled)
        for r in session.scalars(select(EntryRule))
    ]
    raw = read_settings(session)
    proxy = _proxy_account(session, raw.get("proxy_account_id"))
    settings = eng.Settings(
        proxy_account_id=proxy.id if proxy else None,
        proxy_name=_display_name(proxy.nick) if proxy else "",
        mobile_routing=bool(raw["mobile_routing"]),
        returning_window_hours=float(raw["returning_window_hours"]),
        auto_reply=str(raw["auto_reply"] or ""),
    )
    state = eng.RoutingState(agents=agents, groups=groups, rules=rules, settings=settings)
    default = state.default_group()
    for gid, n in session.execute(
        select(Conversation.group_id, func.count()).where(Conversation.status == ConversationStatus.QUEUED)
        .group_by(Conversation.group_id)
    ).all():
        key = gid if gid in groups else (default.id if default else None)
        if key is not None:
            state.queue_sizes[key] = state.queue_sizes.get(key, 0) + int(n)
    return state


def _proxy_account(session: Session, wanted: int | None) -> Account | None:
    """The configured proxy account when it is active, else the main account."""
    if wanted is not None:
        account = session.get(Account, wanted)
        if account is not None and account.status == AccountStatus.ACTIVE:
            return account
    return session.scalars(select(Account).where(Account.kind == AccountKind.MAIN)).first()


# -- writing decisions -------------------------------------------------------------------------
def _group_name(state: eng.RoutingState, group_id: int | None) -> str:
    group = state.groups.get(group_id) if group_id is not None else None
    return _(group.name) if group else ""


class Tx:
    """The routing hot path's statements, straight on the DB-API cursor of a transaction.

    Routing writes a handful of rows per buyer message; going around SQLAlchemy's statement
    compilation keeps a decision's transaction well under a millisecond on SQLite. SQL is
    written with `:name` parameters; instants are aware UTC datetimes on both sides.
    """

    _pg_sql: dict[str, str] = {}

    def __init__(self, connection) -> None:  # type: ignore[no-untyped-def]
        # a SQLAlchemy Connection (Core or from Session.connection()) inside a transaction
        self.sqlite = connection.dialect.name == "sqlite"
        self.connection = connection  # for the rare statement that needs SQLAlchemy
        pooled = connection.connection
        self.dbapi = pooled.dbapi_connection
        self.cursor = self.dbapi.cursor()
        if self.sqlite and not pooled.info.get("zg_routing_wal"):
            # Routing writes a few small rows per decision; SQLite's default (checkpoint the
            # WAL every 1,000 pages) would copy and fsync on every ~70th decision of a burst.
            self.cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
            # and touches index pages all over a growing file: keep more of them in memory
            self.cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            pooled.info["zg_routing_wal"] = True

    @classmethod
    def of(cls, session: Session) -> Tx:
        return cls(session.connection())

    @classmethod
    def held(cls, connection) -> Tx:  # type: ignore[no-untyped-def]
        """The Tx of a connection the service keeps (one cursor for all its transactions)."""
        pooled = connection.connection
        tx = pooled.info.get("zg_routing_tx")
        if tx is None or tx.dbapi is not pooled.dbapi_connection:
            tx = pooled.info["zg_routing_tx"] = cls(connection)
        tx.connection = connection
        return tx

    def _sql(self, sql: str) -> str:
        if self.sqlite:
            return sql
        out = self._pg_sql.get(sql)
        if out is None:
            out = self._pg_sql[sql] = re.sub(r"(?<!:):([a-z_]+)", r"%(\1)s", sql)
        return out

    _stamp: tuple[datetime | None, str] = (None, "")

    def _param(self, value: object) -> object:
        if isinstance(value, datetime):
            last, text = self._stamp
            if value is not last:  # a routing writes the same instant several times
                text = stored_text(value)
                self._stamp = (value, text)
            return text
        return value

    def stamp(self, value: datetime) -> object:
        """An instant as this connection stores it (SQLite: UTC text), for `exec`."""
        return self._param(value) if self.sqlite else value

    def exec(self, sql: str, params: dict[str, object]):  # type: ignore[no-untyped-def]
        """`run` for parameters that are already converted (instants through `stamp`)."""
        self.cursor.execute(sql if self.sqlite else self._sql(sql), params)
        return self.cursor

    def run(self, sql: str, **params: object):  # type: ignore[no-untyped-def]
        if self.sqlite:
            # `params` is this call's own dict: convert its instants in place
            for k, v in params.items():
                if isinstance(v, datetime):
                    params[k] = self._param(v)
            self.cursor.execute(sql, params)
        else:
            self.cursor.execute(self._sql(sql), params)
        return self.cursor

    def one(self, sql: str, **params: object):  # type: ignore[no-untyped-def]
        return self.run(sql, **params).fetchone()

    def insert(self, sql: str, **params: object) -> int:
        """Run an INSERT of one row and return its id (SQLite: the cursor's lastrowid)."""
        if self.sqlite:
            return int(self.run(sql, **params).lastrowid)
        return int(self.one(sql + " RETURNING id", **params)[0])

    def all(self, sql: str, **params: object) -> list:
        return list(self.run(sql, **params).fetchall())

    def instant(self, value: object) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class _Conv:
    """The few columns of a conversation that routing writes about (rows, not ORM objects)."""

    id: int
    external_id: str
    buyer_nick: str
    status: str = ConversationStatus.OPEN
    agent_id: int | None = None
    group_id: int | None = None
    entry_page: str = ""
    buyer_tags: str = ""
    closed_at: datetime | None = None


_CONV_COLUMNS = "id, external_id, buyer_nick, status, agent_id, group_id, entry_page, buyer_tags, closed_at"


def _conv(tx: Tx, row) -> _Conv | None:  # type: ignore[no-untyped-def]
    if row is None:
        return None
    return _Conv(row[0], row[1], row[2], row[3], row[4], row[5], row[6] or "", row[7] or "", tx.instant(row[8]))


def bump_clock(session: Session) -> int:
    """Take the routing lock for this transaction and return the new clock version.

    Anything that changes routing state outside this module (presence, membership, open
    conversations) should call this inside its transaction so consoles reload their state.
    """
    return _bump(Tx.of(session))


def _bump(tx: Tx) -> int:
    row = tx.one("UPDATE routing_clock SET version = version + 1 WHERE id = 1 RETURNING version")
    if row is None:
        tx.run("INSERT INTO routing_clock (id, version) VALUES (1, 1)")
        return 1
    return int(row[0])


def _add_message(tx: Tx, conv: _Conv, sender: str, agent_nick: str | None, content: str, now: datetime,
                 new: bool = False) -> None:
    """Through the one message writer (fingerprint, ad verdict, report summaries)."""
    writer.append(tx.connection, writer.Conv(conv.id, conv.external_id, conv.buyer_nick), sender, agent_nick,
                  content, now, new_conversation=new)


def _agent_nick(tx: Tx, state: eng.RoutingState, agent_id: int | None) -> str | None:
    if agent_id is None:
        return None
    agent = state.agents.get(agent_id)
    if agent is not None:
        return agent.nick
    row = tx.one("SELECT nick FROM accounts WHERE id = :id", id=agent_id)
    return row[0] if row else None


def _record(tx: Tx, state: eng.RoutingState, conv: _Conv, d: eng.Decision, now: datetime,
            written: bool = False) -> str | None:
    """Write a decision onto its conversation (`written`: the row already carries it);
    returns the auto-reply sent, if any."""
    tx.exec(
        "INSERT INTO routing_decisions (conversation_id, account_id, group_id, at, outcome, reason)"
        " VALUES (:conversation_id, :account_id, :group_id, :at, :outcome, :reason)",
        {"conversation_id": conv.id, "account_id": d.agent_id, "group_id": d.group_id, "at": tx.stamp(now),
         "outcome": d.outcome, "reason": d.reason},
    )
    eng.apply(state, d, now.timestamp())
    if d.outcome == Outcome.QUEUED:
        if written:
            return None
        tx.run("UPDATE conversations SET status = :status, agent_id = NULL, group_id = :group_id,"
               " queued_at = :now WHERE id = :id", status=ConversationStatus.QUEUED, group_id=d.group_id, now=now, id=conv.id)
        return None
    if not written:
        tx.run("UPDATE conversations SET status = :status, agent_id = :agent_id,"
               " group_id = COALESCE(:group_id, group_id), assigned_at = :now WHERE id = :id",
               status=ConversationStatus.OPEN, agent_id=d.agent_id, group_id=d.group_id, now=now, id=conv.id)
    if d.outcome == Outcome.PROXY and state.settings.auto_reply:
        _add_message(tx, conv, Sender.AUTO, _agent_nick(tx, state, d.agent_id), state.settings.auto_reply, now,
                     new=written)
        return state.settings.auto_reply
    return None


def _verify(tx: Tx, state: eng.RoutingState, agent_id: int) -> bool:
    """The cached state agrees with the database about the chosen agent (account status,
    参与分流, presence and device, open conversations)."""
    agent = state.agents.get(agent_id)
    row = tx.one(
        "SELECT a.status, a.takes_routing, p.status, p.device, (SELECT count(*) FROM conversations c"
        " WHERE c.agent_id = a.id AND c.status = :open) FROM accounts a"
        " LEFT JOIN agent_presence p ON p.account_id = a.id WHERE a.id = :id",
        open=ConversationStatus.OPEN, id=agent_id,
    )
    return (
        agent is not None and row is not None and row[0] == agent.account_status
        and bool(row[1]) == agent.takes_routing and (row[2] or Presence.OFFLINE) == agent.status
        and (row[3] or Device.DESKTOP) == agent.device and int(row[4] or 0) == agent.load
    )


def _result(state: eng.RoutingState, conv: _Conv | None, d: eng.Decision,
            auto_reply: str | None = None, continued: bool = False) -> RouteResult:
    return RouteResult(
        conversation_id=conv.id if conv is not None else None, outcome=d.outcome, agent_id=d.agent_id,
        agent_name=state.agent_name(d.agent_id), group_id=d.group_id,
        group_name=_group_name(state, d.group_id), reason=d.reason, queue_position=d.queue_position,
        auto_reply=auto_reply, continued=continued,
    )


def _last_conversation(tx: Tx, buyer_nick: str) -> _Conv | None:
    return _conv(tx, tx.one(
        f"SELECT {_CONV_COLUMNS} FROM conversations WHERE buyer_nick = :buyer AND source = 'live'"
        " ORDER BY id DESC LIMIT 1", buyer=buyer_nick,
    ))


def _arrival(tx: Tx, state: eng.RoutingState, buyer_nick: str, text: str, entry_page: str,
             tags: Sequence[str], order_status: str, direct_agent_id: int | None,
             now: datetime) -> tuple[eng.Arrival, _Conv | None]:
    last = _last_conversation(tx, buyer_nick) if buyer_nick else None
    last_agent = None
    if last is not None and last.status == ConversationStatus.CLOSED and last.agent_id is not None and last.closed_at:
        window = timedelta(hours=state.settings.returning_window_hours)
        if now - last.closed_at <= window and last.agent_id in state.agents:
            last_agent = last.agent_id
    arrival = eng.Arrival(
        buyer_nick=buyer_nick, text=text, entry_page=entry_page,
        tags=tuple(t for t in tags if t), order_status=order_status,
        direct_agent_id=direct_agent_id, last_agent_id=last_agent,
    )
    return arrival, last


def route_in_session(tx: Tx, state: eng.RoutingState, *, buyer_nick: str, text: str,
                     entry_page: str = "", tags: Sequence[str] = (), order_status: str = "",
                     direct_agent_id: int | None = None, now: datetime | None = None,
                     verify: Callable[[int], bool] | None = None,
                     reload: Callable[[], None] | None = None) -> RouteResult:
    """Route one buyer message. `verify(agent_id)` may veto a decision made on a cached
    state; `reload()` then refreshes the state from the database and the decision is redone."""
    now = now or utcnow()
    arrival, last = _arrival(tx, state, buyer_nick, text, entry_page, tags, order_status, direct_agent_id, now)
    if last is not None and last.status in (ConversationStatus.OPEN, ConversationStatus.QUEUED):
        # the buyer's conversation is still going: the message joins it, nobody is re-picked
        _add_message(tx, last, Sender.BUYER, _agent_nick(tx, state, last.agent_id), text, now)
        tx.run("UPDATE conversations SET last_message_at = :now WHERE id = :id", now=now, id=last.id)
        outcome = Outcome.ASSIGNED if last.status == ConversationStatus.OPEN else Outcome.QUEUED
        who = state.agent_name(last.agent_id) if last.agent_id is not None else _("排队中")
        d = eng.Decision(last.agent_id, last.group_id, outcome, _("会话进行中 → {agent}").format(agent=who))
        return _result(state, last, d, continued=True)
    d = eng.decide(state, arrival)
    if (
        verify is not None and reload is not None and d.outcome == Outcome.ASSIGNED and d.agent_id is not None
        and not verify(d.agent_id)
    ):
        reload()
        d = eng.decide(state, arrival)
    # time first: new ids land at the end of the unique index instead of all over it
    external_id = f"live-{now:%Y%m%d%H%M%S%f}-{os.urandom(6).hex()}"  # 48 random bits, as uuid4().hex[:12]
    tags_text = ",".join(arrival.tags)[:200]
    queued = d.outcome == Outcome.QUEUED
    at = tx.stamp(now)
    conv_id = tx.insert(
        "INSERT INTO conversations (external_id, buyer_nick, source, status, agent_id, group_id, entry_page,"
        " buyer_tags, created_at, queued_at, assigned_at, last_message_at) VALUES (:external_id, :buyer_nick,"
        " 'live', :status, :agent_id, :group_id, :entry_page, :buyer_tags, :now, :queued_at, :assigned_at,"
        " :now)",
        external_id=external_id, buyer_nick=buyer_nick, status=ConversationStatus.QUEUED if queued else ConversationStatus.OPEN,
        agent_id=d.agent_id, group_id=d.group_id, entry_page=entry_page[:200], buyer_tags=tags_text, now=at,
        queued_at=at if queued else None, assigned_at=None if queued else at,
    )
    conv = _Conv(conv_id, external_id, buyer_nick, entry_page=entry_page, buyer_tags=tags_text)
    agent_nick = _agent_nick(tx, state, d.agent_id) if not queued else None
    _add_message(tx, conv, Sender.BUYER, agent_nick, text, now, new=True)
    auto = _record(tx, state, conv, d, now, written=True)
    return _result(state, conv, d, auto)


def drain_in_session(tx: Tx, state: eng.RoutingState, now: datetime | None = None) -> list[RouteResult]:
    """Hand queued conversations to whoever has room, oldest first in each group."""
    now = now or utcnow()
    out: list[RouteResult] = []
    progress = True
    while progress:
        progress = False
        for gid in sorted(g for g, n in state.queue_sizes.items() if n > 0):
            while state.queue_sizes.get(gid, 0) > 0:
                eng.dequeue(state, gid)
                d = eng.decide_queued(state, gid)
                if d is None:
                    state.queue_sizes[gid] = state.queue_sizes.get(gid, 0) + 1
                    break
                conv = _oldest_queued(tx, state, gid)
                if conv is None:  # the count was stale
                    state.queue_sizes[gid] = 0
                    break
                auto = _record(tx, state, conv, d, now)
                out.append(_result(state, conv, d, auto))
                progress = True
    return out


def _oldest_queued(tx: Tx, state: eng.RoutingState, gid: int) -> _Conv | None:
    sql = (f"SELECT {_CONV_COLUMNS} FROM conversations WHERE status = :queued AND group_id = :gid"
           " ORDER BY queued_at, id LIMIT 1")
    conv = _conv(tx, tx.one(sql, queued=ConversationStatus.QUEUED, gid=gid))
    default = state.default_group()
    if default is not None and default.id == gid:
        # conversations whose group was deleted wait in the default group, in their order
        orphan = _conv(tx, tx.one(
            f"SELECT {_CONV_COLUMNS}, queued_at FROM conversations WHERE status = :queued AND group_id IS NULL"
            " ORDER BY queued_at, id LIMIT 1", queued=ConversationStatus.QUEUED,
        ))
        if orphan is not None and (conv is None or orphan.id < conv.id):
            return orphan
    return conv


def reroute_agent_in_session(tx: Tx, state: eng.RoutingState, account_id: int, *,
                             handover_to: int | None = None, now: datetime | None = None) -> list[RouteResult]:
    """Move an agent's open conversations: to `handover_to`, or through routing again."""
    now = now or utcnow()
    out: list[RouteResult] = []
    convs = [_conv(tx, r) for r in tx.all(
        f"SELECT {_CONV_COLUMNS} FROM conversations WHERE agent_id = :id AND status = :open"
        " ORDER BY assigned_at, id", id=account_id, open=ConversationStatus.OPEN,
    )]
    name = state.agent_name(account_id)
    for conv in convs:
        assert conv is not None
        eng.release(state, account_id)
        if handover_to is not None and handover_to != account_id:
            target = state.agent_name(handover_to)
            d = eng.Decision(handover_to, conv.group_id, Outcome.ASSIGNED,
                             _("{agent}不可接待 → 转交{target}").format(agent=name, target=target))
        else:
            last = tx.one(
                "SELECT content FROM messages WHERE conversation_id = :id AND sender = :buyer"
                " ORDER BY sent_at DESC, id DESC LIMIT 1", id=conv.id, buyer=Sender.BUYER,
            )
            arrival = eng.Arrival(
                buyer_nick=conv.buyer_nick, text=last[0] if last else "", entry_page=conv.entry_page,
                tags=tuple(t for t in conv.buyer_tags.split(",") if t), exclude_agent_id=account_id,
            )
            d = eng.decide(state, arrival)
            d = eng.Decision(d.agent_id, d.group_id, d.outcome,
                             _("{agent}不可接待，重新分流").format(agent=name) + " → " + d.reason,
                             d.queue_position)
        auto = _record(tx, state, conv, d, now)
        out.append(_result(state, conv, d, auto))
    return out


def close_in_session(tx: Tx, state: eng.RoutingState, conversation_id: int,
                     now: datetime | None = None) -> list[RouteResult]:
    now = now or utcnow()
    conv = _conv(tx, tx.one(f"SELECT {_CONV_COLUMNS} FROM conversations WHERE id = :id", id=conversation_id))
    if conv is None:
        raise NotFound(_("会话不存在：{id}").format(id=conversation_id))
    if conv.status == ConversationStatus.CLOSED:
        return []
    if conv.status == ConversationStatus.OPEN:
        eng.release(state, conv.agent_id)
    else:
        default = state.default_group()
        eng.dequeue(state, conv.group_id if conv.group_id in state.groups else (default.id if default else -1))
    tx.run("UPDATE conversations SET status = :closed, closed_at = :now WHERE id = :id",
           closed=ConversationStatus.CLOSED, now=now, id=conv.id)
    return drain_in_session(tx, state, now)


def set_presence_in_session(session: Session, state: eng.RoutingState, account_id: int, status: str,
                            device: str = Device.DESKTOP, now: datetime | None = None) -> list[RouteResult]:
    now = now or utcnow()
    if status not in tuple(Presence):
        raise ValidationError(_("未知的状态：{status}").format(status=status))
    if device not in tuple(Device):
        raise ValidationError(_("未知的设备：{device}").format(device=device))
    presence = session.get(AgentPresence, account_id)
    if presence is None:
        presence = AgentPresence(account_id=account_id, status=status, device=device, since=now)
        session.add(presence)
    elif presence.status != status or presence.device != device:
        presence.status, presence.device, presence.since = status, device, now
    session.add(PresenceEvent(account_id=account_id, status=status, device=device, at=now))
    session.flush()
    tx = Tx.of(session)
    agent = state.agents.get(account_id)
    out: list[RouteResult] = []
    if agent is not None:
        agent.status, agent.device = status, device
        if not state.routable(agent):
            out += reroute_agent_in_session(tx, state, account_id, now=now)
    elif status == Presence.OFFLINE:
        out += reroute_agent_in_session(tx, state, account_id, now=now)
    out += drain_in_session(tx, state, now)
    return out


class _Checkpointer:
    """Copies an SQLite database's WAL back into the file from a background thread.

    A checkpoint (copy the WAL's pages into the database, fsync it) takes tens to hundreds
    of milliseconds; run by the connection that happens to commit past the WAL limit, it
    stalls that routing. Here it runs on its own connection every `EVERY` routing commits
    (about 2,000 WAL pages) as a PASSIVE checkpoint, which never blocks writers or readers;
    the checkpoint syncs as SQLite's default `synchronous` requires. Should it fall behind,
    the routing connection's own `wal_autocheckpoint` still bounds the WAL as before."""

    EVERY = 100

    def __init__(self, path: str) -> None:
        self._path = path
        self._wake = threading.Event()
        self._stopping = False
        self._count = 0
        self._thread = threading.Thread(target=self._loop, name="zg-routing-checkpoint", daemon=True)
        self._thread.start()

    def committed(self) -> None:
        self._count += 1
        if self._count >= self.EVERY:
            self._count = 0
            self._wake.set()

    def _loop(self) -> None:
        conn = None
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                try:
                    if conn is None:
                        conn = sqlite3.connect(self._path, timeout=SQLITE_CHECKPOINT_TIMEOUT_S)
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    pass  # busy or gone: the routing connection's autocheckpoint is the fallback
        finally:
            if conn is not None:
                conn.close()

    def stop(self, wait: bool = True) -> None:
        self._stopping = True
        self._wake.set()
        if wait and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)


class _Unset:
    """Marks 'leave as is' where None is a meaningful value."""


UNSET = _Unset()


# -- the service ----------------------------------------------------------------------------
class RoutingService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._mutex = threading.RLock()
        self._state: eng.RoutingState | None = None
        self._version: int | None = None
        self._loaded_at = 0.0
        self._checked = False  # the state of the current unit was just read from the database
        self._conn = None  # the connection of the current fast unit
        self._held = None  # SQLite: the connection the hot path keeps between units
        self._held_pool = None
        self._dispose_hooked = False
        self._checkpointer: _Checkpointer | None = None

    @contextmanager
    def _unit(self) -> Iterator[tuple[Session, eng.RoutingState]]:
        """One routing transaction with an ORM session: the lock, then the state."""
        with self._mutex:
            try:
                with self.db.session() as s:
                    tx = Tx.of(s)
                    state = self._state_for(tx, s.connection())
                    yield s, state
                self._state = state
            except BaseException:
                self._state = None
                raise

    @contextmanager
    def _fast(self) -> Iterator[tuple[Tx, eng.RoutingState]]:
        """One routing transaction straight on a connection (the hot path).

        On SQLite the service keeps one connection for its hot path (checking a connection
        out of the pool and back in costs about as much as the statements of a routing);
        every call is still its own transaction, committed before it returns."""
        with self._mutex:
            held = self._held_connection()
            try:
                if held is not None:
                    with held.begin():
                        tx = Tx.held(held)
                        self._conn = held
                        state = self._state_for(tx, held)
                        yield tx, state
                        self._state = state
                    if self._checkpointer is not None:
                        self._checkpointer.committed()
                else:
                    with self.db.engine.begin() as conn:
                        yield from self._fast_unit(conn)
            except BaseException:
                self._state = None
                if held is not None:  # a failed unit never leaves a doubtful connection behind
                    self._drop_held()
                raise
            finally:
                self._conn = None

    def _fast_unit(self, conn) -> Iterator[tuple[Tx, eng.RoutingState]]:  # type: ignore[no-untyped-def]
        tx = Tx(conn)
        self._conn = conn
        state = self._state_for(tx, conn)
        yield tx, state
        self._state = state

    def _held_connection(self):  # type: ignore[no-untyped-def]
        engine = self.db.engine
        if engine.dialect.name != "sqlite":
            return None
        conn = self._held
        if conn is not None and not conn.closed and not conn.invalidated and self._held_pool is engine.pool:
            return conn
        self._drop_held()
        conn = self._held = engine.connect()
        self._held_pool = engine.pool
        path = engine.url.database
        if self._checkpointer is None and path and path != ":memory:" and not path.startswith("file:") \
                and not engine.url.query.get("uri"):
            self._checkpointer = _Checkpointer(path)
            weakref.finalize(self, self._checkpointer.stop, False)
        if not self._dispose_hooked:
            # Services.close() disposes the engine: the held connection goes with it
            event.listen(engine, "engine_disposed", self._on_dispose)
            self._dispose_hooked = True
        return conn

    def _on_dispose(self, _engine) -> None:  # type: ignore[no-untyped-def]
        with self._mutex:
            self._drop_held()
            checkpointer, self._checkpointer = self._checkpointer, None
            if checkpointer is not None:
                checkpointer.stop()

    def _drop_held(self) -> None:
        conn, self._held, self._held_pool = self._held, None, None
        if conn is not None:
            try:
                conn.invalidate()  # closes the DB-API connection (the pool may be gone)
                conn.close()
            except Exception:  # noqa: BLE001 - already broken: nothing left to release
                pass

    def _state_for(self, tx: Tx, conn) -> eng.RoutingState:  # type: ignore[no-untyped-def]
        version = _bump(tx)
        cached, self._state = self._state, None
        fresh = time.monotonic() - self._loaded_at < CACHE_SECONDS
        in_step = cached is not None and self._version == version - 1  # nobody else routed since
        if in_step and fresh:
            self._checked = False
            state = cached
        else:
            # the periodic re-read keeps the last assignments this console wrote itself
            # (assignments are only written by routing, which always moves the clock)
            known = {a.id: a.last_assigned for a in cached.agents.values()} if in_step and cached else None
            with Session(bind=conn) as ls:
                state = load_state(ls, known)
            self._loaded_at = time.monotonic()
            self._checked = True
        self._version = version
        return state

    def invalidate(self) -> None:
        with self._mutex:
            self._state = None

    # -- traffic ------------------------------------------------------------------------
    def route(self, actor: Actor, buyer_nick: str, text: str = "", *, entry_page: str = "",
              tags: Sequence[str] = (), order_status: str = "", direct_agent_id: int | None = None,
              now: datetime | None = None) -> RouteResult:
        """An arriving buyer message: who gets it, written down with its reason."""
        _require_any(actor, "cs.reception", "cs.routing")
        buyer_nick = (buyer_nick or "").strip()
        if not buyer_nick:
            raise ValidationError(_("买家昵称不能为空"))
        tags = tuple(t.strip() for t in tags if t.strip()) if tags else ()
        with self._fast() as (tx, state):
            verify = None if self._checked else (lambda agent_id: _verify(tx, state, agent_id))
            return route_in_session(tx, state, buyer_nick=buyer_nick, text=text or "",
                                    entry_page=entry_page or "", tags=tags, order_status=order_status or "",
                                    direct_agent_id=direct_agent_id, now=now, verify=verify,
                                    reload=lambda: self._reload_conn(state))

    def close(self, actor: Actor, conversation_id: int, now: datetime | None = None) -> list[RouteResult]:
        """Close a conversation; the freed capacity drains the queue. Returns what drained."""
        actor.require("cs.reception")
        with self._fast() as (tx, state):
            row = tx.one("SELECT agent_id FROM conversations WHERE id = :id", id=conversation_id)
            if row is not None and row[0] != actor.account_id and not actor.can("cs.routing"):
                raise PermissionDenied(_("只能结束自己接待的会话"))
            return close_in_session(tx, state, conversation_id, now)

    def set_presence(self, actor: Actor, account_id: int, status: str, device: str = Device.DESKTOP,
                     now: datetime | None = None) -> list[RouteResult]:
        """在线 / 挂起 / 离线 on a device; going offline re-routes the agent's conversations."""
        if account_id == actor.account_id:
            actor.require("cs.reception")
        else:
            actor.require("cs.routing")
        with self._unit() as (s, state):
            account = s.get(Account, account_id)
            if account is None or account.status != AccountStatus.ACTIVE and status != Presence.OFFLINE:
                raise ValidationError(_("该账号已冻结或删除，不能上线"))
            out = set_presence_in_session(s, state, account_id, status, device, now)
            audit.record(s, actor, "routing.presence", account.nick, status=status, device=device)
            return out

    def drain(self, actor: Actor, now: datetime | None = None) -> list[RouteResult]:
        _require_any(actor, "cs.reception", "cs.routing")
        with self._unit() as (s, state):
            return drain_in_session(Tx.of(s), state, now)

    def try_route(self, actor: Actor, text: str = "", entry_page: str = "", *, buyer_nick: str = "",
                  tags: Sequence[str] = (), order_status: str = "", direct_agent_id: int | None = None,
                  now: datetime | None = None) -> RouteResult:
        """Who would get this message, and why — nothing is written."""
        actor.require("cs.routing")
        with self.db.session() as s:
            state = load_state(s)
            arrival, _last = _arrival(Tx.of(s), state, buyer_nick.strip(), text or "", entry_page or "",
                                      tuple(t.strip() for t in tags if t.strip()), order_status or "",
                                      direct_agent_id, now or utcnow())
            d = eng.decide(state, arrival)
            return _result(state, None, d, state.settings.auto_reply if d.outcome == Outcome.PROXY else None)

    # -- reading -------------------------------------------------------------------------
    def shop_light(self, actor: Actor) -> ShopLight:
        with self.db.session() as s:
            return _light(load_state(s))

    def queue_size(self, actor: Actor, group_id: int | None = None) -> int:
        with self.db.session() as s:
            q = select(func.count()).select_from(Conversation).where(Conversation.status == ConversationStatus.QUEUED)
            if group_id is not None:
                q = q.where(Conversation.group_id == group_id)
            return int(s.scalar(q) or 0)

    def overview(self, actor: Actor, decisions: int = 50) -> RoutingOverview:
        actor.require("cs.routing")
        with self.db.session() as s:
            state = load_state(s)
            groups = []
            for g in state.ordered_groups():
                members = state.members(g.id)
                groups.append(GroupRow(
                    id=g.id, name=_(g.name), mode=g.mode, mode_name=eng.mode_label(g.mode),
                    preset_key=s.get(RoutingGroup, g.id).preset_key,  # type: ignore[union-attr]
                    is_default=g.is_default, overflow_group_id=g.overflow_group_id,
                    overflow_name=_group_name(state, g.overflow_group_id),
                    backup_agent_id=g.backup_agent_id, backup_name=state.agent_name(g.backup_agent_id),
                    members=len(members), online=sum(1 for a in state.signed_in(g.id) if a.status == Presence.ONLINE),
                    queued=state.queue_sizes.get(g.id, 0), lit=state.group_lit(g.id), position=g.position,
                ))
            members_rows = tuple(
                MemberRow(
                    account_id=a.id, name=a.name, nick=a.nick, group_id=a.group_id or 0,
                    group_name=_group_name(state, a.group_id), weight=a.weight, capacity=a.capacity,
                    position=a.position, load=a.load, status=a.status,
                    status_name=_account_status_label(a.account_status) or eng.status_label(a.status),
                    device=a.device, takes_routing=a.takes_routing, account_status=a.account_status,
                    routable=state.routable(a), load_text=f"{a.load}/{a.capacity}",
                )
                for g in state.ordered_groups() for a in state.members(g.id)
            )
            rules = tuple(
                RuleRow(id=r.id, kind=r.kind, kind_name=eng.rule_kind_label(r.kind), pattern=r.pattern,
                        group_id=r.group_id, group_name=_group_name(state, r.group_id), priority=r.priority,
                        enabled=r.enabled)
                for r in sorted(state.rules, key=lambda r: (tuple(RuleKind).index(r.kind)
                                                            if r.kind in tuple(RuleKind) else 9, r.priority, r.id))
            )
            accounts = tuple(
                AccountChoice(a.id, _display_name(a.nick), a.nick, a.kind == AccountKind.MAIN)
                for a in s.scalars(select(Account).where(Account.status == AccountStatus.ACTIVE).order_by(Account.kind, Account.id))
            )
            log = tuple(
                DecisionRow(id=d.id, at=d.at, conversation_id=d.conversation_id, buyer_nick=buyer,
                            outcome=d.outcome, agent_name=state.agent_name(d.account_id), reason=d.reason)
                for d, buyer in s.execute(
                    select(RoutingDecision, Conversation.buyer_nick)
                    .join(Conversation, Conversation.id == RoutingDecision.conversation_id)
                    .order_by(RoutingDecision.id.desc()).limit(decisions)
                ).all()
            )
            return RoutingOverview(
                groups=tuple(groups), members=members_rows, rules=rules, settings=_settings_row(state, s),
                accounts=accounts, light=_light(state), queued=sum(state.queue_sizes.values()), decisions=log,
            )

    def settings(self, actor: Actor) -> RoutingSettings:
        actor.require("cs.routing")
        with self.db.session() as s:
            return _settings_row(load_state(s), s)

    # -- configuration -------------------------------------------------------------------
    def create_group(self, actor: Actor, name: str, mode: str = RoutingMode.BALANCED,
                     overflow_group_id: int | None = None) -> int:
        actor.require("cs.routing")
        name = _check_group_name(name)
        _check_mode(mode)
        with self._unit() as (s, state):
            if s.scalar(select(RoutingGroup.id).where(RoutingGroup.name == name)) is not None:
                raise Conflict(_("分组“{name}”已存在").format(name=name))
            if overflow_group_id is not None and s.get(RoutingGroup, overflow_group_id) is None:
                raise ValidationError(_("溢出分组不存在或已删除"))
            position = (s.scalar(select(func.max(RoutingGroup.position))) or 0) + 1
            group = RoutingGroup(name=name, mode=mode, overflow_group_id=overflow_group_id, position=position)
            s.add(group)
            s.flush()
            audit.record(s, actor, "routing.group.create", name, mode=mode)
            self._reload(s, state)
            return group.id

    def update_group(self, actor: Actor, group_id: int, *, name: str | None = None, mode: str | None = None,
                     overflow_group_id: int | None | _Unset = UNSET, backup_agent_id: int | None | _Unset = UNSET,
                     make_default: bool = False) -> None:
        actor.require("cs.routing")
        with self._unit() as (s, state):
            group = s.get(RoutingGroup, group_id)
            if group is None:
                raise NotFound(_("分组不存在或已删除"))
            changes: dict[str, object] = {}
            if name is not None and name.strip() != group.name:
                name = _check_group_name(name)
                if s.scalar(select(RoutingGroup.id).where(RoutingGroup.name == name, RoutingGroup.id != group_id)):
                    raise Conflict(_("分组“{name}”已存在").format(name=name))
                group.name = changes["name"] = name
            if mode is not None:
                _check_mode(mode)
                group.mode = changes["mode"] = mode
            if not isinstance(overflow_group_id, _Unset):
                if overflow_group_id is not None:
                    if overflow_group_id == group_id:
                        raise ValidationError(_("溢出分组不能是它自己"))
                    if s.get(RoutingGroup, overflow_group_id) is None:
                        raise ValidationError(_("溢出分组不存在或已删除"))
                group.overflow_group_id = changes["overflow"] = overflow_group_id
            if not isinstance(backup_agent_id, _Unset):
                if backup_agent_id is not None:
                    backup = s.get(Account, backup_agent_id)
                    if backup is None or backup.status != AccountStatus.ACTIVE:
                        raise ValidationError(_("备用客服已冻结或删除，不能设为备用客服"))
                group.backup_agent_id = changes["backup"] = backup_agent_id
            if make_default and not group.is_default:
                for other in s.scalars(select(RoutingGroup).where(RoutingGroup.is_default.is_(True))):
                    other.is_default = False
                s.flush()
                group.is_default = changes["default"] = True
            s.flush()
            audit.record(s, actor, "routing.group.update", group.name, **changes)
            self._reload(s, state)
            drain_in_session(Tx.of(s), state)

    def delete_group(self, actor: Actor, group_id: int) -> None:
        actor.require("cs.routing")
        with self._unit() as (s, state):
            group = s.get(RoutingGroup, group_id)
            if group is None:
                raise NotFound(_("分组不存在或已删除"))
            if group.preset_key or group.is_default:
                raise Conflict(_("预设分组和默认分组不能删除"))
            if s.scalar(select(func.count()).select_from(RoutingMember).where(RoutingMember.group_id == group_id)):
                raise Conflict(_("分组“{name}”里还有客服，请先把他们移到其他分组").format(name=group.name))
            rules = s.scalar(select(func.count()).select_from(EntryRule).where(EntryRule.group_id == group_id))
            if rules:
                raise Conflict(_("还有 {n} 条接待范围规则指向分组“{name}”，请先修改或删除它们").format(
                    n=rules, name=group.name))
            default = s.scalars(select(RoutingGroup).where(RoutingGroup.is_default.is_(True))).first()
            for conv in s.scalars(select(Conversation).where(Conversation.group_id == group_id,
                                                              Conversation.status == ConversationStatus.QUEUED)):
                conv.group_id = default.id if default else None
            for other in s.scalars(select(RoutingGroup).where(RoutingGroup.overflow_group_id == group_id)):
                other.overflow_group_id = None
            s.delete(group)
            s.flush()
            audit.record(s, actor, "routing.group.delete", group.name)
            self._reload(s, state)
            drain_in_session(Tx.of(s), state)

    def set_member(self, actor: Actor, account_id: int, group_id: int, *, weight: int | None = None,
                   capacity: int | None = None, position: int | None = None,
                   takes_routing: bool | None = None) -> None:
        """Add an agent to a group or move them; set weight, capacity, order, 参与分流."""
        actor.require("cs.routing")
        if capacity is not None:
            _check_capacity(capacity)
        if weight is not None:
            _check_weight(weight)
        with self._unit() as (s, state):
            account = s.get(Account, account_id)
            if account is None or account.status != AccountStatus.ACTIVE:
                raise ValidationError(_("该账号已冻结或删除，不能参与分流"))
            if account.kind == AccountKind.MAIN:
                raise ValidationError(_("主账号不参与分流；可以把它设为代理账号"))
            group = s.get(RoutingGroup, group_id)
            if group is None:
                raise ValidationError(_("分组不存在或已删除"))
            member = s.get(RoutingMember, account_id)
            if member is None:
                last = s.scalar(select(func.max(RoutingMember.position)).where(RoutingMember.group_id == group_id))
                member = RoutingMember(account_id=account_id, group_id=group_id, weight=weight or 1,
                                       capacity=capacity or 5, position=(last or 0) + 1)
                s.add(member)
                if takes_routing is None:
                    takes_routing = True
            else:
                if member.group_id != group_id and position is None:
                    last = s.scalar(select(func.max(RoutingMember.position)).where(RoutingMember.group_id == group_id))
                    member.position = (last or 0) + 1
                member.group_id = group_id
                if weight is not None:
                    member.weight = weight
                if capacity is not None:
                    member.capacity = capacity
            if position is not None:
                member.position = position
            if takes_routing is not None:
                account.takes_routing = takes_routing
            if s.get(AgentPresence, account_id) is None:
                s.add(AgentPresence(account_id=account_id, status=Presence.OFFLINE))
            s.flush()
            audit.record(s, actor, "routing.member.set", account.nick, group=group.name, weight=member.weight,
                         capacity=member.capacity, takes_routing=account.takes_routing)
            self._reload(s, state)
            if not account.takes_routing:
                reroute_agent_in_session(Tx.of(s), state, account_id)
            drain_in_session(Tx.of(s), state)

    def remove_member(self, actor: Actor, account_id: int) -> None:
        actor.require("cs.routing")
        with self._unit() as (s, state):
            member = s.get(RoutingMember, account_id)
            if member is None:
                raise NotFound(_("该账号不在任何分组里"))
            account = s.get(Account, account_id)
            for group in s.scalars(select(RoutingGroup).where(RoutingGroup.backup_agent_id == account_id)):
                group.backup_agent_id = None
            s.delete(member)
            s.flush()
            audit.record(s, actor, "routing.member.remove", account.nick if account else str(account_id))
            self._reload(s, state)
            reroute_agent_in_session(Tx.of(s), state, account_id)
            drain_in_session(Tx.of(s), state)

    def add_rule(self, actor: Actor, kind: str, pattern: str, group_id: int, *, priority: int = 0,
                 enabled: bool = True) -> int:
        actor.require("cs.routing")
        kind, pattern = _check_rule(kind, pattern)
        with self._unit() as (s, state):
            if s.get(RoutingGroup, group_id) is None:
                raise ValidationError(_("规则指向的分组不存在或已删除"))
            rule = EntryRule(kind=kind, pattern=pattern, group_id=group_id, priority=priority, enabled=enabled)
            s.add(rule)
            s.flush()
            audit.record(s, actor, "routing.rule.add", pattern, kind=kind, group_id=group_id)
            self._reload(s, state)
            return rule.id

    def update_rule(self, actor: Actor, rule_id: int, *, kind: str | None = None, pattern: str | None = None,
                    group_id: int | None = None, priority: int | None = None, enabled: bool | None = None) -> None:
        actor.require("cs.routing")
        with self._unit() as (s, state):
            rule = s.get(EntryRule, rule_id)
            if rule is None:
                raise NotFound(_("规则不存在或已删除"))
            new_kind, new_pattern = _check_rule(kind or rule.kind, rule.pattern if pattern is None else pattern)
            if group_id is not None and s.get(RoutingGroup, group_id) is None:
                raise ValidationError(_("规则指向的分组不存在或已删除"))
            rule.kind, rule.pattern = new_kind, new_pattern
            if group_id is not None:
                rule.group_id = group_id
            if priority is not None:
                rule.priority = priority
            if enabled is not None:
                rule.enabled = enabled
            s.flush()
            audit.record(s, actor, "routing.rule.update", rule.pattern, kind=rule.kind, group_id=rule.group_id,
                         enabled=rule.enabled)
            self._reload(s, state)

    def delete_rule(self, actor: Actor, rule_id: int) -> None:
        actor.require("cs.routing")
        with self._unit() as (s, state):
            rule = s.get(EntryRule, rule_id)
            if rule is None:
                raise NotFound(_("规则不存在或已删除"))
            s.delete(rule)
            s.flush()
            audit.record(s, actor, "routing.rule.delete", rule.pattern, kind=rule.kind)
            self._reload(s, state)

    def update_settings(self, actor: Actor, *, proxy_account_id: int | None | _Unset = UNSET,
                        auto_reply: str | None = None, mobile_routing: bool | None = None,
                        returning_window_hours: float | None = None) -> RoutingSettings:
        actor.require("cs.routing")
        with self._unit() as (s, state):
            value = read_settings(s)
            if not isinstance(proxy_account_id, _Unset):
                if proxy_account_id is not None:
                    proxy = s.get(Account, proxy_account_id)
                    if proxy is None or proxy.status != AccountStatus.ACTIVE:
                        raise ValidationError(_("代理账号已冻结或删除，请选择一个正常的账号"))
                value["proxy_account_id"] = proxy_account_id
            if auto_reply is not None:
                if len(auto_reply) > 500:
                    raise ValidationError(_("离线自动回复不能超过 500 个字"))
                value["auto_reply"] = auto_reply.strip()
            if mobile_routing is not None:
                value["mobile_routing"] = bool(mobile_routing)
            if returning_window_hours is not None:
                value["returning_window_hours"] = check_returning_window(returning_window_hours)
            row = s.get(Setting, SETTINGS_KEY)
            if row is None:
                s.add(Setting(key=SETTINGS_KEY, value=value))
            else:
                row.value = value
            s.flush()
            audit.record(s, actor, "routing.settings", "", **value)
            self._reload(s, state)
            if mobile_routing is False:
                for agent in list(state.agents.values()):
                    if agent.device == Device.MOBILE and agent.load and not state.routable(agent):
                        reroute_agent_in_session(Tx.of(s), state, agent.id)
            drain_in_session(Tx.of(s), state)
            return _settings_row(state, s)

    @staticmethod
    def _reload(s: Session, state: eng.RoutingState) -> None:
        fresh = load_state(s)
        state.__dict__.update(fresh.__dict__)

    def _reload_conn(self, state: eng.RoutingState) -> None:
        with Session(bind=self._conn) as ls:
            self._reload(ls, state)
        self._loaded_at = time.monotonic()


def _light(state: eng.RoutingState) -> ShopLight:
    return ShopLight(
        lit=state.shop_lit(),
        groups=tuple((g.id, _(g.name), state.group_lit(g.id)) for g in state.ordered_groups()),
    )


def _settings_row(state: eng.RoutingState, s: Session) -> RoutingSettings:
    raw = read_settings(s)
    return RoutingSettings(
        proxy_account_id=state.settings.proxy_account_id, proxy_name=state.settings.proxy_name,
        auto_reply=str(raw["auto_reply"] or ""), mobile_routing=bool(raw["mobile_routing"]),
        returning_window_hours=float(raw["returning_window_hours"]),
    )


def _account_status_label(status: str) -> str:
    return {"frozen": _("已冻结"), "deleted": _("已删除")}.get(status, "")


def _require_any(actor: Actor, *codes: str) -> None:
    if not any(actor.can(c) for c in codes):
        actor.require(codes[0])


def _check_group_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("分组名称不能为空"))
    if len(name) > 40:
        raise ValidationError(_("分组名称不能超过 40 个字"))
    return name


def _check_mode(mode: str) -> None:
    if mode not in tuple(RoutingMode):
        raise ValidationError(_("未知的分流方式：{mode}").format(mode=mode))


def _check_capacity(capacity: int) -> None:
    if not isinstance(capacity, int) or capacity <= 0:
        raise ValidationError(_("接待上限必须是大于 0 的整数"))
    if capacity > MAX_CAPACITY:
        raise ValidationError(_("接待上限不能超过 {n}").format(n=MAX_CAPACITY))


def _check_weight(weight: int) -> None:
    if not isinstance(weight, int) or weight <= 0:
        raise ValidationError(_("权重必须是大于 0 的整数"))
    if weight > MAX_WEIGHT:
        raise ValidationError(_("权重不能超过 {n}").format(n=MAX_WEIGHT))


def check_returning_window(hours: float) -> float:
    """熟客 window in hours: 0 (off) to 90 days."""
    if not 0 <= hours <= 24 * 90:
        raise ValidationError(_("熟客时间窗必须在 0 到 2160 小时之间"))
    return float(hours)


def _check_rule(kind: str, pattern: str) -> tuple[str, str]:
    if kind not in tuple(RuleKind):
        raise ValidationError(_("未知的规则类型：{kind}").format(kind=kind))
    pattern = (pattern or "").strip()
    if not eng.split_patterns(pattern):
        raise ValidationError(_("规则内容不能为空"))
    if len(pattern) > 500:
        raise ValidationError(_("规则内容不能超过 500 个字"))
    return kind, pattern
