"""安全设置 (security): sign-in protection, devices and sessions, the accounts' security
state, the tamper-evident operation log, and the owner's own account (password, two-step).

Shown to the main account and to whoever holds `security.manage`; every other account
reaches its own password and sessions from the 账号 menu (`MyAccountWidget` in a dialog).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.panel import Panel, PanelContext
from app.ui.common.table_model import selected_row
from app.ui.common.widgets import Card
from app.ui.security.tabs import WHEN, AccessTab, AccountsTab, PolicyTab, _Tab, table

LOG_DAYS = 30  # the log's default period: the shop's last 30 days and today


class LogTab(_Tab):
    """操作日志 with filters (date, actor, action), CSV export, 校验 and the head code."""

    def __init__(self, ctx: PanelContext, changed: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, changed, parent)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        # until the first load brings the shop's own today (its zone and clock, not this computer's)
        today = QDate.currentDate()
        self._dated = False  # the period is set from the shop's today (the first load)
        self.date_from = QDateEdit(today.addDays(-LOG_DAYS))
        self.date_from.setObjectName("security.log.from")
        self.date_to = QDateEdit(today)
        self.date_to.setObjectName("security.log.to")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.actor_filter = QLineEdit()
        self.actor_filter.setObjectName("security.log.actor")
        self.actor_filter.setPlaceholderText(self.tr("操作人"))
        self.action_filter = QComboBox()
        self.action_filter.setObjectName("security.log.action")
        self.action_filter.addItem(self.tr("全部操作"), "")
        self.search = QPushButton(self.tr("查询"))
        self.search.setObjectName("security.log.search")
        self.search.clicked.connect(self.load)
        for widget in (QLabel(self.tr("从")), self.date_from, QLabel(self.tr("到")), self.date_to,
                       self.actor_filter, self.action_filter, self.search):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.view, self.model, self.proxy = table("security.log", [])
        from app.ui.common.table_model import Column

        self.model.columns = [
            Column("at", self.tr("时间"), fmt=ctx.shop_time.formatter("%Y-%m-%d %H:%M:%S")),
            Column("actor", self.tr("操作人")), Column("action", self.tr("操作")),
            Column("target", self.tr("对象")), Column("detail", self.tr("详情")),
        ]
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        self.head = QLabel()
        self.head.setObjectName("security.log.head")
        self.head.setToolTip(self.tr("把链头代码抄写下来：以后校验时，即使有人重建了整条日志也能发现。"))
        self.verdict = QLabel()
        self.verdict.setObjectName("security.log.verdict")
        self.verdict.setWordWrap(True)
        self.verify = QPushButton(self.tr("校验"))
        self.verify.setObjectName("security.log.verify")
        self.verify.clicked.connect(self.check)
        self.export = QPushButton(self.tr("导出 CSV"))
        self.export.setObjectName("security.log.export")
        self.export.clicked.connect(self.export_csv)
        self.export.setVisible(ctx.actor.can("data.export"))
        bottom.addWidget(self.head)
        bottom.addWidget(self.verdict, 1)
        bottom.addWidget(self.verify)
        bottom.addWidget(self.export)
        layout.addLayout(bottom)

    def _filters(self) -> dict[str, Any]:
        return {
            "date_from": date.fromisoformat(self.date_from.date().toString("yyyy-MM-dd")),
            "date_to": date.fromisoformat(self.date_to.date().toString("yyyy-MM-dd")),
            "actor_nick": self.actor_filter.text(),
            "action": self.action_filter.currentData() or "",
        }

    def load(self) -> None:
        services, actor, filters = self.ctx.services, self.ctx.actor, self._filters()
        first = not self._dated

        def work() -> tuple[date | None, list[Any], list[str]]:
            today = None
            if first:  # the default period ends on the shop's today
                today = services.monitoring.today(actor)
                filters["date_from"], filters["date_to"] = today - timedelta(days=LOG_DAYS), today
            return today, services.monitoring.audit_log(actor, **filters), services.monitoring.audit_actions(actor)

        self.ctx.runner.run(work, self._show, self.window_error)

    def _show(self, result: tuple[date | None, list[Any], list[str]]) -> None:
        today, rows, actions = result
        if today is not None:
            self._dated = True
            start = today - timedelta(days=LOG_DAYS)
            self.date_from.setDate(QDate(start.year, start.month, start.day))
            self.date_to.setDate(QDate(today.year, today.month, today.day))
        self.model.set_rows(rows)
        current = self.action_filter.currentData()
        known = {self.action_filter.itemData(i) for i in range(self.action_filter.count())}
        for action in actions:
            if action not in known:
                self.action_filter.addItem(action, action)
        self.action_filter.setCurrentIndex(max(0, self.action_filter.findData(current)))

    def check(self) -> None:
        services, actor = self.ctx.services, self.ctx.actor

        def work() -> Any:
            kept = services.credentials.load_head(services.db.display_url)
            return services.security.verify_log(actor, [kept] if kept else [])

        self.ctx.runner.run(work, self.show_report, self.window_error)

    def show_report(self, report: Any) -> None:
        self.head.setText(self.tr("链头代码：{code}").format(code=report.head or "-") if report.intact else "")
        if report.intact:
            self.verdict.setText(self.tr("日志完整：共 {n} 条，没有被改动。").format(n=report.entries))
            self.verdict.setProperty("role", "")
        else:
            self.verdict.setText(self.tr("日志被改动过：{reason}").format(reason=report.reason))
            self.verdict.setProperty("role", "error")
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)

    def export_csv(self, path: str | None = None) -> None:
        if not path:
            path, _f = QFileDialog.getSaveFileName(self, self.tr("导出操作日志"), "operation-log.csv", "CSV (*.csv)")
        if not path:
            return
        services, actor, filters, target = self.ctx.services, self.ctx.actor, self._filters(), path
        self.run(lambda: services.security.export_log(actor, target, **filters))


class MyAccountWidget(QWidget):
    """Every account's own page: change password, own sessions; two-step for the owner."""

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        card = Card(self.tr("我的账号：{nick}").format(nick=ctx.actor.nick))
        row = QHBoxLayout()
        self.password = QPushButton(self.tr("修改密码"))
        self.password.setObjectName("security.mine.password")
        self.password.clicked.connect(self.change_password)
        row.addWidget(self.password)
        self.two_step = QPushButton(self.tr("开启两步验证"))
        self.two_step.setObjectName("security.mine.two_step")
        self.two_step.clicked.connect(self.toggle_two_step)
        self.two_step.setVisible(ctx.actor.is_main)
        row.addWidget(self.two_step)
        self.codes = QPushButton(self.tr("重新生成恢复码"))
        self.codes.setObjectName("security.mine.recovery_codes")
        self.codes.clicked.connect(self.new_codes)
        self.codes.setVisible(ctx.actor.is_main)
        row.addWidget(self.codes)
        row.addStretch(1)
        card.body.addLayout(row)
        self.two_step_state = QLabel()
        self.two_step_state.setObjectName("security.mine.two_step_state")
        card.body.addWidget(self.two_step_state)
        layout.addWidget(card)
        self.sessions, self.session_model, self.session_proxy = table("security.mine.sessions", [])
        from app.ui.common.table_model import Column

        when = ctx.shop_time.formatter(WHEN)
        self.session_model.columns = [
            Column("device", self.tr("终端")), Column("device_id", self.tr("设备编号")),
            Column("started_at", self.tr("登录时间"), fmt=when), Column("last_seen_at", self.tr("最近活动"), fmt=when),
        ]
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("我的登录")))
        head.addStretch(1)
        self.end = QPushButton(self.tr("结束所选登录"))
        self.end.setObjectName("security.mine.end_session")
        self.end.clicked.connect(self.end_session)
        head.addWidget(self.end)
        layout.addLayout(head)
        layout.addWidget(self.sessions, 1)
        self._two_step_on = False

    def refresh(self) -> None:
        services, actor = self.ctx.services, self.ctx.actor

        def work() -> tuple[list[Any], bool]:
            return services.security.sessions(actor), services.security.two_step_enabled(actor)

        self.ctx.runner.run(work, self._show, lambda _e: None)

    def _show(self, result: tuple[list[Any], bool]) -> None:
        sessions, on = result
        own = [r for r in sessions if r.account_id == self.ctx.actor.account_id]
        self.session_model.set_rows(own)
        self._two_step_on = on
        self.two_step.setText(self.tr("关闭两步验证") if on else self.tr("开启两步验证"))
        self.codes.setEnabled(on)
        if self.ctx.actor.is_main:
            self.two_step_state.setText(self.tr("两步验证：已开启") if on else self.tr("两步验证：未开启（建议开启）"))

    def change_password(self) -> None:
        from app.ui.security.dialogs import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.ctx.services, self.ctx.actor, self.ctx.runner, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()

    def toggle_two_step(self) -> None:
        from app.ui.security.dialogs import ShownOnceDialog, StepUpDialog, TwoStepDialog

        services, actor, runner = self.ctx.services, self.ctx.actor, self.ctx.runner
        if self._two_step_on:
            off = StepUpDialog(self.tr("关闭两步验证"), runner, lambda pw: services.security.disable_two_step(actor, pw), self)
            off.accepted.connect(self.refresh)
            off.open()
            return

        def scanned(password: str) -> Any:
            return password, services.security.start_two_step(actor, password)

        def start_done() -> None:
            password, setup = step.result_value
            confirm = TwoStepDialog(services, actor, runner, password, setup, self)

            def show_codes() -> None:
                ShownOnceDialog(self.tr("恢复码"), self.tr("两步验证已开启。请把这些恢复码抄写或打印后妥善保管：手机丢失时，每个恢复码可代替验证码使用一次。它们只显示这一次。"),
                                "\n".join(confirm.result_value), self).open()
                self.refresh()

            confirm.accepted.connect(show_codes)
            confirm.open()

        step = StepUpDialog(self.tr("开启两步验证"), runner, scanned, self)
        step.accepted.connect(start_done)
        step.open()

    def new_codes(self) -> None:
        from app.ui.security.dialogs import ShownOnceDialog, StepUpDialog

        services, actor = self.ctx.services, self.ctx.actor
        step = StepUpDialog(self.tr("重新生成恢复码"), self.ctx.runner,
                            lambda pw: services.security.new_recovery_codes(actor, pw), self)
        step.accepted.connect(lambda: ShownOnceDialog(
            self.tr("恢复码"), self.tr("新的恢复码（旧的已作废），只显示这一次："), "\n".join(step.result_value), self).open())
        step.open()

    def end_session(self) -> None:
        row = selected_row(self.sessions)
        if row is None or row.id == self.ctx.actor.session_id:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self.ctx.runner.run(lambda: services.security.end_session(actor, row.id), lambda _r: self.refresh(),
                            lambda _e: self.refresh())


