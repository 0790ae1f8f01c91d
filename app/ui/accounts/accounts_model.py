"""The sub-accounts table's model: filters and sorts its own rows in Python, one pass per
change, so 10,000 accounts stay quick to search (see AccountsModel)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt

from app.ui.common.table_model import (
    ROW_ROLE,
    SEARCH_ROLE,
    SORT_ROLE,
    FilterProxy,
    RowTableModel,
)


class AccountsModel(RowTableModel):
    """RowTableModel that filters and sorts its own rows in Python, one pass per change.

    With 10,000 rows a proxy that asks Python about every row (`filterAcceptsRow`,
    `lessThan` through `data()`) spends most of a keystroke crossing from C++ to Python; here
    a keystroke is one list comprehension and a model reset, and `AccountsProxy` stays native.
    `rows()` is what is shown; `all_rows()` every row loaded. The search texts are built on
    the first search, the cell texts the first time a row is painted.
    """

    def __init__(self, columns: Any, parent: Any = None) -> None:
        super().__init__(columns, parent)
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._all: list[Any] = []
        self._needle = ""
        self._predicate: Callable[[Any], bool] | None = None
        self._base: list[Any] | None = None  # rows passing the predicate (kept until it changes)
        self._base_search: list[str] | None = None  # their search texts, built when searching
        self._shown_search: list[str] | None = None  # search texts of `_rows`, when searched
        self._hay: dict[int, str] | None = None  # id(row) -> search text, all rows
        self._display: dict[int, tuple[str, ...]] = {}  # id(row) -> cell texts
        self._search_keys = [c.key for c in self.columns if c.searchable]
        assert all(c.fmt is None for c in self.columns if c.searchable)

    # Roles answered through RowTableModel.data; a view asks for a dozen more per cell (font,
    # colours, decoration, …), which get None at once. DisplayRole comes from a per-row cache.
    _ROLES = frozenset(int(r) for r in (
        Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE, ROW_ROLE,
    ))
    _DISPLAY = int(Qt.ItemDataRole.DisplayRole)
    _SEARCH = int(SEARCH_ROLE)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self._DISPLAY:
            r = index.row()
            rows = self._rows
            if not 0 <= r < len(rows):
                return None
            row = rows[r]
            texts = self._display.get(id(row))
            if texts is None:
                texts = self._display[id(row)] = tuple(
                    self._text(c, getattr(row, c.key, None)) for c in self.columns
                )
            return texts[index.column()]
        if role in self._ROLES:
            return super().data(index, role)
        if role == self._SEARCH:
            r = index.row()
            return self.search_text(r) if index.isValid() and 0 <= r < len(self._rows) else None
        return None

    def _haystack(self, row: Any) -> str:
        values = [getattr(row, key, None) for key in self._search_keys]
        return "\x1f".join(["" if v is None else str(v) for v in values]).lower()

    def _haystacks(self) -> dict[int, str]:
        """Search texts of every row, made in one go (one join per row, one lower())."""
        if self._hay is None:
            rows = self._all
            try:
                get = attrgetter(*self._search_keys)
                values = map(get, rows) if len(self._search_keys) > 1 else ((get(r),) for r in rows)
                texts = "\x1e".join(map("\x1f".join, values)).lower().split("\x1e")
                if len(texts) != len(rows):
                    raise ValueError("separator inside a value")
            except (TypeError, ValueError, AttributeError):  # None or non-text values
                texts = [self._haystack(r) for r in rows]
            self._hay = dict(zip(map(id, rows), texts, strict=True))
        return self._hay

    def search_text(self, row: int) -> str:
        if self._shown_search is not None:
            return self._shown_search[row]
        return self._haystacks()[id(self._rows[row])]

    def all_rows(self) -> list[Any]:
        return list(self._all)

    def total(self) -> int:
        return len(self._all)

    def set_rows(self, rows: Any, predicate: Callable[[Any], bool] | None = None, *,
                 keep_predicate: bool = True) -> None:
        """New rows (sorted by the current column), filtered once. `predicate` replaces the
        row filter unless `keep_predicate` and it is None."""
        rows = list(rows)
        if 0 <= self.sort_column < len(self.columns):
            rows = self._sorted(rows, self.sort_column, self.sort_order == Qt.SortOrder.DescendingOrder)
        self._all = rows
        self._hay = None
        self._display = {}
        if predicate is not None or not keep_predicate:
            self._predicate = predicate
        self._base = None
        self._refilter()

    def set_filter(self, needle: str, predicate: Callable[[Any], bool] | None) -> None:
        needle = needle.strip().lower()
        if predicate is not self._predicate:
            self._base = None  # the predicate's verdicts are kept until it changes
        narrowing = self._base is not None and self._needle and self._needle in needle
        self._needle = needle
        self._predicate = predicate
        self._refilter(narrowing=bool(narrowing))

    def _refilter(self, *, narrowing: bool = False) -> None:
        """Rows shown = rows passing the predicate (cached) whose text holds the needle.
        Typing one more character only searches the rows already shown."""
        if self._base is None:
            predicate = self._predicate
            self._base = list(self._all) if predicate is None else list(filter(predicate, self._all))
            self._base_search = None
            narrowing = False
        needle = self._needle
        if not needle:
            rows, texts = self._base, None
        else:
            if narrowing and self._shown_search is not None:
                pool, pool_texts = self._rows, self._shown_search
            else:
                if self._base_search is None:
                    hay = self._haystacks()
                    self._base_search = [hay[i] for i in map(id, self._base)]
                pool, pool_texts = self._base, self._base_search
            mask = [needle in t for t in pool_texts]
            rows, texts = list(compress(pool, mask)), list(compress(pool_texts, mask))
        self.beginResetModel()
        self._rows = rows
        self._shown_search = texts
        self.endResetModel()

    def _key(self, column: int) -> Callable[[Any], Any]:
        attr = self.columns[column].key

        def key(row: Any) -> Any:
            value = getattr(row, attr, None)
            if value is None or value == "":
                return (0, "")
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return (1, value)
            return (2, value if isinstance(value, str) else str(value))

        return key

    def _sorted(self, rows: list[Any], column: int, reverse: bool) -> list[Any]:
        """`sorted(rows, key=self._key(column))`; when every value is a non-empty str (the
        usual case: nicks) the key is the value itself and the sort runs without a Python key."""
        try:
            values = list(map(attrgetter(self.columns[column].key), rows))
        except AttributeError:
            values = []
        if values and all(values) and set(map(type, values)) == {str}:
            order = sorted(range(len(rows)), key=values.__getitem__, reverse=reverse)
            return [rows[i] for i in order]
        return sorted(rows, key=self._key(column), reverse=reverse)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.sort_column, self.sort_order = column, order
        key = self._key(column)
        reverse = order == Qt.SortOrder.DescendingOrder
        self._all = self._sorted(self._all, column, reverse)
        if self._base is not None:
            self._base = sorted(self._base, key=key, reverse=reverse)
            self._base_search = None
        self.layoutAboutToBeChanged.emit()
        order_idx = sorted(range(len(self._rows)), key=lambda i: key(self._rows[i]), reverse=reverse)
        self._rows = [self._rows[i] for i in order_idx]
        if self._shown_search is not None:
            self._shown_search = [self._shown_search[i] for i in order_idx]
        new_pos = {old: new for new, old in enumerate(order_idx)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(new_pos[p.row()], p.column()) for p in persistent]
        )
        self.layoutChanged.emit()


class AccountsProxy(FilterProxy):
    """The proxy over `AccountsModel`: same API as FilterProxy, but the filtering and sorting
    happen in the model, and the per-row filter stays in C++ (no Python call per row)."""

    filterAcceptsRow = QSortFilterProxyModel.filterAcceptsRow  # type: ignore[assignment]

    def _model(self) -> AccountsModel:
        model = self.sourceModel()
        assert isinstance(model, AccountsModel)
        return model

    def set_text(self, text: str) -> None:
        self._needle = text
        self._model().set_filter(text, self._predicate)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self._predicate = predicate
        self._model().set_filter(self._needle, predicate)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._model().sort(column, order)


def date_text(value: Any) -> str:
    return value.isoformat() if value else ""


DATETIME = "%Y-%m-%d %H:%M"  # how the accounts' times show (in the shop's zone: `ShopTime`)
