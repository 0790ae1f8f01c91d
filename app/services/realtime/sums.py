"""The snapshot's per-buyer, per-agent and per-group sums over the conversations open at the
snapshot's instant, kept up to date from what changed since the last tick.

`LiveCache.changed` names the conversations whose row may have changed (new messages,
routing decisions, closes); time alone only takes conversations out (`at −` last message
reaching the session timeout), found in a heap by last message. Each changed conversation's
old row is taken out of the sums and its new one put in; only the buyers, agents and groups
they touch are added up again, from their own few conversations. So a tick costs what
changed, not what is open. Who waits and why (`Waiting`) is kept per conversation, in
(since, conversation id) order; a change of the context it depends on (groups, presence,
agents, proxy, language, timeout) starts over from every open conversation.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable
from operator import itemgetter

from app.models.vocabulary import ConversationStatus
from app.services.realtime.cache import OpenConv
from app.services.realtime.figures import Waiting

_OPEN, _QUEUED = ConversationStatus.OPEN.value, ConversationStatus.QUEUED.value  # plain strings: hot path
_second = itemgetter(1)


class LiveSums:
    def __init__(self) -> None:
        self._reset(None, 0.0)

    def _reset(self, sig: object, timeout: float) -> None:
        self.sig: object = sig
        self.timeout = timeout
        self.t = 0.0
        self.conv: dict[int, OpenConv] = {}  # the conversations open at `t`
        self._expiry: list[tuple[float, int]] = []  # (last message, id); stale entries skipped
        self._buyer_convs: dict[str, set[int]] = {}  # buyer → its conversations with an unanswered turn
        self.firsts: dict[str, float] = {}  # buyer → start of its longest unanswered wait
        self.held: dict[int, set[int]] = {}  # agent id → open (not queued) conversations it holds
        self.agent_waits: dict[int, tuple[int, float | None]] = {}  # agent → (unreplied buyers, earliest)
        self.queued: dict[int | None, set[int]] = {}  # group → its queued conversations
        self.group_waits: dict[int | None, tuple[int, float | None]] = {}  # group → (queued waiting, earliest)
        self._entries: dict[int, Waiting] = {}
        self._order: list[tuple[float, int]] = []  # (since, id) of `_entries`, sorted
        self._waiting: tuple[Waiting, ...] | None = ()
        self._dirty: tuple[set[str], set[int], set[int | None]] = (set(), set(), set())

    def update(self, open_rows: dict[int, OpenConv], changed: Iterable[int] | None, t: float, timeout: float,
               sig: object, make: Callable[[OpenConv], Waiting | None]) -> None:
        """Bring the sums to instant `t`: `open_rows` are the conversations not closed,
        `changed` those whose row may differ from the last call (None: any)."""
        if changed is None or sig != self.sig or timeout != self.timeout or t < self.t:
            self._reset(sig, timeout)
            changed = open_rows.keys()
        self.t = t
        heap = self._expiry
        while heap and t - heap[0][0] >= timeout:
            last, cid = heapq.heappop(heap)
            c = self.conv.get(cid)
            if c is not None and c.last_message == last:
                self._drop(c)
        for cid in changed:
            new = open_rows.get(cid)
            if new is not None and not t - new.last_message < timeout:
                new = None
            old = self.conv.get(cid)
            if old is new:
                continue
            if old is not None:
                self._drop(old)
            if new is not None:
                self._add(new, make)
        if len(heap) > 2 * len(self.conv) + 1024:
            self._expiry = [(c.last_message, cid) for cid, c in self.conv.items()]
            heapq.heapify(self._expiry)
        self._sum_up()

    def _drop(self, c: OpenConv) -> None:
        buyers, agents, groups = self._dirty
        del self.conv[c.id]
        if c.wait_from is not None:
            self._buyer_convs[c.buyer].discard(c.id)
            buyers.add(c.buyer)
        if c.status == _OPEN and c.agent_id is not None:
            self.held[c.agent_id].discard(c.id)
            agents.add(c.agent_id)
        if c.status == _QUEUED:
            self.queued[c.group_id].discard(c.id)
            groups.add(c.group_id)
        entry = self._entries.pop(c.id, None)
        if entry is not None:
            at = bisect_left(self._order, (entry.since, c.id))
            del self._order[at]
            self._waiting = None

    def _add(self, c: OpenConv, make: Callable[[OpenConv], Waiting | None]) -> None:
        buyers, agents, groups = self._dirty
        self.conv[c.id] = c
        heapq.heappush(self._expiry, (c.last_message, c.id))
        if c.wait_from is not None:
            self._buyer_convs.setdefault(c.buyer, set()).add(c.id)
            buyers.add(c.buyer)
        if c.status == _OPEN and c.agent_id is not None:
            self.held.setdefault(c.agent_id, set()).add(c.id)
            agents.add(c.agent_id)
        if c.status == _QUEUED:
            self.queued.setdefault(c.group_id, set()).add(c.id)
            groups.add(c.group_id)
        entry = make(c)
        if entry is not None:
            self._entries[c.id] = entry
            insort(self._order, (entry.since, c.id))
            self._waiting = None

    def _sum_up(self) -> None:
        """Add up again the buyers, agents and groups the changes touched."""
        buyers, agents, groups = self._dirty
        conv = self.conv
        for buyer in buyers:
            ids = self._buyer_convs.get(buyer)
            if ids:
                self.firsts[buyer] = min(w for i in ids if (w := conv[i].wait_from) is not None)
            else:
                self._buyer_convs.pop(buyer, None)
                self.firsts.pop(buyer, None)
        for agent in agents:
            held = self.held.get(agent)
            mine: dict[str, float] = {}
            for i in held or ():
                c = conv[i]
                since = c.wait_from
                if since is not None:
                    old = mine.get(c.buyer)
                    if old is None or since < old:
                        mine[c.buyer] = since
            if held:
                self.agent_waits[agent] = (len(mine), min(mine.values()) if mine else None)
            else:
                self.held.pop(agent, None)
                self.agent_waits.pop(agent, None)
        for group in groups:
            queued = self.queued.get(group)
            waits = [s for s in (conv[i].wait_from for i in queued or ()) if s is not None]
            if queued:
                self.group_waits[group] = (len(waits), min(waits) if waits else None)
            else:
                self.queued.pop(group, None)
                self.group_waits.pop(group, None)
        buyers.clear()
        agents.clear()
        groups.clear()

    # -- reading ----------------------------------------------------------------------------
    def load(self, agent_id: int) -> int:
        held = self.held.get(agent_id)
        return len(held) if held else 0

    def queued_total(self) -> int:
        return sum(len(ids) for ids in self.queued.values())

    def waiting(self) -> tuple[Waiting, ...]:
        """Who waits, longest wait first (earliest since, then conversation id)."""
        if self._waiting is None:
            self._waiting = tuple(map(self._entries.__getitem__, map(_second, self._order)))
        return self._waiting