class SecurityPanel(Panel):
    key = "security"
    watches = frozenset({"accounts", "security", "settings"})

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        title = QLabel(self.tr("安全设置"))
        title.setProperty("role", "pageTitle")
        layout.addWidget(title)
        self.alerts = QLabel()
        self.alerts.setObjectName("security.alerts")
        self.alerts.setProperty("role", "error")
        self.alerts.setWordWrap(True)
        self.alerts.hide()
        layout.addWidget(self.alerts)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("security.tabs")
        self.policy_tab = PolicyTab(ctx, self._changed)
        self.access_tab = AccessTab(ctx, self._changed)
        self.accounts_tab = AccountsTab(ctx, self._changed)
        self.log_tab = LogTab(ctx, self._changed)
        self.mine = MyAccountWidget(ctx)
        self.tabs.addTab(self.policy_tab, self.tr("登录保护"))
        self.tabs.addTab(self.access_tab, self.tr("设备与登录"))
        self.tabs.addTab(self.accounts_tab, self.tr("账号安全"))
        self.tabs.addTab(self.log_tab, self.tr("操作日志"))
        self.tabs.addTab(self.mine, self.tr("我的账号"))
        layout.addWidget(self.tabs, 1)

    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit("security")

    def refresh(self) -> None:
        services, actor = self.ctx.services, self.ctx.actor

        def work() -> dict[str, Any]:
            s = services.security
            return {
                "policy": s.policy(actor), "devices": s.devices(actor), "sessions": s.sessions(actor),
                "accounts": s.account_states(actor), "alerts": s.alerts(actor),
            }

        self.ctx.runner.run(work, self._show, self.show_error)
        self.log_tab.load()
        self.log_tab.check()
        self.mine.refresh()

    def _show(self, data: dict[str, Any]) -> None:
        self.policy_tab.show_policy(data["policy"])
        self.access_tab.show_rows(data["devices"], data["sessions"])
        self.accounts_tab.show_rows(data["accounts"])
        alerts = data["alerts"]
        self.alerts.setVisible(bool(alerts))
        self.alerts.setText("\n".join(a.text for a in alerts[:3]))
