"""Applying one live event inside one routing transaction (METRICS.md §7).

Order, the same for `ingest`, the simulator and the workbench:
1. an event whose `id` was applied before is skipped (nothing else happens);
2. an event earlier than the newest stored event (`live_cursor`) is refused;
3. conversations idle for the shop's session timeout at the event's time close, each at its
   `last message + timeout`, oldest first, and every close drains the queue at that instant;
4. the event itself: presence, a message, a transfer or a close;
5. the cursor moves to the event's time and the id is remembered.

Any refusal raises an `EventError` and the caller's transaction rolls back, so a refused
event changes nothing (not even the idle closes of step 3, nor its id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.i18n import _
from app.models.vocabulary import AccountStatus, ConversationStatus, Outcome, Presence, Sender
from app.services.accounts.permissions import Actor
from app.services.common.changes import Area
from app.services.conversations import writer
from app.services.live import autoreplies
from app.services.live.events import GROUP_PREFIX, EventError, LiveEvent
from app.services.routing import engine as eng
from app.services.routing.decisions import (
    LiveTx,
    _Conv,
    _last_conversation,
    _record,
    close_in_session,
    drain_in_session,
    has_summary,
    route_in_session,
    write_presence,
)
from app.services.routing.tx import Tx

SUPERVISE = ("data.realtime", "cs.routing")  # may act on any agent's conversations


@dataclass(frozen=True)
class Applied:
    """What one event did."""

    type: str
    skipped: bool = False
    conversation_id: int | None = None
    outcome: str = ""  # assigned | queued | proxy | continued | closed | transferred | stored
    agent_id: int | None = None
    closed_idle: tuple[int, ...] = ()
    areas: frozenset[str] = field(default=frozenset())


# -- cursor and ids ----------------------------------------------------------------------------
def newest(tx: Tx) -> datetime | None:
    row = tx.one("SELECT last_event_at FROM live_cursor WHERE id = 1")
    return tx.instant(row[0]) if row is not None else None


def _advance(tx: Tx, at: datetime) -> None:
    cur = tx.run("UPDATE live_cursor SET last_event_at = :at, events = events + 1 WHERE id = 1", at=at)
    if cur.rowcount == 0:
        tx.run("INSERT INTO live_cursor (id, last_event_at, events) VALUES (1, :at, 1)", at=at)


def _seen(tx: Tx, event_id: str) -> bool:
    return tx.one("SELECT 1 FROM live_event_ids WHERE event_id = :id", id=event_id) is not None


_TIMEOUT: dict[int, tuple[float, float]] = {}  # id(engine pool) → (read at, seconds)
TIMEOUT_CACHE_S = 5.0


def timeout_s(tx: Tx) -> float:
    """The shop's session timeout in seconds (re-read at most every few seconds)."""
    import time

    key = id(tx.connection.engine.pool)
    cached = _TIMEOUT.get(key)
    if cached is not None and time.monotonic() - cached[0] < TIMEOUT_CACHE_S:
        return cached[1]
    row = tx.one("SELECT session_timeout_min FROM shop WHERE id = 1")
    seconds = float(row[0] if row is not None and row[0] else 30) * 60.0
    _TIMEOUT[key] = (time.monotonic(), seconds)
    return seconds


# -- step 3: idle conversations ------------------------------------------------------------------
def close_idle(lt: LiveTx, at: datetime) -> list[int]:
    """Close every conversation idle for the session timeout at `at`, each at its own
    `last message + timeout`, in that order; each close drains the queue then."""
    tx, state = lt.tx, lt.state
    limit = timedelta(seconds=timeout_s(tx))
    cut = at - limit
    closed: list[int] = []
    while True:
        rows = tx.all(
            "SELECT id, last_message_at FROM conversations WHERE status IN (:open, :queued)"
            " AND last_message_at <= :cut ORDER BY last_message_at, id LIMIT 100",
            open=ConversationStatus.OPEN, queued=ConversationStatus.QUEUED, cut=cut,
        )
        if not rows:
            return closed
        for conv_id, last in rows:
            when = tx.instant(last)
            assert when is not None
            close_in_session(tx, state, int(conv_id), when + limit)
            closed.append(int(conv_id))


# -- lookups -------------------------------------------------------------------------------------
def _account(tx: Tx, state: eng.RoutingState, nick: str) -> tuple[int, str]:
    """(id, status) of the account with this full nick; EventError when there is none."""
    for agent in state.agents.values():
        if agent.nick == nick:
            return agent.id, agent.account_status
    row = tx.one("SELECT id, status FROM accounts WHERE nick = :nick", nick=nick)
    if row is None:
        raise EventError(_("未知的客服：{nick}").format(nick=nick))
    return int(row[0]), str(row[1])


