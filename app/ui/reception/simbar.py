"""The simulator's small toolbar (start / pause / rate), and the one simulator a console runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QWidget

if TYPE_CHECKING:
    from app.services.live.background import BackgroundSimulator


class SimulatorBar(QWidget):
    def __init__(self, sim: BackgroundSimulator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sim = sim
        self.setObjectName("reception.simulator")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("模拟客流"))
        label.setToolTip(self.tr("模拟买家咨询与客服接待（演示与压测）"))
        row.addWidget(label)
        self.toggle = QPushButton()
        self.toggle.setObjectName("reception.simulator_toggle")
        self.toggle.clicked.connect(self._toggle)
        self.rate = QDoubleSpinBox()
        self.rate.setObjectName("reception.simulator_rate")
        self.rate.setRange(0.1, 60.0)
        self.rate.setSingleStep(0.5)
        self.rate.setDecimals(1)
        self.rate.setValue(sim.rate)
        self.rate.setSuffix(self.tr(" 人/分"))
        self.rate.setToolTip(self.tr("最忙时段每分钟进店咨询的买家数"))
        self.rate.valueChanged.connect(sim.set_rate)
        row.addWidget(self.toggle)
        row.addWidget(self.rate)
        self._show()

    def _toggle(self) -> None:
        if self.sim.running:
            self.sim.pause()
        else:
            self.sim.start()
        self._show()

    def _show(self) -> None:
        self.toggle.setText(self.tr("暂停模拟") if self.sim.running else self.tr("开始模拟"))
