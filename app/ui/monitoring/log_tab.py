"""The 操作日志 tab of the monitoring panel (security.manage, or the main account): filter by
actor, action and dates — a mixin of `MonitoringPanel`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.table_model import Column, RowTableModel
from app.ui.monitoring.widgets import make_table

# For the type checker the mixin is a widget (the panel it is mixed into is one); at run time
# it stays a plain class so the panel's MRO is unchanged.
if TYPE_CHECKING:
    _WidgetMixin = QWidget
else:
    _WidgetMixin = object


class LogTab(_WidgetMixin):
    """Builds the tab and loads the log (the panel provides ctx, can_log, tr(), show_error(),
    `_date_edit` and `_when`)."""

    ctx: Any
    can_log: bool

    if TYPE_CHECKING:  # provided by the panel
        def show_error(self, exc: Exception) -> None: ...
        def _date_edit(self, name: str) -> QDateEdit: ...
        def _when(self, value: Any) -> str: ...

    def _build_log(self) -> QWidget:
        page = QWidget()
        page.setObjectName("monitoring.auditlog")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        bar = QHBoxLayout()
        self.log_actor = QLineEdit()
        self.log_actor.setObjectName("auditlog.actor")
        self.log_actor.setPlaceholderText(self.tr("操作人"))
        self.log_actor.setClearButtonEnabled(True)
        self.log_actor.returnPressed.connect(self.load_log)
        self.log_action = QComboBox()
        self.log_action.setObjectName("auditlog.action")
        self.log_action.setEditable(True)
        self.log_action.setMinimumWidth(180)
        self.log_action.addItem(self.tr("全部操作"), "")
        self.log_action.setToolTip(self.tr("选择一种操作，或输入以“.”结尾的前缀（如 account.）"))
        self.log_from = self._date_edit("auditlog.from")
        self.log_to = self._date_edit("auditlog.to")
        self.log_search = QPushButton(self.tr("查询"))
        self.log_search.setObjectName("auditlog.search")
        self.log_search.setProperty("accent", True)
        self.log_search.clicked.connect(self.load_log)
        bar.addWidget(self.log_actor, 1)
        bar.addWidget(self.log_action)
        bar.addWidget(QLabel(self.tr("日期")))
        bar.addWidget(self.log_from)
        bar.addWidget(QLabel(self.tr("至")))
        bar.addWidget(self.log_to)
        bar.addWidget(self.log_search)
        layout.addLayout(bar)
        self.log_model = RowTableModel(
            [
                Column("at", self.tr("时间"), fmt=self._when),
                Column("actor", self.tr("操作人")),
                Column("action", self.tr("操作")),
                Column("target", self.tr("对象")),
                Column("detail", self.tr("详情"), tooltip=lambda r: r.detail),
            ]
        )
        self.log_table, self.log_proxy = make_table("auditlog.table", self.log_model)
        layout.addWidget(self.log_table, 1)
        self.log_note = QLabel("")
        self.log_note.setObjectName("auditlog.note")
        self.log_note.setProperty("role", "muted")
        layout.addWidget(self.log_note)
        return page


    # -- 操作日志 -------------------------------------------------------------------------
    def load_log(self) -> None:
        if not self.can_log:
            return
        services, actor = self.ctx.services, self.ctx.actor
        text = self.log_action.currentText().strip()
        data = self.log_action.currentData()
        action = data if data is not None and self.log_action.itemText(self.log_action.currentIndex()) == text else text
        if action == self.tr("全部操作"):
            action = ""
        params = {
            "date_from": self.log_from.date().toPython(),
            "date_to": self.log_to.date().toPython(),
            "actor_nick": self.log_actor.text(),
            "action": action,
            "limit": 1000,
        }
        self.ctx.runner.run(lambda: services.monitoring.audit_log(actor, **params), self._log_done, self.show_error)

    def _log_done(self, rows: list[Any]) -> None:
        self.log_model.set_rows(rows)
        self.log_table.resizeColumnsToContents()
        self.log_note.setText(
            self.tr("{n} 条记录，最新的在前").format(n=len(rows))
            + (self.tr("（只显示最近 1000 条）") if len(rows) >= 1000 else "")
        )
