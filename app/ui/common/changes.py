"""The Qt side of the change bus (`app.services.common.changes`): a bus subscriber that
re-emits each change as a signal, so handlers run on the GUI thread whichever thread
published it (the simulator, another console's notification listener)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.services.common.changes import ChangeBus


class ChangeRelay(QObject):
    changed = Signal(object)  # frozenset[str] of areas

    def __init__(self, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = bus.subscribe(self.changed.emit)
        self.destroyed.connect(self._unsubscribe)

    def close(self) -> None:
        """Stop listening (the window is closing)."""
        self._unsubscribe()
