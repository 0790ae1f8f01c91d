"""The 客服绩效 tab's file actions: import chat logs, orders and ratings (with progress and the
list of bad lines) and export the report (Excel, CSV, JSON) — a mixin of `MonitoringPanel`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QMessageBox, QPushButton, QWidget

from app.services.common.changes import Area
from app.services.common.errors import UserError
from app.ui.monitoring.widgets import ImportErrorsDialog, Progress

EXPORT_FORMATS = ("xlsx", "csv", "json")

# For the type checker the mixin is a widget (the panel it is mixed into is one); at run time
# it stays a plain class so the panel's MRO is unchanged.
if TYPE_CHECKING:
    _WidgetMixin = QWidget
else:
    _WidgetMixin = object


class FileActions(_WidgetMixin):
    """Import and export for the monitoring panel (which provides ctx, report, extras,
    tr(), show_error(), data_changed, _reload() and the import progress bar)."""

    ctx: Any
    report: Any
    extras: Any
    can_export: bool
    can_import: bool
    report_note: Any
    import_progress: Any
    import_button: Any
    data_changed: Any
    _progress: Any
    import_errors_dialog: ImportErrorsDialog | None

    def show_error(self, exc: Exception) -> None:  # provided by Panel
        raise NotImplementedError

    def _reload(self) -> None:  # provided by the panel
        raise NotImplementedError

    def _add_file_buttons(self, header: QHBoxLayout) -> None:
        self.import_kind = QComboBox()
        self.import_kind.setObjectName("monitoring.import.kind")
        self.import_kind.addItem(self.tr("聊天记录（CSV）"), "chats")
        self.import_kind.addItem(self.tr("订单（CSV）"), "orders")
        self.import_kind.addItem(self.tr("评价（CSV）"), "ratings")
        self.import_kind.setToolTip(self.tr("要导入的文件类型"))
        self.import_button = QPushButton(self.tr("导入…"))
        self.import_button.setObjectName("monitoring.import")
        self.import_button.setToolTip(self.tr("从 CSV 文件导入聊天记录、订单或评价"))
        self.import_button.clicked.connect(self.start_import)
        self.import_button.setEnabled(self.can_import)
        self.import_kind.setEnabled(self.can_import)
        if not self.can_import:
            self.import_button.setToolTip(self.tr("没有导入权限"))
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setObjectName("monitoring.export")
        self.export_button.setToolTip(
            self.tr("把当前报表导出为 Excel、CSV 或 JSON") if self.can_export else self.tr("没有导出权限")
        )
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        header.addWidget(self.import_kind)
        header.addWidget(self.import_button)
        header.addWidget(self.export_button)

    # -- export -------------------------------------------------------------------------
    def export(self) -> None:
        if self.report is None or not self.can_export:
            return
        report, extras, actor = self.report, self.extras, self.ctx.actor
        default = f"agents-{report.date_from.isoformat()}-{report.date_to.isoformat()}.xlsx"
        filters = ";;".join(
            (self.tr("Excel 工作簿 (*.xlsx)"), self.tr("CSV 文件 (*.csv)"), self.tr("JSON 文件 (*.json)"))
        )
        path, selected = QFileDialog.getSaveFileName(self, self.tr("导出绩效报表"), default, filters)
        if not path:
            return
        suffix = Path(path).suffix.lower().lstrip(".")
        if suffix not in EXPORT_FORMATS:
            suffix = next((fmt for fmt in EXPORT_FORMATS if f"*.{fmt}" in (selected or "")), "xlsx")
            path = f"{path}.{suffix}"
        fmt = suffix

        def job() -> str:
            from app.services.reporting.reports import export_report

            export_report(actor, report, fmt, path, extras)
            return path

        self.export_button.setEnabled(False)
        self.ctx.runner.run(job, self._export_done, self._export_failed)

    def _export_done(self, path: str) -> None:
        self.export_button.setEnabled(self.can_export)
        self.report_note.setText(self.tr("已导出到 {path}").format(path=path))

    def _export_failed(self, exc: Exception) -> None:
        self.export_button.setEnabled(self.can_export)
        self.show_error(exc)

    # -- import -------------------------------------------------------------------------
    def start_import(self) -> None:
        kind = self.import_kind.currentData()
        path, _selected = QFileDialog.getOpenFileName(
            self,
            self.tr("导入{kind}").format(kind=self.import_kind.currentText()),
            "",
            self.tr("CSV 文件 (*.csv);;所有文件 (*)"),
        )
        if not path:
            return
        services, actor = self.ctx.services, self.ctx.actor
        progress = Progress(self)
        progress.changed.connect(self._import_progress)
        self._progress = progress
        callback = progress.callback()
        self.import_button.setEnabled(False)
        self.import_progress.setValue(0)
        self.import_progress.setVisible(True)
        self.ctx.runner.run(
            lambda: services.imports.import_file(actor, kind, path, progress=callback),
            self._import_done,
            self._import_failed,
        )

    def _import_progress(self, done: int, total: int) -> None:
        if total <= 0:
            self.import_progress.setRange(0, 0)  # busy indicator
        else:
            self.import_progress.setRange(0, total)
            self.import_progress.setValue(done)

    def _import_finished(self) -> None:
        self.import_button.setEnabled(self.can_import)
        self.import_progress.setVisible(False)
        if self._progress is not None:
            self._progress.deleteLater()
            self._progress = None

    def _import_done(self, result: Any) -> None:
        self._import_finished()
        QMessageBox.information(
            self,
            self.tr("导入完成"),
            self.tr("共 {rows} 行：新增 {added} 行，已存在而跳过 {skipped} 行。").format(
                rows=result.rows, added=result.added, skipped=result.skipped
            ),
        )
        self.data_changed.emit(Area.CONVERSATIONS)
        self._reload()

    def _import_failed(self, exc: Exception) -> None:
        self._import_finished()
        if isinstance(exc, UserError) and exc.details:
            if self.import_errors_dialog is not None:
                self.import_errors_dialog.close()
            dialog = ImportErrorsDialog(exc.message, list(exc.details), self)
            self.import_errors_dialog = dialog
            dialog.open()
        else:
            self.show_error(exc)


    # -- rebuilding the report summaries (an upgraded database) -------------------------
    def start_rebuild(self, if_missing: int) -> None:
        """When at least `if_missing` conversations have no report summary (an upgraded
        database), make them all again on the worker with the progress bar, which shows only
        once the work starts; the report loads afterwards."""
        services, actor = self.ctx.services, self.ctx.actor
        progress = Progress(self)
        progress.changed.connect(self._rebuild_progress)
        self._progress = progress
        callback = progress.callback()
        self.ctx.runner.run(
            lambda: services.reports.rebuild_summaries(actor, callback, if_missing=if_missing),
            self._rebuild_done,
            self._rebuild_failed,
        )

    def _rebuild_progress(self, done: int, total: int) -> None:
        if not self.import_progress.isVisible():
            self.import_button.setEnabled(False)
            self.import_progress.setVisible(True)
            self.report_note.setText(self.tr("正在重建报表汇总（升级后只需一次）…"))
        self._import_progress(done, total)

    def _rebuild_done(self, count: int) -> None:
        self._import_finished()
        if count:
            self.report_note.setText(self.tr("报表汇总已重建"))
        self._reload()

    def _rebuild_failed(self, exc: Exception) -> None:
        self._import_finished()
        self.show_error(exc)
