"""Buyer conversations and their messages, orders and ratings.

One model for every origin: live routing, an integration and a history import all write
these tables, and routing, metrics and the UI all read them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow
from app.models.vocabulary import ConversationStatus


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The import's conversation_id, or one generated for live conversations.
    external_id: Mapped[str] = mapped_column(String(128), unique=True)
    buyer_nick: Mapped[str] = mapped_column(String(128), index=True)
    source: Mapped[str] = mapped_column(String(16), default="live")  # live|import|integration
    status: Mapped[str] = mapped_column(String(12), default=ConversationStatus.CLOSED)
    # Live routing: the agent currently handling it and the group it was routed in. Their
    # lookups use the composite indexes declared with the routing models
    # (agent_id, status) and (status, group_id, queued_at); single-column twins would only
    # cost every routing commit another index page.
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("routing_groups.id", ondelete="SET NULL"))
    entry_page: Mapped[str] = mapped_column(String(200), default="")
    buyer_tags: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", order_by="(Message.sent_at, Message.id)"
    )


# Foreign keys that PostgreSQL checks with statement triggers instead (migration 0007): a
# foreign key costs one lookup query per row, most of the server's time in a big import.
# The models keep them (SQLite's schema, table order); Alembic's comparison skips them there.
STATEMENT_CHECKED_KEYS = frozenset({"fk_messages_conversation_id_conversations"})


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        # Also serves imports' duplicate check, which looks fingerprints up per conversation:
        # an index on the random fingerprint itself made every import row a page miss.
        Index("ix_messages_conversation_sent", "conversation_id", "sent_at"),
    )

    # The id doubles as import order, which breaks ties between equal timestamps.
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    sender: Mapped[str] = mapped_column(String(8))
    buyer_nick: Mapped[str] = mapped_column(String(128))
    # The agent named on the row (handling the conversation at that moment); may be empty
    # on system rows, and may name a historical agent who is no sub-account.
    agent_nick: Mapped[str | None] = mapped_column(String(128), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    content: Mapped[str] = mapped_column(Text, default="")
    # The ad filter's verdict, and a user's manual verdict, which wins when set.
    ad_auto: Mapped[bool] = mapped_column(Boolean, default=False)
    ad_reason: Mapped[str | None] = mapped_column(String(200))
    ad_manual: Mapped[bool | None] = mapped_column(Boolean)
    # Stable hash of (conversation_id, buyer, agent, sender, sent_at, content): imports use
    # it to add only the copies of a row the database does not already hold.
    fingerprint: Mapped[str] = mapped_column(String(40), default="")

    conversation: Mapped[Conversation] = relationship(back_populates="messages")

    @property
    def is_ad(self) -> bool:
        return self.ad_manual if self.ad_manual is not None else self.ad_auto


class Order(Base):
    __tablename__ = "orders"

    order_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    buyer_nick: Mapped[str] = mapped_column(String(128), index=True)
    paid_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))


class Rating(Base):
    """客服评价: one per conversation, the latest imported row wins."""

    __tablename__ = "ratings"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    rating: Mapped[int] = mapped_column(Integer)  # 5 很满意 … 1 很不满意
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConversationSummary(Base):
    """A conversation's share of the agent report (METRICS.md §4), kept so that a report
    over millions of messages adds up summaries instead of replaying every message.

    Derived data: made from ALL the conversation's messages by `app.services.conversations.summaries`,
    and valid for any period that holds them all (`first_at` .. `last_at`). Whatever
    writes a message or changes an ad verdict refreshes or drops it; a conversation
    without one is computed from its messages. Times are float POSIX seconds (UTC)."""

    __tablename__ = "conversation_summaries"
    # per-day figures are refreshed by day
    __table_args__ = (
        Index("ix_conversation_summaries_first_day", "first_day"),
        # the few conversations that span a midnight: a report replays or reads them apart
        Index("ix_conversation_summaries_spanning", "first_day", "last_day",
              sqlite_where=text("first_day <> last_day"), postgresql_where=text("first_day <> last_day")),
    )

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    # No index on the times: a report reads most rows, and a scan beats index lookups.
    first_at: Mapped[float] = mapped_column(Float)
    last_at: Mapped[float] = mapped_column(Float)
    # shop days (date ordinals) of the first and last message: a conversation whose days
    # differ spans a midnight, and a period holding two of its days replays it
    first_day: Mapped[int] = mapped_column(Integer, default=0)
    last_day: Mapped[int] = mapped_column(Integer, default=0)
    handling_agent: Mapped[str] = mapped_column(String(128), default="")
    is_ad: Mapped[bool] = mapped_column(Boolean, default=False)
    ad_agent: Mapped[str] = mapped_column(String(128), default="")


class SummaryLine(Base):
    """What one summarised conversation adds to one (agent, buyer) pair (see
    `app.services.reporting.metrics.SummaryLine`); agent "" counts for the shop line only."""

    __tablename__ = "summary_lines"
    # the report looks lines up by buyer (and pair) for buyers a period cuts
    __table_args__ = (Index("ix_summary_lines_buyer_agent", "buyer", "agent"),)

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversation_summaries.conversation_id", ondelete="CASCADE"), primary_key=True
    )
    agent: Mapped[str] = mapped_column(String(128), primary_key=True)
    buyer: Mapped[str] = mapped_column(String(128), primary_key=True)
    first_at: Mapped[float | None] = mapped_column(Float)
    first_seq: Mapped[int | None] = mapped_column(Integer)
    reply_at: Mapped[float | None] = mapped_column(Float)
    reply_seq: Mapped[int | None] = mapped_column(Integer)
    resp_sum: Mapped[float] = mapped_column(Float, default=0.0)
    resp_n: Mapped[int] = mapped_column(Integer, default=0)
    first_resp_sum: Mapped[float] = mapped_column(Float, default=0.0)
    first_resp_n: Mapped[int] = mapped_column(Integer, default=0)
    unanswered: Mapped[int] = mapped_column(Integer, default=0)
    # answered turns slower than the default slow-response threshold / within 3 minutes
    slow: Mapped[int] = mapped_column(Integer, default=0)
    quick: Mapped[int] = mapped_column(Integer, default=0)
    # for the monitoring extras: message counts, response times, buyer messages by UTC hour
    buyer_messages: Mapped[int] = mapped_column(Integer, default=0)
    agent_messages: Mapped[int] = mapped_column(Integer, default=0)
    response_times: Mapped[str] = mapped_column(Text, default="")
    utc_hours: Mapped[str] = mapped_column(Text, default="")


class ImportBatch(Base):
    """A SQLite chat import under way (`app.services.conversations.staged_import`): the id
    ranges it reserved hold its rows, which every other connection's readers skip until the
    import's last, short transaction deletes this row."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    message_from: Mapped[int] = mapped_column(Integer)
    message_to: Mapped[int] = mapped_column(Integer)
    conversation_from: Mapped[int] = mapped_column(Integer)
    conversation_to: Mapped[int] = mapped_column(Integer)


class ImportChange(Base):
    """Per-day figures another writer rewrote while an import was under way: its last
    transaction makes them again (a buyer, a day, or NULL in both for all of them)."""

    __tablename__ = "import_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    buyer: Mapped[str | None] = mapped_column(String(128))
    day: Mapped[int | None] = mapped_column(Integer)
