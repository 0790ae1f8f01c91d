"""Security dialogs every account may meet: change password (also the forced change after a
one-time password), the lock screen, the bound-phone change with step-up, two-step set-up,
and "shown once" boxes for one-time passwords and recovery codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.accounts.permissions import Actor
from app.services.container import Services
from app.ui.common.widgets import error_label, error_text
from app.ui.shell.workers import Runner


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class _Form(QDialog):
    """A titled form with OK/Cancel whose OK runs `work` off the GUI thread."""

    def __init__(self, name: str, title: str, runner: Runner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.runner = runner
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = error_label(f"{name}.error")
        self.layout_.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName(f"{name}.buttons")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        self.result_value: Any = None

    def work(self) -> Callable[[], Any]:
        raise NotImplementedError

    def submit(self) -> None:
        self.error.hide()
        try:
            job = self.work()
        except ValueError as exc:
            self._failed(exc)
            return
        self.buttons.setEnabled(False)
        self.runner.run(job, self._done, self._failed)

    def _done(self, value: Any) -> None:
        self.buttons.setEnabled(True)
        self.result_value = value
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_text(exc))
        self.error.show()


class ChangePasswordDialog(_Form):
    def __init__(self, services: Services, actor: Actor, runner: Runner, parent: QWidget | None = None,
                 *, forced: bool = False) -> None:
        super().__init__("security.password_dialog", self.tr("修改密码"), runner, parent)
        self.services, self.actor = services, actor
        if forced:
            note = QLabel(self.tr("你正在使用主账号设置的一次性密码：请先设置自己的新密码。"))
            note.setWordWrap(True)
            self.layout_.insertWidget(0, note)
        self.old = _password_field("security.password_old")
        self.new = _password_field("security.password_new")
        self.again = _password_field("security.password_again")
        self.new.setPlaceholderText(self.tr("至少 8 位，含字母、数字、符号中的两种"))
        self.form.addRow(self.tr("原密码"), self.old)
        self.form.addRow(self.tr("新密码"), self.new)
        self.form.addRow(self.tr("确认新密码"), self.again)

    def work(self) -> Callable[[], Any]:
        if self.new.text() != self.again.text():
            raise ValueError(self.tr("两次输入的新密码不一致。"))
        services, actor, old, new = self.services, self.actor, self.old.text(), self.new.text()
        return lambda: services.security.change_own_password(actor, old, new)


class PhoneDialog(_Form):
    """绑定手机: the owner re-enters its own password (step-up)."""

    def __init__(self, services: Services, actor: Actor, runner: Runner, account_id: int, nick: str,
                 parent: QWidget | None = None) -> None:
        super().__init__("security.phone_dialog", self.tr("修改绑定手机"), runner, parent)
        self.services, self.actor, self.account_id = services, actor, account_id
        self.form.addRow(self.tr("账号"), QLabel(nick))
        self.phone = QLineEdit()
        self.phone.setObjectName("security.phone_new")
        self.phone.setPlaceholderText("13800138000")
        self.password = _password_field("security.phone_step_up")
        self.password.setPlaceholderText(self.tr("你自己的登录密码"))
        self.form.addRow(self.tr("新手机号"), self.phone)
        self.form.addRow(self.tr("验证主账号密码"), self.password)

    def work(self) -> Callable[[], Any]:
        services, actor, account, phone, pw = (
            self.services, self.actor, self.account_id, self.phone.text(), self.password.text())
        return lambda: services.security.change_phone(actor, account, phone, pw)


class LockDialog(_Form):
    """The console locked itself after idling: the password unlocks it, or sign out."""

    def __init__(self, services: Services, actor: Actor, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__("security.lock_dialog", self.tr("已锁定"), runner, parent)
        self.services, self.actor = services, actor
        note = QLabel(self.tr("{nick} 长时间未操作，掌柜已锁定。输入密码解锁。").format(nick=actor.nick))
        note.setWordWrap(True)
        self.layout_.insertWidget(0, note)
        self.password = _password_field("security.unlock_password")
        self.form.addRow(self.tr("密码"), self.password)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("解锁"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出登录"))

    def work(self) -> Callable[[], Any]:
        services, actor, pw = self.services, self.actor, self.password.text()
        return lambda: services.auth.unlock(actor, pw)

    def _failed(self, exc: Exception) -> None:
        super()._failed(exc)
        self.password.selectAll()


class ShownOnceDialog(QDialog):
    """A secret shown once (one-time password, recovery codes): never again, never logged."""

    def __init__(self, title: str, intro: str, secret: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("security.shown_once")
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.text = QPlainTextEdit(secret)
        self.text.setObjectName("security.shown_once.text")
        self.text.setReadOnly(True)
        self.text.setMaximumHeight(160)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


class TwoStepDialog(_Form):
    """Scan the QR code with an authenticator app and confirm with its code."""

    def __init__(self, services: Services, actor: Actor, runner: Runner, password: str, setup: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__("security.two_step_dialog", self.tr("开启两步验证"), runner, parent)
        self.services, self.actor, self.password, self.setup = services, actor, password, setup
        intro = QLabel(self.tr("用手机上的身份验证器（如 Google Authenticator、微软验证器）扫描二维码，再输入它显示的 6 位验证码。"))
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)
        from app.services.security.two_step import qr_png

        pixmap = QPixmap()
        pixmap.loadFromData(qr_png(setup.uri, 4))
        qr = QLabel()
        qr.setObjectName("security.two_step_qr")
        qr.setPixmap(pixmap)
        qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_.insertWidget(1, qr)
        key = QLabel(self.tr("无法扫码时手动输入密钥：{secret}").format(secret=setup.secret))
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.insertWidget(2, key)
        self.code = QLineEdit()
        self.code.setObjectName("security.two_step_code")
        self.code.setMaxLength(6)
        self.form.addRow(self.tr("验证码"), self.code)

    def work(self) -> Callable[[], Any]:
        services, actor, pw, secret, code = self.services, self.actor, self.password, self.setup.secret, self.code.text()
        return lambda: services.security.confirm_two_step(actor, pw, secret, code)


class StepUpDialog(_Form):
    """Re-enter one's own password; `action(password)` runs with it."""

    def __init__(self, title: str, runner: Runner, action: Callable[[str], Any], parent: QWidget | None = None) -> None:
        super().__init__("security.step_up_dialog", title, runner, parent)
        self.action = action
        self.password = _password_field("security.step_up_password")
        self.form.addRow(self.tr("你的登录密码"), self.password)

    def work(self) -> Callable[[], Any]:
        action, pw = self.action, self.password.text()
        return lambda: action(pw)
