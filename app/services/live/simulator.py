"""A traffic simulator for the live shop: seeded, reproducible buyers and simulated agents.

`Simulator` is a discrete-event model: buyers arrive on an hourly curve (shop time; a
Double-11 mode multiplies it and adds the midnight rush), send one to three messages per
turn, come back (returning buyers), arrive from entry pages with tags, sometimes send ads,
and sometimes order and rate. Simulated agents (every routed agent nobody drives) answer
after a log-normal response time, and close conversations when the buyer is done.

It only produces `LiveEvent`s and feeds them to `LiveService.apply`, so what it does is
exactly what `ingest` does with the same events; the outcome of each event (assigned,
queued) steers what the model does next. Same seed, same shop state, same start: the same
events. Orders and ratings have no §7 event: they are written beside the events
(`record_order`, `record_rating`) and are not part of `--emit`.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal

from app.models.vocabulary import Presence, Sender
from app.services.accounts.permissions import Actor
from app.services.common.errors import UserError
from app.services.live.apply import Applied
from app.services.live.events import LiveEvent

# relative arrivals per shop-time hour (1.0 = the busiest ordinary hour)
HOURLY = (0.15, 0.08, 0.04, 0.03, 0.03, 0.05, 0.12, 0.25, 0.45, 0.75, 0.95, 1.0,
          0.8, 0.75, 0.9, 0.95, 0.9, 0.8, 0.7, 0.8, 0.95, 1.0, 0.8, 0.4)
DOUBLE11_FACTOR = 4.0  # Double-11: everything busier, and the rush right after midnight
DOUBLE11_MIDNIGHT = (3.0, 2.0)

ENTRIES = ("", "", "商品：碎花连衣裙", "商品：羊毛开衫", "商品：保温杯", "活动页：双11会场", "店铺首页")
TAGS = ((), (), (), ("VIP",), ("新客",), ("老客",))
QUESTIONS = ("在吗？这款有现货吗", "请问什么时候发货", "这个尺码偏大还是偏小", "可以便宜一点吗", "包邮吗",
             "有没有优惠券", "能开发票吗", "这个颜色还有吗", "双11有活动吗", "帮我看看地址对不对")
AFTER_SALES = ("我要退款，收到的杯子碎了", "物流三天没动了", "想换个颜色可以吗", "退款什么时候到账",
               "收到的有点破损，可以退货吗")
FOLLOW_UPS = ("好的", "那我拍两件", "谢谢", "还有别的颜色吗", "大概几天到", "好的，我再看看", "嗯嗯")
ADS = ("兼职刷单日结，加微信 abc123 了解", "低息贷款秒到账，详询 QQ 12345678", "加V信领红包 vx: zz8866")
REPLIES = ("亲，在的，有现货哦", "亲，今天下单48小时内发货", "亲，尺码是标准的，按平时穿的选就好",
           "亲，现在有满减活动，很划算的", "亲，全国包邮（偏远地区除外）", "亲，帮您查一下，请稍等",
           "非常抱歉，马上为您处理", "好的亲，还有什么可以帮您")


@dataclass(frozen=True)
class SimConfig:
    seed: int = 1
    rate: float = 2.0  # buyers per minute in the busiest ordinary hour
    minutes: float = 60.0
    double11: bool = False
    ad_share: float = 0.05
    returning_share: float = 0.25
    order_share: float = 0.3
    rating_share: float = 0.4


@dataclass(order=True)
class _Task:
    at: datetime
    seq: int
    kind: str = field(compare=False)
    buyer: str = field(compare=False, default="")
    data: dict[str, object] = field(compare=False, default_factory=dict)


@dataclass
class SimStats:
    events: int = 0
    rejected: int = 0
    conversations: int = 0
    orders: int = 0
    ratings: int = 0


class Simulator:
    """Feed it a start instant, the shop's zone and the agents to simulate; call `run()`."""

    def __init__(self, config: SimConfig, start: datetime, tz: tzinfo, agents: list[str],
                 humans: frozenset[str] = frozenset()) -> None:
        self.config = config
        self.rng = random.Random(config.seed)
        self.tz = tz
        self.start = start
        self.end = start + timedelta(minutes=config.minutes)
        self.agents = sorted(agents)
        self.humans = humans  # nicks a person drives: the simulator never answers for them
        self.speed = {nick: self.rng.uniform(12.0, 70.0) for nick in self.agents}  # median response, s
        self._seq = itertools.count()
        self._ids = itertools.count(1)
        self._heap: list[_Task] = []
        self._buyers: list[str] = []
        self._new_buyers = itertools.count(1)
        self.stats = SimStats()
        for nick in self.agents:
            self._push(start, "presence", data={"agent": nick, "status": Presence.ONLINE})
        self._push(start + timedelta(seconds=self._gap(start)), "arrival")

    # -- the model ------------------------------------------------------------------------------
    def _push(self, at: datetime, kind: str, buyer: str = "", data: dict[str, object] | None = None) -> None:
        heapq.heappush(self._heap, _Task(at, next(self._seq), kind, buyer, data or {}))

    def _weight(self, at: datetime) -> float:
        hour = at.astimezone(self.tz).hour
        w = HOURLY[hour]
        if self.config.double11:
            w *= DOUBLE11_FACTOR
            if hour < len(DOUBLE11_MIDNIGHT):
                w *= DOUBLE11_MIDNIGHT[hour]
        return w

    def _gap(self, at: datetime) -> float:
        """Seconds to the next arrival: exponential at the curve's rate (never below 1/hour)."""
        per_s = max(self.config.rate * self._weight(at) / 60.0, 1 / 3600)
        return self.rng.expovariate(per_s)

    def _response_s(self, nick: str) -> float:
        return max(2.0, self.rng.lognormvariate(math.log(self.speed.get(nick, 30.0)), 0.6))

    def _buyer(self) -> str:
        if self._buyers and self.rng.random() < self.config.returning_share:
            return self.rng.choice(self._buyers)
        nick = f"tb_{self.config.seed}_{next(self._new_buyers):05d}"
        self._buyers.append(nick)
        return nick

    def _event(self, at: datetime, kind: str, **kw: object) -> LiveEvent:
        return LiveEvent(kind, at, f"sim-{self.config.seed}-{next(self._ids)}", **kw)  # type: ignore[arg-type]

    def _arrival(self, task: _Task) -> Iterator[LiveEvent]:
        self._push(task.at + timedelta(seconds=self._gap(task.at)), "arrival")
        buyer = self._buyer()
        self.stats.conversations += 1
        if self.rng.random() < self.config.ad_share:
            yield self._event(task.at, "message", buyer=buyer, sender=Sender.BUYER, text=self.rng.choice(ADS))
            return
        after = self.rng.random() < 0.25
        text = self.rng.choice(AFTER_SALES if after else QUESTIONS)
        entry = "" if after else self.rng.choice(ENTRIES)
        tags = self.rng.choice(TAGS)
        yield self._event(task.at, "message", buyer=buyer, sender=Sender.BUYER, text=text, entry=entry,
                          tags=tuple(tags), order_status="售后" if after else "")
        self._turn(task.at, buyer, turns=self.rng.choice((1, 1, 2, 2, 3)))

    def _turn(self, at: datetime, buyer: str, turns: int) -> None:
        """The rest of a buyer's turn (0–2 more messages), then the agent's answer."""
        t = at
        for _ in range(self.rng.choice((0, 0, 1, 2))):
            t += timedelta(seconds=self.rng.uniform(3, 20))
            self._push(t, "buyer", buyer, {"text": self.rng.choice(FOLLOW_UPS)})
        self._push(t, "await", buyer, {"turns": turns - 1, "since": t})

    def _step(self, task: _Task, holder: Callable[[str], tuple[str, str] | None]) -> Iterator[LiveEvent]:
        kind = task.kind
        if kind == "presence":
            yield self._event(task.at, "presence", agent=task.data["agent"], status=task.data["status"])
        elif kind == "arrival":
            if task.at < self.end:
                yield from self._arrival(task)
        elif kind == "buyer":
            if holder(task.buyer) is not None:
                yield self._event(task.at, "message", buyer=task.buyer, sender=Sender.BUYER,
                                  text=str(task.data["text"]))
        elif kind == "await":  # decide when the holding agent answers
            found = holder(task.buyer)
            if found is None:
                return
            status, agent = found
            if status != "open" or agent in self.humans:
                if status != "open":  # queued: look again a little later
                    self._push(task.at + timedelta(seconds=15), "await", task.buyer, task.data)
                return
            self._push(task.at + timedelta(seconds=self._response_s(agent)), "reply", task.buyer, task.data)
        elif kind == "reply":
            yield from self._reply(task, holder)
        elif kind == "close":
            found = holder(task.buyer)
            if found is not None and found[0] == "open" and found[1] not in self.humans:
                yield self._event(task.at, "close", buyer=task.buyer)
                self._after(task)

    def _reply(self, task: _Task, holder: Callable[[str], tuple[str, str] | None]) -> Iterator[LiveEvent]:
        found = holder(task.buyer)
        if found is None or found[0] != "open" or found[1] in self.humans:
            return
        yield self._event(task.at, "message", buyer=task.buyer, sender=Sender.AGENT, text=self.rng.choice(REPLIES))
        turns = int(task.data.get("turns", 0))  # type: ignore[call-overload]
        if turns > 0 and self.rng.random() < 0.7:
            t = task.at + timedelta(seconds=self.rng.uniform(10, 90))
            self._push(t, "buyer", task.buyer, {"text": self.rng.choice(FOLLOW_UPS)})
            self._push(t, "await", task.buyer, {"turns": turns - 1})
        elif self.rng.random() < 0.75:  # the agent closes; the rest time out
            self._push(task.at + timedelta(seconds=self.rng.uniform(30, 180)), "close", task.buyer)

    def _after(self, task: _Task) -> None:
        """After a close: maybe an order and a rating."""
        if self.rng.random() < self.config.order_share:
            amount = Decimal(self.rng.choice((59, 89, 129, 199, 299))) + Decimal("0.90")
            self._push(task.at + timedelta(seconds=self.rng.uniform(60, 1800)), "order", task.buyer,
                       {"amount": amount})
        if self.rng.random() < self.config.rating_share:
            self._push(task.at + timedelta(seconds=5), "rating", task.buyer,
                       {"rating": self.rng.choice((5, 5, 5, 4, 4, 3, 2))})

    # -- driving it ------------------------------------------------------------------------------
    def tasks_until(self, until: datetime) -> Iterator[_Task]:
        while self._heap and self._heap[0].at <= until:
            yield heapq.heappop(self._heap)

    def push_arrival(self, at: datetime) -> None:
        self._push(at, "arrival")

    def done(self) -> bool:
        return not self._heap or self._heap[0].at >= self.end + timedelta(hours=1)

    def next_at(self) -> datetime | None:
        return self._heap[0].at if self._heap else None

    def run_until(self, until: datetime, apply: Callable[[LiveEvent], Applied | None],
                  holder: Callable[[str], tuple[str, str] | None],
                  side: Callable[[_Task], None] | None = None) -> None:
        """Apply everything due by `until`, in time order. `apply` returns None for a refused
        event (counted, the model goes on); `holder(buyer)` is (status, agent nick) of the
        buyer's open conversation or None; `side` writes orders and ratings."""
        for task in self.tasks_until(until):
            if task.kind in ("order", "rating"):
                if side is not None:
                    side(task)
                    if task.kind == "order":
                        self.stats.orders += 1
                    else:
                        self.stats.ratings += 1
                continue
            for event in self._step(task, holder):
                self.stats.events += 1
                if apply(event) is None:
                    self.stats.rejected += 1


def safe_apply(live_apply: Callable[[Actor, LiveEvent], Applied], actor: Actor) -> Callable[[LiveEvent], Applied | None]:
    def apply(event: LiveEvent) -> Applied | None:
        try:
            return live_apply(actor, event)
        except UserError:
            return None

    return apply
