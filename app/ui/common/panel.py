"""What every panel gets and does: services, the acting account, a runner for off-thread work."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.common.changes import ALL_AREAS
from app.services.common.errors import UserError
from app.ui.common.shop_time import ShopTime

if TYPE_CHECKING:
    from app.services.accounts.permissions import Actor
    from app.services.container import Services
    from app.ui.shell.workers import Runner


@dataclass
class PanelContext:
    services: Services
    actor: Actor
    runner: Runner
    shop_time: ShopTime = field(default_factory=ShopTime)  # times shown in the shop's zone


class Panel(QWidget):
    """Subclasses set `key` (object name `panel.<key>`) and build their layout in __init__.

    `refresh()` reloads the panel's data off the GUI thread; it is called when the panel is
    first shown and when a change touches one of the areas in `watches`
    (`app.services.common.changes.Area`). A hidden panel only notes that it is stale and
    reloads when it is shown again, so a change never queues work nobody looks at.
    """

    key = ""
    watches: frozenset[str] = ALL_AREAS  # the areas whose changes this panel shows
    refresh_delay_ms = 0  # > 0: changes arriving within this time make one refresh
    # After a change, a panel emits the areas it touched (a str or a set of them); the
    # window tells the other panels that watch them and the other consoles.
    data_changed = Signal(object)

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        self._pending: frozenset[str] = frozenset()
        self.setObjectName(f"panel.{self.key}")

    def refresh(self) -> None:
        """Reload data; the default panel has nothing to load."""

    def notify_changed(self, changes: frozenset[str]) -> None:
        """Called by the window for a change elsewhere; refreshes now or when next shown."""
        if not changes & self.watches:
            return
        if not self.isVisible():
            self._stale = True
        elif not self.refresh_delay_ms:
            self.on_data_changed(changes)
        else:
            if not self._pending:
                QTimer.singleShot(self.refresh_delay_ms, self, self._refresh_pending)
            self._pending |= changes

    def _refresh_pending(self) -> None:
        changes, self._pending = self._pending, frozenset()
        if changes and self.isVisible():
            self.on_data_changed(changes)
        elif changes:
            self._stale = True

    def on_data_changed(self, changes: frozenset[str]) -> None:
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.on_data_changed(self.watches)

    def show_error(self, exc: Exception) -> None:
        from app.services.security.errors import SessionRefused

        if isinstance(exc, SessionRefused):
            return  # ended, locked or awaiting a new password: the window's session guard shows it
        if isinstance(exc, UserError):
            text = exc.message + ("\n\n" + "\n".join(exc.details[:50]) if exc.details else "")
            QMessageBox.warning(self, self.tr("无法完成"), text)
        else:
            QMessageBox.critical(
                self,
                self.tr("内部错误"),
                self.tr("出现了意外错误，操作没有完成：") + f"\n{exc}",
            )
