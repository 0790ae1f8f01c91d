"""The open window follows the account's authorisation (issue 13): every 2 s a worker asks
`auth.check()`; an ended session signs the window out, a revoked point makes its panel
disappear, a one-time password asks for a new one. Idle for the shop's session timeout
(`Shop.session_timeout_min`, on the services' clock) the console locks: services refuse the
session until the password unlocks it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from app.services.security.errors import PasswordChangeRequired, SessionEnded, SessionLocked
from app.ui.common.panel import PanelContext

_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.MouseMove}


class SessionGuard(QObject):
    def __init__(self, window: Any, ctx: PanelContext) -> None:
        """`window`: the main window (drop_hidden_panels, session_ended, sign_out)."""
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.timeout_min = 0  # loaded from the shop; 0 = never lock
        self.last_input: datetime = ctx.services.clock.now()
        self.locked = False
        self._asking = False  # a lock or password dialog is open
        self._checking = False
        authority = ctx.actor.authority
        if authority is not None and hasattr(authority, "serve_cached_on_this_thread"):
            authority.serve_cached_on_this_thread()  # the GUI thread never queries
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        services = ctx.services
        ctx.runner.run(lambda: services.shop.info().session_timeout_min, self._set_timeout, lambda _e: None)
        if ctx.actor.must_change_password:
            self.ask_new_password()

    def _set_timeout(self, minutes: int) -> None:
        self.timeout_min = int(minutes or 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _INPUT and not self.locked:
            self.last_input = self.ctx.services.clock.now()
        return False

    def close(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # -- the 2-second tick ----------------------------------------------------------------
    def tick(self) -> None:
        if self._asking or self._checking:
            return
        idle = (self.ctx.services.clock.now() - self.last_input).total_seconds()
        if self.timeout_min and idle >= self.timeout_min * 60 and not self.locked:
            self.lock()
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._checking = True
        self.ctx.runner.run(lambda: services.auth.check(actor), self._checked, self._refused)

    def _checked(self, _grant: Any) -> None:
        self._checking = False
        self.window.drop_hidden_panels()

    def _refused(self, exc: Exception) -> None:
        self._checking = False
        if isinstance(exc, SessionEnded):
            self.window.session_ended(exc.message)
        elif isinstance(exc, SessionLocked):
            self.locked = True
            self.show_lock()
        elif isinstance(exc, PasswordChangeRequired):
            self.ask_new_password()
        # anything else (the database briefly unreachable): try again at the next tick

    # -- lock -----------------------------------------------------------------------------
    def lock(self) -> None:
        self.locked = True
        services, actor = self.ctx.services, self.ctx.actor
        self.ctx.runner.run(lambda: services.auth.lock(actor), lambda _r: self.show_lock(), lambda _e: self.show_lock())

    def show_lock(self) -> None:
        from app.ui.security.dialogs import LockDialog

        if self._asking:
            return
        self._asking = True
        dialog = LockDialog(self.ctx.services, self.ctx.actor, self.ctx.runner, self.window)
        dialog.accepted.connect(self._unlocked)
        dialog.rejected.connect(self._give_up)
        self.window.lock_dialog = dialog
        dialog.open()

    def _unlocked(self) -> None:
        self._asking = False
        self.locked = False
        self.last_input = self.ctx.services.clock.now()

    def _give_up(self) -> None:
        self._asking = False
        self.window.sign_out()

    def ask_new_password(self) -> None:
        from app.ui.security.dialogs import ChangePasswordDialog

        if self._asking:
            return
        self._asking = True
        dialog = ChangePasswordDialog(self.ctx.services, self.ctx.actor, self.ctx.runner, self.window, forced=True)
        dialog.accepted.connect(self._password_changed)
        dialog.rejected.connect(self._give_up)
        self.window.password_dialog = dialog
        dialog.open()

    def _password_changed(self) -> None:
        self._asking = False
        self.last_input = self.ctx.services.clock.now()
