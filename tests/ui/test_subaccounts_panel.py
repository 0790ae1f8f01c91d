"""The sub-accounts panel driven as a user would: create, edit, freeze, delete with
hand-over, re-hire, import with errors, and the panels each preset role sees."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from app.models.base import utcnow
from app.models.conversations import Conversation
from app.models.vocabulary import ConversationStatus
from app.services.accounts.roles import PRESET_ROLES
from app.ui.accounts.subaccount_dialogs import HandoverDialog, ImportDialog, SubAccountEditor
from app.ui.accounts.subaccounts_panel import LEFT, STAFF, SubAccountsPanel
from app.ui.common.panel import PanelContext
from tests.qtutil import idle
from tests.services.test_subaccounts_service import make_sub, online_agent, signed_in


def open_panel(qtbot, services, actor, runner):  # type: ignore[no-untyped-def]
    panel = SubAccountsPanel(PanelContext(services, actor, runner))
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    panel.refresh()
    idle(qtbot, runner)
    return panel


def type_text(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a user; QTest cannot synthesise CJK key presses, so those go in as input."""
    edit.setFocus()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)


def action(panel: SubAccountsPanel, name: str) -> QAction:
    found = panel.findChild(QAction, f"subaccounts.action.{name}")
    assert found is not None
    return found


def nicks(panel: SubAccountsPanel) -> list[str]:
    return sorted(panel.proxy.row_at(r).nick for r in range(panel.proxy.rowCount()))


def select_nick(panel: SubAccountsPanel, nick: str) -> None:
    for r in range(panel.proxy.rowCount()):
        if panel.proxy.row_at(r).nick == nick:
            panel.table.selectRow(r)
            return
    raise AssertionError(f"{nick} not shown")


def test_model_passes_modeltester(qtbot, qtmodeltester, demo, runner) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, demo, demo.auth.owner_actor(), runner)
    assert panel.model.total() == 11 and panel.model.rowCount() == 10
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)


