"""The monitoring charts: whole counts get whole-number axes (issue 16: the hourly chart
showed 0.5 steps for a handful of messages); rates keep their percent axis."""

from __future__ import annotations

import pytest


def _ticks(axis) -> list[float]:  # type: ignore[no-untyped-def]
    n = axis.tickCount()
    return [axis.min() + i * (axis.max() - axis.min()) / (n - 1) for i in range(n)]


@pytest.mark.parametrize("values", [[0, 1, 0, 1], [2, 0, 3], [0] * 24, [7, 40, 13], [0, 1000, 3]])
def test_counts_get_whole_number_ticks(qtbot, values) -> None:  # type: ignore[no-untyped-def]
    from app.ui.monitoring.charts import BarChart, TrendChart

    bars = BarChart("monitoring.test.bars")
    qtbot.addWidget(bars)
    bars.show_bars("每小时买家消息", [f"{h:02d}" for h in range(len(values))], values, small_labels=True)
    trend = TrendChart()
    qtbot.addWidget(trend)
    trend.show_series("咨询人数", [str(i) for i in range(len(values))], [float(v) for v in values], False)
    for axis in (bars.y_axis, trend.y_axis):
        assert axis is not None and axis.labelFormat() == "%d"
        ticks = _ticks(axis)
        assert all(t == pytest.approx(round(t)) for t in ticks), ticks
        assert axis.max() >= max(values) and len(ticks) <= 12


def test_rates_and_fractions_keep_their_axes(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.ui.monitoring.charts import TrendChart

    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.show_series("回复率", ["1", "2"], [0.5, 0.75], True)
    assert chart.y_axis is not None and chart.y_axis.labelFormat() == "%.0f%%"
    chart.show_series("平均响应时间", ["1", "2"], [1.5, 2.25], False)
    assert chart.y_axis is not None and chart.y_axis.labelFormat() != "%d"


def test_monitoring_table_columns_come_from_the_catalogue(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.services.reporting import catalogue
    from app.ui.monitoring.widgets import perf_columns, perf_tips

    columns = perf_columns()
    assert [c.key for c in columns[1:]] == [m.key for m in catalogue.METRICS]
    assert [c.title for c in columns[1:]] == [m.title() for m in catalogue.METRICS]
    assert perf_tips() == {m.key: m.tip() for m in catalogue.METRICS}
