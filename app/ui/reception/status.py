"""在线 / 挂起 / 离线 in the window's status bar: the agent's own status, which drives routing."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from app.ui.common.panel import PanelContext

STATUSES = (("online", "在线"), ("suspended", "挂起"), ("offline", "离线"))


class StatusSelector(QComboBox):
    def __init__(self, ctx: PanelContext, changed: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changed = changed
        self.setObjectName("reception.status")
        self.setToolTip(self.tr("我的接待状态：在线时接收分流的会话"))
        for key, label in STATUSES:
            self.addItem(self.tr(label), key)
        self.setCurrentIndex(-1)
        self._load()
        self.activated.connect(self._chosen)

    def _load(self) -> None:
        live, actor = self.ctx.services.live, self.ctx.actor
        self.ctx.runner.run(lambda: live.my_status(actor), self._show, lambda _e: None)

    def _show(self, status: str) -> None:
        for i in range(self.count()):
            if self.itemData(i) == status:
                self.setCurrentIndex(i)

    def _chosen(self, index: int) -> None:
        status = str(self.itemData(index))
        live, actor = self.ctx.services.live, self.ctx.actor

        def done(_r: object) -> None:
            self.changed.emit({"presence", "conversations"})

        def failed(exc: Exception) -> None:
            self._load()
            from app.ui.common.widgets import error_text

            self.setToolTip(error_text(exc))

        self.ctx.runner.run(lambda: live.set_status(actor, status), done, failed)
