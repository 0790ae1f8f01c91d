"""`zhanggui realtime [--at TS] [--json]`: the live figures of METRICS.md §5.

Runs as the main account (a trusted local entry point, like the other data commands). With
`--json` one line holding exactly the §5 keys plus "at"; otherwise a readable summary."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.i18n import _

    p = sub.add_parser("realtime", help=_("实时数据：未回复、排队、在线客服、今日平均响应"))
    p.add_argument("--at", metavar="TS", help=_("时刻（ISO-8601 带时区，或店铺时间 YYYY-MM-DD HH:MM:SS；默认现在）"))
    p.add_argument("--json", action="store_true", help=_("以 JSON 输出（METRICS.md §5 的字段）"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    from app.i18n import _
    from app.services.common.errors import ValidationError
    from app.services.common.timeparse import TimestampError, parse_timestamp

    services = ctx.services()
    info = services.shop.info()  # no shop yet → a clear message (exit 2)
    at = None
    if args.at is not None:
        try:
            at = parse_timestamp(args.at, info.tz)
        except TimestampError as exc:
            raise ValidationError(_("时间无效：{value}（{reason}）").format(value=args.at, reason=exc)) from None
    snap = services.realtime.snapshot(services.auth.owner_actor(), at)
    if args.json:
        print(json.dumps(snap.to_json(), ensure_ascii=False, separators=(",", ":")))
        return 0
    print(summary_text(snap, info.tz))
    return 0


def _seconds(value: float | None) -> str:
    from app.i18n import _

    return "—" if value is None else _("{s:.1f} 秒").format(s=value)


def summary_text(snap, tz) -> str:  # type: ignore[no-untyped-def]
    from app.i18n import _

    lines = [
        _("实时数据 {at}").format(at=snap.at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")),
        _("店铺亮灯：{lit}").format(lit=_("亮") if snap.shop_lit else _("灭")),
        _("进行中会话 {n}，未回复人数 {u}，排队人数 {q}，最长等待 {w}").format(
            n=snap.open_conversations, u=snap.unreplied_buyers, q=snap.queued, w=_seconds(snap.longest_wait_s)),
        _("在线客服 {o}，挂起 {s}，今日平均响应时间 {r}").format(
            o=snap.online_agents, s=snap.suspended_agents, r=_seconds(snap.avg_response_s_today)),
    ]
    status = {"online": _("在线"), "suspended": _("挂起"), "offline": _("离线")}
    for a in snap.agents:
        lines.append(_("  {agent}  {status}  接待 {load}/{capacity}  未回复 {unreplied}").format(
            agent=a.agent, status=status.get(a.status, a.status), load=a.load, capacity=a.capacity,
            unreplied=a.unreplied))
    return "\n".join(lines)
