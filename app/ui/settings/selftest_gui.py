"""`zhanggui --self-test`: the Qt checks (the main window builds and paints, every panel's
module loads, Chinese renders) and the service checks, one line each; exit 1 on a failure.
Only the command line imports this module (it builds a MainWindow of its own)."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.i18n import _
from app.services.maintenance.selftest import FAILED, OK, CheckResult, exit_code, service_checks
from app.ui.settings.fonts import check_font


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
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from app.ui.shell import i18n_qt

    assert isinstance(app, QApplication)  # widgets need a QApplication, not a bare QCoreApplication
    i18n_qt.install(app, lang)
    results = all_checks(url)
    for result in results:
        print(result.line(), flush=True)
    code = exit_code(results)
    print(_("自检通过。") if code == 0 else _("自检未通过。"))
    return code
