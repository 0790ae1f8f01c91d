"""`zhanggui config export [--out FILE]` and `zhanggui config apply FILE [--dry-run]`
(METRICS.md §8; the schema is in docs/config.md).

Runs as the main account (a trusted local entry point, like the other data commands)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.commands.context import CommandContext
from app.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("config", help=_("店铺设置文件：导出或应用角色、子账号、分流和店铺设置（JSON）"))
    actions = p.add_subparsers(dest="config_command", metavar="ACTION")
    actions.required = True
    e = actions.add_parser("export", help=_("把店铺的设置导出为一个 JSON 文件（不含任何密码或密钥）"))
    e.add_argument("--out", metavar="FILE", help=_("输出文件（省略则输出到屏幕）"))
    e.set_defaults(func=run_export)
    a = actions.add_parser("apply", help=_("应用设置文件：先检查整个文件，再一次性新建和修改（从不删除）"))
    a.add_argument("file", metavar="FILE", help=_("设置文件（UTF-8 JSON；- 表示标准输入）"))
    a.add_argument("--dry-run", action="store_true", help=_("只列出将新增、修改和不变的内容，不做任何修改"))
    a.add_argument("--password-env", metavar="VAR",
                   help=_("存放主账号密码的环境变量名（给出时，修改已绑定的手机号前先核对这个密码）"))
    a.set_defaults(func=run_apply)


def run_export(args: argparse.Namespace, ctx: CommandContext) -> int:
    services = ctx.services()
    services.shop.info()  # no shop yet → a clear message (exit 2)
    actor = services.auth.owner_actor()
    if args.out:
        path = services.shopfile.export_file(actor, args.out)
        print(_("店铺设置已导出到 {file}").format(file=str(path)), file=sys.stderr)
        return 0
    text = services.shopfile.export_text(actor)
    sys.stdout.flush()  # JSON is UTF-8 whatever the terminal's locale
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0


def run_apply(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.services.shopfile.document import read_file

    text = read_file(args.file, sys.stdin.buffer if args.file == "-" else None)
    services = ctx.services()
    services.shop.info()  # no shop yet → a clear message (exit 2)
    name = "-" if args.file == "-" else Path(args.file).name
    password = None
    if args.password_env:
        from app.commands import read_password_env

        password = read_password_env(args.password_env)
    result = services.shopfile.apply(services.auth.owner_actor(), text, dry_run=args.dry_run, source=name,
                                     step_up_password=password)
    for line in result.lines(include_unchanged=args.dry_run):
        print(line)
    print(result.summary())
    return 0
