"""`zhanggui import chats|orders|ratings FILE [--json]` (METRICS.md §2, §6).

Runs as the main account (a trusted local entry point, like the other data commands)."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.i18n import _

    p = sub.add_parser("import", help=_("导入聊天记录、订单或评价（CSV）"))
    p.add_argument("kind", choices=("chats", "orders", "ratings"), help=_("导入类型：chats、orders 或 ratings"))
    p.add_argument("file", metavar="FILE", help=_("CSV 文件（UTF-8，首行为表头）"))
    p.add_argument("--json", action="store_true", help=_("以 JSON 输出结果"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    from app.i18n import _

    services = ctx.services()
    services.shop.info()  # no shop yet → a clear message (exit 2)
    actor = services.auth.owner_actor()
    result = services.imports.import_file(actor, args.kind, args.file, exclusive_if_alone=True)
    if args.json:
        print(json.dumps(result.as_json(), separators=(",", ":")))
        return 0
    kinds = {"chats": _("聊天记录"), "orders": _("订单"), "ratings": _("评价")}
    line = _("已导入{kind}：共 {rows} 行，新增 {added} 行，跳过 {skipped} 行（已存在）。").format(
        kind=kinds[args.kind], rows=result.rows, added=result.added, skipped=result.skipped
    )
    if result.replaced:
        line += _("其中 {n} 行更新了已有记录。").format(n=result.replaced)
    print(line)
    return 0