def nick_of(tx: Tx, state: eng.RoutingState, account_id: int | None) -> str | None:
    if account_id is None:
        return None
    agent = state.agents.get(account_id)
    if agent is not None:
        return agent.nick
    row = tx.one("SELECT nick FROM accounts WHERE id = :id", id=account_id)
    return str(row[0]) if row else None


def open_conversation(tx: Tx, buyer: str) -> _Conv:
    conv = _last_conversation(tx, buyer)
    if conv is None or conv.status not in (ConversationStatus.OPEN, ConversationStatus.QUEUED):
        raise EventError(_("买家 {buyer} 没有进行中的会话").format(buyer=buyer))
    return conv


def _may_act(actor: Actor, holder: int | None) -> None:
    if holder is not None and holder == actor.account_id:
        actor.require("cs.reception")
    elif not any(actor.can(code) for code in SUPERVISE):
        actor.require(SUPERVISE[0])


def _touch(tx: Tx, conv_id: int, at: datetime) -> None:
    tx.run("UPDATE conversations SET last_message_at = :at WHERE id = :id", at=at, id=conv_id)


def _write(tx: Tx, conv: _Conv, sender: str, agent_nick: str | None, text: str, at: datetime,
           new: bool = False) -> tuple[bool, str | None]:
    return writer.append(tx.connection, writer.Conv(conv.id, conv.external_id, conv.buyer_nick), sender,
                         agent_nick, text, at, new_conversation=new or not has_summary(tx, conv.id))


# -- step 4: the events ----------------------------------------------------------------------------
def presence(lt: LiveTx, ev: LiveEvent, actor: Actor) -> Applied:
    account_id, status = _account(lt.tx, lt.state, ev.agent)
    if account_id == actor.account_id:
        actor.require("cs.reception")
    else:
        actor.require("cs.routing")
    if status != AccountStatus.ACTIVE and ev.status != Presence.OFFLINE:
        raise EventError(_("该账号已冻结或删除，不能上线"))
    write_presence(lt.tx, lt.state, account_id, ev.status, ev.device, ev.at)
    return Applied("presence", agent_id=account_id, outcome=ev.status,
                   areas=frozenset({Area.PRESENCE, Area.CONVERSATIONS, Area.ROUTING}))


def buyer_message(lt: LiveTx, ev: LiveEvent, actor: Actor) -> Applied:
    if not any(actor.can(code) for code in ("cs.routing", "cs.reception")):
        actor.require("cs.routing")
    tx, state = lt.tx, lt.state
    r = route_in_session(tx, state, buyer_nick=ev.buyer, text=ev.text, entry_page=ev.entry, tags=ev.tags,
                         order_status=ev.order_status, now=ev.at, verify=lt.verify, reload=lt.reload)
    assert r.conversation_id is not None
    if not r.continued and r.outcome in (Outcome.ASSIGNED, Outcome.QUEUED):
        kind = autoreplies.WELCOME if r.outcome == Outcome.ASSIGNED else autoreplies.QUEUED
        text = autoreplies.pick(tx, kind, r.group_id, buyer=ev.buyer, agent=r.agent_name)
        if text:
            conv = _last_conversation(tx, ev.buyer)
            assert conv is not None
            _write(tx, conv, Sender.AUTO, nick_of(tx, state, r.agent_id), text, ev.at, new=True)
    outcome = "continued" if r.continued else r.outcome
    return Applied("message", conversation_id=r.conversation_id, outcome=outcome, agent_id=r.agent_id,
                   areas=frozenset({Area.CONVERSATIONS}))


def other_message(lt: LiveTx, ev: LiveEvent, actor: Actor) -> Applied:
    """An agent's reply, or an auto/system message, in the buyer's open conversation."""
    tx, state = lt.tx, lt.state
    conv = open_conversation(tx, ev.buyer)
    holder = nick_of(tx, state, conv.agent_id)
    if ev.sender == Sender.AGENT:
        if conv.status == ConversationStatus.QUEUED:
            raise EventError(_("买家 {buyer} 的会话正在排队，还没有客服可以回复").format(buyer=ev.buyer))
        if ev.agent and ev.agent != holder:
            raise EventError(_("会话由 {holder} 接待，不是 {agent}").format(holder=holder or "-", agent=ev.agent))
        _may_act(actor, conv.agent_id)
    else:
        actor.require("cs.routing")
    _write(tx, conv, ev.sender, holder, ev.text, ev.at)
    _touch(tx, conv.id, ev.at)
    froze = False
    if ev.sender == Sender.AGENT and conv.agent_id is not None:
        froze = _ad_spam_guard(tx, conv, conv.agent_id, ev.text, ev.at)
    areas = {Area.CONVERSATIONS} | ({Area.ACCOUNTS, Area.SECURITY, Area.ROUTING} if froze else set())
    return Applied("message", conversation_id=conv.id, outcome="stored", agent_id=conv.agent_id,
                   areas=frozenset(areas))


