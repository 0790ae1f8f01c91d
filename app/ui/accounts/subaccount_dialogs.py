"""Dialogs of the sub-accounts panel: the editor, hand-over (freeze / delete), identity
verification, password reset and the import preview.

Each dialog collects input and runs its service call through the runner; a refused call
shows its message inside the dialog and changes nothing. Dialogs are opened with `open()`
(window-modal, not blocking), so tests can drive them like a user.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.models.vocabulary import AccountStatus
from app.services.accounts.permissions import GRANTABLE_POINTS, Actor, expand
from app.services.accounts.roles import RoleRow
from app.services.accounts.subaccount_rules import routing_warning
from app.services.accounts.subaccount_types import SubAccountInput, SubAccountRow
from app.services.common.errors import UserError
from app.ui.accounts.role_tree import PermissionTree
from app.ui.common.widgets import error_label, error_text
from app.ui.shell.workers import Runner

_NO_DATE = QDate(1950, 1, 1)


class DateField(QDateEdit):
    """A date edit that Tab leaves: QDateEdit uses Tab to step through its year / month / day
    sections, so an empty 入职日期 held the focus and phone, role, password and save were
    out of the keyboard's reach. Sections are still reached with the arrow keys."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802,A002 - Qt API
        return QWidget.focusNextPrevChild(self, next)




class _RunnerDialog(QDialog):
    """A dialog whose OK runs `work()` off the GUI thread; success closes it."""

    succeeded = Signal(object)

    def __init__(self, runner: Runner, area: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.area = area
        self.setObjectName(f"dialog.{area}")
        self.error = error_label(f"{area}.error")

    def _buttons(self, ok_text: str, *, danger: bool = False) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel = QPushButton(self.tr("取消"))
        self.cancel.setObjectName(f"{self.area}.cancel")
        self.cancel.clicked.connect(self.reject)
        self.ok = QPushButton(ok_text)
        self.ok.setObjectName(f"{self.area}.ok")
        self.ok.setProperty("danger" if danger else "accent", True)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.submit)
        row.addWidget(self.cancel)
        row.addWidget(self.ok)
        return row

    def work(self) -> Callable[[], Any] | None:
        """The call to run, or None when the input is refused before any call."""
        raise NotImplementedError

    def submit(self) -> None:
        self.error.hide()
        try:
            fn = self.work()
        except UserError as exc:
            self.fail(exc)
            return
        if fn is None:
            return
        self.ok.setEnabled(False)
        self.runner.run(fn, self._succeeded, self.fail)

    def _succeeded(self, result: Any) -> None:
        self.ok.setEnabled(True)
        self.succeeded.emit(result)
        self.accept()

    def fail(self, exc: Exception) -> None:
        self.ok.setEnabled(True)
        self.error.setText(error_text(exc))
        self.error.show()


