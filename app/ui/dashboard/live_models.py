"""The dashboard's tables: columns declared once, rows updated in place every second."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor

from app.services.realtime.figures import AgentLive, GroupLive, Waiting
from app.ui.common.format import fmt_seconds
from app.ui.common.shop_time import ShopTime
from app.ui.common.table_model import ROW_ROLE, SEARCH_ROLE, SORT_ROLE, Column, Index, RowTableModel

SLOW_COLOR = QColor("#D93026")


def tr(text: str) -> str:
    return QCoreApplication.translate("dashboard", text)


def status_text(status: str) -> str:
    return {"online": tr("在线"), "suspended": tr("挂起"), "offline": tr("离线")}.get(status, status)


_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.ToolTipRole, SORT_ROLE, SEARCH_ROLE, ROW_ROLE})


class LiveTableModel(RowTableModel):
    """A `RowTableModel` whose rows are replaced in place when the same rows come back (same
    keys, same order): one `dataChanged`, so selection and scrolling survive each tick."""

    def __init__(self, columns: Sequence[Column], key: Callable[[Any], object], parent: Any = None,
                 slow: Callable[[Any], bool] | None = None) -> None:
        super().__init__(columns, parent)
        self._key = key
        self._slow = slow

    def _haystack(self, row: Any) -> str:
        return ""  # live tables have no search box: no text to build for every row each second

    # Sorting lives in the model (no proxy between it and the view): a proxy re-asks the
    # model's row count and values from Python for every cell it maps, each second.
    _sort: tuple[str, bool] | None = None  # (row attribute, descending)
    ticking_column: int | None = None  # shown relative to the clock: repainted every update

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort = (self.columns[column].key, order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        self._rows = self._ordered(self._rows)
        self._search = [""] * len(self._rows)
        self.layoutChanged.emit()

    def _ordered(self, rows: list[Any]) -> list[Any]:
        if self._sort is None:
            return rows
        key, descending = self._sort

        def value(row: Any) -> tuple[int, Any]:
            v = getattr(row, key, None)
            return (0, "") if v is None else (1, v if isinstance(v, (int, float, str)) else str(v))

        return sorted(rows, key=value, reverse=descending)

    def update_rows(self, rows: Sequence[Any]) -> None:
        """New rows (kept in the current sort order); one `dataChanged` per run of changed
        rows when the same rows come back in the same order, else a reset."""
        rows = self._ordered(list(rows))
        old = self._rows
        if len(rows) != len(old) or any(self._key(a) != self._key(b) for a, b in zip(rows, old, strict=True)):
            self.set_rows(rows)
            return
        self._rows = rows
        self._search = [""] * len(rows)
        last = len(self.columns) - 1
        start = None
        for i, (a, b) in enumerate(zip(rows, old, strict=True)):
            if a != b and start is None:
                start = i
            elif a == b and start is not None:
                self.dataChanged.emit(self.index(start, 0), self.index(i - 1, last))
                start = None
        if start is not None:
            self.dataChanged.emit(self.index(start, 0), self.index(len(rows) - 1, last))
        if self.ticking_column is not None and rows:  # a column that moves with the clock
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, last))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES:  # a view asks for a dozen roles per cell; answer the rest fast
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._slow is not None and index.isValid():
                return SLOW_COLOR if self._slow(self._rows[index.row()]) else None
            return None
        return super().data(index, role)

    def find(self, key: object) -> QModelIndex:
        for i, row in enumerate(self._rows):
            if self._key(row) == key:
                return self.index(i, 0)
        return QModelIndex()


def agent_columns() -> list[Column]:
    return [
        Column("name", tr("客服")),
        Column("group_name", tr("分组")),
        Column("status", tr("状态"), fmt=status_text),
        Column("load", tr("接待"), numeric=True),
        Column("capacity", tr("上限"), numeric=True),
        Column("unreplied", tr("未回复"), numeric=True),
        Column("longest_wait_s", tr("最长等待"), numeric=True, fmt=fmt_seconds),
        Column("answered_today", tr("今日已答轮次"), numeric=True),
        Column("avg_response_today_s", tr("今日平均响应"), numeric=True, fmt=fmt_seconds),
    ]


def group_columns() -> list[Column]:
    return [
        Column("name", tr("分组")),
        Column("lit", tr("亮灯"), fmt=lambda v: tr("亮") if v else tr("灭")),
        Column("online", tr("在线"), numeric=True),
        Column("suspended", tr("挂起"), numeric=True),
        Column("load", tr("接待"), numeric=True),
        Column("capacity", tr("上限"), numeric=True),
        Column("queued", tr("排队"), numeric=True),
        Column("unreplied", tr("未回复"), numeric=True),
        Column("longest_wait_s", tr("最长等待"), numeric=True, fmt=fmt_seconds),
    ]


def waiting_columns(hide_buyers: Callable[[], bool], now: Callable[[], float]) -> list[Column]:
    def buyer(value: Any) -> str:
        text = str(value or "")
        return (text[:1] + "***") if hide_buyers() and text else text

    return [
        Column("buyer", tr("买家"), fmt=buyer),
        Column("group_name", tr("分组")),
        Column("agent", tr("客服"), fmt=lambda v: str(v).split(":", 1)[-1] if v else "—"),
        Column("since", tr("等待"), numeric=True, fmt=lambda since: fmt_seconds(now() - since)),
        Column("reason_text", tr("原因")),
    ]


def conversation_columns(shop_time: ShopTime) -> list[Column]:
    return [
        Column("buyer", tr("买家")),
        Column("status", tr("状态"), fmt=lambda v: tr("排队") if v == "queued" else tr("接待中")),
        Column("started", tr("开始"), fmt=shop_time.formatter("%H:%M:%S")),
        Column("last_message", tr("最后消息"), fmt=shop_time.formatter("%H:%M:%S")),
        Column("wait_s", tr("等待"), numeric=True, fmt=fmt_seconds),
    ]


def agents_model(parent: Any, slow_s: Callable[[], float]) -> LiveTableModel:
    return LiveTableModel(agent_columns(), lambda r: r.account_id, parent,
                          slow=lambda r: isinstance(r, AgentLive) and (r.longest_wait_s or 0) >= slow_s())


def groups_model(parent: Any, slow_s: Callable[[], float]) -> LiveTableModel:
    return LiveTableModel(group_columns(), lambda r: r.id, parent,
                          slow=lambda r: isinstance(r, GroupLive) and (r.longest_wait_s or 0) >= slow_s())


def waiting_model(parent: Any, slow_s: Callable[[], float], hide_buyers: Callable[[], bool],
                  now: Callable[[], float]) -> LiveTableModel:
    """Who waits; the wait column is worked out from `now()` (the shown snapshot's instant),
    so rows stay equal from one second to the next and only that column is repainted."""
    model = LiveTableModel(waiting_columns(hide_buyers, now), lambda r: r.conversation_id, parent,
                           slow=lambda r: isinstance(r, Waiting) and now() - r.since >= slow_s())
    model.ticking_column = 3
    return model
