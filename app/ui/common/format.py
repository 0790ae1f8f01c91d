"""Formatting shared by panels: a wait or response time as people read it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def fmt_seconds(value: float | None) -> str:
    """42 秒 / 3 分 05 秒 / 1 小时 02 分 / —."""
    if value is None:
        return "—"
    s = int(round(value))
    if s < 60:
        return QCoreApplication.translate("dashboard", "{s} 秒").format(s=s)
    if s < 3600:
        return QCoreApplication.translate("dashboard", "{m} 分 {s:02d} 秒").format(m=s // 60, s=s % 60)
    return QCoreApplication.translate("dashboard", "{h} 小时 {m:02d} 分").format(h=s // 3600, m=s % 3600 // 60)
