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

import threading
import time
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import event, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

from app.i18n import _
from app.models.accounts import Account
from app.models.conversations import Conversation
from app.models.routing import RoutingDecision, RoutingGroup
from app.models.vocabulary import (
    AccountKind,
    AccountStatus,
    ConversationStatus,
    Device,
    Outcome,
    Presence,
    RuleKind,
)
from app.services.accounts.permissions import Actor
from app.services.common import audit
from app.services.common.database import Database, busy_errors
from app.services.common.errors import PermissionDenied, ValidationError
from app.services.common.wal import Checkpointer
from app.services.routing import engine as eng
from app.services.routing.config import (  # noqa: F401 - re-exported for callers of this module
    MAX_CAPACITY,
    MAX_WEIGHT,
    UNSET,
    RoutingConfig,
    _check_capacity,
    _check_group_name,
    _check_mode,
    _check_rule,
    _check_weight,
    _Unset,
    check_returning_window,
)
from app.services.routing.decisions import (  # noqa: F401 - re-exported
    LiveTx,
    _arrival,
    _Conv,
    _result,
    _verify,
    close_in_session,
    drain_in_session,
    reroute_agent_in_session,
    route_in_session,
    set_presence_in_session,
)
from app.services.routing.rows import (  # noqa: F401 - re-exported
    AccountChoice,
    DecisionRow,
    GroupRow,
    MemberRow,
    RouteResult,
    RoutingOverview,
    RoutingSettings,
    RuleRow,
    ShopLight,
    _account_status_label,
    _group_name,
    _light,
    _settings_row,
)
from app.services.routing.state import (  # noqa: F401 - re-exported
    DEFAULT_AUTO_REPLY,
    DEFAULT_WINDOW_HOURS,
    SETTINGS_KEY,
    _display_name,
    load_state,
    read_settings,
)
from app.services.routing.tx import Tx, _bump, bump_clock  # noqa: F401 - re-exported

CACHE_SECONDS = 2.0  # a console re-reads the state at least this often
ROUTING_CHECKPOINT_EVERY = 100  # routing commits (about 2,000 WAL pages) between background checkpoints


# -- the service ----------------------------------------------------------------------------
class RoutingService(RoutingConfig):
    def __init__(self, db: Database) -> None:
        self.db = db
        self._mutex = threading.RLock()
        self._state: eng.RoutingState | None = None
        self._version: int | None = None
        self._loaded_at = 0.0
        self._checked = False  # the state of the current unit was just read from the database
        self._conn: Connection | None = None  # the connection of the current fast unit
        self._held: Connection | None = None  # SQLite: the connection the hot path keeps between units
        self._held_pool: Pool | None = None
        self._dispose_hooked = False
        self._checkpointer: Checkpointer | None = None

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
        with busy_errors(None), self._mutex:
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
                    with self.db.writer.begin() as conn:
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

    def _held_connection(self) -> Connection | None:
        engine = self.db.engine
        if engine.dialect.name != "sqlite":
            return None
        conn = self._held
        if conn is not None and not conn.closed and not conn.invalidated and self._held_pool is engine.pool:
            return conn
        self._drop_held()
        conn = self._held = self.db.writer.connect()
        self._held_pool = engine.pool
        path = engine.url.database
        if self._checkpointer is None and path and path != ":memory:" and not path.startswith("file:") \
                and not engine.url.query.get("uri"):
            self._checkpointer = Checkpointer(path, ROUTING_CHECKPOINT_EVERY)
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
        state: eng.RoutingState
        fresh = time.monotonic() - self._loaded_at < CACHE_SECONDS
        in_step = cached is not None and self._version == version - 1  # nobody else routed since
        if in_step and fresh and cached is not None:
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

    @contextmanager
    def transaction(self) -> Iterator[LiveTx]:
        """One routing transaction for the live shop (`app.services.live`): the routing lock,
        the state, and the veto/reload pair `route_in_session` takes. Committed on exit."""
        with self._fast() as (tx, state):
            verify = None if self._checked else (lambda agent_id: _verify(tx, state, agent_id))
            yield LiveTx(tx, state, verify, lambda: self._reload_conn(state))

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
                                    direct_agent_id=direct_agent_id, now=now or self.db.clock.now(), verify=verify,
                                    reload=lambda: self._reload_conn(state))

    def close(self, actor: Actor, conversation_id: int, now: datetime | None = None) -> list[RouteResult]:
        """Close a conversation; the freed capacity drains the queue. Returns what drained."""
        actor.require("cs.reception")
        with self._fast() as (tx, state):
            row = tx.one("SELECT agent_id FROM conversations WHERE id = :id", id=conversation_id)
            if row is not None and row[0] != actor.account_id and not actor.can("cs.routing"):
                raise PermissionDenied(_("只能结束自己接待的会话"))
            return close_in_session(tx, state, conversation_id, now or self.db.clock.now())

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
            out = set_presence_in_session(s, state, account_id, status, device, now or self.db.clock.now())
            audit.record(s, actor, "routing.presence", account.nick, status=status, device=device)
            return out

    def drain(self, actor: Actor, now: datetime | None = None) -> list[RouteResult]:
        _require_any(actor, "cs.reception", "cs.routing")
        with self._unit() as (s, state):
            return drain_in_session(Tx.of(s), state, now or self.db.clock.now())

    def try_route(self, actor: Actor, text: str = "", entry_page: str = "", *, buyer_nick: str = "",
                  tags: Sequence[str] = (), order_status: str = "", direct_agent_id: int | None = None,
                  now: datetime | None = None) -> RouteResult:
        """Who would get this message, and why — nothing is written."""
        actor.require("cs.routing")
        with self.db.read() as s:
            state = load_state(s)
            arrival, _last = _arrival(Tx.of(s), state, buyer_nick.strip(), text or "", entry_page or "",
                                      tuple(t.strip() for t in tags if t.strip()), order_status or "",
                                      direct_agent_id, now or self.db.clock.now())
            d = eng.decide(state, arrival)
            return _result(state, None, d, state.settings.auto_reply if d.outcome == Outcome.PROXY else None)

    # -- reading -------------------------------------------------------------------------
    def shop_light(self, actor: Actor) -> ShopLight:
        """店铺亮灯 per group: routing settings, live figures or reception may see it."""
        _require_any(actor, "cs.routing", "data.realtime", "cs.reception")
        with self.db.read() as s:
            return _light(load_state(s))

    def queue_size(self, actor: Actor, group_id: int | None = None) -> int:
        """Conversations waiting in the queue (of one group, or of the shop)."""
        _require_any(actor, "cs.routing", "data.realtime", "cs.reception")
        with self.db.read() as s:
            q = select(func.count()).select_from(Conversation).where(Conversation.status == ConversationStatus.QUEUED)
            if group_id is not None:
                q = q.where(Conversation.group_id == group_id)
            return int(s.scalar(q) or 0)

    def overview(self, actor: Actor, decisions: int = 50) -> RoutingOverview:
        actor.require("cs.routing")
        with self.db.read() as s:
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
        with self.db.read() as s:
            return _settings_row(load_state(s), s)
    def _reload_conn(self, state: eng.RoutingState) -> None:
        with Session(bind=self._conn) as ls:
            self._reload(ls, state)
        self._loaded_at = time.monotonic()


def _require_any(actor: Actor, *codes: str) -> None:
    if not any(actor.can(c) for c in codes):
        actor.require(codes[0])

