"""Runs service calls off the GUI thread and reports back on it.

Database work is serialised on one worker thread (SQLite has a single writer); results and
errors come back as signals, so handlers always run on the GUI thread.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.services.common.errors import Busy, UserError


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported on the GUI thread
            if not isinstance(exc, UserError):
                exc.formatted_traceback = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Runner(QObject):
    """`runner.run(fn, on_done, on_error)`; `busy_changed(bool)` drives the busy indicator."""

    busy_changed = Signal(bool)
    error = Signal(object)  # unhandled errors, for the window to show

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._pending: set[_Signals] = set()
        # Asked when a job found the database busy (another console's import holds the
        # lock): True runs the same job again. None: the error goes on as any other.
        self.retry_prompt: Callable[[Busy], bool] | None = None

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        signals = _Signals()
        self._pending.add(signals)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)

        @Slot(object)
        def finished(result: Any) -> None:
            self._finish(signals)
            if on_done is not None and _alive(on_done):
                on_done(result)

        @Slot(object)
        def failed(exc: Exception) -> None:
            self._finish(signals)
            if isinstance(exc, Busy) and self.retry_prompt is not None and self.retry_prompt(exc):
                self.run(fn, on_done, on_error)  # nothing was changed: the same job again
                return
            if on_error is not None:
                if _alive(on_error):
                    on_error(exc)
            else:
                self.error.emit(exc)

        signals.done.connect(finished)
        signals.failed.connect(failed)
        self.pool.start(_Job(fn, signals))

    def _finish(self, signals: _Signals) -> None:
        self._pending.discard(signals)
        if not self._pending:
            self.busy_changed.emit(False)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Block until every job ran and reported (tests and screenshot mode only)."""
        from PySide6.QtCore import QCoreApplication, QElapsedTimer

        timer = QElapsedTimer()
        timer.start()
        while self._pending and timer.elapsed() < timeout_ms:
            self.pool.waitForDone(20)
            QCoreApplication.processEvents()
        return not self._pending


def _alive(callback: Callable[..., Any]) -> bool:
    """False when the callback is a method of a widget Qt has already deleted (the panel of
    a window closed by signing out while its job ran): its answer has nowhere to go."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)
