"""The application's top-level flow: database → set-up or sign-in → main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.i18n import _
from app.services.accounts.permissions import Actor
from app.services.common.errors import UserError
from app.services.container import Services
from app.ui.common.panel import PanelContext
from app.ui.shell.main_window import MainWindow
from app.ui.shell.sign_in import LoginDialog, SetupDialog
from app.ui.shell.workers import Runner


class AppController(QObject):
    def __init__(self, *, db_url: str | None, demo: bool, screenshots: Path | None, headless: bool) -> None:
        super().__init__()
        self.db_url = db_url
        self.demo = demo
        self.screenshots = screenshots
        self.headless = headless
        self.runner = Runner(self)
        self.runner.retry_prompt = self._offer_retry
        self.services: Services | None = None
        self.window: MainWindow | None = None
        self.exit_code: int | None = None

    def _offer_retry(self, exc: UserError) -> bool:
        """The database stayed busy (another console's import): try again, or give up."""
        if self.headless:
            return False
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("数据库正忙"), exc.message,
                          QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("dialog.busy")
        box.setDefaultButton(QMessageBox.StandardButton.Retry)
        return box.exec() == QMessageBox.StandardButton.Retry

    # -- start ------------------------------------------------------------------------
    def start(self) -> None:
        if self.demo:
            # Paint the window frame at once; the demo data arrives from the worker.
            self.window = MainWindow()
            self.window.show()
            self.runner.run(self._open_demo, self._demo_ready, self._fatal)
        else:
            self.runner.run(self._open, self._opened, self._fatal)

    def _url(self) -> str:
        from app.paths import default_db_url, demo_db_url

        if self.demo:
            return demo_db_url()
        return self.db_url or default_db_url()

    def _open(self) -> tuple[Services, bool]:
        services = Services.open(self._url())
        return services, services.shop.exists()

    def _open_demo(self) -> tuple[Services, Actor]:
        from app.services.demo import seed_demo_shop

        services = Services.open(self._url())
        seed_demo_shop(services)
        return services, services.auth.owner_actor()

    def _fatal(self, exc: Exception) -> None:
        text = exc.message if isinstance(exc, UserError) else str(exc)
        print(text, file=sys.stderr)
        self.exit_code = 2 if isinstance(exc, UserError) else 1
        if not self.headless:
            QMessageBox.critical(None, _("掌柜无法启动"), text)
        QApplication.quit()

    # -- normal flow --------------------------------------------------------------------
    def _opened(self, result: tuple[Services, bool]) -> None:
        self.services, has_shop = result
        if not has_shop:
            setup = SetupDialog(self.services, self.runner)
            if self.headless or setup.exec() != QDialog.DialogCode.Accepted:
                if self.headless:
                    print(_("这个数据库还没有店铺：请在有屏幕的环境下运行首次设置，或使用 zhanggui init。"), file=sys.stderr)
                    self.exit_code = 2
                QApplication.quit()
                return
        self._ask_sign_in()

    def _ask_sign_in(self) -> None:
        assert self.services is not None
        dialog = LoginDialog(self.services, self.runner)
        if self.headless:
            print(_("没有屏幕：无法交互登录。可用 --demo 查看演示店铺。"), file=sys.stderr)
            self.exit_code = 2
            QApplication.quit()
            return
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.actor is not None:
            self._show_main(dialog.actor)
        else:
            QApplication.quit()

    def _show_main(self, actor: Actor) -> None:
        assert self.services is not None
        if self.window is None:
            self.window = MainWindow()
        self.window.attach(PanelContext(self.services, actor, self.runner))
        self.window.signed_out.connect(self._signed_out)
        self.window.show()

    def _signed_out(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        self._ask_sign_in()

    # -- demo flow ----------------------------------------------------------------------
    def _demo_ready(self, result: tuple[Services, Actor]) -> None:
        self.services, actor = result
        assert self.window is not None
        self.window.attach(PanelContext(self.services, actor, self.runner))
        if self.screenshots is not None:
            QTimer.singleShot(0, self._take_screenshots)
        elif self.headless:
            QTimer.singleShot(0, self._headless_snapshot)
        else:
            # the demo shop comes alive: simulated buyers arrive and simulated agents answer
            services = self.services
            self.runner.run(lambda: services.simulator(actor).start())  # reads the team first

    def _headless_snapshot(self) -> None:
        from app.paths import user_data_dir

        assert self.window is not None
        self.runner.wait_idle()
        QApplication.processEvents()
        path = user_data_dir() / "screenshot.png"
        self.window.grab().save(str(path))
        print(_("没有屏幕：已在后台打开演示店铺，截图保存在 {path}").format(path=path))
        self.exit_code = 0
        QApplication.quit()

    def _take_screenshots(self) -> None:
        from app.ui.shell.screenshots import save_all

        assert self.window is not None and self.services is not None and self.screenshots is not None
        saved = save_all(self.window, self.services, self.runner, self.screenshots)
        for path in saved:
            print(path)
        self.exit_code = 0
        QApplication.quit()
