"""The dashboard's tables: columns declared once, rows updated in place every second."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor

from app.services.realtime.figures import AgentLive, GroupLive, Waiting
from app.ui.common.table_model import Column, Index, RowTableModel

SLOW_COLOR = QColor("#D93026")


def tr(text: str) -> str:
    return QCoreApplication.translate("dashboard", text)


def fmt_seconds(value: float | None) -> str:
    """42 秒 / 3 分 05 秒 / —."""
    if value is None:
        return "—"
    s = int(round(value))
    if s < 60:
        return tr("{s} 秒").format(s=s)
    if s < 3600:
        return tr("{m} 分 {s:02d} 秒").format(m=s // 60, s=s % 60)
    return tr("{h} 小时 {m:02d} 分").format(h=s // 3600, m=s % 3600 // 60)


def status_text(status: str) -> str:
    return {"online": tr("在线"), "suspended": tr("挂起"), "offline": tr("离线")}.get(status, status)


class LiveTableModel(RowTableModel):
    """A `RowTableModel` whose rows are replaced in place when the same rows come back (same
    keys, same order): one `dataChanged`, so selection and scrolling survive each tick."""

    def __init__(self, columns: Sequence[Column], key: Callable[[Any], object], parent: Any = None,
                 slow: Callable[[Any], bool] | None = None) -> None:
        super().__init__(columns, parent)
        self._key = key
        self._slow = slow

    def update_rows(self, rows: Sequence[Any]) -> None:
        rows = list(rows)
        if [self._key(r) for r in rows] != [self._key(r) for r in self._rows]:
            self.set_rows(rows)
            return
        if rows == self._rows:
            return
        self._rows = rows
        self._search = [self._haystack(r) for r in rows]
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and self._slow is not None and index.isValid():
            return SLOW_COLOR if self._slow(self._rows[index.row()]) else None
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


def waiting_columns(hide_buyers: Callable[[], bool]) -> list[Column]:
    def buyer(value: Any) -> str:
        text = str(value or "")
        return (text[:1] + "***") if hide_buyers() and text else text

    return [
        Column("buyer", tr("买家"), fmt=buyer),
        Column("group_name", tr("分组")),
        Column("agent", tr("客服"), fmt=lambda v: str(v).split(":", 1)[-1] if v else "—"),
        Column("wait_s", tr("等待"), numeric=True, fmt=fmt_seconds),
        Column("reason_text", tr("原因")),
    ]


def conversation_columns() -> list[Column]:
    return [
        Column("buyer", tr("买家")),
        Column("status", tr("状态"), fmt=lambda v: tr("排队") if v == "queued" else tr("接待中")),
        Column("started", tr("开始"), fmt=lambda v: v.astimezone().strftime("%H:%M:%S")),
        Column("last_message", tr("最后消息"), fmt=lambda v: v.astimezone().strftime("%H:%M:%S")),
        Column("wait_s", tr("等待"), numeric=True, fmt=fmt_seconds),
    ]


def agents_model(parent: Any, slow_s: Callable[[], float]) -> LiveTableModel:
    return LiveTableModel(agent_columns(), lambda r: r.account_id, parent,
                          slow=lambda r: isinstance(r, AgentLive) and (r.longest_wait_s or 0) >= slow_s())


def groups_model(parent: Any, slow_s: Callable[[], float]) -> LiveTableModel:
    return LiveTableModel(group_columns(), lambda r: r.id, parent,
                          slow=lambda r: isinstance(r, GroupLive) and (r.longest_wait_s or 0) >= slow_s())


def waiting_model(parent: Any, slow_s: Callable[[], float], hide_buyers: Callable[[], bool]) -> LiveTableModel:
    return LiveTableModel(waiting_columns(hide_buyers), lambda r: r.conversation_id, parent,
                          slow=lambda r: isinstance(r, Waiting) and r.wait_s >= slow_s())
