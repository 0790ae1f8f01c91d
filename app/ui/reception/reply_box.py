"""The reply box: Enter sends, Shift+Enter starts a new line, `/code` searches quick phrases."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class ReplyBox(QPlainTextEdit):
    send_requested = Signal()
    slash = Signal(str)  # the text after a leading "/" (a shortcut code being typed), or ""
    to_phrases = Signal()  # Down while a shortcut code is typed: go to the phrase list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reception.reply")
        self.setTabChangesFocus(True)
        self.textChanged.connect(self._changed)

    def shortcut_code(self) -> str | None:
        text = self.toPlainText()
        if text.startswith("/") and "\n" not in text and " " not in text:
            return text[1:]
        return None

    def _changed(self) -> None:
        code = self.shortcut_code()
        self.slash.emit(code if code is not None else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if mods & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
                return
            if not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                self.send_requested.emit()
                return
        if key == Qt.Key.Key_Down and self.shortcut_code() is not None:
            self.to_phrases.emit()
            return
        super().keyPressEvent(event)
