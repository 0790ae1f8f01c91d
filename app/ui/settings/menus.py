"""The 设置 and 帮助 menus of the main window (object names `menu.settings`, `menu.help`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from app.ui.common.panel import PanelContext
    from app.ui.shell.main_window import MainWindow


def add_menus(window: MainWindow) -> None:
    ctx = _ctx(window)
    if ctx.actor.is_main:  # backups and the database are the shop owner's business
        settings = window.menuBar().addMenu(window.tr("设置(&S)"))
        settings.setObjectName("menu.settings")
        _action(window, settings, "action.settings.database", window.tr("数据库…"), lambda: _database(window))
        _action(window, settings, "action.settings.backup", window.tr("备份与恢复…"), lambda: _backup(window))
    help_menu = window.menuBar().addMenu(window.tr("帮助(&H)"))
    help_menu.setObjectName("menu.help")
    _action(window, help_menu, "action.help.diagnostics", window.tr("诊断"), lambda: _diagnostics(window))
    _action(window, help_menu, "action.help.about", window.tr("关于掌柜"), lambda: _about(window))


def _ctx(window: MainWindow) -> PanelContext:
    assert window.ctx is not None  # the menus exist only once someone has signed in
    return window.ctx


def _action(window: MainWindow, menu: QMenu, name: str, text: str, slot: Callable[[], None]) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.triggered.connect(lambda _=False: slot())
    menu.addAction(action)
    return action


def _database(window: MainWindow) -> None:
    from app.ui.settings.database_dialog import DatabaseDialog

    DatabaseDialog(_ctx(window), window).exec()


def _backup(window: MainWindow) -> None:
    from app.ui.settings.backup_dialog import BackupDialog

    BackupDialog(_ctx(window), window).exec()


def _diagnostics(window: MainWindow) -> None:
    from app.ui.settings.diagnostics import DiagnosticsDialog

    ctx = _ctx(window)
    DiagnosticsDialog(ctx.services.db.url, ctx.runner, window).exec()


def _about(window: MainWindow) -> None:
    from app.ui.settings.about import AboutDialog

    AboutDialog(_ctx(window).services.db.url, window).exec()
