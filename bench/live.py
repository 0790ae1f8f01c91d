"""Benchmark: the live dashboard open (offscreen) while the simulator feeds a Double-11 rush.

    .venv/bin/python bench/live.py [--minutes M] [--rate MSGS_PER_S] [--db URL]

The shop already holds 1,000,000 history messages (a month imported through ImportService
with bench/report.py's generator; built once and cached as bench/out/live-1m.sqlite3, each
run works on a copy). 200 sub-accounts take routed conversations. The live-shop simulator
(`app.services.live.simulator`) runs in real time on its own thread, its arrival rate
calibrated to about `--rate` buyer messages per second (default 50), for `--minutes`
(default 10), writing through `LiveService` like `ingest`. Meanwhile the dashboard refreshes
every second as in the console. Printed, the LAST line one JSON object:

- `loop_p50_ms`, `loop_p99_ms`: GUI event-loop latency — how late a 20 ms timer fires (goal
  p99 <= 50);
- `refresh_ms`: p99 of the dashboard's GUI-thread work per tick (goal <= 20);
- `snapshot_ms`: p99 of `RealtimeService.snapshot` (goal <= 20), off the GUI thread;
- `peak_mb`: peak resident memory of the process (goal <= 400);
- `snapshot_cpu_p50_ms`, `snapshot_cpu_p99_ms`: CPU time of the snapshot's thread (what the
  machine's load does not inflate);
plus medians, the buyer messages per second reached, ticks and skipped ticks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
BASE = OUT / "live-1m.sqlite3"
SHOP = "基准小店"


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 2)


def build_base() -> None:
    """1,000,000 history messages, imported once (bench/report.py's generator, scale 0.2)."""
    from app.services.container import Services
    from bench.report import generate

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zg-live-") as tmp:
        t0 = time.perf_counter()
        chats, orders, ratings, n, _first, _last = generate(Path(tmp), 0.2)
        part = BASE.with_suffix(".part")
        for leftover in OUT.glob(part.name + "*"):
            leftover.unlink()
        services = Services.open(f"sqlite:///{part}")
        services.shop.create(SHOP, "13800138000", "Bench-pass1")
        owner = services.auth.owner_actor()
        for kind, path in (("chats", chats), ("orders", orders), ("ratings", ratings)):
            services.imports.import_file(owner, kind, path)
        services.close()
        part.rename(BASE)
        print(f"built {BASE} with {n} messages in {time.perf_counter() - t0:.0f}s", file=sys.stderr)


def add_agents(services: Any, count: int = 200, capacity: int = 30) -> None:
    from sqlalchemy import select

    from app.models.accounts import Account
    from app.models.routing import RoutingGroup

    owner = services.auth.owner_actor()
    with services.db.session() as s:
        groups = [g.id for g in s.scalars(select(RoutingGroup).order_by(RoutingGroup.position, RoutingGroup.id))]
        ids = []
        for i in range(count):
            account = Account(kind="sub", nick=f"{SHOP}:客服{i:03d}", status="active", takes_routing=True)
            s.add(account)
            s.flush()
            ids.append(account.id)
    for i, account_id in enumerate(ids):
        services.routing.set_member(owner, account_id, groups[i % len(groups)], capacity=capacity)


class Traffic(threading.Thread):
    """The simulator in real time: every 0.2 s, apply what fell due."""

    def __init__(self, services: Any, rate: float, minutes: float) -> None:
        super().__init__(name="bench-traffic", daemon=True)
        from app.services.common.timeparse import zone
        from app.services.live import simrun
        from app.services.live.simulator import SimConfig, Simulator

        self.services = services
        self.actor = services.auth.owner_actor()
        self.live = services.live
        start = services.db.clock.now()
        probe = Simulator(SimConfig(rate=1.0, minutes=minutes), start, zone("Asia/Shanghai"), [])
        # about 1.95 buyer messages per arriving buyer once follow-ups and later turns run (10 min)
        per_minute = rate / 1.95 * 60 / max(probe._weight(start), 1e-6)
        agents = simrun.routed_agents(self.live)
        self.sim = Simulator(SimConfig(seed=11, rate=per_minute, minutes=minutes, ad_share=0.03), start,
                             zone("Asia/Shanghai"), agents)
        self.until = start + timedelta(minutes=minutes)
        self.stop = threading.Event()
        self.buyer_messages = 0
        self.error: Exception | None = None

    def run(self) -> None:
        from app.services.live import simrun

        def count(event: Any) -> None:
            if event.type == "message" and getattr(event, "sender", "") == "buyer":
                self.buyer_messages += 1

        try:
            while not self.stop.is_set():
                now = self.services.db.clock.now()
                simrun.run_until(self.live, self.actor, self.sim, min(now, self.until), emit=count, live_clock=True)
                if now >= self.until:
                    break
                self.stop.wait(0.2)
        except Exception as exc:  # noqa: BLE001 - reported in the result
            self.error = exc


def run_traffic(url: str, minutes: float, rate: float) -> int:
    """The child process: the simulator writing through LiveService until the time is up."""
    from app.services.container import Services

    services = Services.open(url)
    traffic = Traffic(services, rate, minutes)
    traffic.run()
    nxt = traffic.sim.next_at()
    lag = (services.db.clock.now() - nxt).total_seconds() if nxt is not None else 0.0
    print(json.dumps({"buyer_messages": traffic.buyer_messages, "lag_s": round(max(lag, 0.0), 1),
                      "error": repr(traffic.error) if traffic.error else None}), flush=True)
    services.close()
    return 0


def run(url: str, minutes: float, rate: float) -> dict[str, Any]:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from app.services.container import Services
    from app.ui.common.panel import PanelContext
    from app.ui.dashboard.panel import DashboardPanel
    from app.ui.shell.workers import Runner

    app = QApplication.instance() or QApplication([])
    services = Services.open(url)
    add_agents(services)
    realtime = services.realtime
    snapshot_ms: list[float] = []
    snapshot_cpu_ms: list[float] = []  # CPU time of the snapshot's thread: what the load does not inflate
    plain = realtime.snapshot

    def timed_snapshot(*a: Any, **kw: Any) -> Any:
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            return plain(*a, **kw)
        finally:
            snapshot_ms.append((time.perf_counter() - t0) * 1000)
            snapshot_cpu_ms.append((time.thread_time() - c0) * 1000)

    realtime.snapshot = timed_snapshot  # type: ignore[method-assign]
    runner = Runner()
    panel = DashboardPanel(PanelContext(services, services.auth.owner_actor(), runner))
    panel.resize(1024, 700)
    panel.show()
    panel.refresh()
    refresh_ms: list[float] = []
    panel.refreshed.connect(lambda _s: refresh_ms.append(panel.last_refresh_ms))
    loop_ms: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]
    probe = QTimer()
    probe.setInterval(20)

    def probe_tick() -> None:
        now = clock.elapsed()
        loop_ms.append(max(0.0, now - last[0] - 20))
        last[0] = now

    probe.timeout.connect(probe_tick)
    probe.start()
    # The traffic comes from another process, as from an integration or other consoles: this
    # process is the console watching the dashboard.
    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--traffic", url,
                              "--minutes", str(minutes), "--rate", str(rate)],
                             stdout=subprocess.PIPE, text=True)
    started = time.perf_counter()
    end = started + minutes * 60 + 1
    while time.perf_counter() < end and child.poll() is None:
        app.processEvents()
        time.sleep(0.002)
    out, _err = child.communicate(timeout=120)
    traffic = json.loads(out.strip().splitlines()[-1]) if out.strip() else {"error": "no traffic report"}
    probe.stop()
    panel.timer.stop()
    panel.ticker.wait()
    runner.wait_idle()
    elapsed = time.perf_counter() - started
    with services.db.session() as s:
        from sqlalchemy import func, select

        from app.models.conversations import Message

        messages = int(s.scalar(select(func.count()).select_from(Message)) or 0)
    warm = 1  # the first tick builds the console's cache and fills the tables: reported apart
    result = {
        "minutes": minutes,
        "messages_in_db": messages,
        "buyer_msgs_per_s": round(traffic.get("buyer_messages", 0) / elapsed, 1),
        "first_snapshot_ms": round(snapshot_ms[0], 1) if snapshot_ms else None,
        "first_refresh_ms": round(refresh_ms[0], 1) if refresh_ms else None,
        "loop_p50_ms": pct(loop_ms, 50), "loop_p99_ms": pct(loop_ms, 99),
        "refresh_ms": pct(refresh_ms[warm:], 99), "refresh_p50_ms": pct(refresh_ms[warm:], 50),
        "snapshot_ms": pct(snapshot_ms[warm:], 99), "snapshot_p50_ms": pct(snapshot_ms[warm:], 50),
        "snapshot_mean_ms": round(statistics.fmean(snapshot_ms[warm:]), 2) if len(snapshot_ms) > warm else 0.0,
        "snapshot_cpu_p50_ms": pct(snapshot_cpu_ms[warm:], 50), "snapshot_cpu_p99_ms": pct(snapshot_cpu_ms[warm:], 99),
        "ticks": len(refresh_ms), "skipped_ticks": panel.ticker.skipped,
        "open_conversations": panel.snapshot.open_conversations if panel.snapshot else None,
    }
    if traffic.get("error"):
        result["error"] = traffic["error"]
    result["traffic_lag_s"] = traffic.get("lag_s")
    panel.close()
    services.close()
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--rate", type=float, default=50.0, help="buyer messages per second")
    ap.add_argument("--db", metavar="URL", help="an existing shop to use instead (not copied)")
    ap.add_argument("--traffic", metavar="URL", help=argparse.SUPPRESS)  # the child process
    args = ap.parse_args()
    if args.traffic:
        return run_traffic(args.traffic, args.minutes, args.rate)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("LANG", "zh_CN.UTF-8")
    from app.i18n import set_language

    set_language("zh_CN")
    url = args.db
    if url is None:
        if not BASE.exists():
            build_base()
        work = OUT / "live-run.sqlite3"
        for old in OUT.glob("live-run.sqlite3*"):
            old.unlink()
        shutil.copyfile(BASE, work)
        url = f"sqlite:///{work}"
    result = run(url, args.minutes, args.rate)
    import resource

    result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result), flush=True)
    # Leave without tearing Qt down object by object: PySide's interpreter finalisation can
    # crash after a long run with worker threads, and there is nothing left to save.
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
