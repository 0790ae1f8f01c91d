"""客服分流: groups, members, entry rules, presence and the decision log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow
from app.models.vocabulary import Presence, RoutingMode


class RoutingGroup(Base):
    __tablename__ = "routing_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    preset_key: Mapped[str | None] = mapped_column(String(20), unique=True)  # presales|aftersales
    mode: Mapped[str] = mapped_column(String(12), default=RoutingMode.BALANCED)
    overflow_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("routing_groups.id", ondelete="SET NULL")
    )
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # 离线分流: who takes messages for an offline agent of this group (None: the group)
    backup_agent_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class RoutingMember(Base):
    """An agent's place in routing: one group, a weight, a capacity and an order."""

    __tablename__ = "routing_members"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(ForeignKey("routing_groups.id"), index=True)
    weight: Mapped[int] = mapped_column(Integer, default=1)
    capacity: Mapped[int] = mapped_column(Integer, default=5)
    position: Mapped[int] = mapped_column(Integer, default=0)


class EntryRule(Base):
    """接待范围: buyer tag / product / keyword / order status → group."""

    __tablename__ = "entry_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # tag|product|keyword|order_status
    pattern: Mapped[str] = mapped_column(Text)
    group_id: Mapped[int] = mapped_column(ForeignKey("routing_groups.id"))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class AgentPresence(Base):
    """Current status of an account (online / suspended / offline) and on which device."""

    __tablename__ = "agent_presence"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(12), default=Presence.OFFLINE)
    device: Mapped[str] = mapped_column(String(12), default="desktop")  # desktop|mobile
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PresenceEvent(Base):
    """Presence history, for attendance (online / suspended / offline time)."""

    __tablename__ = "presence_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    device: Mapped[str] = mapped_column(String(12), default="desktop")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # the log reads by id


class RoutingDecision(Base):
    """Every routing decision with its human-readable reason."""

    __tablename__ = "routing_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("routing_groups.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # the log reads by id
    outcome: Mapped[str] = mapped_column(String(12))  # assigned|queued|proxy
    reason: Mapped[str] = mapped_column(Text)


class RoutingClock(Base):
    """One row whose version every routing write bumps.

    Bumping it is the first statement of every routing transaction: on PostgreSQL that row
    lock serialises routing across consoles, on SQLite it takes the write lock before
    anything is read. A console whose cached state is older than the version reloads it.
    """

    __tablename__ = "routing_clock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


def _conversation_indexes() -> None:
    """Indexes routing needs on `conversations` (declared here, with the routing models):
    an agent's open conversations (load, verification) and a group's queue in FIFO order."""
    from sqlalchemy import Index, Table

    from app.models.conversations import Conversation

    table = Conversation.__table__
    assert isinstance(table, Table)
    names = {ix.name for ix in table.indexes}
    if "ix_conversations_agent_status" not in names:
        Index("ix_conversations_agent_status", table.c.agent_id, table.c.status)
    if "ix_conversations_queue" not in names:
        Index("ix_conversations_queue", table.c.status, table.c.group_id, table.c.queued_at)


_conversation_indexes()
