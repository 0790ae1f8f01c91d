"""`zhanggui owner unlock` and `zhanggui owner console-role`: the main account's recovery
path and the shared-database console role (docs/security.md). Secrets come from
environment variables, never from the command line."""

from __future__ import annotations

import argparse

from app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("owner", help=_("主账号：解除登录锁定、创建控制台数据库角色"))
    actions = p.add_subparsers(dest="owner_command", metavar="ACTION")
    actions.required = True
    u = actions.add_parser("unlock", help=_("在存放数据库的电脑上解除主账号的登录锁定"))
    how = u.add_mutually_exclusive_group(required=True)
    how.add_argument("--password-env", metavar="VAR", help=_("存放主账号密码的环境变量名"))
    how.add_argument("--recovery-code-env", metavar="VAR", help=_("存放一个恢复码的环境变量名（用后作废）"))
    u.set_defaults(func=run_unlock)
    r = actions.add_parser("console-role", help=_("在 PostgreSQL 上创建控制台使用的受限数据库角色"))
    r.add_argument("name", metavar="NAME", help=_("角色名（小写字母、数字、下划线）"))
    r.add_argument("--password-env", required=True, metavar="VAR", help=_("存放该角色密码的环境变量名"))
    r.set_defaults(func=run_console_role)


def run_unlock(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    from app.commands import read_password_env
    from app.services.security.service import owner_unlock

    db = ctx.services().db
    if args.password_env:
        nick = owner_unlock(db, password=read_password_env(args.password_env))
    else:
        nick = owner_unlock(db, recovery_code=read_password_env(args.recovery_code_env))
    print(_("已解除主账号 {nick} 的登录锁定。").format(nick=nick))
    return 0


def run_console_role(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    from app.commands import read_password_env
    from app.services.security.console_role import create_console_role

    create_console_role(ctx.services().db.engine, args.name, read_password_env(args.password_env))
    print(_("已创建控制台角色 {name}：它只能追加操作日志，不能读取密码哈希。").format(name=args.name))
    return 0
