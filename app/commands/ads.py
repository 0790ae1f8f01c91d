"""`zhanggui ads classify [FILE]`: one message per line in, one `1` (ad) or `0` per line out.

Reads UTF-8 (a BOM and CRLF line ends are fine) from FILE or standard input and prints, in
order, one line per input line (METRICS.md §6). The database is never opened.
"""

from __future__ import annotations

import argparse
import sys

from app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("ads", help=_("广告过滤"))
    actions = p.add_subparsers(dest="ads_command", metavar="ACTION")
    actions.required = True
    c = actions.add_parser(
        "classify", help=_("逐行判断消息是否为广告：每行输出 1（广告）或 0")
    )
    c.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help=_("每行一条消息的 UTF-8 文本文件（省略则读标准输入）"),
    )
    c.set_defaults(func=run)


def read_lines(data: bytes, source: str) -> list[str]:
    """The lines of UTF-8 `data` (BOM and CRLF tolerated); a final newline ends the last line."""
    from app.services.common.errors import ValidationError

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("{source} 不是 UTF-8 文本（第 {offset} 字节无法解码）。").format(
                source=source, offset=exc.start + 1
            )
        ) from None
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def run(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]  # ctx unused: no database
    from app.services.adfilter import AdFilter
    from app.services.common.errors import ValidationError

    if args.file is None or args.file == "-":
        source = _("标准输入")
        data = sys.stdin.buffer.read()
    else:
        source = args.file
        try:
            with open(args.file, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            raise ValidationError(_("找不到文件 {path}。").format(path=args.file)) from None
        except IsADirectoryError:
            raise ValidationError(_("{path} 是目录，不是文件。").format(path=args.file)) from None
        except OSError as exc:
            raise ValidationError(
                _("无法读取文件 {path}：{error}").format(path=args.file, error=exc.strerror or exc)
            ) from None
    lines = read_lines(data, source)
    verdicts = AdFilter.default().classify_many(lines)
    out = sys.stdout
    out.write("".join("1\n" if v.is_ad else "0\n" for v in verdicts))
    out.flush()
    return 0
