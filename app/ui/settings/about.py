"""帮助 → 关于掌柜: version, database (password hidden), data folder, log file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget


def about_facts(url: str) -> list[tuple[str, str, str]]:
    """(object name, label source text, value) for each line of the dialog."""
    from app import __version__
    from app.paths import user_data_dir
    from app.services.common.database import redact
    from app.services.maintenance.logs import log_file
    from app.services.maintenance.settings import settings_path

    return [
        ("about.version", "版本", __version__),
        ("about.database", "数据库", redact(url)),
        ("about.data_dir", "数据文件夹", str(user_data_dir())),
        ("about.log_file", "日志文件", str(log_file())),
        ("about.settings_file", "设置文件", str(settings_path())),
    ]


class AboutDialog(QDialog):
    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog.about")
        self.setWindowTitle(self.tr("关于掌柜"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("掌柜：店铺子账号、客服分流与绩效工作台"))
        title.setObjectName("about.title")
        layout.addWidget(title)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for name, label, value in about_facts(url):
            shown = QLabel(value)
            shown.setObjectName(name)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            shown.setWordWrap(True)
            form.addRow(self.tr(label), shown)
            self.values[name] = shown
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("about.buttons")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())


def N_(text: str) -> str:  # noqa: N802 - marks the labels above for translation
    return text


_LABELS = (N_("版本"), N_("数据库"), N_("数据文件夹"), N_("日志文件"), N_("设置文件"))
