"""Live figures (METRICS.md §5) against figures worked out by hand, driven through routing
with a controlled clock; the incremental snapshot always equals one computed from scratch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from app.models.accounts import Account
from app.models.routing import RoutingGroup
from app.services.accounts.credentials import CredentialStore
from app.services.common.clock import ManualClock
from app.services.common.database import Database
from app.services.common.errors import PermissionDenied, ValidationError
from app.services.container import Services
from app.services.conversations import writer
from app.services.realtime.service import RealtimeService
from tests.conftest import OWNER_PASSWORD, OWNER_PHONE, SHOP_NAME
from tests.memory_keyring import MemoryKeyring

pytestmark = pytest.mark.db

T0 = datetime(2026, 11, 11, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


class Live:
    """A shop on a ManualClock; every step happens `s` seconds after T0."""

    def __init__(self, url: str, start: datetime = T0) -> None:
        self.start = start
        self.clock = ManualClock(start)
        self.services = Services(Database(url, clock=self.clock), CredentialStore(MemoryKeyring()))
        self.services.shop.create(SHOP_NAME, OWNER_PHONE, OWNER_PASSWORD)
        self.owner = self.services.auth.sign_in(OWNER_PHONE, OWNER_PASSWORD)
        self.ids: dict[str, int] = {}
        self.convs: dict[str, int] = {}

    def at(self, s: float) -> datetime:
        self.clock.set(self.start + timedelta(seconds=s))
        return self.clock.now()

    def agents(self, *spec: tuple[str, str, int]) -> None:
        """(name, group preset key, capacity): sub-accounts that take routed conversations."""
        with self.services.db.session() as s:
            groups = {g.preset_key or g.name: g.id for g in s.scalars(select(RoutingGroup))}
            for name, _group, _cap in spec:
                account = Account(kind="sub", nick=f"{SHOP_NAME}:{name}", status="active",
                                  takes_routing=True, verified_at=self.start)
                s.add(account)
                s.flush()
                self.ids[name] = account.id
        for name, group, cap in spec:
            self.services.routing.set_member(self.owner, self.ids[name], groups[group], capacity=cap)

    def presence(self, s: float, name: str, status: str, device: str = "desktop") -> None:
        self.services.routing.set_presence(self.owner, self.ids[name], status, device, now=self.at(s))

    def buyer(self, s: float, buyer: str, content: str = "你好") -> Any:
        r = self.services.routing.route(self.owner, buyer, content, now=self.at(s))
        if r.conversation_id is not None:
            self.convs[buyer] = r.conversation_id
        return r

    def reply(self, s: float, buyer: str, content: str = "您好，在的") -> None:
        now = self.at(s)
        cid = self.convs[buyer]
        with self.services.db.session() as ses:
            conn = ses.connection()
            ext, nick = conn.execute(text(
                "SELECT c.external_id, a.nick FROM conversations c JOIN accounts a ON a.id = c.agent_id"
                " WHERE c.id = :id"), {"id": cid}).one()
            writer.append(conn, writer.Conv(cid, ext, buyer), "agent", nick, content, now)
            conn.execute(text("UPDATE conversations SET last_message_at = :now WHERE id = :id"),
                         {"now": now.replace(tzinfo=None) if self.services.db.is_sqlite else now, "id": cid})

    def close(self, s: float, buyer: str) -> None:
        self.services.routing.close(self.owner, self.convs[buyer], now=self.at(s))

    def snap(self, at_s: float | None = None) -> dict[str, Any]:
        """§5 JSON from the console's long-lived service, checked against a fresh one."""
        at = None if at_s is None else self.start + timedelta(seconds=at_s)
        if at is not None:
            self.clock.set(at)
        live = self.services.realtime.snapshot(self.owner, at).to_json()
        fresh = RealtimeService(self.services.db).snapshot(self.owner, at).to_json()
        assert live == fresh
        return live

    def close_all(self) -> None:
        self.services.close()


@pytest.fixture
def live(db_url):  # type: ignore[no-untyped-def]
    shop = Live(db_url)
    yield shop
    shop.close_all()


def agent(nick: str, status: str, load: int, capacity: int, unreplied: int) -> dict[str, Any]:
    return {"agent": f"{SHOP_NAME}:{nick}", "status": status, "load": load, "capacity": capacity,
            "unreplied": unreplied}


