"""How the monitoring screens write numbers, rates, seconds and times (one place, so the
table, the tiles, the drill-down and the charts agree)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.models.vocabulary import Sender

DASH = "—"


def count(value: Any) -> str:
    return DASH if value is None else f"{int(value):,}"


def pct(value: float | None) -> str:
    """0.935 → '93.5%'."""
    return DASH if value is None else f"{value * 100:.1f}%"


def seconds(value: float | None) -> str:
    """35.2 → '35.2 秒'."""
    return DASH if value is None else QCoreApplication.translate("monitoring", "{s} 秒").format(s=f"{value:.1f}")


def ratio(value: float | None) -> str:
    return DASH if value is None else f"{value:.2f}"


def duration(value: float | None) -> str:
    """Seconds as hours and minutes: '3 小时 05 分'."""
    if value is None:
        return DASH
    minutes = int(round(value / 60))
    return QCoreApplication.translate("monitoring", "{h} 小时 {m} 分").format(h=minutes // 60, m=f"{minutes % 60:02d}")


def when(tz: tzinfo | None) -> Callable[[datetime | None], str]:
    def fmt(value: datetime | None) -> str:
        if value is None:
            return DASH
        return (value.astimezone(tz) if tz is not None else value).strftime("%Y-%m-%d %H:%M:%S")

    return fmt


def rating(value: int | None) -> str:
    names = {
        5: QCoreApplication.translate("monitoring", "很满意"),
        4: QCoreApplication.translate("monitoring", "满意"),
        3: QCoreApplication.translate("monitoring", "一般"),
        2: QCoreApplication.translate("monitoring", "不满意"),
        1: QCoreApplication.translate("monitoring", "很不满意"),
    }
    return DASH if value is None else names.get(int(value), str(value))


def yes_no(value: bool | None) -> str:
    if value is None:
        return DASH
    return QCoreApplication.translate("monitoring", "是") if value else QCoreApplication.translate("monitoring", "否")


def sender(value: str) -> str:
    names: dict[str, str] = {
        Sender.BUYER: QCoreApplication.translate("monitoring", "买家"),
        Sender.AGENT: QCoreApplication.translate("monitoring", "客服"),
        Sender.AUTO: QCoreApplication.translate("monitoring", "自动回复"),
        Sender.SYSTEM: QCoreApplication.translate("monitoring", "系统"),
    }
    return names.get(value, value)
