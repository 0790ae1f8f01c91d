"""工作台: the first panel every account sees — who is signed in and how the shop is doing."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout

from app.services.reporting.overview import Overview
from app.ui.common.panel import Panel, PanelContext
from app.ui.common.widgets import Tile


class HomePanel(Panel):
    key = "home"

    def __init__(self, ctx: PanelContext, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(16)
        self.greeting = QLabel()
        self.greeting.setObjectName("home.greeting")
        self.greeting.setProperty("role", "pageTitle")
        layout.addWidget(self.greeting)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.tiles = {
            "active": Tile(self.tr("正常子账号"), "home.tile.active"),
            "frozen": Tile(self.tr("冻结子账号"), "home.tile.frozen"),
            "left": Tile(self.tr("离职员工"), "home.tile.left"),
            "online": Tile(self.tr("在线客服"), "home.tile.online"),
            "suspended": Tile(self.tr("挂起客服"), "home.tile.suspended"),
            "conversations": Tile(self.tr("今日会话"), "home.tile.conversations"),
        }
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, i // 3, i % 3)
        layout.addLayout(grid)
        layout.addStretch(1)

    def refresh(self) -> None:
        services, actor = self.ctx.services, self.ctx.actor
        self.ctx.runner.run(lambda: services.overview.summary(actor), self._show, self.show_error)

    def _show(self, o: Overview) -> None:
        self.greeting.setText(self.tr("{shop} · 你好，{nick}").format(shop=o.shop_name, nick=o.actor_nick))
        values = {
            "active": o.subaccounts_active,
            "frozen": o.subaccounts_frozen,
            "left": o.subaccounts_left,
            "online": o.agents_online,
            "suspended": o.agents_suspended,
            "conversations": o.conversations_today,
        }
        for key, value in values.items():
            self.tiles[key].set_value(f"{value:,}")
