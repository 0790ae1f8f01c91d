"""What the live figures need from the messages, kept up to date incrementally.

A snapshot every second must not replay the shop's history, nor even all of today, each
time. `LiveCache` keeps, per console:

- for every conversation not closed: its §4 turns over the whole conversation (only the
  state of the latest turn is kept: unanswered since when), and its last message;
- for every conversation with messages today (shop time): its §4 turns over today's
  messages, added up per owning agent (answered turns, response time in whole
  microseconds, so taking a conversation back out is exact), by minute of the answer and by
  minute of the conversation's first message today.

Turns come from `app.services.reporting.metrics.conversation_turns`, the §4 implementation
the report uses. Each update reads the messages written since the last one (`messages.id`
above the watermark, plus the last few seconds' ids on PostgreSQL, whose ids may commit out
of order) and re-reads only the conversations they touched. The conversations not closed are
not read every time either: those with new routing decisions (by id; every change of status,
agent or group but a close writes one) are read again, and one aggregate over the status
index (`sql.open_fingerprint`) tells whether anything else changed that set (a close): then
its ids are read and compared, and should that still not explain it, every row. `changed`
names the conversations whose row may have moved, for `sums.LiveSums`. Imported messages are new ids
too; a change of ad verdicts (old messages changed in place) calls `invalidate()`; a new shop
day or an instant before the last one rebuilds from scratch.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from app.models.vocabulary import ConversationStatus
from app.services.realtime import sql
from app.services.reporting.metrics import MsgRow, conversation_turns

# plain strings on the hot path (an enum member costs a descriptor call per comparison)
_QUEUED = ConversationStatus.QUEUED.value
_NOT_CLOSED = (ConversationStatus.OPEN.value, _QUEUED)
RECENT_S = 10.0  # PostgreSQL: ids of the last seconds are read again (late commits)
REBUILD_NEW_ROWS = 50_000  # more new messages than this at once: rebuild instead


@dataclass(frozen=True, slots=True)
class OpenConv:
    """A conversation not closed (as stored), with the state of its latest turn."""

    id: int
    buyer: str
    status: str  # open | queued
    agent_id: int | None
    group_id: int | None
    created: float  # POSIX seconds
    queued_at: float | None
    last_message: float  # its last message (any sender), or its creation
    wait_from: float | None  # start of the unanswered latest turn, None when answered/none


@dataclass(slots=True)
class _TodayConv:
    first: float  # first message today
    turns: tuple[tuple[str, int, float], ...]  # answered turns: (agent, response µs, answer time)


class LiveCache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._valid = False
        self.day_start = 0.0
        self.last_at = 0.0
        self.watermark = 0
        self.decision_mark = 0  # routing decisions read up to this id
        self.open: dict[int, OpenConv] = {}
        # (count, sum of ids, sum of group ids, queued) of `open`, as `sql.open_fingerprint`
        self._fp = [0, 0, 0, 0]
        # conversations whose `open` row may have changed since the snapshot last read
        # them (None: any, after a rebuild); `sums.LiveSums` takes and clears it
        self.changed: set[int] | None = None
        self._added: set[int] = set()
        self._removed: set[int] = set()
        self._reread = False  # read every conversation not closed on the next update
        self._whole: dict[int, tuple[float | None, float | None]] = {}  # id → (wait_from, last row)
        self.today: dict[int, _TodayConv] = {}
        self.agent_us: dict[str, list[int]] = {}  # agent → [µs, answered turns] today
        self.shop_us = [0, 0]
        self.resp_by_minute: dict[int, list[int]] = {}  # minute (epoch // 60) → [µs, n]
        self.new_by_minute: Counter[int] = Counter()
        self.unreplied_samples: dict[int, int] = {}  # minute → unreplied buyers seen then
        self._recent: dict[int, float] = {}  # id → sent_at of the last RECENT_S seconds
        self._pending: set[int] = set()  # conversations with messages at/after the last instant

    def reread_open(self) -> None:
        """Accounts or groups came or went (a deleted one leaves its conversations' agent or
        group empty without a routing decision): read every open row on the next update
        (call with `lock` held)."""
        self._reread = True

    def invalidate(self) -> None:
        """Old messages changed in place (ad verdicts): rebuild on next use."""
        with self.lock:
            self._valid = False

    # -- updating -------------------------------------------------------------------------
    def update(self, conn: Connection, at: datetime, day_start: datetime) -> None:
        """Bring the cache to instant `at` (call with `lock` held, inside one transaction)."""
        t, day = at.timestamp(), day_start.timestamp()
        if not self._valid or day != self.day_start or t < self.last_at:
            self._rebuild(conn, t, day)
        else:
            self._advance(conn, t)
        self.last_at = t

    def _rebuild(self, conn: Connection, t: float, day: float) -> None:
        self.__init_state(day)
        self.watermark = sql.max_id(conn, "messages")
        self.decision_mark = sql.max_id(conn, "routing_decisions")
        self._read_open(conn)
        self._fp = _fingerprint(self.open.values())
        self.changed = None
        self._reread = False
        self._recompute(conn, sorted(self.open), t, today_all=True)
        self._valid = True

    def __init_state(self, day: float) -> None:
        self.day_start = day
        self.open, self._whole, self.today = {}, {}, {}
        self.agent_us, self.shop_us = {}, [0, 0]
        self.resp_by_minute, self.new_by_minute = {}, Counter()
        self._recent, self._pending = {}, set()
        if not self.unreplied_samples or min(self.unreplied_samples) < day // 60 - 60:
            self.unreplied_samples = {}

    def _advance(self, conn: Connection, t: float) -> None:
        new = sql.new_messages(conn, self.watermark)
        if len(new) > REBUILD_NEW_ROWS:
            self._rebuild(conn, t, self.day_start)
            return
        touched = set(self._pending)
        for mid, cid in new:
            touched.add(cid)
            self.watermark = max(self.watermark, mid)
        if conn.dialect.name != "sqlite":  # ids of the last seconds again: one may have committed late
            for mid, cid, at in sql.recent_messages(conn, t - RECENT_S):
                if mid not in self._recent:
                    touched.add(cid)
                    self._recent[mid] = at
            self._recent = {k: v for k, v in self._recent.items() if v >= t - 2 * RECENT_S}
        routed: set[int] = set()
        for did, cid in sql.new_decisions(conn, self.decision_mark):
            routed.add(cid)
            self.decision_mark = max(self.decision_mark, did)
        self._added, self._removed = set(), set()
        self._read_changed(conn, touched | routed)
        self._check_open(conn, touched)
        for gone in self._removed:
            if gone not in self.open:
                self._whole.pop(gone, None)
        todo = touched | {cid for cid in self._added if cid in self.open}
        if todo:
            self._recompute(conn, sorted(todo), t, today_all=False)

    def _read_changed(self, conn: Connection, ids: set[int]) -> None:
        """Read again the conversations `ids` (new messages, routing decisions): each one
        not closed gets a fresh row, the others leave `open`."""
        if not ids:
            return
        seen: set[int] = set()
        for cid, status, agent_id, group_id, buyer, created, queued_at, last in sql.conversation_state(
                conn, sorted(ids)):
            seen.add(cid)
            if status not in _NOT_CLOSED:
                self._put(cid, None)
                continue
            made = float(created or 0.0)
            wait_from, last_row = self._whole.get(cid, (None, None))
            latest = max(float(last) if last is not None else made, last_row or made)
            self._put(cid, OpenConv(cid, buyer, status, agent_id, group_id, made,
                                    float(queued_at) if queued_at is not None else None, latest, wait_from))
        for cid in ids - seen:
            self._put(cid, None)

    def _put(self, cid: int, conv: OpenConv | None) -> None:
        old = self.open.pop(cid, None)
        if old is not None:
            _count(self._fp, old, -1)
            self._removed.add(cid)
        if conv is not None:
            self.open[cid] = conv
            _count(self._fp, conv, 1)
            self._added.add(cid)
        if self.changed is not None:
            self.changed.add(cid)

    def _check_open(self, conn: Connection, touched: set[int]) -> None:
        """Closes write no routing decision: when the stored set of conversations not
        closed disagrees with ours, read its ids and the rows that came or went; should it
        still disagree (a change no decision recorded), read every one again."""
        if not self._reread:
            stored = sql.open_fingerprint(conn)
            if stored == tuple(self._fp):
                return
            ids = sql.open_id_set(conn)
            self._read_changed(conn, (ids - self.open.keys()) | (self.open.keys() - ids))
            if stored == tuple(self._fp):
                return
        self._reread = False
        old = self.open
        self._read_open(conn, touched)
        self._fp = _fingerprint(self.open.values())
        self._added |= self.open.keys() - old.keys()
        self._removed |= old.keys() - self.open.keys()
        self.changed = None

    def _read_open(self, conn: Connection, touched: set[int] | None = None) -> None:
        """The conversations not closed. Their ids, status, agent and group are read every
        time; buyer and times only for new ones, those whose status, agent or group moved
        (a re-queue sets `queued_at` again) and those with new messages (`touched`)."""
        old, whole = self.open, self._whole
        state = sql.open_ids(conn)
        stale = [cid for cid, status, agent_id, group_id in state
                 if touched is None or cid in touched or (c := old.get(cid)) is None
                 or (c.status, c.agent_id, c.group_id) != (status, agent_id, group_id)]
        times = {r[0]: r[1:] for r in sql.conversation_times(conn, stale)} if stale else {}
        opened: dict[int, OpenConv] = {}
        for cid, status, agent_id, group_id in state:
            fresh = times.get(cid)
            conv = old.get(cid)
            if fresh is None and conv is not None:
                opened[cid] = conv
                continue
            if fresh is None:  # closed between the two reads: next time
                continue
            buyer, created, queued_at, last = fresh
            made = float(created or 0.0)
            wait_from, last_row = whole.get(cid, (None, None))
            latest = max(float(last) if last is not None else made, last_row or made)
            opened[cid] = OpenConv(cid, buyer, status, agent_id, group_id, made,
                                   float(queued_at) if queued_at is not None else None, latest, wait_from)
        self.open = opened

    def _recompute(self, conn: Connection, ids: Sequence[int], t: float, *, today_all: bool) -> None:
        """Re-read the messages of conversations `ids` (whole ones for open conversations,
        today's for the others; `today_all`: every conversation with messages today)."""
        day = self.day_start
        open_ids = [i for i in ids if i in self.open]
        other = [i for i in ids if i not in self.open]
        self._pending = set()
        seen_today: set[int] = set()
        for rows in _by_conversation(sql.message_rows(conn, open_ids)):
            cid = rows[0][0]
            self._set_whole(cid, rows, t)
            seen_today.add(cid)
            self._set_today(cid, [r for r in rows if r.sent_at >= day], t)
        if today_all:
            rows_today: Iterable[Sequence[Any]] = (r for r in sql.today_rows(conn, day) if r[0] not in seen_today)
        else:
            rows_today = sql.message_rows(conn, other, day)
        for rows in _by_conversation(rows_today):
            seen_today.add(rows[0][0])
            self._set_today(rows[0][0], rows, t)
        for cid in ids:
            if cid not in seen_today:
                self._set_today(cid, [], t)
        for cid in open_ids:  # refresh the open row with its new turn state
            conv = self.open[cid]
            if cid not in self._whole:  # no message: known, so not read again every tick
                self._whole[cid] = (None, None)
            if self.changed is not None:
                self.changed.add(cid)
            wait_from, last_row = self._whole.get(cid, (None, None))
            self.open[cid] = OpenConv(conv.id, conv.buyer, conv.status, conv.agent_id, conv.group_id,
                                      conv.created, conv.queued_at, max(conv.last_message, last_row or 0.0),
                                      wait_from)

    def _set_whole(self, cid: int, rows: list[Any], t: float) -> None:
        upto = [r for r in rows if r.sent_at <= t]
        if len(upto) < len(rows):
            self._pending.add(cid)
        turns = conversation_turns(upto)
        last: Any = turns[-1] if turns else None  # times are float seconds here
        wait_from = last.start if last is not None and not last.answered else None
        self._whole[cid] = (wait_from, upto[-1].sent_at if upto else None)

    def _set_today(self, cid: int, rows: list[Any], t: float) -> None:
        old = self.today.pop(cid, None)
        if old is not None:
            self._count(old, -1)
        before = [r for r in rows if r.sent_at < t]
        if len(before) < len(rows):
            self._pending.add(cid)
        if not before:
            return
        turns: list[Any] = conversation_turns(before)  # times are float seconds here
        answered = tuple((turn.agent, round((turn.answered_at - turn.start) * 1e6), turn.answered_at)
                         for turn in turns if turn.answered)
        new = _TodayConv(before[0].sent_at, answered)
        self.today[cid] = new
        self._count(new, 1)

    def _count(self, conv: _TodayConv, sign: int) -> None:
        self.new_by_minute[int(conv.first // 60)] += sign
        for agent, us, answered_at in conv.turns:
            acc = self.agent_us.setdefault(agent, [0, 0])
            acc[0] += sign * us
            acc[1] += sign
            self.shop_us[0] += sign * us
            self.shop_us[1] += sign
            minute = self.resp_by_minute.setdefault(int(answered_at // 60), [0, 0])
            minute[0] += sign * us
            minute[1] += sign

    # -- reading --------------------------------------------------------------------------
    def open_at(self, t: float, timeout_s: float) -> list[OpenConv]:
        """Conversations open at `t`: not closed and last message less than the timeout ago."""
        return [c for c in self.open.values() if t - c.last_message < timeout_s]

    def avg_response(self, agent: str | None = None) -> tuple[int, float | None]:
        """(answered turns today, their mean response time in seconds) of the shop or an agent."""
        us, n = self.shop_us if agent is None else self.agent_us.get(agent, (0, 0))
        return n, (us / n / 1e6 if n else None)


def _fingerprint(convs: Iterable[OpenConv]) -> list[int]:
    fp = [0, 0, 0, 0]
    for c in convs:
        _count(fp, c, 1)
    return fp


def _count(fp: list[int], c: OpenConv, sign: int) -> None:
    """Add (1) or take out (-1) a conversation in a `sql.open_fingerprint`-shaped tally."""
    fp[0] += sign
    fp[1] += sign * c.id
    fp[2] += sign * (c.group_id or 0)
    fp[3] += sign * (c.status == _QUEUED)


def _by_conversation(rows: Iterable[Sequence[Any]]) -> Iterable[list[Any]]:
    """Rows of `sql.message_rows` (sorted by conversation) grouped per conversation, as
    `MsgRow`s whose times are float seconds (the metrics accept either)."""
    current: list[Any] = []
    for r in rows:
        row = MsgRow(r[0], r[1], r[2], r[3], float(r[4]), bool(r[5]), r[6])  # type: ignore[arg-type]
        if current and current[0].conversation_id != row.conversation_id:
            yield current
            current = []
        current.append(row)
    if current:
        yield current
