"""The 监控查询 panel, driven as a user would, on the demo shop: run a report, drill down to
a transcript, import (good and bad files), export and read back, and the same figures in
the GUI table, the CLI and the export."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTableView

from app.services.accounts.permissions import Actor
from app.services.demo import DEMO_PASSWORD, DEMO_PHONE
from app.ui.common.panel import PanelContext
from app.ui.monitoring import format as f
from app.ui.monitoring.panel import MonitoringPanel

pytestmark = pytest.mark.db

FIELDS = (
    "consulted",
    "replied",
    "reply_rate",
    "avg_response_s",
    "avg_first_response_s",
    "unanswered_turns",
    "ordered",
    "conversion_rate",
    "lost",
    "rated",
    "satisfaction_rate",
    "ad_conversations",
)


def _fmt(name: str, value):  # type: ignore[no-untyped-def]
    if name in ("reply_rate", "conversion_rate", "satisfaction_rate"):
        return f.pct(value)
    if name in ("avg_response_s", "avg_first_response_s"):
        return f.seconds(value)
    return str(value)


@pytest.fixture
def owner_actor(demo):  # type: ignore[no-untyped-def]
    return demo.auth.sign_in(DEMO_PHONE, DEMO_PASSWORD)


def _panel(qtbot, services, actor, runner) -> MonitoringPanel:  # type: ignore[no-untyped-def]
    panel = MonitoringPanel(PanelContext(services, actor, runner))
    qtbot.addWidget(panel)
    panel.resize(1200, 760)
    panel.show()
    panel.refresh()
    return panel


@pytest.fixture
def panel(qtbot, demo, owner_actor, runner):  # type: ignore[no-untyped-def]
    p = _panel(qtbot, demo, owner_actor, runner)
    qtbot.waitUntil(lambda: p.perf_model.rowCount() > 1 and not runner.busy, timeout=20_000)
    yield p
    runner.wait_idle()
    for dialog in (p.drilldown_dialog, p.import_errors_dialog):
        if dialog is not None:
            dialog.close()


def _table_text(view: QTableView) -> list[list[str]]:
    model = view.model()
    return [
        [model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())
    ]


def _column(view: QTableView, title: str) -> int:
    model = view.model()
    for c in range(model.columnCount()):
        if model.headerData(c, Qt.Orientation.Horizontal) == title:
            return c
    raise AssertionError(title)


def _dclick(qtbot, view: QTableView, row: int, column: int = 0) -> None:  # type: ignore[no-untyped-def]
    index = view.model().index(row, column)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_report_defaults_to_the_last_seven_days(panel, demo, owner_actor, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    today = demo.monitoring.today(owner_actor)
    assert panel.period() == (today - timedelta(days=6), today)
    assert panel.tabs.objectName() == "monitoring.tabs"
    titles = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
    assert titles == ["客服绩效", "趋势", "聊天记录查询", "操作日志", "出勤"]
    rows = panel.perf_model.rows()
    assert rows[-1].is_shop and rows[-1].label == "全店"
    assert [r.agent for r in rows[:-1]] == [a.agent for a in panel.report.agents]
    assert panel.table.alternatingRowColors()
    # numbers right-aligned, rates as 93.5%, seconds as 35.2 秒
    model = panel.table.model()
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    rate = model.index(0, _column(panel.table, "回复率")).data()
    assert rate.endswith("%") and "." in rate
    assert model.index(0, _column(panel.table, "平均响应时间")).data().endswith(" 秒")
    assert panel.tiles["consulted"].value.text() == f"{panel.report.shop.consulted:,}"
    for m in (panel.perf_model, panel.attendance_model, panel.chat_model, panel.log_model):
        qtmodeltester.check(m)
    # the shop line stays last whichever way the table is sorted
    panel.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert _table_text(panel.table)[-1][0] == "全店"
    panel.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert _table_text(panel.table)[-1][0] == "全店"
    # extras are shown per agent
    extras = panel.extras.for_agent(rows[0].agent)
    assert rows[0].slow_responses == extras.slow_responses
    assert rows[0].quick_reply_rate == extras.quick_reply_rate


def test_gui_cli_and_export_show_the_same_figures(panel, db_url, qtbot, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from app.cli import main

    d1, d2 = panel.period()
    shown = {row[0]: row for row in _table_text(panel.table)}
    columns = {name: _column(panel.table, title) for name, title in (
        ("consulted", "咨询人数"), ("replied", "回复人数"), ("reply_rate", "回复率"),
        ("avg_response_s", "平均响应时间"), ("avg_first_response_s", "首次响应时间"),
        ("unanswered_turns", "未回复轮次"), ("ordered", "下单人数"), ("conversion_rate", "询单转化率"),
        ("lost", "询单流失人数"), ("rated", "评价数"), ("satisfaction_rate", "满意率"),
        ("ad_conversations", "广告会话"),
    )}

    capsys.readouterr()
    code = main(["--db", db_url, "report", "agents", "--from", d1.isoformat(), "--to", d2.isoformat(), "--format", "json"])
    assert code == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli["from"] == d1.isoformat() and cli["to"] == d2.isoformat()
    assert [a["agent"] for a in cli["agents"]] == list(shown)[:-1]
    for line in [*cli["agents"], {"agent": "全店", **cli["shop"]}]:
        row = shown[line["agent"]]
        for name in FIELDS:
            assert row[columns[name]] == _fmt(name, line[name]), (line["agent"], name)

    target = tmp_path / "report.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert panel.export_button.isEnabled()
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists() and panel.export_button.isEnabled(), timeout=10_000)
    sheet = load_workbook(target).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    exported = {r[0]: r for r in values[1:]}
    assert list(exported) == list(shown)
    for line in [*cli["agents"], {"agent": "全店", **cli["shop"]}]:
        for i, name in enumerate(FIELDS, start=1):
            value = exported[line["agent"]][i]
            if line[name] is None:
                assert value is None
            else:
                assert value == pytest.approx(line[name]), (line["agent"], name)
                assert _fmt(name, value) == shown[line["agent"]][columns[name]]

    # csv and json too, the format following the file's extension
    for name in ("report.csv", "report.json"):
        out = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, o=out, **k: (str(o), "")))
        qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda o=out: o.exists() and panel.export_button.isEnabled(), timeout=10_000)
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8")) == cli


def test_drill_down_to_a_transcript(panel, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    agent = panel.perf_model.row_at(0).agent
    _dclick(qtbot, panel.table, 0)
    qtbot.waitUntil(lambda: panel.drilldown_dialog is not None, timeout=5_000)
    dialog = panel.drilldown_dialog
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10_000)
    qtmodeltester.check(dialog.model)
    assert dialog.findChild(QTableView, "drilldown.table") is dialog.view
    rows = dialog.model.rows()
    assert all(agent in {r.agent} or r.messages > 0 for r in rows)
    _dclick(qtbot, dialog.view, 0)
    qtbot.waitUntil(lambda: dialog.transcript_dialog is not None, timeout=5_000)
    transcript = dialog.transcript_dialog.transcript
    assert transcript.view.objectName() == "transcript.view"
    qtbot.waitUntil(lambda: transcript.model.rowCount() > 0, timeout=10_000)
    qtmodeltester.check(transcript.model)
    first = dialog.proxy.row_at(0)
    assert transcript.transcript.conversation_id == first.conversation_id
    assert transcript.model.rowCount() >= first.messages
    dialog.transcript_dialog.close()
    dialog.close()
    # the shop line drills into every conversation
    _dclick(qtbot, panel.table, panel.perf_proxy.rowCount() - 1)
    qtbot.waitUntil(lambda: panel.drilldown_dialog is not dialog and panel.drilldown_dialog.model.rowCount() > len(rows), timeout=10_000)
    everything = panel.drilldown_dialog
    assert everything.filter.currentData() == "all"
    assert everything.proxy.rowCount() == everything.model.rowCount()
    everything.close()
    # a double-click on the unanswered turns cell shows the conversations behind that number
    _dclick(qtbot, panel.table, panel.perf_proxy.rowCount() - 1, _column(panel.table, "未回复轮次"))
    qtbot.waitUntil(lambda: panel.drilldown_dialog is not everything and panel.drilldown_dialog.model.rowCount() > 0, timeout=10_000)
    unanswered = panel.drilldown_dialog
    assert unanswered.filter.currentData() == "unanswered"
    shown = [unanswered.proxy.row_at(i) for i in range(unanswered.proxy.rowCount())]
    assert shown and all(r.unanswered_turns > 0 for r in shown)
    assert sum(r.unanswered_turns for r in shown) == panel.report.shop.unanswered_turns
    unanswered.search.setText(shown[0].buyer)
    assert 0 < unanswered.proxy.rowCount() <= len(shown)
    unanswered.filter.setCurrentIndex(unanswered.filter.findData("ads"))
    unanswered.search.clear()
    assert unanswered.proxy.rowCount() == panel.report.shop.ad_conversations


def test_import_with_errors_lists_every_bad_line_and_imports_nothing(panel, demo, owner_actor, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    d1, d2 = panel.period()
    before = demo.monitoring.search_chats(owner_actor, date_from=d1 - timedelta(days=400), date_to=d2).total
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "conversation_id,buyer,agent,sender,sent_at,content\n"
        "x1,买家A,青禾小铺:小美,buyer,2026-11-11 09:00:00,在吗\n"
        "x1,买家A,青禾小铺:小美,robot,2026-11-11 09:00:05,我是谁\n"
        "x1,买家A,青禾小铺:小美,agent,不是时间,在的\n"
        "x2,买家B,青禾小铺:小美,buyer,2026-11-11 09:00:00\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: shown.append(a[2])))
    assert panel.import_kind.currentData() == "chats"
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.import_errors_dialog is not None, timeout=10_000)
    dialog = panel.import_errors_dialog
    assert dialog.isVisible() and dialog.list.objectName() == "import_errors.list"
    lines = dialog.lines()
    assert len(lines) == 3
    assert [line.split("：")[0] for line in lines] == ["第 3 行", "第 4 行", "第 5 行"]
    assert not shown
    assert not panel.import_progress.isVisible() and panel.import_button.isEnabled()
    dialog.close()
    after = demo.monitoring.search_chats(owner_actor, date_from=d1 - timedelta(days=400), date_to=d2).total
    assert after == before


def test_import_reports_progress_and_a_summary(panel, demo, owner_actor, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    day = panel.period()[1]
    good = tmp_path / "good.csv"
    good.write_text(
        "会话ID,买家,客服,发送方,时间,内容\n"
        f"g1,新买家,青禾小铺:小美,买家,{day.isoformat()} 00:00:10,\"在吗，有货吗\"\n"
        f"g1,新买家,青禾小铺:小美,客服,{day.isoformat()} 00:00:40,在的亲\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(good), "")))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: shown.append(a[2])))
    progress: list[tuple[int, int]] = []
    changed: list[str] = []
    panel.data_changed.connect(changed.append)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert panel.import_progress.isVisible()
    panel._progress.changed.connect(lambda a, b: progress.append((a, b)))
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "共 2 行" in shown[0] and "新增 2 行" in shown[0]
    assert not panel.import_progress.isVisible()
    assert changed == ["conversations"]
    assert panel.import_errors_dialog is None
    qtbot.waitUntil(lambda: not panel.ctx.runner.busy, timeout=10_000)
    hits = demo.monitoring.search_chats(owner_actor, date_from=day, date_to=day, buyer="新买家")
    assert hits.total == 1
    assert all(0 <= a <= b == 1000 for a, b in progress)


def test_progress_relay_crosses_threads(qtbot) -> None:  # type: ignore[no-untyped-def]
    import threading

    from app.ui.monitoring.widgets import Progress

    relay = Progress()
    got: list[tuple[int, int]] = []
    relay.changed.connect(lambda a, b: got.append((a, b)))
    callback = relay.callback()
    worker = threading.Thread(target=lambda: [callback(i, 4_000_000_000) for i in (0, 2_000_000_000, 4_000_000_000)])
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(got) == 3)
    assert got == [(0, 1000), (500, 1000), (1000, 1000)]


def test_chat_search_transcript_and_ad_flags(panel, demo, owner_actor, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    panel.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: panel.chat_model.rowCount() > 0, timeout=10_000)
    panel.chat_keyword.setText("微信")  # QTest cannot type CJK
    qtbot.mouseClick(panel.chat_search, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.chat_model.rowCount() > 0 and all("微信" in h.snippet for h in panel.chat_model.rows()), timeout=10_000)
    qtmodeltester.check(panel.chat_model)
    view = panel.transcript
    assert view.view.objectName() == "chats.transcript"
    qtbot.waitUntil(
        lambda: view.transcript is not None
        and view.transcript.conversation_id == panel.chat_proxy.row_at(0).conversation_id,
        timeout=10_000,
    )
    ad = next(i for i in range(view.proxy.rowCount()) if "微信" in view.proxy.row_at(i).content)
    line = view.proxy.row_at(ad)
    assert line.is_ad and line.verdict.startswith("过滤器：")  # the filter's reason is shown
    view.view.selectRow(ad)
    assert view.unflag_button.isEnabled() and not view.flag_button.isEnabled()
    changed: list[str] = []
    panel.data_changed.connect(changed.append)
    qtbot.mouseClick(view.unflag_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.selected() is not None and view.selected().manual, timeout=10_000)
    assert view.selected().verdict.startswith("人工判定不是广告")
    assert changed == ["ads"]
    message = demo.monitoring.transcript(owner_actor, view.conversation_id).messages
    assert any(m.id == line.id and m.manual and not m.is_ad for m in message)
    assert view.reset_button.isEnabled() and view.flag_button.isEnabled()
    qtbot.mouseClick(view.flag_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.selected() is not None and view.selected().is_ad, timeout=10_000)
    assert view.selected().verdict == "人工标记为广告"
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.selected() is not None and not view.selected().manual, timeout=10_000)
    panel.ctx.runner.wait_idle()


def test_ad_flag_saved_after_the_transcript_was_cleared(panel, demo, owner_actor, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Clearing the transcript while a flag is being saved: the flag is kept, no error shows and
    the view stays empty (it used to reload the transcript of conversation None)."""
    panel.tabs.setCurrentIndex(2)
    view = panel.transcript
    qtbot.waitUntil(lambda: view.transcript is not None and view.proxy.rowCount() > 0, timeout=10_000)
    buyer = next(i for i in range(view.proxy.rowCount()) if view.proxy.row_at(i).sender == "buyer")
    line = view.proxy.row_at(buyer)
    conversation_id = view.conversation_id
    view.view.selectRow(buyer)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    flagged: list[int] = []
    view.flagged.connect(flagged.append)
    button = view.unflag_button if line.is_ad else view.flag_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    view.load(None)  # before the worker has saved the flag
    qtbot.waitUntil(lambda: flagged == [line.id], timeout=10_000)
    panel.ctx.runner.wait_idle()
    qtbot.wait(50)  # let any queued result reach the view
    assert warnings == []
    assert view.conversation_id is None and view.model.rowCount() == 0
    saved = demo.monitoring.transcript(owner_actor, conversation_id).messages
    assert any(m.id == line.id and m.manual and m.is_ad != line.is_ad for m in saved)


