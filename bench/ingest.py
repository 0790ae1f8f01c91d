"""`ingest` throughput on a Double-11 simulated hour.

    python bench/ingest.py [--rate 6] [--minutes 60] [--agents 40]

A fresh SQLite shop with `--agents` agents in two groups (capacity 5 each); the simulator
(`app.services.live.simulator`, seed 11, Double-11 mode, starting at midnight shop time: the
rush) runs on a scratch copy of it and its events are kept as §7 JSON Lines; then those lines
are applied to the fresh shop exactly as `zhanggui ingest` applies them (decode, parse, one
transaction per event through `LiveService.apply`). Only the applying is timed.

Prints `events`, `events_per_s` (goal ≥ 2,000 on SQLite), `p50_apply_ms` / `p99_apply_ms`
per line, and `cpu_events_per_s` (events per CPU second of the process: the wall-clock
figures suffer when other work shares the machine). The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

START = "2026-11-11 00:00:00"  # shop time: the Double-11 midnight rush


def make_shop(path: Path | str, agents: int) -> None:
    """A shop with `agents` routed agents at `path` (a SQLite file, or a database URL)."""
    from sqlalchemy import select

    from app.models.accounts import Account
    from app.models.routing import RoutingGroup
    from app.services.container import Services

    services = Services.open(path if isinstance(path, str) else f"sqlite:///{path}")
    services.shop.create("压测小店", "13800138000", "Bench-pass1")
    owner = services.auth.owner_actor()
    with services.db.session() as s:
        groups = [g.id for g in s.scalars(select(RoutingGroup).order_by(RoutingGroup.id))][:2]
        ids = []
        for i in range(agents):
            account = Account(kind="sub", nick=f"压测小店:客服{i:03d}", status="active", takes_routing=True,
                              verified_at=datetime(2026, 11, 1, tzinfo=UTC))
            s.add(account)
            s.flush()
            ids.append(account.id)
    for i, account_id in enumerate(ids):
        services.routing.set_member(owner, account_id, groups[i % len(groups)], capacity=5)
    services.close()


def emit(path: Path, rate: float, minutes: float) -> list[bytes]:
    """The simulator's events for the hour (run on a scratch copy, as `simulate --emit`)."""
    from app.services.common.clock import ManualClock
    from app.services.common.timeparse import parse_timestamp
    from app.services.container import Services
    from app.services.live import simrun
    from app.services.live.simulator import SimConfig, Simulator

    scratch = path.with_name("scratch.sqlite3")
    shutil.copy(path, scratch)
    clock = ManualClock(datetime(2000, 1, 1, tzinfo=UTC))
    services = Services.open(f"sqlite:///{scratch}", clock=clock)
    info = services.shop.info()
    start = parse_timestamp(START, info.tz)
    clock.set(start)
    sim = Simulator(SimConfig(seed=11, rate=rate, minutes=minutes, double11=True), start, info.tz,
                    simrun.routed_agents(services.live))
    out: list[bytes] = []
    actor = services.auth.owner_actor()
    simrun.run_until(services.live, actor, sim, sim.end,
                     lambda e: out.append(json.dumps(e.to_json(), ensure_ascii=False).encode()))
    services.close()
    return out


def apply_all(path: Path, lines: list[bytes]) -> tuple[float, list[float], float]:
    from app.services.common.clock import ManualClock
    from app.services.container import Services
    from app.services.live.events import parse
    from app.services.live.ingest import decode

    clock = ManualClock(datetime(2000, 1, 1, tzinfo=UTC))
    services = Services.open(f"sqlite:///{path}", clock=clock)
    info = services.shop.info()
    actor = services.auth.owner_actor()
    live = services.live
    times: list[float] = []
    cpu = time.process_time()
    began = time.perf_counter()
    for number, raw in enumerate(lines, 1):
        t = time.perf_counter()
        event = parse(decode(raw, number == 1), info.tz)
        clock.set(event.at)
        live.apply(actor, event)
        times.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - began
    cpu = time.process_time() - cpu
    services.close()
    return total, times, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=6.0, help="buyers per minute in an ordinary busy hour")
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--agents", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shop = Path(tmp) / "shop.sqlite3"
        make_shop(shop, args.agents)
        lines = emit(shop, args.rate, args.minutes)
        print(f"{len(lines)} events emitted for a Double-11 hour", file=sys.stderr)
        total, times, cpu = apply_all(shop, lines)
    times.sort()
    result = {
        "events": len(lines),
        "events_per_s": round(len(lines) / total, 1),
        "p50_apply_ms": round(statistics.median(times), 3),
        "p99_apply_ms": round(times[int(len(times) * 0.99) - 1], 3),
        "max_apply_ms": round(times[-1], 3),
        # CPU seconds of this process: what the rate would be on an otherwise idle core
        "cpu_events_per_s": round(len(lines) / cpu, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
