"""客服分流 under a Double-11 burst: 200 agents in 20 groups, 100,000 arriving conversations.

    python bench/routing.py [--scale 0.05] [--persisted N]

- memory: the pure engine (`routing_engine.decide`) over the whole burst, with agents closing
  conversations as they go; `memory_p50_ms` / `memory_p99_ms` per decision (goal p99 ≤ 1 ms).
- sqlite: `RoutingService.route` persisting every decision (conversation, buyer message,
  decision row) on a fresh SQLite file, one transaction per routing; `sqlite_per_s`
  (goal ≥ 2,000). A close (which drains the queue) follows every second arrival; only the
  routing calls are timed.
- postgres: the same on PostgreSQL when TEST_PG_URL is set (a throw-away database is created
  next to it and dropped afterwards), else null.

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from app.models.vocabulary import Outcome, Presence, RoutingMode, RuleKind

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AGENTS = 200
GROUPS = 20
BURST = 100_000
KEYWORDS = ["退款", "退货", "换货", "物流", "发票", "尺码", "优惠", "包邮", "颜色", "发货"]
TEXTS = ["在吗", "这款有货吗", "我要退款", "物流到哪了", "能开发票吗", "尺码怎么选", "有优惠吗", "想换货",
         "包邮吗", "什么时候发货", "颜色有几种", "退货地址是哪"]


def build_state():  # type: ignore[no-untyped-def]
    from app.services.routing import engine as eng

    modes = [RoutingMode.BALANCED, RoutingMode.WEIGHTED, RoutingMode.ORDERED]
    groups = {
        g: eng.GroupState(id=g, name=f"组{g}", mode=modes[g % 3], is_default=g == 1, position=g,
                          overflow_group_id=(g % GROUPS) + 1 if g % 4 == 0 else None)
        for g in range(1, GROUPS + 1)
    }
    agents = {}
    for i in range(1, AGENTS + 1):
        g = (i - 1) % GROUPS + 1
        agents[i] = eng.AgentState(id=i, name=f"客服{i}", group_id=g, weight=1 + i % 3, capacity=10,
                                   position=i, status=Presence.SUSPENDED if i % 17 == 0 else Presence.ONLINE)
    rules = [eng.Rule(k, RuleKind.KEYWORD, kw, (k % GROUPS) + 1, k) for k, kw in enumerate(KEYWORDS, 1)]
    rules += [eng.Rule(100, RuleKind.TAG, "VIP", 2), eng.Rule(101, RuleKind.PRODUCT, "连衣裙", 3),
              eng.Rule(102, RuleKind.ORDER_STATUS, "售后", 4)]
    return eng.RoutingState(agents=agents, groups=groups, rules=rules,
                            settings=eng.Settings(proxy_account_id=999, proxy_name="主账号"))


def arrival(rnd: random.Random, n: int):  # type: ignore[no-untyped-def]
    from app.services.routing import engine as eng

    return eng.Arrival(
        buyer_nick=f"买家{n}", text=rnd.choice(TEXTS),
        entry_page="连衣裙详情页" if rnd.random() < 0.1 else "",
        tags=("VIP",) if rnd.random() < 0.05 else (),
        order_status="售后" if rnd.random() < 0.03 else "",
        last_agent_id=rnd.randint(1, AGENTS) if rnd.random() < 0.2 else None,
    )


def bench_memory(burst: int, seed: int = 7) -> tuple[float, float]:
    from app.services.routing import engine as eng

    rnd = random.Random(seed)
    state = build_state()
    open_by_agent: dict[int, int] = {}
    queues: dict[int, int] = {}
    times: list[float] = []
    now = 1.0
    for n in range(burst):
        now += 0.01
        a = arrival(rnd, n)
        t0 = time.perf_counter_ns()
        d = eng.decide(state, a)
        times.append((time.perf_counter_ns() - t0) / 1e6)
        eng.apply(state, d, now)
        if d.outcome == Outcome.ASSIGNED and d.agent_id:
            open_by_agent[d.agent_id] = open_by_agent.get(d.agent_id, 0) + 1
        elif d.outcome == Outcome.QUEUED and d.group_id:
            queues[d.group_id] = queues.get(d.group_id, 0) + 1
        if n % 2 == 1:  # an agent finishes a conversation; the queue drains
            busy = [k for k, v in open_by_agent.items() if v]
            if busy:
                agent = rnd.choice(busy)
                open_by_agent[agent] -= 1
                eng.release(state, agent)
                for gid in list(queues):
                    while queues[gid]:
                        eng.dequeue(state, gid)
                        dq = eng.decide_queued(state, gid)
                        if dq is None:
                            state.queue_sizes[gid] += 1
                            break
                        queues[gid] -= 1
                        eng.apply(state, dq, now)
                        if dq.agent_id in state.agents:
                            open_by_agent[dq.agent_id] = open_by_agent.get(dq.agent_id, 0) + 1
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def seed_shop(url: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from app.models.accounts import Account
    from app.models.routing import AgentPresence, RoutingGroup, RoutingMember
    from app.models.vocabulary import Presence, RoutingMode
    from app.services.container import Services

    services = Services.open(url)
    services.shop.create("压测小店", "13800138000", "Owner-pass1")
    owner = services.auth.sign_in("13800138000", "Owner-pass1")
    modes = [RoutingMode.BALANCED, RoutingMode.WEIGHTED, RoutingMode.ORDERED]
    with services.db.session() as s:
        groups = list(s.scalars(select(RoutingGroup).order_by(RoutingGroup.id)))
        for g in range(len(groups) + 1, GROUPS + 1):
            group = RoutingGroup(name=f"组{g}", mode=modes[g % 3], position=g)
            s.add(group)
            groups.append(group)
        s.flush()
        now = datetime.now(UTC)
        for i in range(1, AGENTS + 1):
            account = Account(kind="sub", nick=f"压测小店:客服{i}", status="active", takes_routing=True,
                              verified_at=now)
            s.add(account)
            s.flush()
            s.add(RoutingMember(account_id=account.id, group_id=groups[(i - 1) % GROUPS].id,
                                weight=1 + i % 3, capacity=10, position=i))
            s.add(AgentPresence(account_id=account.id, status=Presence.ONLINE))
    for k, kw in enumerate(KEYWORDS[4:], 1):
        services.routing.add_rule(owner, "keyword", kw, groups[k + 2].id)
    return services, owner


def bench_persisted(url: str, burst: int, seed: int = 7) -> float:
    rnd = random.Random(seed)
    services, owner = seed_shop(url)
    routing = services.routing
    open_ids: list[int] = []
    spent = 0.0
    try:
        for n in range(burst):
            t0 = time.perf_counter()
            result = routing.route(owner, f"买家{n}", rnd.choice(TEXTS))
            spent += time.perf_counter() - t0
            if result.outcome != "queued" and result.conversation_id:
                open_ids.append(result.conversation_id)
            if n % 2 == 1 and open_ids:
                conv = open_ids.pop(rnd.randrange(len(open_ids)))
                for drained in routing.close(owner, conv):
                    if drained.conversation_id:
                        open_ids.append(drained.conversation_id)
    finally:
        services.close()
    return burst / spent


def bench_postgres(base_url: str, burst: int) -> float:
    from tests.scratch_pg import scratch_database

    with scratch_database(base_url, "zg_routing_bench") as url:
        return bench_persisted(url, burst)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the 100,000 burst")
    parser.add_argument("--persisted", type=int, default=None,
                        help="arrivals for the database runs (default: the scaled burst)")
    args = parser.parse_args()
    burst = max(100, int(BURST * args.scale))
    persisted = args.persisted or burst
    os.environ.setdefault("LANG", "zh_CN.UTF-8")
    p50, p99 = bench_memory(burst)
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_per_s = bench_persisted(f"sqlite:///{tmp}/bench.sqlite3", persisted)
    pg = os.environ.get("TEST_PG_URL")
    postgres_per_s = bench_postgres(pg, persisted) if pg else None
    print(json.dumps({
        "agents": AGENTS, "groups": GROUPS, "burst": burst, "persisted_burst": persisted,
        "memory_p50_ms": round(p50, 4), "memory_p99_ms": round(p99, 4),
        "sqlite_per_s": round(sqlite_per_s, 1),
        "postgres_per_s": round(postgres_per_s, 1) if postgres_per_s is not None else None,
    }))


if __name__ == "__main__":
    main()
