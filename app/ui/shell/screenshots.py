"""`--screenshots DIR`: every panel in turn (as the whole window, at the 1024×700 every panel
must fit), plus the login dialog. Run once per language (`--lang en`) into its own folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from app.services.container import Services
from app.ui.shell.main_window import MainWindow
from app.ui.shell.sign_in import LoginDialog
from app.ui.shell.workers import Runner

SIZE = QSize(1024, 700)  # the smallest screen every panel must fit (docs/DEVELOPING.md)


def _settle(runner: Runner) -> None:
    for _ in range(3):
        runner.wait_idle()
        QApplication.processEvents()


def save_all(window: MainWindow, services: Services, runner: Runner, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    window.resize(SIZE)
    for key in window.panel_keys():
        panel = window.show_panel(key)
        _settle(runner)
        path = folder / f"{panel.objectName()}.png"
        window.grab().save(str(path))
        saved.append(path)
    dialog = LoginDialog(services, runner)
    dialog.show()
    _settle(runner)
    dialog.login.setText("13800138000")
    path = folder / f"{dialog.objectName()}.png"
    dialog.grab().save(str(path))
    dialog.close()
    saved.append(path)
    return saved