def test_trend_charts(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: panel.trend is not None, timeout=20_000)
    panel.tabs.setCurrentIndex(1)
    d1, d2 = panel.period()
    assert len(panel.trend_chart.points) == (d2 - d1).days + 1
    shop_consulted = [v for _label, v in panel.trend_chart.points]
    assert shop_consulted == [float(d.shop.consulted) for d in panel.trend.days]
    assert [b for b, _v in panel.agents_chart.bars] == [a.agent.split(":")[1] for a in panel.report.agents]
    index = panel.trend_metric.findData("reply_rate")
    panel.trend_metric.setCurrentIndex(index)
    assert panel.trend_chart.chart().title().startswith("回复率")
    assert all(v is None or 0 <= v <= 1 for _l, v in panel.trend_chart.points)
    agent = panel.report.agents[0].agent
    panel.trend_agent.setCurrentIndex(panel.trend_agent.findData(agent))
    assert [v for _l, v in panel.trend_chart.points] == [v for _d, v in panel.trend.series("reply_rate", agent)]
    assert len(panel.hourly_chart.bars) == 24
    assert sum(v for _h, v in panel.hourly_chart.bars) == sum(panel.extras.for_agent(agent).hourly)


def test_group_filter_and_period_change(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    everyone = {r.agent for r in panel.perf_model.rows() if not r.is_shop}
    index = panel.group.findText("售后")
    assert index > 0
    panel.group.setCurrentIndex(index)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: {r.agent for r in panel.perf_model.rows() if not r.is_shop} < everyone, timeout=10_000)
    one_day = panel.period()[1]
    panel.date_from.setDate(panel.date_to.date())
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.report.date_from == one_day and not panel.ctx.runner.busy, timeout=10_000)


