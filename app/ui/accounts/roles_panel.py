"""角色管理: preset and custom roles, their permissions as a tri-state tree, and a diff of
what one role (or account) may do that another may not."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.accounts.permissions import GRANTABLE_POINTS, labelled
from app.services.accounts.roles import RoleDiff, RoleRow
from app.services.accounts.subaccount_types import SubAccountRow
from app.services.common.changes import Area
from app.ui.accounts.role_tree import PermissionTree
from app.ui.common.panel import Panel, PanelContext
from app.ui.common.widgets import Card


class RolesPanel(Panel):
    key = "roles"
    watches = frozenset({Area.ROLES, Area.ACCOUNTS})

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.roles: list[RoleRow] = []
        self.accounts: list[SubAccountRow] = []
        self.current: RoleRow | None = None
        self._pending_select: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(self._build_head())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("roles.splitter")
        self.list = QListWidget()
        self.list.setObjectName("roles.list")
        self.list.setMinimumWidth(180)
        self.list.currentRowChanged.connect(self._role_selected)
        splitter.addWidget(self.list)

        splitter.addWidget(self._build_detail())
        splitter.addWidget(self._build_diff())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([200, 520, 340])
        layout.addWidget(splitter, 1)
        self.name.textEdited.connect(lambda _t: self._dirty())
        self.description.textEdited.connect(lambda _t: self._dirty())
        self._show_role(None)

    # -- building ----------------------------------------------------------------------
    def _build_head(self) -> QHBoxLayout:
        head = QHBoxLayout()
        title = QLabel(self.tr("角色管理"))
        title.setProperty("role", "pageTitle")
        head.addWidget(title)
        head.addStretch(1)
        self.new_button = QPushButton(self.tr("新建角色"))
        self.new_button.setObjectName("roles.new")
        self.new_button.setProperty("accent", True)
        self.new_button.clicked.connect(self.new_role)
        self.copy_button = QPushButton(self.tr("复制"))
        self.copy_button.setObjectName("roles.copy")
        self.copy_button.clicked.connect(self.copy_role)
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.setObjectName("roles.delete")
        self.delete_button.setProperty("danger", True)
        self.delete_button.clicked.connect(self.delete_role)
        for b in (self.new_button, self.copy_button, self.delete_button):
            head.addWidget(b)
        return head


    def _build_detail(self) -> Card:
        detail = Card()
        form = QFormLayout()  # name and description on their own rows: both readable in English
        self.name = QLineEdit()
        self.name.setObjectName("roles.name")
        self.name.setMaxLength(60)
        self.description = QLineEdit()
        self.description.setObjectName("roles.description")
        self.description.setMaxLength(300)
        self.description.setPlaceholderText(self.tr("角色说明"))
        form.addRow(self.tr("角色名"), self.name)
        form.addRow(self.tr("角色说明"), self.description)
        detail.body.addLayout(form)
        self.note = QLabel()
        self.note.setObjectName("roles.note")
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        detail.body.addWidget(self.note)
        self.tree = PermissionTree("roles.tree")
        self.tree.changed.connect(self._dirty)
        detail.body.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton(self.tr("还原"))
        self.revert_button.setObjectName("roles.revert")
        self.revert_button.clicked.connect(lambda: self._role_selected(self.list.currentRow()))
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("roles.save")
        self.save_button.setProperty("accent", True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        detail.body.addLayout(buttons)
        return detail


    def _build_diff(self) -> Card:
        diff = Card(self.tr("对比"))
        diff.setObjectName("roles.diff")
        self.diff_left = QComboBox()
        self.diff_left.setObjectName("roles.diff.left")
        self.diff_right = QComboBox()
        self.diff_right.setObjectName("roles.diff.right")
        for combo in (self.diff_left, self.diff_right):
            combo.currentIndexChanged.connect(self.compare)
            diff.body.addWidget(combo)
        self.diff_result = QListWidget()
        self.diff_result.setObjectName("roles.diff.result")
        self.diff_result.setWordWrap(True)
        self.diff_result.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        diff.body.addWidget(self.diff_result, 1)
        return diff


    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        services, actor = self.ctx.services, self.ctx.actor

        def load() -> tuple[list[RoleRow], list[SubAccountRow]]:
            roles = services.roles.list_roles(actor)
            accounts = services.accounts.list_accounts(actor, include_deleted=False) if actor.can(
                "subaccounts.view") else []
            return roles, accounts

        self.ctx.runner.run(load, self._loaded, self.show_error)

    def _loaded(self, result: tuple[list[RoleRow], list[SubAccountRow]]) -> None:
        self.roles, self.accounts = result
        keep = self._pending_select or (self.current.id if self.current else None)
        self._pending_select = None
        self.list.blockSignals(True)
        self.list.clear()
        for role in self.roles:
            text = self.tr("{name}（{n} 人）").format(name=role.name, n=role.members)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, role.id)
            item.setToolTip(role.description)
            if role.is_preset:
                item.setData(Qt.ItemDataRole.UserRole + 1, "preset")
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = next((i for i, r in enumerate(self.roles) if r.id == keep), 0)
        self.list.setCurrentRow(row)
        self._role_selected(row)
        self._fill_diff_combos()

    def _fill_diff_combos(self) -> None:
        for index, combo in enumerate((self.diff_left, self.diff_right)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for role in self.roles:
                combo.addItem(self.tr("角色：{name}").format(name=role.name), ("role", role.id))
            for account in self.accounts:
                combo.addItem(self.tr("账号：{nick}").format(nick=account.nick), ("account", account.id))
            at = combo.findData(current) if current is not None else min(index, combo.count() - 1)
            combo.setCurrentIndex(max(at, 0))
            combo.blockSignals(False)
        self.compare()

    # -- one role ---------------------------------------------------------------------------
    def _role_selected(self, row: int) -> None:
        self._show_role(self.roles[row] if 0 <= row < len(self.roles) else None)

    def _show_role(self, role: RoleRow | None) -> None:
        self.current = role
        actor = self.ctx.actor
        self.name.setText(role.name if role else "")
        self.description.setText(role.description if role else "")
        self.tree.set_points(role.points if role else frozenset())
        editable = role is not None and (not role.is_super_admin)
        if role is not None and role.is_super_admin:
            note = self.tr("超级管理员始终拥有全部可授予的权限；只有主账号可以设置谁是超级管理员。")
        elif role is not None and role.is_preset:
            note = self.tr("预设角色：可以调整权限，不能改名或删除。")
        elif role is not None:
            note = self.tr("自定义角色，{n} 个账号在使用。").format(n=role.members)
        else:
            note = ""
        if not actor.is_main and editable:
            note += self.tr(" 你只能勾选或取消你自己拥有的权限。")
        self.note.setText(note)
        self.tree.setEnabled(editable)
        self.tree.set_grantable(None if actor.is_main else frozenset(actor.permissions & GRANTABLE_POINTS))
        self.name.setReadOnly(role is None or role.is_preset)
        self.description.setReadOnly(role is None or role.is_preset)
        self.copy_button.setEnabled(role is not None)
        self.delete_button.setEnabled(role is not None and not role.is_preset)
        self.save_button.setEnabled(False)
        self.revert_button.setEnabled(False)

    def _dirty(self) -> None:
        if self.current is None:
            return
        changed = (
            self.tree.points() != self.current.points
            or self.name.text().strip() != self.current.name
            or self.description.text().strip() != self.current.description
        )
        self.save_button.setEnabled(changed)
        self.revert_button.setEnabled(changed)

    def save(self) -> None:
        role = self.current
        if role is None:
            return
        services, actor = self.ctx.services, self.ctx.actor
        name, description = self.name.text(), self.description.text()
        codes = self.tree.codes()
        points = self.tree.points()

        def work() -> RoleRow:
            result = role
            if not role.is_preset and (name.strip() != role.name or description.strip() != role.description):
                result = services.roles.rename_role(actor, role.id, name, description)
            if points != role.points:
                result = services.roles.set_role_permissions(actor, role.id, codes)
            return result

        self._run(work, select=role.id)

    def _run(self, fn: Any, select: int | None = None) -> None:
        def finished(result: Any) -> None:
            if isinstance(result, RoleRow):
                self._pending_select = result.id
            elif select is not None:
                self._pending_select = select
            self.data_changed.emit(Area.ACCOUNTS)
            self.refresh()

        self.ctx.runner.run(fn, finished, self.show_error)

    def new_role(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("新建角色"), self.tr("角色名"))
        if not ok:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._run(lambda: services.roles.create_role(actor, name, set()))

    def copy_role(self) -> None:
        role = self.current
        if role is None:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("复制角色"), self.tr("新角色名"), text=self.tr("{name} 副本").format(name=role.name)
        )
        if not ok:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._run(lambda: services.roles.copy_role(actor, role.id, name))

    def delete_role(self) -> None:
        role = self.current
        if role is None or role.is_preset:
            return
        answer = QMessageBox.question(self, self.tr("删除角色"), self.tr("删除角色“{name}”？").format(name=role.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._pending_select = None
        self.current = None
        self._run(lambda: services.roles.delete_role(actor, role.id))

    # -- diff -----------------------------------------------------------------------------
    def compare(self) -> None:
        left, right = self.diff_left.currentData(), self.diff_right.currentData()
        if left is None or right is None:
            self.diff_result.clear()
            return
        services, actor = self.ctx.services, self.ctx.actor
        self.ctx.runner.run(lambda: services.roles.diff(actor, left, right), self._show_diff, self.show_error)

    def _show_diff(self, diff: RoleDiff) -> None:
        self.diff_result.clear()

        def section(title: str, codes: tuple[str, ...]) -> None:
            head = QListWidgetItem(title)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.diff_result.addItem(head)
            if not codes:
                self.diff_result.addItem(QListWidgetItem("    " + self.tr("（无）")))
            for code in codes:
                self.diff_result.addItem(QListWidgetItem("    " + labelled(code)))

        section(self.tr("{a} 能做、{b} 不能做的").format(a=diff.left, b=diff.right), diff.only_left)
        section(self.tr("{b} 能做、{a} 不能做的").format(a=diff.left, b=diff.right), diff.only_right)
        self.diff_result.setToolTip(self.tr("两者都能做的：{n} 项").format(n=len(diff.shared)))
