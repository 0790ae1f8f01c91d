"""操作日志: who did what, when. Written by services, read by the operation-log viewer.

Append-only: database triggers refuse UPDATE and DELETE, and every entry is chained to the one
before it by a hash (app.services.common.audit)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Kept as plain values so the log survives the actor's deletion.
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor_nick: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The hash chain (METRICS §9): position, previous entry's hash, this entry's hash.
    seq: Mapped[int | None] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
