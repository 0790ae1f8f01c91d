"""`zhanggui routing try TEXT [--page P] [--tag T]… [--order-status S] [--buyer NICK] [--json]`:
who would receive this buyer message now, and why. The same engine and state as the routing
panel's "try it" box; nothing is written."""

from __future__ import annotations

import argparse
import json

from app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("routing", help=_("客服分流"))
    actions = p.add_subparsers(dest="routing_command", metavar="ACTION")
    actions.required = True
    t = actions.add_parser("try", help=_("试一试：这条买家消息现在会分给谁、为什么（不写入任何数据）"))
    t.add_argument("text", metavar="TEXT", help=_("买家消息"))
    t.add_argument("--page", default="", metavar="PAGE", help=_("进店页面或商品"))
    t.add_argument("--tag", action="append", default=[], metavar="TAG", help=_("买家标签（可重复）"))
    t.add_argument("--order-status", default="", metavar="STATUS", help=_("订单状态，如 售后"))
    t.add_argument("--buyer", default="", metavar="NICK", help=_("买家昵称（用于识别熟客）"))
    t.add_argument("--json", action="store_true", help=_("以 JSON 输出结果"))
    t.set_defaults(func=run_try)


def run_try(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    services = ctx.services()
    result = services.routing.try_route(
        services.auth.owner_actor(), args.text, args.page, buyer_nick=args.buyer,
        tags=args.tag, order_status=args.order_status,
    )
    if args.json:
        print(json.dumps({
            "outcome": result.outcome, "agent": result.agent_name or None,
            "group": result.group_name or None, "reason": result.reason,
            "auto_reply": result.auto_reply,
        }, ensure_ascii=False))
    else:
        print(_("{agent}（{group}）：{reason}").format(
            agent=result.agent_name or _("排队中"), group=result.group_name or "-",
            reason=result.reason,
        ))
    return 0
