"""帮助 → 诊断 and `zhanggui --self-test`: the Qt checks (the GUI builds, Chinese renders) next
to the service checks (app.services.maintenance.selftest), one line each."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTextLayout
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

# Common characters of the UI; each must map to a real glyph, not the font's .notdef box.
CHINESE_SAMPLE = "掌柜客服子账号分流绩效监控"


def glyphs_missing(text: str, font: QFont | None = None) -> list[str]:
    """The characters of `text` that would be drawn as a box (tofu) with Qt's font fallback."""
    layout = QTextLayout(text, font or QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    found = [index for run in layout.glyphRuns() for index in run.glyphIndexes()]
    if len(found) < len(text):
        return list(text)
    return [ch for ch, index in zip(text, found, strict=False) if index == 0]


def _has_ink(text: str) -> bool:
    image = QImage(400, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return any(image.pixelColor(x, y) != QColor("white") for x in range(0, 400, 2) for y in range(0, 60, 2))


def check_font(text: str = CHINESE_SAMPLE) -> CheckResult:
    missing = glyphs_missing(text)
    if missing or not _has_ink(text):
        return CheckResult("font", FAILED, _(
            "中文字体缺失：{chars} 会显示成方框。请安装中文字体（如 fonts-noto-cjk）。"
        ).format(chars="".join(missing) or text))
    layout = QTextLayout(text, QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    families = sorted({run.rawFont().familyName() for run in layout.glyphRuns()})
    return CheckResult("font", OK, _("中文可以正常显示（字体：{fonts}）。").format(fonts="、".join(families)))


def check_gui() -> CheckResult:
    """The main window builds and paints, and every panel's module loads."""
    try:
        from app.ui.shell.main_window import MainWindow
        from app.ui.shell.registry import PANELS, panel_class

        for spec in PANELS:
            panel_class(spec)
        window = MainWindow()
        window.show()
        QCoreApplication.processEvents()
        painted = not window.grab().isNull()
        window.close()
        window.deleteLater()
    except Exception as exc:
        return CheckResult("gui", FAILED, _("界面无法构建：{error}").format(error=exc))
    if not painted:
        return CheckResult("gui", FAILED, _("界面无法绘制。"))
    platform = QApplication.platformName()
    return CheckResult("gui", OK, _("界面可以构建（{platform}，{count} 个面板）。").format(
        platform=platform, count=len(PANELS)))


def all_checks(url: str) -> list[CheckResult]:
    return [check_gui(), check_font(), *service_checks(url)]


def run_self_test(url: str, lang: str | None) -> int:
    """`zhanggui --self-test`: print one line per check; 1 when any check failed."""
    import os
    import sys

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from app.ui.shell import i18n_qt

    i18n_qt.install(app, lang)  # type: ignore[arg-type]
    results = all_checks(url)
    for result in results:
        print(result.line(), flush=True)
    code = exit_code(results)
    print(_("自检通过。") if code == 0 else _("自检未通过。"))
    return code


class DiagnosticsDialog(QDialog):
    """帮助 → 诊断: the same checks, run off the GUI thread where they can be."""

    def __init__(self, url: str, runner, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
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


__all__ = ["OK", "FAILED", "DiagnosticsDialog", "all_checks", "check_font", "check_gui", "run_self_test"]
