"""Authorisation that is current: a signed-in actor's grant, re-checked at every call.

`LiveAuthority.current()` costs one indexed query: the account's `auth_version`, status and
one-time-password flag, and its session's end and lock. Triggers bump `auth_version` on any
change of role points, extra grants, role, status or password (migration 0005), so the grant
is rebuilt only when the number moved. Because the check reads the shared database, a
revocation on one console is refused on every other at its next call.

The GUI thread never queries: the shell polls `current()` on a worker every 2 s, and calls
from the thread registered with `serve_cached_on_this_thread()` (the UI's hints: which
buttons to show) get the state of that poll. Services never run on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account
from app.models.vocabulary import AccountStatus
from app.services.accounts.permissions import Grant
from app.services.security.errors import PasswordChangeRequired, SessionEnded, SessionLocked

if TYPE_CHECKING:
    from app.services.common.database import Database


def ended_text(reason: str | None) -> str:
    return {
        "sign_out": _("你已退出登录。"),
        "frozen": _("该账号已被冻结，登录已结束。"),
        "deleted": _("该账号已删除（离职），登录已结束。"),
        "ended": _("主账号结束了你的登录。"),
        "switched": _("该账号已在另一台设备登录，本机的登录已结束。"),
        "password": _("密码已修改，请重新登录。"),
        "expired": _("登录已过期，请重新登录。"),
        "replaced": _("该账号在本机重新登录，旧的登录已结束。"),
    }.get(reason or "", _("登录已结束，请重新登录。"))


class LiveAuthority:
    def __init__(
        self, db: Database, account_id: int, session_id: int | None, version: int, grant: Grant,
        rebuild: Callable[[Session, Account], Grant],
    ) -> None:
        self.db = db
        self._rebuild = rebuild
        self.account_id = account_id
        self.session_id = session_id
        self._version = version
        self._state = grant
        self._issued = grant
        self._lock = threading.Lock()
        self._cached_thread: int | None = None

    @property
    def last_known(self) -> Grant:
        """The grant seen by the latest check (no database access)."""
        return self._state

    def issued_to(self, account_id: int, is_main: bool, permissions: frozenset[str]) -> bool:
        issued = self._issued
        return account_id == self.account_id and is_main == issued.is_main and permissions is issued.permissions

    def serve_cached_on_this_thread(self) -> None:
        self._cached_thread = threading.get_ident()

    def current(self) -> Grant:
        if self._cached_thread == threading.get_ident():
            return self._state
        row = self._read()
        if row is None:
            raise SessionEnded(ended_text("deleted"))
        version, status, must_change, session_found, ended_at, end_reason, locked_at = row
        if status == AccountStatus.FROZEN:
            raise SessionEnded(ended_text("frozen"))
        if status == AccountStatus.DELETED:
            raise SessionEnded(ended_text("deleted"))
        if self.session_id is not None:
            if session_found is None or ended_at is not None:
                raise SessionEnded(ended_text(end_reason))
            if locked_at is not None:
                raise SessionLocked(_("电脑已锁定：请输入密码解锁。"))
        if must_change:
            raise PasswordChangeRequired(_("你正在使用一次性密码：请先修改密码。"))
        if version != self._version:
            with self.db.engine.connect() as conn:
                self._refresh(conn, version)
        return self._state

    def _read(self) -> tuple[Any, ...] | None:
        """One row, by the driver directly: SQLAlchemy's statement and result machinery cost
        ten times the query itself, and this runs at every service call."""
        raw = self.db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            mark = "?" if self.db.is_sqlite else "%s"
            cursor.execute(
                "SELECT a.auth_version, a.status, a.password_must_change, s.id, s.ended_at, s.end_reason, "
                f"s.locked_at FROM accounts a LEFT JOIN sign_in_sessions s ON s.id = {mark} WHERE a.id = {mark}",
                (self.session_id if self.session_id is not None else -1, self.account_id),
            )
            row = cursor.fetchone()
            cursor.close()
            return tuple(row) if row is not None else None
        finally:
            raw.close()  # back to the pool (which rolls back the read)

    def _refresh(self, conn: Connection, version: int) -> None:
        with Session(bind=conn) as session:
            account = session.get(Account, self.account_id)
            if account is None:
                raise SessionEnded(ended_text("deleted"))
            grant = self._rebuild(session, account)
        with self._lock:
            self._state, self._version = grant, version


def session_is_stale(last_seen: datetime | None, started: datetime, now: datetime, minutes: int) -> bool:
    """A session with no sign of life for `minutes` (a console that crashed or lost power)."""
    seen = last_seen or started
    return (now - seen).total_seconds() > minutes * 60
