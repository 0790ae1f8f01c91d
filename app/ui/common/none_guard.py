"""A guard against a reference-count bug of PySide6 6.12 on CPython 3.11.

Many void Qt methods called from Python (`QLabel.setText`, `QWidget.setVisible`,
`QObject.property`, …) give Python back a `None` without taking a reference to it, so each
call leaves `None` with one reference fewer (measured: 1,000 `setText` calls, 1,000 fewer).
Before Python 3.12 `None` is not immortal: a console that updates its tiles every second
reaches zero within minutes to hours and aborts with "Fatal Python error: none_dealloc".

`install()` starts a timer that keeps `None`'s count far from zero: whenever it falls below
2**20 it is raised to 2**24. The count of `None` means nothing else (it is never freed), so
raising it is harmless. Nothing is done on Python 3.12 and later.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QCoreApplication, QTimer  # QtCore only: no widgets

FLOOR = 1 << 20
TOP = 1 << 24
CHECK_MS = 1000
_timer: QTimer | None = None


def top_up() -> int:
    """Raise None's reference count when it runs low; returns the references added."""
    if sys.version_info >= (3, 12):
        return 0
    count = sys.getrefcount(None)
    if count >= FLOOR:
        return 0
    cell = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt: the first field of PyObject
    cell.value += TOP - count
    return TOP - count


def install() -> None:
    """Check once a second for as long as the application runs (idempotent)."""
    global _timer
    app = QCoreApplication.instance()
    if _timer is not None or app is None or sys.version_info >= (3, 12):
        return
    top_up()
    _timer = QTimer(app)
    _timer.setInterval(CHECK_MS)
    _timer.timeout.connect(top_up)
    _timer.start()
