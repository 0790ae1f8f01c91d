"""`zhanggui init --shop NAME --phone PHONE --password-env VAR`"""

from __future__ import annotations

import argparse

from app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init", help=_("创建店铺和主账号"))
    p.add_argument("--shop", required=True, metavar="NAME", help=_("店铺名"))
    p.add_argument("--phone", required=True, metavar="PHONE", help=_("主账号绑定手机（中国大陆手机号）"))
    p.add_argument("--password-env", required=True, metavar="VAR", help=_("存放主账号密码的环境变量名"))
    p.add_argument("--timezone", default="Asia/Shanghai", help=_("店铺时区（默认 Asia/Shanghai）"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    from app.commands import read_password_env

    password = read_password_env(args.password_env)
    info = ctx.services().shop.create(args.shop, args.phone, password, timezone=args.timezone)
    print(_("已创建店铺 {shop}，主账号 {nick}。").format(shop=info.name, nick=info.owner_nick))
    return 0
