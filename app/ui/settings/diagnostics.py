"""帮助 → 诊断: the self-test's checks inside the running program (the window is already up,
so the GUI check is that it runs), one line each; the service checks run off the GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.maintenance.selftest import FAILED, OK, CheckResult, exit_code, service_checks
from app.ui.settings.fonts import check_font

if TYPE_CHECKING:
    from app.ui.shell.workers import Runner


class DiagnosticsDialog(QDialog):
    """帮助 → 诊断: the same checks, run off the GUI thread where they can be."""

    def __init__(self, url: str, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog.diagnostics")
        self.setWindowTitle(self.tr("诊断"))
        self.resize(640, 320)
        self.output = QPlainTextEdit()
        self.output.setObjectName("diagnostics.output")
        self.output.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("diagnostics.buttons")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.output)
        layout.addWidget(buttons)
        running = CheckResult("gui", OK, _("界面正在运行（{platform}）。").format(platform=QApplication.platformName()))
        self.results: list[CheckResult] = [running, check_font()]
        self._show()
        self.output.appendPlainText(self.tr("正在检查…"))
        runner.run(lambda: service_checks(url), self._done, self._failed)

    def _show(self) -> None:
        self.output.setPlainText("\n".join(r.line() for r in self.results))

    def _done(self, results: list[CheckResult]) -> None:
        self.results += results
        self._show()
        ok = exit_code(self.results) == 0
        self.output.appendPlainText(self.tr("自检通过。") if ok else self.tr("自检未通过。"))

    def _failed(self, exc: Exception) -> None:
        self.results.append(CheckResult("internal", FAILED, str(exc)))
        self._show()
