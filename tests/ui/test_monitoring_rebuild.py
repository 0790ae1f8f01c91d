"""An upgraded database has no report summaries: the monitoring panel makes them again on
the worker with a progress bar, then shows the report (issue 15: old databases); a clerk
without 导入 cannot start an import."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import delete, func, select

from app.models.conversations import ConversationSummary, SummaryLine
from app.services.demo import DEMO_PASSWORD, DEMO_PHONE
from app.ui.common.panel import PanelContext
from app.ui.monitoring import panel as panel_module
from app.ui.monitoring.panel import MonitoringPanel

pytestmark = pytest.mark.db


def _missing(services) -> int:  # type: ignore[no-untyped-def]
    from app.models.conversations import Conversation

    with services.db.session() as s:
        return (s.scalar(select(func.count()).select_from(Conversation)) or 0) - (
            s.scalar(select(func.count()).select_from(ConversationSummary)) or 0)


def test_missing_summaries_are_rebuilt_with_progress(qtbot, demo, runner, monkeypatch):  # type: ignore[no-untyped-def]
    actor = demo.auth.sign_in(DEMO_PHONE, DEMO_PASSWORD)
    with demo.db.session() as s:  # as migration 0003 leaves an older database
        s.execute(delete(SummaryLine))
        s.execute(delete(ConversationSummary))
    assert _missing(demo) > 0
    monkeypatch.setattr(panel_module, "REBUILD_AT", 1)
    seen: list[int] = []
    panel = MonitoringPanel(PanelContext(demo, actor, runner))
    qtbot.addWidget(panel)
    panel.import_progress.valueChanged.connect(seen.append)
    panel.show()
    panel.refresh()
    qtbot.waitUntil(lambda: panel.perf_model.rowCount() > 1 and not runner.busy, timeout=30_000)
    assert seen and seen[-1] == 1000  # the bar went to the end
    assert not panel.import_progress.isVisible()
    assert _missing(demo) == 0
    with demo.db.session() as s:
        assert s.scalar(select(func.count()).select_from(ConversationSummary)) > 0
    runner.wait_idle()


def test_import_button_needs_data_import(qtbot, demo, runner):  # type: ignore[no-untyped-def]
    owner = demo.auth.sign_in(DEMO_PHONE, DEMO_PASSWORD)
    checker = replace(owner, is_main=False, permissions=frozenset({"data.performance"}))
    panel = MonitoringPanel(PanelContext(demo, checker, runner))
    qtbot.addWidget(panel)
    assert not panel.import_button.isEnabled() and not panel.import_kind.isEnabled()
    runner.wait_idle()


def test_no_rebuild_and_no_bar_when_summaries_are_there(qtbot, demo, runner):  # type: ignore[no-untyped-def]
    actor = demo.auth.sign_in(DEMO_PHONE, DEMO_PASSWORD)
    seen: list[int] = []
    panel = MonitoringPanel(PanelContext(demo, actor, runner))
    qtbot.addWidget(panel)
    panel.import_progress.valueChanged.connect(seen.append)
    panel.show()
    panel.refresh()
    qtbot.waitUntil(lambda: panel.perf_model.rowCount() > 1 and not runner.busy, timeout=30_000)
    assert seen == [] and not panel.import_progress.isVisible()
    runner.wait_idle()
