"""The reception workbench as agents drive it: a routed conversation arrives, a quick phrase
with its variables filled answers it, a transfer carries a note the receiver sees; the
slow-response reminder and the session timeout run on a controlled clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from app.models.conversations import Conversation, Message
from app.models.routing import RoutingGroup
from app.services.common.clock import ManualClock
from app.services.live.events import LiveEvent
from app.ui.common.panel import PanelContext
from app.ui.reception import panel as reception
from app.ui.reception.panel import ReceptionPanel
from tests.qtutil import idle
from tests.services.test_subaccounts_service import make_sub

T0 = datetime(2026, 11, 11, 2, 0, tzinfo=UTC)


@pytest.fixture
def clock(shop) -> ManualClock:  # type: ignore[no-untyped-def]
    clock = ManualClock(T0)
    shop.db.clock = clock  # the console's clock: tests move it instead of sleeping
    return clock


@pytest.fixture
def agents(shop, owner, clock):  # type: ignore[no-untyped-def]
    """小美 and 阿杰 (售前, capacity 2), signed in; only 小美 online at first."""
    with shop.db.session() as s:
        presales = s.scalars(select(RoutingGroup).where(RoutingGroup.preset_key == "presales")).one().id
    out = {}
    for name, phone in (("小美", "13912345601"), ("阿杰", "13912345602")):
        row = make_sub(shop, owner, name, phone=phone, password="Staff-pass1", verify=True)
        shop.routing.set_member(owner, row.id, presales, capacity=2)
        out[name] = shop.auth.sign_in(phone, "Staff-pass1")
    shop.live.set_status(out["小美"], "online")
    shop.live.set_status(out["阿杰"], "offline")  # signing in made both online
    return out


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):  # type: ignore[no-untyped-def]
    """A refused action would open a modal box: record it instead, and fail the test."""
    shown: list[Exception] = []
    monkeypatch.setattr(ReceptionPanel, "show_error", lambda self, exc: shown.append(exc))
    yield shown
    assert shown == []


def open_panel(qtbot, services, actor, runner) -> ReceptionPanel:  # type: ignore[no-untyped-def]
    panel = ReceptionPanel(PanelContext(services, actor, runner))
    qtbot.addWidget(panel)
    panel.resize(880, 660)
    panel.show()
    panel.refresh()
    idle(qtbot, runner)
    return panel


def buyer_says(shop, owner, clock, buyer: str, text: str) -> int:  # type: ignore[no-untyped-def]
    done = shop.live.apply(owner, LiveEvent("message", clock.now(), buyer=buyer, sender="buyer", text=text))
    return int(done.conversation_id)


def test_stable_object_names(qtbot, shop, owner, runner, agents) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, shop, owner, runner)
    assert panel.objectName() == "panel.reception"
    for name in ("reception.conversations", "reception.transcript", "reception.reply", "reception.send",
                 "reception.transfer", "reception.close", "reception.mark_ad", "reception.phrases",
                 "reception.phrase_search", "reception.history", "reception.reminder", "reception.view",
                 "reception.take_over", "reception.simulator", "reception.settings"):
        assert panel.findChild(object, name) is not None, name


def test_agent_flow_phrase_with_variables_and_transfer_note(qtbot, shop, owner, runner, clock, agents,
                                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shop.live.save_phrase(owner, personal=False, category="问候", code="hi",
                          content="{买家}您好，我是{客服}，欢迎光临{店铺}")
    conv = buyer_says(shop, owner, clock, "买家甲", "在吗")
    mei = open_panel(qtbot, shop, agents["小美"], runner)
    # the routed conversation arrives in 小美's list and opens
    assert [r.buyer for r in mei.model.rows()] == ["买家甲"]
    qtbot.waitUntil(lambda: mei.current == conv and mei.messages.count() == 1)
    # `/hi` + Enter puts the phrase in the box with its variables filled; Enter sends it
    mei.reply.setFocus()
    qtbot.keyClicks(mei.reply, "/hi")
    qtbot.keyClick(mei.reply, Qt.Key.Key_Return)
    idle(qtbot, runner)
    assert mei.reply.toPlainText() == "买家甲您好，我是小美，欢迎光临测试小店"
    clock.advance(20)
    qtbot.keyClick(mei.reply, Qt.Key.Key_Return)
    idle(qtbot, runner)
    with shop.db.session() as s:
        sent = s.scalars(select(Message).where(Message.sender == "agent")).one()
        assert (sent.content, sent.agent_nick, sent.sent_at) == ("买家甲您好，我是小美，欢迎光临测试小店",
                                                                 "测试小店:小美", T0 + timedelta(seconds=20))
    assert shop.live.phrases(owner)[0].uses == 1
    # Ctrl+T: transfer to 阿杰 with a note
    shop.live.set_status(agents["阿杰"], "online")
    clock.advance(5)

    def accept(dialog: QDialog) -> int:
        index = next(i for i in range(dialog.target.count()) if dialog.target.itemData(i) == "测试小店:阿杰")
        dialog.target.setCurrentIndex(index)
        dialog.note.setText("老客户，问过尺码")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(reception.TransferDialog, "exec", accept)
    qtbot.keyClick(mei.reply, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, runner)
    idle(qtbot, runner)
    assert mei.model.rows() == []  # gone from 小美's list
    jie = open_panel(qtbot, shop, agents["阿杰"], runner)
    assert [r.buyer for r in jie.model.rows()] == ["买家甲"]
    qtbot.waitUntil(lambda: jie.note.isVisible())
    assert "老客户，问过尺码" in jie.note.text() and "小美" in jie.note.text()


def test_slow_response_reminder_and_timeout_on_a_controlled_clock(qtbot, shop, owner, runner, clock,
                                                                   agents) -> None:  # type: ignore[no-untyped-def]
    first = buyer_says(shop, owner, clock, "买家甲", "在吗")
    clock.advance(30)
    second = buyer_says(shop, owner, clock, "买家乙", "有货吗")
    panel = open_panel(qtbot, shop, agents["小美"], runner)
    assert not panel.reminder.isVisible()
    clock.advance(80)  # 买家甲 has waited 110 s, 买家乙 80 s
    panel._tick()
    assert panel.reminder.isVisible() and panel.reminder.text().startswith("1 位买家等待超过 100 秒")
    slow = [r.buyer for r in panel.model.rows() if panel.model.is_slow(r)]
    assert slow == ["买家甲"]
    row = next(i for i, r in enumerate(panel.model.rows()) if r.buyer == "买家甲")
    assert panel.model.data(panel.model.index(row, 0), Qt.ItemDataRole.BackgroundRole) is not None
    clock.advance(30)
    panel._tick()
    assert panel.reminder.text().startswith("2 位买家")
    panel.table.selectRow(next(i for i, r in enumerate(panel.model.rows()) if r.buyer == "买家乙"))
    qtbot.mouseClick(panel.reminder, Qt.MouseButton.LeftButton)  # jumps to the longest wait
    idle(qtbot, runner)
    assert panel.current == first
    # nobody writes for 30 minutes: both close at last message + timeout
    clock.advance(minutes=31)
    panel._ticks = reception.IDLE_TICKS - 1
    panel._tick()
    idle(qtbot, runner)
    with shop.db.session() as s:
        closed = {c.id: (c.status, c.closed_at) for c in s.scalars(select(Conversation))}
    assert closed[first] == ("closed", T0 + timedelta(minutes=30))
    assert closed[second] == ("closed", T0 + timedelta(seconds=30, minutes=30))
    panel.refresh()
    idle(qtbot, runner)
    assert panel.model.rows() == [] and not panel.reminder.isVisible()


def test_supervisor_sees_every_queue_and_takes_over(qtbot, shop, owner, runner, clock, agents) -> None:  # type: ignore[no-untyped-def]
    conv = buyer_says(shop, owner, clock, "买家甲", "在吗")
    panel = open_panel(qtbot, shop, owner, runner)
    assert panel.view_combo.currentData() == 0 and [r.agent for r in panel.model.rows()] == ["小美"]
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.take_button, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    with shop.db.session() as s:
        taken = s.get(Conversation, conv)
        assert taken is not None and taken.agent_id == owner.account_id
