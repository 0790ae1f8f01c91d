"""What every panel gets and does: services, the acting account, a runner for off-thread work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.common.errors import UserError

if TYPE_CHECKING:
    from app.services.accounts.permissions import Actor
    from app.services.container import Services
    from app.ui.shell.workers import Runner


@dataclass
class PanelContext:
    services: Services
    actor: Actor
    runner: Runner


class Panel(QWidget):
    """Subclasses set `key` (object name `panel.<key>`) and build their layout in __init__.

    `refresh()` reloads the panel's data off the GUI thread; it is called when the panel is
    first shown and whenever `data_changed` is broadcast by any panel.
    """

    key = ""
    data_changed = Signal(str)  # what changed, e.g. "accounts"; other panels refresh

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"panel.{self.key}")

    def refresh(self) -> None:
        """Reload data; the default panel has nothing to load."""

    def on_data_changed(self, what: str) -> None:
        self.refresh()

    def show_error(self, exc: Exception) -> None:
        if isinstance(exc, UserError):
            text = exc.message + ("\n\n" + "\n".join(exc.details[:50]) if exc.details else "")
            QMessageBox.warning(self, self.tr("无法完成"), text)
        else:
            QMessageBox.critical(
                self,
                self.tr("内部错误"),
                self.tr("出现了意外错误，操作没有完成：") + f"\n{exc}",
            )
