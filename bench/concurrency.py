"""Benchmark: live events applied while a big history import runs in another process.

    .venv/bin/python bench/concurrency.py [--rows 1000000] [--rate 20] [--db URL]

A shop with 40 routed agents (`bench/ingest.py`'s), a chats CSV of `--rows` rows
(`bench/report.py`'s month), and a stream of simulator events (§7). The events are applied in
this process exactly as `zhanggui ingest` applies them, paced at `--rate` events per second
by the wall clock; an event's latency runs from the moment it was due to the commit of its
transaction, so time spent waiting behind an earlier event counts too (an integration's
view). After 3 s of events on a quiet shop (`ingest_p99_ms_quiet`), `zhanggui import chats`
starts as a separate process; every event due from 1 s after its start (the interpreter's
start-up) until it exits counts for `ingest_p99_ms_during_import` (goal <= 200).
`import_rows_per_s_during_ingest` is the rows over the import process's wall time.
`--db URL` runs on that database instead (it is emptied first). The LAST line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

QUIET_S = 3.0
START_UP_S = 1.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))], 1)


def main() -> int:
    import ingest as ingest_bench
    import report as report_bench

    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rate", type=float, default=20.0, help="live events per second")
    ap.add_argument("--db", metavar="URL")
    args = ap.parse_args()
    os.environ.setdefault("LANG", "zh_CN.UTF-8")
    from app.i18n import set_language
    from app.services.common.clock import ManualClock
    from app.services.container import Services
    from app.services.live import ingest
    from app.services.live.events import parse

    set_language("zh_CN")
    with tempfile.TemporaryDirectory(prefix="zg-bench-") as tmp:
        folder = Path(tmp)
        url = args.db or f"sqlite:///{folder / 'shop.sqlite3'}"
        if args.db:
            report_bench._empty_database(url)
        ingest_bench.make_shop(url, 40)
        twin = folder / "twin.sqlite3"  # the simulator runs on a SQLite twin of the shop
        ingest_bench.make_shop(twin, 40)
        lines = ingest_bench.emit(twin, 12.0, 120.0)
        chats, _orders, _ratings, rows, _first, _last = report_bench.generate(folder, args.rows / 5_000_000)
        print(f"{len(lines)} events, {rows} chat rows ready", file=sys.stderr)

        clock = ManualClock(datetime(2000, 1, 1, tzinfo=UTC))
        services = Services.open(url, clock=clock)
        tz = services.shop.info().tz
        actor = services.auth.owner_actor()
        period = 1.0 / args.rate
        began = time.perf_counter()
        due = began
        quiet: list[float] = []
        during: list[float] = []
        proc: subprocess.Popen[bytes] | None = None
        import_start = import_end = 0.0
        for number, raw in enumerate(lines, 1):
            now = time.perf_counter()
            if proc is None and now - began >= QUIET_S:
                import_start = time.perf_counter()
                proc = subprocess.Popen(
                    [sys.executable, "-m", "app", "--db", url, "import", "chats", str(chats)],
                    cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if proc is not None and proc.poll() is not None:
                import_end = time.perf_counter()
                break
            if now < due:
                time.sleep(due - now)
            event = parse(ingest.decode(raw, number == 1), tz)
            clock.set(event.at)
            ingest._apply_when_free(services.live, actor, event, lambda _line: None, "")
            latency_ms = (time.perf_counter() - due) * 1000
            if proc is None:
                quiet.append(latency_ms)
            elif due >= import_start + START_UP_S:
                during.append(latency_ms)
            due += period
        else:
            raise SystemExit("ran out of events before the import finished: raise the simulator's rate")
        out, err = proc.communicate() if proc is not None else (b"", b"")
        services.close()
        if proc is None or proc.returncode != 0:
            print(err.decode(errors="replace"), file=sys.stderr)
            raise SystemExit("the import failed")
        import_s = import_end - import_start
        result = {
            "db": "sqlite" if url.startswith("sqlite") else "postgresql",
            "rows": rows,
            "rate": args.rate,
            "events_during_import": len(during),
            "ingest_p50_ms_during_import": percentile(during, 0.50),
            "ingest_p99_ms_during_import": percentile(during, 0.99),
            "ingest_max_ms_during_import": round(max(during, default=0.0), 1),
            "ingest_p99_ms_quiet": percentile(quiet, 0.99),
            "import_s": round(import_s, 2),
            "import_rows_per_s_during_ingest": round(rows / import_s),
        }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
