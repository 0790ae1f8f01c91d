"""Benchmark: import a month of chat history, then time reports over several periods.

    .venv/bin/python bench/report.py [--scale X] [--keep DIR] [--report-only] [--db URL]

Scale 1.0 = 30 days, 200 agents, 5,000,000 messages (plus orders and ratings). A CSV is
generated in a temporary directory and imported through ImportService (`import_rows_per_s`,
goal >= 40,000). Then, each goal <= 1.0 s: the month (`report_month_s`), the week 10-05..10-11
(`report_week_s`), 10-03..10-27 (`report_cut_s`), one day (`report_day_s`) and the monitoring
extras for the month (`extras_month_s`); the 30-day daily trend (`trend_30d_s`, goal <= 2.0);
`full_scan_s` is a count(*) over messages, for scale; `peak_mb` is the process's peak resident
memory (goal <= 500). `--db URL` runs on that database instead (e.g. PostgreSQL; it is emptied
first). Without `--db`, when TEST_PG_URL is set, the same files are then imported and timed on
PostgreSQL too, in a throw-away database next to TEST_PG_URL's, under the key "postgresql"
(its `peak_mb` is the process's peak over both runs). The LAST line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUESTIONS = ["在吗？这款有现货吗", "请问什么时候发货", "这个尺码偏大还是偏小", "可以便宜一点吗",
             "包邮吗", "我买的东西到哪了", "收到的有点破损，可以退货吗", "想换个颜色可以吗",
             "退款什么时候到账", "有没有优惠券"]
REPLIES = ["亲，在的，有现货哦", "亲，今天下单48小时内发货", "亲，尺码是标准的", "亲，现在有满减活动",
           "亲，全国包邮", "亲，帮您查一下物流，请稍等", "非常抱歉，马上为您处理", "可以的亲"]
ADS = ["加微信 wx8899 领红包返现", "刷单兼职日结300，加QQ 123456", "低息贷款秒到账，详询 v信 dk666"]


def generate(folder: Path, scale: float, seed: int = 7) -> tuple[Path, Path, Path, int, date, date]:
    rnd = random.Random(seed)
    days = 30
    agents = [f"小店:客服{i:03d}" for i in range(200)]
    target = int(5_000_000 * scale)
    first = date(2026, 10, 1)
    last = first + timedelta(days=days - 1)
    chats = folder / "chats.csv"
    orders = folder / "orders.csv"
    ratings = folder / "ratings.csv"
    n = 0
    conv = 0
    buyers = max(1000, int(200_000 * scale))
    with open(chats, "w", encoding="utf-8", newline="") as fc, \
            open(orders, "w", encoding="utf-8", newline="") as fo, \
            open(ratings, "w", encoding="utf-8", newline="") as fr:
        wc, wo, wr = csv.writer(fc), csv.writer(fo), csv.writer(fr)
        wc.writerow(["conversation_id", "buyer", "agent", "sender", "sent_at", "content"])
        wo.writerow(["order_id", "buyer", "paid_at", "amount"])
        wr.writerow(["conversation_id", "rating"])
        base = datetime(first.year, first.month, first.day)
        while n < target:
            conv += 1
            cid = f"c{conv:08d}"
            buyer = f"买家{rnd.randrange(buyers):06d}"
            agent = rnd.choice(agents)
            t = base + timedelta(seconds=rnd.uniform(0, days * 86400 - 7200))
            rows = []
            if rnd.random() < 0.04:
                rows.append(("buyer", rnd.choice(ADS), t))
            else:
                rows.append(("auto", "您好，欢迎光临，有什么可以帮您？", t))
                for _turn in range(rnd.randint(2, 6)):
                    for _q in range(rnd.randint(1, 2)):
                        rows.append(("buyer", rnd.choice(QUESTIONS), t))
                        t += timedelta(seconds=rnd.randint(1, 20))
                    if rnd.random() < 0.05:  # transfer
                        agent = rnd.choice(agents)
                        rows.append(("system", "会话已转接", t))
                    if rnd.random() < 0.93:
                        t += timedelta(seconds=rnd.expovariate(1 / 40) + 2)
                        rows.append(("agent", rnd.choice(REPLIES), t))
                    t += timedelta(seconds=rnd.uniform(10, 300))
                if rnd.random() < 0.3:
                    paid = t + timedelta(hours=rnd.uniform(0.05, 30))
                    wo.writerow([f"O{conv:09d}", buyer, paid.strftime("%Y-%m-%d %H:%M:%S"),
                                 f"{rnd.randint(990, 39900) / 100:.2f}"])
                if rnd.random() < 0.4:
                    wr.writerow([cid, rnd.choice(["很满意", "满意", "一般", "5", "4", "不满意"])])
            for sender, content, at in rows:
                stamp = at.strftime("%Y-%m-%d %H:%M:%S") if n % 3 else at.strftime("%Y/%m/%d %H:%M:%S")
                wc.writerow([cid, buyer, agent, sender, stamp, content])
                n += 1
    return chats, orders, ratings, n, first, last


def peak_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024, 1)


def _timed(fn: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - t0, 3)


def time_reports(services: Any, first: date, last: date) -> dict[str, float]:
    """The report, trend and extras timings over the bench month."""
    from sqlalchemy import func, select

    from app.models.conversations import Message

    owner = services.auth.owner_actor()
    reports, monitoring = services.reports, services.monitoring
    out: dict[str, float] = {}
    periods = {"report_month_s": (first, last),
               "report_week_s": (date(2026, 10, 5), date(2026, 10, 11)),
               "report_cut_s": (date(2026, 10, 3), date(2026, 10, 27)),
               "report_day_s": (date(2026, 10, 15), date(2026, 10, 15))}
    for key, (d1, d2) in periods.items():
        report, out[key] = _timed(lambda d1=d1, d2=d2: reports.agent_report(owner, d1, d2))
        print(f"{key}: {len(report.agents)} agents, shop consulted {report.shop.consulted}, "
              f"{out[key]:.2f}s", file=sys.stderr)
    if hasattr(reports, "daily_trend"):
        _trend, out["trend_30d_s"] = _timed(lambda: reports.daily_trend(owner, first, last))
    else:  # the code before per-day summaries: one report per day
        _trend, out["trend_30d_s"] = _timed(lambda: monitoring.daily_trend(owner, first, last))
    _extras, out["extras_month_s"] = _timed(lambda: monitoring.extra_figures(owner, first, last))

    def scan() -> int:
        with services.db.session() as s:
            return int(s.scalar(select(func.count()).select_from(Message)) or 0)

    _n, out["full_scan_s"] = _timed(scan)
    return out


def _empty_database(url: str) -> None:
    from sqlalchemy import create_engine, text

    from app.services.common.database import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files")
    ap.add_argument("--report-only", action="store_true",
                    help="reuse the database (DIR's, or --db), only time the reports")
    ap.add_argument("--db", metavar="URL", help="database URL (default: SQLite in the folder)")
    args = ap.parse_args()
    os.environ.setdefault("LANG", "zh_CN.UTF-8")

    from app.i18n import set_language

    set_language("zh_CN")
    tmp = None
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="zg-bench-")
        folder = Path(tmp.name)
    files = None
    if not args.report_only:
        t0 = time.perf_counter()
        files = generate(folder, args.scale)
        print(f"generated {files[3]} chat rows in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    db_path = folder / "bench.sqlite3"
    out = run(args.db or f"sqlite:///{db_path}", files, args.scale, fresh=not args.db)
    pg = os.environ.get("TEST_PG_URL")
    if pg and not args.db and files is not None:
        from tests.scratch_pg import scratch_database

        with scratch_database(pg, "zg_report_bench") as url:
            out["postgresql"] = run(url, files, args.scale, fresh=True)
    if tmp is not None:
        tmp.cleanup()
    print(json.dumps(out))
    return 0


def run(url: str, files: tuple[Path, Path, Path, int, date, date] | None, scale: float, fresh: bool) -> dict[str, Any]:
    """Import `files` (None: reuse the database) into `url` (emptied first unless `fresh`)
    and time the reports there."""
    from app.services.container import Services

    first, last = date(2026, 10, 1), date(2026, 10, 30)
    out: dict[str, Any] = {"scale": scale, "db": "sqlite" if url.startswith("sqlite") else "postgresql"}
    if files is not None:
        chats, orders, ratings, n, first, last = files
        if url.startswith("sqlite"):
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        elif not fresh:
            _empty_database(url)
        services = Services.open(url)
        services.shop.create("基准小店", "13800138000", "Bench-pass1")
        owner = services.auth.owner_actor()
        res, import_s = _timed(lambda: services.imports.import_file(owner, "chats", chats, exclusive_if_alone=True))
        print(f"imported {res.added} rows in {import_s:.1f}s", file=sys.stderr)
        services.imports.import_file(owner, "orders", orders)
        services.imports.import_file(owner, "ratings", ratings)
        out.update(messages=n, import_rows_per_s=round(n / import_s), import_s=round(import_s, 2))
    else:
        services = Services.open(url)
    out.update(time_reports(services, first, last))
    services.close()
    out["peak_mb"] = peak_mb()  # the process's peak so far
    return out


if __name__ == "__main__":
    raise SystemExit(main())
