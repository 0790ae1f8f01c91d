"""`zhanggui db copy --to URL` (METRICS §10): the whole shop into an empty database."""

from __future__ import annotations

import argparse
import sys

from app.commands.context import CommandContext
from app.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("db", help=_("数据库维护"))
    actions = p.add_subparsers(dest="db_action", metavar="ACTION", required=True, parser_class=type(p))
    copy = actions.add_parser("copy", help=_("把整个店铺复制到一个空数据库（如从 SQLite 到 PostgreSQL）"))
    copy.add_argument("--to", required=True, metavar="URL", help=_("目标数据库地址（必须是空的）"))
    copy.add_argument("--json", action="store_true", help=_("以 JSON 输出每个表复制的行数"))
    copy.set_defaults(func=run_copy)


def run_copy(args: argparse.Namespace, ctx: CommandContext) -> int:
    import json

    from app.services.maintenance.dbcopy import copy_database

    def progress(table: str, rows: int) -> None:
        if not args.json:
            print(_("  {table}：{rows} 行").format(table=table, rows=rows), file=sys.stderr)

    result = copy_database(ctx.db_url, args.to, progress)
    if args.json:
        print(json.dumps({"source": result.source, "target": result.target, "tables": result.rows,
                          "rows": result.total_rows}, ensure_ascii=False))
    else:
        print(_("已把 {source} 复制到 {target}：{tables} 个表，共 {rows} 行，各表行数一致。").format(
            source=result.source, target=result.target, tables=len(result.rows), rows=result.total_rows))
    return 0
