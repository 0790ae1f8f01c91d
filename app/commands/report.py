"""`zhanggui report agents --from D1 --to D2 --format json|csv|xlsx [--out FILE]` and
`zhanggui report trend --from D1 --to D2 [--agent NICK] --format json|csv` (§4, §6).

Runs as the main account (a trusted local entry point, like the other data commands)."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.i18n import _

    p = sub.add_parser("report", help=_("客服绩效报表"))
    p.add_argument("which", choices=("agents", "trend"), help=_("报表类型（agents：客服绩效；trend：每日趋势）"))
    p.add_argument("--from", dest="date_from", required=True, metavar="D1", help=_("开始日期 YYYY-MM-DD（店铺时区）"))
    p.add_argument("--to", dest="date_to", required=True, metavar="D2", help=_("结束日期 YYYY-MM-DD（含当天）"))
    p.add_argument("--format", dest="fmt", default="json", metavar="FORMAT", help=_("输出格式：json、csv 或 xlsx"))
    p.add_argument("--out", metavar="FILE", help=_("输出文件（json 默认输出到屏幕；xlsx 必须指定）"))
    p.add_argument("--group", type=int, metavar="ID", help=_("只列出该分流分组的客服"))
    p.add_argument("--agent", metavar="NICK", help=_("趋势只列出这个客服（默认全店）"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx) -> int:  # type: ignore[no-untyped-def]
    import sys

    from app.i18n import _
    from app.services.common.errors import ValidationError
    from app.services.common.timeparse import parse_date
    from app.services.reporting.reports import FORMATS, export_report, report_to_json

    fmt = (args.fmt or "").lower()
    if fmt not in FORMATS:
        raise ValidationError(_("未知的导出格式：{fmt}（可选 json、csv、xlsx）").format(fmt=args.fmt))
    dates = []
    for value in (args.date_from, args.date_to):
        try:
            dates.append(parse_date(value))
        except ValueError:
            raise ValidationError(_("日期无效：{value}（应为 YYYY-MM-DD）").format(value=value)) from None
    if dates[0] > dates[1]:
        raise ValidationError(
            _("开始日期 {start} 晚于结束日期 {end}。").format(start=dates[0], end=dates[1])
        )
    if fmt == "xlsx" and not args.out:
        raise ValidationError(_("xlsx 格式必须用 --out 指定输出文件。"))
    services = ctx.services()
    services.shop.info()  # no shop yet → a clear message (exit 2)
    actor = services.auth.owner_actor()
    if args.which == "trend":
        return _trend(args, services, actor, fmt, dates[0], dates[1])
    report = services.reports.agent_report(actor, dates[0], dates[1], group_id=args.group)
    if fmt == "json" and not args.out:
        print(json.dumps(report_to_json(report), ensure_ascii=False, separators=(",", ":")))
        return 0
    # csv and xlsx carry the monitoring table's extra columns too
    extras = None if fmt == "json" else services.monitoring.extra_figures(
        actor, dates[0], dates[1], group_id=args.group)
    if args.out:
        path = export_report(actor, report, fmt, args.out, extras)
        print(_("报表已保存到 {file}").format(file=str(path)), file=sys.stderr)
        return 0
    from app.services.common.export import write_csv_rows
    from app.services.reporting.exports import report_header, report_rows

    write_csv_rows(sys.stdout, report_header(), report_rows(report, extras))  # no BOM
    return 0

def _trend(args: argparse.Namespace, services, actor, fmt: str, d1, d2) -> int:  # type: ignore[no-untyped-def]
    """§6 `report trend`: the §4 figures of each day alone, every day listed."""
    import sys

    from app.i18n import _
    from app.services.common.errors import ValidationError
    from app.services.reporting.reports import trend_to_json, write_trend_csv

    if fmt == "xlsx":
        raise ValidationError(_("趋势只支持 json 或 csv 格式。"))
    days = services.reports.daily_trend(actor, d1, d2, group_id=args.group)
    data = trend_to_json(days, args.agent)
    if args.out:
        from pathlib import Path

        path = Path(args.out)
        try:
            if fmt == "json":
                path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            else:
                with open(path, "w", encoding="utf-8-sig", newline="") as out:
                    write_trend_csv(out, data)
        except OSError as exc:
            raise ValidationError(_("无法写入文件 {file}：{error}").format(
                file=str(path), error=exc.strerror or exc)) from exc
        print(_("报表已保存到 {file}").format(file=str(path)), file=sys.stderr)
    elif fmt == "json":
        print(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    else:
        write_trend_csv(sys.stdout, data)
    return 0
