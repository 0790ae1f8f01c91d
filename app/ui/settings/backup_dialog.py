"""设置 → 备份与恢复: the shop's backups, a backup now, a restore from a file (checked before
anything is replaced; the console then reopens and asks for sign-in), and how many daily
automatic backups to keep."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.maintenance.backup import BackupEntry, BackupInfo, RestoreResult
from app.ui.common.panel import PanelContext
from app.ui.common.table_model import Column, FilterProxy, RowTableModel, selected_row
from app.ui.common.widgets import error_text


class BackupDialog(QDialog):
    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.services.maintenance import settings

        self.ctx = ctx
        self.url = ctx.services.db.url
        self.setObjectName("dialog.backup")
        self.setWindowTitle(self.tr("备份与恢复"))
        self.status = QLabel()
        self.status.setObjectName("backup.status")
        self.status.setWordWrap(True)
        kinds = {"auto": self.tr("每日自动"), "pre": self.tr("升级前"), "manual": self.tr("手动")}
        self.model = RowTableModel([
            Column("taken_at", self.tr("时间（UTC）")),
            Column("kind", self.tr("类型"), fmt=lambda k: kinds.get(k, k)),
            Column("size_kb", self.tr("大小（KB）"), numeric=True),
            Column("name", self.tr("文件")),
        ], self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("backup.list")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.create_button = QPushButton(self.tr("立即备份"))
        self.create_button.setObjectName("backup.create")
        self.create_button.clicked.connect(self.create_backup)
        self.restore_selected = QPushButton(self.tr("恢复选中的备份…"))
        self.restore_selected.setObjectName("backup.restore_selected")
        self.restore_selected.clicked.connect(self._restore_selected)
        self.restore_file = QPushButton(self.tr("从文件恢复…"))
        self.restore_file.setObjectName("backup.restore_file")
        self.restore_file.clicked.connect(self._restore_from_file)
        self.keep = QSpinBox()
        self.keep.setObjectName("backup.keep")
        self.keep.setRange(1, 365)
        self.keep.setValue(settings.load().backups_kept)
        self.keep.valueChanged.connect(self._keep_changed)
        row = QHBoxLayout()
        for widget in (self.create_button, self.restore_selected, self.restore_file):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(QLabel(self.tr("保留每日自动备份（份）")))
        row.addWidget(self.keep)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("backup.buttons")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self.refresh()

    # -- reading ------------------------------------------------------------------------
    def refresh(self) -> None:
        from app.services.maintenance.backup import list_backups, sqlite_file
        from app.services.maintenance.sqlite_files import backup_folder

        try:
            folder = backup_folder(sqlite_file(self.url))
        except Exception as exc:  # a server database: its own tools back it up
            self.status.setText(error_text(exc))
            for widget in (self.create_button, self.restore_selected, self.restore_file, self.keep):
                widget.setEnabled(False)
            return
        self.status.setText(self.tr("备份文件夹：{folder}").format(folder=folder))
        url = self.url
        self.ctx.runner.run(lambda: list_backups(url), self._listed, self._failed)

    def _listed(self, entries: list[BackupEntry]) -> None:
        self.model.set_rows(entries)
        for column in range(3):
            self.table.resizeColumnToContents(column)

    def _failed(self, exc: Exception) -> None:
        self.create_button.setEnabled(True)
        QMessageBox.warning(self, self.tr("备份与恢复"), error_text(exc))

    # -- actions --------------------------------------------------------------------------
    def _keep_changed(self, value: int) -> None:
        from app.services.maintenance import settings

        settings.save(settings.load().with_changes(backups_kept=value))

    def create_backup(self) -> None:
        from app.services.maintenance.backup import create_backup, record, require_owner

        actor, url, clock = self.ctx.actor, self.url, self.ctx.services.clock
        credentials = self.ctx.services.credentials

        def work() -> BackupInfo:
            require_owner(actor)
            info = create_backup(url, clock=clock)
            record(url, actor, "backup.create", info.path, credentials)
            return info

        self.create_button.setEnabled(False)
        self.ctx.runner.run(work, self._created, self._failed)

    def _created(self, info: BackupInfo) -> None:
        self.create_button.setEnabled(True)
        self.refresh()
        self.status.setText(self.tr("已备份到 {path}").format(path=info.path))

    def _restore_selected(self) -> None:
        row = selected_row(self.table)
        if row is None:
            QMessageBox.information(self, self.tr("备份与恢复"), self.tr("请先在列表中选择一个备份。"))
            return
        self.restore(row.path)

    def _restore_from_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("选择备份文件"), "",
                                                    self.tr("掌柜备份 (*.sqlite3);;所有文件 (*)"))
        if path:
            self.restore(path)

    def restore(self, path: str, *, confirm: bool = True) -> None:
        from pathlib import Path

        from app.services.maintenance.backup import (
            inspect_backup,
            record,
            require_owner,
            restore_backup,
        )

        actor, url, credentials = self.ctx.actor, self.url, self.ctx.services.credentials
        if confirm and QMessageBox.question(self, self.tr("恢复备份"), self.tr(
                "用这个备份替换整个店铺？当前店铺会另存一份在数据库旁，之后需要重新登录。\n{path}"
        ).format(path=path)) != QMessageBox.StandardButton.Yes:
            return

        def work() -> RestoreResult:
            require_owner(actor)
            inspect_backup(Path(path))  # refused before anything is touched
            result = restore_backup(url, Path(path))
            record(url, None, "backup.restore", Path(path), credentials)  # the actor may not exist in the backup
            return result

        self.ctx.runner.run(work, self._restored, self._failed)

    def _restored(self, result: RestoreResult) -> None:
        from app.ui.settings import lifecycle

        QMessageBox.information(self, self.tr("恢复备份"), self.tr(
            "已恢复。被替换的店铺保存在：{path}\n掌柜将重新打开，请再次登录。"
        ).format(path=result.replaced_copy or "-"))
        self.accept()
        lifecycle.request_restart(self.url)
