"""子账号 › 导出配置 / 导入配置: the shop's set-up as one JSON file (docs/config.md).

Importing first runs the file as a dry run and shows what it would add and change (old →
new), or every problem with its JSON path; only "应用" writes, in one transaction. The
service checks the permissions (子账号 › 新建/编辑, 角色管理, 分流设置); the buttons are only
hidden from accounts that lack them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.common.errors import UserError
from app.services.shopfile.changes import ADDED, CHANGED, UNCHANGED  # light: no service
from app.ui.common.table_model import Column, FilterProxy, RowTableModel
from app.ui.common.widgets import error_label, error_text

if TYPE_CHECKING:
    from app.services.shopfile.changes import ApplyResult
    from app.ui.accounts.subaccounts_panel import SubAccountsPanel
    from app.ui.common.panel import Panel
    from app.ui.shell.workers import Runner

NEEDED = ("subaccounts.edit", "subaccounts.roles", "cs.routing")
TOUCHED = frozenset({"accounts", "roles", "routing", "settings"})  # what an apply may change


def add_config_buttons(panel: SubAccountsPanel, row: QHBoxLayout) -> QPushButton:
    """The 配置文件 button (a menu: 导出配置 / 导入配置) for the sub-accounts panel's header."""
    button = QPushButton(panel.tr("配置文件"))
    button.setObjectName("subaccounts.config")
    button.setToolTip(panel.tr("把角色、子账号和分流设置导出为一个文件，或从文件导入（先预览）"))
    menu = QMenu(button)
    menu.setObjectName("subaccounts.config_menu")
    export = QAction(panel.tr("导出配置…"), panel)
    export.setObjectName("subaccounts.config_export")
    export.triggered.connect(lambda: export_config(panel))
    apply = QAction(panel.tr("导入配置…"), panel)
    apply.setObjectName("subaccounts.config_import")
    apply.triggered.connect(lambda: import_config(panel))
    menu.addActions([export, apply])
    button.setMenu(menu)
    allowed = all(panel.ctx.actor.can(code) for code in NEEDED)
    for widget in (button, export, apply):
        widget.setVisible(allowed)
    export.setEnabled(allowed)
    apply.setEnabled(allowed)
    row.addWidget(button)
    return button


def export_config(panel: Panel, path: str | None = None) -> None:
    if path is None:
        path, _filter = QFileDialog.getSaveFileName(
            panel, panel.tr("导出配置"), str(Path.home() / "shop-config.json"), panel.tr("JSON 文件 (*.json)"))
        if not path:
            return
    services, actor = panel.ctx.services, panel.ctx.actor

    def work() -> str:
        return str(services.shopfile.export_file(actor, path))

    def done(file: str) -> None:
        QMessageBox.information(panel, panel.tr("导出配置"), panel.tr("店铺设置已导出到 {file}").format(file=file))

    panel.ctx.runner.run(work, done, panel.show_error)


def import_config(panel: SubAccountsPanel, path: str | None = None) -> ConfigImportDialog | None:
    if path is None:
        path, _filter = QFileDialog.getOpenFileName(
            panel, panel.tr("导入配置"), "", panel.tr("JSON 文件 (*.json)"))
        if not path:
            return None
    services, actor = panel.ctx.services, panel.ctx.actor
    source = Path(path)

    def run(dry_run: bool, password: str | None = None) -> ApplyResult:
        from app.services.shopfile.document import read_file  # on the worker, when used

        return services.shopfile.apply(actor, read_file(str(source)), dry_run=dry_run, source=source.name,
                                       step_up_password=password)

    dialog = ConfigImportDialog(panel.ctx.runner, source.name, run, panel)
    panel.dialog = dialog  # the open dialog, for tests and screenshots

    def applied(_result: ApplyResult) -> None:
        panel.data_changed.emit(TOUCHED)
        panel.refresh()

    dialog.succeeded.connect(applied)
    dialog.open()
    dialog.start()
    return dialog