def _ad_spam_guard(tx: Tx, conv: _Conv, account_id: int, text: str, at: datetime) -> bool:
    """The ad filter's verdict on an agent's message, stored on it; a flagged message lets the
    security engineer's guard (`security.adspam.check_ad_spam`) freeze a spamming account."""
    is_ad, reason = writer.classifier()([text])[0] if text else (False, None)
    if not is_ad:
        return False
    tx.run("UPDATE messages SET ad_auto = :yes, ad_reason = :reason WHERE id = (SELECT max(id) FROM messages"
           " WHERE conversation_id = :conv AND sender = :agent)", yes=True, reason=reason, conv=conv.id,
           agent=Sender.AGENT)
    try:
        from app.services.security.adspam import check_ad_spam
    except ImportError:  # the security area is not installed
        return False
    from sqlalchemy.orm import Session

    with Session(bind=tx.connection) as session:
        froze = check_ad_spam(session, account_id, at)
        session.flush()
    return froze


def transfer(lt: LiveTx, ev: LiveEvent, actor: Actor) -> Applied:
    tx, state = lt.tx, lt.state
    conv = open_conversation(tx, ev.buyer)
    _may_act(actor, conv.agent_id)
    from_name = state.agent_name(conv.agent_id) or _("排队中")
    target_group: int | None = None
    if ev.to.startswith(GROUP_PREFIX):
        group = _group(state, ev.to[len(GROUP_PREFIX):].strip())
        target_group = group.id
        _leave(state, conv)
        d = _to_group(state, group, conv.agent_id, from_name, ev.note)
    else:
        d = _to_agent(lt, ev, actor, conv, from_name)
    _record(tx, state, conv, d, ev.at)
    tx.run("INSERT INTO transfers (conversation_id, from_agent_id, to_agent_id, to_group_id, note, at)"
           " VALUES (:conv, :src, :dst, :grp, :note, :at)", conv=conv.id, src=conv.agent_id, dst=d.agent_id,
           grp=target_group if target_group is not None else d.group_id, note=ev.note, at=ev.at)
    receiver = state.agent_name(d.agent_id) if d.agent_id is not None else _group_label(state, d.group_id)
    notice = _("{src} 转接给 {dst}").format(src=from_name, dst=receiver)
    _write(tx, conv, Sender.SYSTEM, nick_of(tx, state, d.agent_id), _with_note(notice, ev.note), ev.at)
    _touch(tx, conv.id, ev.at)
    drain_in_session(tx, state, ev.at)
    return Applied("transfer", conversation_id=conv.id, outcome="transferred", agent_id=d.agent_id,
                   areas=frozenset({Area.CONVERSATIONS, Area.ROUTING}))


def _to_agent(lt: LiveTx, ev: LiveEvent, actor: Actor, conv: _Conv, from_name: str) -> eng.Decision:
    tx, state = lt.tx, lt.state
    target, status = _account(tx, state, ev.to)
    agent = state.agents.get(target)
    if target == conv.agent_id:
        raise EventError(_("会话已由 {agent} 接待").format(agent=ev.to))
    name = agent.name if agent is not None else ev.to.split(":", 1)[-1]
    reason = _with_note(_("转接：{src} → {dst}").format(src=from_name, dst=name), ev.note)
    if agent is None and target == actor.account_id and status == AccountStatus.ACTIVE \
            and any(actor.can(code) for code in SUPERVISE):
        # a supervisor (or the main account) outside routing takes it over
        _leave(state, conv)
        return eng.Decision(target, conv.group_id, Outcome.ASSIGNED, reason)
    if agent is None or not state.routable(agent):
        raise EventError(_("{agent} 不在线或不参与分流，不能转接").format(agent=ev.to))
    if not state.has_room(agent):
        raise EventError(_("{agent} 已满（{load}/{capacity}），不能转接").format(
            agent=ev.to, load=agent.load, capacity=agent.capacity))
    _leave(state, conv)
    return eng.Decision(agent.id, agent.group_id, Outcome.ASSIGNED, reason)


