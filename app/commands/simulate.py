"""`zhanggui simulate [--seed N] [--rate R] [--minutes M] [--speed X] [--double11] [--start TS]
[--emit]`: seeded buyer traffic and simulated agents, written through the conversation
service exactly as `ingest` writes events. With `--emit` nothing is written to the shop: the
simulation runs on a scratch copy of it (SQLite) and prints the §7 events, one per line, for
`ingest`."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.i18n import _

    p = sub.add_parser("simulate", help=_("模拟买家咨询与客服接待（可重现）"))
    p.add_argument("--seed", type=int, default=1, metavar="N", help=_("随机种子（相同种子产生相同事件）"))
    p.add_argument("--rate", type=float, default=2.0, metavar="R", help=_("最忙时段每分钟进店咨询的买家数"))
    p.add_argument("--minutes", type=float, default=60.0, metavar="M", help=_("模拟多少分钟"))
    p.add_argument("--speed", type=float, default=0.0, metavar="X",
                   help=_("倍速：每秒真实时间走 X 秒模拟时间（0：不等待，尽快完成）"))
    p.add_argument("--double11", action="store_true", help=_("双11高峰模式"))
    p.add_argument("--start", metavar="TS", help=_("模拟开始时刻（默认：最新事件或现在）"))
    p.add_argument("--emit", action="store_true", help=_("不写入店铺，输出 JSON Lines 事件（供 ingest 使用）"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    from app.i18n import _
    from app.services.common.errors import ValidationError

    if args.rate <= 0 or args.rate > 10_000:
        raise ValidationError(_("--rate 必须在 0 到 10000 之间"))
    if args.minutes <= 0 or args.minutes > 7 * 24 * 60:
        raise ValidationError(_("--minutes 必须在 0 到 10080 之间"))
    if args.speed < 0:
        raise ValidationError(_("--speed 不能为负数"))
    if not args.emit:
        return _simulate(args, ctx.db_url, emit=False)
    import os
    import tempfile

    from app.services.live.scratch import scratch_copy

    fd, path = tempfile.mkstemp(suffix=".sqlite3", prefix="zg-sim-")
    os.close(fd)
    try:
        scratch_copy(ctx.db_url, path)
        return _simulate(args, f"sqlite:///{path}", emit=True)
    finally:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)


def _simulate(args: argparse.Namespace, url: str, emit: bool) -> int:
    import time
    from datetime import UTC, datetime, timedelta

    from app.i18n import _
    from app.services.common.clock import ManualClock
    from app.services.common.errors import ValidationError
    from app.services.common.timeparse import TimestampError, parse_timestamp
    from app.services.container import Services
    from app.services.live import simrun
    from app.services.live.simulator import SimConfig, Simulator

    clock = ManualClock(datetime(2000, 1, 1, tzinfo=UTC))
    services = Services.open(url, clock=clock)
    try:
        info = services.shop.info()
        actor = services.auth.owner_actor()
        if args.start:
            try:
                start = parse_timestamp(args.start, info.tz)
            except TimestampError:
                raise ValidationError(_("时间无效：{value}").format(value=args.start)) from None
        else:
            start = services.live.newest_event() or datetime.now(UTC)
        newest = services.live.newest_event()
        if newest is not None and start < newest:
            raise ValidationError(_("开始时刻早于已保存的最新事件（{newest}）").format(newest=newest.isoformat()))
        clock.set(start)
        config = SimConfig(seed=args.seed, rate=args.rate, minutes=args.minutes, double11=args.double11)
        sim = Simulator(config, start, info.tz, simrun.routed_agents(services.live))

        def show(event):  # type: ignore[no-untyped-def]
            print(json.dumps(event.to_json(), ensure_ascii=False, separators=(",", ":")), flush=False)

        step = timedelta(seconds=10)
        t = start
        while t < sim.end:
            t = min(t + step, sim.end)
            clock.set(t)
            simrun.run_until(services.live, actor, sim, t, show if emit else None)
            if args.speed > 0:
                time.sleep(step.total_seconds() / args.speed)
        sys.stdout.flush()
    finally:
        services.close()
    if not emit:
        st = sim.stats
        print(_("模拟 {minutes} 分钟：{events} 个事件（拒绝 {rejected}），{conv} 位买家进店，{orders} 笔订单，{ratings} 条评价").format(
            minutes=args.minutes, events=st.events, rejected=st.rejected, conv=st.conversations, orders=st.orders,
            ratings=st.ratings))
    return 0
