"""The pure decision core of 客服分流: who gets a buyer conversation, and why.

No database and no clock: the caller passes a `RoutingState` snapshot (agents with their
group, weight, capacity, current load and presence; groups; entry rules; settings) and an
`Arrival`, and gets a `Decision` back. The same state and arrival always give the same
decision, so the GUI's "try it" box, the simulator, the CLI and the persisted service agree.

Order of a decision:
1. a direct contact (指定客服) or a returning buyer (熟客) goes back to that agent when the
   agent can take it; a message for an unavailable agent goes to the group's backup agent
   or to the agent's group (离线分流);
2. entry rules, 人群 > 商品 > 意图(关键词) > 订单状态, pick a group; otherwise the default group;
3. the group's mode (平均分配 / 按权重 / 按顺序) picks an online agent under capacity; when every
   signed-in agent of the group is 挂起 they share it evenly;
4. everyone at capacity: the overflow group, else the queue (FIFO per group);
5. no participating agent signed in at all: the proxy account (代理账号).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from app.i18n import _
from app.models.vocabulary import AccountStatus, Device, Outcome, Presence, RoutingMode, RuleKind


def mode_label(mode: str) -> str:
    labels: dict[str, str] = {
        RoutingMode.BALANCED: _("平均分配"), RoutingMode.WEIGHTED: _("按权重"), RoutingMode.ORDERED: _("按顺序"),
    }
    return labels.get(mode, mode)


def status_label(status: str) -> str:
    labels: dict[str, str] = {Presence.ONLINE: _("在线"), Presence.SUSPENDED: _("挂起"), Presence.OFFLINE: _("离线")}
    return labels.get(status, status)


def rule_kind_label(kind: str) -> str:
    labels: dict[str, str] = {
        RuleKind.TAG: _("人群"), RuleKind.PRODUCT: _("商品"), RuleKind.KEYWORD: _("关键词"),
        RuleKind.ORDER_STATUS: _("订单状态"),
    }
    return labels.get(kind, kind)


def split_patterns(pattern: str) -> list[str]:
    """A rule's pattern may list several words: `退款,退货 换货`."""
    for sep in ("，", "、", "|", ";", "；", " "):
        pattern = pattern.replace(sep, ",")
    return [p.strip() for p in pattern.split(",") if p.strip()]


# -- derived-data invalidation ------------------------------------------------------------
# A `RoutingState` caches what it derives from its agents and groups (members per group in
# order, who is routable, the group order and chains). Any change to a field those depend
# on (presence, device, group, order, 参与分流, account status, a group's order/overflow/
# default flag, the mobile setting) draws a new number from this counter, so every cache
# built before the change is rebuilt on its next use, whoever made the change and however.
# Load and last-assignment changes (every decision) do not touch it.
_EPOCHS = itertools.count(1)
_epoch = [0]  # the latest number drawn; a state's caches remember the value they were built at


def _touch() -> None:
    _epoch[0] = next(_EPOCHS)  # next() on a count is atomic under the GIL



# Hot-path aliases of the vocabulary: on Python 3.11 every `Presence.ONLINE` is a descriptor
# call on the enum class, and `decide` compares these a few times per agent.
_ONLINE = Presence.ONLINE
_SUSPENDED = Presence.SUSPENDED
_OFFLINE = Presence.OFFLINE
_MOBILE = Device.MOBILE
_ACTIVE = AccountStatus.ACTIVE
_ASSIGNED = Outcome.ASSIGNED
_QUEUED = Outcome.QUEUED
_PROXY = Outcome.PROXY
_ORDERED = RoutingMode.ORDERED
_WEIGHTED = RoutingMode.WEIGHTED
_BALANCED = RoutingMode.BALANCED
_KEYWORD = RuleKind.KEYWORD
_TAG = RuleKind.TAG
_PRODUCT = RuleKind.PRODUCT
_ORDER_STATUS = RuleKind.ORDER_STATUS

class _Tracked:
    """Draws a new epoch when one of `_TRACKED` fields is assigned."""

    _TRACKED: frozenset[str] = frozenset()

    def __setattr__(self, name: str, value: object) -> None:
        if name in self._TRACKED:
            _touch()
        object.__setattr__(self, name, value)


@dataclass(eq=False)
class AgentState(_Tracked):
    id: int
    name: str
    group_id: int | None
    weight: int = 1
    capacity: int = 5
    position: int = 0
    load: int = 0
    status: str = Presence.OFFLINE
    device: str = Device.DESKTOP
    last_assigned: float = 0.0  # seconds since the epoch; 0 = never
    takes_routing: bool = True
    account_status: str = AccountStatus.ACTIVE
    nick: str = ""  # full nick (店铺名:名字); `name` is what reasons show

    _TRACKED = frozenset({"id", "group_id", "position", "status", "device", "takes_routing", "account_status"})


