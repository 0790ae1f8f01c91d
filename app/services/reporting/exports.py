"""The agent report and the daily trend as JSON (§6), CSV and Excel.

Columns come from the metric catalogue (`catalogue.METRICS`): the CSV and Excel files carry
every column the monitoring table shows, the monitoring extras included; the JSON is exactly
§6 (the §4 fields only). Files are written by the one export writer
(`app.services.common.export`), which keeps spreadsheet formulas out of text cells.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.i18n import _
from app.services.accounts.permissions import Actor
from app.services.common import export
from app.services.common.errors import ValidationError
from app.services.reporting.catalogue import AGENT_LABEL, EXPORTED, METRICS, REPORT_KEYS, SHOP_LABEL
from app.services.reporting.metrics import AgentFigures

if TYPE_CHECKING:
    from app.services.reporting.extras import ExtraFigures
    from app.services.reporting.reports import AgentReport

FORMATS = ("json", "csv", "xlsx")


def figures_to_json(f: AgentFigures, *, with_agent: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"agent": f.agent} if with_agent else {}
    for name in REPORT_KEYS:
        out[name] = getattr(f, name)
    return out


def report_to_json(report: AgentReport) -> dict[str, Any]:
    """§6: {"from":D1,"to":D2,"agents":[{"agent":NICK, …§4 fields}],"shop":{…§4 fields}}."""
    return {
        "from": report.date_from.isoformat(),
        "to": report.date_to.isoformat(),
        "agents": [figures_to_json(a) for a in report.agents],
        "shop": figures_to_json(report.shop, with_agent=False),
    }


def _blank(agent: str) -> AgentFigures:
    """The line of an agent with nothing in a period (a trend day without them)."""
    return AgentFigures(agent, 0, 0, None, None, None, 0, 0, None, 0, 0, None, 0)


def trend_to_json(days: list[AgentReport], agent: str | None = None) -> dict[str, Any]:
    """§6 `report trend`: {"from","to","days":[{"date", "shop"|"agent": {…§4 fields}}]};
    with `agent`, that agent's line (all zero on a day they have none)."""
    out_days = []
    for day in days:
        entry: dict[str, Any] = {"date": day.date_from.isoformat()}
        if agent is None:
            entry["shop"] = figures_to_json(day.shop, with_agent=False)
        else:
            line = next((a for a in day.agents if a.agent == agent), None)
            entry["agent"] = figures_to_json(line or _blank(agent))
        out_days.append(entry)
    return {
        "from": days[0].date_from.isoformat() if days else None,
        "to": days[-1].date_to.isoformat() if days else None,
        "days": out_days,
    }


def write_trend_csv(out: Any, data: dict[str, Any]) -> None:
    """`trend_to_json`'s days as CSV rows: date, (agent,) the §4 fields."""
    titles = column_titles()
    by_agent = bool(data["days"]) and "agent" in data["days"][0]
    header = [_("统计日期"), *([titles["agent"]] if by_agent else []), *(titles[n] for n in REPORT_KEYS)]
    rows = []
    for day in data["days"]:
        line = day["agent"] if by_agent else day["shop"]
        rows.append([day["date"], *([line["agent"]] if by_agent else []), *(line[n] for n in REPORT_KEYS)])
    export.write_csv_rows(out, header, rows)


def column_titles() -> dict[str, str]:
    """Export column headings in the user's language, from the catalogue (seconds say so)."""
    return {"agent": _(AGENT_LABEL), **{m.key: m.title(unit=True) for m in METRICS}}


def report_header() -> list[str]:
    """The CSV/Excel heading row: the agent, then every catalogue metric."""
    titles = column_titles()
    return [titles["agent"], *(titles[m.key] for m in EXPORTED)]


def report_rows(report: AgentReport, extras: ExtraFigures | None) -> list[list[Any]]:
    """One row per agent, then the shop line: the label and every catalogue metric."""
    out = []
    for fig in [*report.agents, report.shop]:
        more = None
        if extras is not None:
            more = extras.shop if not fig.agent else extras.for_agent(fig.agent)
        row: list[Any] = [fig.agent or _(SHOP_LABEL)]
        for m in EXPORTED:
            holder: Any = fig if m.source == "report" else more
            row.append(None if holder is None else getattr(holder, m.key))
        out.append(row)
    return out


def export_report(actor: Actor, report: AgentReport, fmt: str, path: str | Path,
                  extras: ExtraFigures | None = None) -> Path:
    """Write the report as json (§6), csv (UTF-8 with BOM, for Excel) or xlsx; csv and xlsx
    carry the monitoring extras too (`extras` for the same period; empty cells without).
    Needs `data.export`."""
    actor.require("data.export")
    path = Path(path)
    if fmt not in FORMATS:
        raise ValidationError(_("未知的导出格式：{fmt}（可选 json、csv、xlsx）").format(fmt=fmt))
    header = report_header()
    try:
        if fmt == "json":
            path.write_text(json.dumps(report_to_json(report), ensure_ascii=False, indent=2) + "\n",
                            encoding="utf-8")
        elif fmt == "csv":
            export.write_csv(path, header, report_rows(report, extras))
        else:
            export.write_xlsx(path, [
                export.Sheet(_("客服绩效"), header, report_rows(report, extras),  # type: ignore[arg-type]
                             formats={i: m.number_format for i, m in enumerate(EXPORTED, start=1)},
                             freeze="B2", bold_last=True),
                export.Sheet(_("说明"), [_("开始日期"), report.date_from.isoformat()],
                             [[_("结束日期"), report.date_to.isoformat()]]),
            ])
    except OSError as exc:
        raise ValidationError(
            _("无法写入文件 {file}：{error}").format(file=str(path), error=exc.strerror or exc)
        ) from exc
    return path
