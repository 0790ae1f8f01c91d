"""The program's log: `zhanggui.log` in the per-user log folder (platformdirs), rotated at
1 MB, five old files kept. Passwords never reach it: database URLs are logged redacted."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from types import TracebackType

LOG_BYTES, LOG_FILES = 1_000_000, 5
_configured: Path | None = None


def log_file() -> Path:
    from app.services.maintenance.settings import log_dir

    return log_dir() / "zhanggui.log"


def setup_logging() -> Path | None:
    """Route the `zhanggui` loggers and uncaught exceptions to the rotating file; None when the
    log folder cannot be written (the program runs on without a log)."""
    global _configured
    if _configured is not None:
        return _configured
    try:
        path = log_file()
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_FILES,
                                                       encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("zhanggui")
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    previous = sys.excepthook

    def log_uncaught(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        root.error("uncaught exception", exc_info=(kind, value, tb))
        previous(kind, value, tb)

    sys.excepthook = log_uncaught
    _configured = path
    return path
