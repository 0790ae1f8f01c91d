"""子账号管理: the team's sub-accounts — search, filter, edit, verify, freeze, delete with
hand-over, re-hire, import and export. The services check every action; this panel only
hides what the signed-in account cannot do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.vocabulary import AccountStatus
from app.services.accounts.roles import RoleRow
from app.services.accounts.subaccounts import QuotaInfo, SubAccountInput, SubAccountRow
from app.ui.accounts.subaccount_dialogs import (
    HandoverDialog,
    ImportDialog,
    PasswordDialog,
    SubAccountEditor,
    VerifyDialog,
)
from app.ui.common.panel import Panel, PanelContext
from app.ui.common.table_model import (
    ROW_ROLE,
    SEARCH_ROLE,
    SORT_ROLE,
    Column,
    FilterProxy,
    RowTableModel,
)

STAFF, LEFT = 0, 1  # the two views: 员工 / 离职员工


@dataclass(frozen=True)
class _Loaded:
    shop_name: str
    rows: list[SubAccountRow]
    roles: list[RoleRow]
    quota: QuotaInfo


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


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


def _datetime(value: Any) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else ""


class SubAccountsPanel(Panel):
    key = "subaccounts"

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.shop_name = ""
        self.roles: list[RoleRow] = []
        self.dialog: Any = None  # the dialog currently open, for tests and screenshots
        self.quota: QuotaInfo | None = None
        self.loaded = False
        actor = ctx.actor
        self.can_edit = actor.can("subaccounts.edit")
        self.can_freeze = actor.can("subaccounts.freeze")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        head = QHBoxLayout()
        title = QLabel(self.tr("子账号管理"))
        title.setProperty("role", "pageTitle")
        self.quota_label = QLabel()
        self.quota_label.setObjectName("subaccounts.quota")
        self.quota_label.setProperty("role", "muted")
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(self.quota_label)
        self.quota_button = QPushButton(self.tr("调整上限"))
        self.quota_button.setObjectName("subaccounts.quota_edit")
        self.quota_button.setFlat(True)
        self.quota_button.setToolTip(self.tr("子账号数量上限（只有主账号可以调整）"))
        self.quota_button.setVisible(actor.can("owner.quota"))
        self.quota_button.clicked.connect(self.edit_quota)
        head.addWidget(self.quota_button)
        head.addStretch(1)
        self.new_button = QPushButton(self.tr("新建子账号"))
        self.new_button.setObjectName("subaccounts.new")
        self.new_button.setProperty("accent", True)
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        self.new_button.setToolTip(self.tr("新建子账号 (Ctrl+N)"))
        self.new_button.clicked.connect(self.open_new)
        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.setObjectName("subaccounts.import")
        self.import_button.setToolTip(self.tr("从 .xlsx 或 .csv 批量导入，先预览检查"))
        self.import_button.clicked.connect(self.import_accounts)
        self.export_button = QPushButton(self.tr("导出"))
        self.export_button.setObjectName("subaccounts.export")
        self.export_button.clicked.connect(self.export_accounts)
        for button, allowed in ((self.new_button, self.can_edit), (self.import_button, self.can_edit),
                                (self.export_button, True)):
            button.setVisible(allowed)
            head.addWidget(button)
        from app.ui.accounts.config_dialog import add_config_buttons

        add_config_buttons(self, head)  # 配置文件 › 导出配置 / 导入配置
        layout.addLayout(head)

        self.tabs = QTabBar()
        self.tabs.setObjectName("subaccounts.view")
        self.tabs.addTab(self.tr("员工"))
        self.tabs.addTab(self.tr("离职员工"))
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        self.tabs.currentChanged.connect(self._view_changed)
        layout.addWidget(self.tabs)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("subaccounts.search")
        self.search.setPlaceholderText(self.tr("搜索昵称、花名、手机号或工号"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("subaccounts.filter.status")
        self.status_filter.addItem(self.tr("全部状态"), None)
        self.status_filter.addItem(self.tr("正常"), AccountStatus.ACTIVE)
        self.status_filter.addItem(self.tr("冻结"), AccountStatus.FROZEN)
        self.status_filter.addItem(self.tr("未认证"), "unverified")
        self.role_filter = QComboBox()
        self.role_filter.setObjectName("subaccounts.filter.role")
        self.role_filter.addItem(self.tr("全部角色"), None)
        self.department_filter = QComboBox()
        self.department_filter.setObjectName("subaccounts.filter.department")
        self.department_filter.addItem(self.tr("全部部门"), None)
        for combo in (self.status_filter, self.role_filter, self.department_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.count_label = QLabel()
        self.count_label.setObjectName("subaccounts.count")
        self.count_label.setProperty("role", "muted")
        bar.addWidget(self.search, 2)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.role_filter)
        bar.addWidget(self.department_filter)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout.addLayout(bar)

        self.model = AccountsModel(
            [
                Column("nick", self.tr("昵称")),
                Column("alias", self.tr("花名")),
                Column("role_name", self.tr("角色"), searchable=False),
                Column("department", self.tr("部门"), searchable=False),
                Column("title", self.tr("职务"), searchable=False),
                Column("employee_no", self.tr("工号")),
                Column("bound_phone", self.tr("绑定手机")),
                Column("status_text", self.tr("状态"), searchable=False,
                       tooltip=lambda r: self._status_tip(r)),
                Column("verified_text", self.tr("认证状态"), searchable=False,
                       tooltip=lambda r: self._verified_tip(r)),
                Column("routing_text", self.tr("分流"), searchable=False,
                       tooltip=lambda r: self.tr("参与分流") if r.takes_routing else ""),
                Column("manager_nick", self.tr("直接上级"), searchable=False),
                Column("hired_on", self.tr("入职日期"), fmt=_date, searchable=False),
                Column("left_at", self.tr("离职时间"), fmt=_datetime, searchable=False),
            ],
            self,
        )
        self.proxy = AccountsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("subaccounts.table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        # Every row is one line of the same height: no per-row size hints, no wrapping.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = header.fontMetrics()
        for column, width in enumerate((170, 80, 110, 80, 90, 80, 110, 60, 70, 60, 150, 96, 130)):
            title = self.model.columns[column].title
            self.table.setColumnWidth(column, max(width, metrics.horizontalAdvance(title) + 36))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _i: self.open_edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(self.tr("还没有子账号。点“新建子账号”或“导入”添加团队成员。"))
        self.empty_label.setObjectName("subaccounts.empty")
        self.empty_label.setProperty("role", "muted")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)

        self.actions_by_name: dict[str, QAction] = {}
        for name, text, slot, allowed, shortcut in (
            ("edit", self.tr("编辑"), self.open_edit, self.can_edit, "Ctrl+E"),
            ("verify", self.tr("认证"), self.open_verify, self.can_edit, ""),
            ("password", self.tr("重置密码"), self.open_password, self.can_edit, ""),
            ("freeze", self.tr("冻结"), self.open_freeze, self.can_freeze, ""),
            ("unfreeze", self.tr("解冻"), self.unfreeze, self.can_freeze, ""),
            ("delete", self.tr("删除（登记离职）"), self.open_delete, self.can_freeze, "Del"),
            ("rehire", self.tr("重新任用"), self.rehire, self.can_freeze, ""),
        ):
            action = QAction(text, self)
            action.setObjectName(f"subaccounts.action.{name}")
            action.triggered.connect(slot)
            action.setVisible(allowed)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            self.actions_by_name[name] = action
        self._view_changed(STAFF)

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        services, actor = self.ctx.services, self.ctx.actor

        def load() -> _Loaded:
            return _Loaded(
                services.shop.info().name,
                services.accounts.list_accounts(actor),
                services.roles.list_roles(actor),
                services.accounts.quota(actor),
            )

        self.ctx.runner.run(load, self._show, self.show_error)

    def _show(self, loaded: _Loaded) -> None:
        self.shop_name = loaded.shop_name
        self.roles = loaded.roles
        self.quota = loaded.quota
        self.quota_label.setText(
            self.tr("已用 {used} / {quota} 个子账号").format(used=loaded.quota.used, quota=loaded.quota.quota)
        )
        self._fill_combo(self.role_filter, [(r.name, r.id) for r in loaded.roles])
        departments = sorted(d for d in set(map(attrgetter("department"), loaded.rows)) if d)
        self._fill_combo(self.department_filter, [(d, d) for d in departments])
        selected = self.selected()
        # One filtering pass: the rows arrive together with the current filters.
        predicate = self._predicate()
        self.proxy._predicate = predicate
        self.model.set_rows(loaded.rows, predicate)
        self.loaded = True
        self._after_filter(selected)

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
        combo.blockSignals(False)

    # -- filtering ------------------------------------------------------------------------
    def _search_changed(self, text: str) -> None:
        selected = self.selected()
        self.proxy.set_text(text)
        self._after_filter(selected)

    def _view_changed(self, index: int) -> None:
        left = index == LEFT
        self.status_filter.setVisible(not left)
        self.table.setColumnHidden(12, not left)
        self._apply_filters()

    def _apply_filters(self) -> None:
        selected = self.selected()
        self.proxy.set_predicate(self._predicate())
        self._after_filter(selected)

    def _predicate(self) -> Callable[[SubAccountRow], bool]:
        """The row filter of the current tab and combo boxes (search text aside)."""
        left = self.tabs.currentIndex() == LEFT
        status = None if left else self.status_filter.currentData()
        role_id = self.role_filter.currentData()
        department = self.department_filter.currentData()

        def accept(row: SubAccountRow) -> bool:
            if (row.status == AccountStatus.DELETED) != left:
                return False
            if status == "unverified":
                if row.verified:
                    return False
            elif status is not None and row.status != status:
                return False
            if role_id is not None and row.role_id != role_id:
                return False
            return department is None or row.department == department

        return accept

    def _after_filter(self, selected: SubAccountRow | None) -> None:
        if selected is not None:
            self.select_id(selected.id)
        self._update_actions()
        self._update_count()

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        self.count_label.setText(self.tr("共 {n} 个").format(n=shown))
        self.empty_label.setVisible(self.loaded and self.model.total() == 0)

    # -- selection and actions --------------------------------------------------------------
    def selected(self) -> SubAccountRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.proxy.row_at(rows[0].row())

    def select_id(self, account_id: int) -> bool:
        for r, row in enumerate(self.model.rows()):
            if row.id == account_id:
                index = self.proxy.mapFromSource(self.model.index(r, 0))
                if index.isValid():
                    self.table.selectRow(index.row())
                    return True
        return False

    def _update_actions(self) -> None:
        row = self.selected()
        status = row.status if row else None
        is_admin = row is not None and row.role_key == "super_admin" and not self.ctx.actor.is_main
        self_row = row is not None and row.id == self.ctx.actor.account_id
        enabled = {
            "edit": status in (AccountStatus.ACTIVE, AccountStatus.FROZEN) and not is_admin,
            "verify": status in (AccountStatus.ACTIVE, AccountStatus.FROZEN) and not is_admin and not (row and row.verified),
            "password": status in (AccountStatus.ACTIVE, AccountStatus.FROZEN) and not is_admin,
            "freeze": status == AccountStatus.ACTIVE and not is_admin and not self_row,
            "unfreeze": status == AccountStatus.FROZEN and not is_admin and not self_row,
            "delete": status in (AccountStatus.ACTIVE, AccountStatus.FROZEN) and not is_admin and not self_row,
            "rehire": status == AccountStatus.DELETED and not is_admin,
        }
        for name, action in self.actions_by_name.items():
            action.setEnabled(bool(enabled[name]))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = self.build_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if menu.isEmpty():
            menu.close()
        else:
            menu.popup(self.table.viewport().mapToGlobal(pos))

    def build_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("subaccounts.menu")
        left = self.tabs.currentIndex() == LEFT
        names = ["rehire"] if left else ["edit", "verify", "password", None, "freeze", "unfreeze", "delete"]
        for name in names:
            if name is None:
                menu.addSeparator()
                continue
            action = self.actions_by_name[name]
            if action.isVisible() and action.isEnabled():
                menu.addAction(action)
        return menu

    def _run(self, fn: Any) -> None:
        def finished(_result: Any) -> None:
            self.data_changed.emit("accounts")
            self.refresh()

        self.ctx.runner.run(fn, finished, self.show_error)

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.succeeded.connect(lambda _r: (self.data_changed.emit("accounts"), self.refresh()))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def open_new(self) -> None:
        if not self.can_edit or not self.loaded:
            return
        services, actor = self.ctx.services, self.ctx.actor

        def save(data: SubAccountInput, password: str | None, grants: list[str] | None) -> SubAccountRow:
            return services.accounts.create(actor, data, password, extra_grants=grants or ())

        self._open(SubAccountEditor(self.ctx.runner, actor, self.shop_name, self._assignable_roles(),
                                    self.model.all_rows(), save, None, self))

    def open_edit(self) -> None:
        row = self.selected()
        if row is None or not self.actions_by_name["edit"].isEnabled():
            return
        services, actor = self.ctx.services, self.ctx.actor

        def save(data: SubAccountInput, _password: str | None, grants: list[str] | None) -> SubAccountRow:
            return services.accounts.update(actor, row.id, data, extra_grants=grants)

        roles = self._assignable_roles(keep=row.role_id)
        self._open(SubAccountEditor(self.ctx.runner, actor, self.shop_name, roles, self.model.all_rows(), save, row, self))

    def _assignable_roles(self, keep: int | None = None) -> list[RoleRow]:
        """Roles the actor may hand out (the account's current role is always listed)."""
        actor = self.ctx.actor
        out = []
        for role in self.roles:
            grantable = not role.is_super_admin and role.points <= actor.permissions
            if role.id == keep or actor.is_main or grantable:
                out.append(role)
        return out

    def open_verify(self) -> None:
        row = self.selected()
        if row is None:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._open(VerifyDialog(self.ctx.runner, row,
                                lambda person, number: services.accounts.verify(actor, row.id, person, number), self))

    def open_password(self) -> None:
        row = self.selected()
        if row is None:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._open(PasswordDialog(self.ctx.runner, row,
                                  lambda pw: services.accounts.set_password(actor, row.id, pw), self))

    def open_freeze(self) -> None:
        row = self.selected()
        if row is None or row.status != AccountStatus.ACTIVE:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._open(HandoverDialog(
            self.ctx.runner, row, self.model.all_rows(),
            lambda target, penalty: services.accounts.freeze(actor, row.id, handover_to=target, penalty=penalty),
            delete=False, can_penalise=actor.is_main, parent=self,
        ))

    def open_delete(self) -> None:
        row = self.selected()
        if row is None or row.status == AccountStatus.DELETED:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._open(HandoverDialog(
            self.ctx.runner, row, self.model.all_rows(),
            lambda target, _penalty: services.accounts.delete(actor, row.id, handover_to=target),
            delete=True, parent=self,
        ))

    def unfreeze(self) -> None:
        row = self.selected()
        if row is None:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._run(lambda: services.accounts.unfreeze(actor, row.id))

    def rehire(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self, self.tr("重新任用"),
            self.tr("重新任用 {nick}？账号恢复为正常状态，可以再次登录。").format(nick=row.nick),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._run(lambda: services.accounts.rehire(actor, row.id))

    def edit_quota(self) -> None:
        current = self.quota.quota if self.quota else 100
        value, ok = QInputDialog.getInt(
            self, self.tr("子账号数量上限"), self.tr("最多可以有多少个子账号（离职员工不计）"),
            current, 0, 100_000,
        )
        if not ok:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._run(lambda: services.accounts.set_quota(actor, value))

    # -- files ----------------------------------------------------------------------------
    def import_accounts(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择要导入的文件"), "", self.tr("表格 (*.xlsx *.csv)")
        )
        if not path:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self.ctx.runner.run(lambda: services.accounts.preview_import(actor, path),
                            lambda preview: self._show_preview(path, preview), self.show_error)

    def _show_preview(self, path: str, preview: Any) -> None:
        services, actor = self.ctx.services, self.ctx.actor
        self._open(ImportDialog(self.ctx.runner, preview, lambda: services.accounts.import_file(actor, path), self))

    def export_accounts(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("导出子账号"), str(Path.home() / "subaccounts.xlsx"),
            self.tr("Excel (*.xlsx);;CSV (*.csv)"),
        )
        if not path:
            return
        if Path(path).suffix.lower() not in (".xlsx", ".csv"):
            path += ".xlsx"
        services, actor = self.ctx.services, self.ctx.actor
        include_left = self.tabs.currentIndex() == LEFT
        self.ctx.runner.run(
            lambda: services.accounts.export_file(actor, path, include_deleted=include_left),
            lambda n: QMessageBox.information(self, self.tr("导出完成"),
                                              self.tr("已导出 {n} 个子账号到 {path}").format(n=n, path=path)),
            self.show_error,
        )

    # -- tooltips -------------------------------------------------------------------------
    def _status_tip(self, row: SubAccountRow) -> str:
        if row.status == AccountStatus.FROZEN and row.penalized_at:
            return self.tr("处罚冻结于 {at}").format(at=_datetime(row.penalized_at))
        if row.status == AccountStatus.FROZEN:
            return self.tr("冻结于 {at}").format(at=_datetime(row.frozen_at))
        if row.status == AccountStatus.DELETED:
            return self.tr("离职于 {at}").format(at=_datetime(row.left_at))
        return ""

    def _verified_tip(self, row: SubAccountRow) -> str:
        if not row.verified:
            return self.tr("未认证的子账号不能登录")
        return self.tr("{person} · 身份证后 4 位 {digits} · {at}").format(
            person=row.verified_by, digits=row.id_last_digits, at=_datetime(row.verified_at)
        )
