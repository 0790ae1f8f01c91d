"""The window's plumbing: change notices reach only the panels that show what changed, and
background jobs never call into a window that was closed by signing out."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent

from app.services.common.changes import Area
from app.ui.common.panel import PanelContext
from app.ui.shell.main_window import MainWindow
from tests.qtutil import idle


def _window(qtbot, services, actor, runner) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(PanelContext(services, actor, runner))
    qtbot.addWidget(window)
    window.show()
    return window


def test_jobs_after_signing_out_and_in_again_do_not_touch_the_old_window(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(PanelContext(shop, owner, runner))
    first.show()
    idle(qtbot, runner)
    first.close()
    first.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    second = _window(qtbot, shop, owner, runner)
    results: list[int] = []
    runner.run(lambda: 42, results.append)  # busy_changed fires: only the live window may answer
    idle(qtbot, runner)
    assert results == [42]
    assert second.busy_label.text() == ""
    # a change published now reaches the new window's panels, not the deleted one's relay
    shop.db.changes.publish({Area.ACCOUNTS})


def test_a_change_refreshes_only_the_panels_that_show_it(qtbot, shop, owner, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, shop, owner, runner)
    routing = window.show_panel("routing")
    idle(qtbot, runner)
    calls: list[tuple[str, frozenset[str]]] = []
    for key in ("home", "routing", "subaccounts"):
        panel = window.panels.get(key) or window.show_panel(key)
        idle(qtbot, runner)
        monkeypatch.setattr(panel, "on_data_changed", lambda ch, k=key: calls.append((k, ch)))
    window.show_panel("routing")
    # another console (or the simulator) changed the routing set-up
    shop.db.changes.publish({Area.ROUTING})
    assert [k for k, _ in calls] == ["routing"]
    # a hidden panel that shows accounts is only marked stale, and reloads when shown
    calls.clear()
    shop.db.changes.publish({Area.ACCOUNTS})
    assert [k for k, _ in calls] == ["routing"]
    window.show_panel("subaccounts")
    assert [k for k, _ in calls] == ["routing", "subaccounts"]
    # a change nobody shows refreshes nothing (the home panel watches everything: it is hidden)
    calls.clear()
    shop.db.changes.publish({Area.SECURITY})
    assert calls == [("subaccounts", frozenset({Area.SECURITY}))]
    assert routing is window.panels["routing"]


def test_the_panel_that_made_a_change_is_not_told_again(qtbot, shop, owner, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, shop, owner, runner)
    panel = window.show_panel("routing")
    idle(qtbot, runner)
    told: list[frozenset[str]] = []
    heard: list[frozenset[str]] = []
    monkeypatch.setattr(panel, "on_data_changed", told.append)
    unsubscribe = shop.db.changes.subscribe(heard.append)
    panel.data_changed.emit(Area.ROUTING)
    unsubscribe()
    assert told == [] and heard == [frozenset({"routing"})]
