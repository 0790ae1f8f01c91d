"""The dashboard's charts (QtCharts): the last 60 minutes by minute, and today by hour
against the same weekday last week. Series are rebuilt only when their numbers change."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGridLayout, QWidget

from app.services.realtime.figures import Timeline
from app.ui.common.shop_time import ShopTime
from app.ui.common.style import ACCENT, GRID, MUTED, TEXT  # the theme's colours


class _Chart(QChartView):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.legend().setVisible(False)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(chart, parent)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(150)
        self.values: tuple[object, ...] = ()

    def _reset(self, title: str) -> QChart:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(title)
        return chart

    @staticmethod
    def _y(top: float) -> QValueAxis:
        axis = QValueAxis()
        axis.setRange(0, max(top, 1.0) * 1.15)
        axis.setTickCount(4)
        axis.setLabelFormat("%.0f")
        axis.setLabelsColor(TEXT)
        axis.setGridLineColor(GRID)
        return axis


class MinuteChart(_Chart):
    """One value per minute of the last hour (None: no value that minute)."""

    def show(self, title: str, labels: Sequence[str], values: Sequence[float | None]) -> None:  # type: ignore[override]
        key = (title, tuple(labels), tuple(values))
        if key == self.values:
            return
        self.values = key
        chart = self._reset(title)
        series = QLineSeries()
        pen = QPen(ACCENT)
        pen.setWidth(2)
        series.setPen(pen)
        for i, v in enumerate(values):
            if v is not None:
                series.append(float(i), float(v))
        chart.addSeries(series)
        x = QValueAxis()
        x.setRange(0, max(len(values) - 1, 1))
        x.setTickCount(5)
        x.setLabelsVisible(False)
        x.setGridLineColor(GRID)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        y = self._y(max((v for v in values if v is not None), default=0.0))
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)


class HourChart(_Chart):
    """Today's 24 hours beside the same weekday last week."""

    def show(self, title: str, today: Sequence[int], last_week: Sequence[int],  # type: ignore[override]
             names: tuple[str, str]) -> None:
        key = (title, tuple(today), tuple(last_week), names)
        if key == self.values:
            return
        self.values = key
        chart = self._reset(title)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        series = QBarSeries()
        for name, data, color in ((names[0], today, ACCENT), (names[1], last_week, MUTED)):
            bar = QBarSet(name)
            bar.setColor(color)
            bar.setBorderColor(color)
            bar.append([float(v) for v in data])
            series.append(bar)
        series.setBarWidth(0.8)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([str(h) if h % 3 == 0 else "" for h in range(24)])
        x.setLabelsColor(TEXT)
        x.setGridLineColor(GRID)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        y = self._y(float(max([*today, *last_week], default=0)))
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)


class LiveCharts(QWidget):
    """Four charts in a grid; `show_timeline` updates those whose numbers changed."""

    def __init__(self, shop_time: ShopTime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shop_time = shop_time  # the minutes are labelled in the shop's zone
        self.setObjectName("dashboard.charts")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        self.new = MinuteChart("dashboard.chart.new")
        self.unreplied = MinuteChart("dashboard.chart.unreplied")
        self.response = MinuteChart("dashboard.chart.response")
        self.hours = HourChart("dashboard.chart.hours")
        grid.addWidget(self.new, 0, 0)
        grid.addWidget(self.unreplied, 0, 1)
        grid.addWidget(self.response, 1, 0)
        grid.addWidget(self.hours, 1, 1)

    def show_timeline(self, t: Timeline) -> None:
        labels = [self.shop_time.text(m, "%H:%M") for m in t.minutes]
        self.new.show(self.tr("近 60 分钟每分钟新会话"), labels, [float(n) for n in t.new_conversations])
        self.unreplied.show(self.tr("近 60 分钟未回复人数"), labels, list(t.unreplied))
        self.response.show(self.tr("近 60 分钟平均响应时间（秒）"), labels, list(t.avg_response_s))
        self.hours.show(self.tr("今日每小时新会话（对比上周同日）"), t.hours_today, t.hours_last_week,
                        (self.tr("今天"), self.tr("上周同日")))
