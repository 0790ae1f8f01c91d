"""The main account and its sub-accounts, roles and grants, sign-in sessions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow
from app.models.vocabulary import AccountKind, AccountStatus


class Role(Base):
    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    # Preset roles carry a stable key (super_admin, cs_supervisor, …); custom roles None.
    preset_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    permissions: Mapped[list[RolePermission]] = relationship(
        back_populates="role", cascade="all, delete-orphan"
    )


class RolePermission(Base):
    __tablename__ = "role_permissions"

    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(80), primary_key=True)

    role: Mapped[Role] = relationship(back_populates="permissions")


class Account(Base):
    """主账号 (kind=main, exactly one) or 子账号 (kind=sub)."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("nick"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), default=AccountKind.SUB)
    nick: Mapped[str] = mapped_column(String(64))
    alias: Mapped[str] = mapped_column(String(40), default="")
    department: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(40), default="")
    employee_no: Mapped[str] = mapped_column(String(40), default="")
    hired_on: Mapped[date | None] = mapped_column(Date)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    # Unique among accounts that hold one; None for accounts without a phone yet.
    bound_phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    role_id: Mapped[int | None] = mapped_column(ForeignKey("roles.id"))
    takes_routing: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default=AccountStatus.ACTIVE)
    # Deferred: ordinary loads never read it (a PostgreSQL console role may not; see
    # docs/security.md); None = no password, the account cannot sign in.
    password_hash: Mapped[str | None] = mapped_column(String(200), deferred=True)
    # A one-time password set by the owner: the next sign-in must choose a new one.
    password_must_change: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Bumped (by database triggers) on any change of role, grants, status or password: a
    # signed-in actor re-reads its permissions when the number moved.
    auth_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 子账号认证
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by: Mapped[str | None] = mapped_column(String(40))
    id_last_digits: Mapped[str | None] = mapped_column(String(8))
    # A keyed digest of the whole ID number: one ID verifies one account per shop. The
    # number itself is never stored.
    id_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    # 处罚冻结: the last penalty freeze, which blocks deletion for 3 months.
    penalized_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    role: Mapped[Role | None] = relationship()
    extra_grants: Mapped[list[AccountPermission]] = relationship(
        back_populates="account", cascade="all, delete-orphan"
    )

    @property
    def is_main(self) -> bool:
        return self.kind == AccountKind.MAIN


class AccountPermission(Base):
    """Extra grants on top of an account's role."""

    __tablename__ = "account_permissions"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(80), primary_key=True)

    account: Mapped[Account] = relationship(back_populates="extra_grants")


class SignInSession(Base):
    """A console or phone signed in as an account; ended on sign-out, freeze or delete."""

    __tablename__ = "sign_in_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    device: Mapped[str] = mapped_column(String(12), default="desktop")  # desktop | mobile
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(40))
    # The console (device id) and its last sign of life; a locked session needs the password.
    device_id: Mapped[str | None] = mapped_column(String(64))
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
