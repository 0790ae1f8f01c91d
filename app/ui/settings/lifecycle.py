"""What the launcher adds around a console's life: the log, the daily automatic backup while
the app runs, switching to another database (设置 → 数据库) and the first-paint probe that
bench/bundle.py times (`ZG_FIRST_PAINT_EXIT=1`: print `first-paint` once a window has painted,
then quit)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from app.ui.shell.controller import AppController

log = logging.getLogger("zhanggui.lifecycle")
BACKUP_CHECK_MS = 60 * 60 * 1000  # hourly: a backup is taken when the newest is a day old
FIRST_BACKUP_DELAY_MS = 30_000  # not during start-up

_restart_to: str | None = None


def start_logging() -> None:
    from app.services.maintenance.logs import setup_logging

    path = setup_logging()
    log.info("Zhanggui starting; log file %s", path)


def chosen_url() -> str:
    from app.services.maintenance.settings import chosen_db_url

    return chosen_db_url()


# -- switching database ----------------------------------------------------------------------
def request_restart(url: str) -> None:
    """Close this console and open it again on `url` (sign-in included)."""
    global _restart_to
    _restart_to = url
    QApplication.exit(0)


def take_restart() -> str | None:
    global _restart_to
    url, _restart_to = _restart_to, None
    return url


def tear_down(app: QApplication, controller: AppController) -> None:
    controller.runner.wait_idle()  # no job still using the old database
    app.setQuitOnLastWindowClosed(False)
    for widget in app.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if controller.services is not None:
        controller.services.close()
    app.setQuitOnLastWindowClosed(True)


# -- daily backups ---------------------------------------------------------------------------
class DailyBackup(QObject):
    """Checks hourly, off the GUI thread; only SQLite shops have a file to back up."""

    # url_of is called with no arguments; `...` because the launcher binds its controller as
    # a lambda default (`lambda c=controller: ...`), which mypy cannot match to `[]`.
    def __init__(self, url_of: Callable[..., str | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._url_of = url_of
        self._busy = threading.Lock()
        self.timer = QTimer(self)
        self.timer.setInterval(BACKUP_CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        QTimer.singleShot(FIRST_BACKUP_DELAY_MS, self.check)

    def check(self) -> None:
        url = self._url_of()
        if url and self._busy.acquire(blocking=False):
            threading.Thread(target=self._run, args=(url,), daemon=True, name="daily-backup").start()

    def _run(self, url: str) -> None:
        from app.services.maintenance import settings
        from app.services.maintenance.backup import daily_backup

        try:
            info = daily_backup(url, settings.load().backups_kept)
            if info is not None:
                log.info("daily backup written to %s", info.path)
        except Exception:
            log.exception("daily backup failed")
        finally:
            self._busy.release()


# -- first paint (bench) ---------------------------------------------------------------------
class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.isWindow():
            app = QApplication.instance()
            if app is not None:  # always, while a window paints
                app.removeEventFilter(self)
            print("first-paint", flush=True)
            QTimer.singleShot(0, lambda: os._exit(0))  # nothing else to wait for
        return False


def watch_first_paint(app: QApplication) -> None:
    if os.environ.get("ZG_FIRST_PAINT_EXIT"):
        probe = _FirstPaint(app)
        app.installEventFilter(probe)