def test_quick_ranges(panel, demo, owner_actor, qtbot) -> None:  # type: ignore[no-untyped-def]
    today = demo.monitoring.today(owner_actor)
    assert panel.range.currentData() == 7
    panel.range.activated.emit(panel.range.findData(-1))
    assert panel.period() == (today - timedelta(days=1), today - timedelta(days=1))
    qtbot.waitUntil(lambda: panel.report.date_from == today - timedelta(days=1) and not panel.ctx.runner.busy, timeout=10_000)
    panel.range.activated.emit(panel.range.findData(30))
    assert panel.period() == (today - timedelta(days=29), today)
    assert panel.range.currentData() == 30
    panel.date_from.setDate(panel.date_from.date().addDays(1))
    assert panel.range.currentData() is None  # 自定义
    qtbot.waitUntil(lambda: not panel.ctx.runner.busy, timeout=10_000)


def test_bad_period_shows_the_message(panel, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warnings.append(a[2])))
    panel.date_from.setDate(panel.date_to.date().addDays(3))
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(warnings) and panel.run_button.isEnabled(), timeout=10_000)
    assert "晚于" in warnings[0] or "早于" in warnings[0]
    panel.ctx.runner.wait_idle()


def test_operation_log_tab(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: panel.log_model.rowCount() > 0, timeout=10_000)
    rows = panel.log_model.rows()
    assert rows == sorted(rows, key=lambda r: (r.at, r.id), reverse=True)
    panel.log_action.setCurrentIndex(panel.log_action.findData("auth.sign_in"))
    qtbot.mouseClick(panel.log_search, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: {r.action for r in panel.log_model.rows()} == {"auth.sign_in"}, timeout=10_000)
    panel.log_actor.setText("无此人")
    qtbot.mouseClick(panel.log_search, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.log_model.rowCount() == 0, timeout=10_000)


