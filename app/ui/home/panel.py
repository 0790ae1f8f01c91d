"""工作台: the first panel every account sees — today's live tiles (the dashboard's snapshot),
the owner's to-dos and shortcuts to the panels this account may open."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.realtime.home import HomeSummary
from app.ui.common.format import fmt_seconds
from app.ui.common.panel import Panel, PanelContext
from app.ui.common.widgets import Card, Tile

REFRESH_MS = 10_000  # the tiles move on their own while the panel is shown
# (panel key, title) of the shortcuts, shown when the account may open that panel
SHORTCUTS = (("dashboard", "实时数据"), ("subaccounts", "子账号"), ("routing", "分流设置"), ("monitoring", "监控查询"))


class HomePanel(Panel):
    key = "home"
    watches = frozenset({"conversations", "presence", "accounts", "routing", "security", "settings"})

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        self.greeting = QLabel()
        self.greeting.setObjectName("home.greeting")
        self.greeting.setProperty("role", "pageTitle")
        layout.addWidget(self.greeting)
        # Notices above the tiles (e.g. security alerts) are added to this box.
        self.notices = QVBoxLayout()
        self.notices.setSpacing(6)
        layout.addLayout(self.notices)

        grid = QGridLayout()
        grid.setSpacing(12)
        self.tiles = {
            "unreplied": Tile(self.tr("未回复人数"), "home.tile.unreplied"),
            "queued": Tile(self.tr("排队人数"), "home.tile.queued"),
            "online": Tile(self.tr("在线客服人数"), "home.tile.online"),
            "avg": Tile(self.tr("今日平均响应时间"), "home.tile.avg_response"),
            "conversations": Tile(self.tr("今日会话"), "home.tile.conversations"),
            "active": Tile(self.tr("正常子账号"), "home.tile.active"),
        }
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, i // 3, i % 3)
        layout.addLayout(grid)

        row = QHBoxLayout()
        row.setSpacing(12)
        todo_card = Card(self.tr("待办"))
        self.todos = QListWidget()
        self.todos.setObjectName("home.todos")
        self.todos.itemActivated.connect(self._open_todo)
        self.todos.setToolTip(self.tr("双击或回车打开相应页面"))
        todo_card.body.addWidget(self.todos)
        row.addWidget(todo_card, 2)
        shortcut_card = Card(self.tr("快捷入口"))
        self.shortcuts: dict[str, QPushButton] = {}
        for key, title in SHORTCUTS:
            button = QPushButton(self.tr(title))
            button.setObjectName(f"home.shortcut.{key}")
            button.clicked.connect(lambda _=False, k=key: self.open_panel(k))
            button.hide()
            shortcut_card.body.addWidget(button)
            self.shortcuts[key] = button
        shortcut_card.body.addStretch(1)
        row.addWidget(shortcut_card, 1)
        layout.addLayout(row, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._quiet_refresh)

    def refresh(self) -> None:
        from app.services.realtime.home import home_summary

        services, actor = self.ctx.services, self.ctx.actor
        self.ctx.runner.run(lambda: home_summary(services, actor), self._show, self.show_error)
        self.ctx.runner.run(lambda: services.security.alerts(actor), self._show_alerts, lambda _e: None)

    def _show_alerts(self, alerts: list) -> None:  # type: ignore[type-arg]
        """Security alerts (an account frozen automatically for sending ads): the owner decides."""
        while self.notices.count():
            item = self.notices.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for alert in alerts[:3]:
            label = QLabel(self.tr("安全提醒：") + alert.text)
            label.setObjectName("home.security_alert")
            label.setProperty("role", "error")
            label.setWordWrap(True)
            self.notices.addWidget(label)

    def _quiet_refresh(self) -> None:
        """The timer's refresh: a failure waits for the next one instead of a dialog."""
        from app.services.realtime.home import home_summary

        services, actor = self.ctx.services, self.ctx.actor
        self.ctx.runner.run(lambda: home_summary(services, actor), self._show, lambda _e: None)

    def _show(self, o: HomeSummary) -> None:
        self.greeting.setText(self.tr("{shop} · 你好，{nick}").format(shop=o.shop_name, nick=o.actor_nick))
        live = o.live
        for key in ("unreplied", "queued", "online", "avg", "conversations"):
            self.tiles[key].setVisible(live is not None)
        if live is not None:
            self.tiles["unreplied"].set_value(f"{live.unreplied_buyers:,}")
            self.tiles["queued"].set_value(f"{live.queued:,}")
            self.tiles["online"].set_value(str(live.online_agents))
            self.tiles["online"].caption.setText(self.tr("在线客服人数（挂起 {suspended}）").format(
                suspended=live.suspended_agents))
            self.tiles["avg"].set_value(fmt_seconds(live.avg_response_s_today))
            self.tiles["conversations"].set_value(f"{o.conversations_today or 0:,}")
        self.tiles["active"].set_value(f"{o.subaccounts_active:,}")
        self.todos.clear()
        for todo in o.todos:
            names = "、".join(n.split(":", 1)[-1] for n in todo.names)
            more = "…" if todo.count > len(todo.names) else ""
            item = QListWidgetItem(self.tr("{text}：{names}").format(text=todo.text, names=names) + more)
            item.setData(Qt.ItemDataRole.UserRole, todo.panel)
            self.todos.addItem(item)
        if not o.todos:
            self.todos.addItem(QListWidgetItem(self.tr("暂无待办")))
        keys = self._panel_keys()
        for key, button in self.shortcuts.items():
            button.setVisible(key in keys)

    def _panel_keys(self) -> list[str]:
        keys = getattr(self.window(), "panel_keys", None)
        return list(keys()) if callable(keys) else []

    def _open_todo(self, item: QListWidgetItem) -> None:
        panel = item.data(Qt.ItemDataRole.UserRole)
        if panel:
            self.open_panel(str(panel))

    def open_panel(self, key: str) -> None:
        window = self.window()
        if key in self._panel_keys():
            window.show_panel(key)  # type: ignore[attr-defined]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()