def test_create_and_refuse_duplicate(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, shop, owner, runner)
    assert panel.empty_label.isVisible()
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    editor = panel.dialog
    assert isinstance(editor, SubAccountEditor)
    type_text(qtbot, editor.nick, "小美")
    type_text(qtbot, editor.alias, "美美")
    type_text(qtbot, editor.department, "客服部")
    type_text(qtbot, editor.employee_no, "QH001")
    type_text(qtbot, editor.phone, "13912345678")
    type_text(qtbot, editor.password, "Staff-pass1")
    type_text(qtbot, editor.password2, "Staff-pass1")
    qtbot.mouseClick(editor.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert nicks(panel) == ["测试小店:小美"]
    assert panel.dialog is None
    assert "1 / 100" in panel.quota_label.text()

    # the same nick again: a clear message in the dialog, nothing written
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    editor = panel.dialog
    type_text(qtbot, editor.nick, "小美")
    type_text(qtbot, editor.phone, "13912345679")
    qtbot.mouseClick(editor.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert editor.error.isVisible() and "已被使用" in editor.error.text()
    editor.nick.setText("小美😀")
    qtbot.mouseClick(editor.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert "表情" in editor.error.text()
    editor.reject()
    assert len(shop.accounts.list_accounts(owner)) == 1


def test_routing_warning_for_non_service_role(qtbot, shop, owner, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    panel = open_panel(qtbot, shop, owner, runner)
    panel.open_new()
    editor = panel.dialog
    editor.role.setCurrentIndex(editor.role.findText("运营"))
    editor.takes_routing.setChecked(True)
    assert editor.routing_note.isVisible()
    assert "主账号可能因此收不到消息" in editor.routing_note.text()
    editor.role.setCurrentIndex(editor.role.findText("售前客服"))
    assert not editor.routing_note.isVisible()
    editor.role.setCurrentIndex(editor.role.findText("超级管理员"))
    assert editor.routing_note.isVisible()
    type_text(qtbot, editor.nick, "管理员")
    type_text(qtbot, editor.phone, "13912345678")
    qtbot.mouseClick(editor.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert asked and editor.isVisible()  # the owner said No: nothing saved
    assert shop.accounts.list_accounts(owner) == []
    editor.reject()


def test_edit_freeze_delete_with_handover_and_rehire(qtbot, shop, owner, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    mei = make_sub(shop, owner, "小美", phone="13912345678")
    jie = make_sub(shop, owner, "阿杰", phone="13912345679")
    panel = open_panel(qtbot, shop, owner, runner)

    # edit
    select_nick(panel, "测试小店:小美")
    action(panel, "edit").trigger()
    editor = panel.dialog
    assert editor.nick.text() == "小美"
    editor.alias.setText("美美")
    qtbot.mouseClick(editor.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert shop.accounts.get(owner, mei.id).alias == "美美"

    # freeze, then unfreeze
    select_nick(panel, "测试小店:小美")
    assert action(panel, "freeze").isEnabled() and not action(panel, "unfreeze").isEnabled()
    assert "freeze" in [a.objectName().rsplit(".", 1)[1] for a in panel.build_menu().actions() if a.objectName()]
    action(panel, "freeze").trigger()
    idle(qtbot, runner)
    dialog = panel.dialog
    assert isinstance(dialog, HandoverDialog)
    assert dialog.target.count() == 1  # nobody can take conversations now: back to routing only
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert shop.accounts.get(owner, mei.id).status == "frozen"
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("frozen"))
    assert nicks(panel) == ["测试小店:小美"]
    panel.status_filter.setCurrentIndex(0)
    select_nick(panel, "测试小店:小美")
    action(panel, "unfreeze").trigger()
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert shop.accounts.get(owner, mei.id).status == "active"

    # delete, handing the open conversation to 阿杰
    with shop.db.session() as s:
        s.add(Conversation(external_id="c1", buyer_nick="买家1", source="import", status=ConversationStatus.OPEN,
                           agent_id=mei.id, created_at=utcnow(), last_message_at=utcnow()))
    online_agent(shop, owner, jie.id)
    select_nick(panel, "测试小店:小美")
    action(panel, "delete").trigger()
    idle(qtbot, runner)
    dialog = panel.dialog
    assert dialog.target.currentData() is None  # the default: back to routing
    dialog.target.setCurrentIndex(dialog.target.findData(jie.id))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert nicks(panel) == ["测试小店:阿杰"]
    assert panel.notice.isVisible() and "阿杰" in panel.notice.text() and "1" in panel.notice.text()
    with shop.db.session() as s:
        assert s.scalars(select(Conversation.agent_id)).one() == jie.id

    # 离职员工 view and re-hire
    panel.tabs.setCurrentIndex(LEFT)
    assert nicks(panel) == ["测试小店:小美"]
    select_nick(panel, "测试小店:小美")
    assert [a.objectName() for a in panel.build_menu().actions()] == ["subaccounts.action.rehire"]
    action(panel, "rehire").trigger()
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert nicks(panel) == []
    panel.tabs.setCurrentIndex(STAFF)
    assert nicks(panel) == ["测试小店:小美", "测试小店:阿杰"]


def test_search_and_filters(qtbot, demo, runner) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, demo, demo.auth.owner_actor(), runner)
    assert len(nicks(panel)) == 10  # 小陈 has left
    type_text(qtbot, panel.search, "杰哥")  # 花名
    assert nicks(panel) == ["青禾小铺:阿杰"]
    panel.search.clear()
    type_text(qtbot, panel.search, "QH109")  # 工号
    assert nicks(panel) == ["青禾小铺:张姐"]
    panel.search.clear()
    type_text(qtbot, panel.search, "13912345600")  # phone
    assert nicks(panel) == ["青禾小铺:小美"]
    panel.search.clear()
    panel.department_filter.setCurrentIndex(panel.department_filter.findData("设计部"))
    assert nicks(panel) == ["青禾小铺:阿花"]
    panel.department_filter.setCurrentIndex(0)
    panel.role_filter.setCurrentIndex(panel.role_filter.findText("售后客服"))
    assert nicks(panel) == ["青禾小铺:丽丽", "青禾小铺:大伟"]
    panel.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert panel.proxy.row_at(0).nick >= panel.proxy.row_at(1).nick


def test_import_with_errors_then_good_file(qtbot, shop, owner, runner, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "名字,绑定手机,角色,花名\n"
        "小美,13912345678,售前客服,美美\n"
        "小美,13912345679,售前客服,\n"      # duplicate nick in file
        "小丽,12345,售前客服,\n"              # bad phone
        "小王😀,13912345670,售前客服,\n"     # emoji
        "小李,13912345671,不存在的角色,\n",  # unknown role
        encoding="utf-8",
    )
    chosen = {"path": str(bad)}
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen["path"], ""))
    panel = open_panel(qtbot, shop, owner, runner)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    dialog = panel.dialog
    assert isinstance(dialog, ImportDialog)
    errors = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
    assert [e.split("：")[0] for e in errors] == ["第 3 行", "第 4 行", "第 5 行", "第 6 行"]
    assert not dialog.ok.isEnabled()
    dialog.reject()
    assert shop.accounts.list_accounts(owner) == []

    # a malformed file: a clear message, nothing written
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    chosen["path"] = str(junk)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    panel.import_accounts()
    idle(qtbot, runner)
    assert shown and "xlsx" in shown[0]

    good = tmp_path / "good.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["名字", "绑定手机", "角色", "部门", "参与分流"])
    sheet.append(["小美", "13912345678", "售前客服", "客服部", "是"])
    sheet.append(["阿杰", 13912345679, "售后客服", "客服部", "否"])
    book.save(good)
    chosen["path"] = str(good)
    panel.import_accounts()
    idle(qtbot, runner)
    dialog = panel.dialog
    assert dialog.ok.isEnabled() and dialog.table.rowCount() == 2
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert nicks(panel) == ["测试小店:小美", "测试小店:阿杰"]


def test_export_round_trip(qtbot, demo, runner, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "team.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    panel = open_panel(qtbot, demo, demo.auth.owner_actor(), runner)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("名字,花名,部门") and len(lines) == 11


@pytest.mark.parametrize("role_key", sorted(PRESET_ROLES))
def test_each_preset_role_sees_its_panels(qtbot, shop, owner, runner, role_key) -> None:  # type: ignore[no-untyped-def]
    from app.ui.shell.main_window import MainWindow

    _row, actor = signed_in(shop, owner, "员工", "13912345678", role_key)
    window = MainWindow(PanelContext(shop, actor, runner))
    qtbot.addWidget(window)
    keys = window.panel_keys()
    assert ("subaccounts" in keys) == actor.can("subaccounts.view")
    assert ("roles" in keys) == actor.can("subaccounts.roles")
    expected_sub = {"super_admin": True, "cs_supervisor": True}.get(role_key, False)
    assert ("subaccounts" in keys) == expected_sub
    if "subaccounts" in keys:
        panel = window.show_panel("subaccounts")
        idle(qtbot, runner)
        assert panel.new_button.isVisibleTo(panel) == (role_key == "super_admin")
        assert action(panel, "freeze").isVisible() == (role_key == "super_admin")
    idle(qtbot, runner)
    window.close()


def test_super_admin_cannot_touch_another_super_admin_from_the_panel(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    _row, admin = signed_in(shop, owner, "管理员", "13912345678", "super_admin")
    make_sub(shop, owner, "管理员二", phone="13912345679", role_key="super_admin")
    panel = open_panel(qtbot, shop, admin, runner)
    select_nick(panel, "测试小店:管理员二")
    assert not action(panel, "freeze").isEnabled()
    assert not action(panel, "edit").isEnabled()
    panel.open_new()
    assert panel.dialog.role.findText("超级管理员") == -1  # cannot hand out that role
    panel.dialog.reject()


def test_quota_button_only_for_main_account(qtbot, shop, owner, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (5, True))
    panel = open_panel(qtbot, shop, owner, runner)
    assert panel.quota_button.isVisibleTo(panel)
    qtbot.mouseClick(panel.quota_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert shop.accounts.quota(owner).quota == 5 and "0 / 5" in panel.quota_label.text()
    _row, admin = signed_in(shop, owner, "管理员", "13912345678", "super_admin")
    other = open_panel(qtbot, shop, admin, runner)
    assert not other.quota_button.isVisibleTo(other)


def test_verify_and_reset_password_from_the_menu(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    from app.ui.accounts.subaccount_dialogs import PasswordDialog, VerifyDialog
    from tests.services.test_subaccounts_service import make_id_number

    make_sub(shop, owner, "小美", phone="13912345678")
    panel = open_panel(qtbot, shop, owner, runner)
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("unverified"))
    assert nicks(panel) == ["测试小店:小美"]
    select_nick(panel, "测试小店:小美")
    action(panel, "verify").trigger()
    dialog = panel.dialog
    assert isinstance(dialog, VerifyDialog)
    type_text(qtbot, dialog.person, "王小美")
    type_text(qtbot, dialog.id_number, "110105199001000001")  # wrong check digit
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert dialog.error.isVisible() and "校验位" in dialog.error.text()
    dialog.id_number.setText(make_id_number(42))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert nicks(panel) == []  # no longer unverified
    panel.status_filter.setCurrentIndex(0)
    select_nick(panel, "测试小店:小美")
    assert not action(panel, "verify").isEnabled()
    action(panel, "password").trigger()
    dialog = panel.dialog
    assert isinstance(dialog, PasswordDialog)
    type_text(qtbot, dialog.password, "Fresh-pass2")
    type_text(qtbot, dialog.password2, "Fresh-pass2")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert shop.auth.sign_in("13912345678", "Fresh-pass2").nick == "测试小店:小美"


def test_load_filters_once_and_search_texts_wait_for_a_search(qtbot, demo, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui.accounts.subaccounts_panel import AccountsModel

    passes: list[int] = []
    real = AccountsModel._refilter

    def counting(self, **kw):  # type: ignore[no-untyped-def]
        passes.append(1)
        return real(self, **kw)

    monkeypatch.setattr(AccountsModel, "_refilter", counting)
    panel = open_panel(qtbot, demo, demo.auth.owner_actor(), runner)
    passes.clear()
    panel.refresh()
    idle(qtbot, runner)
    assert len(passes) == 1  # the rows and the current filters in one pass
    model = panel.model
    assert model._hay is None  # no search yet: no search texts built
    # Cell texts match the general RowTableModel formatting, cached or not.
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            index = model.index(r, c)
            row = model.row_at(r)
            column = model.columns[c]
            assert index.data() == model._text(column, getattr(row, column.key, None))
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
    # Search, narrow, then change the tab while searching: the search texts follow.
    type_text(qtbot, panel.search, "青禾")
    assert len(nicks(panel)) == 10
    assert model.search_text(0) == model._haystack(model.row_at(0))
    type_text(qtbot, panel.search, "小铺:小")  # narrows: "青禾小铺:小"

    def holding(left: bool) -> list[str]:
        return sorted(r.nick for r in model.all_rows()
                      if (r.status == "deleted") == left and "青禾小铺:小" in model._haystack(r))

    assert nicks(panel) == holding(False) and 1 < len(holding(False)) < 10
    panel.tabs.setCurrentIndex(LEFT)
    assert nicks(panel) == holding(True) == ["青禾小铺:小陈"]
    panel.tabs.setCurrentIndex(STAFF)
    panel.search.clear()
    assert len(nicks(panel)) == 10
    # The fast sort of text columns orders exactly like the general key.
    for column in range(model.columnCount()):
        for reverse in (False, True):
            rows = model.all_rows()
            expected = sorted(rows, key=model._key(column), reverse=reverse)
            assert [r.id for r in model._sorted(rows, column, reverse)] == [r.id for r in expected]


def test_toolbar_follows_the_selection_and_offers_the_next_step(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    from app.ui.accounts.subaccount_dialogs import PasswordDialog, VerifyDialog
    from tests.services.test_subaccounts_service import make_id_number

    make_sub(shop, owner, "小美", phone="13912345678")
    panel = open_panel(qtbot, shop, owner, runner)
    buttons = panel.toolbar_buttons
    assert {n: b.isVisible() for n, b in buttons.items()} == {
        "verify": True, "password": True, "freeze": True, "unfreeze": True, "delete": True, "rehire": False}
    assert not any(b.isEnabled() for b in buttons.values())  # nothing selected
    assert not panel.next_button.isVisible()
    select_nick(panel, "测试小店:小美")
    assert buttons["verify"].isEnabled() and buttons["freeze"].isEnabled() and not buttons["unfreeze"].isEnabled()
    assert panel.next_button.isVisible() and panel.next_button.text() == "去认证"
    assert action(panel, "verify").shortcut().toString() and action(panel, "freeze").shortcut().toString()
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, VerifyDialog)
    dialog.person.setText("王小美")
    dialog.id_number.setText(make_id_number(12345))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    select_nick(panel, "测试小店:小美")
    assert panel.next_button.text() == "设置密码"  # verified, but 未设密码
    row = panel.selected()
    assert row is not None and row.password_text == "未设密码"
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert isinstance(panel.dialog, PasswordDialog)
    panel.dialog.reject()
    panel.tabs.setCurrentIndex(LEFT)
    assert buttons["rehire"].isVisible() and not buttons["freeze"].isVisible()


def test_import_preview_shows_the_changes_to_existing_accounts(qtbot, shop, owner, runner, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_sub(shop, owner, "小美", phone="13912345678", alias="美美")
    path = tmp_path / "team.csv"
    path.write_text("名字,绑定手机,角色,花名\n小美,13912345678,售前客服,小美美\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    panel = open_panel(qtbot, shop, owner, runner)
    panel.import_accounts()
    idle(qtbot, runner)
    dialog = panel.dialog
    assert isinstance(dialog, ImportDialog) and dialog.ok.isEnabled()
    assert dialog.table.item(0, 2).text() == "修改" and "美美 → 小美美" in dialog.table.item(0, 3).text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert shop.accounts.list_accounts(owner)[0].alias == "小美美"
