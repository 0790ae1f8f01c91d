"""The 设置 and 帮助 menus of the main window (object names `menu.settings`, `menu.help`)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow


def add_menus(window: QMainWindow) -> None:
    ctx = window.ctx  # type: ignore[attr-defined]
    if ctx.actor.is_main:  # backups and the database are the shop owner's business
        settings = window.menuBar().addMenu(window.tr("设置(&S)"))
        settings.setObjectName("menu.settings")
        _action(window, settings, "action.settings.database", window.tr("数据库…"), lambda: _database(window))
        _action(window, settings, "action.settings.backup", window.tr("备份与恢复…"), lambda: _backup(window))
    help_menu = window.menuBar().addMenu(window.tr("帮助(&H)"))
    help_menu.setObjectName("menu.help")
    _action(window, help_menu, "action.help.diagnostics", window.tr("诊断"), lambda: _diagnostics(window))
    _action(window, help_menu, "action.help.about", window.tr("关于掌柜"), lambda: _about(window))


def _action(window: QMainWindow, menu, name: str, text: str, slot) -> QAction:  # type: ignore[no-untyped-def]
    action = QAction(text, window)
    action.setObjectName(name)
    action.triggered.connect(lambda _=False: slot())
    menu.addAction(action)
    return action


def _database(window) -> None:  # type: ignore[no-untyped-def]
    from app.ui.settings.database_dialog import DatabaseDialog

    DatabaseDialog(window.ctx, window).exec()


def _backup(window) -> None:  # type: ignore[no-untyped-def]
    from app.ui.settings.backup_dialog import BackupDialog

    BackupDialog(window.ctx, window).exec()


def _diagnostics(window) -> None:  # type: ignore[no-untyped-def]
    from app.ui.settings.diagnostics import DiagnosticsDialog

    DiagnosticsDialog(window.ctx.services.db.url, window.ctx.runner, window).exec()


def _about(window) -> None:  # type: ignore[no-untyped-def]
    from app.ui.settings.about import AboutDialog

    AboutDialog(window.ctx.services.db.url, window).exec()
