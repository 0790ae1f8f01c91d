"""The routing state (`engine.RoutingState`) rebuilt from the database, and the routing
settings as stored (`settings` row "routing")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.accounts import Account
from app.models.conversations import Conversation
from app.models.routing import AgentPresence, EntryRule, RoutingGroup, RoutingMember
from app.models.shop import Setting
from app.models.vocabulary import AccountKind, AccountStatus, ConversationStatus, Device, Presence
from app.services.routing import engine as eng

SETTINGS_KEY = "routing"
DEFAULT_AUTO_REPLY = "您好，客服暂时不在线，请留言，我们上线后会第一时间回复您。"
DEFAULT_WINDOW_HOURS = 48.0


def _display_name(nick: str, alias: str = "") -> str:
    return nick.split(":", 1)[1] if ":" in nick else nick


def _epoch(at: datetime | None) -> float:
    return at.timestamp() if at is not None else 0.0


def read_settings(session: Session) -> dict[str, Any]:
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
            int(agent_id or 0): _epoch(at)  # never None: the query filters it
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

