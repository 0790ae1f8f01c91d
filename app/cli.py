"""`zhanggui [--db URL] [COMMAND …]`: with no command the GUI starts.

Start-up stays light: Qt, SQLAlchemy and Alembic are only imported by the path that needs them.
Exit codes: 0 ok, 2 bad input (message on stderr in the user's language), 1 internal error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn

from app.i18n import _, set_language

if TYPE_CHECKING:
    from app.services.container import Services

# Sub-command modules under app.commands, in the order `--help` lists them.
COMMAND_MODULES = ("init", "imports", "report", "realtime", "routing", "ads", "ingest", "simulate", "backup", "db", "config", "audit", "owner", "maintenance")

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


@dataclass
class CommandContext:
    """What a sub-command gets: the database URL and a lazily opened set of services."""

    db_url: str
    _services: Services | None = field(default=None, repr=False)

    def services(self) -> Services:
        if self._services is None:
            from app.services.container import Services

            self._services = Services.open(self.db_url)
        return self._services

    def close(self) -> None:
        if self._services is not None:
            self._services.close()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own exit code is 2 as well
        self.print_usage(sys.stderr)
        print(_("参数错误：{message}").format(message=message), file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="zhanggui", description=_("掌柜：店铺子账号、客服分流与绩效工作台"))
    parser.add_argument("--db", metavar="URL", help=_("数据库地址（默认：用户数据目录下的 SQLite 文件；ZHANGGUI_DB 可覆盖）"))
    parser.add_argument("--lang", choices=("zh_CN", "en"), help=_("界面语言（默认跟随系统）"))
    parser.add_argument("--demo", action="store_true", help=_("打开演示店铺（独立的数据文件）"))
    parser.add_argument("--screenshots", metavar="DIR", help=_("逐个显示面板并保存截图到 DIR，然后退出"))
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument("--self-test", action="store_true", help=_("检查安装是否完整（界面、中文字体、迁移、数据库、钥匙串、翻译），然后退出"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"app.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"app.commands.{name}":
                raise
            continue  # not built yet
        module.register(sub)
    return parser


def _version() -> str:
    from app import __version__

    return f"zhanggui {__version__}"


def _early_language(argv: Sequence[str]) -> None:
    # The language must be set before the parser's help texts are translated.
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    try:
        set_language(lang)
    except ValueError:
        set_language(None)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _early_language(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    from app.paths import demo_db_url
    from app.services.maintenance.settings import chosen_db_url

    url = args.db or (demo_db_url() if args.demo else chosen_db_url())
    if args.self_test:
        from app.ui.settings.selftest_gui import run_self_test

        return run_self_test(url, args.lang)
    if args.command is None:
        from app.ui.shell.launcher import run_gui

        return run_gui(args)
    ctx = CommandContext(url)
    from app.services.common.errors import UserError

    try:
        code = int(args.func(args, ctx) or 0)
        sys.stdout.flush()  # a closed pipe shows here, inside the try
        return code
    except BrokenPipeError:
        _quiet_stdout()  # the reader went away (`… | head`): a normal end, not an error
        return 0
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        for line in exc.details:
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERNAL
    except Exception:
        traceback.print_exc()
        print(_("内部错误，请把以上信息反馈给开发者。"), file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        ctx.close()


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush into a closed
    pipe does not print a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture it)
        pass
