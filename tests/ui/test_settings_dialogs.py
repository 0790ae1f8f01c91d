"""设置 (数据库, 备份与恢复) and 帮助 (诊断, 关于): what the shop owner sees and what each button does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox

from app.services.container import Services
from app.services.maintenance import settings
from app.ui.common.panel import PanelContext
from app.ui.shell.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD, OWNER_PHONE, SHOP_NAME
from tests.qtutil import idle

PG_URL = os.environ.get("TEST_PG_URL")


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def file_shop(tmp_path: Path, keyring_backend):  # type: ignore[no-untyped-def]
    from app.services.accounts.credentials import CredentialStore

    services = Services.open(f"sqlite:///{tmp_path / 'shop.sqlite3'}", CredentialStore(keyring_backend))
    services.shop.create(SHOP_NAME, OWNER_PHONE, OWNER_PASSWORD)
    yield services
    services.close()


@pytest.fixture
def ctx(file_shop, runner) -> PanelContext:  # type: ignore[no-untyped-def]
    return PanelContext(file_shop, file_shop.auth.owner_actor(), runner)


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def restarts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from app.ui.settings import lifecycle

    asked: list[str] = []
    monkeypatch.setattr(lifecycle, "request_restart", asked.append)
    return asked


def test_owner_menus_have_settings_and_help(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.findChild(QMenu, "menu.settings") is not None
    assert window.findChild(QMenu, "menu.help") is not None
    for name in ("action.settings.database", "action.settings.backup", "action.help.diagnostics", "action.help.about"):
        assert window.findChild(QAction, name) is not None, name


def test_about_shows_version_database_without_password_and_log_file(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app import __version__
    from app.ui.settings.about import AboutDialog

    dialog = AboutDialog("postgresql+psycopg://zg:s3cret@db.example/shop")
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "about.version").text() == __version__
    shown = dialog.findChild(QLabel, "about.database").text()
    assert "db.example/shop" in shown and "s3cret" not in shown
    assert dialog.findChild(QLabel, "about.log_file").text().endswith("zhanggui.log")


def test_backup_now_lists_it_and_a_bad_file_is_refused(qtbot, ctx, runner, tmp_path, messages, restarts) -> None:  # type: ignore[no-untyped-def]
    from app.ui.settings.backup_dialog import BackupDialog

    dialog = BackupDialog(ctx)
    qtbot.addWidget(dialog)
    idle(qtbot, runner)
    assert dialog.model.rowCount() == 0
    dialog.create_button.click()
    idle(qtbot, runner)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert "已备份到" in dialog.findChild(QLabel, "backup.status").text()

    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_text("nope")
    dialog.restore(str(bogus), confirm=False)
    idle(qtbot, runner)
    assert messages and "不是掌柜的备份文件" in messages[-1]
    assert restarts == []

    dialog.keep.setValue(3)
    assert settings.load().backups_kept == 3


def test_restore_from_the_list_reopens_the_console(qtbot, ctx, runner, messages, restarts) -> None:  # type: ignore[no-untyped-def]
    from app.services.maintenance.backup import create_backup, list_backups
    from app.ui.settings.backup_dialog import BackupDialog

    create_backup(ctx.services.db.url)
    dialog = BackupDialog(ctx)
    qtbot.addWidget(dialog)
    idle(qtbot, runner)
    dialog.restore(list_backups(ctx.services.db.url)[0].path, confirm=False)
    idle(qtbot, runner)
    assert restarts == [ctx.services.db.url]
    assert any("被替换的店铺" in m for m in messages)


def test_database_dialog_tests_then_switches_keeping_the_password_out_of_files(qtbot, ctx, runner, tmp_path, keyring_backend, restarts) -> None:  # type: ignore[no-untyped-def]
    from app.ui.settings.database_dialog import DatabaseDialog

    other = tmp_path / "other.sqlite3"
    dialog = DatabaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.url.setText(f"sqlite:///{other}")
    dialog.test_button.click()
    idle(qtbot, runner)
    text = dialog.verdict.text()
    assert "SQLite" in text and "毫秒" in text and "空数据库" in text
    assert dialog.switch_button.isEnabled()
    dialog.switch_button.click()
    idle(qtbot, runner)
    assert restarts == [f"sqlite:///{other}"]
    assert settings.load().database_url == f"sqlite:///{other}"


def test_an_unreachable_server_is_explained_and_cannot_be_switched_to(qtbot, ctx, runner) -> None:  # type: ignore[no-untyped-def]
    from app.ui.settings.database_dialog import DatabaseDialog

    dialog = DatabaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.url.setText("postgresql://zg@127.0.0.1:1/shop")
    dialog.password.setText("whatever")
    dialog.test_button.click()
    idle(qtbot, runner)
    assert "无法连接数据库" in dialog.verdict.text() and "whatever" not in dialog.verdict.text()
    assert not dialog.switch_button.isEnabled()


@pytest.mark.postgres
def test_postgresql_password_goes_to_the_keyring_not_the_settings_file(qtbot, ctx, runner, keyring_backend, restarts) -> None:  # type: ignore[no-untyped-def]
    if not PG_URL:
        pytest.skip("needs TEST_PG_URL")
    from sqlalchemy.engine import make_url

    from app.ui.settings.database_dialog import DatabaseDialog

    parsed = make_url(PG_URL)
    password = str(parsed.password)
    dialog = DatabaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.url.setText(parsed.set(password=None).render_as_string(hide_password=False))
    dialog.password.setText("wrong-" + password)
    dialog.test_button.click()
    idle(qtbot, runner)
    assert "拒绝了用户名或密码" in dialog.verdict.text()
    dialog.password.setText(password)
    dialog.test_button.click()
    idle(qtbot, runner)
    assert "PostgreSQL" in dialog.verdict.text()
    dialog.switch_button.click()
    idle(qtbot, runner)
    assert len(restarts) == 1 and password in restarts[0]
    stored = settings.load().database_url
    assert stored is not None and make_url(stored).password is None
    assert f":{password}@" not in settings.settings_path().read_text(encoding="utf-8")
    assert any(password in secret for secret in keyring_backend.items.values())


def test_diagnostics_lists_every_check(qtbot, ctx, runner) -> None:  # type: ignore[no-untyped-def]
    from app.ui.settings.diagnostics import DiagnosticsDialog

    dialog = DiagnosticsDialog(ctx.services.db.url, runner)
    qtbot.addWidget(dialog)
    idle(qtbot, runner)
    qtbot.waitUntil(lambda: len(dialog.results) == 6, timeout=60_000)
    keys = [r.key for r in dialog.results]
    assert keys == ["gui", "font", "migrations", "database", "keyring", "translations"]
    assert "自检" in dialog.output.toPlainText()


def test_copy_the_shop_into_an_empty_database_then_switch(qtbot, ctx, runner, tmp_path, restarts) -> None:  # type: ignore[no-untyped-def]
    from app.ui.settings.database_dialog import DatabaseDialog

    target = f"sqlite:///{tmp_path / 'seats.sqlite3'}"
    dialog = DatabaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.url.setText(target)
    dialog.test_button.click()
    idle(qtbot, runner)
    assert dialog.copy_button.isEnabled()
    dialog.copy_here(confirm=False)
    idle(qtbot, runner)
    assert restarts == [target]
    copied = Services.open(target)
    try:
        assert copied.shop.info().name == SHOP_NAME
    finally:
        copied.close()
    dialog.test_button.click()  # now it holds a shop: no second copy into it
    idle(qtbot, runner)
    assert not dialog.copy_button.isEnabled()
