"""实时数据: the live dashboard. Tiles (未回复人数, 排队人数, 在线客服人数 and 挂起, 今日平均响应时间,
最长等待, 亮灯), the live tables per group and per agent, why each waiting buyer waits, charts,
slow-response alerts and a wall mode — all from `RealtimeService.snapshot`, the call that
also feeds `zhanggui realtime` and the home panel.

Every second (and at once when a change arrives on the bus) the figures are computed off the
GUI thread (`ticker.Ticker`; a tick is skipped while the previous one runs) and applied in
one pass: tiles, then each table's rows in place."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.realtime.figures import (
    WAIT_ALL_FULL,
    WAIT_NOBODY_ONLINE,
    WAIT_PROXY,
    ConversationLive,
    Snapshot,
    Timeline,
    Waiting,
)
from app.ui.common.format import fmt_seconds
from app.ui.common.panel import Panel, PanelContext
from app.ui.common.table_model import RowTableModel, row_view, selected_row
from app.ui.common.widgets import Tile
from app.ui.dashboard.live_models import (
    agents_model,
    conversation_columns,
    groups_model,
    waiting_model,
)
from app.ui.dashboard.ticker import Tick, Ticker

if TYPE_CHECKING:
    from app.ui.dashboard.wall import WallWindow

TICK_MS = 1000
TIMELINE_EVERY = 5  # ticks between chart updates (they move by the minute)


def _table(name: str, model: RowTableModel, sortable: bool = True) -> QTableView:
    """A live table straight on its model (a `LiveTableModel` sorts itself when a header is
    clicked); `sortable=False` keeps the service's order (who waits longest first)."""
    # Sized to the contents once (see _fit), not on every update: measuring every row each
    # second would cost more than the whole refresh.
    view = row_view(name, model, resize=QHeaderView.ResizeMode.Interactive)
    view.setSortingEnabled(sortable)
    if sortable:
        view.horizontalHeader().setSortIndicatorShown(False)  # the service's order until clicked
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view


def _fit(view: QTableView) -> None:
    """Column widths from the first rows shown (once per table)."""
    if view.property("fitted") or view.model().rowCount() == 0:
        return
    view.setProperty("fitted", True)
    view.resizeColumnsToContents()


