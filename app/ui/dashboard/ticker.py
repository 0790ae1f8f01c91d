"""The dashboard's refresh loop: figures computed off the GUI thread on a worker of its own
(the panels' shared runner stays free, and its busy indicator quiet), one tick at a time —
a tick that comes while the previous one still runs is skipped."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.services.realtime.figures import Snapshot, Timeline


@dataclass(frozen=True)
class Tick:
    snapshot: Snapshot
    timeline: Timeline | None
    compute_ms: float


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn, self.signals = fn, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported on the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Ticker(QObject):
    ticked = Signal(object)  # Tick
    failed = Signal(object)

    def __init__(self, compute: Callable[[bool], tuple[Snapshot, Timeline | None]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._compute = compute
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.running = False
        self.skipped = 0
        self._signals = _Signals(self)
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)

    def tick(self, with_timeline: bool = False) -> bool:
        """Start a computation unless one is running (then the tick is skipped)."""
        if self.running:
            self.skipped += 1
            return False
        self.running = True
        compute = self._compute

        def work() -> Tick:
            started = time.perf_counter()
            snapshot, timeline = compute(with_timeline)
            return Tick(snapshot, timeline, (time.perf_counter() - started) * 1000)

        self.pool.start(_Job(work, self._signals))
        return True

    @Slot(object)
    def _done(self, tick: Tick) -> None:
        self.running = False
        self.ticked.emit(tick)

    @Slot(object)
    def _failed(self, exc: Exception) -> None:
        self.running = False
        self.failed.emit(exc)

    def wait(self, timeout_ms: int = 10_000) -> None:
        self.pool.waitForDone(timeout_ms)
