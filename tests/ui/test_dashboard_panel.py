"""The live dashboard as the owner sees it, on a controlled clock: tiles and tables follow
arriving buyers, replies and presence changes; the slow-response alert fires; who waits and
why; wall mode hides buyer nicks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.ui.common.panel import PanelContext
from app.ui.dashboard.panel import DashboardPanel
from tests.services.test_realtime import Live


@pytest.fixture
def live(db_url):  # type: ignore[no-untyped-def]
    shop = Live(db_url)
    shop.agents(("小美", "presales", 1), ("阿杰", "aftersales", 2))
    shop.presence(0, "小美", "online")
    shop.presence(0, "阿杰", "online")
    yield shop
    shop.close_all()


def open_panel(qtbot, live: Live, runner) -> DashboardPanel:  # type: ignore[no-untyped-def]
    panel = DashboardPanel(PanelContext(live.services, live.owner, runner))
    qtbot.addWidget(panel)
    panel.resize(1000, 640)
    panel.show()
    panel.timer.stop()  # the test drives the ticks (the clock does not move by itself)
    refresh(qtbot, panel)
    return panel


def refresh(qtbot, panel: DashboardPanel) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not panel.ticker.running, timeout=10_000)
    with qtbot.waitSignal(panel.refreshed, timeout=10_000):
        assert panel.tick()


def tile(panel: DashboardPanel, key: str) -> str:
    return panel.tiles[key].value.text()


def agents(panel: DashboardPanel) -> dict[str, tuple[str, int, int]]:
    rows = panel.agents_model.rows()
    return {r.name: (r.status, r.load, r.unreplied) for r in rows}


def test_tiles_and_table_follow_events_and_slow_alert_fires(qtbot, live: Live, runner) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, live, runner)
    qtbot.addWidget(panel.agents_table)
    assert (tile(panel, "unreplied"), tile(panel, "queued"), tile(panel, "light")) == ("0", "0", "亮")
    assert tile(panel, "online") == "2" and panel.tiles["online"].caption.text() == "在线客服人数（挂起 0）"
    assert agents(panel) == {"小美": ("online", 0, 0), "阿杰": ("online", 0, 0)}
    assert panel.alert.isHidden()

    live.buyer(0, "买家甲")  # 小美 (售前, capacity 1)
    live.buyer(10, "买家乙")  # 小美 is full: the 售前 queue
    live.clock.set(live.start.replace(second=20))
    refresh(qtbot, panel)
    assert (tile(panel, "unreplied"), tile(panel, "queued"), tile(panel, "longest")) == ("2", "1", "20 秒")
    assert agents(panel)["小美"] == ("online", 1, 1)
    waiting = panel.waiting_model.rows()
    assert [(w.buyer, w.reason_text) for w in waiting] == [("买家甲", "等待客服回复"), ("买家乙", "全部客服已满")]
    assert panel.alert.isHidden()

    live.clock.set(live.start.replace(minute=2))  # 120 s: past the 100-second threshold
    refresh(qtbot, panel)
    assert panel.alert.isVisible()
    assert "慢响应：2 位买家已等待超过 100 秒" in panel.alert.text()
    assert "1 位客服有空闲，而有买家在排队" not in panel.alert.text()  # 阿杰 is 售后, not 售前
    assert panel.slow_list.count() == 2 and panel.slow_list.item(0).text().startswith("买家甲")

    live.reply(125, "买家甲")
    live.presence(125, "阿杰", "suspended")
    live.at(126)
    refresh(qtbot, panel)
    assert tile(panel, "unreplied") == "1" and tile(panel, "online") == "1"
    assert panel.tiles["online"].caption.text() == "在线客服人数（挂起 1）"
    assert tile(panel, "avg") == "2 分 05 秒"
    assert agents(panel) == {"小美": ("online", 1, 0), "阿杰": ("suspended", 0, 0)}
    assert panel.slow_list.count() == 1  # 买家乙 still queues

    # click an agent: their conversations
    proxy = panel.agents_table.model()
    row = next(i for i in range(proxy.rowCount()) if proxy.row_at(i).name == "小美")
    panel.agents_table.selectRow(row)
    qtbot.waitUntil(lambda: panel.conversations_model.rowCount() > 0, timeout=10_000)
    assert [c.buyer for c in panel.conversations_model.rows()] == ["买家甲"]
    assert panel.conversations_title.text() == "小美 的会话"


def test_a_change_on_the_bus_refreshes_at_once(qtbot, live: Live, runner) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, live, runner)
    live.presence(5, "小美", "offline")
    with qtbot.waitSignal(panel.refreshed, timeout=10_000):
        panel.notify_changed(frozenset({"presence"}))
    assert tile(panel, "online") == "1"


def test_wall_mode_hides_buyers(qtbot, live: Live, runner) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, live, runner)
    live.buyer(0, "买家甲")
    refresh(qtbot, panel)
    panel.open_wall()
    wall = panel.wall
    assert wall is not None and wall.isVisible()
    assert wall.values["unreplied"].text() == "1"
    assert wall.model.data(wall.model.index(0, 0)) == "买***"
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    assert panel.wall is None


def test_models_pass_the_model_tester(qtbot, live: Live, runner, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, live, runner)
    live.buyer(0, "买家甲")
    refresh(qtbot, panel)
    for model in (panel.agents_model, panel.groups_model, panel.waiting_model):
        qtmodeltester.check(model)


CONSOLE_SCRIPT = r'''
import sys
import threading

from PySide6.QtCore import QMetaObject, Qt
from PySide6.QtWidgets import QApplication
from app.services.container import Services
from app.ui.common.changes import ChangeRelay
from app.ui.common.panel import PanelContext
from app.ui.dashboard.panel import DashboardPanel
from app.ui.shell.workers import Runner
from tests.memory_keyring import MemoryKeyring
from app.services.accounts.credentials import CredentialStore

app = QApplication([])
services = Services.open(sys.argv[1], CredentialStore(MemoryKeyring()))
runner = Runner()
panel = DashboardPanel(PanelContext(services, services.auth.owner_actor(), runner))
relay = ChangeRelay(services.db.changes)
relay.changed.connect(panel.notify_changed)
services.notifier.listen()
panel.timer.setInterval(60_000)  # only a change can refresh it within the test's 2 s
panel.refreshed.connect(lambda s: print("online", s.online_agents, flush=True))
panel.show()
panel.refresh()


def watch() -> None:
    services.notifier.listening.wait(10)
    print("ready", flush=True)
    sys.stdin.readline()  # the test closes stdin when it is done
    QMetaObject.invokeMethod(app, "quit", Qt.ConnectionType.QueuedConnection)


threading.Thread(target=watch, daemon=True).start()
app.exec()
services.close()
'''


def test_two_consoles_on_postgresql(db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A presence change made by one process shows in another process's dashboard within
    2 s (LISTEN/NOTIFY; real processes, real server)."""
    import os
    import queue
    import subprocess
    import sys
    import threading
    import time

    if not db_url.startswith("postgresql"):
        pytest.skip("several consoles need PostgreSQL (TEST_PG_URL)")
    from app.services.accounts.credentials import CredentialStore
    from app.services.container import Services
    from tests.memory_keyring import MemoryKeyring

    shop = Live(db_url)
    shop.agents(("小美", "presales", 2))
    shop.close_all()
    script = tmp_path / "console.py"
    script.write_text(CONSOLE_SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.getcwd(), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, str(script), db_url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(x.strip()) for x in child.stdout], daemon=True)  # type: ignore[union-attr]
    reader.start()

    def next_line(timeout: float) -> str:
        return lines.get(timeout=timeout)

    other = Services.open(db_url, CredentialStore(MemoryKeyring()))
    try:
        first = {next_line(60), next_line(60)}
        assert first == {"ready", "online 0"}  # listening, and its first refresh: nobody online
        owner = other.auth.owner_actor()
        agent_id = shop.ids["小美"]
        started = time.monotonic()
        other.routing.set_presence(owner, agent_id, "online")
        other.db.changes.publish({"presence"})  # as the window does after a panel's change
        while True:
            remaining = 2.0 - (time.monotonic() - started)
            assert remaining > 0, "the other console's dashboard did not show the change within 2 s"
            if next_line(remaining) == "online 1":
                break
    finally:
        other.close()
        child.stdin.close()  # type: ignore[union-attr]
        try:
            child.wait(15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(5)
        reader.join(5)
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]


def test_none_guard_keeps_the_console_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12 on Python 3.11 drops a reference to None per QLabel.setText; without the
    guard about 5,000 calls abort the process ("none_dealloc")."""
    import sys

    from PySide6.QtWidgets import QLabel

    from app.ui.common import none_guard

    if sys.version_info >= (3, 12):
        pytest.skip("None is immortal from Python 3.12")
    none_guard.install()
    label = QLabel()
    qtbot.addWidget(label)
    for i in range(20_000):
        label.setText(str(i % 7))
    none_guard.top_up()
    assert sys.getrefcount(None) >= none_guard.FLOOR
