"""Every panel of the rail (PANELS, including ones added later) fits a 1024×700 window in
Chinese and in English: the window is not pushed wider, no widget is squeezed below the size
it needs (clipped text), nothing sticks out of its parent, and no horizontal scroll bar
appears outside tables."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.ui.common.panel import PanelContext
from app.ui.shell import i18n_qt
from app.ui.shell.main_window import MainWindow
from app.ui.shell.registry import PANELS
from tests.qtutil import idle

WIDTH, HEIGHT = 1024, 700


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    app = QApplication.instance()
    i18n_qt.install(app, request.param)
    yield request.param
    i18n_qt.install(app, "zh_CN")


def _shown(panel: QWidget) -> Iterator[QWidget]:
    for w in panel.findChildren(QWidget):
        if w.isVisibleTo(panel) and w.isVisible() and w.width() > 0 and w.window() is panel.window():
            yield w


def _inside_item_view(w: QWidget) -> bool:
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def _in_scroll_area(w: QWidget, panel: QWidget) -> bool:
    parent = w.parentWidget()
    while parent is not None and parent is not panel:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def problems(panel: QWidget) -> list[str]:
    out: list[str] = []
    for w in _shown(panel):
        name = w.objectName() or type(w).__name__
        if isinstance(w, QAbstractScrollArea) and not isinstance(w, QAbstractItemView):
            bar = w.horizontalScrollBar()
            if bar.isVisible() and bar.maximum() > 0:
                out.append(f"{name}: horizontal scroll bar")
        if _inside_item_view(w):
            continue
        if isinstance(w, (QAbstractButton, QComboBox, QLineEdit)) or (isinstance(w, QLabel) and w.text()
                                                                      and not w.wordWrap()):
            need = w.minimumSizeHint().width()
            if isinstance(w, QAbstractButton):
                need = w.sizeHint().width()
            if w.width() + 1 < need:
                out.append(f"{name}: {w.width()} px wide, needs {need}")
            if isinstance(w, QLineEdit) and 0 < len(w.text()) <= 24:  # a short value (a name) shows whole
                text = w.fontMetrics().horizontalAdvance(w.text())
                if w.width() - 8 < text:
                    out.append(f"{name}: text clipped ({w.width()} px for {text} px)")
            if isinstance(w, QLineEdit) and w.placeholderText():
                text = w.fontMetrics().horizontalAdvance(w.placeholderText())
                if w.width() - 8 < min(text, 250):  # long hints may be cut, short ones must show
                    out.append(f"{name}: placeholder clipped ({w.width()} px for {text} px)")
        if not _in_scroll_area(w, panel):
            top_left = w.mapTo(panel, w.rect().topLeft())
            rect = QRect(top_left, w.size())
            if not panel.rect().adjusted(-1, -1, 1, 1).contains(rect):
                out.append(f"{name}: outside the panel ({rect.x()},{rect.y()} {rect.width()}×{rect.height()})")
    return out


@pytest.mark.parametrize("key", [spec.key for spec in PANELS])
def test_panel_fits_1024x700(qtbot: Any, demo: Any, runner: Any, language: str, key: str,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui.common.panel import Panel

    errors: list[str] = []  # a panel's error box would block the test: collect them instead
    monkeypatch.setattr(Panel, "show_error", lambda self, exc: errors.append(f"{self.key}: {exc!r}"))
    window = MainWindow(PanelContext(demo, demo.auth.owner_actor(), runner))
    qtbot.addWidget(window)
    window.resize(WIDTH, HEIGHT)
    window.show()
    assert key in window.panel_keys(), f"{key} is not shown to the main account"
    panel = window.show_panel(key)
    idle(qtbot, runner)
    QApplication.processEvents()
    # Panels that refresh on a timer (the dashboard, every second) may have just set new texts:
    # let the layouts take them in before measuring, as the next paint would.
    for _ in range(3):  # nested layouts pass the request up one level at a time
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    found = []
    chrome = window.width() - panel.width()  # the rail and margins beside the panel
    needed = panel.minimumSizeHint().width() + chrome
    if needed > WIDTH or window.width() > WIDTH:
        found.append(f"needs a {max(needed, window.width())} px wide window")
    else:
        found += problems(panel)
    bar = window.statusBar()  # the workbench adds its status box: the bar must still hold it all
    for widget in bar.findChildren(QWidget):
        if widget.parent() is bar and widget.isVisible() and widget.geometry().right() >= bar.width():
            found.append(f"status bar: {widget.objectName() or type(widget).__name__} runs past the window's edge")
    report = [f"[{language}] {key}: " + "; ".join(found)] if found else []
    assert not report + errors, "\n".join(report + errors)
