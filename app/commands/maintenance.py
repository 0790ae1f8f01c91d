"""`zhanggui maintenance rebuild-summaries`: make every stored report summary again from the
messages (after upgrading an older database, or to check them), with progress on stderr.

Runs as the main account (a trusted local entry point, like the other data commands)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.i18n import _

    p = sub.add_parser("maintenance", help=_("数据维护"))
    p.add_argument("task", choices=("rebuild-summaries",),
                   help=_("rebuild-summaries：重建报表汇总（升级旧数据库后运行一次）"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    import sys

    from app.i18n import _

    services = ctx.services()
    services.shop.info()  # no shop yet → a clear message (exit 2)
    actor = services.auth.owner_actor()

    def progress(done: int, total: int) -> None:
        print(_("已重建 {done}/{total} 个会话").format(done=done, total=total), file=sys.stderr)

    n = services.reports.rebuild_summaries(actor, progress)
    print(_("报表汇总已重建：{n} 个会话。").format(n=n))
    return 0
