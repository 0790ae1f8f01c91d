"""The live snapshot's incremental sums (`realtime.sums.LiveSums`, fed by what `LiveCache`
saw change since the last tick) equal a from-scratch computation after random sequences of
§7 events: opens, buyer and agent messages, ads, transfers, closes, presence changes and idle
timeouts, with snapshots taken after some events and not others (several changes per tick)."""

from __future__ import annotations

import contextlib
import random
from typing import Any

import pytest

from app.services.common.errors import UserError
from app.services.live.events import LiveEvent
from app.services.realtime.cache import LiveCache
from app.services.realtime.figures import Snapshot
from app.services.realtime.service import RealtimeService
from tests.conftest import SHOP_NAME
from tests.services.test_realtime import Live

pytestmark = pytest.mark.db

AGENTS = (("小美", "presales", 2), ("阿杰", "presales", 1), ("小王", "aftersales", 2))
BUYERS = tuple(f"买家{i}" for i in range(8))
TEXTS = ("你好，在吗", "这个有货吗", "我要退款", "加微信兼职刷单，日结300", "快递到哪了")


def reference(cache: LiveCache, snap: Snapshot, timeout: float) -> None:
    """The figures the sums give, worked out again by walking every open conversation."""
    t = snap.at.timestamp()
    opened = [c for c in cache.open.values() if t - c.last_message < timeout]
    firsts: dict[str, float] = {}
    mine: dict[int, dict[str, float]] = {}
    load: dict[int, int] = {}
    for c in opened:
        held = c.agent_id if c.agent_id is not None and c.status == "open" else None
        if held is not None:
            load[held] = load.get(held, 0) + 1
        if c.wait_from is not None:
            firsts[c.buyer] = min(firsts.get(c.buyer, c.wait_from), c.wait_from)
            if held is not None:
                per = mine.setdefault(held, {})
                per[c.buyer] = min(per.get(c.buyer, c.wait_from), c.wait_from)
    assert snap.open_conversations == len(opened)
    assert snap.unreplied_buyers == len(firsts)
    assert snap.longest_wait_s == (t - min(firsts.values()) if firsts else None)
    assert snap.queued == sum(1 for c in opened if c.status == "queued")
    for a in snap.agents:
        per = mine.get(a.account_id, {})
        assert (a.load, a.unreplied) == (load.get(a.account_id, 0), len(per))
        assert a.longest_wait_s == (t - min(per.values()) if per else None)
    for g in snap.groups:
        queued = [c for c in opened if c.status == "queued" and c.group_id == g.id]
        assert g.queued == len(queued)
        waits = [a.longest_wait_s for a in snap.agents if a.group_id == g.id and a.longest_wait_s is not None]
        waits += [t - c.wait_from for c in queued if c.wait_from is not None]
        assert g.longest_wait_s == (max(waits) if waits else None)
    waiting = sorted((c for c in opened if c.status == "queued" or c.wait_from is not None),
                     key=lambda c: ((c.wait_from if c.wait_from is not None else (c.queued_at or c.created))
                                    if c.status == "queued" else c.wait_from, c.id))
    assert [w.conversation_id for w in snap.waiting] == [c.id for c in waiting]


def random_event(rng: random.Random, recent: list[str], at: Any) -> LiveEvent:
    kind = rng.choices(("buyer", "reply", "transfer", "close", "presence"), (8, 5, 2, 2, 1))[0]
    # replies, transfers and closes mostly go to a buyer who wrote lately (likely still open)
    buyer = rng.choice(recent[-4:]) if kind != "buyer" and recent and rng.random() < 0.8 else rng.choice(BUYERS)
    if kind == "buyer":
        return LiveEvent("message", at, buyer=buyer, sender="buyer", text=rng.choice(TEXTS))
    if kind == "reply":
        return LiveEvent("message", at, buyer=buyer, sender="agent", text="您好，在的")
    if kind == "transfer":
        to = rng.choice([f"{SHOP_NAME}:{name}" for name, _g, _c in AGENTS] + ["group:售后", "group:售前"])
        return LiveEvent("transfer", at, buyer=buyer, to=to, note="转一下")
    if kind == "close":
        return LiveEvent("close", at, buyer=buyer)
    name = rng.choice(AGENTS)[0]
    status = rng.choice(("online", "online", "suspended", "offline"))
    return LiveEvent("presence", at, agent=f"{SHOP_NAME}:{name}", status=status,
                     device=rng.choice(("desktop", "desktop", "mobile")))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_sums_equal_a_fresh_computation(db_url: str, seed: int) -> None:
    rng = random.Random(seed)
    live = Live(db_url)
    try:
        live.agents(*AGENTS)
        for name, _group, _cap in AGENTS:
            live.presence(0, name, "online")
        service = live.services.realtime
        s = 0.0
        checked = 0
        recent: list[str] = []
        for _step in range(120):
            s += rng.choices((0.0, 1.0, 3.0, 20.0, 90.0, 700.0, 1900.0), (3, 2, 2, 2, 2, 1, 1))[0]
            at = live.at(s)
            event = random_event(rng, recent, at)
            with contextlib.suppress(UserError):  # e.g. a reply to a queued conversation: refused
                live.services.live.apply(live.owner, event)
                if event.sender == "buyer":
                    recent.append(event.buyer)
            if rng.random() < 0.4:
                continue  # no tick now: the next snapshot takes several changes at once
            at = live.at(s + rng.choice((0.0, 0.5, 30.0)))
            s = (at - live.start).total_seconds()
            snap = service.snapshot(live.owner, at)
            assert snap == RealtimeService(live.services.db).snapshot(live.owner, at)
            reference(service.cache, snap, 30 * 60.0)
            checked += 1
        assert checked > 20
    finally:
        live.close_all()


def test_a_close_without_a_routing_decision_is_seen(db_url: str) -> None:
    """Closes write no routing decision: the snapshot still notices them at once."""
    live = Live(db_url)
    try:
        _closes(live)
    finally:
        live.close_all()


def _closes(live: Live) -> None:
    live.agents(("小美", "presales", 3))
    live.presence(0, "小美", "online")
    live.buyer(1, "A")
    live.buyer(2, "B")
    assert live.snap(3)["open_conversations"] == 2
    live.close(4, "A")
    assert live.snap(4)["open_conversations"] == 1
    live.close(5, "B")
    s = live.snap(5)
    assert (s["open_conversations"], s["unreplied_buyers"]) == (0, 0)
