"""子账号管理: the team's sub-accounts — search, filter, edit, verify, freeze, delete with
hand-over, re-hire, import and export. A toolbar follows the selected row (with keyboard
shortcuts) and offers the row's next step ("去认证", "设置密码"). The services check every
action; this panel only hides what the signed-in account cannot do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
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
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.models.vocabulary import AccountStatus
from app.services.accounts.roles import RoleRow
from app.services.accounts.subaccount_types import QuotaInfo, SubAccountInput, SubAccountRow
from app.services.common.changes import Area
from app.ui.accounts.accounts_model import (  # noqa: F401 - AccountsModel re-exported for tests
    DATETIME,
    AccountsModel,
    AccountsProxy,
    date_text,
)
from app.ui.accounts.subaccount_dialogs import (
    HandoverDialog,
    ImportDialog,
    PasswordDialog,
    SubAccountEditor,
    VerifyDialog,
)
from app.ui.common.panel import Panel, PanelContext
from app.ui.common.table_model import Column, popup_row_menu, select_row_where, selected_row

STAFF, LEFT = 0, 1  # the two views: 员工 / 离职员工
# The toolbar's actions in order: (name, shown in the 员工 view, shown in the 离职员工 view)
TOOLBAR = (("verify", True, False), ("password", True, False), ("freeze", True, False),
           ("unfreeze", True, False), ("delete", True, False), ("rehire", False, True))


@dataclass(frozen=True)
class _Loaded:
    shop_name: str
    rows: list[SubAccountRow]
    roles: list[RoleRow]
    quota: QuotaInfo


class SubAccountsPanel(Panel):
    key = "subaccounts"
    watches = frozenset({Area.ACCOUNTS, Area.ROLES, Area.SECURITY})

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.shop_name = ""
        self.roles: list[RoleRow] = []
        self.dialog: Any = None  # the dialog currently open, for tests and screenshots
        self.quota: QuotaInfo | None = None
        self.loaded = False
        self.can_edit = ctx.actor.can("subaccounts.edit")
        self.can_freeze = ctx.actor.can("subaccounts.freeze")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(self._build_head())
        self.tabs = QTabBar()
        self.tabs.setObjectName("subaccounts.view")
        self.tabs.addTab(self.tr("员工"))
        self.tabs.addTab(self.tr("离职员工"))
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        self.tabs.currentChanged.connect(self._view_changed)
        layout.addWidget(self.tabs)
        layout.addLayout(self._build_filters())
        self._build_actions()
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self._build_table(), 1)
        self.notice = QLabel()
        self.notice.setObjectName("subaccounts.notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.empty_label = QLabel(self.tr("还没有子账号。点“新建子账号”或“导入”添加团队成员。"))
        self.empty_label.setObjectName("subaccounts.empty")
        self.empty_label.setProperty("role", "muted")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)
        self._view_changed(STAFF)

    # -- building -------------------------------------------------------------------------
    def _build_head(self) -> QHBoxLayout:
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
        self.quota_button.setVisible(self.ctx.actor.can("owner.quota"))
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
        self.export_button.setToolTip(self.tr("没有“数据 / 导出”权限时，手机号导出为 138****0000"))
        self.export_button.clicked.connect(self.export_accounts)
        for button, allowed in ((self.new_button, self.can_edit), (self.import_button, self.can_edit),
                                (self.export_button, True)):
            button.setVisible(allowed)
            head.addWidget(button)
        from app.ui.accounts.config_dialog import add_config_buttons

        add_config_buttons(self, head)  # 配置文件 › 导出配置 / 导入配置 (issue 10)
        return head

    def _build_filters(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("subaccounts.search")
        self.search.setPlaceholderText(self.tr("搜索昵称、花名、手机号或工号"))
        self.search.setClearButtonEnabled(True)
        hint = self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
        self.search.setMinimumWidth(min(hint + 40, 320))  # the whole hint shows, in English too
        self.search.textChanged.connect(self._search_changed)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("subaccounts.filter.status")
        self.status_filter.addItem(self.tr("全部状态"), None)
        self.status_filter.addItem(self.tr("正常"), AccountStatus.ACTIVE)
        self.status_filter.addItem(self.tr("已冻结"), AccountStatus.FROZEN)
        self.status_filter.addItem(self.tr("未认证"), "unverified")
        self.status_filter.addItem(self.tr("未设密码"), "no_password")
        self.role_filter = QComboBox()
        self.role_filter.setObjectName("subaccounts.filter.role")
        self.role_filter.addItem(self.tr("全部角色"), None)
        self.department_filter = QComboBox()
        self.department_filter.setObjectName("subaccounts.filter.department")
        self.department_filter.addItem(self.tr("全部部门"), None)
        for combo in (self.status_filter, self.role_filter, self.department_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(180)
        self.count_label = QLabel()
        self.count_label.setObjectName("subaccounts.count")
        self.count_label.setProperty("role", "muted")
        bar.addWidget(self.search, 2)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.role_filter)
        bar.addWidget(self.department_filter)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        return bar

    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, slot, allowed, shortcut in (
            ("edit", self.tr("编辑"), self.open_edit, self.can_edit, "Ctrl+E"),
            ("verify", self.tr("认证"), self.open_verify, self.can_edit, "Ctrl+Shift+V"),
            ("password", self.tr("重置密码"), self.open_password, self.can_edit, "Ctrl+Shift+P"),
            ("freeze", self.tr("冻结"), self.open_freeze, self.can_freeze, "Ctrl+Shift+F"),
            ("unfreeze", self.tr("解冻"), self.unfreeze, self.can_freeze, "Ctrl+Shift+U"),
            ("delete", self.tr("删除（登记离职）"), self.open_delete, self.can_freeze, "Del"),
            ("rehire", self.tr("重新任用"), self.rehire, self.can_freeze, "Ctrl+Shift+R"),
        ):
            action = QAction(text, self)
            action.setObjectName(f"subaccounts.action.{name}")
            action.triggered.connect(slot)
            action.setVisible(allowed)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
            self.addAction(action)
            self.actions_by_name[name] = action

    def _build_toolbar(self) -> QHBoxLayout:
        """Buttons bound to the actions: they follow the selection and the permissions."""
        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.selection_label = QLabel()
        self.selection_label.setObjectName("subaccounts.selection")
        self.selection_label.setProperty("role", "muted")
        self.selection_label.setWordWrap(True)  # a long hint wraps instead of widening the panel
        bar.addWidget(self.selection_label, 1)
        self.next_button = QPushButton()
        self.next_button.setObjectName("subaccounts.next_step")
        self.next_button.setProperty("accent", True)
        self.next_button.clicked.connect(self.next_step)
        self.next_button.hide()
        bar.addWidget(self.next_button)
        self.toolbar_buttons: dict[str, QToolButton] = {}
        for name, _staff, _left in TOOLBAR:
            button = QToolButton()
            button.setObjectName(f"subaccounts.toolbar.{name}")
            button.setDefaultAction(self.actions_by_name[name])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            bar.addWidget(button)
            self.toolbar_buttons[name] = button
        return bar

    def _build_table(self) -> QTableView:
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
                Column("password_text", self.tr("密码"), searchable=False,
                       tooltip=lambda r: "" if r.password_set else self.tr("设好密码才能登录：选中后点“设置密码”")),
                Column("routing_text", self.tr("分流"), searchable=False,
                       tooltip=lambda r: self.tr("参与分流") if r.takes_routing else ""),
                Column("manager_nick", self.tr("直接上级"), searchable=False),
                Column("hired_on", self.tr("入职日期"), fmt=date_text, searchable=False),
                Column("left_at", self.tr("离职时间"), fmt=self.ctx.shop_time.formatter(DATETIME), searchable=False),
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
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        # Every row is one line of the same height: no per-row size hints, no wrapping.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = header.fontMetrics()
        for column, width in enumerate((170, 80, 110, 80, 90, 80, 110, 60, 70, 70, 60, 150, 96, 130)):
            title = self.model.columns[column].title
            self.table.setColumnWidth(column, max(width, metrics.horizontalAdvance(title) + 36))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _i: self.open_edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        return self.table

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
        keys = [c.key for c in self.model.columns]
        self.table.setColumnHidden(keys.index("left_at"), not left)
        self.table.setColumnHidden(keys.index("password_text"), left)
        for name, staff, in_left in TOOLBAR:
            shown = in_left if left else staff
            self.toolbar_buttons[name].setVisible(shown and self.actions_by_name[name].isVisible())
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
            elif status == "no_password":
                if row.password_set:
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
        row: SubAccountRow | None = selected_row(self.table)
        return row

    def select_id(self, account_id: int) -> bool:
        return select_row_where(self.table, lambda row: row.id == account_id)

    def _outranks(self, row: SubAccountRow) -> bool:
        """The row holds a point the actor lacks: the service refuses acting on it."""
        actor = self.ctx.actor
        if actor.is_main or row.id == actor.account_id:
            return False
        if row.role_key == "super_admin":
            return True
        from app.services.accounts.permissions import expand

        role = next((r for r in self.roles if r.id == row.role_id), None)
        points = (role.points if role else frozenset()) | expand(set(row.extra_grants))
        return bool(points - actor.permissions)

    def _update_actions(self) -> None:
        row = self.selected()
        status = row.status if row else None
        out_of_reach = row is not None and self._outranks(row)
        self_row = row is not None and row.id == self.ctx.actor.account_id
        staff = status in (AccountStatus.ACTIVE, AccountStatus.FROZEN) and not out_of_reach
        enabled = {
            "edit": staff,
            "verify": staff and not (row and row.verified),
            "password": staff,
            "freeze": status == AccountStatus.ACTIVE and not out_of_reach and not self_row,
            "unfreeze": status == AccountStatus.FROZEN and not out_of_reach and not self_row,
            "delete": staff and not self_row,
            "rehire": status == AccountStatus.DELETED and not out_of_reach,
        }
        for name, action in self.actions_by_name.items():
            action.setEnabled(bool(enabled[name]))
        if row is None:
            self.selection_label.setText(self.tr("选中一个账号后可以认证、冻结、删除或重置密码"))
        elif out_of_reach:
            self.selection_label.setText(self.tr("{nick} 拥有你没有的权限，只有主账号可以修改").format(nick=row.nick))
        else:
            self.selection_label.setText(row.nick)
        step = row.next_step if row is not None and staff else None
        texts = {"verify": self.tr("去认证"), "password": self.tr("设置密码")}
        allowed = {"verify": enabled["verify"], "password": enabled["password"]}
        if step is not None and allowed.get(step):
            self.next_button.setText(texts[step])
            self.next_button.setProperty("step", step)
            self.next_button.show()
        else:
            self.next_button.hide()

    def next_step(self) -> None:
        """The selected row's next step: verify it, or give it a password."""
        step = self.next_button.property("step")
        if step == "verify":
            self.open_verify()
        elif step == "password":
            self.open_password()

    def _context_menu(self, pos: QPoint) -> None:
        popup_row_menu(self.table, pos, self.build_menu)

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
            self.data_changed.emit(Area.ACCOUNTS)
            self.refresh()

        self.ctx.runner.run(fn, finished, self.show_error)

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.succeeded.connect(self._dialog_succeeded)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def _dialog_succeeded(self, _result: object) -> None:
        self.data_changed.emit(Area.ACCOUNTS)
        self.refresh()

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

        def save(data: SubAccountInput, step_up: str | None, grants: list[str] | None) -> SubAccountRow:
            return services.accounts.update(actor, row.id, data, extra_grants=grants, step_up_password=step_up)

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
        if row is None or row.status != AccountStatus.ACTIVE or not self.actions_by_name["freeze"].isEnabled():
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._open_handover(row, lambda target, penalty: services.accounts.freeze(
            actor, row.id, handover_to=target, penalty=penalty), delete=False)

    def open_delete(self) -> None:
        row = self.selected()
        if row is None or row.status == AccountStatus.DELETED or not self.actions_by_name["delete"].isEnabled():
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._open_handover(row, lambda target, _penalty: services.accounts.delete(
            actor, row.id, handover_to=target), delete=True)

    def _open_handover(self, row: SubAccountRow, action: Callable[[int | None, bool], Any], *, delete: bool) -> None:
        """Who can take the open conversations now is read first; then the dialog opens."""
        services, actor = self.ctx.services, self.ctx.actor

        def show(candidates: Any) -> None:
            dialog = HandoverDialog(self.ctx.runner, row, candidates, action, delete=delete,
                                    can_penalise=actor.is_main and not delete, parent=self)
            dialog.succeeded.connect(self._handed_over)
            self._open(dialog)

        self.ctx.runner.run(lambda: services.accounts.handover_candidates(actor, row.id), show, self.show_error)

    def _handed_over(self, result: Any) -> None:
        """Say how many conversations moved, and where."""
        summary = getattr(result, "summary", None)
        if callable(summary):
            self.notice.setText(summary())
            self.notice.show()

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
            self.tr("重新任用 {nick}？账号恢复为正常状态，可以再次登录；参与分流保持离职前的设置（{routing}）。").format(
                nick=row.nick, routing=row.routing_text),
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

        def exported(n: int) -> None:
            QMessageBox.information(self, self.tr("导出完成"),
                                    self.tr("已导出 {n} 个子账号到 {path}").format(n=n, path=path))

        self.ctx.runner.run(
            lambda: services.accounts.export_file(actor, path, include_deleted=include_left),
            exported,
            self.show_error,
        )

    # -- tooltips -------------------------------------------------------------------------
    def _when(self, value: datetime | None) -> str:
        return self.ctx.shop_time.text(value, DATETIME)

    def _status_tip(self, row: SubAccountRow) -> str:
        if row.status == AccountStatus.FROZEN and row.penalized_at:
            return self.tr("处罚冻结于 {at}").format(at=self._when(row.penalized_at))
        if row.status == AccountStatus.FROZEN:
            return self.tr("冻结于 {at}").format(at=self._when(row.frozen_at))
        if row.status == AccountStatus.DELETED:
            return self.tr("离职于 {at}").format(at=self._when(row.left_at))
        return ""

    def _verified_tip(self, row: SubAccountRow) -> str:
        if not row.verified:
            return self.tr("未认证的子账号不能登录")
        return self.tr("{person} · 身份证后 4 位 {digits} · {at}").format(
            person=row.verified_by, digits=row.id_last_digits, at=self._when(row.verified_at)
        )
