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
"""

from __future__ import annotations

from sqlalchemy import Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class PairDay(Base):
    """One (agent, buyer) pair's contacts on one shop day; agent "" rows count for nobody's
    line (the shop line reads `BuyerDay`). A row exists for every pair named on a row of
    that day, so every agent named in a period gets a report line."""

    __tablename__ = "pair_days"
    __table_args__ = (Index("ix_pair_days_day", "day"), {"sqlite_with_rowid": False})

    agent: Mapped[str] = mapped_column(String(128), primary_key=True)
    buyer: Mapped[str] = mapped_column(String(128), primary_key=True)
    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_code: Mapped[int | None] = mapped_column(Integer)  # None: no non-ad buyer message
    reply_day: Mapped[int | None] = mapped_column(Integer)  # None: no human reply that day
    first_at: Mapped[float | None] = mapped_column(Float)  # the day's first buyer message


class BuyerDay(Base):
    """The shop line's counterpart of `PairDay`: one buyer over every agent."""

    __tablename__ = "buyer_days"
    __table_args__ = (Index("ix_buyer_days_day", "day"), {"sqlite_with_rowid": False})

    buyer: Mapped[str] = mapped_column(String(128), primary_key=True)
    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_code: Mapped[int | None] = mapped_column(Integer)
    reply_day: Mapped[int | None] = mapped_column(Integer)
    first_at: Mapped[float | None] = mapped_column(Float)
