"""Writing routing's decisions inside a transaction: a buyer message routed (new or
continued conversation), the queue drained, an agent's conversations re-routed, a
conversation closed, presence changed. Every message goes through the one message writer.

These `*_in_session` functions take the transaction's `Tx` and the routing state the caller
loaded under the routing lock, and keep that state in step with what they write."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.i18n import _
from app.models.base import utcnow
from app.models.routing import AgentPresence, PresenceEvent
from app.models.vocabulary import ConversationStatus, Device, Outcome, Presence, Sender
from app.services.common.errors import NotFound, ValidationError
from app.services.conversations import writer
from app.services.routing import engine as eng
from app.services.routing.rows import RouteResult, _group_name
from app.services.routing.tx import Tx


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


@dataclass
class LiveTx:
    """A routing transaction as the live shop uses it (`RoutingService.transaction`)."""

    tx: Tx
    state: eng.RoutingState
    verify: Callable[[int], bool] | None
    reload: Callable[[], None]


_CONV_COLUMNS = "id, external_id, buyer_nick, status, agent_id, group_id, entry_page, buyer_tags, closed_at"


def _conv(tx: Tx, row) -> _Conv | None:  # type: ignore[no-untyped-def]
    if row is None:
        return None
    return _Conv(row[0], row[1], row[2], row[3], row[4], row[5], row[6] or "", row[7] or "", tx.instant(row[8]))



def _add_message(tx: Tx, conv: _Conv, sender: str, agent_nick: str | None, content: str, now: datetime,
                 new: bool = False) -> None:
    """Through the one message writer (fingerprint, ad verdict, report summaries)."""
    writer.append(tx.connection, writer.Conv(conv.id, conv.external_id, conv.buyer_nick), sender, agent_nick,
                  content, now, new_conversation=new or not has_summary(tx, conv.id))


def has_summary(tx: Tx, conversation_id: int) -> bool:
    """Whether a report summary holds the conversation: the writer's own probe, on this
    transaction's cursor (the hot path); without one the writer has nothing to drop."""
    return tx.one("SELECT 1 FROM conversation_summaries WHERE conversation_id = :id", id=conversation_id) is not None


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
    clock = session.info.get("clock")
    now = now or (clock.now() if clock is not None else utcnow())
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
    return presence_changed(Tx.of(session), state, account_id, status, device, now)


def write_presence(tx: Tx, state: eng.RoutingState, account_id: int, status: str, device: str,
                   now: datetime) -> list[RouteResult]:
    """`set_presence_in_session` on the raw-SQL path (the live shop's events): the presence
    row and its history row, then re-routing and the queue as there."""
    row = tx.one("SELECT status, device FROM agent_presence WHERE account_id = :id", id=account_id)
    if row is None:
        tx.run("INSERT INTO agent_presence (account_id, status, device, since) VALUES (:id, :status, :device,"
               " :now)", id=account_id, status=status, device=device, now=now)
    elif (row[0], row[1]) != (status, device):
        tx.run("UPDATE agent_presence SET status = :status, device = :device, since = :now WHERE account_id = :id",
               id=account_id, status=status, device=device, now=now)
    tx.run("INSERT INTO presence_events (account_id, status, device, at) VALUES (:id, :status, :device, :now)",
           id=account_id, status=status, device=device, now=now)
    return presence_changed(tx, state, account_id, status, device, now)


def presence_changed(tx: Tx, state: eng.RoutingState, account_id: int, status: str, device: str,
                     now: datetime) -> list[RouteResult]:
    """An agent's stored presence changed: keep the state in step; an agent who can no longer
    take conversations hands them back to routing; then the queue drains."""
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
