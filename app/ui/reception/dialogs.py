"""Small dialogs of the reception workbench: transfer with a note, a quick phrase, and the
reception settings (session timeout, slow-response reminder, auto-replies)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.live.autoreplies import QUEUED, WELCOME, AutoReplyRow
from app.services.live.phrases import PhraseRow
from app.services.live.service import LiveSettings


def _buttons(dialog: QDialog, name: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.setObjectName(name)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class TransferDialog(QDialog):
    """Pick an agent or a group (those who cannot take it now are greyed) and write a note."""

    def __init__(self, targets: list[tuple[str, str, bool]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reception.transfer_dialog")
        self.setWindowTitle(self.tr("转接会话"))
        form = QFormLayout(self)
        self.target = QComboBox()
        self.target.setObjectName("reception.transfer_target")
        model = self.target.model()
        for label, to, ok in targets:
            self.target.addItem(label, to)
            if not ok:
                item = model.item(self.target.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
        first_ok = next((i for i, (_l, _t, ok) in enumerate(targets) if ok), -1)
        if first_ok >= 0:
            self.target.setCurrentIndex(first_ok)
        self.note = QLineEdit()
        self.note.setObjectName("reception.transfer_note")
        self.note.setPlaceholderText(self.tr("给接手客服的备注（对方可见）"))
        self.note.setMaxLength(500)
        form.addRow(self.tr("转给"), self.target)
        form.addRow(self.tr("备注"), self.note)
        form.addRow(_buttons(self, "reception.transfer_buttons"))

    def choice(self) -> tuple[str, str]:
        return str(self.target.currentData() or ""), self.note.text().strip()


class PhraseDialog(QDialog):
    """A new quick phrase (`row` None) or an existing one to edit, prefilled."""

    def __init__(self, row: PhraseRow | None, may_share: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reception.phrase_dialog")
        self.setWindowTitle(self.tr("快捷短语") if row is None else self.tr("编辑快捷短语"))
        form = QFormLayout(self)
        self.category = QLineEdit(row.category if row else "")
        self.category.setObjectName("reception.phrase_category")
        self.code = QLineEdit(row.code if row else "")
        self.code.setObjectName("reception.phrase_code")
        self.code.setPlaceholderText(self.tr("如 hi，在回复框输入 /hi 调出"))
        self.content = QPlainTextEdit(row.content if row else "")
        self.content.setObjectName("reception.phrase_content")
        self.content.setPlaceholderText(self.tr("可用变量：{买家} {客服} {店铺}"))
        self.content.setTabChangesFocus(True)
        self.shared = QCheckBox(self.tr("全店共用"))
        self.shared.setObjectName("reception.phrase_shared")
        self.shared.setChecked(bool(row and not row.personal))
        self.shared.setEnabled(may_share and row is None)
        if row is not None:
            self.shared.setToolTip(self.tr("全店共用还是个人短语在新建时决定，编辑时不能更改"))
        form.addRow(self.tr("分组"), self.category)
        form.addRow(self.tr("快捷编码"), self.code)
        form.addRow(self.tr("内容"), self.content)
        form.addRow(self.shared)
        form.addRow(_buttons(self, "reception.phrase_buttons"))


class SettingsDialog(QDialog):
    """接待设置: the shop's session timeout, the slow-response reminder and the auto-replies."""

    def __init__(self, settings: LiveSettings, replies: list[AutoReplyRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reception.settings_dialog")
        self.setWindowTitle(self.tr("接待设置"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.timeout = QSpinBox()
        self.timeout.setObjectName("reception.settings_timeout")
        self.timeout.setRange(1, 24 * 60)
        self.timeout.setValue(settings.session_timeout_min)
        self.timeout.setSuffix(self.tr(" 分钟"))
        self.slow = QSpinBox()
        self.slow.setObjectName("reception.settings_slow")
        self.slow.setRange(10, 3600)
        self.slow.setValue(settings.slow_response_s)
        self.slow.setSuffix(self.tr(" 秒"))
        form.addRow(self.tr("会话超时自动结束"), self.timeout)
        form.addRow(self.tr("慢响应提醒"), self.slow)
        self.editors: dict[str, tuple[QCheckBox, QPlainTextEdit]] = {}
        first = {r.kind: r for r in reversed(replies) if r.group_id is None}
        for kind, label in ((WELCOME, self.tr("欢迎语（分配给客服时）")), (QUEUED, self.tr("排队提示（排队时）"))):
            row = first.get(kind)
            enabled = QCheckBox(label)
            enabled.setObjectName(f"reception.settings_{kind}_on")
            enabled.setChecked(bool(row and row.enabled))
            text = QPlainTextEdit(row.content if row else "")
            text.setObjectName(f"reception.settings_{kind}")
            text.setTabChangesFocus(True)
            text.setFixedHeight(54)
            text.setPlaceholderText(self.tr("可用变量：{买家} {客服} {店铺}"))
            form.addRow(enabled)
            form.addRow(text)
            self.editors[kind] = (enabled, text)
        layout.addLayout(form)
        self.others = [r for r in replies if r.group_id is not None]
        layout.addWidget(_buttons(self, "reception.settings_buttons"))

    def replies(self) -> list[AutoReplyRow]:
        out = [AutoReplyRow(kind, text.toPlainText().strip(), box.isChecked())
               for kind, (box, text) in self.editors.items() if text.toPlainText().strip() or box.isChecked()]
        return out + self.others
