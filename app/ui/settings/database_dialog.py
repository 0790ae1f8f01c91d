"""设置 → 数据库: test an address (server version, latency, what is in it), then switch this
console to it. The address is remembered without its password (per-user settings); the
password goes to the OS keyring, never to a file."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.maintenance.connection import ProbeResult
from app.ui.common.panel import PanelContext
from app.ui.common.widgets import error_text


def switch_plan(url: str, password: str) -> tuple[str, str | None]:
    """(address without password, password) from what the user typed in either field."""
    from app.services.maintenance.connection import split_password

    bare, inline = split_password(url.strip())
    return bare, (password or inline or None)


def apply_switch(ctx: PanelContext, bare: str, password: str | None) -> tuple[str, bool]:
    """Remember the choice; returns (the full address to open now, whether the password is kept).
    Runs off the GUI thread (the keyring may be slow)."""
    from app.services.maintenance import settings
    from app.services.maintenance.backup import require_owner
    from app.services.maintenance.connection import remember_password, with_password

    require_owner(ctx.actor)
    kept = True
    if password:
        try:
            remember_password(ctx.services.credentials, bare, password)
        except Exception:  # no usable keyring: this session only, never a file
            kept = False
    settings.save(settings.load().with_changes(database_url=bare))
    return with_password(bare, password), kept


class DatabaseDialog(QDialog):
    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dialog.database")
        self.setWindowTitle(self.tr("数据库"))
        self.probed: ProbeResult | None = None
        current = QLabel(self.tr("当前：{url}").format(url=ctx.services.db.display_url))
        current.setObjectName("database.current")
        current.setWordWrap(True)
        self.url = QLineEdit()
        self.url.setObjectName("database.url")
        self.url.setPlaceholderText("postgresql://user@host:5432/shop")
        self.password = QLineEdit()
        self.password.setObjectName("database.password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("数据库地址"), self.url)
        form.addRow(self.tr("密码"), self.password)
        self.verdict = QLabel(self.tr("先测试连接，再切换。密码只保存在系统钥匙串中。"))
        self.verdict.setObjectName("database.result")
        self.verdict.setWordWrap(True)
        self.test_button = QPushButton(self.tr("测试连接"))
        self.test_button.setObjectName("database.test")
        self.test_button.clicked.connect(self.test_connection)
        self.switch_button = QPushButton(self.tr("切换到此数据库"))
        self.switch_button.setObjectName("database.switch")
        self.switch_button.setEnabled(False)
        self.switch_button.clicked.connect(self.switch)
        self.copy_button = QPushButton(self.tr("把本店复制到这里并切换"))
        self.copy_button.setObjectName("database.copy_here")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_here)
        self.default_button = QPushButton(self.tr("改回本机默认数据库"))
        self.default_button.setObjectName("database.use_default")
        self.default_button.clicked.connect(self.use_default)
        row = QHBoxLayout()
        for button in (self.test_button, self.switch_button, self.copy_button, self.default_button):
            row.addWidget(button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("database.buttons")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(current)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.verdict)
        layout.addWidget(buttons)
        self.url.textChanged.connect(self._edited)
        self.password.textChanged.connect(self._edited)
        self.resize(600, self.sizeHint().height())

    def _edited(self) -> None:
        self.probed = None
        self.switch_button.setEnabled(False)
        self.copy_button.setEnabled(False)

    def test_connection(self) -> None:
        from app.services.maintenance.connection import probe, with_password

        try:
            bare, password = switch_plan(self.url.text(), self.password.text())
        except Exception as exc:
            self._failed(exc)
            return
        full = with_password(bare, password)
        self.test_button.setEnabled(False)
        self.verdict.setText(self.tr("正在连接…"))
        self.ctx.runner.run(lambda: probe(full), self._probed, self._failed)

    def _probed(self, result: ProbeResult) -> None:
        self.test_button.setEnabled(True)
        self.probed = result
        states = {
            "empty": self.tr("空数据库：切换后可在这里新建店铺，或用“把本店复制到这里并切换”把现有店铺搬过来。"),
            "current": self.tr("已有掌柜店铺数据（结构版本与本程序一致）。"),
            "older": self.tr("已有较早版本的掌柜数据：切换后会先升级。"),
            "newer": self.tr("数据来自更新版本的掌柜：请先升级本程序。"),
            "foreign": self.tr("数据库里有其他程序的数据表：掌柜不会使用它。"),
        }
        self.verdict.setText(self.tr("连接成功：{server}，延迟 {ms:.1f} 毫秒。{state}").format(
            server=result.server_version, ms=result.latency_ms, state=states[result.schema]))
        self.switch_button.setEnabled(result.schema in ("empty", "current", "older"))
        self.copy_button.setEnabled(result.schema == "empty")

    def _failed(self, exc: Exception) -> None:
        self.test_button.setEnabled(True)
        self.probed = None
        self.switch_button.setEnabled(False)
        self.copy_button.setEnabled(False)
        self.verdict.setText(error_text(exc))

    def switch(self) -> None:
        if self.probed is None:
            return
        bare, password = switch_plan(self.url.text(), self.password.text())
        ctx = self.ctx
        self.ctx.runner.run(lambda: apply_switch(ctx, bare, password), self._switched, self._failed)

    def copy_here(self, *, confirm: bool = True) -> None:
        """Move this shop to the tested (empty) database, then switch to it (several seats)."""
        from app.services.maintenance.backup import require_owner
        from app.services.maintenance.connection import with_password
        from app.services.maintenance.dbcopy import copy_database

        if self.probed is None or self.probed.schema != "empty":
            return
        if confirm and QMessageBox.question(self, self.tr("复制店铺"), self.tr(
                "把本店的全部数据复制到 {url}，然后切换到它？本机的店铺文件保持不变。").format(url=self.probed.url)
        ) != QMessageBox.StandardButton.Yes:
            return
        bare, password = switch_plan(self.url.text(), self.password.text())
        ctx, source = self.ctx, self.ctx.services.db.url

        def work() -> tuple[str, bool]:
            require_owner(ctx.actor)
            copy_database(source, with_password(bare, password))
            return apply_switch(ctx, bare, password)

        self.copy_button.setEnabled(False)
        self.verdict.setText(self.tr("正在复制店铺…"))
        self.ctx.runner.run(work, self._switched, self._failed)

    def _switched(self, outcome: tuple[str, bool]) -> None:
        from app.ui.settings import lifecycle

        full, kept = outcome
        if not kept:
            QMessageBox.warning(self, self.tr("密码未保存"), self.tr(
                "系统钥匙串不可用：这次会用输入的密码连接，但下次启动需要重新输入。"))
        self.accept()
        lifecycle.request_restart(full)

    def use_default(self) -> None:
        from app.paths import default_db_url
        from app.services.maintenance import settings
        from app.ui.settings import lifecycle

        settings.save(settings.load().with_changes(database_url=None))
        self.accept()
        lifecycle.request_restart(default_db_url())