class DashboardPanel(Panel):
    key = "dashboard"
    watches = frozenset({"conversations", "presence", "routing", "accounts", "settings", "ads"})
    refreshed = Signal(object)  # the Snapshot just shown (tests, the wall)

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.snapshot: Snapshot | None = None
        self.timeline: Timeline | None = None
        self.last_refresh_ms = 0.0  # the GUI-thread cost of applying the last tick
        self.wall: WallWindow | None = None  # the wall window, while it is open
        self._ticks = 0
        self._slow_ids: set[int] = set()
        services, actor = ctx.services, ctx.actor

        def compute(with_timeline: bool) -> tuple[Snapshot, Timeline | None]:
            snap = services.realtime.snapshot(actor)
            return snap, (services.realtime.timeline(actor) if with_timeline else None)

        self.ticker = Ticker(compute, self)
        self.ticker.ticked.connect(self._apply)
        self.ticker.failed.connect(self._tick_failed)
        from app.ui.common import none_guard

        none_guard.install()  # this panel updates widgets every second (see none_guard)
        self.timer = QTimer(self)
        self.timer.setObjectName("dashboard.timer")
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self._build()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(8)
        head = QHBoxLayout()
        title = QLabel(self.tr("实时数据"))
        title.setProperty("role", "pageTitle")
        head.addWidget(title)
        self.lights = QLabel()
        self.lights.setObjectName("dashboard.lights")
        self.lights.setTextFormat(Qt.TextFormat.RichText)
        head.addWidget(self.lights, 1)
        self.wall_button = QPushButton(self.tr("大屏模式"))
        self.wall_button.setObjectName("dashboard.wall_mode")
        self.wall_button.setToolTip(self.tr("全屏显示大号数字，隐藏买家昵称（Esc 退出）"))
        self.wall_button.clicked.connect(self.open_wall)
        head.addWidget(self.wall_button)
        outer.addLayout(head)

        self.alert = QLabel()
        self.alert.setObjectName("dashboard.alert")
        self.alert.setStyleSheet("background:#FDECEA;color:#D93026;border:1px solid #F0B4AF;"
                                 "border-radius:6px;padding:6px 10px;font-weight:bold;")
        self.alert.setWordWrap(True)
        self.alert.hide()
        outer.addWidget(self.alert)

        tiles = QGridLayout()
        tiles.setSpacing(8)
        self.tiles = {
            "unreplied": Tile(self.tr("未回复人数"), "dashboard.tile.unreplied"),
            "queued": Tile(self.tr("排队人数"), "dashboard.tile.queued"),
            "online": Tile(self.tr("在线客服人数"), "dashboard.tile.online"),
            "avg": Tile(self.tr("今日平均响应时间"), "dashboard.tile.avg_response"),
            "longest": Tile(self.tr("最长等待"), "dashboard.tile.longest_wait"),
            "light": Tile(self.tr("店铺亮灯"), "dashboard.tile.shop_lit"),
        }
        for i, tile in enumerate(self.tiles.values()):
            # six tiles side by side must fit 1024 px in English too: captions wrap, and the
            # numbers are a little smaller than the home panel's
            tile.caption.setWordWrap(True)
            tile.value.setStyleSheet("font-size: 24px;")
            tile.body.setContentsMargins(12, 10, 12, 10)
            tiles.addWidget(tile, 0, i)
            tiles.setColumnStretch(i, 1)
        outer.addLayout(tiles)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboard.tabs")
        self.tabs.addTab(self._live_tab(), self.tr("实时表"))
        self.tabs.addTab(self._waiting_tab(), self.tr("等待中的买家"))
        from app.ui.dashboard.charts import LiveCharts

        self.charts = LiveCharts(self.ctx.shop_time)
        self.tabs.addTab(self.charts, self.tr("趋势图"))
        self.tabs.addTab(self._alerts_tab(), self.tr("慢响应提醒"))
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        outer.addWidget(self.tabs, 1)

    def _now(self) -> float:
        return self.snapshot.at.timestamp() if self.snapshot is not None else 0.0

    def _slow_s(self) -> float:
        return self.snapshot.slow_threshold_s if self.snapshot is not None else 100.0

    def _live_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(8, 8, 8, 8)
        self.groups_model = groups_model(self, self._slow_s)
        self.groups_table = _table("dashboard.groups", self.groups_model)
        self.groups_table.setMaximumHeight(110)
        box.addWidget(self.groups_table)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.agents_model = agents_model(self, self._slow_s)
        self.agents_table = _table("dashboard.agents", self.agents_model)
        self.agents_table.selectionModel().selectionChanged.connect(self._agent_selected)
        split.addWidget(self.agents_table)
        side = QWidget()
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        self.conversations_title = QLabel(self.tr("点选客服查看其会话"))
        self.conversations_title.setObjectName("dashboard.conversations.title")
        self.conversations_title.setProperty("role", "muted")
        side_box.addWidget(self.conversations_title)
        self.conversations_model = RowTableModel(conversation_columns(self.ctx.shop_time), self)
        self.conversations_table = _table("dashboard.conversations", self.conversations_model)
        side_box.addWidget(self.conversations_table)
        split.addWidget(side)
        split.setSizes([560, 300])
        box.addWidget(split, 1)
        return page

    def _waiting_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(8, 8, 8, 8)
        self.waiting_model = waiting_model(self, self._slow_s, lambda: False, self._now)
        # in the service's order (longest wait first): re-sorting hundreds of rows every
        # second would cost more than the snapshot
        self.waiting_table = _table("dashboard.waiting", self.waiting_model, sortable=False)
        self.waiting_table.selectionModel().selectionChanged.connect(lambda *_a: self._waiting_selected())
        box.addWidget(self.waiting_table, 1)
        row = QHBoxLayout()
        self.setting_hint = QLabel(self.tr("选中一位买家，查看让他等待的分流设置"))
        self.setting_hint.setObjectName("dashboard.waiting.hint")
        self.setting_hint.setProperty("role", "muted")
        self.setting_hint.setWordWrap(True)
        row.addWidget(self.setting_hint, 1)
        self.setting_button = QPushButton(self.tr("打开分流设置"))
        self.setting_button.setObjectName("dashboard.waiting.open_setting")
        self.setting_button.clicked.connect(self.open_routing)
        self.setting_button.setEnabled(self.ctx.actor.can("cs.routing"))
        row.addWidget(self.setting_button)
        box.addLayout(row)
        return page

    def _alerts_tab(self) -> QWidget:
        page = QWidget()
        box = QHBoxLayout(page)
        box.setContentsMargins(8, 8, 8, 8)
        self.slow_list = QListWidget()
        self.idle_list = QListWidget()
        for widget, name, caption in ((self.slow_list, "dashboard.alerts.slow", self.tr("慢响应（正在等待的买家）")),
                                      (self.idle_list, "dashboard.alerts.idle", self.tr("有买家排队时空闲的客服"))):
            col = QVBoxLayout()
            label = QLabel(caption)
            label.setProperty("role", "cardTitle")
            col.addWidget(label)
            widget.setObjectName(name)
            col.addWidget(widget, 1)
            box.addLayout(col, 1)
        return page

    # -- refreshing -----------------------------------------------------------------------
    def refresh(self) -> None:
        self.tick(force_timeline=True)

    def on_data_changed(self, changes: frozenset[str]) -> None:
        self.tick()  # at once, not at the next second

    def tick(self, force_timeline: bool = False) -> bool:
        """Start one refresh off the GUI thread (skipped while the previous one runs)."""
        self._ticks += 1
        charts_due = force_timeline or self.timeline is None or self._ticks % TIMELINE_EVERY == 0
        return self.ticker.tick(charts_due and (self.tabs.currentWidget() is self.charts or force_timeline))

    def _tick_failed(self, exc: Exception) -> None:
        """Shown in the alert line, not a dialog: the next second tries again, and a modal box
        every second (a database that went away) would lock the console."""
        from app.ui.common.widgets import error_text

        self.alert.setText(self.tr("实时数据暂时无法刷新：{error}").format(error=error_text(exc)))
        self.alert.show()

    def _apply(self, tick: Tick) -> None:
        started = time.perf_counter()
        snap = tick.snapshot
        self.snapshot = snap
        self._show_tiles(snap)
        self.groups_model.update_rows(snap.groups)
        self.agents_model.update_rows(snap.agents)
        self.waiting_model.update_rows(snap.waiting)
        for view in (self.groups_table, self.agents_table, self.waiting_table):
            _fit(view)
        self._show_alerts(snap)
        if tick.timeline is not None:
            self.timeline = tick.timeline
            self.charts.show_timeline(tick.timeline)
        if self.wall is not None:
            self.wall.show_snapshot(snap)
        self.last_refresh_ms = (time.perf_counter() - started) * 1000
        self.refreshed.emit(snap)

    def _show_tiles(self, snap: Snapshot) -> None:
        t = self.tiles
        t["unreplied"].set_value(f"{snap.unreplied_buyers:,}")
        t["queued"].set_value(f"{snap.queued:,}")
        t["online"].set_value(str(snap.online_agents))
        t["online"].caption.setText(self.tr("在线客服人数（挂起 {suspended}）").format(suspended=snap.suspended_agents))
        t["avg"].set_value(fmt_seconds(snap.avg_response_s_today))
        t["longest"].set_value(fmt_seconds(snap.longest_wait_s))
        t["light"].set_value(self.tr("亮") if snap.shop_lit else self.tr("灭"))
        dot = '<span style="color:{c}">●</span> {name}'
        parts = [dot.format(c="#2DA44E" if snap.shop_lit else "#B8BCC4", name=self.tr("全店"))]
        parts += [dot.format(c="#2DA44E" if g.lit else "#B8BCC4", name=g.name) for g in snap.groups]
        self.lights.setText("&nbsp;&nbsp;".join(parts))

    def _show_alerts(self, snap: Snapshot) -> None:
        slow, idle = snap.slow, snap.idle_agents
        texts = []
        if slow:
            texts.append(self.tr("慢响应：{n} 位买家已等待超过 {s} 秒，最长 {w}").format(
                n=len(slow), s=int(snap.slow_threshold_s), w=fmt_seconds(snap.wait_s(slow[0]))))
        if idle:
            texts.append(self.tr("{n} 位客服有空闲，而有买家在排队").format(n=len(idle)))
        self.alert.setText("；".join(texts))
        self.alert.setVisible(bool(texts))
        self._fill(self.slow_list, [self.tr("{buyer} · {agent} · 已等 {wait} · {reason}").format(
            buyer=w.buyer, agent=(w.agent.split(":", 1)[-1] if w.agent else w.group_name or "—"),
            wait=fmt_seconds(snap.wait_s(w)), reason=w.reason_text) for w in slow[:100]])
        self._fill(self.idle_list, [self.tr("{agent}（{group}）接待 {load}/{capacity}").format(
            agent=a.name, group=a.group_name or "—", load=a.load, capacity=a.capacity) for a in idle])
        new_slow = {w.conversation_id for w in slow}
        if new_slow - self._slow_ids and self.isVisible():
            QApplication.alert(self.window())
        self._slow_ids = new_slow

    @staticmethod
    def _fill(widget: QListWidget, lines: list[str]) -> None:
        """Replace the texts in place (a list rebuilt every second would flicker and cost)."""
        while widget.count() > len(lines):
            widget.takeItem(widget.count() - 1)
        for i, line in enumerate(lines):
            item = widget.item(i)
            if item is None:
                widget.addItem(line)
            elif item.text() != line:
                item.setText(line)

    # -- drill-down and links -------------------------------------------------------------
    def _agent_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        agent = selected_row(self.agents_table)
        if agent is None:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self.conversations_title.setText(self.tr("{agent} 的会话").format(agent=agent.name))
        self.ctx.runner.run(lambda: services.realtime.agent_conversations(actor, agent.account_id),
                            self._show_conversations, self.show_error)

    def _show_conversations(self, rows: tuple[ConversationLive, ...]) -> None:
        self.conversations_model.set_rows(rows)

    def selected_waiting(self) -> Waiting | None:
        row: Waiting | None = selected_row(self.waiting_table)
        return row

    def _waiting_selected(self) -> None:
        w = self.selected_waiting()
        if w is None:
            return
        hints = {
            WAIT_ALL_FULL: self.tr("{group}组的客服都已接满：在分流设置里调高接待上限，或为该组设置溢出分组。"),
            WAIT_NOBODY_ONLINE: self.tr("{group}组没有客服在线：在分流设置里调整成员，或让客服上线。"),
            WAIT_PROXY: self.tr("没有参与分流的客服在线，买家由代理账号接待：在分流设置里查看代理账号。"),
        }
        text = hints.get(w.reason, self.tr("客服已接待，尚未回复：提醒{agent}回复。"))
        self.setting_hint.setText(text.format(group=w.group_name or "—",
                                              agent=w.agent.split(":", 1)[-1] if w.agent else "—"))

    def open_routing(self) -> None:
        """The link from a waiting buyer to the routing setting behind the wait."""
        window = self.window()
        show = getattr(window, "show_panel", None)
        if show is not None and "routing" in getattr(window, "panel_keys", lambda: [])():
            show("routing")

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.charts:
            self.tick(force_timeline=True)

    # -- wall mode ------------------------------------------------------------------------
    def open_wall(self) -> None:
        from app.ui.dashboard.wall import WallWindow

        if self.wall is None:
            self.wall = WallWindow(self)
            self.wall.closed.connect(self._wall_closed)
        if self.snapshot is not None:
            self.wall.show_snapshot(self.snapshot)
        self.wall.showFullScreen()
        self.timer.start()

    def _wall_closed(self) -> None:
        wall, self.wall = self.wall, None
        if wall is not None:
            wall.deleteLater()
        if not self.isVisible():
            self.timer.stop()

    # -- the timer runs while someone looks ----------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self.wall is None:
            self.timer.stop()
