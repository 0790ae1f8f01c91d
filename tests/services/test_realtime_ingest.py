"""Acceptance: `zhanggui realtime --at T --json` against figures worked out BY HAND for a
scripted morning of `zhanggui ingest` events (real processes): a queue that builds and
drains, an agent going 挂起, an ad, idle timeouts, a closed shop handled by the proxy, and
checkpoints at several instants. Shop time is Asia/Shanghai; the session timeout 30 min."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.services.test_realtime import Live

pytestmark = pytest.mark.db

SHOP = "测试小店"


def zhanggui(url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    return subprocess.run([sys.executable, "-m", "app", "--db", url, *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=180)


def ev(at: str, **fields: Any) -> dict[str, Any]:
    return {**fields, "at": f"2026-11-11 {at}"}


def presence(at: str, name: str, status: str, device: str = "desktop") -> dict[str, Any]:
    return ev(at, type="presence", agent=f"{SHOP}:{name}", status=status, device=device)


def buyer(at: str, nick: str, text: str = "你好，在吗") -> dict[str, Any]:
    return ev(at, type="message", buyer=nick, sender="buyer", text=text)


def reply(at: str, nick: str) -> dict[str, Any]:
    return ev(at, type="message", buyer=nick, sender="agent", text="您好，在的")


def close(at: str, nick: str) -> dict[str, Any]:
    return ev(at, type="close", buyer=nick)


def agent(name: str, status: str, load: int, capacity: int, unreplied: int) -> dict[str, Any]:
    return {"agent": f"{SHOP}:{name}", "status": status, "load": load, "capacity": capacity, "unreplied": unreplied}


# (events up to the checkpoint, the checkpoint, the §5 figures worked out by hand)
SCRIPT: list[tuple[list[dict[str, Any]], str, dict[str, Any]]] = [
    (
        [presence("09:00:00", "小美", "online"), presence("09:00:00", "阿杰", "online"),
         buyer("09:01:00", "b1"),   # → 小美 (both empty; 小美 first in the group's order)
         buyer("09:01:10", "b2"),   # → 阿杰 (fewer open conversations)
         buyer("09:01:20", "b3"),   # → 小美 (2/2)
         buyer("09:01:30", "b4"),   # everyone full: queued 1st
         buyer("09:01:40", "b5")],  # queued 2nd
        "09:02:00",
        # waits: b1 60 s, b2 50, b3 40, b4 30, b5 20; nobody answered yet today
        {"open_conversations": 5, "unreplied_buyers": 5, "longest_wait_s": 60.0, "online_agents": 2,
         "suspended_agents": 0, "queued": 2, "avg_response_s_today": None, "shop_lit": True,
         "agents": [agent("丽丽", "offline", 0, 1, 0), agent("小美", "online", 2, 2, 2),
                    agent("阿杰", "online", 1, 1, 1)]},
    ),
    (
        [reply("09:02:30", "b1"),                      # 90 s
         buyer("09:02:40", "b2", "加微信兼职刷单，日结300"),  # an ad: ignored, b2's turn still began 09:01:10
         close("09:03:00", "b1"),                      # the queue drains: b4 → 小美
         reply("09:03:10", "b2"),                      # 120 s
         presence("09:03:20", "阿杰", "suspended"),     # 挂起: takes nothing new
         close("09:03:30", "b2")],                     # 小美 full, 阿杰 挂起: b5 keeps waiting
        "09:04:00",
        # waits: b3 160 s, b4 150 s, b5 140 s (queued); today (90 + 120) / 2
        {"open_conversations": 3, "unreplied_buyers": 3, "longest_wait_s": 160.0, "online_agents": 1,
         "suspended_agents": 1, "queued": 1, "avg_response_s_today": 105.0, "shop_lit": True,
         "agents": [agent("丽丽", "offline", 0, 1, 0), agent("小美", "online", 2, 2, 2),
                    agent("阿杰", "suspended", 0, 1, 0)]},
    ),
    (
        [reply("09:04:10", "b3"),   # 170 s
         reply("09:04:20", "b4"),   # 170 s
         close("09:04:30", "b3"),   # the queue drains: b5 → 小美
         close("09:04:40", "b4"),
         reply("09:05:00", "b5")],  # 200 s
        "09:20:00",
        # today (90 + 120 + 170 + 170 + 200) / 5
        {"open_conversations": 1, "unreplied_buyers": 0, "longest_wait_s": None, "online_agents": 1,
         "suspended_agents": 1, "queued": 0, "avg_response_s_today": 150.0, "shop_lit": True,
         "agents": [agent("丽丽", "offline", 0, 1, 0), agent("小美", "online", 1, 2, 0),
                    agent("阿杰", "suspended", 0, 1, 0)]},
    ),
    ([], "09:34:59", {"open_conversations": 1}),  # b5's last message 09:05:00: still open
    (   # idle for 30 minutes: b5 is no longer open at 09:35:00 exactly
        [], "09:35:00",
        {"open_conversations": 0, "unreplied_buyers": 0, "longest_wait_s": None, "online_agents": 1,
         "suspended_agents": 1, "queued": 0, "avg_response_s_today": 150.0, "shop_lit": True,
         "agents": [agent("丽丽", "offline", 0, 1, 0), agent("小美", "online", 0, 2, 0),
                    agent("阿杰", "suspended", 0, 1, 0)]},
    ),
    (   # the shop closes: a buyer goes to the proxy (the main account) and waits
        [presence("09:40:00", "小美", "offline"), presence("09:40:00", "阿杰", "offline"),
         buyer("09:41:00", "b6")],
        "09:42:00",
        {"open_conversations": 1, "unreplied_buyers": 1, "longest_wait_s": 60.0, "online_agents": 0,
         "suspended_agents": 0, "queued": 0, "avg_response_s_today": 150.0, "shop_lit": False,
         "agents": [agent("丽丽", "offline", 0, 1, 0), agent("小美", "offline", 0, 2, 0),
                    agent("阿杰", "offline", 0, 1, 0)]},
    ),
    (   # 丽丽 comes online on her phone (mobile routing is on): the light is back on
        [presence("09:45:00", "丽丽", "online", "mobile")],
        "09:46:00",
        {"open_conversations": 1, "unreplied_buyers": 1, "longest_wait_s": 300.0, "online_agents": 1,
         "suspended_agents": 0, "queued": 0, "avg_response_s_today": 150.0, "shop_lit": True,
         "agents": [agent("丽丽", "online", 0, 1, 0), agent("小美", "offline", 0, 2, 0),
                    agent("阿杰", "offline", 0, 1, 0)]},
    ),
]


@pytest.fixture
def url(db_url):  # type: ignore[no-untyped-def]
    if not (Path(os.getcwd()) / "app" / "commands" / "ingest.py").exists():
        pytest.skip("zhanggui ingest is not built yet")
    live = Live(db_url)
    live.agents(("小美", "presales", 2), ("阿杰", "presales", 1), ("丽丽", "aftersales", 1))
    live.close_all()
    return db_url


def test_a_scripted_morning_checked_by_hand(url: str) -> None:
    for events, checkpoint, expected in SCRIPT:
        if events:
            done = zhanggui(url, "ingest", "--json", stdin="".join(json.dumps(e, ensure_ascii=False) + "\n"
                                                                for e in events))
            assert done.returncode == 0, done.stderr
            assert json.loads(done.stdout)["applied"] == len(events)
        out = zhanggui(url, "realtime", "--at", f"2026-11-11 {checkpoint}", "--json")
        assert out.returncode == 0, out.stderr
        figures = json.loads(out.stdout)
        assert {k: figures[k] for k in expected} == expected, checkpoint
    # an instant before the newest stored event (09:45:00) is refused
    early = zhanggui(url, "realtime", "--at", "2026-11-11 09:44:59", "--json")
    assert early.returncode == 2 and early.stdout == ""
