"""The pure routing engine: rule priority, modes, presence, returning buyers, offline
routing, mobile routing, overflow, queue and proxy — plus a stateful property test."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from app.models.vocabulary import AccountStatus, Device, Outcome, Presence, RoutingMode, RuleKind
from app.services.routing import engine as eng
from app.services.routing.engine import AgentState, Arrival, GroupState, RoutingState, Rule, decide

PRE, POST, VIP = 1, 2, 3


def make_state(**overrides) -> RoutingState:  # type: ignore[no-untyped-def]
    agents = {
        1: AgentState(1, "小美", PRE, weight=2, capacity=5, position=1, status=Presence.ONLINE),
        2: AgentState(2, "阿杰", PRE, capacity=5, position=2, status=Presence.ONLINE),
        3: AgentState(3, "丽丽", POST, capacity=2, position=1, status=Presence.ONLINE),
        4: AgentState(4, "大伟", POST, capacity=2, position=2, status=Presence.OFFLINE),
        5: AgentState(5, "婷婷", VIP, capacity=3, position=1, status=Presence.ONLINE),
    }
    groups = {
        PRE: GroupState(PRE, "售前", is_default=True, position=0),
        POST: GroupState(POST, "售后", position=1),
        VIP: GroupState(VIP, "VIP专席", position=2),
    }
    rules = [
        Rule(1, RuleKind.KEYWORD, "退款,退货,换货,物流", POST),
        Rule(2, RuleKind.TAG, "VIP", VIP),
        Rule(3, RuleKind.PRODUCT, "连衣裙", PRE),
        Rule(4, RuleKind.ORDER_STATUS, "售后", POST),
    ]
    state = RoutingState(agents=agents, groups=groups, rules=rules,
                         settings=eng.Settings(proxy_account_id=99, proxy_name="青禾小铺"))
    for key, value in overrides.items():
        setattr(state, key, value)
    return state


def test_keyword_goes_to_aftersales_with_a_readable_reason() -> None:
    d = decide(make_state(), Arrival("买家", text="我要退款"))
    assert (d.agent_id, d.group_id, d.outcome) == (3, POST, Outcome.ASSIGNED)
    assert d.reason == "关键词“退款” → 售后组 → 平均分配 → 丽丽 (1/2)"


def test_rule_priority_tag_over_product_over_keyword_over_order_status() -> None:
    state = make_state()
    assert decide(state, Arrival("b", text="退款", tags=("vip",), entry_page="连衣裙")).group_id == VIP
    assert decide(state, Arrival("b", text="退款", entry_page="碎花连衣裙详情")).group_id == PRE
    assert decide(state, Arrival("b", text="物流到哪了", order_status="")).group_id == POST
    assert decide(state, Arrival("b", text="在吗", order_status="售后中")).group_id == POST
    d = decide(state, Arrival("b", text="在吗"))
    assert d.group_id == PRE and "默认分组" in d.reason


def test_balanced_picks_least_load_then_longest_idle() -> None:
    state = make_state()
    state.agents[1].load, state.agents[2].load = 1, 1
    state.agents[1].last_assigned, state.agents[2].last_assigned = 50.0, 10.0
    assert decide(state, Arrival("b")).agent_id == 2  # idle longer
    state.agents[2].load = 2
    assert decide(state, Arrival("b")).agent_id == 1


def test_weighted_follows_weights() -> None:
    state = make_state()
    state.groups[PRE].mode = RoutingMode.WEIGHTED
    picks = []
    for i in range(9):
        d = decide(state, Arrival(f"b{i}"))
        eng.apply(state, d, float(i + 1))
        picks.append(d.agent_id)
    assert picks.count(1) == 5 and picks.count(2) == 4  # capacity 5 each; weight 2:1 first
    assert picks[:3].count(1) == 2


def test_ordered_fills_in_order_up_to_capacity() -> None:
    state = make_state()
    state.groups[PRE].mode = RoutingMode.ORDERED
    picks = []
    for i in range(7):
        d = decide(state, Arrival(f"b{i}"))
        eng.apply(state, d, float(i))
        picks.append(d.agent_id)
    assert picks == [1, 1, 1, 1, 1, 2, 2]


def test_suspended_agents_only_get_direct_contacts_unless_all_suspended() -> None:
    state = make_state()
    state.agents[1].status = Presence.SUSPENDED
    assert decide(state, Arrival("b")).agent_id == 2
    d = decide(state, Arrival("b", direct_agent_id=1))
    assert d.agent_id == 1 and "指定联系小美" in d.reason
    state.agents[2].status = Presence.SUSPENDED
    d = decide(state, Arrival("b"))
    assert d.agent_id in (1, 2) and "全员挂起" in d.reason


def test_returning_buyer_goes_back_to_last_agent_when_online_and_free() -> None:
    state = make_state()
    state.agents[1].load = 3
    d = decide(state, Arrival("b", last_agent_id=1))
    assert d.agent_id == 1 and d.reason.startswith("熟客")
    state.agents[1].status = Presence.SUSPENDED
    assert decide(state, Arrival("b", last_agent_id=1)).agent_id == 2
    state.agents[1].status, state.agents[1].load = Presence.ONLINE, 5
    d = decide(state, Arrival("b", last_agent_id=1))
    assert d.agent_id == 2 and "已满" in d.reason


def test_offline_routing_to_backup_agent_or_the_group() -> None:
    state = make_state()
    d = decide(state, Arrival("b", direct_agent_id=4))  # 大伟 (售后) is offline
    assert d.agent_id == 3 and "离线分流" in d.reason
    state.groups[POST].backup_agent_id = 5
    d = decide(state, Arrival("b", direct_agent_id=4))
    assert d.agent_id == 5 and "备用客服" in d.reason


def test_mobile_only_agent_needs_mobile_routing() -> None:
    state = make_state()
    state.agents[3].device = Device.MOBILE
    assert decide(state, Arrival("b", text="退款")).agent_id == 3
    state.settings.mobile_routing = False
    d = decide(state, Arrival("b", text="退款"))
    assert d.agent_id != 3


def test_full_group_queues_fifo_or_overflows() -> None:
    state = make_state()
    state.agents[3].load = 2
    d = decide(state, Arrival("b", text="退货"))
    assert d.outcome == Outcome.QUEUED and d.group_id == POST and d.queue_position == 1
    assert d.reason.endswith("排队第1位")
    eng.apply(state, d, 1.0)
    assert decide(state, Arrival("c", text="退货")).queue_position == 2
    state.groups[POST].overflow_group_id = PRE
    state.queue_sizes.clear()
    d = decide(state, Arrival("c", text="退货"))
    assert d.outcome == Outcome.ASSIGNED and d.group_id == PRE and "溢出" in d.reason


def test_nobody_online_goes_to_proxy() -> None:
    state = make_state()
    for agent in state.agents.values():
        agent.status = Presence.OFFLINE
    d = decide(state, Arrival("b", text="在吗"))
    assert d.outcome == Outcome.PROXY and d.agent_id == 99 and "代理账号青禾小铺" in d.reason
    assert not state.shop_lit()


def test_frozen_deleted_and_non_participating_agents_get_nothing() -> None:
    state = make_state()
    state.agents[1].account_status = "frozen"
    state.agents[2].takes_routing = False
    d = decide(state, Arrival("b"))
    # 售前 has nobody left: another group with someone online takes it
    assert d.agent_id in (3, 5)
    assert "无人在线" in d.reason


def test_group_lights() -> None:
    state = make_state()
    assert state.shop_lit() and state.group_lit(PRE) and state.group_lit(POST)
    state.agents[3].status = Presence.SUSPENDED
    assert not state.group_lit(POST)


def test_decide_is_deterministic_and_pure() -> None:
    state = make_state()
    before = {k: (a.load, a.last_assigned) for k, a in state.agents.items()}
    a = decide(state, Arrival("b", text="换货"))
    b = decide(state, Arrival("b", text="换货"))
    assert a == b
    assert before == {k: (x.load, x.last_assigned) for k, x in state.agents.items()}


# -- stateful: the engine with a model of conversations --------------------------------------
class EngineMachine(RuleBasedStateMachine):
    """Arrivals, closes, presence changes, freezes, capacity and rule edits against the pure
    engine; conversations are tracked here, the engine only sees loads and queue sizes."""

    def __init__(self) -> None:
        super().__init__()
        self.state = make_state()
        self.open: dict[int, int] = {}  # conversation → agent
        self.queued: list[tuple[int, int]] = []  # (conversation, group) in arrival order
        self.proxied: set[int] = set()
        self.closed: set[int] = set()
        self.next_id = 1
        self.clock = 0.0
        self.drained: list[int] = []

    def _tick(self) -> float:
        self.clock += 1.0
        return self.clock

    def _check_assign(self, d: eng.Decision) -> None:
        if d.outcome == Outcome.ASSIGNED:
            agent = self.state.agents[d.agent_id]  # type: ignore[index]
            assert self.state.routable(agent), d.reason
            assert agent.load < agent.capacity, d.reason

    def _drain(self) -> None:
        while True:
            moved = False
            for gid in sorted({g for _c, g in self.queued}):
                waiting = [c for c, g in self.queued if g == gid]
                if not waiting:
                    continue
                eng.dequeue(self.state, gid)
                d = eng.decide_queued(self.state, gid)
                if d is None:
                    self.state.queue_sizes[gid] = self.state.queue_sizes.get(gid, 0) + 1
                    continue
                self._check_assign(d)
                conv = waiting[0]  # FIFO within the group
                self.queued.remove((conv, gid))
                self.drained.append(conv)
                eng.apply(self.state, d, self._tick())
                if d.outcome == Outcome.PROXY:
                    self.proxied.add(conv)
                else:
                    self.open[conv] = d.agent_id  # type: ignore[assignment]
                moved = True
            if not moved:
                return

    def _reroute(self, agent_id: int) -> None:
        for conv, owner in sorted(self.open.items()):
            if owner != agent_id:
                continue
            del self.open[conv]
            eng.release(self.state, agent_id)
            d = decide(self.state, Arrival("x", exclude_agent_id=agent_id))
            self._place(conv, d)

    def _place(self, conv: int, d: eng.Decision) -> None:
        self._check_assign(d)
        eng.apply(self.state, d, self._tick())
        if d.outcome == Outcome.ASSIGNED:
            self.open[conv] = d.agent_id  # type: ignore[assignment]
        elif d.outcome == Outcome.QUEUED:
            self.queued.append((conv, d.group_id))  # type: ignore[arg-type]
        else:
            self.proxied.add(conv)

    @rule(text=st.sampled_from(["在吗", "退款", "物流", "连衣裙有货吗", "换货"]),
          vip=st.booleans(), direct=st.none() | st.integers(1, 5))
    def arrive(self, text: str, vip: bool, direct: int | None) -> None:
        conv = self.next_id
        self.next_id += 1
        d = decide(self.state, Arrival(f"b{conv}", text=text, tags=("VIP",) if vip else (),
                                       direct_agent_id=direct))
        self._place(conv, d)

    @precondition(lambda self: bool(self.open))
    @rule(data=st.data())
    def close(self, data: st.DataObject) -> None:
        conv = data.draw(st.sampled_from(sorted(self.open)))
        agent = self.open.pop(conv)
        self.closed.add(conv)
        eng.release(self.state, agent)
        self._drain()

    @rule(agent=st.integers(1, 5), status=st.sampled_from(tuple(Presence)),
          device=st.sampled_from(tuple(Device)))
    def presence(self, agent: int, status: str, device: str) -> None:
        a = self.state.agents[agent]
        a.status, a.device = status, device
        if not self.state.routable(a):
            self._reroute(agent)
        self._drain()

    @rule(agent=st.integers(1, 5), how=st.sampled_from(["frozen", "deleted", "not_participating"]))
    def remove(self, agent: int, how: str) -> None:
        a = self.state.agents[agent]
        if how == "not_participating":
            a.takes_routing = False
        else:
            a.account_status = how
        self._reroute(agent)
        self._drain()

    @rule(agent=st.integers(1, 5))
    def restore(self, agent: int) -> None:
        a = self.state.agents[agent]
        a.account_status, a.takes_routing = "active", True
        self._drain()

    @rule(agent=st.integers(1, 5), capacity=st.integers(1, 6))
    def capacity(self, agent: int, capacity: int) -> None:
        self.state.agents[agent].capacity = capacity
        self._drain()

    @rule(group=st.sampled_from([PRE, POST, VIP]), mode=st.sampled_from(tuple(RoutingMode)))
    def mode(self, group: int, mode: str) -> None:
        self.state.groups[group].mode = mode

    @rule(rule_id=st.integers(1, 4), group=st.sampled_from([PRE, POST, VIP]), enabled=st.booleans())
    def edit_rule(self, rule_id: int, group: int, enabled: bool) -> None:
        self.state.rules = [
            Rule(r.id, r.kind, r.pattern, group, r.priority, enabled) if r.id == rule_id else r
            for r in self.state.rules
        ]
        self.state.invalidate()

    @rule(agent=st.integers(1, 5), group=st.sampled_from([PRE, POST, VIP]), position=st.integers(0, 5))
    def move(self, agent: int, group: int, position: int) -> None:
        a = self.state.agents[agent]
        a.group_id, a.position = group, position
        self._drain()

    @rule(on=st.booleans())
    def mobile_routing(self, on: bool) -> None:
        self.state.settings.mobile_routing = on
        for agent in list(self.state.agents.values()):
            if not self.state.routable(agent):
                self._reroute(agent.id)
        self._drain()

    @rule(group=st.sampled_from([PRE, POST, VIP]), overflow=st.none() | st.sampled_from([PRE, POST, VIP]),
          default=st.booleans())
    def regroup(self, group: int, overflow: int | None, default: bool) -> None:
        g = self.state.groups[group]
        g.overflow_group_id = overflow if overflow != group else None
        if default:
            for other in self.state.groups.values():
                other.is_default = other is g
        self._drain()

    @invariant()
    def cached_state_decides_like_a_fresh_one(self) -> None:
        fresh = self.state.copy()  # a copy derives everything anew
        for arrival in (Arrival("x"), Arrival("x", text="退款"), Arrival("x", tags=("VIP",)),
                        Arrival("x", last_agent_id=3), Arrival("x", direct_agent_id=4, exclude_agent_id=1)):
            assert decide(self.state, arrival) == decide(fresh, arrival)
        for gid in (PRE, POST, VIP):
            assert [a.id for a in self.state.signed_in(gid)] == [a.id for a in fresh.signed_in(gid)]
            assert [a.id for a in self.state.members(gid)] == [a.id for a in fresh.members(gid)]
            assert self.state.group_lit(gid) == fresh.group_lit(gid)
            assert eng.decide_queued(_without_queue(self.state, gid), gid) == eng.decide_queued(
                _without_queue(fresh, gid), gid)
        assert self.state.anyone_signed_in() == fresh.anyone_signed_in()
        assert self.state.shop_lit() == fresh.shop_lit()

    @invariant()
    def nothing_lost_or_doubled(self) -> None:
        placed = list(self.open) + [c for c, _g in self.queued] + list(self.proxied) + list(self.closed)
        assert len(placed) == len(set(placed)) == self.next_id - 1

    @invariant()
    def loads_match_and_respect_capacity(self) -> None:
        for agent in self.state.agents.values():
            held = sum(1 for a in self.open.values() if a == agent.id)
            assert agent.load == held
        queues: dict[int, int] = {}
        for _c, g in self.queued:
            queues[g] = queues.get(g, 0) + 1
        assert {g: n for g, n in self.state.queue_sizes.items() if n} == queues

    @invariant()
    def queue_only_when_no_room(self) -> None:
        for gid in {g for _c, g in self.queued}:
            assert eng.decide_queued(_without_queue(self.state, gid), gid) is None or not self.state.anyone_signed_in()


def _without_queue(state: RoutingState, gid: int) -> RoutingState:
    clone = state.copy()
    clone.queue_sizes[gid] = max(0, clone.queue_sizes.get(gid, 0) - 1)
    return clone


EngineMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
TestEngineMachine = EngineMachine.TestCase


# -- the state's derived data (members, who is routable, group chains) never goes stale -----
def _warm(state: RoutingState) -> None:
    """Build every cache: a decision per group, the lights, the queue path."""
    for gid in state.groups:
        state.signed_in(gid)
        state.group_lit(gid)
        eng.decide_queued(state, gid)
    state.shop_lit()
    decide(state, Arrival("warm"))
    decide(state, Arrival("warm", text="退款"))


def test_cache_an_agent_going_offline_is_not_picked_next() -> None:
    state = make_state()
    _warm(state)
    assert decide(state, Arrival("b", text="退款")).agent_id == 3
    state.agents[3].status = Presence.OFFLINE  # straight on the agent, no invalidate()
    d = decide(state, Arrival("b", text="退款"))
    assert d.agent_id != 3 and d.outcome == Outcome.ASSIGNED and d.group_id == PRE
    assert not state.group_lit(POST) and [a.id for a in state.signed_in(POST)] == []


def test_cache_a_frozen_or_non_participating_agent_is_not_picked_next() -> None:
    state = make_state()
    _warm(state)
    assert decide(state, Arrival("b", tags=("VIP",))).agent_id == 5
    state.agents[5].account_status = "frozen"
    assert decide(state, Arrival("b", tags=("VIP",))).agent_id != 5
    state.agents[5].account_status = AccountStatus.ACTIVE
    assert decide(state, Arrival("b", tags=("VIP",))).agent_id == 5
    state.agents[5].takes_routing = False
    assert decide(state, Arrival("b", tags=("VIP",))).agent_id != 5


def test_cache_an_agent_changing_group_follows_the_move() -> None:
    state = make_state()
    _warm(state)
    state.agents[3].group_id = VIP  # 丽丽 leaves 售后
    state.agents[5].status = Presence.OFFLINE
    d = decide(state, Arrival("b", text="退款"))
    assert d.agent_id != 3  # 售后 has nobody signed in now
    assert decide(state, Arrival("b", tags=("VIP",))).agent_id == 3
    assert [a.id for a in state.members(VIP)] == [3, 5] and [a.id for a in state.members(POST)] == [4]


def test_cache_suspended_mobile_and_settings_changes_are_seen() -> None:
    state = make_state()
    _warm(state)
    state.agents[1].status = Presence.SUSPENDED
    state.agents[2].status = Presence.SUSPENDED
    d = decide(state, Arrival("b"))
    assert "全员挂起" in d.reason and not state.group_lit(PRE)
    state.agents[1].device = Device.MOBILE
    state.agents[2].device = Device.MOBILE
    state.settings.mobile_routing = False
    assert decide(state, Arrival("b")).group_id != PRE
    state.settings = eng.Settings(proxy_account_id=99, mobile_routing=True)  # a new settings object
    assert decide(state, Arrival("b")).group_id == PRE


def test_cache_removed_added_agents_and_groups_are_seen() -> None:
    state = make_state()
    _warm(state)
    del state.agents[3]
    assert decide(state, Arrival("b", text="退款")).agent_id != 3
    state.agents[6] = AgentState(6, "新人", POST, capacity=3, position=0, status=Presence.ONLINE)
    assert decide(state, Arrival("b", text="退款")).agent_id == 6
    del state.groups[VIP]  # 婷婷's group is gone: she is not routable
    assert not state.routable(state.agents[5])
    assert all(a.id != 5 for a in state.signed_in(VIP)) and decide(state, Arrival("b", tags=("VIP",))).agent_id != 5
    for agent in state.agents.values():
        agent.status = Presence.OFFLINE
    assert not state.anyone_signed_in() and not state.shop_lit()
    assert decide(state, Arrival("b")).outcome == Outcome.PROXY


def test_cache_overflow_and_default_group_changes_are_seen() -> None:
    state = make_state()
    state.agents[3].load = state.agents[3].capacity  # 售后 full
    _warm(state)
    assert decide(state, Arrival("b", text="退款")).outcome == Outcome.QUEUED
    state.groups[POST].overflow_group_id = VIP
    d = decide(state, Arrival("b", text="退款"))
    assert (d.agent_id, d.outcome) == (5, Outcome.ASSIGNED) and "溢出" in d.reason
    state.groups[PRE].is_default = False
    state.groups[VIP].is_default = True
    assert decide(state, Arrival("b")).group_id == VIP


def test_cache_a_reloaded_state_replacing_its_dicts_is_seen() -> None:
    state = make_state()
    _warm(state)
    other = make_state()
    other.agents[1].status = other.agents[2].status = Presence.OFFLINE
    state.__dict__.update(other.__dict__)  # what RoutingService._reload does
    d = decide(state, Arrival("b"))
    assert d.agent_id not in (1, 2)