def _with_note(text: str, note: str) -> str:
    return _("{text}（备注：{note}）").format(text=text, note=note) if note.strip() else text


def _group(state: eng.RoutingState, name: str) -> eng.GroupState:
    for g in state.ordered_groups():
        if name in (g.name, _(g.name)):
            return g
    raise EventError(_("未知的分组：{name}").format(name=name))


def _group_label(state: eng.RoutingState, group_id: int | None) -> str:
    group = state.groups.get(group_id) if group_id is not None else None
    return eng.group_label(group) if group is not None else ""


def _leave(state: eng.RoutingState, conv: _Conv) -> None:
    """Take the conversation off its agent's load or out of its queue (state only)."""
    if conv.status == ConversationStatus.OPEN:
        eng.release(state, conv.agent_id)
    else:
        default = state.default_group()
        eng.dequeue(state, conv.group_id if conv.group_id in state.groups else (default.id if default else -1))


def _to_group(state: eng.RoutingState, group: eng.GroupState, holder: int | None, from_name: str,
              note: str) -> eng.Decision:
    head = _("转接：{src} → {group}").format(src=from_name, group=eng.group_label(group))
    if not any(a.id != holder for a in state.signed_in(group.id)):
        raise EventError(_("{group}没有在线的客服，不能转接").format(group=eng.group_label(group)))
    if not state.queue_sizes.get(group.id):
        agent, how = eng.pick(state, group, exclude=holder)
        if agent is not None:
            reason = " → ".join([head, how, f"{agent.name} ({agent.load + 1}/{agent.capacity})"])
            return eng.Decision(agent.id, group.id, Outcome.ASSIGNED, _with_note(reason, note))
    position = state.queue_sizes.get(group.id, 0) + 1
    reason = " → ".join([head, _("全员满载"), _("排队第{n}位").format(n=position)])
    return eng.Decision(None, group.id, Outcome.QUEUED, _with_note(reason, note), queue_position=position)


def close(lt: LiveTx, ev: LiveEvent, actor: Actor) -> Applied:
    conv = open_conversation(lt.tx, ev.buyer)
    _may_act(actor, conv.agent_id)
    close_in_session(lt.tx, lt.state, conv.id, ev.at)
    return Applied("close", conversation_id=conv.id, outcome="closed", agent_id=conv.agent_id,
                   areas=frozenset({Area.CONVERSATIONS}))


# -- the whole event --------------------------------------------------------------------------------
def apply_event(lt: LiveTx, ev: LiveEvent, actor: Actor) -> Applied:
    """Steps 1–5 of the module doc, inside the caller's transaction."""
    tx = lt.tx
    if ev.id is not None and _seen(tx, ev.id):
        return Applied(ev.type, skipped=True)
    last = newest(tx)
    if last is not None and ev.at < last:
        raise EventError(_("时间 {at} 早于已保存的最新事件（{newest}）").format(
            at=ev.at.isoformat(), newest=last.isoformat()))
    closed = close_idle(lt, ev.at)
    if ev.type == "presence":
        done = presence(lt, ev, actor)
    elif ev.type == "transfer":
        done = transfer(lt, ev, actor)
    elif ev.type == "close":
        done = close(lt, ev, actor)
    elif ev.sender == Sender.BUYER:
        done = buyer_message(lt, ev, actor)
    else:
        done = other_message(lt, ev, actor)
    _advance(tx, ev.at)
    if ev.id is not None:
        tx.run("INSERT INTO live_event_ids (event_id, at) VALUES (:id, :at)", id=ev.id, at=ev.at)
    if closed:
        done = Applied(done.type, False, done.conversation_id, done.outcome, done.agent_id, tuple(closed),
                       done.areas | {Area.CONVERSATIONS})
    return done


def tick(lt: LiveTx, at: datetime) -> list[int]:
    """Close idle conversations at `at` without an event (a console's timer). The cursor
    moves to the last close, never past `at`: a later event at or after it still applies."""
    closed = close_idle(lt, at)
    if closed:
        row = lt.tx.one("SELECT max(closed_at) FROM conversations WHERE id = :id", id=closed[-1])
        when = lt.tx.instant(row[0]) if row else None
        last = newest(lt.tx)
        if when is not None and (last is None or when > last):
            lt.tx.run("UPDATE live_cursor SET last_event_at = :at WHERE id = 1", at=when)
            if lt.tx.one("SELECT 1 FROM live_cursor WHERE id = 1") is None:
                lt.tx.run("INSERT INTO live_cursor (id, last_event_at, events) VALUES (1, :at, 0)", at=when)
    return closed
