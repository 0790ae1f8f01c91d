"""Does Chinese text render? Real glyphs, not the font's .notdef box (tofu)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTextLayout
from PySide6.QtWidgets import QApplication

from app.i18n import _
from app.services.maintenance.selftest import FAILED, OK, CheckResult

# Common characters of the UI; each must map to a real glyph, not the font's .notdef box.
CHINESE_SAMPLE = "掌柜客服子账号分流绩效监控"


def glyphs_missing(text: str, font: QFont | None = None) -> list[str]:
    """The characters of `text` that would be drawn as a box (tofu) with Qt's font fallback."""
    layout = QTextLayout(text, font or QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    found = [index for run in layout.glyphRuns() for index in run.glyphIndexes()]
    if len(found) < len(text):
        return list(text)
    return [ch for ch, index in zip(text, found, strict=False) if index == 0]


def _has_ink(text: str) -> bool:
    image = QImage(400, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return any(image.pixelColor(x, y) != QColor("white") for x in range(0, 400, 2) for y in range(0, 60, 2))


def check_font(text: str = CHINESE_SAMPLE) -> CheckResult:
    missing = glyphs_missing(text)
    if missing or not _has_ink(text):
        return CheckResult("font", FAILED, _(
            "中文字体缺失：{chars} 会显示成方框。请安装中文字体（如 fonts-noto-cjk）。"
        ).format(chars="".join(missing) or text))
    layout = QTextLayout(text, QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    families = sorted({run.rawFont().familyName() for run in layout.glyphRuns()})
    return CheckResult("font", OK, _("中文可以正常显示（字体：{fonts}）。").format(fonts="、".join(families)))
