"""The roles panel as a user drives it: the tri-state tree, saving, custom roles, the diff."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from app.services.accounts.subaccounts import SubAccountInput
from app.ui.accounts.roles_panel import RolesPanel
from app.ui.common.panel import PanelContext
from tests.qtutil import idle
from tests.services.test_subaccounts_service import make_sub, role_id, signed_in


def open_panel(qtbot, services, actor, runner) -> RolesPanel:  # type: ignore[no-untyped-def]
    panel = RolesPanel(PanelContext(services, actor, runner))
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    panel.refresh()
    idle(qtbot, runner)
    idle(qtbot, runner)
    return panel


def pick(panel: RolesPanel, name: str) -> None:
    for i in range(panel.list.count()):
        if panel.list.item(i).text().startswith(name + "（"):
            panel.list.setCurrentRow(i)
            return
    raise AssertionError(name)


def test_tristate_tree_and_save(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, shop, owner, runner)
    assert panel.list.count() == 7
    pick(panel, "售前客服")
    tree = panel.tree
    cs = tree.item("cs")
    assert cs.checkState(0) == Qt.CheckState.PartiallyChecked  # 接待 + 聊天记录, not 分流设置
    assert tree.item("cs.reception").checkState(0) == Qt.CheckState.Checked
    assert not panel.save_button.isEnabled()
    assert panel.name.isReadOnly()  # a preset keeps its name
    tree.item("cs.routing").setCheckState(0, Qt.CheckState.Checked)
    assert cs.checkState(0) == Qt.CheckState.Checked
    tree.item("trade").setCheckState(0, Qt.CheckState.Checked)  # a module checks its subtree
    assert tree.item("trade.refund").checkState(0) == Qt.CheckState.Checked
    assert panel.save_button.isEnabled()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    role = shop.roles.get(owner, role_id(shop, owner, "presales"))
    assert {"cs.routing", "trade.refund", "trade.ship"} <= role.points
    assert {"cs", "trade"} <= role.codes
    # the super-admin role is fixed
    pick(panel, "超级管理员")
    assert not panel.tree.isEnabled()


def test_new_rename_copy_and_delete_refused_while_in_use(qtbot, shop, owner, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    names = iter(["质检", "质检副本"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (next(names), True))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    panel = open_panel(qtbot, shop, owner, runner)
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert panel.current is not None and panel.current.name == "质检"
    panel.name.setText("质检员")
    panel.name.textEdited.emit("质检员")
    panel.tree.item("cs.history").setCheckState(0, Qt.CheckState.Checked)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert panel.current.name == "质检员" and panel.current.points == {"cs.history"}
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert panel.current.name == "质检副本" and panel.current.points == {"cs.history"}
    # in use → refused with the accounts named
    row = make_sub(shop, owner, "小美", phone="13912345678")
    shop.accounts.update(owner, row.id, SubAccountInput(name="小美", bound_phone=row.bound_phone,
                                                        role_id=panel.current.id))
    panel.refresh()
    idle(qtbot, runner)
    pick(panel, "质检副本")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert warnings and "测试小店:小美" in warnings[0]
    pick(panel, "质检员")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert "质检员" not in [r.name for r in shop.roles.list_roles(owner)]


def test_diff_view(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, shop, owner, runner)
    panel.diff_left.setCurrentIndex(panel.diff_left.findText("角色：售后客服"))
    idle(qtbot, runner)
    panel.diff_right.setCurrentIndex(panel.diff_right.findText("角色：售前客服"))
    idle(qtbot, runner)
    texts = [panel.diff_result.item(i).text().strip() for i in range(panel.diff_result.count())]
    assert texts[0].startswith("售后客服 能做")
    assert "交易管理 / 退款处理" in texts
    assert texts.index("商品管理 / 查看商品") > texts.index("交易管理 / 退款处理")


def test_sub_account_sees_only_its_own_points_enabled(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    role = shop.roles.create_role(owner, "人事", {"subaccounts", "cs.reception"})
    row, _ = signed_in(shop, owner, "人事", "13912345600", "presales")
    shop.accounts.update(owner, row.id, SubAccountInput(name="人事", bound_phone=row.bound_phone, role_id=role.id))
    actor = shop.auth.sign_in("13912345600", "Staff-pass1")
    panel = open_panel(qtbot, shop, actor, runner)
    pick(panel, "售前客服")
    assert panel.tree.item("cs.reception").flags() & Qt.ItemFlag.ItemIsEnabled
    assert not panel.tree.item("finance.view").flags() & Qt.ItemFlag.ItemIsEnabled
    # checking a module ticks only the points this account may grant
    panel.tree.item("cs").setCheckState(0, Qt.CheckState.Unchecked)
    assert "cs.reception" not in panel.tree.points() and "cs.history" in panel.tree.points()
    panel.tree.item("cs").setCheckState(0, Qt.CheckState.Checked)
    assert "cs.reception" in panel.tree.points() and "cs.routing" not in panel.tree.points()
    assert panel.tree.item("cs").checkState(0) == Qt.CheckState.PartiallyChecked
