"""Wall mode: the live tiles full screen, in big type, for a screen on the office wall.
Buyer nicks are hidden (only their first character shows). Esc leaves."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.services.realtime.figures import Snapshot
from app.ui.common.format import fmt_seconds
from app.ui.dashboard.live_models import waiting_model

WALL_QSS = """
QWidget#dashboard\\.wall { background: #1F2329; }
QLabel { color: #E8EAED; }
QLabel[role="wallValue"] { font-size: 52px; font-weight: bold; color: #FFFFFF; }
QLabel[role="wallValue"][alert="true"] { color: #FF6B5E; }
QLabel[role="wallCaption"] { font-size: 20px; color: #AEB4BD; }
QLabel[role="wallTitle"] { font-size: 26px; font-weight: bold; color: #FF7A33; }
QFrame[wallTile="true"] { background: #2B3038; border-radius: 12px; }
QTableView { background: #2B3038; color: #E8EAED; font-size: 18px; border: none;
             gridline-color: #3A404A; alternate-background-color: #30353E; }
QHeaderView::section { background: #2B3038; color: #AEB4BD; font-size: 16px; border: none; padding: 6px; }
"""


class WallWindow(QWidget):
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("dashboard.wall")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(WALL_QSS)
        self.setWindowTitle(self.tr("实时数据 · 大屏"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.setSpacing(18)
        self.title = QLabel(self.tr("实时数据"))
        self.title.setProperty("role", "wallTitle")
        self.title.setObjectName("dashboard.wall.title")
        outer.addWidget(self.title)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        captions = [("unreplied", self.tr("未回复人数")), ("queued", self.tr("排队人数")),
                    ("online", self.tr("在线客服人数")), ("avg", self.tr("今日平均响应时间")),
                    ("longest", self.tr("最长等待")), ("light", self.tr("店铺亮灯"))]
        for i, (key, caption) in enumerate(captions):
            tile = QWidget()
            tile.setProperty("wallTile", True)
            tile.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            tile.setStyleSheet("background: #2B3038; border-radius: 12px;")
            box = QVBoxLayout(tile)
            box.setContentsMargins(20, 14, 20, 14)
            value = QLabel("—")
            value.setProperty("role", "wallValue")
            value.setObjectName(f"dashboard.wall.{key}")
            label = QLabel(caption)
            label.setProperty("role", "wallCaption")
            box.addWidget(value)
            box.addWidget(label)
            self.values[key] = value
            self.captions[key] = label
            grid.addWidget(tile, i // 3, i % 3)
        outer.addLayout(grid)
        self._t = 0.0
        self.model = waiting_model(self, lambda: self._slow_s, lambda: True, lambda: self._t)
        self.table = QTableView()
        self.table.setObjectName("dashboard.wall.waiting")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        outer.addWidget(self.table, 1)
        self._slow_s = 100.0

    def show_snapshot(self, snap: Snapshot) -> None:
        self._slow_s = snap.slow_threshold_s
        self._t = snap.at.timestamp()
        v = self.values
        v["unreplied"].setText(str(snap.unreplied_buyers))
        v["queued"].setText(str(snap.queued))
        v["online"].setText(str(snap.online_agents))
        self.captions["online"].setText(self.tr("在线客服人数（挂起 {suspended}）").format(
            suspended=snap.suspended_agents))
        v["avg"].setText(fmt_seconds(snap.avg_response_s_today))
        v["longest"].setText(fmt_seconds(snap.longest_wait_s))
        v["light"].setText(self.tr("亮") if snap.shop_lit else self.tr("灭"))
        slow = (snap.longest_wait_s or 0) >= snap.slow_threshold_s
        if v["longest"].property("alert") != slow:
            v["longest"].setProperty("alert", slow)
            v["longest"].style().unpolish(v["longest"])
            v["longest"].style().polish(v["longest"])
        self.model.update_rows(snap.waiting[:50])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.closed.emit()
        super().closeEvent(event)
