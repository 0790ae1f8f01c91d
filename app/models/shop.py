"""The shop (one per database) and its key/value settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class Shop(Base):
    """A database holds exactly one shop; its row always has id 1."""

    __tablename__ = "shop"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    subaccount_quota: Mapped[int] = mapped_column(Integer, default=100)
    session_timeout_min: Mapped[int] = mapped_column(Integer, default=30)
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Setting(Base):
    """Small shop-wide settings (routing options, auto-reply text, …) as JSON values."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
