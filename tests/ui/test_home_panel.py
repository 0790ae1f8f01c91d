"""The 工作台 as the owner sees it: today's live tiles (the dashboard's figures), the to-dos
(unverified sub-accounts, accounts without a password, slow responses right now)."""

from __future__ import annotations

from app.models.accounts import Account
from app.ui.common.panel import PanelContext
from app.ui.home.panel import HomePanel
from tests.qtutil import idle
from tests.services.test_realtime import Live


def test_live_tiles_and_todos(qtbot, db_url, runner) -> None:  # type: ignore[no-untyped-def]
    live = Live(db_url)
    try:
        live.agents(("小美", "presales", 2))
        live.presence(0, "小美", "online")
        with live.services.db.session() as s:
            s.add(Account(kind="sub", nick="测试小店:新人", status="active"))  # no ID check, no password
        live.buyer(0, "买家甲")
        live.at(30)
        panel = HomePanel(PanelContext(live.services, live.owner, runner))
        qtbot.addWidget(panel)
        panel.show()
        panel.refresh()
        idle(qtbot, runner)
        tiles = {k: t.value.text() for k, t in panel.tiles.items()}
        assert tiles == {"unreplied": "1", "queued": "0", "online": "1", "avg": "—",
                         "conversations": "1", "active": "2"}
        todos = [panel.todos.item(i).text() for i in range(panel.todos.count())]
        assert any(t.startswith("1 个子账号未完成认证：新人") for t in todos)
        assert any(t.startswith("2 个账号还没有设置密码") for t in todos)
        assert not any("等待超过" in t for t in todos)

        live.at(130)  # the buyer has now waited 130 s: a slow response right now
        panel.refresh()
        idle(qtbot, runner)
        todos = [panel.todos.item(i).text() for i in range(panel.todos.count())]
        assert todos[0] == "1 位买家已等待超过 100 秒：买家甲"
    finally:
        live.close_all()