def test_a_morning_by_hand(live: Live) -> None:
    live.agents(("小美", "presales", 2), ("阿杰", "presales", 1))
    live.presence(0, "小美", "online")
    live.presence(0, "阿杰", "online")
    # nobody waits yet; nobody answered today
    assert live.snap(0) == {
        "at": "2026-11-11T01:00:00+00:00", "open_conversations": 0, "unreplied_buyers": 0,
        "longest_wait_s": None, "online_agents": 2, "suspended_agents": 0, "queued": 0,
        "avg_response_s_today": None, "shop_lit": True,
        "agents": [agent("小美", "online", 0, 2, 0), agent("阿杰", "online", 0, 1, 0)],
    }
    assert live.buyer(0, "A").agent_name == "小美"
    assert live.buyer(10, "B").agent_name == "阿杰"
    assert live.buyer(20, "C").agent_name == "小美"
    assert live.buyer(30, "D").outcome == "queued"  # everyone full: the queue builds
    live.reply(40, "A")  # 40 s
    live.reply(60, "B")  # 50 s, answered exactly at the checkpoint: not yet in [00:00, at)
    s = live.snap(60)
    assert (s["open_conversations"], s["unreplied_buyers"], s["longest_wait_s"], s["queued"]) == (4, 2, 40.0, 1)
    assert s["avg_response_s_today"] == 40.0
    assert s["agents"] == [agent("小美", "online", 2, 2, 1), agent("阿杰", "online", 1, 1, 0)]
    assert live.snap(61)["avg_response_s_today"] == 45.0

    live.presence(70, "阿杰", "suspended")  # 挂起: still holds B, takes nothing new
    s = live.snap(70)
    assert (s["online_agents"], s["suspended_agents"], s["shop_lit"]) == (1, 1, True)
    assert s["agents"][1] == agent("阿杰", "suspended", 1, 1, 0)

    live.close(80, "A")  # the queue drains: D goes to 小美
    s = live.snap(80)
    assert (s["open_conversations"], s["queued"], s["unreplied_buyers"], s["longest_wait_s"]) == (3, 0, 2, 60.0)
    assert s["agents"][0] == agent("小美", "online", 2, 2, 2)

    live.buyer(90, "B", "加微信兼职刷单，日结300")  # an ad: neither starts nor continues a turn
    s = live.snap(100)
    assert s["unreplied_buyers"] == 2 and s["agents"][1]["unreplied"] == 0

    # idle timeouts (30 min): C (last 00:20) and D (00:30) are no longer open at 30:30;
    # B's last message (the ad, 01:30) keeps B open until 31:30 exactly
    s = live.snap(1830)
    assert (s["open_conversations"], s["unreplied_buyers"], s["longest_wait_s"]) == (1, 0, None)
    assert s["agents"] == [agent("小美", "online", 0, 2, 0), agent("阿杰", "suspended", 1, 1, 0)]
    assert live.snap(1889)["open_conversations"] == 1
    assert live.snap(1890)["open_conversations"] == 0
    assert live.snap(1890)["avg_response_s_today"] == 45.0

    live.presence(1900, "小美", "offline")
    s = live.snap(1900)
    assert (s["online_agents"], s["suspended_agents"], s["shop_lit"]) == (0, 1, False)


def test_an_instant_before_the_newest_event_is_refused(live: Live) -> None:
    live.agents(("小美", "presales", 2))
    live.presence(0, "小美", "online")
    live.buyer(100, "A")
    with pytest.raises(ValidationError):
        live.services.realtime.snapshot(live.owner, live.start + timedelta(seconds=99))
    assert live.snap(100)["open_conversations"] == 1


def test_proxy_mobile_and_who_is_listed(live: Live) -> None:
    """Nobody signed in: the proxy holds the buyer, who waits; an agent online on a mobile
    lights the shop only while mobile routing is on; accounts that take no routed
    conversations are counted online but not listed."""
    live.agents(("小美", "presales", 3))
    with live.services.db.session() as s:
        helper = Account(kind="sub", nick=f"{SHOP_NAME}:客服助理", status="active", takes_routing=False)
        s.add(helper)
        s.flush()
        live.ids["客服助理"] = helper.id
    r = live.buyer(0, "A")
    assert r.outcome == "proxy"
    snap = live.services.realtime.snapshot(live.owner, live.at(30))
    assert snap.to_json()["unreplied_buyers"] == 1 and snap.open_conversations == 1
    assert [w.reason for w in snap.waiting] == ["proxy"]
    live.services.routing.update_settings(live.owner, mobile_routing=False)
    live.presence(40, "小美", "online", "mobile")
    live.presence(40, "客服助理", "online")
    s = live.snap(40)
    assert (s["online_agents"], s["shop_lit"]) == (2, False)
    assert [a["agent"] for a in s["agents"]] == [f"{SHOP_NAME}:小美"]


def test_today_starts_at_shop_midnight(db_url: str) -> None:
    """A turn that begins before 00:00 shop time is not today's; the buyer still counts as
    answered (turns over the whole conversation)."""
    shop = Live(db_url, datetime(2026, 11, 10, 15, 59, 0, tzinfo=UTC))  # 23:59 in Shanghai
    try:
        shop.agents(("小美", "presales", 3))
        shop.presence(0, "小美", "online")
        shop.buyer(30, "A")
        shop.reply(90, "A")  # 00:00:30 the next day
        shop.buyer(100, "B")
        s = shop.snap(100)
        assert (s["avg_response_s_today"], s["unreplied_buyers"], s["longest_wait_s"]) == (None, 1, 0.0)
        shop.reply(110, "B")
        s = shop.snap(120)
        assert s["avg_response_s_today"] == 10.0 and s["unreplied_buyers"] == 0
    finally:
        shop.close_all()


def test_permission(live: Live) -> None:
    from app.services.accounts.permissions import Actor

    nobody = Actor(account_id=0, nick="x", is_main=False, permissions=frozenset())
    with pytest.raises(PermissionDenied):
        live.services.realtime.snapshot(nobody)
