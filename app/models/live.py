"""The live shop (issue 11): what `ingest`, the reception workbench and the simulator keep
beside the conversations themselves.

Conversation state stays on `conversations` (status open/queued/closed, agent, group,
queued_at, assigned_at, last_message_at, closed_at) and messages on `messages`, written by
`app.services.live` through routing and the one message writer; the live figures (§5) read
those. This module adds:

- `LiveCursor`: the newest applied live event's instant (`last_event_at`). An event earlier
  than it is refused (§7). Every event the live service applies moves it, in the event's
  own transaction.
- `LiveEventId`: ids of applied events (`"id"` of §7), so a resent event is skipped. A
  rejected event's transaction rolls back, so its id is not remembered.
- `AutoReply`: auto-reply rules (welcome when a conversation is assigned, queued when it
  waits in the queue); the offline reply is routing's setting (`settings["routing"]`).
- `QuickPhrase`: 快捷短语, shop-wide (`owner_id` NULL) or personal, in named groups, with a
  shortcut code and a usage count.
- `Transfer`: 转接 with the note the receiving agent sees.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class LiveCursor(Base):
    __tablename__ = "live_cursor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    last_event_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    events: Mapped[int] = mapped_column(Integer, default=0)  # applied events, ever


class LiveEventId(Base):
    __tablename__ = "live_event_ids"

    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class AutoReply(Base):
    """An auto-reply rule: `kind` welcome | queued; the first enabled rule of a kind for the
    conversation's group (or for every group: `group_id` NULL) is sent."""

    __tablename__ = "auto_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    content: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("routing_groups.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class QuickPhrase(Base):
    __tablename__ = "quick_phrases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(40), default="")
    code: Mapped[str] = mapped_column(String(20), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    uses: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Transfer(Base):
    __tablename__ = "transfers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    from_agent_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    to_agent_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    to_group_id: Mapped[int | None] = mapped_column(ForeignKey("routing_groups.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime)


def _idle_index() -> None:
    """Closing idle conversations (§5, §7) looks them up by status and last message."""
    from sqlalchemy import Table

    from app.models.conversations import Conversation

    table = Conversation.__table__
    assert isinstance(table, Table)
    if "ix_conversations_idle" not in {ix.name for ix in table.indexes}:
        Index("ix_conversations_idle", table.c.status, table.c.last_message_at)


_idle_index()
