"""`zhanggui config export [--out FILE]` and `zhanggui config apply FILE [--dry-run]`
(METRICS.md §8; the schema is in docs/config.md).

Runs as the main account (a trusted local entry point, like the other data commands)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.i18n import _

MAX_BYTES = 20 * 1024 * 1024


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("config", help=_("店铺设置文件：导出或应用角色、子账号、分流和店铺设置（JSON）"))
    actions = p.add_subparsers(dest="config_command", metavar="ACTION")
    actions.required = True
    e = actions.add_parser("export", help=_("把店铺的设置导出为一个 JSON 文件（不含任何密码或密钥）"))
    e.add_argument("--out", metavar="FILE", help=_("输出文件（省略则输出到屏幕）"))
    e.set_defaults(func=run_export)
    a = actions.add_parser("apply", help=_("应用设置文件：先检查整个文件，再一次性新建和修改（从不删除）"))
    a.add_argument("file", metavar="FILE", help=_("设置文件（UTF-8 JSON；- 表示标准输入）"))
    a.add_argument("--dry-run", action="store_true", help=_("只列出将新增、修改和不变的内容，不做任何修改"))
    a.set_defaults(func=run_apply)


def run_export(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    from app.services.common.errors import ValidationError

    services = ctx.services()
    services.shop.info()  # no shop yet → a clear message (exit 2)
    text = services.shopfile.export_text(services.auth.owner_actor())
    if not args.out:  # JSON is UTF-8 whatever the terminal's locale
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return 0
    try:
        Path(args.out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ValidationError(
            _("无法写入文件 {path}：{error}").format(path=args.out, error=exc.strerror or exc)
        ) from None
    print(_("店铺设置已导出到 {file}").format(file=args.out), file=sys.stderr)
    return 0


def read_text(path: str) -> str:
    """The UTF-8 text of `path` (a BOM is fine; `-` reads standard input)."""
    from app.services.common.errors import ValidationError

    try:
        data = sys.stdin.buffer.read(MAX_BYTES + 1) if path == "-" else _read(Path(path))
    except FileNotFoundError:
        raise ValidationError(_("找不到文件 {path}。").format(path=path)) from None
    except IsADirectoryError:
        raise ValidationError(_("{path} 是目录，不是文件。").format(path=path)) from None
    except OSError as exc:
        raise ValidationError(
            _("无法读取文件 {path}：{error}").format(path=path, error=exc.strerror or exc)
        ) from None
    if len(data) > MAX_BYTES:
        raise ValidationError(_("设置文件太大（超过 20 MB）：{path}").format(path=path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("{source} 不是 UTF-8 文本（第 {offset} 字节无法解码）。").format(source=path, offset=exc.start + 1)
        ) from None


def _read(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(MAX_BYTES + 1)


def run_apply(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    text = read_text(args.file)
    services = ctx.services()
    services.shop.info()  # no shop yet → a clear message (exit 2)
    name = "-" if args.file == "-" else Path(args.file).name
    result = services.shopfile.apply(services.auth.owner_actor(), text, dry_run=args.dry_run, source=name)
    for line in result.lines(include_unchanged=args.dry_run):
        print(line)
    print(result.summary())
    return 0
