"""The light Qianniu-like theme: QSS from resources/qss and the CJK font chain."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

from app.paths import resources_dir

# The theme's colours for what QSS cannot reach (charts): Taobao's orange, muted grey, grid, text.
ACCENT = QColor("#FF5000")
MUTED = QColor("#B8BCC4")
GRID = QColor("#F0F1F3")
TEXT = QColor("#555555")

FONT_FAMILIES = ["Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", "sans-serif"]


def apply_style(app: QApplication) -> None:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(13)
    app.setFont(font)
    qss = resources_dir() / "qss" / "light.qss"
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
