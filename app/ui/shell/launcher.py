"""Starts the GUI: opens the database off the GUI thread, runs first-run set-up or sign-in,
then the main window. `--demo` opens the demo shop signed in as its owner; `--screenshots DIR`
saves a picture of every panel and exits."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Qt must know the platform before QApplication exists: with no display, draw offscreen.
_HEADLESS = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux")


def run_gui(args: argparse.Namespace) -> int:
    screenshots = Path(args.screenshots) if args.screenshots else None
    if screenshots is not None or _HEADLESS:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from app.ui.common.style import apply_style
    from app.ui.settings import lifecycle
    from app.ui.shell import i18n_qt
    from app.ui.shell.controller import AppController

    lifecycle.start_logging()
    lifecycle.watch_first_paint(app)  # type: ignore[arg-type]
    i18n_qt.install(app, args.lang)  # type: ignore[arg-type]
    apply_style(app)  # type: ignore[arg-type]
    demo = bool(args.demo or screenshots is not None)
    headless = os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    db_url = args.db or (None if demo else lifecycle.chosen_url())
    while True:  # once more after 设置 → 数据库 switched the console to another database
        controller = AppController(db_url=db_url, demo=demo, screenshots=screenshots, headless=headless)
        backups = lifecycle.DailyBackup(lambda c=controller: None if c.demo else c._url(), controller)
        controller.start()
        code = app.exec()
        db_url = lifecycle.take_restart()
        if db_url is None:
            return controller.exit_code if controller.exit_code is not None else code
        backups.timer.stop()
        lifecycle.tear_down(app, controller)  # type: ignore[arg-type]
        demo = False
