"""The selected agent's routing settings (分组, 权重, 接待上限, 顺序, 参与分流).

Bound to the members table's selection and disabled when nothing is selected, so it never
shows one agent's values beside another's row. Saving sends only the fields the user
changed: changing 接待上限 alone leaves 权重 as it is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.routing.config import MAX_CAPACITY, MAX_WEIGHT
from app.services.routing.rows import MemberRow


class MemberEditor(QWidget):
    save_requested = Signal(int, int, dict)  # account, group, the changed fields only
    remove_requested = Signal(int)
    move_requested = Signal(int)  # move the agent's current conversations (explicit)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member: MemberRow | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        self.account = QComboBox()
        self.account.setObjectName("routing.member.account")
        self.account.setEnabled(False)  # shows whose settings these are; pick in the table
        self.group = QComboBox()
        self.group.setObjectName("routing.member.group")
        self.weight = self._spin("routing.weight", 1, MAX_WEIGHT)
        self.capacity = self._spin("routing.capacity", 1, MAX_CAPACITY)
        self.position = self._spin("routing.position", 0, 9999)
        self.position.setToolTip(self.tr("按顺序分配时，数字小的先接待"))
        self.takes = QCheckBox(self.tr("参与分流"))
        self.takes.setObjectName("routing.takes")
        self.takes.setToolTip(self.tr("关闭后不再分配新会话；已在接待的会话不动"))
        for i, (label, widget) in enumerate(((self.tr("客服"), self.account), (self.tr("分组"), self.group))):
            grid.addWidget(QLabel(label), 0, i * 2)
            grid.addWidget(widget, 0, i * 2 + 1)
        grid.addWidget(self.takes, 0, 4, 1, 2)
        for i, (label, spin) in enumerate(((self.tr("权重"), self.weight), (self.tr("接待上限"), self.capacity),
                                           (self.tr("顺序"), self.position))):
            grid.addWidget(QLabel(label), 1, i * 2)
            grid.addWidget(spin, 1, i * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        col.addLayout(grid)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("保存客服"))
        self.save_button.setObjectName("routing.member.save")
        self.save_button.setProperty("accent", True)
        self.save_button.clicked.connect(self._save)
        self.remove_button = QPushButton(self.tr("移出分流"))
        self.remove_button.setObjectName("routing.member.remove")
        self.remove_button.setProperty("danger", True)
        self.remove_button.clicked.connect(lambda: self.member and self.remove_requested.emit(self.member.account_id))
        self.move_button = QPushButton(self.tr("转走当前会话"))
        self.move_button.setObjectName("routing.member.move")
        self.move_button.setToolTip(self.tr("把这个客服正在接待的会话重新分流给其他客服"))
        self.move_button.clicked.connect(lambda: self.member and self.move_requested.emit(self.member.account_id))
        for button in (self.save_button, self.remove_button, self.move_button):
            row.addWidget(button)
        row.addStretch(1)
        col.addLayout(row)
        self.note = QLabel()
        self.note.setObjectName("routing.member.note")
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        col.addWidget(self.note)
        self.result = QLabel()  # what the last action did; kept across reloads
        self.result.setObjectName("routing.member.result")
        self.result.setWordWrap(True)
        self.result.hide()
        col.addWidget(self.result)
        self.takes.toggled.connect(self._update_note)
        self.bind(None)

    @staticmethod
    def _spin(name: str, low: int, high: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        return spin

    def set_choices(self, accounts: list[tuple[str, int]], groups: list[tuple[str, int]]) -> None:
        for combo, items in ((self.account, accounts), (self.group, groups)):
            combo.blockSignals(True)
            combo.clear()
            for label, data in items:
                combo.addItem(label, data)
            combo.blockSignals(False)
        self.bind(self.member)

    def bind(self, member: MemberRow | None) -> None:
        """Show `member`'s settings, or nothing (disabled) without one."""
        self.member = member
        widgets = (self.group, self.weight, self.capacity, self.position, self.takes,
                   self.save_button, self.remove_button)
        for w in widgets:
            w.setEnabled(member is not None)
        self.move_button.setEnabled(member is not None and member.load > 0)
        for spin in (self.weight, self.capacity, self.position):
            spin.blockSignals(True)
        lows = ((self.weight, 1), (self.capacity, 1), (self.position, 0))
        if member is None:  # no values shown: a "—" below each range
            self.account.setCurrentIndex(-1)
            self.group.setCurrentIndex(-1)
            for spin, low in lows:
                spin.setMinimum(low - 1)
                spin.setSpecialValueText("—")
                spin.setValue(low - 1)
            self.takes.setChecked(False)
        else:
            for spin, low in lows:
                spin.setSpecialValueText("")
                spin.setMinimum(low)
            self.account.setCurrentIndex(self.account.findData(member.account_id))
            self.group.setCurrentIndex(self.group.findData(member.group_id))
            self.weight.setValue(member.weight)
            self.capacity.setValue(member.capacity)
            self.position.setValue(member.position)
            self.takes.setChecked(member.takes_routing)
        for spin in (self.weight, self.capacity, self.position):
            spin.blockSignals(False)
        self._update_note()

    def changes(self) -> dict[str, Any]:
        """The fields the user changed (nothing else is written)."""
        m = self.member
        if m is None:
            return {}
        out: dict[str, Any] = {}
        for key, value, old in (("weight", self.weight.value(), m.weight), ("capacity", self.capacity.value(), m.capacity),
                                ("position", self.position.value(), m.position),
                                ("takes_routing", self.takes.isChecked(), m.takes_routing)):
            if value != old:
                out[key] = value
        return out

    def _save(self) -> None:
        m = self.member
        if m is None:
            return
        group = self.group.currentData()
        changes = self.changes()
        if group == m.group_id and not changes:
            self.note.setText(self.tr("没有改动。"))
            self.note.show()
            return
        self.save_requested.emit(m.account_id, group if group is not None else m.group_id, changes)

    def _update_note(self) -> None:
        m = self.member
        if m is None:
            text = self.tr("在上面的表格里选一个客服，再修改他的分流设置。")
        elif not self.takes.isChecked() and m.load:
            text = self.tr("关闭“参与分流”只停止分配新会话，{n} 个正在接待的会话不动；要转走请点“转走当前会话”。").format(n=m.load)
        else:
            text = ""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def show_result(self, text: str) -> None:
        """What the last action did (kept across reloads until the next one)."""
        self.result.setText(text)
        self.result.setVisible(bool(text))
