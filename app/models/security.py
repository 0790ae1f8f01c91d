"""安全设置: sign-in policies, known devices, per-console sign-in throttles, two-step sign-in,
recovery codes, security alerts, and the head of the operation log's hash chain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime

# Known-device states
PENDING = "pending"
APPROVED = "approved"
REFUSED = "refused"


class AuditChain(Base):
    """One row (id 1): the newest entry of the operation log's hash chain. Appending takes
    this row's lock first, so two consoles never chain onto the same entry."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")


class SecurityPolicy(Base):
    """Sign-in protection. The row without an account is the shop's; a row per sub-account
    overrides the fields it sets (None = as the shop)."""

    __tablename__ = "security_policies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), unique=True
    )
    lockout_attempts: Mapped[int | None] = mapped_column(Integer)
    lockout_minutes: Mapped[int | None] = mapped_column(Integer)
    # [["08:00", "23:00"], …] in shop time; [] = any time
    hours: Mapped[list[Any] | None] = mapped_column(JSON)
    device_approval: Mapped[bool | None] = mapped_column(Boolean)
    single_session: Mapped[bool | None] = mapped_column(Boolean)
    allow_switch: Mapped[bool | None] = mapped_column(Boolean)
    # Ad-spam guard: this many flagged sent messages within `ad_window_min` freezes
    ad_limit: Mapped[int | None] = mapped_column(Integer)
    ad_window_min: Mapped[int | None] = mapped_column(Integer)


class KnownDevice(Base):
    """A console (device id) an account has signed in from, and the owner's verdict."""

    __tablename__ = "known_devices"
    __table_args__ = (UniqueConstraint("account_id", "device_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    device_id: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[str] = mapped_column(String(12), default=PENDING)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str] = mapped_column(String(64), default="")


class SignInThrottle(Base):
    """Failed sign-ins per account and console: a lock here keeps only that console out."""

    __tablename__ = "sign_in_throttles"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TwoStep(Base):
    """TOTP for the main account. The secret is stored wrapped with a key derived from the
    account's password, so the database alone does not give it away."""

    __tablename__ = "two_step"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))
    wrapped_secret: Mapped[str] = mapped_column(String(200))
    enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The newest time step accepted: a code is good once.
    last_step: Mapped[int] = mapped_column(Integer, default=0)


class RecoveryCode(Base):
    """One-time recovery codes (salted SHA-256; the codes are shown once)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    salt: Mapped[str] = mapped_column(String(32))
    digest: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SecurityAlert(Base):
    """Something the owner should see on the home panel (an automatic freeze, …)."""

    __tablename__ = "security_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
