"""One table model for every list that can grow: plain frozen rows in, columns declared once.

Rows are plain objects (frozen dataclasses from services), never ORM objects. Sorting uses
`SORT_ROLE` (the raw value), filtering a precomputed lowercase `SEARCH_ROLE` text, so a
keystroke over 10,000 rows stays well inside a frame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str  # attribute of the row object
    title: str  # already translated
    numeric: bool = False  # right-aligned, sorted by value
    fmt: Callable[[Any], str] | None = None
    tooltip: Callable[[Any], str] | None = None  # gets the whole row
    searchable: bool = True


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []
        self._search: list[str] = []

    # -- feeding ------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search = [self._haystack(r) for r in self._rows]
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def _haystack(self, row: Any) -> str:
        return "\x1f".join(
            self._text(c, getattr(row, c.key, None)) for c in self.columns if c.searchable
        ).lower()

    @staticmethod
    def _text(column: Column, value: Any) -> str:
        if column.fmt is not None:
            return column.fmt(value)
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:.2f}"
        return str(value)

    # -- Qt API ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        value = getattr(row, column.key, None)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(column, value)
        if role == SORT_ROLE:
            if value is None:
                return float("-inf") if column.numeric else ""
            return value if isinstance(value, (int, float, str)) else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == SEARCH_ROLE:
            return self._search[index.row()]
        if role == ROW_ROLE:
            return row
        return None

    def search_text(self, row: int) -> str:
        return self._search[row]


class FilterProxy(QSortFilterProxyModel):
    """Sorts by `SORT_ROLE`; filters by a text (all columns) plus an optional row predicate."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(True)
        self._needle = ""
        self._predicate: Callable[[Any], bool] | None = None

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self._predicate = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, RowTableModel):
            return True
        if self._needle and self._needle not in model.search_text(source_row):
            return False
        if self._predicate is not None:
            return self._predicate(model.row_at(source_row))
        return True

    def row_at(self, proxy_row: int) -> Any:
        source = self.mapToSource(self.index(proxy_row, 0))
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        return model.row_at(source.row())


MEASURED_ROWS = 50


def row_view(name: str, model: QAbstractItemModel, *,
             resize: QHeaderView.ResizeMode = QHeaderView.ResizeMode.ResizeToContents) -> QTableView:
    """A read-only table of rows as every panel shows one: zebra rows, whole-row single
    selection, no row numbers, the last column stretched, and Tab leaving the table (arrows
    move within it)."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(resize)
    view.horizontalHeader().setStretchLastSection(True)
    # Widths come from the visible rows and up to MEASURED_ROWS: Qt measures 1,000 by
    # default, 0.34 s on the GUI thread for each resize of a 200-agent report.
    view.horizontalHeader().setResizeContentsPrecision(MEASURED_ROWS)
    return view


def selected_row(view: QTableView) -> Any:
    """The row object behind the view's selected row, or None. The view's model is a
    `FilterProxy` or a model of rows: anything with `row_at(view_row)`."""
    selection = view.selectionModel()
    rows = selection.selectedRows() if selection is not None else []
    return view.model().row_at(rows[0].row()) if rows else None  # type: ignore[attr-defined]


def select_row_where(view: QTableView, match: Callable[[Any], bool]) -> bool:
    """Select and make current the first shown row whose object `match`es (the view's model
    as for `selected_row`); False when none is shown."""
    model = view.model()
    for r in range(model.rowCount()):
        if match(model.row_at(r)):  # type: ignore[attr-defined]
            view.selectionModel().setCurrentIndex(
                model.index(r, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            return True
    return False


def popup_row_menu(view: QTableView, pos: QPoint, build: Callable[[], QMenu]) -> None:
    """A table's context menu at `pos`: the row under the pointer is chosen first, then the
    menu `build` makes for it opens there (an empty one does not)."""
    index = view.indexAt(pos)
    if index.isValid():
        view.selectRow(index.row())
    menu = build()
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if menu.isEmpty():
        menu.close()
    else:
        menu.popup(view.viewport().mapToGlobal(pos))