class SubAccountEditor(_RunnerDialog):
    """新建 / 编辑子账号."""

    def __init__(
        self,
        runner: Runner,
        actor: Actor,
        shop_name: str,
        roles: Sequence[RoleRow],
        accounts: Sequence[SubAccountRow],
        save: Callable[[SubAccountInput, str | None, list[str] | None], SubAccountRow],
        row: SubAccountRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "subaccount_editor", parent)
        self.actor = actor
        self.row = row
        self.roles = list(roles)
        self.save_fn = save
        self.setWindowTitle(self.tr("编辑子账号") if row else self.tr("新建子账号"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addLayout(self._build_form(shop_name, accounts, row))
        self.routing_note.setMinimumWidth(440)
        layout.addWidget(self.routing_note)

        self._build_grants(layout, actor)
        self._fill(row, actor)

    def _build_form(self, shop_name: str, accounts: Sequence[SubAccountRow], row: SubAccountRow | None) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        nick_row = QHBoxLayout()
        prefix = QLabel(f"{shop_name}:")
        prefix.setProperty("role", "muted")
        self.nick = QLineEdit()
        self.nick.setObjectName("subaccount_editor.nick")
        self.nick.setMaxLength(40)
        self.nick.setPlaceholderText(self.tr("1–20 个汉字、字母、数字、_ 或 -"))
        nick_row.addWidget(prefix)
        nick_row.addWidget(self.nick, 1)
        form.addRow(self.tr("昵称"), nick_row)

        def line(name: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit()
            edit.setObjectName(f"subaccount_editor.{name}")
            edit.setMaxLength(200)  # longer input gets a clear message from the service
            if placeholder:
                edit.setPlaceholderText(placeholder)
            return edit

        self.alias = line("alias")
        self.department = line("department")
        departments = sorted({a.department for a in accounts if a.department})
        self.department.setCompleter(QCompleter(departments, self.department))
        self.title_edit = line("title")
        self.employee_no = line("employee_no")
        self.hired_on = DateField()
        self.hired_on.setObjectName("subaccount_editor.hired_on")
        self.hired_on.setCalendarPopup(True)
        self.hired_on.setDisplayFormat("yyyy-MM-dd")
        self.hired_on.setMinimumDate(_NO_DATE)
        self.hired_on.setSpecialValueText(self.tr("未填写"))
        self.hired_on.setDate(_NO_DATE)
        self.manager = QComboBox()
        self.manager.setObjectName("subaccount_editor.manager")
        self.manager.addItem(self.tr("（无）"), None)
        for a in accounts:
            if a.status != AccountStatus.DELETED and (row is None or a.id != row.id):
                self.manager.addItem(a.nick, a.id)
        self.phone = line("phone", "13800138000")
        self.role = QComboBox()
        self.role.setObjectName("subaccount_editor.role")
        for r in self.roles:
            self.role.addItem(r.name, r.id)
        self.takes_routing = QCheckBox(self.tr("参与分流（接待分流来的买家）"))
        self.takes_routing.setObjectName("subaccount_editor.takes_routing")
        self.routing_note = QLabel()
        self.routing_note.setObjectName("subaccount_editor.routing_warning")
        self.routing_note.setProperty("role", "error")
        self.routing_note.setWordWrap(True)
        self.routing_note.hide()

        form.addRow(self.tr("花名"), self.alias)
        form.addRow(self.tr("部门"), self.department)
        form.addRow(self.tr("职务"), self.title_edit)
        form.addRow(self.tr("工号"), self.employee_no)
        form.addRow(self.tr("入职日期"), self.hired_on)
        form.addRow(self.tr("直接上级"), self.manager)
        form.addRow(self.tr("绑定手机"), self.phone)
        form.addRow(self.tr("角色"), self.role)
        form.addRow("", self.takes_routing)
        self.password = line("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("至少 8 位，含字母、数字、符号中的两种"))
        self.password2 = line("password2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_note = QLabel(self.tr("可以先不设密码：账号会标记为“未设密码”，设好密码才能登录。"))
        self.password_note.setObjectName("subaccount_editor.password_note")
        self.password_note.setProperty("role", "muted")
        self.password_note.setWordWrap(True)
        if row is None:
            form.addRow(self.tr("登录密码"), self.password)
            form.addRow(self.tr("确认密码"), self.password2)
            form.addRow("", self.password_note)
        else:
            self.password_note.hide()
            self.password.hide()
            self.password2.hide()
        return form

    def _build_grants(self, layout: QVBoxLayout, actor: Actor) -> None:
        self.grants_toggle = QToolButton()
        self.grants_toggle.setObjectName("subaccount_editor.grants_toggle")
        self.grants_toggle.setText(self.tr("额外权限（在角色之外）"))
        self.grants_toggle.setCheckable(True)
        self.grants_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.grants_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.grants = PermissionTree("subaccount_editor.grants")
        self.grants.set_grantable(None if actor.is_main else frozenset(actor.permissions & GRANTABLE_POINTS))
        self.grants.setMinimumHeight(220)
        self.grants.hide()
        self.grants_toggle.toggled.connect(self._toggle_grants)
        layout.addWidget(self.grants_toggle)
        layout.addWidget(self.grants, 1)
        layout.addWidget(self.error)
        layout.addLayout(self._buttons(self.tr("保存")))
        self.ok.setObjectName("subaccount_editor.save")

    def _fill(self, row: SubAccountRow | None, actor: Actor) -> None:
        if row is not None:
            self.nick.setText(row.name)
            self.alias.setText(row.alias)
            self.department.setText(row.department)
            self.title_edit.setText(row.title)
            self.employee_no.setText(row.employee_no)
            if row.hired_on:
                self.hired_on.setDate(QDate(row.hired_on.year, row.hired_on.month, row.hired_on.day))
            index = self.manager.findData(row.manager_id)
            self.manager.setCurrentIndex(max(index, 0))
            self.phone.setText(row.bound_phone)
            if not actor.can("owner.change_phone"):
                self.phone.setReadOnly(True)
                self.phone.setToolTip(self.tr("只有主账号可以修改绑定手机。"))
            self.role.setCurrentIndex(max(self.role.findData(row.role_id), 0))
            self.takes_routing.setChecked(row.takes_routing)
            self.grants.set_points(expand(set(row.extra_grants)))
        else:
            presales = next((i for i, r in enumerate(self.roles) if r.preset_key == "presales"), 0)
            self.role.setCurrentIndex(presales)
        self.takes_routing.toggled.connect(self._update_routing_note)
        self.role.currentIndexChanged.connect(self._update_routing_note)
        self._update_routing_note()

    def _toggle_grants(self, on: bool) -> None:
        self.grants.setVisible(on)
        self.grants_toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.adjustSize()

    def selected_role(self) -> RoleRow | None:
        role_id = self.role.currentData()
        return next((r for r in self.roles if r.id == role_id), None)

    def routing_warning_text(self) -> str | None:
        role = self.selected_role()
        if role is None:
            return None
        return routing_warning(role.is_service, role.is_super_admin, self.takes_routing.isChecked())

    def _update_routing_note(self) -> None:
        text = self.routing_warning_text()
        self.routing_note.setText(text or "")
        self.routing_note.setVisible(bool(text))

    def value(self) -> SubAccountInput:
        qd = self.hired_on.date()
        hired = None if qd == _NO_DATE else date(qd.year(), qd.month(), qd.day())
        return SubAccountInput(
            name=self.nick.text(),
            bound_phone=self.phone.text(),
            role_id=self.role.currentData(),
            alias=self.alias.text(),
            department=self.department.text(),
            title=self.title_edit.text(),
            employee_no=self.employee_no.text(),
            hired_on=hired,
            manager_id=self.manager.currentData(),
            takes_routing=self.takes_routing.isChecked(),
        )

    def work(self) -> Callable[[], Any] | None:
        data = self.value()
        password: str | None = None
        if self.row is None:
            password = self.password.text()
            if password != self.password2.text():
                self.fail(UserError(self.tr("两次输入的密码不一致。")))
                return None
            password = password or None
        elif "".join(c for c in data.bound_phone if c.isdigit()) != (self.row.bound_phone or ""):
            # a new bound phone needs the main account's own password again (step-up)
            password, ok = QInputDialog.getText(
                self, self.tr("修改绑定手机"), self.tr("修改绑定手机需要再次输入你的登录密码："),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return None
        warn = self.routing_warning_text()
        turning_on = self.row is None or not self.row.takes_routing or self.row.role_id != data.role_id
        if warn and turning_on:
            answer = QMessageBox.question(self, self.tr("参与分流"), warn)
            if answer != QMessageBox.StandardButton.Yes:
                return None
        codes = sorted(self.grants.codes())
        grants: list[str] | None = codes
        if self.row is not None and expand(set(codes)) == expand(set(self.row.extra_grants)):
            grants = None  # unchanged: leave them alone
        save = self.save_fn
        return lambda: save(data, password, grants)


class HandoverDialog(_RunnerDialog):
    """冻结 / 删除: who takes over the account's open conversations. Offered: back to routing
    (the default: each is routed again) or a colleague who can take conversations now."""

    def __init__(
        self,
        runner: Runner,
        row: SubAccountRow,
        candidates: Sequence[Any],
        action: Callable[[int | None, bool], Any],
        *,
        delete: bool,
        can_penalise: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "subaccount_handover", parent)
        self.action = action
        self.setWindowTitle(self.tr("删除子账号（登记离职）") if delete else self.tr("冻结子账号"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        if delete:
            text = self.tr(
                "删除后 {nick} 立即退出登录，不能再登录；聊天记录和操作记录都会保留，"
                "以后可以在“离职员工”里重新任用。"
            ).format(nick=row.nick)
        else:
            text = self.tr("冻结后 {nick} 立即退出登录，解冻前不能登录。").format(nick=row.nick)
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.target = QComboBox()
        self.target.setObjectName("subaccount_handover.target")
        self.target.addItem(self.tr("交回分流（每个会话重新分配）"), None)
        for c in candidates:
            name = f"{c.nick}（{c.alias}）" if c.alias else c.nick
            self.target.addItem(self.tr("{name} · {group} · 在线").format(name=name, group=c.group_name), c.account_id)
        form.addRow(self.tr("未结束的会话交给"), self.target)
        layout.addLayout(form)
        note = QLabel(self.tr("只列出现在能接待的客服：正常状态、参与分流、在线、在分流分组里。")
                      if candidates else self.tr("现在没有其他能接待的客服在线，会话将交回分流（排队或交给代理账号）。"))
        note.setObjectName("subaccount_handover.note")
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.penalty = QCheckBox(self.tr("处罚冻结（3 个月内不能删除）"))
        self.penalty.setObjectName("subaccount_handover.penalty")
        self.penalty.setVisible(not delete and can_penalise)
        layout.addWidget(self.penalty)
        layout.addWidget(self.error)
        layout.addLayout(self._buttons(self.tr("删除") if delete else self.tr("冻结"), danger=True))

    def work(self) -> Callable[[], Any] | None:
        target, penalty, action = self.target.currentData(), self.penalty.isChecked(), self.action
        return lambda: action(target, penalty)


class VerifyDialog(_RunnerDialog):
    """子账号认证: the person's name and ID number (only the last 4 digits are kept)."""

    def __init__(
        self, runner: Runner, row: SubAccountRow, action: Callable[[str, str], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(runner, "subaccount_verify", parent)
        self.action = action
        self.setWindowTitle(self.tr("子账号认证：{nick}").format(nick=row.nick))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        note = QLabel(self.tr("登记使用这个子账号的员工身份。一个身份证在本店只能认证一个子账号；只保存身份证后 4 位。"))
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        layout.addWidget(note)
        form = QFormLayout()
        self.person = QLineEdit()
        self.person.setObjectName("subaccount_verify.person")
        self.id_number = QLineEdit()
        self.id_number.setObjectName("subaccount_verify.id_number")
        self.id_number.setMaxLength(18)
        form.addRow(self.tr("姓名"), self.person)
        form.addRow(self.tr("身份证号"), self.id_number)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(self._buttons(self.tr("认证")))

    def work(self) -> Callable[[], Any] | None:
        person, number, action = self.person.text(), self.id_number.text(), self.action
        return lambda: action(person, number)


class PasswordDialog(_RunnerDialog):
    def __init__(
        self, runner: Runner, row: SubAccountRow, action: Callable[[str], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(runner, "subaccount_password", parent)
        self.action = action
        title = self.tr("重置密码：{nick}") if row.password_set else self.tr("设置密码：{nick}")
        self.setWindowTitle(title.format(nick=row.nick))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setObjectName("subaccount_password.password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setObjectName("subaccount_password.password2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("新密码"), self.password)
        form.addRow(self.tr("确认密码"), self.password2)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(self._buttons(self.tr("保存")))

    def work(self) -> Callable[[], Any] | None:
        if self.password.text() != self.password2.text():
            self.fail(UserError(self.tr("两次输入的密码不一致。")))
            return None
        password, action = self.password.text(), self.action
        return lambda: action(password)


class ImportDialog(_RunnerDialog):
    """Preview of an import: every problem of every row, the new accounts and the changes to
    existing ones (matched by nick); nothing is written unless every row is good."""

    def __init__(self, runner: Runner, preview: Any, action: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(runner, "subaccount_import", parent)
        self.action = action
        self.setWindowTitle(self.tr("导入子账号"))
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        self.summary = QLabel(self._summary(preview))
        self.summary.setObjectName("subaccount_import.summary")
        self.summary.setWordWrap(True)
        if preview.errors:
            self.summary.setProperty("role", "error")
        layout.addWidget(self.summary)
        self.errors = QListWidget()
        self.errors.setObjectName("subaccount_import.errors")
        self.errors.addItems(list(preview.errors))
        self.errors.setVisible(bool(preview.errors))
        layout.addWidget(self.errors, 1)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("subaccount_import.rows")
        self.table.setHorizontalHeaderLabels([self.tr("行"), self.tr("账号"), self.tr("导入后"), self.tr("说明")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        lines: list[tuple[str, ...]] = []
        for r in preview.rows[:1000]:
            lines.append((str(r.line), r.data.name, self.tr("新建"), r.data.bound_phone + ("" if r.password else " · " + self.tr("未设密码"))))
        for u in preview.updates[:1000]:
            changes = "；".join(f"{label}：{old or '—'} → {new or '—'}" for label, old, new in u.changes)
            lines.append((str(u.line), u.nick, self.tr("修改"), changes))
        self.table.setRowCount(len(lines))
        for i, values in enumerate(lines):
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(value))
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.error)
        layout.addLayout(self._buttons(self.tr("导入")))
        self.ok.setObjectName("subaccount_import.commit")
        self.ok.setEnabled(preview.ok)

    def _summary(self, preview: Any) -> str:
        if preview.errors:
            return self.tr("发现 {n} 个问题（每行的每个问题都列在下面）。请改好文件后重新导入；在此之前不会导入任何账号。").format(
                n=len(preview.errors))
        text = self.tr("检查通过：新建 {new} 个子账号，修改 {changed} 个已有账号，{same} 个没有变化。").format(
            new=len(preview.rows), changed=len(preview.updates), same=preview.unchanged)
        if preview.without_password:
            text += " " + self.tr("其中 {n} 个没有密码，将标记为“未设密码”。").format(n=preview.without_password)
        return text + " " + self.tr("新账号需完成认证才能登录。")

    def work(self) -> Callable[[], Any] | None:
        return self.action