@dataclass(eq=False)
class GroupState(_Tracked):
    id: int
    name: str
    mode: str = RoutingMode.BALANCED
    overflow_group_id: int | None = None
    is_default: bool = False
    position: int = 0
    backup_agent_id: int | None = None

    _TRACKED = frozenset({"id", "overflow_group_id", "is_default", "position"})


@dataclass(frozen=True)
class Rule:
    id: int
    kind: str
    pattern: str
    group_id: int
    priority: int = 0
    enabled: bool = True


@dataclass
class Settings(_Tracked):
    proxy_account_id: int | None = None
    proxy_name: str = ""
    mobile_routing: bool = True
    returning_window_hours: float = 48.0
    auto_reply: str = ""

    _TRACKED = frozenset({"mobile_routing"})


@dataclass
class RoutingState:
    agents: dict[int, AgentState] = field(default_factory=dict)
    groups: dict[int, GroupState] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    queue_sizes: dict[int, int] = field(default_factory=dict)  # group id → queued conversations

    def __post_init__(self) -> None:
        self._drop()

    def _drop(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._rules_sorted: list[Rule] | None = None
        self._rule_words: list[tuple[Rule, list[tuple[str, str]]]] = []
        self._by_group: dict[int, list[AgentState]] | None = None
        self._ordered: list[GroupState] | None = None
        self._pools: dict[int, tuple[list[AgentState], list[AgentState]]] = {}  # signed in, online
        self._routable_all: list[AgentState] | None = None
        self._chains: dict[int, tuple[GroupState, list[GroupState], list[GroupState]]] = {}

    def invalidate(self) -> None:
        """Call after replacing a rule in `rules` in place. Other changes (agent, group and
        settings fields, adding or removing agents, groups or rules, new dicts or lists) are
        noticed by `fresh()` itself; calling this as well is harmless."""
        self._drop()

    def fresh(self) -> None:
        """Drop the derived data when anything it depends on changed since it was built."""
        key = (_epoch[0], id(self.agents), len(self.agents), id(self.groups), len(self.groups),
               id(self.settings), id(self.rules), len(self.rules))
        if key != self._key:
            self._drop()
            self._key = key

    def members(self, group_id: int) -> list[AgentState]:
        self.fresh()
        return self._members(group_id)

    def _members(self, group_id: int) -> list[AgentState]:
        if self._by_group is None:
            by: dict[int, list[AgentState]] = {}
            for agent in sorted(self.agents.values(), key=lambda a: (a.position, a.id)):
                if agent.group_id is not None:
                    by.setdefault(agent.group_id, []).append(agent)
            self._by_group = by
        return self._by_group.get(group_id, [])

    def sorted_rules(self) -> list[Rule]:
        self.fresh()
        if self._rules_sorted is None:
            order: dict[str, int] = {k: i for i, k in enumerate(RuleKind)}
            self._rules_sorted = sorted(
                (r for r in self.rules if r.enabled and r.group_id in self.groups),
                key=lambda r: (order.get(r.kind, 99), r.priority, r.id),
            )
            self._rule_words = [
                (r, [(w, w.lower()) for w in split_patterns(r.pattern)]) for r in self._rules_sorted
            ]
        return self._rules_sorted

    def rule_words(self) -> list[tuple[Rule, list[tuple[str, str]]]]:
        """Enabled rules in priority order with their words (as written, lower-cased)."""
        self.sorted_rules()
        return self._rule_words

    def chains(self, first: GroupState) -> tuple[list[GroupState], list[GroupState]]:
        """`first`'s overflow chain, and every other group in the order `decide` tries them
        when nobody in that chain is signed in (the default group first)."""
        self.fresh()
        cached = self._chains.get(first.id)
        if cached is not None and cached[0] is first:
            return cached[1], cached[2]
        overflow = _overflow_chain(self, first)
        rest = [g for g in _group_chain(self, first) if g not in overflow]
        if self.groups.get(first.id) is first:
            self._chains[first.id] = (first, overflow, rest)
        return overflow, rest

    def default_group(self) -> GroupState | None:
        groups = self.ordered_groups()
        for g in groups:
            if g.is_default:
                return g
        return groups[0] if groups else None

    def ordered_groups(self) -> list[GroupState]:
        self.fresh()
        if self._ordered is None:
            self._ordered = sorted(self.groups.values(), key=lambda g: (g.position, g.id))
        return self._ordered

    # -- who can take what -------------------------------------------------------------
    def routable(self, agent: AgentState) -> bool:
        """Participating, active, signed in (on a device that routing may use), in a group."""
        return (
            agent.takes_routing
            and agent.account_status == _ACTIVE
            and agent.status != _OFFLINE
            and agent.group_id is not None
            and agent.group_id in self.groups
            and (agent.device != _MOBILE or self.settings.mobile_routing)
        )

    def has_room(self, agent: AgentState) -> bool:
        return agent.load < agent.capacity

    # the derived lists below assume `fresh()` was called (decide() does, once per decision)
    def _pool(self, group_id: int) -> tuple[list[AgentState], list[AgentState]]:
        """The group's routable members in order, and those of them 在线."""
        pool = self._pools.get(group_id)
        if pool is None:
            signed = [a for a in self._members(group_id) if self.routable(a)]
            pool = self._pools[group_id] = (signed, [a for a in signed if a.status == _ONLINE])
        return pool

    def _signed(self, group_id: int) -> list[AgentState]:
        return self._pool(group_id)[0]

    def _everyone(self) -> list[AgentState]:
        if self._routable_all is None:
            self._routable_all = [a for a in self.agents.values() if self.routable(a)]
        return self._routable_all

    def signed_in(self, group_id: int) -> list[AgentState]:
        self.fresh()
        return list(self._signed(group_id))

    def anyone_signed_in(self) -> bool:
        self.fresh()
        return bool(self._everyone())

    def group_lit(self, group_id: int) -> bool:
        self.fresh()
        return bool(self._pool(group_id)[1])

    def shop_lit(self) -> bool:
        self.fresh()
        return any(a.status == _ONLINE for a in self._everyone())

    def agent_name(self, agent_id: int | None) -> str:
        if agent_id is None:
            return ""
        agent = self.agents.get(agent_id)
        if agent is not None:
            return agent.name
        if agent_id == self.settings.proxy_account_id:
            return self.settings.proxy_name
        return f"#{agent_id}"

    def copy(self) -> RoutingState:
        clone = RoutingState(
            agents={k: replace(v) for k, v in self.agents.items()},
            groups={k: replace(v) for k, v in self.groups.items()},
            rules=list(self.rules),
            settings=replace(self.settings),
            queue_sizes=dict(self.queue_sizes),
        )
        return clone


@dataclass(frozen=True)
class Arrival:
    buyer_nick: str
    text: str = ""
    entry_page: str = ""  # product or entry page the buyer came from
    tags: tuple[str, ...] = ()  # buyer tags (人群), e.g. ("VIP",)
    order_status: str = ""  # e.g. "售后中"
    direct_agent_id: int | None = None  # the buyer contacted this agent directly
    last_agent_id: int | None = None  # returning buyer: the last agent within the window
    exclude_agent_id: int | None = None  # re-routing away from this agent


@dataclass(frozen=True)
class Decision:
    agent_id: int | None
    group_id: int | None
    outcome: str  # assigned | queued | proxy
    reason: str
    queue_position: int = 0  # 1-based position when queued

    @property
    def assigned(self) -> bool:
        return self.outcome == _ASSIGNED


def group_label(group: GroupState) -> str:
    name = _(group.name)
    return name if name.endswith("组") or name.lower().endswith("group") else _("{group}组").format(group=name)


def _load_text(agent: AgentState) -> str:
    return f"{agent.name} ({agent.load + 1}/{agent.capacity})"


# -- picking inside a group ---------------------------------------------------------------
def pick(state: RoutingState, group: GroupState, exclude: int | None = None) -> tuple[AgentState | None, str]:
    """The agent of `group` that the group's mode picks, and how (mode label)."""
    state.fresh()
    agent, how = _pick(state, group, exclude)
    return agent, _how_label(group, how)


def _how_label(group: GroupState, how: str | None) -> str:
    if how is None:
        return ""
    return mode_label(group.mode) if how == _ONLINE else _("全员挂起，平均分配")


def _pick(state: RoutingState, group: GroupState, exclude: int | None) -> tuple[AgentState | None, str | None]:
    """`pick` on a fresh state; `how` is whose pool it was (_ONLINE, or _SUSPENDED when every
    signed-in agent is 挂起; None: nobody signed in). The label is made later, only for the
    agent that gets the conversation."""
    candidates, online = state._pool(group.id)
    if exclude is not None:
        candidates = [a for a in candidates if a.id != exclude]
        online = [a for a in online if a.id != exclude]
    if online:
        pool, how, mode = online, _ONLINE, group.mode
    elif candidates:  # every signed-in agent is 挂起: share evenly
        pool, how, mode = candidates, _SUSPENDED, _BALANCED
    else:
        return None, None
    best: AgentState | None = None
    if mode == _ORDERED:
        for a in pool:
            if a.load < a.capacity and (best is None or (a.position, a.id) < (best.position, best.id)):
                best = a
    elif mode == _WEIGHTED:
        # the lowest (load + 1) / weight, compared exactly (cross-multiplied), then longest idle
        bn = bd = 0
        for a in pool:
            if a.load >= a.capacity:
                continue
            n, d = a.load + 1, max(a.weight, 1)
            if best is None or n * bd < bn * d or (
                n * bd == bn * d
                and (a.last_assigned, a.position, a.id) < (best.last_assigned, best.position, best.id)
            ):
                best, bn, bd = a, n, d
    else:
        for a in pool:
            if a.load < a.capacity and (
                best is None
                or (a.load, a.last_assigned, a.position, a.id) < (best.load, best.last_assigned, best.position, best.id)
            ):
                best = a
    return best, how


def _try_group(
    state: RoutingState, group: GroupState, steps: list[str], exclude: int | None
) -> Decision | None:
    agent, how = _pick(state, group, exclude)
    if agent is None:
        return None
    reason = " → ".join([*steps, group_label(group), _how_label(group, how), _load_text(agent)])
    return Decision(agent.id, group.id, _ASSIGNED, reason)


def _match_rule(state: RoutingState, arrival: Arrival) -> tuple[Rule | None, str]:
    tags = {t.strip().lower() for t in arrival.tags if t.strip()}
    text = arrival.text.lower()
    page = arrival.entry_page.lower()
    status = arrival.order_status.strip().lower()
    for rule, words in state.rule_words():
        kind = rule.kind
        if kind == _KEYWORD:
            for word, w in words:
                if w in text:
                    return rule, _("关键词“{keyword}”").format(keyword=word)
        elif kind == _TAG:
            for word, w in words:
                if w in tags:
                    return rule, _("人群“{tag}”").format(tag=word)
        elif kind == _PRODUCT:
            if page:
                for word, w in words:
                    if w in page:
                        return rule, _("商品“{product}”").format(product=word)
        elif kind == _ORDER_STATUS and status:
            for word, w in words:
                if w == status or w in status:
                    return rule, _("订单状态“{status}”").format(status=word)
    return None, ""


def _group_chain(state: RoutingState, first: GroupState) -> list[GroupState]:
    """The group, then the default group, then every other group in display order."""
    chain = [first]
    default = state.default_group()
    for extra in ([default] if default else []) + state.ordered_groups():
        if extra not in chain:
            chain.append(extra)
    return chain


def decide(state: RoutingState, arrival: Arrival) -> Decision:
    """Who gets this conversation and why. Pure: reads `state`, changes nothing."""
    state.fresh()
    steps: list[str] = []
    exclude = arrival.exclude_agent_id

    # 1. direct contact / returning buyer
    target_id = arrival.direct_agent_id or arrival.last_agent_id
    home: GroupState | None = None  # the target agent's group, instead of the default group
    if target_id is not None and target_id != exclude:
        direct = arrival.direct_agent_id is not None
        target = state.agents.get(target_id)
        if target is not None and target.group_id is not None:
            home = state.groups.get(target.group_id)
        label = _("指定联系{agent}") if direct else _("熟客，上次由{agent}接待")
        steps.append(label.format(agent=state.agent_name(target_id)))
        if target is not None and state.routable(target):
            ok_status = target.status == _ONLINE or (direct and target.status == _SUSPENDED)
            if ok_status and state.has_room(target):
                reason = " → ".join([*steps, _load_text(target)])
                return Decision(target.id, target.group_id, _ASSIGNED, reason)
            if not ok_status:
                steps.append(_("{agent}挂起").format(agent=target.name))
            else:
                steps.append(_("{agent}已满 ({load}/{capacity})").format(
                    agent=target.name, load=target.load, capacity=target.capacity))
        else:
            # 离线分流: the backup agent of the agent's group, else the agent's group
            steps.append(_("{agent}不在线").format(agent=state.agent_name(target_id)))
            group = state.groups.get(target.group_id) if target and target.group_id is not None else None
            if group is not None:
                backup = state.agents.get(group.backup_agent_id) if group.backup_agent_id else None
                if (
                    backup is not None
                    and backup.id != exclude
                    and state.routable(backup)
                    and backup.status == _ONLINE
                    and state.has_room(backup)
                ):
                    reason = " → ".join([*steps, _("离线分流：备用客服"), _load_text(backup)])
                    return Decision(backup.id, backup.group_id, _ASSIGNED, reason)
                if not state.queue_sizes.get(group.id):
                    found = _try_group(state, group, [*steps, _("离线分流")], exclude)
                    if found is not None:
                        return found

    # 2. entry rules → group
    rule, why = _match_rule(state, arrival)
    if rule is not None:
        first = state.groups[rule.group_id]
        steps.append(why)
    elif home is not None:
        first = home
    else:
        default = state.default_group()
        if default is None:
            return _proxy(state, [*steps, _("没有分组")])
        first = default
        steps.append(_("默认分组"))

    # 3./4. the group and its overflow chain; when nobody there is signed in, the default
    # group, then the other groups; everyone full: the queue
    if not any(a.id != exclude for a in state._everyone()):
        return _proxy(state, [*steps, _("无客服在线")])
    overflow, rest = state.chains(first)
    for chain in (overflow, rest):
        queue_group: GroupState | None = None
        for group in chain:
            if not any(a.id != exclude for a in state._signed(group.id)):
                continue
            if queue_group is None:
                queue_group = group
            if state.queue_sizes.get(group.id):
                continue  # others are already waiting here: first come, first served
            if group is first:
                hop: list[str] = []
            elif chain is overflow:
                hop = [_("已满，溢出")]
            else:
                hop = [_("无人在线，转")]
            found = _try_group(state, group, [*steps, *hop], exclude)
            if found is not None:
                return found
        if queue_group is not None:
            position = state.queue_sizes.get(queue_group.id, 0) + 1
            reason = " → ".join(
                [*steps, group_label(queue_group), _("全员满载"), _("排队第{n}位").format(n=position)]
            )
            return Decision(None, queue_group.id, _QUEUED, reason, queue_position=position)
    return _proxy(state, [*steps, _("无客服在线")])


def _overflow_chain(state: RoutingState, first: GroupState) -> list[GroupState]:
    chain: list[GroupState] = []
    g: GroupState | None = first
    while g is not None and g not in chain:
        chain.append(g)
        g = state.groups.get(g.overflow_group_id) if g.overflow_group_id is not None else None
    return chain


def _proxy(state: RoutingState, steps: list[str]) -> Decision:
    name = state.settings.proxy_name or _("主账号")
    reason = " → ".join([*steps, _("代理账号{agent}").format(agent=name)])
    return Decision(state.settings.proxy_account_id, None, _PROXY, reason)


def decide_queued(state: RoutingState, group_id: int) -> Decision | None:
    """Who takes the oldest conversation waiting in `group_id` now (None: it keeps waiting).

    The caller takes that conversation out of `queue_sizes` first, so the group's own queue
    does not block it.
    """
    state.fresh()
    group = state.groups.get(group_id) or state.default_group()
    if group is None:
        return None
    if not state._everyone():
        return _proxy(state, [_("排队中"), _("无客服在线")])
    overflow, rest = state.chains(group)
    chains = [overflow]
    if not any(state._signed(g.id) for g in overflow):
        chains.append(rest)
    for chain in chains:
        for g in chain:
            if g is not group and state.queue_sizes.get(g.id):
                continue
            hop = [] if g is group else [_("已满，溢出")]
            found = _try_group(state, g, [_("排队出队"), *hop], None)
            if found is not None:
                return found
    return None


# -- applying decisions to a state (the service and the simulator keep state in step) -----
def apply(state: RoutingState, decision: Decision, now: float) -> None:
    """`last_assigned` is the latest assignment (as the database's max over conversations),
    also when instants arrive out of order or the proxy account is itself an agent."""
    if decision.outcome == _ASSIGNED and decision.agent_id in state.agents:
        agent = state.agents[decision.agent_id]
        agent.load += 1
        agent.last_assigned = max(agent.last_assigned, now)
    elif decision.outcome == _PROXY and decision.agent_id in state.agents:
        agent = state.agents[decision.agent_id]
        agent.last_assigned = max(agent.last_assigned, now)
    elif decision.outcome == _QUEUED and decision.group_id is not None:
        state.queue_sizes[decision.group_id] = state.queue_sizes.get(decision.group_id, 0) + 1


def release(state: RoutingState, agent_id: int | None) -> None:
    agent = state.agents.get(agent_id) if agent_id is not None else None
    if agent is not None and agent.load > 0:
        agent.load -= 1


def dequeue(state: RoutingState, group_id: int) -> None:
    if state.queue_sizes.get(group_id):
        state.queue_sizes[group_id] -= 1
