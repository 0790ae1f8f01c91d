"""`zhanggui audit verify [--json] [--head CODE]…`: check the operation log's hash chain
(METRICS §9). Exit 0 with the entry count when intact, 3 naming the first bad entry and why.
Needs no keyring; when the OS keyring holds this database's chain head, a log cut at its
newest end is caught too, as it is against a head code the owner wrote down (`--head`).
"""

from __future__ import annotations

import argparse
import json

from app.i18n import _

EXIT_BROKEN = 3


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help=_("操作日志"))
    actions = p.add_subparsers(dest="audit_command", metavar="ACTION")
    actions.required = True
    v = actions.add_parser("verify", help=_("校验操作日志的哈希链：完整时退出码 0，被改动时退出码 3"))
    v.add_argument("--json", action="store_true", help=_("输出 JSON"))
    v.add_argument(
        "--head", action="append", default=[], metavar="CODE",
        help=_("主账号记下的链头代码（如 1234-89ABCDEF），可重复"),
    )
    v.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    from app.services.common import audit
    from app.services.common.errors import ValidationError

    heads: list[tuple[int, str]] = []
    for code in args.head:
        parsed = audit.parse_head_code(code)
        if parsed is None:
            raise ValidationError(_("链头代码格式不正确：{code}（应为 数字-8位十六进制，如 1234-89ABCDEF）").format(code=code))
        heads.append(parsed)
    services = ctx.services()
    kept = services.credentials.load_head(services.db.display_url)
    if kept is not None:
        heads.append(kept)
    with services.db.engine.connect() as conn:
        report = audit.verify(conn, heads)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    elif report.intact:
        print(_("操作日志完整：共 {n} 条，链头代码 {head}。").format(n=report.entries, head=report.head or "-"))
    else:
        where = _("第 {id} 条").format(id=report.first_bad) if report.first_bad is not None else _("日志末尾")
        print(_("操作日志校验失败（{where}）：{reason}").format(where=where, reason=report.reason))
    return 0 if report.intact else EXIT_BROKEN
