"""The routing panel as a user drives it: groups and members, modes, capacities, rules,
settings, and the "try it" box."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from app.ui.common.panel import PanelContext
from app.ui.routing.panel import RoutingPanel
from tests.qtutil import idle
from tests.services.test_routing_service import add_agents, groups


@pytest.fixture
def setup(shop, owner):  # type: ignore[no-untyped-def]
    ids = add_agents(shop, "小美", "阿杰", "丽丽")
    g = groups(shop)
    shop.routing.set_member(owner, ids[0], g["presales"], capacity=3)
    shop.routing.set_member(owner, ids[1], g["presales"], capacity=3)
    shop.routing.set_member(owner, ids[2], g["aftersales"], capacity=2)
    for i in ids:
        shop.routing.set_presence(owner, i, "online")
    return ids, g


def open_panel(qtbot, services, actor, runner) -> RoutingPanel:  # type: ignore[no-untyped-def]
    panel = RoutingPanel(PanelContext(services, actor, runner))
    qtbot.addWidget(panel)
    panel.resize(1200, 760)
    panel.show()
    panel.refresh()
    idle(qtbot, runner)
    return panel


def select_group(panel: RoutingPanel, name: str) -> None:
    for i in range(panel.groups_proxy.rowCount()):
        if panel.groups_proxy.row_at(i).name == name:
            panel.groups_view.selectRow(i)
            return
    raise AssertionError(name)


def visible_members(panel: RoutingPanel) -> list[str]:
    return [panel.members_proxy.row_at(i).name for i in range(panel.members_proxy.rowCount())]


def test_stable_object_names(qtbot, shop, owner, runner, setup) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, shop, owner, runner)
    assert panel.objectName() == "panel.routing"
    for name in ("routing.mode", "routing.groups", "routing.members", "routing.rules", "routing.try.message",
                 "routing.try.entry", "routing.try.run", "routing.try.result", "routing.proxy", "routing.mobile",
                 "routing.auto_reply", "routing.capacity", "routing.weight", "routing.backup", "routing.overflow",
                 "routing.light", "routing.log"):
        assert panel.findChild(object, name) is not None, name


def test_groups_members_and_light(qtbot, shop, owner, runner, setup) -> None:  # type: ignore[no-untyped-def]
    ids, g = setup
    panel = open_panel(qtbot, shop, owner, runner)
    assert "亮灯" in panel.light.text()
    select_group(panel, "售前")
    assert visible_members(panel) == ["小美", "阿杰"]
    select_group(panel, "售后")
    assert visible_members(panel) == ["丽丽"]


def test_move_agent_and_change_capacity(qtbot, shop, owner, runner, setup) -> None:  # type: ignore[no-untyped-def]
    ids, g = setup
    panel = open_panel(qtbot, shop, owner, runner)
    select_group(panel, "售前")
    panel.members_view.selectRow(1)  # 阿杰
    assert panel.member_account.currentData() == ids[1]
    panel.member_group.setCurrentIndex(panel.member_group.findData(g["aftersales"]))
    panel.capacity.setValue(7)
    panel.weight.setValue(3)
    panel.save_member_button.click()
    idle(qtbot, runner)
    row = next(m for m in shop.routing.overview(owner).members if m.account_id == ids[1])
    assert (row.group_id, row.capacity, row.weight) == (g["aftersales"], 7, 3)
    assert sorted(visible_members(panel)) == ["丽丽", "阿杰"]


def test_mode_and_new_group(qtbot, shop, owner, runner, setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, shop, owner, runner)
    select_group(panel, "售前")
    panel.mode.setCurrentIndex(panel.mode.findData("ordered"))
    panel.save_group_button.click()
    idle(qtbot, runner)
    assert next(x for x in shop.routing.overview(owner).groups if x.name == "售前").mode == "ordered"
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("大客户", True)))
    panel.add_group_button.click()
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert any(x.name == "大客户" for x in shop.routing.overview(owner).groups)
    select_group(panel, "大客户")
    assert panel.delete_group_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    panel.delete_group_button.click()
    idle(qtbot, runner)
    assert all(x.name != "大客户" for x in shop.routing.overview(owner).groups)


def test_rules_table_and_try_box(qtbot, shop, owner, runner, setup) -> None:  # type: ignore[no-untyped-def]
    ids, g = setup
    panel = open_panel(qtbot, shop, owner, runner)
    panel.try_message.setText("我要退款")
    panel.try_run.click()
    qtbot.waitUntil(lambda: "丽丽" in panel.try_result.text(), timeout=20_000)
    assert "关键词“退款”" in panel.try_result.text()
    # a rule: 发票 → 售前
    panel.tabs.setCurrentIndex(1)
    panel.rule_kind.setCurrentIndex(panel.rule_kind.findData("keyword"))
    panel.rule_pattern.setText("发票")
    panel.rule_group.setCurrentIndex(panel.rule_group.findData(g["presales"]))
    before = panel.rules_model.rowCount()
    panel.add_rule_button.click()
    idle(qtbot, runner)
    assert panel.rules_model.rowCount() == before + 1
    panel.try_message.setText("能开发票吗")
    panel.try_entry.setText("首页")
    panel.try_run.click()
    qtbot.waitUntil(lambda: "发票" in panel.try_result.text(), timeout=20_000)
    assert "售前" in panel.try_result.text()
    assert shop.routing.queue_size(owner) == 0  # trying wrote nothing


def test_bad_rule_shows_the_error(qtbot, shop, owner, runner, setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a: shown.append(text)))
    panel = open_panel(qtbot, shop, owner, runner)
    panel.rule_pattern.setText(" , ")
    panel.add_rule_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "规则内容" in shown[0]


def test_settings_round_trip(qtbot, shop, owner, runner, setup) -> None:  # type: ignore[no-untyped-def]
    ids, g = setup
    panel = open_panel(qtbot, shop, owner, runner)
    panel.tabs.setCurrentIndex(2)
    panel.proxy.setCurrentIndex(panel.proxy.findData(ids[0]))
    panel.mobile.setChecked(False)
    panel.auto_reply.setPlainText("亲，客服马上回来")
    panel.returning_window.setValue(12)
    panel.save_settings_button.click()
    idle(qtbot, runner)
    s = shop.routing.settings(owner)
    assert (s.proxy_account_id, s.mobile_routing, s.auto_reply, s.returning_window_hours) == (
        ids[0], False, "亲，客服马上回来", 12.0)
    # everyone offline: the try box shows the proxy and the auto-reply
    for i in ids:
        shop.routing.set_presence(owner, i, "offline")
    panel.try_message.setText("在吗")
    panel.try_run.click()
    qtbot.waitUntil(lambda: "代理账号" in panel.try_result.text(), timeout=20_000)
    assert "亲，客服马上回来" in panel.try_result.text()


def test_decision_log_lists_routings(qtbot, shop, owner, runner, setup) -> None:  # type: ignore[no-untyped-def]
    shop.routing.route(owner, "买家甲", "退货")
    panel = open_panel(qtbot, shop, owner, runner)
    assert panel.log_model.rowCount() == 1
    assert "关键词“退货”" in panel.log_model.row_at(0).reason


def test_try_box_direct_contact_for_offline_agent(qtbot, shop, owner, runner, setup) -> None:  # type: ignore[no-untyped-def]
    ids, g = setup
    shop.routing.set_presence(owner, ids[0], "offline")
    panel = open_panel(qtbot, shop, owner, runner)
    panel.try_message.setText("在吗")
    panel.try_direct.setCurrentIndex(panel.try_direct.findData(ids[0]))
    panel.try_run.click()
    qtbot.waitUntil(lambda: "阿杰" in panel.try_result.text(), timeout=20_000)
    assert "离线分流" in panel.try_result.text()


def test_member_editor_follows_the_selection_and_writes_only_what_changed(qtbot, shop, owner, runner, setup) -> None:  # type: ignore[no-untyped-def]
    ids, g = setup
    shop.routing.set_member(owner, ids[0], g["presales"], weight=2)
    panel = open_panel(qtbot, shop, owner, runner)
    select_group(panel, "售前")
    assert not panel.members_view.currentIndex().isValid()
    assert not panel.weight.isEnabled() and not panel.save_member_button.isEnabled()
    assert panel.weight.text() == "—"  # no agent's values shown beside another's row
    panel.members_view.selectRow(visible_members(panel).index("小美"))
    assert panel.weight.isEnabled() and panel.weight.value() == 2
    panel.weight.setValue(1)  # changed and changed back: not a change
    panel.weight.setValue(2)
    panel.capacity.setValue(6)
    calls: list[dict] = []
    real = shop.routing.set_member
    shop.routing.set_member = lambda *a, **k: (calls.append(k), real(*a, **k))[1]  # type: ignore[method-assign]
    panel.save_member_button.click()
    idle(qtbot, runner)
    assert calls == [{"capacity": 6}]
    row = next(m for m in shop.routing.overview(owner).members if m.account_id == ids[0])
    assert (row.weight, row.capacity) == (2, 6)
    assert panel.editor.member is not None and panel.editor.member.account_id == ids[0]  # still bound


def test_takes_routing_off_keeps_current_conversations_until_moved(qtbot, shop, owner, runner, setup) -> None:  # type: ignore[no-untyped-def]
    ids, g = setup
    shop.routing.route(owner, "买家甲", "在吗")
    panel = open_panel(qtbot, shop, owner, runner)
    busy = next(m for m in shop.routing.overview(owner).members if m.load)
    select_group(panel, busy.group_name)
    panel.members_view.selectRow(visible_members(panel).index(busy.name))
    panel.takes.setChecked(False)
    assert "不动" in panel.editor.note.text()
    panel.save_member_button.click()
    idle(qtbot, runner)
    after = next(m for m in shop.routing.overview(owner).members if m.account_id == busy.account_id)
    assert after.load == 1 and not after.takes_routing
    assert panel.editor.move_button.isEnabled()
    panel.editor.move_button.click()
    idle(qtbot, runner)
    moved = next(m for m in shop.routing.overview(owner).members if m.account_id == busy.account_id)
    assert moved.load == 0
    assert "1" in panel.editor.result.text()


def test_tables_let_tab_leave(qtbot, shop, owner, runner, setup) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableView

    panel = open_panel(qtbot, shop, owner, runner)
    for view in panel.findChildren(QTableView):
        assert not view.tabKeyNavigation(), view.objectName()
