"""监控查询: 客服绩效 (the §4 report with extra figures, drill-down, import and export),
趋势 (charts), 聊天记录 (chat-record search with transcripts and ad flags) and 操作日志.

Tabs follow the account's permissions: data.performance → 客服绩效 and 趋势, cs.history →
聊天记录, security.manage (or the main account) → 操作日志. The services check every call.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.vocabulary import Presence
from app.services.common.changes import Area
from app.services.common.errors import UserError
from app.services.reporting.catalogue import BY_KEY, METRICS
from app.ui.common.panel import Panel, PanelContext
from app.ui.common.table_model import Column, RowTableModel, selected_row
from app.ui.common.widgets import Card, Tile
from app.ui.monitoring import format as f
from app.ui.monitoring.charts import BarChart, TrendChart
from app.ui.monitoring.files import FileActions
from app.ui.monitoring.log_tab import LogTab
from app.ui.monitoring.widgets import (
    DrilldownDialog,
    ImportErrorsDialog,
    PerfModel,
    PerfRow,
    Progress,
    ShopLastProxy,
    TranscriptView,
    make_table,
    perf_columns,
    perf_row,
    perf_tips,
)

DEFAULT_DAYS = 7
REBUILD_AT = 5000  # conversations without a summary: rebuild them all first, with progress
CHAT_PAGE = 200
TILES = (("consulted", "consulted"), ("reply_rate", "reply_rate"), ("avg_response_s", "avg_response"),
         ("avg_first_response_s", "first_response"), ("conversion_rate", "conversion"),
         ("satisfaction_rate", "satisfaction"))


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _short(nick: str) -> str:
    return nick.split(":", 1)[1] if ":" in nick else nick


class MonitoringPanel(Panel, FileActions, LogTab):
    key = "monitoring"
    watches = frozenset({Area.CONVERSATIONS, Area.ADS, Area.ACCOUNTS})
    refresh_delay_ms = 5_000  # live traffic changes conversations every second: coalesce

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        actor = ctx.actor
        self.can_perf = actor.can("data.performance")
        self.can_history = actor.can("cs.history")
        self.can_log = actor.can("security.manage")
        self.can_export = actor.can("data.export")
        self.can_import = actor.can("data.import")
        self.tz: ZoneInfo | None = None
        self.today: date | None = None
        self.report: Any = None
        self.extras: Any = None
        self.trend: Any = None
        self.drilldown_dialog: DrilldownDialog | None = None
        self.import_errors_dialog: ImportErrorsDialog | None = None
        self._progress: Progress | None = None
        self._meta_loaded = False
        self._chat_offset = 0
        self._setting_dates = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        title = QLabel(self.tr("监控查询"))
        title.setProperty("role", "pageTitle")
        title.setObjectName("monitoring.title")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("monitoring.tabs")
        layout.addWidget(self.tabs, 1)
        if self.can_perf:
            self.tabs.addTab(self._build_performance(), self.tr("客服绩效"))
            self.tabs.addTab(self._build_trend(), self.tr("趋势"))
        if self.can_history:
            self.tabs.addTab(self._build_chats(), self.tr("聊天记录查询"))
        if self.can_log:
            self.tabs.addTab(self._build_log(), self.tr("操作日志"))
        if self.can_perf:
            self.tabs.addTab(self._build_attendance(), self.tr("出勤"))

    # == building =======================================================================
    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumWidth(118)
        edit.setDate(QDate.currentDate())  # until the shop's own "today" is known
        return edit

    def _build_performance(self) -> QWidget:
        page = QWidget()
        page.setObjectName("monitoring.performance")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)

        bar = QHBoxLayout()
        self.date_from = self._date_edit("monitoring.from")
        self.date_to = self._date_edit("monitoring.to")
        self.date_from.dateChanged.connect(self._dates_edited)
        self.date_to.dateChanged.connect(self._dates_edited)
        self.date_from.setToolTip(self.tr("开始日期（店铺时区，含当天）"))
        self.date_to.setToolTip(self.tr("结束日期（店铺时区，含当天）"))
        self.group = QComboBox()
        self.group.setObjectName("monitoring.group")
        self.group.addItem(self.tr("全部分组"), None)
        self.group.setMinimumWidth(110)
        self.group.setToolTip(self.tr("分组"))  # its items (全部分组 …) say what it is: no label
        self.slow_threshold = QDoubleSpinBox()
        self.slow_threshold.setObjectName("monitoring.slow_threshold")
        self.slow_threshold.setRange(1, 3600)
        self.slow_threshold.setDecimals(0)
        self.slow_threshold.setValue(100)
        self.slow_threshold.setSuffix(self.tr(" 秒"))
        self.slow_threshold.setToolTip(self.tr("响应时间超过这个值算慢响应"))
        self.run_button = QPushButton(self.tr("查询"))
        self.run_button.setObjectName("monitoring.run")
        self.run_button.setProperty("accent", True)
        self.run_button.setShortcut("Ctrl+Return")
        self.run_button.setToolTip(self.tr("按所选时间段和分组计算绩效 (Ctrl+Enter)"))
        self.run_button.clicked.connect(self.run_report)
        self.range = QComboBox()
        self.range.setObjectName("monitoring.range")
        self.range.setToolTip(self.tr("常用时间段"))
        for label, days in (
            (self.tr("近7天"), 7),
            (self.tr("今天"), 0),
            (self.tr("昨天"), -1),
            (self.tr("近30天"), 30),
            (self.tr("自定义"), None),
        ):
            self.range.addItem(label, days)
        self.range.activated.connect(self._range_chosen)
        bar.addWidget(self.range)
        bar.addWidget(self.date_from)  # the range picker before it says what it is
        for label, widget in (
            (self.tr("至"), self.date_to),
            ("", self.group),
            (self.tr("慢响应阈值"), self.slow_threshold),
        ):
            if label:
                bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.run_button)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.import_progress = QProgressBar()
        self.import_progress.setObjectName("monitoring.import.progress")
        self.import_progress.setRange(0, 1000)
        self.import_progress.setTextVisible(True)
        self.import_progress.setFormat(self.tr("正在导入… %p%"))
        self.import_progress.setVisible(False)
        layout.addWidget(self.import_progress)

        tiles = QGridLayout()
        tiles.setSpacing(10)
        self.tiles = {  # labels from the metric catalogue
            key: Tile(BY_KEY[key].title(), f"monitoring.tile.{name}")
            for key, name in TILES
        }
        for i, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, 0, i)
        layout.addLayout(tiles)

        table_card = Card()
        header = QHBoxLayout()
        heading = QLabel(self.tr("客服绩效"))
        heading.setProperty("role", "cardTitle")
        header.addWidget(heading)
        header.addStretch(1)
        self._add_file_buttons(header)
        table_card.body.addLayout(header)
        self.perf_model = PerfModel(perf_columns(), tips=perf_tips())
        self.table, self.perf_proxy = make_table("monitoring.table", self.perf_model, ShopLastProxy())
        self.table.setToolTip(self.tr("双击一行查看这些数字背后的会话"))
        self.table.activated.connect(self._drill)  # double-click or Enter
        table_card.body.addWidget(self.table, 1)
        self.report_note = QLabel(self.tr("选择时间段后点「查询」"))
        self.report_note.setObjectName("monitoring.note")
        self.report_note.setProperty("role", "muted")
        self.report_note.setWordWrap(True)
        table_card.body.addWidget(self.report_note)
        layout.addWidget(table_card, 1)
        return page

    def _build_attendance(self) -> QWidget:
        page = QWidget()
        page.setObjectName("monitoring.attendance_page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        card = Card(self.tr("出勤（根据在线状态记录）"))
        self.attendance_model = RowTableModel(
            [
                Column("agent", self.tr("客服")),
                Column("online_s", self.tr("在线时长"), numeric=True, fmt=f.duration),
                Column("suspended_s", self.tr("挂起时长"), numeric=True, fmt=f.duration),
                Column("offline_s", self.tr("离线时长"), numeric=True, fmt=f.duration),
                Column("first_online", self.tr("首次上线"), fmt=self._when),
                Column("last_change", self.tr("最后变化"), fmt=self._when),
                Column("status_now", self.tr("期末状态"), fmt=self._presence),
            ]
        )
        self.attendance, self.attendance_proxy = make_table("monitoring.attendance", self.attendance_model)
        card.body.addWidget(self.attendance, 1)
        self.attendance_note = QLabel(self.tr("时间段与「客服绩效」相同；没有状态记录之前按离线计算"))
        self.attendance_note.setObjectName("monitoring.attendance.note")
        self.attendance_note.setProperty("role", "muted")
        card.body.addWidget(self.attendance_note)
        layout.addWidget(card, 1)
        return page

    def _presence(self, status: str | None) -> str:
        names: dict[str, str] = {Presence.ONLINE: self.tr("在线"), Presence.SUSPENDED: self.tr("挂起"), Presence.OFFLINE: self.tr("离线")}
        return names.get(status or "", f.DASH)

    def _build_trend(self) -> QWidget:
        page = QWidget()
        page.setObjectName("monitoring.trend")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        bar = QHBoxLayout()
        self.trend_metric = QComboBox()
        self.trend_metric.setObjectName("monitoring.trend.metric")
        # the §4 figures from the metric catalogue (rated is a count of ratings, not charted)
        kinds = {"rate": "pct", "seconds": "seconds", "count": "count", "ratio": "ratio"}
        self.metrics: dict[str, tuple[str, str]] = {
            m.key: (m.title(), kinds[m.kind]) for m in METRICS if m.source == "report" and m.key != "rated"
        }
        for key, (label, _kind) in self.metrics.items():
            self.trend_metric.addItem(label, key)
        self.trend_agent = QComboBox()
        self.trend_agent.setObjectName("monitoring.trend.agent")
        self.trend_agent.addItem(self.tr("全店"), None)
        self.trend_agent.setMinimumWidth(140)
        self.trend_metric.currentIndexChanged.connect(self._draw_charts)
        self.trend_agent.currentIndexChanged.connect(self._draw_charts)
        bar.addWidget(QLabel(self.tr("指标")))
        bar.addWidget(self.trend_metric)
        bar.addWidget(QLabel(self.tr("客服")))
        bar.addWidget(self.trend_agent)
        bar.addStretch(1)
        self.trend_note = QLabel(self.tr("在「客服绩效」中查询后显示"))
        self.trend_note.setObjectName("monitoring.trend.note")
        self.trend_note.setProperty("role", "muted")
        bar.addWidget(self.trend_note)
        layout.addLayout(bar)
        self.trend_chart = TrendChart()
        layout.addWidget(self.trend_chart, 1)
        row = QHBoxLayout()
        self.agents_chart = BarChart("monitoring.agents_chart")
        self.hourly_chart = BarChart("monitoring.hourly_chart")
        row.addWidget(self.agents_chart, 1)
        row.addWidget(self.hourly_chart, 1)
        layout.addLayout(row, 1)
        return page

    def _build_chats(self) -> QWidget:
        page = QWidget()
        page.setObjectName("monitoring.chats")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        bar = QHBoxLayout()
        self.chat_buyer = QLineEdit()
        self.chat_buyer.setObjectName("chats.buyer")
        self.chat_buyer.setPlaceholderText(self.tr("买家昵称"))
        self.chat_agent = QLineEdit()
        self.chat_agent.setObjectName("chats.agent")
        self.chat_agent.setPlaceholderText(self.tr("客服昵称"))
        self.chat_keyword = QLineEdit()
        self.chat_keyword.setObjectName("chats.keyword")
        self.chat_keyword.setPlaceholderText(self.tr("聊天内容关键词"))
        self.chat_from = self._date_edit("chats.from")
        self.chat_to = self._date_edit("chats.to")
        self.chat_search = QPushButton(self.tr("搜索"))
        self.chat_search.setObjectName("chats.search")
        self.chat_search.setProperty("accent", True)
        self.chat_search.clicked.connect(lambda: self.search_chats(0))
        for edit in (self.chat_buyer, self.chat_agent, self.chat_keyword):
            edit.setClearButtonEnabled(True)
            edit.returnPressed.connect(lambda: self.search_chats(0))
            bar.addWidget(edit, 1)
        bar.addWidget(QLabel(self.tr("日期")))
        bar.addWidget(self.chat_from)
        bar.addWidget(QLabel(self.tr("至")))
        bar.addWidget(self.chat_to)
        bar.addWidget(self.chat_search)
        layout.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("chats.split")
        split.setChildrenCollapsible(False)
        left = Card(self.tr("会话"))
        self.chat_model = RowTableModel(
            [
                Column("last_at", self.tr("最后消息"), fmt=self._when),
                Column("buyer", self.tr("买家")),
                Column("agents", self.tr("客服")),
                Column("messages", self.tr("匹配消息"), numeric=True),
                Column("has_ad", self.tr("含广告"), fmt=f.yes_no),
                Column("snippet", self.tr("内容"), tooltip=lambda r: r.snippet),
            ]
        )
        self.chat_table, self.chat_proxy = make_table("chats.table", self.chat_model)
        self.chat_table.selectionModel().selectionChanged.connect(self._chat_selected)
        left.body.addWidget(self.chat_table, 1)
        pager = QHBoxLayout()
        self.chat_prev = QPushButton(self.tr("上一页"))
        self.chat_prev.setObjectName("chats.prev")
        self.chat_prev.clicked.connect(lambda: self.search_chats(max(0, self._chat_offset - CHAT_PAGE)))
        self.chat_next = QPushButton(self.tr("下一页"))
        self.chat_next.setObjectName("chats.next")
        self.chat_next.clicked.connect(lambda: self.search_chats(self._chat_offset + CHAT_PAGE))
        self.chat_page = QLabel("")
        self.chat_page.setObjectName("chats.page")
        self.chat_page.setProperty("role", "muted")
        pager.addWidget(self.chat_page, 1)
        pager.addWidget(self.chat_prev)
        pager.addWidget(self.chat_next)
        self.chat_prev.setEnabled(False)
        self.chat_next.setEnabled(False)
        left.body.addLayout(pager)
        split.addWidget(left)
        right = Card()
        self.transcript = TranscriptView(self.ctx, None, "chats.transcript", "chats")
        self.transcript.flagged.connect(self._ad_flag_changed)
        right.body.addWidget(self.transcript, 1)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        return page

    def _when(self, value: Any) -> str:
        return f.when(self.tz)(value)

    # == loading ========================================================================
    def refresh(self) -> None:
        if not self._meta_loaded:
            self._load_meta()
            return
        self._reload()

    def on_data_changed(self, changes: frozenset[str]) -> None:
        if self._meta_loaded:
            self._reload()

    def _reload(self) -> None:
        if self.can_perf:
            self.run_report()
        if self.can_history:
            self.search_chats(self._chat_offset)
        if self.can_log:
            self.load_log()

    def _load_meta(self) -> None:
        services, actor = self.ctx.services, self.ctx.actor
        can_perf, can_log = self.can_perf, self.can_log

        def job() -> dict[str, Any]:
            m = services.monitoring
            today = m.today(actor)
            return {
                "today": today,
                "timezone": m.period(actor, today, today).timezone,
                "groups": m.groups(actor) if can_perf else [],
                "actions": m.audit_actions(actor) if can_log else [],
            }

        self.ctx.runner.run(job, self._meta_done, self.show_error)

    def _meta_done(self, meta: dict[str, Any]) -> None:
        self.today = meta["today"]
        self.tz = ZoneInfo(meta["timezone"])
        start = self.today - timedelta(days=DEFAULT_DAYS - 1)
        if self.can_perf:
            self._setting_dates = True
            self.date_from.setDate(_qdate(start))
            self.date_to.setDate(_qdate(self.today))
            self._setting_dates = False
            for g in meta["groups"]:
                self.group.addItem(self.tr(g.name), g.id)
        if self.can_history:
            self.transcript.tz = self.tz
            self.chat_from.setDate(_qdate(start))
            self.chat_to.setDate(_qdate(self.today))
        if self.can_log:
            self.log_from.setDate(_qdate(self.today - timedelta(days=29)))
            self.log_to.setDate(_qdate(self.today))
            for action in meta["actions"]:
                self.log_action.addItem(action, action)
        self._meta_loaded = True
        if self.can_perf and self.can_import:
            self.start_rebuild(REBUILD_AT)  # an upgraded database: summaries made with progress
        else:
            self._reload()  # (the report makes missing summaries itself, without a bar)

    # -- 客服绩效 -------------------------------------------------------------------------
    def period(self) -> tuple[date, date]:
        return _pydate(self.date_from.date()), _pydate(self.date_to.date())

    def _range_chosen(self, index: int) -> None:
        days = self.range.itemData(index)
        if days is None or self.today is None:
            return
        if days == 0:
            start = end = self.today
        elif days < 0:
            start = end = self.today - timedelta(days=1)
        else:
            start, end = self.today - timedelta(days=days - 1), self.today
        self._setting_dates = True
        self.date_from.setDate(_qdate(start))
        self.date_to.setDate(_qdate(end))
        self._setting_dates = False
        self.range.setCurrentIndex(index)
        self.run_report()

    def _dates_edited(self) -> None:
        custom = self.range.findData(None)
        if self.range.currentIndex() != custom and self._meta_loaded and not self._setting_dates:
            self.range.setCurrentIndex(custom)

    def run_report(self) -> None:
        if not self.can_perf:
            return
        services, actor = self.ctx.services, self.ctx.actor
        d1, d2 = self.period()
        group_id = self.group.currentData()
        slow = float(self.slow_threshold.value())

        def job() -> tuple[Any, Any, Any]:
            report = services.reports.agent_report(actor, d1, d2, group_id)
            extras = services.monitoring.extra_figures(actor, d1, d2, group_id, slow)
            attendance = services.monitoring.attendance(actor, d1, d2)
            return report, extras, attendance

        self.run_button.setEnabled(False)
        self.report_note.setText(self.tr("正在计算…"))
        self.ctx.runner.run(job, self._report_done, self._report_failed)
        self.ctx.runner.run(
            lambda: services.monitoring.daily_trend(actor, d1, d2, group_id), self._trend_done, self._trend_failed
        )

    def _report_done(self, result: tuple[Any, Any, Any]) -> None:
        report, extras, attendance = result
        self.run_button.setEnabled(True)
        self.report, self.extras = report, extras
        rows: list[PerfRow] = [
            perf_row(a, extras.for_agent(a.agent), a.agent, False) for a in report.agents
        ]
        rows.append(perf_row(report.shop, extras.shop, self.tr("全店"), True))
        self.perf_model.set_rows(rows)
        self.perf_proxy.sort(-1)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.attendance_model.set_rows(attendance)
        self.attendance.resizeColumnsToContents()
        shop = report.shop
        self.tiles["consulted"].set_value(f.count(shop.consulted))
        self.tiles["reply_rate"].set_value(f.pct(shop.reply_rate))
        self.tiles["avg_response_s"].set_value(f.seconds(shop.avg_response_s))
        self.tiles["avg_first_response_s"].set_value(f.seconds(shop.avg_first_response_s))
        self.tiles["conversion_rate"].set_value(f.pct(shop.conversion_rate))
        self.tiles["satisfaction_rate"].set_value(f.pct(shop.satisfaction_rate))
        self.report_note.setText(
            self.tr("{start} 至 {end}（店铺时区），{n} 位客服；慢响应：超过 {slow} 秒；双击一行查看会话").format(
                start=report.date_from.isoformat(),
                end=report.date_to.isoformat(),
                n=len(report.agents),
                slow=f"{extras.slow_threshold_s:g}",
            )
        )
        self.export_button.setEnabled(self.can_export)
        current = self.trend_agent.currentData()
        self.trend_agent.blockSignals(True)
        self.trend_agent.clear()
        self.trend_agent.addItem(self.tr("全店"), None)
        for a in report.agents:
            self.trend_agent.addItem(a.agent, a.agent)
        index = self.trend_agent.findData(current)
        self.trend_agent.setCurrentIndex(max(0, index))
        self.trend_agent.blockSignals(False)
        self._draw_charts()

    def _report_failed(self, exc: Exception) -> None:
        self.run_button.setEnabled(True)
        self.report_note.setText(self.tr("查询失败"))
        self.show_error(exc)

    def _trend_done(self, trend: Any) -> None:
        self.trend = trend
        self._draw_charts()

    def _trend_failed(self, exc: Exception) -> None:
        self.trend = None
        self.trend_note.setText(exc.message if isinstance(exc, UserError) else self.tr("无法计算趋势"))
        self._draw_charts()

    def _format_metric(self, kind: str) -> Any:
        return {"pct": f.pct, "seconds": f.seconds}.get(kind, f.count)

    def _draw_charts(self, *_args: Any) -> None:
        if not self.can_perf:
            return
        metric = self.trend_metric.currentData()
        label, kind = self.metrics[metric]
        agent = self.trend_agent.currentData()
        percent = kind == "pct"
        who = agent if agent else self.tr("全店")
        if self.trend is not None:
            series = self.trend.series(metric, agent)
            self.trend_chart.show_series(
                self.tr("{metric} · {who} · 每日").format(metric=label, who=_short(who)),
                [d.strftime("%m-%d") for d, _v in series],
                [v for _d, v in series],
                percent,
            )
            self.trend_note.setText(
                self.tr("{start} 至 {end}").format(
                    start=self.trend.date_from.isoformat(), end=self.trend.date_to.isoformat()
                )
            )
        if self.report is not None:
            self.agents_chart.show_bars(
                self.tr("{metric} · 各客服").format(metric=label),
                [_short(a.agent) for a in self.report.agents],
                [getattr(a, metric) for a in self.report.agents],
                percent,
            )
        if self.extras is not None:
            extras = self.extras.shop if agent is None else self.extras.for_agent(agent)
            hourly = list(extras.hourly) if extras is not None else [0] * 24
            self.hourly_chart.show_bars(
                self.tr("买家消息分时分布 · {who}").format(who=_short(who)),
                [str(h) for h in range(24)],
                hourly,
                small_labels=True,
            )

    def _drill(self, index: QModelIndex) -> None:
        row = self.perf_proxy.row_at(index.row())
        key = self.perf_model.columns[index.column()].key
        show = {
            "unanswered_turns": "unanswered",
            "ad_conversations": "ads",
            "rated": "rated",
            "satisfaction_rate": "rated",
        }.get(key, "all")
        self.open_drilldown(None if row.is_shop else row.agent, show)

    def open_drilldown(self, agent: str | None, show: str = "all") -> DrilldownDialog:
        if self.drilldown_dialog is not None:
            self.drilldown_dialog.close()
        # the period of the figures on screen, even if the pickers changed since
        d1, d2 = (self.report.date_from, self.report.date_to) if self.report is not None else self.period()
        dialog = DrilldownDialog(self.ctx, self.tz, d1, d2, agent, self, show=show)
        dialog.flagged.connect(self._ad_flag_changed)
        self.drilldown_dialog = dialog
        dialog.open()
        return dialog

    # -- 聊天记录 -------------------------------------------------------------------------
    def search_chats(self, offset: int = 0) -> None:
        if not self.can_history:
            return
        services, actor = self.ctx.services, self.ctx.actor
        # Read the filters here on the GUI thread; the worker only gets plain values.
        date_from, date_to = _pydate(self.chat_from.date()), _pydate(self.chat_to.date())
        buyer, agent, keyword = self.chat_buyer.text(), self.chat_agent.text(), self.chat_keyword.text()
        start = max(0, offset)
        self.chat_search.setEnabled(False)
        self.ctx.runner.run(
            lambda: services.monitoring.search_chats(
                actor, date_from=date_from, date_to=date_to, buyer=buyer, agent=agent, keyword=keyword,
                offset=start, limit=CHAT_PAGE,
            ),
            self._chats_done,
            self._chats_failed,
        )

    def _chats_done(self, result: Any) -> None:
        self.chat_search.setEnabled(True)
        self._chat_offset = result.offset
        self.chat_model.set_rows(result.hits)
        self.chat_table.resizeColumnsToContents()
        self.chat_table.setColumnWidth(5, min(self.chat_table.columnWidth(5), 320))
        if result.total:
            self.chat_page.setText(
                self.tr("第 {a}–{b} 个，共 {n} 个会话").format(
                    a=result.offset + 1, b=result.offset + len(result.hits), n=result.total
                )
            )
        else:
            self.chat_page.setText(self.tr("没有找到聊天记录"))
        self.chat_prev.setEnabled(result.offset > 0)
        self.chat_next.setEnabled(result.offset + len(result.hits) < result.total)
        current = self.transcript.conversation_id
        if current is not None and any(h.conversation_id == current for h in result.hits):
            self.transcript.load(current)
        elif result.hits:
            self.chat_table.selectRow(0)
        else:
            self.transcript.load(None)

    def _chats_failed(self, exc: Exception) -> None:
        self.chat_search.setEnabled(True)
        self.show_error(exc)

    def _chat_selected(self, *_args: Any) -> None:
        row = selected_row(self.chat_table)
        if row is not None and row.conversation_id != self.transcript.conversation_id:
            self.transcript.load(row.conversation_id)

    def _ad_flag_changed(self, _message_id: int) -> None:
        self.data_changed.emit(Area.ADS)
        if self.can_perf and self.report is not None:
            self.run_report()
