"""Sign-in dialog and the first-run set-up dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.accounts.permissions import Actor
from app.services.common.errors import UserError
from app.services.container import Services
from app.ui.common.widgets import error_label, error_text
from app.ui.shell.workers import Runner


class LoginDialog(QDialog):
    """Phone (or nick) + password; "remember me" keeps the secret in the OS keyring only."""

    signed_in = Signal(object)  # Actor

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.actor: Actor | None = None
        self.scope = services.db.display_url
        self.setObjectName("dialog.login")
        self.setWindowTitle(self.tr("登录掌柜"))
        self.setMinimumWidth(400)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        title = QLabel(self.tr("掌柜"))
        title.setProperty("role", "brand")
        subtitle = QLabel(self.tr("主账号或子账号登录"))
        subtitle.setProperty("role", "muted")
        layout.addWidget(title)
        layout.addWidget(subtitle)

        form = QFormLayout()
        self.login = QLineEdit()
        self.login.setObjectName("login.account")
        self.login.setPlaceholderText(self.tr("手机号或账号名（店铺名:名字）"))
        self.password = QLineEdit()
        self.password.setObjectName("login.password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        form.addRow(self.tr("账号"), self.login)
        form.addRow(self.tr("密码"), self.password)
        # The main account's authenticator code, asked for once the password was right.
        self.code = QLineEdit()
        self.code.setObjectName("login.two_step_code")
        self.code.setPlaceholderText(self.tr("6 位验证码或恢复码"))
        self.code_label = QLabel(self.tr("验证码"))
        form.addRow(self.code_label, self.code)
        self.code.hide()
        self.code_label.hide()
        layout.addLayout(form)

        self.remember = QCheckBox(self.tr("记住密码（保存在系统钥匙串中）"))
        self.remember.setObjectName("login.remember")
        layout.addWidget(self.remember)
        self.switch = QCheckBox(self.tr("在本机登录，并结束该账号在另一处的登录"))
        self.switch.setObjectName("login.switch")
        self.switch.hide()
        layout.addWidget(self.switch)
        self.keyring_note = QLabel()
        self.keyring_note.setObjectName("login.keyring_note")
        self.keyring_note.setProperty("role", "muted")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.hide()
        layout.addWidget(self.keyring_note)
        self.error = error_label("login.error")
        layout.addWidget(self.error)

        self.submit = QPushButton(self.tr("登录"))
        self.submit.setObjectName("login.submit")
        self.submit.setDefault(True)
        self.submit.setProperty("accent", True)
        self.submit.clicked.connect(self.attempt)
        layout.addWidget(self.submit)
        self.setTabOrder(self.login, self.password)
        self.setTabOrder(self.password, self.remember)
        self.setTabOrder(self.remember, self.submit)
        self.runner.run(self._load_remembered, self._prefill, lambda _e: None)

    def _load_remembered(self):  # type: ignore[no-untyped-def]
        store = self.services.credentials
        return store.available(), store.load(self.scope)

    def _prefill(self, result) -> None:  # type: ignore[no-untyped-def]
        available, remembered = result
        if not available:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.keyring_note.setText(
                self.tr("系统钥匙串不可用：掌柜可以正常使用，但不会记住密码（也不会把密码存到文件里）。")
            )
            self.keyring_note.show()
        elif remembered is not None:
            self.login.setText(remembered.login)
            self.password.setText(remembered.password)
            self.remember.setChecked(True)

    def attempt(self) -> None:
        login, password, remember = self.login.text(), self.password.text(), self.remember.isChecked()
        code, switch = self.code.text().strip(), self.switch.isVisible() and self.switch.isChecked()
        self.submit.setEnabled(False)
        self.error.hide()
        services, scope = self.services, self.scope

        def work() -> tuple[Actor, str | None]:
            from app.services.security.device import console_id, console_label

            actor = services.auth.sign_in(
                login, password, device_id=console_id(), device_label=console_label(),
                two_step_code=code or None, switch=switch,
            )
            note = None
            try:
                if remember:
                    services.credentials.save(scope, login, password)
                else:
                    services.credentials.forget(scope)
            except UserError as exc:  # signed in all the same; just not remembered
                note = exc.message
            return actor, note

        self.runner.run(work, self._success, self._failure)

    def _success(self, result) -> None:  # type: ignore[no-untyped-def]
        self.actor, note = result
        self.submit.setEnabled(True)
        if note:
            self.keyring_note.setText(note)
            self.keyring_note.show()
        self.signed_in.emit(self.actor)
        self.accept()

    def _failure(self, exc: Exception) -> None:
        from app.services.security.errors import TwoStepRequired

        if isinstance(exc, TwoStepRequired):
            self.code.show()
            self.code_label.show()
            self.code.setFocus(Qt.FocusReason.OtherFocusReason)
        if getattr(exc, "switchable", False):
            self.switch.show()  # the owner allows switching: offer it
        self.code.clear()
        self.submit.setEnabled(True)
        self.error.setText(error_text(exc))
        self.error.show()
        self.password.selectAll()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)


class SetupDialog(QDialog):
    """First run: create the shop and its main account."""

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.setObjectName("dialog.setup")
        self.setWindowTitle(self.tr("欢迎使用掌柜：创建店铺"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        intro = QLabel(self.tr("第一次使用：填写店铺名、主账号绑定的手机号和登录密码。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.shop = QLineEdit()
        self.shop.setObjectName("setup.shop")
        self.phone = QLineEdit()
        self.phone.setObjectName("setup.phone")
        self.phone.setPlaceholderText("13800138000")
        self.password = QLineEdit()
        self.password.setObjectName("setup.password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("至少 8 位，含字母、数字、符号中的两种"))
        self.password2 = QLineEdit()
        self.password2.setObjectName("setup.password2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("店铺名"), self.shop)
        form.addRow(self.tr("绑定手机"), self.phone)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("确认密码"), self.password2)
        layout.addLayout(form)
        self.error = error_label("setup.error")
        layout.addWidget(self.error)
        self.submit = QPushButton(self.tr("创建店铺"))
        self.submit.setObjectName("setup.submit")
        self.submit.setProperty("accent", True)
        self.submit.setDefault(True)
        self.submit.clicked.connect(self.attempt)
        layout.addWidget(self.submit)

    def attempt(self) -> None:
        if self.password.text() != self.password2.text():
            self.error.setText(self.tr("两次输入的密码不一致。"))
            self.error.show()
            return
        shop, phone, password = self.shop.text(), self.phone.text(), self.password.text()
        self.submit.setEnabled(False)
        self.error.hide()
        self.runner.run(lambda: self.services.shop.create(shop, phone, password), self._done, self._failed)

    def _done(self, _info) -> None:  # type: ignore[no-untyped-def]
        self.submit.setEnabled(True)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.submit.setEnabled(True)
        self.error.setText(error_text(exc))
        self.error.show()
