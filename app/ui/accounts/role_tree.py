"""A tri-state permission tree (module → points): checking a module checks its subtree.

Owner-only points are not shown (they can never be granted). Points the acting account may
not grant are shown disabled, so the tree never offers what the service would refuse.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from app.services.accounts.permissions import CATALOGUE, compress

CODE_ROLE = Qt.ItemDataRole.UserRole + 10


def _t(text: str) -> str:
    # Permission names come from the catalogue (data strings with their own translations).
    return QCoreApplication.translate("permissions", text)


class PermissionTree(QTreeWidget):
    changed = Signal()

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setUniformRowHeights(True)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._loading = False
        for root in CATALOGUE:
            if root.owner_only:
                continue
            top = QTreeWidgetItem([_t(root.name)])
            top.setData(0, CODE_ROLE, root.code)
            # Tri-state kept by hand (not ItemIsAutoTristate, which would also tick points the
            # acting account may not grant).
            top.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            top.setCheckState(0, Qt.CheckState.Unchecked)
            self._items[root.code] = top
            for child in root.children:
                item = QTreeWidgetItem([_t(child.name)])
                item.setData(0, CODE_ROLE, child.code)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Unchecked)
                top.addChild(item)
                self._items[child.code] = item
            self.addTopLevelItem(top)
        self.expandAll()
        self.itemChanged.connect(self._on_changed)

    def item(self, code: str) -> QTreeWidgetItem:
        return self._items[code]

    def set_points(self, points: frozenset[str] | set[str]) -> None:
        self._loading = True
        try:
            for code, item in self._items.items():
                if item.childCount() == 0:
                    item.setCheckState(
                        0, Qt.CheckState.Checked if code in points else Qt.CheckState.Unchecked
                    )
            for i in range(self.topLevelItemCount()):
                top = self.topLevelItem(i)
                if top is not None:  # never None within range; typed Optional
                    self._sync_parent(top)
        finally:
            self._loading = False

    @staticmethod
    def _sync_parent(parent: QTreeWidgetItem) -> None:
        states = {child.checkState(0) for child in _children(parent)}
        if states == {Qt.CheckState.Checked}:
            state = Qt.CheckState.Checked
        elif states == {Qt.CheckState.Unchecked}:
            state = Qt.CheckState.Unchecked
        else:
            state = Qt.CheckState.PartiallyChecked
        if parent.checkState(0) != state:
            parent.setCheckState(0, state)

    def points(self) -> frozenset[str]:
        return frozenset(
            code
            for code, item in self._items.items()
            if item.childCount() == 0 and item.checkState(0) == Qt.CheckState.Checked
        )

    def codes(self) -> frozenset[str]:
        """The checked points, a fully checked module named by its code."""
        return compress(set(self.points()))

    def set_grantable(self, grantable: frozenset[str] | None) -> None:
        """Disable points outside `grantable` (None: everything may be changed)."""
        for code, item in self._items.items():
            if item.childCount():
                continue
            ok = grantable is None or code in grantable
            # Not user-checkable either, so checking the module does not tick it along.
            both = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
            flags = item.flags()
            item.setFlags(flags | both if ok else flags & ~both)
        for item in self._items.values():
            if item.childCount():
                kids = _children(item)
                enabled = any(k.flags() & Qt.ItemFlag.ItemIsEnabled for k in kids)
                flags = item.flags()
                item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if enabled else flags & ~Qt.ItemFlag.ItemIsEnabled)

    def _on_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        if self._loading:
            return
        self._loading = True
        try:
            if item.childCount():
                target = item.checkState(0)
                if target != Qt.CheckState.PartiallyChecked:
                    for child in _children(item):
                        if child.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                            child.setCheckState(0, target)
                self._sync_parent(item)
            elif (parent := item.parent()) is not None:
                self._sync_parent(parent)
        finally:
            self._loading = False
        self.changed.emit()


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """The item's children (`child(i)` is typed Optional but is never None within range)."""
    return [child for i in range(item.childCount()) if (child := item.child(i)) is not None]
