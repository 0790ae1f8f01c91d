"""子账号 › 配置文件: export the set-up, import it with the dry-run diff and a confirmation."""

from __future__ import annotations

import json

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.ui.accounts import config_dialog
from app.ui.accounts.config_dialog import ConfigImportDialog
from app.ui.accounts.subaccounts_panel import SubAccountsPanel
from app.ui.common.panel import PanelContext
from tests.qtutil import idle


def open_panel(qtbot, services, actor, runner):  # type: ignore[no-untyped-def]
    panel = SubAccountsPanel(PanelContext(services, actor, runner))
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    panel.refresh()
    idle(qtbot, runner)
    return panel


def test_export_then_import_shows_the_diff_and_applies_on_confirmation(qtbot, shop, owner, runner, tmp_path,
                                                                       monkeypatch) -> None:
    panel = open_panel(qtbot, shop, owner, runner)
    button = panel.findChild(QPushButton, "subaccounts.config")
    assert button is not None and button.isVisible()
    assert panel.findChild(QAction, "subaccounts.config_export") is not None
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    out = tmp_path / "shop.json"
    config_dialog.export_config(panel, str(out))
    idle(qtbot, runner)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["version"] == 1 and document["subaccounts"] == []

    document["subaccounts"] = [{"name": "小美", "bound_phone": "13912345600", "role": "售前客服"}]
    document["shop"]["session_timeout_min"] = 40
    out.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    dialog = config_dialog.import_config(panel, str(out))
    assert isinstance(dialog, ConfigImportDialog)
    idle(qtbot, runner)
    assert "试运行" in dialog.summary.text() and dialog.ok.isEnabled()
    shown = [dialog.proxy.row_at(r) for r in range(dialog.proxy.rowCount())]
    assert [(c.kind, c.item) for c in shown] == [("changed", "测试小店"), ("added", "小美")]
    assert shown[0].detail == "session_timeout_min: 30 → 40"
    assert shop.shop.info().session_timeout_min == 30  # nothing written before 应用
    dialog.only_changes.setChecked(False)
    assert dialog.proxy.rowCount() > 2
    dialog.ok.click()
    idle(qtbot, runner)
    assert shop.shop.info().session_timeout_min == 40
    qtbot.waitUntil(lambda: any(r.name == "小美" for r in panel.model.all_rows()), timeout=10_000)


def test_a_bad_file_lists_its_problems_and_cannot_be_applied(qtbot, shop, owner, runner, tmp_path) -> None:
    panel = open_panel(qtbot, shop, owner, runner)
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "subaccounts": [{"name": "小美", "bound_phone": "123", "role": "售前客服"}]}',
                   encoding="utf-8")
    dialog = config_dialog.import_config(panel, str(bad))
    assert dialog is not None
    idle(qtbot, runner)
    assert "没有做任何修改" in dialog.summary.text()
    assert dialog.problems.item(0).text().startswith("subaccounts[0].bound_phone: ")
    assert not dialog.ok.isEnabled()


def test_hidden_without_the_permissions(qtbot, shop, owner, runner) -> None:
    from app.services.accounts.permissions import Actor

    viewer = Actor(owner.account_id, owner.nick, False, frozenset({"subaccounts.view", "subaccounts.edit"}))
    panel = open_panel(qtbot, shop, viewer, runner)
    button = panel.findChild(QPushButton, "subaccounts.config")
    assert button is not None and not button.isVisible()


def test_a_file_that_re_binds_a_phone_asks_for_the_password_first(qtbot, shop, owner, runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import OWNER_PASSWORD

    shop.shopfile.apply(shop.auth.owner_actor(), json.dumps(
        {"version": 1, "subaccounts": [{"name": "小美", "bound_phone": "13912345600", "role": "售前客服"}]}))
    panel = open_panel(qtbot, shop, owner, runner)
    out = tmp_path / "phones.json"
    out.write_text(json.dumps({"version": 1, "subaccounts": [{"name": "小美", "bound_phone": "13912345699"}]}),
                   encoding="utf-8")
    dialog = config_dialog.import_config(panel, str(out))
    assert isinstance(dialog, ConfigImportDialog)
    idle(qtbot, runner)
    answers = [None, "wrong-password", OWNER_PASSWORD]
    dialog.ask_password = lambda: answers.pop(0)  # type: ignore[method-assign]
    phone = lambda: next(r.bound_phone for r in shop.accounts.list_accounts(owner) if r.name == "小美")  # noqa: E731
    dialog.ok.click()  # 取消 in the password box: nothing happens
    idle(qtbot, runner)
    assert dialog.isVisible() and dialog.ok.isEnabled() and phone() == "13912345600"
    dialog.ok.click()  # a wrong password: refused, said in the dialog
    idle(qtbot, runner)
    assert dialog.error.isVisible() and "密码不正确" in dialog.error.text() and phone() == "13912345600"
    dialog.ok.click()
    idle(qtbot, runner)
    assert phone() == "13912345699"
