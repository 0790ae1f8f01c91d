"""Small reusable widgets: metric tiles, section cards, status lights, named buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.common.errors import UserError


def push_button(text: str, name: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
    """A button with its stable objectName, its tooltip (already translated) and its action."""
    button = QPushButton(text)
    button.setObjectName(name)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class Card(QFrame):
    """A white card on the grey ground, optionally titled."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("card", True)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(16, 12, 16, 14)
        self.body.setSpacing(8)
        if title:
            label = QLabel(title)
            label.setProperty("role", "cardTitle")
            self.body.addWidget(label)


class Tile(Card):
    """A big number with a caption, as on Qianniu's live tiles."""

    def __init__(self, caption: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName(object_name)
        # tighter than a card: six tiles share a row at 1024 px in English
        self.body.setContentsMargins(12, 10, 12, 12)
        self.value = QLabel("—")
        self.value.setProperty("role", "tileValue")
        self.value.setObjectName(f"{object_name}.value")
        self.caption = QLabel(caption)
        self.caption.setProperty("role", "tileCaption")
        self.caption.setWordWrap(True)  # long English captions take two lines, never clipped
        self.body.addWidget(self.value, alignment=Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.caption, alignment=Qt.AlignmentFlag.AlignLeft)

    def set_value(self, text: str) -> None:
        self.value.setText(text)


def error_label(name: str) -> QLabel:
    """A hidden red message line for a form, shown when an action is refused."""
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label


def error_text(exc: Exception, max_details: int = 20) -> str:
    """What to show for a failed action: the user's message and its first details."""
    if isinstance(exc, UserError):
        return exc.message + ("\n" + "\n".join(exc.details[:max_details]) if exc.details else "")
    return str(exc)