class ConfigImportDialog(QDialog):
    """The dry run's changes (or problems), then 应用 on confirmation."""

    succeeded = Signal(object)

    def __init__(self, runner: Runner, name: str, run: Callable[[bool, str | None], ApplyResult],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.run = runner, run
        self.preview: ApplyResult | None = None  # the dry run's result, once it is in
        self.setObjectName("dialog.config_import")
        self.setWindowTitle(self.tr("导入配置：{name}").format(name=name))
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        self.summary = QLabel(self.tr("正在检查文件…"))
        self.summary.setObjectName("config_import.summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems = QListWidget()
        self.problems.setObjectName("config_import.problems")
        self.problems.hide()
        layout.addWidget(self.problems, 1)
        self.only_changes = QCheckBox(self.tr("只看新增和修改"))
        self.only_changes.setObjectName("config_import.only_changes")
        self.only_changes.setChecked(True)
        self.only_changes.toggled.connect(self._filter)
        layout.addWidget(self.only_changes)
        self.model = RowTableModel(self._columns(), self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("config_import.changes")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 3)
        self.error = error_label("config_import.error")
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel = QPushButton(self.tr("取消"))
        self.cancel.setObjectName("config_import.cancel")
        self.cancel.clicked.connect(self.reject)
        self.ok = QPushButton(self.tr("应用"))
        self.ok.setObjectName("config_import.apply")
        self.ok.setProperty("accent", True)
        self.ok.setEnabled(False)
        self.ok.clicked.connect(self.confirm)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok)
        layout.addLayout(buttons)
        self._filter(True)

    def _columns(self) -> list[Column]:
        kinds = {ADDED: self.tr("新增"), CHANGED: self.tr("修改"), UNCHANGED: self.tr("不变")}
        return [
            Column("kind", self.tr("变化"), fmt=lambda k: kinds.get(k, k)),
            Column("section", self.tr("部分")),
            Column("item", self.tr("项目")),
            Column("detail", self.tr("旧值 → 新值"), tooltip=lambda c: "\n".join(c.field_lines())),
        ]

    def _filter(self, only: bool) -> None:
        self.proxy.set_predicate((lambda c: c.kind != UNCHANGED) if only else None)

    def start(self) -> None:
        """The dry run, off the GUI thread."""
        self.runner.run(lambda: self.run(True, None), self._previewed, self._refused)

    def _previewed(self, result: ApplyResult) -> None:
        self.preview = result
        self.model.set_rows(list(result.changes))
        self.summary.setText(result.summary())
        self.ok.setEnabled(not result.nothing_to_change)
        if not result.nothing_to_change:
            self.ok.setFocus()

    def _refused(self, exc: Exception) -> None:
        self.summary.setProperty("role", "error")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)
        if isinstance(exc, UserError):
            self.summary.setText(exc.message)
            self.problems.addItems(exc.details)
            self.problems.setVisible(bool(exc.details))
        else:
            self.summary.setText(str(exc))
        self.only_changes.hide()
        self.table.hide()
        self.ok.setEnabled(False)

    def confirm(self) -> None:
        password = None
        if self.preview is not None and self.preview.changes_phones:
            password = self.ask_password()
            if password is None:
                return
        self.error.hide()
        self.ok.setEnabled(False)
        self.runner.run(lambda: self.run(False, password), self._applied, self._failed)

    def ask_password(self) -> str | None:
        """The main account's password again: the file re-binds phones (the service checks it)."""
        box = QInputDialog(self)
        box.setObjectName("config_import.password")
        box.setWindowTitle(self.tr("确认身份"))
        box.setLabelText(self.tr("这个文件会修改已绑定的手机号。请再次输入主账号的登录密码："))
        box.setTextEchoMode(QLineEdit.EchoMode.Password)
        return box.textValue() if box.exec() else None

    def _applied(self, result: ApplyResult) -> None:
        self.succeeded.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.ok.setEnabled(True)
        self.error.setText(error_text(exc))
        self.error.show()
