"""Table models of the reception workbench: conversations with a live waiting timer (the row
turns red past the shop's slow-response limit), and quick phrases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from app.services.live.phrases import PhraseRow
from app.services.live.reading import ConvRow
from app.ui.common.table_model import Column, Index, RowTableModel

SLOW_BG = QColor("#FFE3DC")
SLOW_FG = QColor("#D4380D")


def tr(text: str) -> str:
    return QCoreApplication.translate("Reception", text)


def fmt_wait(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = max(0, int(seconds))
    return f"{s // 60}:{s % 60:02d}" if s < 3600 else f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class ConversationModel(RowTableModel):
    WAIT_COLUMN = 1

    def __init__(self, parent: Any = None) -> None:
        self.now: datetime | None = None
        self.slow_s = 100.0
        super().__init__([
            Column("buyer", tr("买家")),
            Column("waiting_since", tr("等待"), numeric=True, searchable=False, fmt=self._wait_text),
            Column("agent", tr("客服")),
            Column("status", tr("状态"), fmt=lambda s: tr("排队中") if s == "queued" else tr("接待中")),
            Column("last_text", tr("最新消息")),
        ], parent)

    def wait_s(self, row: ConvRow) -> float | None:
        if row.waiting_since is None or self.now is None:
            return None
        return (self.now - row.waiting_since).total_seconds()

    def _wait_text(self, since: datetime | None) -> str:
        if since is None or self.now is None:
            return "—"
        return fmt_wait((self.now - since).total_seconds())

    def is_slow(self, row: ConvRow) -> bool:
        wait = self.wait_s(row)
        return wait is not None and wait >= self.slow_s

    def set_now(self, now: datetime) -> None:
        self.now = now
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) \
                and 0 <= index.row() < self.rowCount():
            if self.is_slow(self.row_at(index.row())):
                return QBrush(SLOW_BG if role == Qt.ItemDataRole.BackgroundRole else SLOW_FG)
            return None
        return super().data(index, role)

    def slow_rows(self) -> list[int]:
        """Rows past the slow-response limit, the longest wait first."""
        slow = [(self.wait_s(r) or 0.0, i) for i, r in enumerate(self.rows()) if self.is_slow(r)]
        return [i for _w, i in sorted(slow, reverse=True)]


def phrase_model(parent: Any = None) -> RowTableModel:
    return RowTableModel([
        Column("code", tr("编码")),
        Column("content", tr("内容")),
        Column("category", tr("分组")),
        Column("uses", tr("次数"), numeric=True, searchable=False),
    ], parent)


def phrase_tooltip(row: PhraseRow) -> str:
    return row.content
