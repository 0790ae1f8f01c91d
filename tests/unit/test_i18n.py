"""Every user-visible string has an English translation, and switching language works."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app import i18n

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import i18n as i18n_tool  # noqa: E402  (tools/i18n.py)


def test_every_user_visible_string_has_an_english_translation() -> None:
    gaps = i18n_tool.missing("en")
    listing = "\n".join(f"{where[0]}: {text!r}" for text, where in sorted(gaps.items(), key=lambda kv: kv[1][0]))
    assert not gaps, f"{len(gaps)} strings lack English (run tools/i18n.py stub AREA):\n{listing}"


def test_translations_keep_format_placeholders() -> None:
    import re

    table = i18n.load_ts_files("en")
    field = re.compile(r"\{[a-z_]*\}")
    broken = {src: tr for src, tr in table.items() if sorted(field.findall(src)) != sorted(field.findall(tr))}
    assert broken == {}


def test_service_messages_follow_the_language() -> None:
    from app.services.common.errors import ValidationError
    from app.services.common.validation import normalise_phone

    i18n.set_language("en")
    with pytest.raises(ValidationError) as exc:
        normalise_phone("12345")
    assert "mobile" in exc.value.message.lower()
    i18n.set_language("zh_CN")
    with pytest.raises(ValidationError) as exc:
        normalise_phone("12345")
    assert "手机号" in exc.value.message


def test_system_language_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert i18n.system_language() == "en"
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert i18n.system_language() == "zh_CN"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.system_language() == "zh_CN"  # Chinese first


def test_widgets_switch_to_english(qtbot, shop) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from app.ui.shell import i18n_qt
    from app.ui.shell.sign_in import LoginDialog
    from app.ui.shell.workers import Runner

    app = QApplication.instance()
    i18n_qt.install(app, "en")
    try:
        dialog = LoginDialog(shop, Runner())
        qtbot.addWidget(dialog)
        assert dialog.submit.text() == "Sign in"
        assert dialog.windowTitle() == "Sign in to Zhanggui"
    finally:
        i18n_qt.install(app, "zh_CN")
    dialog = LoginDialog(shop, Runner())
    qtbot.addWidget(dialog)
    assert dialog.submit.text() == "登录"


def test_qt_own_texts_survive_the_english_catalogue(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from app.ui.shell import i18n_qt

    app = QApplication.instance()
    i18n_qt.install(app, "en")
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        qtbot.addWidget(box)
        assert box.buttons()[0].text().replace("&", "") == "Close"
    finally:
        i18n_qt.install(app, "zh_CN")


def test_filter_proxy_filters_by_text_and_predicate(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import dataclass

    from app.ui.common.table_model import Column, FilterProxy, RowTableModel

    @dataclass(frozen=True)
    class Row:
        nick: str
        load: int

    model = RowTableModel([Column("nick", "昵称"), Column("load", "负载", numeric=True)])
    model.set_rows([Row("店:小美", 3), Row("店:阿杰", 1), Row("店:小雨", 5)])
    qtmodeltester.check(model)
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("小")
    assert sorted(proxy.row_at(i).nick for i in range(proxy.rowCount())) == ["店:小美", "店:小雨"]
    proxy.set_predicate(lambda r: r.load > 4)
    assert [proxy.row_at(i).nick for i in range(proxy.rowCount())] == ["店:小雨"]
    proxy.set_text("")
    proxy.set_predicate(None)
    proxy.sort(1)
    assert [proxy.row_at(i).load for i in range(proxy.rowCount())] == [1, 3, 5]


def test_a_source_string_has_one_translation_across_areas() -> None:
    """Lookups are by source text, so two areas translating it differently would clash."""
    import xml.etree.ElementTree as ET

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for ts in sorted(i18n.translations_dir("en").glob("*.ts")):
        for message in ET.parse(ts).getroot().iter("message"):
            source, node = message.findtext("source"), message.find("translation")
            if not source or node is None or not node.text:
                continue
            if source in seen and seen[source][0] != node.text:
                clashes.append(f"{source!r}: {seen[source][1]} says {seen[source][0]!r}, {ts.name} says {node.text!r}")
            seen.setdefault(source, (node.text, ts.name))
    assert clashes == []
