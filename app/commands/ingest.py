"""`zhanggui ingest [FILE] [--json]`: live events (METRICS.md §7) from FILE or standard input,
applied one by one exactly as the console applies them. Runs as the main account (a trusted
local entry point, like the other data commands); the events' times drive the clock."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.i18n import _

    p = sub.add_parser("ingest", help=_("导入实时事件（JSON Lines：上下线、消息、转接、结束会话）"))
    p.add_argument("file", nargs="?", metavar="FILE", help=_("JSON Lines 文件（默认：标准输入）"))
    p.add_argument("--json", action="store_true", help=_("以 JSON 输出结果"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    from app.i18n import _
    from app.services.common.clock import ManualClock
    from app.services.common.errors import ValidationError
    from app.services.container import Services
    from app.services.live import ingest

    stream = None
    if args.file:
        try:
            stream = open(args.file, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise ValidationError(_("无法读取文件 {file}：{error}").format(file=args.file, error=exc.strerror)) from None
    services = Services.open(ctx.db_url, clock=ManualClock(datetime(2000, 1, 1, tzinfo=UTC)))
    try:
        info = services.shop.info()  # no shop yet → a clear message (exit 2)
        actor = services.auth.owner_actor()
        with services.db.read() as s:  # start the clock at the newest stored event
            from app.models.live import LiveCursor

            last = s.get(LiveCursor, 1)
            if last is not None and last.last_event_at is not None:
                services.db.clock.set(last.last_event_at)  # type: ignore[attr-defined]

        def report(line: str) -> None:
            print(line, file=sys.stderr, flush=True)

        lines = stream if stream is not None else sys.stdin.buffer
        summary = ingest.run(services.live, actor, lines, info.tz, report)
    finally:
        if stream is not None:
            stream.close()
        services.close()
    if args.json:
        print(json.dumps(summary.as_json(), separators=(",", ":")))
    else:
        print(summary.text())
    return 0 if summary.rejected == 0 else 2
