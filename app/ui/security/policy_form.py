"""The sign-in protection form: the shop's policy, or one sub-account's override (where every
field may follow the shop)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from app.services.security.policy import Policy, PolicyOverride

_SPLIT = re.compile(r"[,，;；、\s]+")


def parse_hours(text: str) -> tuple[tuple[str, str], ...]:
    """`08:00-12:00, 13:00–23:00` → windows; the service checks them."""
    windows = []
    for part in _SPLIT.split(text.strip()):
        if not part:
            continue
        start, _sep, end = part.replace("–", "-").replace("~", "-").partition("-")
        windows.append((start.strip(), end.strip()))
    return tuple(windows)


def hours_text(windows: tuple[tuple[str, str], ...] | None) -> str:
    return ", ".join(f"{a}-{b}" for a, b in windows or ())


class PolicyForm(QWidget):
    """`override=True`: each field may say 跟随店铺 (None)."""

    def __init__(self, prefix: str, *, override: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.override = override
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.attempts = self._spin(f"{prefix}.attempts", 0, 20)
        self.minutes = self._spin(f"{prefix}.minutes", 0, 1440)
        self.hours = QLineEdit()
        self.hours.setObjectName(f"{prefix}.hours")
        self.hours.setPlaceholderText(self.tr("如 08:00-23:00；留空为全天") if not override else self.tr("留空为跟随店铺"))
        self.device_approval = self._choice(f"{prefix}.device_approval")
        self.single_session = self._choice(f"{prefix}.single_session")
        self.allow_switch = self._choice(f"{prefix}.allow_switch")
        self.ad_limit = self._spin(f"{prefix}.ad_limit", 0, 1000)
        self.ad_window = self._spin(f"{prefix}.ad_window", 0, 1440)
        form.addRow(self.tr("连续输错几次锁定"), self.attempts)
        form.addRow(self.tr("锁定分钟数"), self.minutes)
        form.addRow(self.tr("允许登录时段（店铺时间）"), self.hours)
        form.addRow(self.tr("新设备需主账号批准"), self.device_approval)
        form.addRow(self.tr("同一账号只能登录一处"), self.single_session)
        form.addRow(self.tr("允许在新设备登录时挤下旧登录"), self.allow_switch)
        form.addRow(self.tr("发广告自动冻结：条数"), self.ad_limit)
        form.addRow(self.tr("发广告自动冻结：分钟内"), self.ad_window)

    def _spin(self, name: str, low: int, high: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(low - 1 if self.override else low, high)
        if self.override:
            spin.setSpecialValueText(self.tr("跟随店铺"))
        return spin

    def _choice(self, name: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        if self.override:
            box.addItem(self.tr("跟随店铺"), None)
        box.addItem(self.tr("是"), True)
        box.addItem(self.tr("否"), False)
        return box

    # -- values ---------------------------------------------------------------------------
    def set_policy(self, p: Policy | PolicyOverride) -> None:
        for spin, value in ((self.attempts, p.lockout_attempts), (self.minutes, p.lockout_minutes),
                            (self.ad_limit, p.ad_limit), (self.ad_window, p.ad_window_min)):
            spin.setValue(spin.minimum() if value is None else value)
        for box, flag in ((self.device_approval, p.device_approval), (self.single_session, p.single_session),
                          (self.allow_switch, p.allow_switch)):
            box.setCurrentIndex(max(0, box.findData(flag)))
        self.hours.setText(hours_text(p.hours))

    def _int(self, spin: QSpinBox) -> int | None:
        return None if self.override and spin.value() == spin.minimum() else spin.value()

    def policy(self) -> Policy:
        return Policy(
            lockout_attempts=self.attempts.value(), lockout_minutes=self.minutes.value(),
            hours=parse_hours(self.hours.text()),
            device_approval=bool(self.device_approval.currentData()),
            single_session=bool(self.single_session.currentData()),
            allow_switch=bool(self.allow_switch.currentData()),
            ad_limit=self.ad_limit.value(), ad_window_min=self.ad_window.value(),
        )

    def override_value(self) -> PolicyOverride:
        text = self.hours.text().strip()
        return PolicyOverride(
            lockout_attempts=self._int(self.attempts), lockout_minutes=self._int(self.minutes),
            hours=parse_hours(text) if text else None,
            device_approval=self.device_approval.currentData(),
            single_session=self.single_session.currentData(),
            allow_switch=self.allow_switch.currentData(),
            ad_limit=self._int(self.ad_limit), ad_window_min=self._int(self.ad_window),
        )
