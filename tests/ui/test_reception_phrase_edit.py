"""Quick phrases edited and deleted from the reception workbench: 编辑 / F2 opens the phrase
prefilled, 删除 / Delete asks first, the context menu offers both, and the service's refusals
(a shop-wide phrase without cs.routing, a phrase gone meanwhile) show and change nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from app.services.common.errors import NotFound, PermissionDenied
from app.ui.reception import panel as reception
from app.ui.reception.panel import ReceptionPanel
from tests.qtutil import idle
from tests.services.test_subaccounts_service import make_sub
from tests.ui.test_reception_panel import open_panel


@pytest.fixture
def agent(shop, owner):  # type: ignore[no-untyped-def]
    """小美, a pre-sales agent: cs.reception without cs.routing."""
    make_sub(shop, owner, "小美", phone="13912345601", password="Staff-pass1", verify=True)
    return shop.auth.sign_in("13912345601", "Staff-pass1")


@pytest.fixture(autouse=True)
def errors(monkeypatch):  # type: ignore[no-untyped-def]
    """Errors the panel would show in a modal box, recorded instead."""
    shown: list[Exception] = []
    monkeypatch.setattr(ReceptionPanel, "show_error", lambda self, exc: shown.append(exc))
    return shown


@pytest.fixture
def confirm(monkeypatch):  # type: ignore[no-untyped-def]
    """Answers the delete confirmation with `answer[0]`; records each box's name and text."""
    asked: list[tuple[str, str]] = []
    answer = [QMessageBox.StandardButton.Yes]

    def exec_(box: QMessageBox) -> int:
        asked.append((box.objectName(), box.text()))
        return int(answer[0].value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked, answer


def select(panel: ReceptionPanel, code: str) -> None:
    proxy = panel.phrase_proxy
    for r in range(proxy.rowCount()):
        if proxy.index(r, 0).data() == code:
            panel.phrase_table.selectRow(r)
            return
    raise AssertionError(f"no phrase {code!r} in the list")


def listed(panel: ReceptionPanel) -> dict[str, str]:
    return {row.code: row.content for row in panel.phrases.rows()}


def answer_dialog(monkeypatch, seen: list[tuple[str, str, str, bool, bool]], content: str) -> None:  # type: ignore[no-untyped-def]
    def exec_(dialog: QDialog) -> int:
        seen.append((dialog.category.text(), dialog.code.text(), dialog.content.toPlainText(),
                     dialog.shared.isChecked(), dialog.shared.isEnabled()))
        dialog.content.setPlainText(content)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(reception.PhraseDialog, "exec", exec_)


def test_buttons_follow_the_selection(qtbot, shop, owner, runner, agent) -> None:  # type: ignore[no-untyped-def]
    shop.live.save_phrase(agent, category="问候", code="hi", content="您好")
    panel = open_panel(qtbot, shop, agent, runner)
    edit = panel.findChild(object, "reception.phrase_edit")
    delete = panel.findChild(object, "reception.phrase_delete")
    assert (edit.isEnabled(), delete.isEnabled()) == (False, False)
    assert [a.objectName() for a in panel.build_phrase_menu().actions()] == ["reception.action.phrase_add"]
    select(panel, "hi")
    assert (edit.isEnabled(), delete.isEnabled()) == (True, True)
    assert [a.objectName() for a in panel.build_phrase_menu().actions()] == [
        "reception.action.phrase_add", "reception.action.phrase_edit", "reception.action.phrase_delete"]
    # a reload keeps the chosen phrase chosen, also when another one now lists first
    shop.live.save_phrase(agent, category="问候", code="bye", content="再见")
    panel.refresh()
    idle(qtbot, runner)
    assert edit.isEnabled() and panel._selected_phrase().code == "hi"
    # filtering it away leaves nothing to edit
    panel.phrase_search.setText("nomatch")
    assert (edit.isEnabled(), delete.isEnabled()) == (False, False)


def test_edit_a_personal_phrase_with_f2(qtbot, shop, owner, runner, agent, monkeypatch,
                                        errors) -> None:  # type: ignore[no-untyped-def]
    pid = shop.live.save_phrase(agent, category="问候", code="hi", content="您好")
    panel = open_panel(qtbot, shop, agent, runner)
    seen: list[tuple[str, str, str, bool, bool]] = []
    answer_dialog(monkeypatch, seen, "您好，有什么可以帮您？")
    select(panel, "hi")
    panel.phrase_table.setFocus()
    qtbot.waitUntil(panel.phrase_table.hasFocus)
    qtbot.keyClick(panel.phrase_table, Qt.Key.Key_F2)
    idle(qtbot, runner)
    # prefilled; personal, and the choice cannot be changed while editing
    assert seen == [("问候", "hi", "您好", False, False)]
    assert errors == []
    qtbot.waitUntil(lambda: listed(panel) == {"hi": "您好，有什么可以帮您？"})
    rows = shop.live.phrases(agent)
    assert [(r.id, r.personal, r.content) for r in rows] == [(pid, True, "您好，有什么可以帮您？")]


def test_edit_button_refuses_bad_input_and_changes_nothing(qtbot, shop, owner, runner, agent, monkeypatch,
                                                           errors) -> None:  # type: ignore[no-untyped-def]
    shop.live.save_phrase(agent, category="问候", code="hi", content="您好")
    panel = open_panel(qtbot, shop, agent, runner)
    answer_dialog(monkeypatch, [], "   ")
    select(panel, "hi")
    qtbot.mouseClick(panel.phrase_edit_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert [type(e).__name__ for e in errors] == ["ValidationError"]
    assert listed(panel) == {"hi": "您好"}
    assert shop.live.phrases(agent)[0].content == "您好"


def test_delete_asks_first_then_removes(qtbot, shop, owner, runner, agent, confirm,
                                        errors) -> None:  # type: ignore[no-untyped-def]
    asked, answer = confirm
    shop.live.save_phrase(agent, category="售后", code="bye", content="感谢光临")
    shop.live.save_phrase(agent, category="售后", code="", content="亲，七天无理由退换，请放心购买哦")
    panel = open_panel(qtbot, shop, agent, runner)
    # No: nothing happens
    answer[0] = QMessageBox.StandardButton.No
    select(panel, "bye")
    qtbot.mouseClick(panel.phrase_delete_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert asked == [("reception.phrase_delete_confirm", "删除快捷短语“/bye”？删除后不能恢复。")]
    assert len(shop.live.phrases(agent)) == 2
    # Yes via the Delete key: gone from the list and from the database
    answer[0] = QMessageBox.StandardButton.Yes
    panel.phrase_table.setFocus()
    qtbot.waitUntil(panel.phrase_table.hasFocus)
    qtbot.keyClick(panel.phrase_table, Qt.Key.Key_Delete)
    idle(qtbot, runner)
    qtbot.waitUntil(lambda: "bye" not in listed(panel))
    assert [r.content for r in shop.live.phrases(agent)] == ["亲，七天无理由退换，请放心购买哦"]
    # a phrase without a code is named by its first characters
    select(panel, "")
    qtbot.mouseClick(panel.phrase_delete_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert asked[-1] == ("reception.phrase_delete_confirm", "删除快捷短语“亲，七天无理由退换，请放…”？删除后不能恢复。")
    qtbot.waitUntil(lambda: listed(panel) == {})
    assert shop.live.phrases(agent) == []
    assert errors == []


def test_agent_cannot_edit_or_delete_a_shop_wide_phrase(qtbot, shop, owner, runner, agent, monkeypatch,
                                                        confirm, errors) -> None:  # type: ignore[no-untyped-def]
    shop.live.save_phrase(owner, personal=False, category="问候", code="hi", content="欢迎光临")
    panel = open_panel(qtbot, shop, agent, runner)
    seen: list[tuple[str, str, str, bool, bool]] = []
    answer_dialog(monkeypatch, seen, "改掉了")
    select(panel, "hi")
    qtbot.mouseClick(panel.phrase_edit_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert seen == [("问候", "hi", "欢迎光临", True, False)]  # shown as shop-wide
    assert [type(e) for e in errors] == [PermissionDenied]
    assert listed(panel) == {"hi": "欢迎光临"}
    qtbot.mouseClick(panel.phrase_delete_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert [type(e) for e in errors] == [PermissionDenied, PermissionDenied]
    assert [(r.code, r.content, r.personal) for r in shop.live.phrases(owner)] == [("hi", "欢迎光临", False)]


def test_owner_edits_a_shop_wide_phrase_from_the_menu(qtbot, shop, owner, runner, monkeypatch,
                                                      errors) -> None:  # type: ignore[no-untyped-def]
    shop.live.save_phrase(owner, personal=False, category="问候", code="hi", content="欢迎光临")
    panel = open_panel(qtbot, shop, owner, runner)
    seen: list[tuple[str, str, str, bool, bool]] = []
    answer_dialog(monkeypatch, seen, "欢迎光临本店")
    select(panel, "hi")
    edit = next(a for a in panel.build_phrase_menu().actions() if a.objectName() == "reception.action.phrase_edit")
    edit.trigger()
    idle(qtbot, runner)
    assert seen == [("问候", "hi", "欢迎光临", True, False)]  # still shop-wide, not changeable here
    qtbot.waitUntil(lambda: listed(panel) == {"hi": "欢迎光临本店"})
    assert [(r.content, r.personal) for r in shop.live.phrases(owner)] == [("欢迎光临本店", False)]
    assert errors == []


def test_a_phrase_deleted_elsewhere_shows_not_found_and_leaves_the_list(qtbot, shop, owner, runner, agent,
                                                                        monkeypatch, errors) -> None:  # type: ignore[no-untyped-def]
    pid = shop.live.save_phrase(agent, category="问候", code="hi", content="您好")
    panel = open_panel(qtbot, shop, agent, runner)
    answer_dialog(monkeypatch, [], "新的")
    select(panel, "hi")
    shop.live.delete_phrase(agent, pid)  # at another console
    qtbot.mouseClick(panel.phrase_edit_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert [type(e) for e in errors] == [NotFound]
    qtbot.waitUntil(lambda: listed(panel) == {})
    assert shop.live.phrases(agent) == []


def test_right_click_chooses_the_phrase_and_opens_its_menu(qtbot, shop, owner, runner, agent,
                                                           monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shop.live.save_phrase(agent, category="问候", code="hi", content="您好")
    shop.live.save_phrase(agent, category="问候", code="bye", content="再见")
    panel = open_panel(qtbot, shop, agent, runner)
    opened: list[list[str]] = []  # the offscreen platform cannot show a popup: record it instead
    monkeypatch.setattr(QMenu, "popup", lambda menu, _at, _action=None: opened.append(
        [a.objectName() for a in menu.actions()]))
    table, proxy = panel.phrase_table, panel.phrase_proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "bye")
    table.customContextMenuRequested.emit(table.visualRect(proxy.index(row, 0)).center())
    assert panel._selected_phrase().code == "bye"
    assert opened == [["reception.action.phrase_add", "reception.action.phrase_edit",
                       "reception.action.phrase_delete"]]
