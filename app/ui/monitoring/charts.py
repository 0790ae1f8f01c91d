"""The monitoring panel's charts (QtCharts): a daily trend line, agents side by side, and
the hourly distribution of buyer messages."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.ui.common.style import ACCENT, GRID, TEXT  # the theme's colours


def _axis_style(axis: QValueAxis | QBarCategoryAxis | QCategoryAxis) -> None:
    axis.setLabelsColor(TEXT)
    axis.setGridLineColor(GRID)
    axis.setLinePenColor(QColor("#D9DCE1"))


class _Chart(QChartView):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setVisible(False)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        font = QFont()
        font.setBold(True)
        chart.setTitleFont(font)
        super().__init__(chart, parent)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)

    def _reset(self, title: str) -> QChart:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(title)
        return chart

    @staticmethod
    def _value_axis(maximum: float, percent: bool, integer: bool = False) -> QValueAxis:
        """The value axis: 0..100 % for rates; whole-number ticks for counts (`integer`),
        so a chart of a few messages never shows 0.5 steps; else nice decimal ticks."""
        axis = QValueAxis()
        top = maximum if maximum > 0 else 1.0
        if percent:
            axis.setRange(0, max(100.0, top))
            axis.setLabelFormat("%.0f%%")
            axis.setTickCount(5)
        elif integer:
            step = _whole_step(top * 1.1 / 4)
            ticks = max(1, math.ceil(top * 1.1 / step))
            axis.setRange(0, step * ticks)
            axis.setTickCount(ticks + 1)
            axis.setLabelFormat("%d")
        else:
            axis.setRange(0, top * 1.1)
            axis.setTickCount(5)
            axis.applyNiceNumbers()
            axis.setLabelFormat("%.0f" if top >= 4 else "%.1f")
        _axis_style(axis)
        return axis


def _whole_step(raw: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, … at least `raw` (at least 1)."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= raw:
                return factor * magnitude
        magnitude *= 10


def _whole(values: Sequence[float | None]) -> bool:
    """Do the values count things (every one a whole number)?"""
    return all(float(v).is_integer() for v in values if v is not None)


class TrendChart(_Chart):
    """One metric per day of the period. `values` may hold None (no data that day)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("monitoring.trend.chart", parent)
        self.points: list[tuple[str, float | None]] = []
        self.y_axis: QValueAxis | None = None

    def show_series(self, title: str, labels: Sequence[str], values: Sequence[float | None], percent: bool) -> None:
        chart = self._reset(title)
        self.points = list(zip(labels, values, strict=True))
        series = QLineSeries()
        pen = QPen(ACCENT)
        pen.setWidth(2)
        series.setPen(pen)
        series.setPointsVisible(True)
        scale = 100.0 if percent else 1.0
        for i, v in enumerate(values):
            if v is not None:
                series.append(float(i), v * scale)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(list(labels) or [""])
        _axis_style(x)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        y = self._value_axis(max((v * scale for v in values if v is not None), default=0.0), percent,
                             not percent and _whole(values))
        self.y_axis = y
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)


class BarChart(_Chart):
    """Categories side by side (agents for a metric, or the 24 hours of a day)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.bars: list[tuple[str, float]] = []
        self.y_axis: QValueAxis | None = None

    def show_bars(
        self,
        title: str,
        labels: Sequence[str],
        values: Sequence[float | None],
        percent: bool = False,
        small_labels: bool = False,
    ) -> None:
        chart = self._reset(title)
        scale = 100.0 if percent else 1.0
        numbers = [0.0 if v is None else float(v) * scale for v in values]
        self.bars = list(zip(labels, numbers, strict=True))
        bar_set = QBarSet(title)
        bar_set.setColor(ACCENT)
        bar_set.setBorderColor(ACCENT)
        bar_set.append(numbers)
        series = QBarSeries()
        series.append(bar_set)
        series.setBarWidth(0.6)
        chart.addSeries(series)
        x: QBarCategoryAxis | QCategoryAxis
        if small_labels:
            # Too many bars to name each: label every third one, under its bar.
            x = QCategoryAxis()
            x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
            x.setRange(-0.5, len(labels) - 0.5)
            for i, label in enumerate(labels):
                if i % 3 == 0:
                    x.append(label, i)
            _axis_style(x)
        else:
            x = QBarCategoryAxis()
            x.append(list(labels) or [""])
            _axis_style(x)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        y = self._value_axis(max(numbers, default=0.0), percent, not percent and _whole(values))
        self.y_axis = y
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)
