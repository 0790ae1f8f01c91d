"""`zhanggui realtime [--at TS] [--json]` as a real process: exactly the §5 keys plus "at",
a readable summary, and exit 2 for an instant before the newest stored event."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.services.test_realtime import Live

KEYS = ["at", "open_conversations", "unreplied_buyers", "longest_wait_s", "online_agents",
        "suspended_agents", "queued", "avg_response_s_today", "shop_lit", "agents"]


def zhanggui(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    return subprocess.run([sys.executable, "-m", "app", "--db", url, *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.fixture
def url(db_url):  # type: ignore[no-untyped-def]
    live = Live(db_url)
    live.agents(("小美", "presales", 2))
    live.presence(0, "小美", "online")
    live.buyer(0, "A")
    live.reply(30, "A")
    live.buyer(40, "B")
    live.close_all()
    return db_url


def test_json_has_exactly_the_contract_keys(url: str) -> None:
    done = zhanggui(url, "realtime", "--at", "2026-11-11 09:01:00", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == KEYS
    assert data["at"] == "2026-11-11T01:01:00+00:00"
    assert (data["open_conversations"], data["unreplied_buyers"], data["longest_wait_s"]) == (2, 1, 20.0)
    assert data["avg_response_s_today"] == 30.0 and data["shop_lit"] is True
    assert data["agents"] == [{"agent": "测试小店:小美", "status": "online", "load": 2, "capacity": 2,
                               "unreplied": 1}]


def test_summary_and_refusals(url: str) -> None:
    done = zhanggui(url, "--lang", "en", "realtime", "--at", "2026-11-11T01:01:00Z")
    assert done.returncode == 0, done.stderr
    assert "unreplied buyers 1" in done.stdout and "测试小店:小美" in done.stdout
    early = zhanggui(url, "realtime", "--at", "2026-11-11 09:00:30", "--json")
    assert early.returncode == 2 and early.stdout == "" and "早于" in early.stderr
    bad = zhanggui(url, "realtime", "--at", "yesterday", "--json")
    assert bad.returncode == 2 and bad.stdout == ""