def test_history_only_sub_account_sees_chat_search_only(qtbot, demo, runner) -> None:  # type: ignore[no-untyped-def]
    actor = Actor(account_id=9999, nick="青禾小铺:看客", is_main=False, permissions=frozenset({"cs.history"}))
    panel = _panel(qtbot, demo, actor, runner)
    assert [panel.tabs.tabText(i) for i in range(panel.tabs.count())] == ["聊天记录查询"]
    qtbot.waitUntil(lambda: panel.chat_model.rowCount() > 0 and panel.transcript.model.rowCount() > 0, timeout=10_000)
    assert not panel.transcript.flag_button.isVisible()  # ad verdicts change the figures
    runner.wait_idle()


def test_english_labels(qtbot, demo, owner_actor, runner) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from app.ui.shell import i18n_qt

    app = QApplication.instance()
    i18n_qt.install(app, "en")
    try:
        panel = _panel(qtbot, demo, owner_actor, runner)
        qtbot.waitUntil(lambda: panel.perf_model.rowCount() > 1 and not runner.busy, timeout=20_000)
        titles = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
        assert titles[0] == "Agent performance" and "Operation log" in titles and "Attendance" in titles
        assert panel.perf_model.rows()[-1].label == "Whole shop"
        assert panel.table.model().index(0, 4).data().endswith(" s")
    finally:
        i18n_qt.install(app, "zh_CN")


def test_models_survive_an_empty_shop(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, shop, owner, runner)
    qtbot.waitUntil(lambda: panel.report is not None and not runner.busy, timeout=20_000)
    assert [r.label for r in panel.perf_model.rows()] == ["全店"]
    assert panel.tiles["reply_rate"].value.text() == "—"
    assert panel.chat_page.text() == "没有找到聊天记录"
    assert date.today() - panel.period()[1] <= timedelta(days=1)
