"""Per-day report figures (METRICS.md §4) that a period adds up exactly in SQL.

Derived data, like the conversation summaries in `app.models.conversations`: made by
`app.services.conversations.summaries` from the summary lines (and, for conversations that
span a shop-time midnight, from their messages), refreshed with them.

A buyer is counted once over many days by keeping, per shop day, only what decides the
§4 counts: the day's first non-ad buyer message and whether a reply followed it that same
day, the day of the last reply, and on which day the first order within 24 hours was paid.
`first_code` packs these into one integer so that `MIN(first_code)` over a period's days
picks the period's first day with everything that follows from it:
`first_code = day * 8 + (0 if replied the same day else 4) + order_offset`, where
`order_offset` is 0..2 (days from `day` to the first order within 24 h of the first message)
or 3 (none). Days are shop-time date ordinals (`date.toordinal()`).

Every row also carries its pair's (buyer's) whole span of days (`span_first`..`span_last`)
and `MIN(first_code)`/`MAX(reply_day)` over that span (`whole_code`, `whole_reply`): a period
holding the whole span reads one row per pair instead of grouping its days.

`AgentDay` adds up, per agent and shop day, the turns, ads and ratings of the conversations
that lie inside that one day (nearly all of them); a period sums a few rows per agent and
reads only the conversations that span a midnight from their summaries.
"""

from __future__ import annotations

from sqlalchemy import Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class PairDay(Base):
    """One (agent, buyer) pair's contacts on one shop day; agent "" rows count for nobody's
    line (the shop line reads `BuyerDay`). A row exists for every pair named on a row of
    that day, so every agent named in a period gets a report line."""

    __tablename__ = "pair_days"
    # no index on the day: a period scans in key order (agent, buyer, day), which groups
    # pairs without sorting; SQLite would otherwise prefer a day index and sort
    __table_args__ = {"sqlite_with_rowid": False}

    agent: Mapped[str] = mapped_column(String(128), primary_key=True)
    buyer: Mapped[str] = mapped_column(String(128), primary_key=True)
    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_code: Mapped[int | None] = mapped_column(Integer)  # None: no non-ad buyer message
    reply_day: Mapped[int | None] = mapped_column(Integer)  # None: no human reply that day
    first_at: Mapped[float | None] = mapped_column(Float)  # the day's first buyer message
    span_first: Mapped[int] = mapped_column(Integer, default=0)
    span_last: Mapped[int] = mapped_column(Integer, default=0)
    whole_code: Mapped[int | None] = mapped_column(Integer)
    whole_reply: Mapped[int | None] = mapped_column(Integer)


class BuyerDay(Base):
    """The shop line's counterpart of `PairDay`: one buyer over every agent."""

    __tablename__ = "buyer_days"
    __table_args__ = {"sqlite_with_rowid": False}

    buyer: Mapped[str] = mapped_column(String(128), primary_key=True)
    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_code: Mapped[int | None] = mapped_column(Integer)
    reply_day: Mapped[int | None] = mapped_column(Integer)
    first_at: Mapped[float | None] = mapped_column(Float)
    span_first: Mapped[int] = mapped_column(Integer, default=0)
    span_last: Mapped[int] = mapped_column(Integer, default=0)
    whole_code: Mapped[int | None] = mapped_column(Integer)
    whole_reply: Mapped[int | None] = mapped_column(Integer)


class AgentDay(Base):
    """Per agent ("" = nobody) and shop day, the conversations inside that day: their turn
    sums (as `SummaryLine`), ad conversations (by `ad_agent`) and ratings (by handling agent)."""

    __tablename__ = "agent_days"
    __table_args__ = {"sqlite_with_rowid": False}

    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent: Mapped[str] = mapped_column(String(128), primary_key=True)
    resp_sum: Mapped[float] = mapped_column(Float, default=0.0)
    resp_n: Mapped[int] = mapped_column(Integer, default=0)
    first_resp_sum: Mapped[float] = mapped_column(Float, default=0.0)
    first_resp_n: Mapped[int] = mapped_column(Integer, default=0)
    unanswered: Mapped[int] = mapped_column(Integer, default=0)
    slow: Mapped[int] = mapped_column(Integer, default=0)
    quick: Mapped[int] = mapped_column(Integer, default=0)
    buyer_messages: Mapped[int] = mapped_column(Integer, default=0)
    agent_messages: Mapped[int] = mapped_column(Integer, default=0)
    ads: Mapped[int] = mapped_column(Integer, default=0)
    rated: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    # the day's non-ad buyer messages by UTC hour, "hour:count …" (the extras' hourly chart)
    utc_hours: Mapped[str] = mapped_column(Text, default="")


class ContactDay(Base):
    """The buyer counts of one shop day alone, per agent: what the daily trend shows, and
    what every report adds up for its agents (`reporting.periods`), without grouping `PairDay` (consulted = pairs with a first message that day, replied = those
    with a reply after it the same day, ordered = those with an order the same day).
    The row with agent "" holds the shop's buyers (from `BuyerDay`)."""

    __tablename__ = "contact_days"
    __table_args__ = {"sqlite_with_rowid": False}

    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent: Mapped[str] = mapped_column(String(128), primary_key=True)
    consulted: Mapped[int] = mapped_column(Integer, default=0)
    replied: Mapped[int] = mapped_column(Integer, default=0)
    ordered: Mapped[int] = mapped_column(Integer, default=0)
