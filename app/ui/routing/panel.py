"""分流设置: groups and their agents (mode, weights, capacities), entry rules, proxy account,
offline routing, mobile routing, the offline auto-reply, the shop light, a "try it" box and
the decision log."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.vocabulary import Device, Outcome, RoutingMode, RuleKind
from app.services.common.changes import Area
from app.services.routing.rows import (
    GroupRow,
    MemberRow,
    RouteResult,
    RoutingOverview,
)
from app.ui.common.panel import Panel, PanelContext
from app.ui.common.table_model import Column, FilterProxy, RowTableModel, row_view
from app.ui.common.widgets import Card
from app.ui.routing.member_editor import MemberEditor

MODES = tuple(RoutingMode)
RULE_KINDS = tuple(RuleKind)


def _table(name: str, model: RowTableModel) -> tuple[QTableView, FilterProxy]:
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    return row_view(name, proxy), proxy


class RoutingPanel(Panel):
    key = "routing"
    watches = frozenset({Area.ROUTING, Area.ACCOUNTS, Area.PRESENCE})

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.overview: RoutingOverview | None = None
        self._group_id: int | None = None
        self._member_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)

        head = QHBoxLayout()
        title = QLabel(self.tr("分流设置"))
        title.setProperty("role", "pageTitle")
        head.addWidget(title)
        self.light = QLabel()
        self.light.setObjectName("routing.light")
        head.addSpacing(16)
        head.addWidget(self.light)
        self.queued = QLabel()
        self.queued.setObjectName("routing.queued")
        self.queued.setProperty("role", "muted")
        head.addSpacing(12)
        head.addWidget(self.queued)
        head.addStretch(1)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("routing.refresh")
        self.refresh_button.clicked.connect(self.refresh)
        head.addWidget(self.refresh_button)
        layout.addLayout(head)

        body = QHBoxLayout()
        body.setSpacing(12)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("routing.tabs")
        self.tabs.addTab(self._groups_tab(), self.tr("分组与客服"))
        self.tabs.addTab(self._rules_tab(), self.tr("接待范围"))
        self.tabs.addTab(self._settings_tab(), self.tr("代理与离线"))
        self.tabs.addTab(self._log_tab(), self.tr("分流记录"))
        body.addWidget(self.tabs, 3)
        body.addWidget(self._try_card(), 2)
        layout.addLayout(body, 1)

    # -- building -------------------------------------------------------------------------
    def _groups_tab(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(12, 12, 12, 12)
        self.groups_model = RowTableModel([
            Column("name", self.tr("分组")),
            Column("mode_name", self.tr("分流方式")),
            Column("members", self.tr("客服"), numeric=True),
            Column("online", self.tr("在线"), numeric=True),
            Column("queued", self.tr("排队"), numeric=True),
            Column("lit", self.tr("亮灯"), fmt=lambda v: "●" if v else "○"),
            Column("overflow_name", self.tr("溢出到")),
            Column("backup_name", self.tr("备用客服")),
        ])
        self.groups_view, self.groups_proxy = _table("routing.groups", self.groups_model)
        self.groups_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._group_selected())
        col.addWidget(self.groups_view, 2)

        col.addLayout(self._group_bar())

        self.members_title = QLabel()
        self.members_title.setProperty("role", "cardTitle")
        col.addWidget(self.members_title)
        self.members_model = RowTableModel([
            Column("name", self.tr("客服")),
            Column("status_name", self.tr("状态")),
            Column("device", self.tr("设备"), fmt=lambda v: self.tr("手机") if v == Device.MOBILE else self.tr("电脑")),
            Column("load_text", self.tr("接待中/上限")),
            Column("weight", self.tr("权重"), numeric=True),
            Column("position", self.tr("顺序"), numeric=True),
            Column("takes_routing", self.tr("参与分流"), fmt=lambda v: self.tr("是") if v else self.tr("否")),
        ])
        self.members_view, self.members_proxy = _table("routing.members", self.members_model)
        self.members_proxy.set_predicate(lambda m: m.group_id == self._group_id)
        self.members_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._member_selected())
        col.addWidget(self.members_view, 3)
        self.editor = MemberEditor()
        self.editor.save_requested.connect(self.save_member_fields)
        self.editor.remove_requested.connect(self.remove_member)
        self.editor.move_requested.connect(self.move_conversations)
        # the editor's widgets, under the names the panel has always had
        self.member_account, self.member_group = self.editor.account, self.editor.group
        self.weight, self.capacity, self.position = self.editor.weight, self.editor.capacity, self.editor.position
        self.takes = self.editor.takes
        self.save_member_button, self.remove_member_button = self.editor.save_button, self.editor.remove_button
        self.editor.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        col.addWidget(self.editor)
        add = QHBoxLayout()
        add.addWidget(QLabel(self.tr("添加客服")))
        self.add_member_account = QComboBox()
        self.add_member_account.setObjectName("routing.member.add_account")
        self.add_member_account.setMinimumWidth(120)
        add.addWidget(self.add_member_account, 1)
        self.add_member_button = QPushButton(self.tr("加入本组"))
        self.add_member_button.setObjectName("routing.member.add")
        self.add_member_button.clicked.connect(self.add_member)
        add.addWidget(self.add_member_button)
        col.addLayout(add)
        return page

    def _group_bar(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        self.add_group_button = QPushButton(self.tr("新建分组"))
        self.add_group_button.setObjectName("routing.group.add")
        self.add_group_button.clicked.connect(self.add_group)
        self.delete_group_button = QPushButton(self.tr("删除分组"))
        self.delete_group_button.setObjectName("routing.group.delete")
        self.delete_group_button.setProperty("danger", True)
        self.delete_group_button.clicked.connect(self.delete_group)
        self.mode = QComboBox()
        self.mode.setObjectName("routing.mode")
        for key, label in zip(MODES, (self.tr("平均分配"), self.tr("按权重"), self.tr("按顺序")), strict=True):
            self.mode.addItem(label, key)
        self.overflow = QComboBox()
        self.overflow.setObjectName("routing.overflow")
        self.overflow.setToolTip(self.tr("组内客服都满载时，新会话先交给这个分组；不溢出则排队等待"))
        self.backup = QComboBox()
        self.backup.setObjectName("routing.backup")
        self.backup.setToolTip(self.tr("买家找的客服离线时，消息交给谁"))
        self.save_group_button = QPushButton(self.tr("保存分组"))
        self.save_group_button.setObjectName("routing.group.save")
        self.save_group_button.setProperty("accent", True)
        self.save_group_button.clicked.connect(self.save_group)
        for row, (label, widget) in enumerate(((self.tr("分流方式"), self.mode), (self.tr("满载溢出到"), self.overflow),
                                               (self.tr("离线备用客服"), self.backup))):
            grid.addWidget(QLabel(label), row // 2, (row % 2) * 2)
            grid.addWidget(widget, row // 2, (row % 2) * 2 + 1)
        buttons = QHBoxLayout()
        for button in (self.save_group_button, self.add_group_button, self.delete_group_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 1, 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return grid

    def _rules_tab(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(12, 12, 12, 12)
        note = QLabel(self.tr("按优先级匹配：人群 > 商品 > 关键词 > 订单状态；都不匹配时进入默认分组。"
                              "多个词用逗号分开。"))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        col.addWidget(note)
        self.rules_model = RowTableModel([
            Column("kind_name", self.tr("类型")),
            Column("pattern", self.tr("内容")),
            Column("group_name", self.tr("分到")),
            Column("enabled", self.tr("启用"), fmt=lambda v: self.tr("是") if v else self.tr("否")),
        ])
        self.rules_view, self.rules_proxy = _table("routing.rules", self.rules_model)
        col.addWidget(self.rules_view, 1)
        row = QHBoxLayout()
        self.rule_kind = QComboBox()
        self.rule_kind.setObjectName("routing.rule.kind")
        for key, label in zip(RULE_KINDS, (self.tr("人群"), self.tr("商品"), self.tr("关键词"), self.tr("订单状态")),
                              strict=True):
            self.rule_kind.addItem(label, key)
        self.rule_pattern = QLineEdit()
        self.rule_pattern.setObjectName("routing.rule.pattern")
        self.rule_pattern.setPlaceholderText(self.tr("例如：退款,退货"))
        self.rule_group = QComboBox()
        self.rule_group.setObjectName("routing.rule.group")
        self.add_rule_button = QPushButton(self.tr("添加规则"))
        self.add_rule_button.setObjectName("routing.rule.add")
        self.add_rule_button.setProperty("accent", True)
        self.add_rule_button.clicked.connect(self.add_rule)
        self.toggle_rule_button = QPushButton(self.tr("启用/停用"))
        self.toggle_rule_button.setObjectName("routing.rule.toggle")
        self.toggle_rule_button.clicked.connect(self.toggle_rule)
        self.delete_rule_button = QPushButton(self.tr("删除规则"))
        self.delete_rule_button.setObjectName("routing.rule.delete")
        self.delete_rule_button.setProperty("danger", True)
        self.delete_rule_button.clicked.connect(self.delete_rule)
        row.addWidget(self.rule_kind)
        row.addWidget(self.rule_pattern, 1)
        row.addWidget(QLabel(self.tr("分到")))
        row.addWidget(self.rule_group)
        col.addLayout(row)
        buttons = QHBoxLayout()  # a second row: the tab stays narrow in English too
        for b in (self.add_rule_button, self.toggle_rule_button, self.delete_rule_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        col.addLayout(buttons)
        return page

    def _settings_tab(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(12, 12, 12, 12)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # long labels above their fields
        self.proxy = QComboBox()
        self.proxy.setObjectName("routing.proxy")
        form.addRow(self.tr("代理账号（无客服在线时接待）"), self.proxy)
        self.mobile = QCheckBox(self.tr("手机分流：只在手机上登录的客服也接待"))
        self.mobile.setObjectName("routing.mobile")
        form.addRow("", self.mobile)
        self.returning_window = QDoubleSpinBox()
        self.returning_window.setObjectName("routing.window")
        self.returning_window.setRange(0, 2160)
        self.returning_window.setDecimals(0)
        self.returning_window.setSuffix(self.tr(" 小时"))
        form.addRow(self.tr("熟客回到上次的客服（时间窗）"), self.returning_window)
        self.auto_reply = QPlainTextEdit()
        self.auto_reply.setObjectName("routing.auto_reply")
        self.auto_reply.setPlaceholderText(self.tr("无客服在线时自动发给买家"))
        self.auto_reply.setFixedHeight(90)
        form.addRow(self.tr("离线自动回复"), self.auto_reply)
        col.addLayout(form)
        note = QLabel(self.tr("离线分流：买家找的客服不在线时，先交给该分组的备用客服（在“分组与客服”里设置），"
                              "否则交给同组在线的客服。"))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        col.addWidget(note)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_settings_button = QPushButton(self.tr("保存设置"))
        self.save_settings_button.setObjectName("routing.settings.save")
        self.save_settings_button.setProperty("accent", True)
        self.save_settings_button.clicked.connect(self.save_settings)
        row.addWidget(self.save_settings_button)
        col.addLayout(row)
        col.addStretch(1)
        return page

    def _log_tab(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(12, 12, 12, 12)
        self.log_filter = QLineEdit()
        self.log_filter.setObjectName("routing.log.filter")
        self.log_filter.setPlaceholderText(self.tr("搜索买家、客服或原因"))
        col.addWidget(self.log_filter)
        self.log_model = RowTableModel([
            Column("at", self.tr("时间"), fmt=self.ctx.shop_time.formatter("%m-%d %H:%M:%S")),
            Column("buyer_nick", self.tr("买家")),
            Column("agent_name", self.tr("客服")),
            Column("reason", self.tr("原因")),
        ])
        self.log_view, self.log_proxy = _table("routing.log", self.log_model)
        self.log_filter.textChanged.connect(self.log_proxy.set_text)
        col.addWidget(self.log_view, 1)
        return page

    def _try_card(self) -> QWidget:
        card = Card(self.tr("试一试"))
        card.setObjectName("routing.try")
        card.body.setContentsMargins(10, 12, 10, 14)  # a narrow side card: fits 1024 px in English
        hint = QLabel(self.tr("输入一条买家消息，看看会分给谁、为什么。不会产生真实会话。"))
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        card.body.addWidget(hint)
        self.try_message = QLineEdit()
        self.try_message.setObjectName("routing.try.message")
        self.try_message.setPlaceholderText(self.tr("买家消息，例如：我要退款"))
        self.try_entry = QLineEdit()
        self.try_entry.setObjectName("routing.try.entry")
        self.try_entry.setPlaceholderText(self.tr("进店商品或页面"))
        self.try_tags = QLineEdit()
        self.try_tags.setObjectName("routing.try.tags")
        self.try_tags.setPlaceholderText(self.tr("买家标签，如：VIP"))
        self.try_order = QLineEdit()
        self.try_order.setObjectName("routing.try.order")
        self.try_order.setPlaceholderText(self.tr("订单状态，如：售后中"))
        self.try_buyer = QLineEdit()
        self.try_buyer.setObjectName("routing.try.buyer")
        self.try_buyer.setPlaceholderText(self.tr("买家昵称（判断熟客）"))
        for w in (self.try_message, self.try_entry, self.try_tags, self.try_order, self.try_buyer):
            w.setMinimumWidth(204)  # every placeholder readable, in both languages
            card.body.addWidget(w)
            w.returnPressed.connect(self.try_route)
        self.try_direct = QComboBox()
        self.try_direct.setObjectName("routing.try.direct")
        card.body.addWidget(self.try_direct)
        self.try_run = QPushButton(self.tr("看看分给谁"))
        self.try_run.setObjectName("routing.try.run")
        self.try_run.setProperty("accent", True)
        self.try_run.clicked.connect(self.try_route)
        card.body.addWidget(self.try_run)
        self.try_result = QLabel()
        self.try_result.setObjectName("routing.try.result")
        self.try_result.setWordWrap(True)
        self.try_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card.body.addWidget(self.try_result)
        card.body.addStretch(1)
        return card

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        services, actor = self.ctx.services, self.ctx.actor
        self.ctx.runner.run(lambda: services.routing.overview(actor), self._loaded, self.show_error)

    def _loaded(self, o: RoutingOverview) -> None:
        self.overview = o
        if o.light.lit:
            self.light.setText(self.tr("● 店铺亮灯"))
            self.light.setStyleSheet("color: #1A9F5A; font-weight: bold;")
        else:
            self.light.setText(self.tr("○ 店铺灰灯（无客服在线）"))
            self.light.setStyleSheet("color: #999; font-weight: bold;")
        self.queued.setText(self.tr("排队 {n} 人").format(n=o.queued))
        keep, keep_member = self._group_id, self._member_id
        self.groups_model.set_rows(o.groups)
        self.members_model.set_rows(o.members)
        self.rules_model.set_rows(o.rules)
        self.log_model.set_rows(o.decisions)
        self._fill_combos(o)
        row = next((i for i in range(self.groups_proxy.rowCount()) if self.groups_proxy.row_at(i).id == keep), 0)
        if self.groups_proxy.rowCount():
            self.groups_view.selectRow(row)
        self._group_selected()
        self._select_member(keep_member)
        self.proxy.setCurrentIndex(max(0, self.proxy.findData(o.settings.proxy_account_id)))
        self.mobile.setChecked(o.settings.mobile_routing)
        self.returning_window.setValue(o.settings.returning_window_hours)
        self.auto_reply.setPlainText(o.settings.auto_reply)

    def _fill_combos(self, o: RoutingOverview) -> None:
        subs = [a for a in o.accounts if not a.is_main]
        members = {m.account_id for m in o.members}
        self.editor.set_choices([(a.name, a.account_id) for a in subs], [(g.name, g.id) for g in o.groups])
        for combo, items in (
            (self.overflow, [(self.tr("不溢出"), None)] + [(g.name, g.id) for g in o.groups]),
            (self.backup, [(self.tr("同组在线客服"), None)] + [(a.name, a.account_id) for a in subs]),
            (self.rule_group, [(g.name, g.id) for g in o.groups]),
            (self.add_member_account, [(a.name, a.account_id) for a in subs if a.account_id not in members]),
            (self.try_direct, [(self.tr("不指定客服"), None)]
             + [(self.tr("指定联系：{name}").format(name=a.name), a.account_id) for a in subs]),
            (self.proxy, [(self.tr("{name}（主账号）").format(name=a.name) if a.is_main else a.name, a.account_id)
                          for a in o.accounts]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for label, data in items:
                combo.addItem(label, data)
            at = combo.findData(current)
            combo.setCurrentIndex(at if at >= 0 else 0)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)  # long names elide in the box, show whole in the list
            combo.blockSignals(False)

    def _select_member(self, account_id: int | None) -> None:
        for i in range(self.members_proxy.rowCount()):
            if self.members_proxy.row_at(i).account_id == account_id:
                self.members_view.selectRow(i)
                return
        self.members_view.setCurrentIndex(self.members_proxy.index(-1, -1))
        self.editor.bind(None)

    def _current_group(self) -> GroupRow | None:
        index = self.groups_view.currentIndex()
        if not index.isValid():
            return None
        group: GroupRow = self.groups_proxy.row_at(index.row())
        return group

    def _current_member(self) -> MemberRow | None:
        index = self.members_view.currentIndex()
        if not index.isValid():
            return None
        member: MemberRow = self.members_proxy.row_at(index.row())
        return member

    def _group_selected(self) -> None:
        group = self._current_group()
        self._group_id = group.id if group else None
        self.members_proxy.set_predicate(lambda m: m.group_id == self._group_id)
        self._select_member(self._member_id)
        if group is None:
            self.members_title.setText("")
            return
        self.members_title.setText(self.tr("{group}的客服").format(group=group.name))
        self.mode.setCurrentIndex(max(0, self.mode.findData(group.mode)))
        self.overflow.setCurrentIndex(max(0, self.overflow.findData(group.overflow_group_id)))
        self.backup.setCurrentIndex(max(0, self.backup.findData(group.backup_agent_id)))
        self.delete_group_button.setEnabled(not group.preset_key and not group.is_default)

    def _member_selected(self) -> None:
        member = self._current_member()
        self._member_id = member.account_id if member else None
        self.editor.bind(member)

    # -- actions ----------------------------------------------------------------------------
    def _do(self, fn: Any, done: Any = None) -> None:
        def finished(result: Any) -> None:
            if done is not None:
                done(result)
            self.data_changed.emit(Area.ROUTING)
            self.refresh()

        self.ctx.runner.run(fn, finished, self.show_error)

    def add_group(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("新建分组"), self.tr("分组名称"))
        if not ok or not name.strip():
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._do(lambda: services.routing.create_group(actor, name.strip()),
                 lambda gid: setattr(self, "_group_id", gid))

    def delete_group(self) -> None:
        group = self._current_group()
        if group is None:
            return
        answer = QMessageBox.question(self, self.tr("删除分组"),
                                      self.tr("确定删除分组“{name}”吗？").format(name=group.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._group_id = None
        self._do(lambda: services.routing.delete_group(actor, group.id))

    def save_group(self) -> None:
        group = self._current_group()
        if group is None:
            return
        services, actor = self.ctx.services, self.ctx.actor
        mode, overflow, backup = self.mode.currentData(), self.overflow.currentData(), self.backup.currentData()
        self._do(lambda: services.routing.update_group(actor, group.id, mode=mode, overflow_group_id=overflow,
                                                       backup_agent_id=backup))

    def save_member(self) -> None:
        """保存客服: only the fields the user changed (MemberEditor.changes)."""
        self.editor.save_button.click()

    def save_member_fields(self, account: int, group: int, changes: dict[str, Any]) -> None:
        services, actor = self.ctx.services, self.ctx.actor
        self._group_id, self._member_id = group, account
        self._do(lambda: services.routing.set_member(actor, account, group, **changes))

    def add_member(self) -> None:
        account, group = self.add_member_account.currentData(), self._group_id
        if account is None or group is None:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._member_id = account
        self._do(lambda: services.routing.set_member(actor, account, group))

    def remove_member(self, account_id: int | None = None) -> None:
        member = self._current_member()
        account = account_id if account_id is not None else (member.account_id if member else None)
        if account is None:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._member_id = None
        self._do(lambda: services.routing.remove_member(actor, account))

    def move_conversations(self, account_id: int) -> None:
        """转走当前会话: an explicit action, separate from turning 参与分流 off."""
        services, actor = self.ctx.services, self.ctx.actor
        self._do(lambda: services.accounts.move_conversations(actor, account_id),
                 lambda result: self.editor.show_result(result.summary()))

    def add_rule(self) -> None:
        services, actor = self.ctx.services, self.ctx.actor
        kind, pattern, group = self.rule_kind.currentData(), self.rule_pattern.text(), self.rule_group.currentData()
        if group is None:
            return
        self._do(lambda: services.routing.add_rule(actor, kind, pattern, group),
                 lambda _id: self.rule_pattern.clear())

    def _current_rule(self) -> Any:
        index = self.rules_view.currentIndex()
        return self.rules_proxy.row_at(index.row()) if index.isValid() else None

    def toggle_rule(self) -> None:
        rule = self._current_rule()
        if rule is None:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._do(lambda: services.routing.update_rule(actor, rule.id, enabled=not rule.enabled))

    def delete_rule(self) -> None:
        rule = self._current_rule()
        if rule is None:
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._do(lambda: services.routing.delete_rule(actor, rule.id))

    def save_settings(self) -> None:
        services, actor = self.ctx.services, self.ctx.actor
        proxy, mobile = self.proxy.currentData(), self.mobile.isChecked()
        window, text = self.returning_window.value(), self.auto_reply.toPlainText()
        self._do(lambda: services.routing.update_settings(actor, proxy_account_id=proxy, mobile_routing=mobile,
                                                          returning_window_hours=window, auto_reply=text))

    def try_route(self) -> None:
        services, actor = self.ctx.services, self.ctx.actor
        message, entry = self.try_message.text(), self.try_entry.text()
        tags = [t for t in self.try_tags.text().replace("，", ",").split(",") if t.strip()]
        order, buyer, direct = self.try_order.text(), self.try_buyer.text(), self.try_direct.currentData()
        self.try_result.setText(self.tr("计算中…"))
        self.ctx.runner.run(
            lambda: services.routing.try_route(actor, message, entry, tags=tags, order_status=order,
                                               buyer_nick=buyer, direct_agent_id=direct),
            self._tried, self._try_failed,
        )

    def _tried(self, r: RouteResult) -> None:
        if r.outcome == Outcome.ASSIGNED:
            head = self.tr("分给 {agent}（{group}）").format(agent=r.agent_name, group=r.group_name)
        elif r.outcome == Outcome.QUEUED:
            head = self.tr("进入{group}排队，第 {n} 位").format(group=r.group_name, n=r.queue_position)
        else:
            head = self.tr("交给代理账号 {agent}").format(agent=r.agent_name)
        text = f"<b>{escape(head)}</b><br>{escape(r.reason)}"
        if r.auto_reply:
            text += "<br>" + escape(self.tr("自动回复：{text}").format(text=r.auto_reply))
        self.try_result.setText(text)

    def _try_failed(self, exc: Exception) -> None:
        self.try_result.setText("")
        self.show_error(exc)
