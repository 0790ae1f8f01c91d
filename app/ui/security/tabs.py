"""The security panel's tabs for the owner (or whoever holds `security.manage`): sign-in
protection, devices and sessions, and the accounts' security state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.security import APPROVED, PENDING, REFUSED
from app.ui.common.panel import PanelContext
from app.ui.common.table_model import Column, FilterProxy, RowTableModel, row_view, selected_row
from app.ui.common.widgets import Card, error_label, error_text
from app.ui.security.policy_form import PolicyForm

WHEN = "%m-%d %H:%M"  # devices' and sessions' times (in the shop's zone: `ctx.shop_time`)


def table(name: str, columns: list[Column]) -> tuple[QTableView, RowTableModel, FilterProxy]:
    model = RowTableModel(columns)
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    view = row_view(name, proxy)
    view.setSortingEnabled(True)
    return view, model, proxy


class _Tab(QWidget):
    def __init__(self, ctx: PanelContext, changed: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changed = changed  # reload the panel and tell the other panels

    def run(self, job: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        def finished(result: Any) -> None:
            if done is not None:
                done(result)
            self.changed()

        self.ctx.runner.run(job, finished, self.window_error)

    def window_error(self, exc: Exception) -> None:
        panel = self.parent()
        while panel is not None and not hasattr(panel, "show_error"):
            panel = panel.parent()
        if panel is not None:
            panel.show_error(exc)


class PolicyTab(_Tab):
    def __init__(self, ctx: PanelContext, changed: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(ctx, changed, parent)
        layout = QVBoxLayout(self)
        card = Card(self.tr("店铺的登录保护（对所有子账号生效，可在“账号安全”里为单个子账号单独设置）"))
        self.form = PolicyForm("security.policy")
        card.body.addWidget(self.form)
        self.error = error_label("security.policy.error")
        card.body.addWidget(self.error)
        self.save = QPushButton(self.tr("保存"))
        self.save.setObjectName("security.policy.save")
        self.save.setProperty("accent", True)
        self.save.clicked.connect(self.submit)
        card.body.addWidget(self.save)
        layout.addWidget(card)
        layout.addStretch(1)

    def show_policy(self, policy: Any) -> None:
        self.form.set_policy(policy)

    def submit(self) -> None:
        self.error.hide()
        services, actor, policy = self.ctx.services, self.ctx.actor, self.form.policy()
        self.ctx.runner.run(lambda: services.security.set_policy(actor, policy), lambda _r: self.changed(),
                            self._failed)

    def _failed(self, exc: Exception) -> None:
        self.error.setText(error_text(exc))
        self.error.show()


class AccessTab(_Tab):
    """New devices waiting for approval, and every active session."""

    def __init__(self, ctx: PanelContext, changed: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(ctx, changed, parent)
        layout = QVBoxLayout(self)
        status = {PENDING: self.tr("待批准"), APPROVED: self.tr("已批准"), REFUSED: self.tr("已拒绝")}
        when = self.ctx.shop_time.formatter(WHEN)
        self.devices, self.device_model, self.device_proxy = table("security.devices", [
            Column("nick", self.tr("账号")), Column("label", self.tr("设备名")),
            Column("device_id", self.tr("设备编号")), Column("status", self.tr("状态"), fmt=lambda s: status.get(s, s)),
            Column("first_seen_at", self.tr("首次出现"), fmt=when),
        ])
        row = QHBoxLayout()
        self.approve = QPushButton(self.tr("批准设备"))
        self.approve.setObjectName("security.device_approve")
        self.refuse = QPushButton(self.tr("拒绝设备"))
        self.refuse.setObjectName("security.device_refuse")
        self.approve.clicked.connect(lambda: self._decide(True))
        self.refuse.clicked.connect(lambda: self._decide(False))
        row.addWidget(QLabel(self.tr("设备")))
        row.addStretch(1)
        row.addWidget(self.approve)
        row.addWidget(self.refuse)
        layout.addLayout(row)
        layout.addWidget(self.devices, 1)
        self.sessions, self.session_model, self.session_proxy = table("security.sessions", [
            Column("nick", self.tr("账号")), Column("device", self.tr("终端")),
            Column("device_id", self.tr("设备编号")), Column("started_at", self.tr("登录时间"), fmt=when),
            Column("last_seen_at", self.tr("最近活动"), fmt=when),
            Column("locked", self.tr("已锁定"), fmt=lambda v: self.tr("是") if v else ""),
        ])
        row = QHBoxLayout()
        self.end = QPushButton(self.tr("结束登录"))
        self.end.setObjectName("security.end_session")
        self.end.clicked.connect(self._end)
        row.addWidget(QLabel(self.tr("当前登录")))
        row.addStretch(1)
        row.addWidget(self.end)
        layout.addLayout(row)
        layout.addWidget(self.sessions, 1)

    def show_rows(self, devices: list[Any], sessions: list[Any]) -> None:
        self.device_model.set_rows(devices)
        self.session_model.set_rows(sessions)

    def _decide(self, approve: bool) -> None:
        row = selected_row(self.devices)
        if row is not None:
            services, actor = self.ctx.services, self.ctx.actor
            self.run(lambda: services.security.decide_device(actor, row.id, approve))

    def _end(self) -> None:
        row = selected_row(self.sessions)
        if row is not None:
            services, actor = self.ctx.services, self.ctx.actor
            self.run(lambda: services.security.end_session(actor, row.id))


class AccountsTab(_Tab):
    """Who can sign in and how well protected: one-time passwords, phones, overrides."""

    def __init__(self, ctx: PanelContext, changed: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(ctx, changed, parent)
        layout = QVBoxLayout(self)
        yes = self.tr("是")
        self.view, self.model, self.proxy = table("security.accounts", [
            Column("nick", self.tr("账号")),
            Column("has_password", self.tr("密码"), fmt=lambda v: self.tr("已设置") if v else self.tr("未设置（不能登录）")),
            Column("must_change_password", self.tr("一次性密码"), fmt=lambda v: yes if v else ""),
            Column("two_step", self.tr("两步验证"), fmt=lambda v: yes if v else ""),
            Column("has_override", self.tr("单独设置"), fmt=lambda v: yes if v else ""),
        ])
        row = QHBoxLayout()
        self.otp = QPushButton(self.tr("设置一次性密码"))
        self.otp.setObjectName("security.reset_password")
        self.phone = QPushButton(self.tr("修改绑定手机"))
        self.phone.setObjectName("security.change_phone")
        self.override = QPushButton(self.tr("单独设置登录保护"))
        self.override.setObjectName("security.override")
        for button, slot in ((self.otp, self._otp), (self.phone, self._phone), (self.override, self._override)):
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.phone.setVisible(ctx.actor.is_main)

    def show_rows(self, rows: list[Any]) -> None:
        self.model.set_rows(rows)

    def _otp(self) -> None:
        from app.ui.security.dialogs import ShownOnceDialog

        row = selected_row(self.view)
        if row is None or row.is_main:
            return
        services, actor = self.ctx.services, self.ctx.actor

        def show(otp: str) -> None:
            ShownOnceDialog(
                self.tr("一次性密码"),
                self.tr("把这个一次性密码告诉 {nick}。它只显示这一次；对方登录后必须立即设置新密码。").format(nick=row.nick),
                otp, self,
            ).open()

        self.run(lambda: services.security.reset_password(actor, row.id), show)

    def _phone(self) -> None:
        from app.ui.security.dialogs import PhoneDialog

        row = selected_row(self.view)
        if row is None:
            return
        dialog = PhoneDialog(self.ctx.services, self.ctx.actor, self.ctx.runner, row.id, row.nick, self)
        dialog.accepted.connect(self.changed)
        dialog.open()

    def _override(self) -> None:
        row = selected_row(self.view)
        if row is None or row.is_main:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self.ctx.runner.run(lambda: services.security.override(actor, row.id),
                            lambda o: self._edit_override(row, o), self.window_error)

    def _edit_override(self, row: Any, current: Any) -> None:
        dialog = QDialog(self)
        dialog.setObjectName("security.override_dialog")
        dialog.setWindowTitle(self.tr("{nick} 的登录保护").format(nick=row.nick))
        layout = QVBoxLayout(dialog)
        form = PolicyForm("security.override", override=True)
        form.set_policy(current)
        layout.addWidget(form)
        error = error_label("security.override.error")
        layout.addWidget(error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        services, actor = self.ctx.services, self.ctx.actor

        def failed(exc: Exception) -> None:
            error.setText(error_text(exc))
            error.show()

        def saved() -> None:
            dialog.accept()
            self.changed()

        def save() -> None:
            value = form.override_value()
            self.ctx.runner.run(lambda: services.security.set_override(actor, row.id, value),
                                lambda _r: saved(), failed)

        buttons.accepted.connect(save)
        buttons.rejected.connect(dialog.reject)
        dialog.open()
