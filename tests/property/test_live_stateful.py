"""Hypothesis stateful test over the live shop's conversation service (`LiveService.apply`)
on SQLite and a controlled clock: arrivals (new and returning buyers), replies, transfers to
agents and groups, closes, timeouts and presence changes, as `ingest` would send them.

Checked after every step: no conversation lost or held twice (one live conversation per
buyer; open ones have an agent, queued ones none); no agent over capacity; the queue drains
first-in first-out; every stored buyer and agent message is exactly one applied event's, in
exactly one conversation of its buyer; nothing stays live past the session timeout.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import func, select

from app.models.accounts import Account
from app.models.conversations import Conversation, Message
from app.models.routing import AgentPresence, RoutingGroup, RoutingMember
from app.models.vocabulary import Presence
from app.services.accounts.permissions import Actor, owner_points
from app.services.common.clock import ManualClock
from app.services.container import Services
from app.services.live.autoreplies import AutoReplyRow
from app.services.live.events import EventError, LiveEvent

NAMES = ["小美", "阿杰", "丽丽", "大伟"]
TEXTS = ["在吗", "我要退款", "物流到哪了", "有优惠吗"]
T0 = datetime(2026, 11, 11, 2, 0, tzinfo=UTC)
TIMEOUT = timedelta(minutes=30)

_template: dict[str, object] = {}


def _template_db() -> tuple[Path, int]:
    """A shop with four agents (售前: capacity 1 and 2; 售后: 1 and 2) and auto-replies."""
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="zg-live-tpl-"))
        path = folder / "template.sqlite3"
        services = Services.open(f"sqlite:///{path}")
        services.shop.create("测试小店", "13800138000", "Owner-pass1")
        owner = services.auth.owner_actor()
        with services.db.session() as s:
            groups = {g.preset_key: g.id for g in s.scalars(select(RoutingGroup))}
            for i, name in enumerate(NAMES):
                account = Account(kind="sub", nick=f"测试小店:{name}", status="active", takes_routing=True,
                                  verified_at=T0)
                s.add(account)
                s.flush()
                group = groups["presales"] if i < 2 else groups["aftersales"]
                s.add(RoutingMember(account_id=account.id, group_id=group, capacity=1 + i % 2, position=i))
                s.add(AgentPresence(account_id=account.id, status="offline"))
        services.live.set_auto_replies(owner, [AutoReplyRow("welcome", "您好，我是{客服}", True),
                                               AutoReplyRow("queued", "请稍等", True)])
        services.close()
        _template.update(path=path, owner=owner.account_id)
    return _template["path"], _template["owner"]  # type: ignore[return-value]


class LiveMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        template, owner_id = _template_db()
        self.folder = Path(tempfile.mkdtemp(prefix="zg-live-sm-"))
        self.path = self.folder / "shop.sqlite3"
        shutil.copy(template, self.path)
        self.clock = ManualClock(T0)
        self.services = Services.open(f"sqlite:///{self.path}", clock=self.clock)
        self.owner = Actor(owner_id, "测试小店", True, owner_points())
        self.opened = 0  # conversations the events opened
        self.said = 0  # buyer and agent messages applied
        self.buyers = 0

    def teardown(self) -> None:
        self.services.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- helpers -------------------------------------------------------------------------------
    def _queues(self) -> dict[int | None, list[int]]:
        with self.services.db.session() as s:
            rows = s.execute(select(Conversation.id, Conversation.group_id).where(Conversation.status == "queued")
                             .order_by(Conversation.queued_at, Conversation.id)).all()
        out: dict[int | None, list[int]] = {}
        for cid, gid in rows:
            out.setdefault(gid, []).append(cid)
        return out

    def _statuses(self) -> dict[int, str]:
        with self.services.db.session() as s:
            return dict(s.execute(select(Conversation.id, Conversation.status)).all())

    def _apply(self, event: LiveEvent, moved: int | None = None) -> None:
        """Apply an event; the conversations that leave a queue for an agent must be the
        oldest of their group's queue (`moved`: the one this event moves on purpose)."""
        before = self._queues()
        try:
            done = self.services.live.apply(self.owner, event)
        except EventError:
            assert self._queues() == before  # a refused event changes nothing
            return
        if event.type == "message" and event.sender in ("buyer", "agent"):
            self.said += 1
            if done.outcome in ("assigned", "queued", "proxy"):
                self.opened += 1
        self._check_fifo(before, moved)

    def _check_fifo(self, before: dict[int | None, list[int]], moved: int | None) -> None:
        status = self._statuses()
        for gid, queue in before.items():
            left = [c for c in queue if c != moved and status.get(c) == "open"]
            waiting = [c for c in queue if c != moved and status.get(c) != "closed"]
            assert left == waiting[:len(left)], f"group {gid}: {left} left before older ones in {waiting}"

    def _live(self) -> list[tuple[int, str, str]]:
        with self.services.db.session() as s:
            return list(s.execute(select(Conversation.id, Conversation.buyer_nick, Conversation.status)
                                  .where(Conversation.status != "closed").order_by(Conversation.id)).all())

    # -- rules ---------------------------------------------------------------------------------
    @initialize(online=st.lists(st.integers(0, 3), max_size=4, unique=True))
    def start(self, online: list[int]) -> None:
        for agent in online:
            self._apply(LiveEvent("presence", self.clock.now(), agent=f"测试小店:{NAMES[agent]}", status="online"))

    @rule(text=st.sampled_from(TEXTS), returning=st.booleans(), vip=st.booleans())
    def arrive(self, text: str, returning: bool, vip: bool) -> None:
        if not returning or not self.buyers:
            self.buyers += 1
        self._apply(LiveEvent("message", self.clock.now(), buyer=f"买家{self.buyers}", sender="buyer", text=text,
                              tags=("VIP",) if vip else ()))

    @precondition(lambda self: self.opened > 0)
    @rule(data=st.data())
    def reply(self, data: st.DataObject) -> None:
        live = self._live()
        if live:
            _cid, buyer, _status = data.draw(st.sampled_from(live))
            self._apply(LiveEvent("message", self.clock.now(), buyer=buyer, sender="agent", text="亲，在的"))

    @precondition(lambda self: self.opened > 0)
    @rule(data=st.data(), to=st.sampled_from([*NAMES, "group:售前", "group:售后"]),
          note=st.sampled_from(["", "老客户"]))
    def transfer(self, data: st.DataObject, to: str, note: str) -> None:
        live = self._live()
        if live:
            cid, buyer, _status = data.draw(st.sampled_from(live))
            to = to if to.startswith("group:") else f"测试小店:{to}"
            self._apply(LiveEvent("transfer", self.clock.now(), buyer=buyer, to=to, note=note), moved=cid)

    @precondition(lambda self: self.opened > 0)
    @rule(data=st.data())
    def close(self, data: st.DataObject) -> None:
        live = self._live()
        if live:
            _cid, buyer, _status = data.draw(st.sampled_from(live))
            self._apply(LiveEvent("close", self.clock.now(), buyer=buyer))

    @rule(agent=st.integers(0, 3), status=st.sampled_from(tuple(Presence)))
    def presence(self, agent: int, status: str) -> None:
        self._apply(LiveEvent("presence", self.clock.now(), agent=f"测试小店:{NAMES[agent]}", status=status))

    @rule(seconds=st.sampled_from([5, 90, 600, 1799, 1800, 2400]))
    def wait(self, seconds: int) -> None:
        before = self._queues()
        self.clock.advance(seconds)
        self.services.live.tick(self.owner)
        self._check_fifo(before, None)

    # -- invariants ----------------------------------------------------------------------------
    @invariant()
    def nothing_lost_or_held_twice(self) -> None:
        with self.services.db.session() as s:
            convs = list(s.scalars(select(Conversation)))
        assert len(convs) == self.opened
        live_buyers = [c.buyer_nick for c in convs if c.status != "closed"]
        assert len(live_buyers) == len(set(live_buyers)), "a buyer holds two live conversations"
        for c in convs:
            assert c.status in ("open", "queued", "closed")
            assert (c.agent_id is None) == (c.status == "queued") or c.status == "closed"

    @invariant()
    def no_capacity_exceeded(self) -> None:
        with self.services.db.session() as s:
            capacity = dict(s.execute(select(RoutingMember.account_id, RoutingMember.capacity)).all())
            loads = s.execute(select(Conversation.agent_id, func.count()).where(Conversation.status == "open")
                              .group_by(Conversation.agent_id)).all()
        for agent_id, load in loads:
            if agent_id in capacity:
                assert load <= capacity[agent_id], f"agent {agent_id} holds {load} > {capacity[agent_id]}"

    @invariant()
    def every_message_in_exactly_one_conversation(self) -> None:
        with self.services.db.session() as s:
            rows = s.execute(select(Message.sender, Message.buyer_nick, Conversation.buyer_nick)
                             .join(Conversation, Conversation.id == Message.conversation_id)).all()
            total = s.scalar(select(func.count()).select_from(Message))
        assert len(rows) == total
        assert all(mine == theirs for _sender, mine, theirs in rows)
        assert sum(1 for sender, *_ in rows if sender in ("buyer", "agent")) == self.said

    @invariant()
    def nothing_live_past_the_timeout(self) -> None:
        now = self.clock.now()
        with self.services.db.session() as s:
            for c in s.scalars(select(Conversation)):
                assert c.last_message_at is not None
                if c.status == "closed":
                    assert c.closed_at is not None and c.closed_at <= c.last_message_at + TIMEOUT
                else:
                    assert c.last_message_at > now - TIMEOUT


LiveMachine.TestCase.settings = settings(max_examples=30, stateful_step_count=30, deadline=None)
TestLiveMachine = pytest.mark.db(LiveMachine.TestCase)
